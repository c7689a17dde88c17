// The certificate state machine of docs/architecture.md §4: one pure function per change, the issue and transfer checks, and the time-driven sweep.

import { conflict, forbidden, invalidArgument, preconditionFailed } from '../shared/errors';
import { CANCELLATION_REASON_CODES, cancellationReasonText, type CancellationReasonCode } from './dictionaries/change-reasons';
import { organizationKey } from './organization';
import { closeSuspension, openSuspension, suspensionAllowance, type SuspensionAllowance } from './suspension';
import { consentWaiver } from './qualification';
import { endOfShanghaiDay } from './shanghai-date';
import { addDuration, addSeconds, describeSeconds, parseIso } from './time';
import {
  Accreditation,
  Certificate,
  CertificateStatus,
  Charter,
  EvidenceRecord,
  Member,
  TERMINAL_STATUSES,
} from './types';

/**
 * Why a certificate is cancelled (注销): a cancellation code of the code list (0201–0299, docs/domain.md
 * §4.4), HOLDER_REQUEST (the holder asked: the same as 0204 申请注销) or TRANSFERRED (the transfer
 * rules of IAF MD 2 write it; the code list has no code for it).
 */
export const CANCEL_REASONS = ['HOLDER_REQUEST', 'TRANSFERRED', ...CANCELLATION_REASON_CODES] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** statusReason values written by these rules (free-text reasons come from the caller). */
export const STATUS_REASONS = {
  RESTORED: 'RESTORED',
  VALIDITY_ENDED: 'VALIDITY_ENDED',
  SUSPENSION_EXPIRED: 'SUSPENSION_EXPIRED (0115)',
  SURVEILLANCE_OVERDUE: 'SURVEILLANCE_OVERDUE',
  TRANSFERRED_IN: 'TRANSFERRED_IN',
} as const;

export interface SweepAction {
  action: 'EXPIRE' | 'WITHDRAW' | 'SUSPEND';
  reason: string;
}

// ---------------------------------------------------------------------------------------------
// helpers

function requireStatus(cert: Certificate, allowed: readonly CertificateStatus[], change: string): void {
  if (!allowed.includes(cert.status)) {
    throw conflict(
      `certificate ${cert.certificateNo} is ${cert.status}; ${change} is allowed only from ${allowed.join(' or ')}`,
    );
  }
}

// A VALID or SUSPENDED record whose expiry has passed is expired in fact, only not yet swept:
// changing it would revive a certificate the sweep is about to close.
function requireNotExpired(cert: Certificate, now: string, change: string): void {
  if (parseIso(now, 'now') >= parseIso(cert.expiresAt, 'certificate.expiresAt')) {
    throw preconditionFailed(
      `certificate ${cert.certificateNo} expired at ${cert.expiresAt}; ${change} is no longer possible — expire it instead`,
    );
  }
}

function requireText(value: unknown, field: string, max = 2000): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidArgument(field, 'is required (a non-empty text)');
  const text = value.trim();
  if (text.length > max) throw invalidArgument(field, `must be at most ${max} characters, got ${text.length}`);
  return text;
}

function evidenceList(value: unknown, field: string, atLeastOne: boolean): string[] {
  if (!Array.isArray(value)) throw invalidArgument(field, 'must be an array of evidence record ids');
  if (atLeastOne && value.length === 0) {
    throw invalidArgument(field, 'must name at least one evidence record of the activity (anchor it first)');
  }
  return value.map((id, i) => requireText(id, `${field}.${i}`, 256));
}

/** Appends ids not already linked, keeping the order in which they were first linked. */
function linkEvidence(existing: readonly string[], added: readonly string[]): string[] {
  const out = [...existing];
  for (const id of added) if (!out.includes(id)) out.push(id);
  return out;
}

function clone(cert: Certificate): Certificate {
  return structuredClone(cert);
}

/**
 * A copy in a new status; leaving SUSPENDED clears suspendedUntil and suspendedBy (they only mean
 * something while suspended), and the previous status's reason code goes with its reason.
 */
function withStatus(cert: Certificate, status: CertificateStatus, reason: string, now: string): Certificate {
  const copy = clone(cert);
  delete copy.suspendedUntil;
  delete copy.suspendedBy;
  delete copy.statusReasonCode;
  return { ...copy, status, statusReason: reason, statusSince: now };
}

// ---------------------------------------------------------------------------------------------
// one function per row of the §5.3 table

/**
 * VALID → SUSPENDED for at most what the certification cycle's suspension allowance has left: the
 * charter's maxSuspension (P6M) in calendar months, less the time of earlier suspensions in the
 * cycle (suspension.ts), so restoring and suspending again cannot chain suspensions.
 */
export function suspendCertificate(
  cert: Certificate,
  params: { reason: string; suspendedUntil: string },
  now: string,
  charter: Charter,
): Certificate {
  requireStatus(cert, ['VALID'], 'suspend');
  const reason = requireText(params.reason, 'reason');
  const until = parseIso(params.suspendedUntil, 'suspendedUntil');
  const start = parseIso(now, 'now');
  if (until <= start) throw invalidArgument('suspendedUntil', `must be after the suspension starts (${now})`);
  const allowance = suspensionAllowance(cert, now, charter);
  if (until > parseIso(allowance.latestUntil)) {
    throw invalidArgument('suspendedUntil', `must be no later than ${allowance.latestUntil}: ${describeAllowance(allowance, charter)}`);
  }
  requireNotExpired(cert, now, 'suspend');
  // stored in the canonical form so that stored times compare equal as strings too
  const suspendedUntil = new Date(until).toISOString();
  return { ...withStatus(cert, 'SUSPENDED', reason, now), suspendedUntil, suspensions: openSuspension(cert, now, suspendedUntil) };
}

function describeAllowance(a: SuspensionAllowance, charter: Charter): string {
  const rule = `the charter allows ${charter.durations.maxSuspension} of suspension in a certification cycle`;
  if (a.usedSeconds === 0) return rule;
  return `${rule} (${describeSeconds(a.allowedSeconds)} counted from its first suspension at ${a.countedFrom}), ` +
    `and ${describeSeconds(a.usedSeconds)} of them are used`;
}

/**
 * VALID → SUSPENDED by a rule rather than on request (overdue surveillance, a SERIOUS credit
 * event), for as long as the cycle's suspension allowance lets it: the charter maximum for a first
 * suspension. With nothing left the suspension ends at once and the next sweep withdraws (0115).
 */
export function suspendForAllowance(cert: Certificate, reason: string, now: string, charter: Charter): Certificate {
  requireStatus(cert, ['VALID'], 'suspend');
  const text = requireText(reason, 'reason');
  const suspendedUntil = suspensionAllowance(cert, now, charter).latestUntil;
  return { ...withStatus(cert, 'SUSPENDED', text, now), suspendedUntil, suspensions: openSuspension(cert, now, suspendedUntil) };
}

/**
 * SUSPENDED → VALID, linking the evidence of the activity that resolved the suspension. Refused once
 * suspendedUntil has passed: the rule is then withdrawal (reason 0115), not a late restore.
 */
export function restoreCertificate(cert: Certificate, params: { evidenceIds: string[] }, now: string): Certificate {
  requireStatus(cert, ['SUSPENDED'], 'restore');
  const evidenceIds = evidenceList(params.evidenceIds, 'evidenceIds', true);
  if (cert.suspendedUntil !== undefined && parseIso(now, 'now') > parseIso(cert.suspendedUntil, 'certificate.suspendedUntil')) {
    throw preconditionFailed(
      `the suspension of certificate ${cert.certificateNo} ended at ${cert.suspendedUntil} unresolved; ` +
        'it must be withdrawn (0115), not restored',
    );
  }
  requireNotExpired(cert, now, 'restore');
  const restored = withStatus(cert, 'VALID', STATUS_REASONS.RESTORED, now);
  return { ...restored, evidenceIds: linkEvidence(cert.evidenceIds, evidenceIds), suspensions: closeSuspension(cert, now) };
}

/** VALID or SUSPENDED → WITHDRAWN (撤销). Terminal. */
export function withdrawCertificate(cert: Certificate, params: { reason: string }, now: string): Certificate {
  requireStatus(cert, ['VALID', 'SUSPENDED'], 'withdraw');
  const reason = requireText(params.reason, 'reason');
  parseIso(now, 'now');
  return withStatus(cert, 'WITHDRAWN', reason, now);
}

/** VALID or SUSPENDED → CANCELLED (注销), at the holder's request or because the certificate was transferred. Terminal. */
export function cancelCertificate(
  cert: Certificate,
  params: { reason: CancelReason; note?: string },
  now: string,
): Certificate {
  requireStatus(cert, ['VALID', 'SUSPENDED'], 'cancel');
  if (!(CANCEL_REASONS as readonly unknown[]).includes(params.reason)) {
    throw invalidArgument('reason', `must be one of ${CANCEL_REASONS.join(', ')}, got ${JSON.stringify(params.reason)}`);
  }
  const note = params.note === undefined ? undefined : requireText(params.note, 'note');
  parseIso(now, 'now');
  const reason = (CANCELLATION_REASON_CODES as readonly string[]).includes(params.reason)
    ? cancellationReasonText(params.reason as CancellationReasonCode)
    : params.reason;
  return withStatus(cert, 'CANCELLED', note === undefined ? reason : `${reason}: ${note}`, now);
}

/** VALID or SUSPENDED → EXPIRED (过期失效), only once expiresAt has been reached. Terminal. */
export function expireCertificate(cert: Certificate, now: string): Certificate {
  requireStatus(cert, ['VALID', 'SUSPENDED'], 'expire');
  if (parseIso(now, 'now') < parseIso(cert.expiresAt, 'certificate.expiresAt')) {
    throw preconditionFailed(`certificate ${cert.certificateNo} is valid until ${cert.expiresAt}; it cannot expire before then`);
  }
  return withStatus(cert, 'EXPIRED', STATUS_REASONS.VALIDITY_ENDED, now);
}

/**
 * Records a surveillance audit on a VALID certificate, or on a SUSPENDED one (the late audit that
 * resolves a suspension for overdue surveillance, before the restore): restarts the surveillance
 * clock from the end of the audit's last day in Asia/Shanghai — the clock runs on audit dates, not
 * on the recording time — adds the audit to the cycle's surveillances and links its evidence. The
 * status and statusSince do not change. The audit's own checks are certification-cycle.ts's.
 */
export function recordSurveillance(
  cert: Certificate,
  params: { auditId: string; startDate: string; endDate: string; evidenceIds?: string[] },
  now: string,
): Certificate {
  requireStatus(cert, ['VALID', 'SUSPENDED'], 'surveillance');
  const auditId = requireText(params.auditId, 'auditId', 256);
  const evidenceIds = params.evidenceIds === undefined ? [] : evidenceList(params.evidenceIds, 'evidenceIds', false);
  const lastSurveillanceAt = endOfShanghaiDay(params.endDate, 'audit.endDate');
  requireNotExpired(cert, now, 'surveillance');
  const entry = { auditId, startDate: params.startDate, endDate: params.endDate, recordedAt: now };
  return {
    ...clone(cert),
    lastSurveillanceAt,
    surveillances: [...(cert.surveillances ?? []).map((e) => ({ ...e })), entry],
    evidenceIds: linkEvidence(cert.evidenceIds, evidenceIds),
  };
}

/** Reduces or extends the scope of a VALID certificate; the scope it replaces goes to scopeHistory. */
export function changeScope(
  cert: Certificate,
  params: { scope: string; scopeCodes: number[]; reason: string },
  now: string,
): Certificate {
  requireStatus(cert, ['VALID'], 'change scope');
  const scope = requireText(params.scope, 'scope', 4000);
  const reason = requireText(params.reason, 'reason');
  if (!Array.isArray(params.scopeCodes) || params.scopeCodes.length === 0) {
    throw invalidArgument('scopeCodes', 'must list at least one IAF sector (1–39)');
  }
  params.scopeCodes.forEach((code, i) => {
    if (!Number.isInteger(code) || code < 1 || code > 39) {
      throw invalidArgument(`scopeCodes.${i}`, `must be an IAF sector 1–39, got ${JSON.stringify(code)}`);
    }
    if (params.scopeCodes.indexOf(code) !== i) throw invalidArgument(`scopeCodes.${i}`, `repeats sector ${code}`);
  });
  const sameCodes =
    params.scopeCodes.length === cert.scopeCodes.length && params.scopeCodes.every((c, i) => c === cert.scopeCodes[i]);
  if (scope === cert.scope && sameCodes) {
    throw invalidArgument('scope', 'is the same as the current scope and sectors; there is nothing to change');
  }
  requireNotExpired(cert, now, 'change scope');
  const copy = clone(cert);
  return {
    ...copy,
    scope,
    scopeCodes: [...params.scopeCodes],
    scopeHistory: [...copy.scopeHistory, { scope: cert.scope, scopeCodes: [...cert.scopeCodes], at: now, reason }],
  };
}

// ---------------------------------------------------------------------------------------------
// issue

/**
 * The issue rules that need more than the certificate's own fields (its format and dictionary checks
 * are validate.ts's): the issuer is an ACTIVE certification-body member, a granting certification
 * decision of that issuer for that organisation is linked, and the validity period is sensible.
 */
export function checkIssueRules(input: {
  certificate: Certificate;
  issuerMember: Member | undefined;
  decision: EvidenceRecord | undefined;
  now: string;
  charter: Charter;
}): void {
  const { certificate: cert, issuerMember, decision, now, charter } = input;

  // parameters first: they are wrong whatever the state holds
  if (cert.status !== 'VALID') throw invalidArgument('certificate.status', `a new certificate is VALID, got ${cert.status}`);
  const issuedAt = parseIso(cert.issuedAt, 'certificate.issuedAt');
  const expiresAt = parseIso(cert.expiresAt, 'certificate.expiresAt');
  const nowMs = parseIso(now, 'now');
  if (expiresAt <= issuedAt) throw invalidArgument('certificate.expiresAt', `must be after issuedAt (${cert.issuedAt})`);
  checkValidityPeriod(cert, charter);
  const latestIssue = addSeconds(now, charter.maxClockSkewSeconds);
  if (issuedAt > parseIso(latestIssue)) {
    throw invalidArgument('certificate.issuedAt', `is in the future; it must be no later than ${latestIssue}`);
  }
  if (expiresAt <= nowMs) throw invalidArgument('certificate.expiresAt', `has already passed (now is ${now})`);

  if (issuerMember === undefined || issuerMember.mspId !== cert.issuer) {
    throw forbidden(`${cert.issuer} is not a consortium member; only an ACTIVE certification body issues certificates`);
  }
  if (issuerMember.role !== 'CERTIFICATION_BODY') {
    throw forbidden(`${cert.issuer} is a ${issuerMember.role} member; only a CERTIFICATION_BODY issues certificates`);
  }
  if (issuerMember.status !== 'ACTIVE') {
    throw forbidden(`${cert.issuer} is ${issuerMember.status}; only an ACTIVE member issues certificates`);
  }

  if (decision === undefined) {
    throw preconditionFailed('no CERTIFICATION_DECISION record is linked; anchor the decision, then issue');
  }
  if (decision.kind !== 'CERTIFICATION_DECISION') {
    throw preconditionFailed(`evidence ${decision.id} is a ${decision.kind} record; link the CERTIFICATION_DECISION record`);
  }
  if (decision.decision !== 'GRANT') {
    throw preconditionFailed(
      `certification decision ${decision.id} is ${decision.decision ?? 'without an outcome'}; a certificate needs a GRANT decision`,
    );
  }
  if (decision.submitter.mspId !== cert.issuer) {
    throw preconditionFailed(
      `certification decision ${decision.id} was recorded by ${decision.submitter.mspId}; link a decision of ${cert.issuer}`,
    );
  }
  if (decision.subject.uscc !== organizationKey(cert.organization)) {
    throw preconditionFailed(
      `certification decision ${decision.id} is about ${decision.subject.uscc ?? 'no organisation'}, ` +
        `not ${organizationKey(cert.organization)}; link the decision for this organisation`,
    );
  }
}

/**
 * The validity cap of every scheme, SERVICE and PRODUCT included [docs/domain.md §4.5; BSC 8.1b]: expiresAt
 * is at most the charter's maxValidity of the scheme after issuedAt, on the Asia/Shanghai calendar
 * (P3Y from 2025-01-01 is 2028-01-01, whatever the leap days).
 */
export function checkValidityPeriod(cert: Pick<Certificate, 'scheme' | 'issuedAt' | 'expiresAt'>, charter: Charter): void {
  const max = Object.hasOwn(charter.durations.maxValidity, cert.scheme) ? charter.durations.maxValidity[cert.scheme] : undefined;
  if (max === undefined) throw invalidArgument('certificate.scheme', `the charter gives no maximum validity for ${cert.scheme}`);
  const latest = addDuration(cert.issuedAt, max, `charter.durations.maxValidity.${cert.scheme}`);
  if (parseIso(cert.expiresAt, 'certificate.expiresAt') > parseIso(latest)) {
    throw invalidArgument(
      'certificate.expiresAt',
      `must be no later than ${latest}: a ${cert.scheme} certificate is valid for at most ${max} (charter durations.maxValidity.${cert.scheme})`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// transfer (IAF MD 2)

/**
 * Checks that `source` may be transferred to `acceptingBody` now and reports whether the issuer's
 * consent can be done without (qualification.ts consentWaiver, IAF MD 2): the issuer was expelled,
 * has exited, is SUSPENDED or EXITING, or its accreditation was suspended or withdrawn less than
 * the transfer window ago.
 */
export function checkTransfer(input: {
  source: Certificate;
  acceptingBody: string;
  sourceIssuer: Member | undefined;
  issuerAccreditation: Accreditation | undefined;
  now: string;
  charter: Charter;
}): { withoutConsent: boolean } {
  const { source, acceptingBody, sourceIssuer, issuerAccreditation, now, charter } = input;
  if (source.status === 'SUSPENDED') {
    throw conflict(
      `certificate ${source.certificateNo} is SUSPENDED; IAF MD 2 forbids accepting a suspended certification ` +
        'for transfer — transfer is allowed only from VALID',
    );
  }
  requireStatus(source, ['VALID'], 'transfer');
  const due = sweepAction(source, now, charter);
  if (due !== undefined) {
    throw preconditionFailed(
      `certificate ${source.certificateNo} is due to be ${pastTense(due.action)} (${due.reason}); it is not transferable`,
    );
  }
  if (acceptingBody === source.issuer) {
    throw forbidden(`${acceptingBody} already issues certificate ${source.certificateNo}; a transfer moves it to another body`);
  }
  if (issuerAccreditation !== undefined && issuerAccreditation.body !== source.issuer) {
    throw invalidArgument('issuerAccreditation.body', `is ${issuerAccreditation.body}, not the source issuer ${source.issuer}`);
  }

  // expiry is already ruled out above, so MD 2's "whichever is sooner" reduces to the window
  return { withoutConsent: consentWaiver({ sourceIssuer, issuerAccreditation, now, charter }).waived };
}

function pastTense(action: SweepAction['action']): string {
  return action === 'EXPIRE' ? 'expired' : action === 'WITHDRAW' ? 'withdrawn' : 'suspended';
}

/**
 * The certificate the accepting body issues for a transfer. It continues the source's cycle: same
 * organisation, scope and expiry, and the surveillance clock carries on from the source (a transfer
 * does not buy the organisation a year without surveillance). The pre-transfer review's evidence
 * must be linked.
 */
export function transferredCertificate(
  source: Certificate,
  input: { certificateNo: string; issuer: string; now: string; evidenceIds: string[] },
): Certificate {
  const certificateNo = requireText(input.certificateNo, 'certificateNo', 64);
  const issuer = requireText(input.issuer, 'issuer', 256);
  const evidenceIds = linkEvidence([], evidenceList(input.evidenceIds, 'evidenceIds', true));
  parseIso(input.now, 'now');
  const src = clone(source);
  return {
    certificateNo,
    issuer,
    scheme: src.scheme,
    standard: src.standard,
    organization: src.organization,
    scope: src.scope,
    scopeCodes: src.scopeCodes,
    sectorCode: src.sectorCode,
    issuedAt: input.now,
    expiresAt: src.expiresAt,
    status: 'VALID',
    statusReason: STATUS_REASONS.TRANSFERRED_IN,
    statusSince: input.now,
    lastSurveillanceAt: src.lastSurveillanceAt ?? src.issuedAt,
    evidenceIds,
    transferredFrom: { issuer: src.issuer, certificateNo: src.certificateNo },
    scopeHistory: [],
    // the cycle continues, and so does its suspension allowance
    ...(src.suspensions !== undefined ? { suspensions: src.suspensions } : {}),
    // the cycle goes on: its number and the surveillances held count at recertification
    ...(src.cycle !== undefined ? { cycle: src.cycle } : {}),
    ...(src.surveillances !== undefined ? { surveillances: src.surveillances } : {}),
    ...(src.previousCycle !== undefined ? { previousCycle: src.previousCycle } : {}),
    // the organisation's own history goes with it [DIGI (七) 地址变更、兼并重组]
    ...(src.organizationHistory !== undefined ? { organizationHistory: src.organizationHistory } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// sweep

/**
 * The time rule due on a certificate now, if any, in order of precedence: expiry, then a suspension
 * that ran out unresolved (withdrawal, reason 0115), then overdue surveillance (suspension).
 * Boundaries: expiry applies from the instant expiresAt is reached; the other two only once their
 * limit has been passed, so a restore or a surveillance at the very limit is still in time.
 */
export function sweepAction(cert: Certificate, now: string, charter: Charter): SweepAction | undefined {
  if (TERMINAL_STATUSES.includes(cert.status)) return undefined;
  const nowMs = parseIso(now, 'now');
  if (nowMs >= parseIso(cert.expiresAt, 'certificate.expiresAt')) {
    return { action: 'EXPIRE', reason: STATUS_REASONS.VALIDITY_ENDED };
  }
  if (cert.status === 'SUSPENDED') {
    // a suspension always carries suspendedUntil; the charter maximum is the fallback for old records
    const until = cert.suspendedUntil ?? addDuration(cert.statusSince, charter.durations.maxSuspension, 'charter.durations.maxSuspension');
    if (nowMs > parseIso(until, 'certificate.suspendedUntil')) {
      return { action: 'WITHDRAW', reason: STATUS_REASONS.SUSPENSION_EXPIRED };
    }
    return undefined;
  }
  if (nowMs > parseIso(surveillanceDueBy(cert, charter))) return { action: 'SUSPEND', reason: STATUS_REASONS.SURVEILLANCE_OVERDUE };
  return undefined;
}

/** The moment the next surveillance is due by: the interval after the last one (its audit's end), or after issue. */
export function surveillanceDueBy(cert: Certificate, charter: Charter): string {
  const lastSurveillance = cert.lastSurveillanceAt ?? cert.issuedAt;
  return addDuration(lastSurveillance, charter.durations.surveillanceInterval, 'charter.durations.surveillanceInterval');
}

/**
 * Applies a sweep action. It is recomputed and must still be due, so a stale or forged action
 * cannot change a certificate, and a second sweep of the same certificate is refused rather than
 * repeated. A sweep suspension lasts what the cycle's suspension allowance has left (suspendForAllowance).
 */
export function applySweep(cert: Certificate, action: SweepAction, now: string, charter: Charter): Certificate {
  const due = sweepAction(cert, now, charter);
  if (due === undefined || due.action !== action.action) {
    throw conflict(
      `certificate ${cert.certificateNo} is ${cert.status}; the sweep action due now is ` +
        `${due === undefined ? 'none' : due.action}, not ${action.action}`,
    );
  }
  switch (due.action) {
    case 'EXPIRE':
      return expireCertificate(cert, now);
    case 'WITHDRAW':
      return withStatus(cert, 'WITHDRAWN', due.reason, now);
    case 'SUSPEND':
      return suspendForAllowance(cert, due.reason, now, charter);
  }
}

// ---------------------------------------------------------------------------------------------
// history

/**
 * The version of a certificate in force at `at`, from its key history oldest first (Fabric returns
 * newest first; reverse it). Entries are taken in commit order: the answer is the last one whose
 * timestamp is not after `at`, so a transaction committed later with a slightly earlier client
 * timestamp still supersedes the one before it. Undefined before the first version or after a delete.
 */
export function statusAt(
  history: { timestamp: string; value: Certificate | undefined }[],
  at: string,
): Certificate | undefined {
  const atMs = parseIso(at, 'at');
  let found: Certificate | undefined;
  history.forEach((entry, i) => {
    if (parseIso(entry.timestamp, `history.${i}.timestamp`) <= atMs) found = entry.value;
  });
  return found === undefined ? undefined : clone(found);
}
