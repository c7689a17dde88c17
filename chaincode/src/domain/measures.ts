// The regulator's measures hold (docs/contracts.md §3.4, §3.7, §4.4): who imposed a suspension and so who may
// lift it, the regulator's own suspensions and withdrawals with a reason code [DIGI (六)三], closing
// and revising credit events with their history, a body's right to issue, and which measures on a
// member need a vote (charter measuresNeedingVote).
import { conflict, forbidden, invalidArgument, preconditionFailed } from '../shared/errors';
import { DEFAULT_CHARTER } from './charter';
import { suspendCertificate, suspendForAllowance, sweepAction, withdrawCertificate } from './certificate-rules';
import { listHint, type ReasonList, type StatusReason } from './dictionaries/reason-codes';
import { organizationKey } from './organization';
import { issuingSuspensionAt } from './qualification';
import { closeSuspension, currentSuspensionLatestUntil, extendCurrentSuspension } from './suspension';
import { parseIso } from './time';
import type {
  Certificate,
  Charter,
  CreditEvent,
  CreditEventLift,
  CreditSeverity,
  IssuingSuspension,
  Member,
  MemberMeasure,
  SuspensionAuthority,
} from './types';

/** Who changes a certificate: the issuing body's issuer user, or the regulator's regulator user. */
export interface Actor {
  authority: 'ISSUER' | 'REGULATOR';
  mspId: string;
}

/**
 * The caller acting on a certificate. Only two pairs act: an `issuer` user of a CERTIFICATION_BODY
 * member (on its own certificates, checked by the contract) and a `regulator` user of the REGULATOR
 * member (on any certificate).
 */
export function actorOf(userRole: string | undefined, member: Member): Actor {
  if (member.role === 'CERTIFICATION_BODY' && userRole === 'issuer') return { authority: 'ISSUER', mspId: member.mspId };
  if (member.role === 'REGULATOR' && userRole === 'regulator') return { authority: 'REGULATOR', mspId: member.mspId };
  throw forbidden(
    `a certificate is changed by an issuer user of the certification body that issued it, or by a regulator user of the regulator; ` +
      `${member.mspId} is a ${member.role} member and the caller has ${userRole ?? 'no role'}`,
  );
}

/** The regulator's status changes carry a reason code; an issuer may still give free text (kept as the note). */
export function requireReasonCode(actor: Actor, reason: StatusReason, list: ReasonList, field = 'reason'): void {
  if (actor.authority === 'REGULATOR' && reason.code === undefined) {
    throw invalidArgument(field, `the regulator gives a reason code — {"code": "...", "note": "..."} or the code: ${listHint(list)}`);
  }
}

function withCode(cert: Certificate, code: string | undefined): Certificate {
  return code === undefined ? cert : { ...cert, statusReasonCode: code };
}

/**
 * VALID → SUSPENDED by `actor` (suspendCertificate's rules), recording who imposed it and the
 * reason code. The regulator may also take over a suspension its issuer imposed (SUSPENDED →
 * SUSPENDED by the regulator): otherwise an issuer could pre-empt the regulator's measure with a
 * suspension of its own and lift it later. The suspension keeps its start, so the charter maximum
 * still counts from it.
 */
export function imposeSuspension(
  cert: Certificate,
  params: { reason: StatusReason; suspendedUntil: string },
  actor: Actor,
  now: string,
  charter: Charter,
): Certificate {
  requireReasonCode(actor, params.reason, 'SUSPENSION');
  if (actor.authority === 'REGULATOR' && cert.status === 'SUSPENDED') return takeOverSuspension(cert, params, actor, now, charter);
  const suspended = suspendCertificate(cert, { reason: params.reason.text, suspendedUntil: params.suspendedUntil }, now, charter);
  return withCode({ ...suspended, suspendedBy: { authority: actor.authority, mspId: actor.mspId } }, params.reason.code);
}

function takeOverSuspension(cert: Certificate, params: { reason: StatusReason; suspendedUntil: string }, actor: Actor, now: string, charter: Charter): Certificate {
  if (imposedByRegulator(cert.suspendedBy)) {
    throw conflict(`certificate ${cert.certificateNo} is already suspended by ${whoSuspended(cert.suspendedBy as SuspensionAuthority)} until ${cert.suspendedUntil ?? '?'}`);
  }
  const nowMs = parseIso(now, 'now');
  if (nowMs >= parseIso(cert.expiresAt, 'certificate.expiresAt')) {
    throw preconditionFailed(`certificate ${cert.certificateNo} expired at ${cert.expiresAt}; suspend is no longer possible — expire it instead`);
  }
  const until = parseIso(params.suspendedUntil, 'suspendedUntil');
  if (until <= nowMs) throw invalidArgument('suspendedUntil', `must be after now (${now})`);
  const latest = currentSuspensionLatestUntil(cert, charter);
  if (until > parseIso(latest)) {
    throw invalidArgument(
      'suspendedUntil',
      `must be no later than ${latest}: the suspension began at ${cert.statusSince} and the charter allows ${charter.durations.maxSuspension} of suspension in a certification cycle`,
    );
  }
  if (cert.suspendedUntil !== undefined && nowMs > parseIso(cert.suspendedUntil, 'certificate.suspendedUntil')) {
    throw preconditionFailed(`the suspension of certificate ${cert.certificateNo} ended at ${cert.suspendedUntil} unresolved; it must be withdrawn (0115), not suspended again`);
  }
  const copy = structuredClone(cert);
  return withCode(
    {
      ...copy,
      statusReason: params.reason.text,
      suspendedUntil: new Date(until).toISOString(),
      suspensions: extendCurrentSuspension(cert, new Date(until).toISOString()),
      suspendedBy: { authority: actor.authority, mspId: actor.mspId },
    },
    params.reason.code,
  );
}

/** VALID or SUSPENDED → WITHDRAWN by `actor` (withdrawCertificate's rules), with the reason code. */
export function imposeWithdrawal(cert: Certificate, reason: StatusReason, actor: Actor, now: string): Certificate {
  requireReasonCode(actor, reason, 'WITHDRAWAL');
  return withCode(withdrawCertificate(cert, { reason: reason.text }, now), reason.code);
}

function imposedByRegulator(by: SuspensionAuthority | undefined): boolean {
  return by?.authority === 'REGULATOR' || by?.authority === 'CREDIT_EVENT';
}

function whoSuspended(by: SuspensionAuthority): string {
  return by.authority === 'CREDIT_EVENT'
    ? `credit event ${by.creditEventId ?? '?'} of the regulator (${by.mspId})`
    : `the regulator (${by.mspId})`;
}

/**
 * Who may lift a suspension (restore; for the issuer also cancel, which would end the measure by
 * another name) [DIGI (六)三]:
 * - a REGULATOR or CREDIT_EVENT suspension: only the regulator (a regulator user's restore, or
 *   closing or downgrading the credit event). The issuer may still withdraw the certificate;
 * - the issuer's own suspension (or one without suspendedBy: the sweep's, or an older record): only
 *   the issuer, and not while the organisation has an open SERIOUS credit event — the regulator's
 *   measure on the organisation holds for every certificate it has.
 */
export function checkLiftSuspension(input: {
  cert: Certificate;
  actor: Actor;
  openSerious: readonly CreditEvent[];
  action: 'restore' | 'cancel';
}): void {
  const { cert, actor, openSerious, action } = input;
  if (cert.status !== 'SUSPENDED') return; // the state machine answers for other statuses
  const by = cert.suspendedBy;
  if (actor.authority === 'ISSUER') {
    if (by !== undefined && imposedByRegulator(by)) {
      throw forbidden(
        `certificate ${cert.certificateNo} was suspended by ${whoSuspended(by)}; only the regulator lifts it — a regulator user ` +
          `restores it, or the regulator closes the credit event. Its issuer cannot ${action} it, only withdraw it`,
      );
    }
    const event = openSerious[0];
    if (action === 'restore' && event !== undefined) {
      throw forbidden(
        `organisation ${organizationKey(cert.organization)} has an open SERIOUS credit event ${event.id} (${event.type}); ` +
          'its certificates stay suspended until the regulator closes the event',
      );
    }
    return;
  }
  if (!imposedByRegulator(by)) {
    throw forbidden(
      `certificate ${cert.certificateNo} was suspended by its issuer (${by?.mspId ?? cert.issuer}); the regulator lifts only its own ` +
        'measures — the issuer restores it, or the regulator withdraws it',
    );
  }
}

// ---------------------------------------------------------------------------------------------
// credit events

/** The suspension a SERIOUS credit event imposes on one VALID certificate (suspendCertificate's rules). */
/** A SERIOUS credit event's suspension: for what the cycle's suspension allowance has left (P6M at most). */
export function creditEventSuspension(cert: Certificate, event: Pick<CreditEvent, 'id' | 'type' | 'recordedBy'>, now: string, charter: Charter): Certificate {
  const suspended = suspendForAllowance(cert, `CREDIT_EVENT ${event.id} (${event.type})`, now, charter);
  return { ...suspended, suspendedBy: { authority: 'CREDIT_EVENT', mspId: event.recordedBy, creditEventId: event.id } };
}

/** A certificate a SERIOUS event suspends: VALID and not already past its expiry (that is the sweep's). */
export function suspendableByCreditEvent(cert: Certificate, now: string, charter: Charter): boolean {
  return cert.status === 'VALID' && sweepAction(cert, now, charter)?.action !== 'EXPIRE';
}

/**
 * What closing (or downgrading) SERIOUS `event` does to the certificates it suspended:
 * - still SUSPENDED by this event, with another open SERIOUS event of the organisation: the
 *   suspension continues on behalf of the oldest such event (movedTo), which then lifts it;
 * - still SUSPENDED by this event, past suspendedUntil or expiry: left to the sweep (withdrawal
 *   0115, or expiry) — a late close does not revive a certificate whose suspension ran out;
 * - still SUSPENDED by this event otherwise: → VALID (restored);
 * - anything else (withdrawn, restored by the regulator, suspended by someone else): untouched.
 */
export function liftCreditEventSuspensions(input: {
  event: CreditEvent;
  certificates: readonly Certificate[];
  otherOpenSerious: readonly CreditEvent[];
  now: string;
  charter: Charter;
}): { updates: Certificate[]; lift: CreditEventLift } {
  const { event, certificates, otherOpenSerious, now, charter } = input;
  const successor = otherOpenSerious.find((e) => e.id !== event.id && e.uscc === event.uscc);
  const lift: CreditEventLift = { restored: [], movedTo: [], leftForSweep: [] };
  const updates: Certificate[] = [];
  const sorted = [...certificates].sort((a, b) => (a.certificateNo < b.certificateNo ? -1 : a.certificateNo > b.certificateNo ? 1 : 0));
  for (const cert of sorted) {
    const by = cert.suspendedBy;
    if (cert.status !== 'SUSPENDED' || by?.authority !== 'CREDIT_EVENT' || by.creditEventId !== event.id) continue;
    if (sweepAction(cert, now, charter) !== undefined) {
      lift.leftForSweep.push(cert.certificateNo);
    } else if (successor !== undefined) {
      const moved = structuredClone(cert);
      updates.push({
        ...moved,
        statusReason: `CREDIT_EVENT ${successor.id} (${successor.type})`,
        suspendedBy: { authority: 'CREDIT_EVENT', mspId: successor.recordedBy, creditEventId: successor.id },
      });
      lift.movedTo.push({ certificateNo: cert.certificateNo, creditEventId: successor.id });
    } else {
      const restored = structuredClone(cert);
      delete restored.suspendedUntil;
      delete restored.suspendedBy;
      delete restored.statusReasonCode;
      // the suspension ends now: only the time it lasted counts against the cycle's allowance
      updates.push({ ...restored, status: 'VALID', statusReason: `RESTORED (credit event ${event.id} closed)`, statusSince: now, suspensions: closeSuspension(cert, now) });
      lift.restored.push(cert.certificateNo);
    }
  }
  return { updates, lift };
}

function requireOpen(event: CreditEvent, change: string): void {
  if ((event.status ?? 'OPEN') !== 'OPEN') {
    throw conflict(`credit event ${event.id} is CLOSED since ${event.closed?.at ?? '?'}; it cannot be ${change} — record a new event instead`);
  }
}

/** Refuses closing a credit event that is already closed, before anything is computed. */
export function checkClosable(event: CreditEvent): void {
  requireOpen(event, 'closed again');
}

/**
 * The public version of a credit event at `at` (now when absent): the type, severity and source in
 * force then (from `revisions`), and whether it was closed by then.
 */
export function creditEventVersionAt(event: CreditEvent, at?: string): {
  id: string; uscc: string; type: string; severity: CreditSeverity; source: string; occurredAt: string; timestamp: string;
  status: 'OPEN' | 'CLOSED'; closedAt?: string;
} {
  const atMs = at === undefined ? undefined : parseIso(at, 'at');
  const later = atMs === undefined ? undefined : (event.revisions ?? []).find((r) => parseIso(r.revisedAt) > atMs);
  const version = later?.previous ?? { type: event.type, severity: event.severity, source: event.source };
  const closed = event.closed !== undefined && (atMs === undefined || parseIso(event.closed.at) <= atMs);
  const view = {
    id: event.id, uscc: event.uscc, ...version, occurredAt: event.occurredAt, timestamp: event.timestamp,
    status: closed ? 'CLOSED' as const : 'OPEN' as const,
  };
  return closed && event.closed !== undefined ? { ...view, closedAt: event.closed.at } : view;
}

export function closedCreditEvent(event: CreditEvent, params: { note: string; by: string; now: string; txId: string }, lift: CreditEventLift): CreditEvent {
  requireOpen(event, 'closed again');
  parseIso(params.now, 'now');
  return { ...structuredClone(event), status: 'CLOSED', closed: { at: params.now, by: params.by, note: params.note, txId: params.txId, ...lift } };
}

export interface CreditEventRevisionInput {
  type?: string;
  severity?: CreditSeverity;
  source?: string;
  note: string;
}

/**
 * Checks a revision of an OPEN event and says what it does: the next version, and whether the event
 * becomes SERIOUS (it suspends like a new SERIOUS event) or stops being SERIOUS (it lifts its
 * suspensions like a close). A revision must change something.
 */
export function checkRevision(event: CreditEvent, input: CreditEventRevisionInput): {
  next: { type: string; severity: CreditSeverity; source: string };
  becomesSerious: boolean;
  leavesSerious: boolean;
} {
  requireOpen(event, 'revised');
  const next = { type: input.type ?? event.type, severity: input.severity ?? event.severity, source: input.source ?? event.source };
  if (next.type === event.type && next.severity === event.severity && next.source === event.source) {
    throw invalidArgument('revision', `changes nothing: credit event ${event.id} already has this type, severity and source`);
  }
  return { next, becomesSerious: event.severity !== 'SERIOUS' && next.severity === 'SERIOUS', leavesSerious: event.severity === 'SERIOUS' && next.severity !== 'SERIOUS' };
}

/** The revised event: the new version, with the replaced one appended to `revisions` (history kept). */
export function revisedCreditEvent(
  event: CreditEvent,
  input: CreditEventRevisionInput,
  params: { by: string; now: string; txId: string; suspended: string[]; lift: CreditEventLift },
): CreditEvent {
  const { next } = checkRevision(event, input);
  const copy = structuredClone(event);
  const suspended = [...copy.suspended];
  for (const no of params.suspended) if (!suspended.includes(no)) suspended.push(no);
  return {
    ...copy,
    ...next,
    suspended,
    revisions: [
      ...(copy.revisions ?? []),
      {
        previous: { type: event.type, severity: event.severity, source: event.source },
        note: input.note,
        revisedAt: params.now,
        revisedBy: params.by,
        txId: params.txId,
        suspended: [...params.suspended],
        ...params.lift,
      },
    ],
  };
}

/** Appends certificates handed over by another event's close to this event's `suspended`. */
export function withSuspended(event: CreditEvent, certificateNos: readonly string[]): CreditEvent {
  const copy = structuredClone(event);
  for (const no of certificateNos) if (!copy.suspended.includes(no)) copy.suspended.push(no);
  return copy;
}

// ---------------------------------------------------------------------------------------------
// the regulator's measures on a member

function measuresNeedingVote(charter: Charter): readonly MemberMeasure[] {
  // a charter stored before the parameter existed runs on the default until amended
  const stored: Partial<Charter> = charter;
  return stored.measuresNeedingVote ?? DEFAULT_CHARTER.measuresNeedingVote;
}

/** A measure the regulator takes alone must not be one the charter reserves for a vote. */
export function checkMeasureWithoutVote(measure: MemberMeasure, charter: Charter): void {
  if (measure === 'EXPEL_MEMBER' || measuresNeedingVote(charter).includes(measure)) {
    throw preconditionFailed(
      `charter v${charter.version} lists ${measure} in measuresNeedingVote; open a ${measure} proposal for the members to vote on instead`,
    );
  }
}

/** Suspends a certification body's right to issue (an administrative measure); the member stays ACTIVE otherwise. */
export function suspendIssuingRight(
  member: Member,
  params: { reason: StatusReason; until?: string; by: string; now: string; txId: string },
): Member {
  if (member.role !== 'CERTIFICATION_BODY') {
    throw preconditionFailed(`${member.mspId} is a ${member.role} member; the right to issue is suspended for CERTIFICATION_BODY members`);
  }
  if (params.reason.code === undefined) {
    throw invalidArgument('reason', 'needs an issuing-suspension reason code (CB01–CB99)');
  }
  const nowMs = parseIso(params.now, 'now');
  if (params.until !== undefined && parseIso(params.until, 'until') <= nowMs) {
    throw invalidArgument('until', `must be after now (${params.now}); leave it empty for a suspension until reinstated`);
  }
  const current = issuingSuspensionAt(member, params.now);
  if (current !== undefined) {
    throw conflict(
      `${member.mspId}'s right to issue is already suspended since ${current.since}${current.until === undefined ? '' : ` until ${current.until}`}; ` +
        'reinstate it first to impose another',
    );
  }
  const suspension: IssuingSuspension = {
    reasonCode: params.reason.code, reason: params.reason.text, since: params.now, by: params.by, txId: params.txId,
  };
  if (params.until !== undefined) suspension.until = new Date(parseIso(params.until)).toISOString();
  return { ...structuredClone(member), issuingSuspension: suspension };
}

/** Lifts the suspension of a body's right to issue. */
export function reinstateIssuingRight(member: Member, now: string): Member {
  if (issuingSuspensionAt(member, now) === undefined) {
    throw conflict(`${member.mspId}'s right to issue is not suspended${member.issuingSuspension?.until === undefined ? '' : ` (the last suspension ended at ${member.issuingSuspension.until})`}`);
  }
  const copy = structuredClone(member);
  delete copy.issuingSuspension;
  return copy;
}
