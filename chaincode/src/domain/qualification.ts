// Who may issue, and to whom (docs/contracts.md §3.4 issue, §3.5): the issuing body's accreditation and its
// right to issue at the issue time, the organisation's open SERIOUS credit events and recent
// withdrawals, and when a body that cannot consent to a transfer has its consent waived (IAF MD 2).
import { forbidden, preconditionFailed } from '../shared/errors';
import { DEFAULT_CHARTER } from './charter';
import { reasonCodeOf, reasonLabel } from './dictionaries/reason-codes';
import { organizationKey } from './organization';
import { addDuration, parseIso } from './time';
import type { Accreditation, Certificate, Charter, CreditEvent, IssuingSuspension, Member, Scheme } from './types';

/** A credit event is open until the regulator closes it; events recorded before closing existed are open. */
export function isOpenCreditEvent(event: CreditEvent): boolean {
  return (event.status ?? 'OPEN') === 'OPEN';
}

/** The open SERIOUS events among `events`, oldest first (then by id), so every endorser picks the same one. */
export function openSeriousEvents(events: readonly CreditEvent[]): CreditEvent[] {
  return events
    .filter((e) => e.severity === 'SERIOUS' && isOpenCreditEvent(e))
    .sort((a, b) => compare(a.timestamp, b.timestamp) || compare(a.id, b.id));
}

/** The body's issuing suspension in force at `now`, if any: open-ended, or `until` not yet reached. */
export function issuingSuspensionAt(member: Member, now: string): IssuingSuspension | undefined {
  const suspension = member.issuingSuspension;
  if (suspension === undefined) return undefined;
  if (suspension.until !== undefined && parseIso(now, 'now') >= parseIso(suspension.until, 'issuingSuspension.until')) return undefined;
  return suspension;
}

/**
 * Item 5: the issuing body is qualified at the issue time. Its right to issue is not suspended by
 * the regulator, and its accreditation, when one is on record, is not SUSPENDED or WITHDRAWN. No
 * record means no accreditation body has spoken (the local consortium has none): allowed.
 */
export function checkIssuerQualification(input: { body: Member; accreditation: Accreditation | undefined; now: string }): void {
  const { body, accreditation, now } = input;
  const suspension = issuingSuspensionAt(body, now);
  if (suspension !== undefined) {
    throw forbidden(
      `${body.mspId}'s right to issue was suspended by the regulator (${suspension.by}) at ${suspension.since}` +
        `${suspension.until === undefined ? '' : ` until ${suspension.until}`} for ${suspension.reason}; ` +
        'it issues no certificate until the regulator reinstates it (membership:reinstateIssuing)',
    );
  }
  if (accreditation !== undefined && (accreditation.state === 'SUSPENDED' || accreditation.state === 'WITHDRAWN')) {
    throw forbidden(
      `${body.mspId}'s accreditation is ${accreditation.state} since ${accreditation.since} (recorded by ${accreditation.recordedBy}: ` +
        `${accreditation.reason}); a body whose accreditation is suspended or withdrawn issues no certificate until it is ACCREDITED again`,
    );
  }
}

function issueBarOf(charter: Charter): Charter['issueBar'] {
  // a charter stored before the bar existed has none: it runs on the default until amended
  const stored: Partial<Charter> = charter;
  return stored.issueBar ?? DEFAULT_CHARTER.issueBar;
}

/**
 * Item 6: the organisation's past allows a new certificate of `scheme` now.
 * - No open SERIOUS credit event of the organisation [DIGI (七); CNCA-QMS-01:2025 5.1.2: not on the
 *   serious-dishonesty lists].
 * - No certificate of the same scheme withdrawn, by any body, for one of the charter's
 *   withdrawalReasonCodes (the organisation's own reasons) less than afterWithdrawal (P1Y) ago
 *   (CNCA-QMS-01:2025 5.1.2, docs/domain.md §4.5: one year, and neither the original body nor a new one may
 *   accept earlier). The bar is per scheme: each scheme's certification rules set it for its own
 *   certification.
 */
export function checkOrganisationHistory(input: {
  uscc: string;
  scheme: Scheme;
  creditEvents: readonly CreditEvent[];
  certificates: readonly Certificate[];
  now: string;
  charter: Charter;
}): void {
  const { uscc, scheme, creditEvents, certificates, now, charter } = input;
  const serious = openSeriousEvents(creditEvents.filter((e) => e.uscc === uscc))[0];
  if (serious !== undefined) {
    throw preconditionFailed(
      `organisation ${uscc} has an open SERIOUS credit event ${serious.id} (${serious.type}, recorded ${serious.timestamp}); ` +
        'no body issues it a certificate until the regulator closes the event (certificate:closeCreditEvent)',
    );
  }
  const bar = issueBarOf(charter);
  const nowMs = parseIso(now, 'now');
  const barred = certificates
    .filter((cert) => organizationKey(cert.organization) === uscc && cert.scheme === scheme && cert.status === 'WITHDRAWN')
    .flatMap((cert) => {
      const code = reasonCodeOf(cert);
      if (code === undefined || !bar.withdrawalReasonCodes.includes(code)) return [];
      const until = addDuration(cert.statusSince, bar.afterWithdrawal, 'charter.issueBar.afterWithdrawal');
      return nowMs < parseIso(until) ? [{ cert, code, until }] : [];
    })
    // the bar that lasts longest, deterministically
    .sort((a, b) => compare(b.until, a.until) || compare(a.cert.certificateNo, b.cert.certificateNo));
  const first = barred[0];
  if (first !== undefined) {
    throw preconditionFailed(
      `certificate ${first.cert.certificateNo} (${scheme}) of organisation ${uscc} was withdrawn at ${first.cert.statusSince} for ` +
        `${first.code} ${reasonLabel('WITHDRAWAL', first.code) ?? ''}, a reason of the organisation's own; no body issues it a ${scheme} ` +
        `certificate before ${first.until} (CNCA-QMS-01:2025 5.1.2; charter issueBar.afterWithdrawal: ${bar.afterWithdrawal})`,
    );
  }
}

/**
 * Whether the source body's consent to a transfer is waived (IAF MD 2), and why:
 * - the body was expelled or has exited: always (it is gone);
 * - the body is SUSPENDED (it cannot write, so it cannot consent) or EXITING (winding down): while
 *   that lasts — a window would strand its clients once it ran out, as the body still cannot act;
 * - its accreditation is SUSPENDED or WITHDRAWN: within the charter's transferWindow (P6M) from
 *   the change (MD 2: within 6 months or by expiry, whichever is sooner; an expired certificate is
 *   not transferable anyway). The body can still consent afterwards.
 * A missing member record does not waive consent: that would be a broken ledger, not a body that
 * ceased trading.
 */
export function consentWaiver(input: {
  sourceIssuer: Member | undefined;
  issuerAccreditation: Accreditation | undefined;
  now: string;
  charter: Charter;
}): { waived: boolean; because?: string } {
  const { sourceIssuer, issuerAccreditation, now, charter } = input;
  const status = sourceIssuer?.status;
  if (status === 'EXPELLED' || status === 'EXITED' || status === 'SUSPENDED' || status === 'EXITING') {
    return { waived: true, because: `the issuer is ${status}` };
  }
  const state = issuerAccreditation?.state;
  if (issuerAccreditation !== undefined && (state === 'SUSPENDED' || state === 'WITHDRAWN')) {
    const windowEnd = addDuration(issuerAccreditation.since, charter.durations.transferWindow, 'charter.durations.transferWindow');
    if (parseIso(now, 'now') <= parseIso(windowEnd)) return { waived: true, because: `the issuer's accreditation is ${state} (until ${windowEnd})` };
  }
  return { waived: false };
}

/** Code-unit order: deterministic on every endorser, unlike localeCompare. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
