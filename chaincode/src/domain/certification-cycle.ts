// The certification cycle cannot be bypassed (docs/contracts.md §2.3, §3.4): a GRANT decision rests on a
// recorded audit of the same organisation, scheme and body with no open MAJOR nonconformity; a
// decision backs one certificate; an audit counts once; surveillance runs on audit dates and does
// not revive an overdue certificate; recertification renews a certificate into a new cycle
// [DIGI (一) 认证决定、证书管理; docs/domain.md §4.5; CNCA-QMS-01:2025 5.4.1.4, 5.8.2; ISO/IEC 17021-1 §9.1.3].

import { conflict, alreadyExists, invalidArgument, notFound, preconditionFailed } from '../shared/errors';
import { sweepAction, surveillanceDueBy } from './certificate-rules';
import { shanghaiDateOf } from './shanghai-date';
import { organizationKey } from './organization';
import { addDuration, parseIso } from './time';
import {
  type Audit,
  type AuditType,
  type Certificate,
  type Charter,
  type EvidenceRecord,
} from './types';

/** The audits a GRANT decision may rest on: the last audit before a certificate (initial, renewed or transferred). */
export const DECISION_AUDIT_TYPES: readonly AuditType[] = ['STAGE2', 'RECERTIFICATION', 'TRANSFER'];
/**
 * The audits `certificate:issue` accepts: an initial certification (STAGE2) or a transfer from a body
 * outside the consortium (TRANSFER). A RECERTIFICATION renews a certificate through
 * certificate:recertify, which holds the cycle's rules (its surveillances, on site, before expiry);
 * issuing on one would start a new cycle around them.
 */
export const ISSUE_AUDIT_TYPES: readonly AuditType[] = ['STAGE2', 'TRANSFER'];

export const RECERTIFIED = 'RECERTIFIED';

/**
 * An audit is recorded once it has taken place: its end date is not after the transaction's date in
 * Asia/Shanghai (an audit dated 2099 is refused).
 */
export function requireAuditTookPlace(audit: Pick<Audit, 'endDate'>, now: string): void {
  const today = shanghaiDateOf(now, 'now');
  if (audit.endDate > today) {
    throw invalidArgument('audit.endDate', `${audit.endDate} is in the future (today is ${today} in Asia/Shanghai); record an audit once it has taken place`);
  }
}

/** What an audit was used for: one audit counts once (index `audit.use`, keyed by audit id). */
export interface AuditUse {
  auditId: string;
  use: 'CERTIFICATE' | 'RECERTIFICATION' | 'SURVEILLANCE';
  certificateNo: string;
  decisionEvidenceId?: string;
  at: string;
  txId: string;
}

/** The certificate a decision backs (index `certificate.decision`, keyed by the decision's evidence id). */
export interface DecisionUse {
  certificateNo: string;
  at: string;
}

function describeUse(use: AuditUse): string {
  switch (use.use) {
    case 'SURVEILLANCE':
      return `the surveillance of certificate ${use.certificateNo} (${use.at})`;
    case 'RECERTIFICATION':
      return `the recertification of certificate ${use.certificateNo} (${use.at})`;
    case 'CERTIFICATE':
      return `certificate ${use.certificateNo} (${use.at})`;
  }
}

/** Refuses an audit that already counted for a certificate, a surveillance or a recertification. */
export function requireAuditUnused(auditId: string, use: AuditUse | undefined): void {
  if (use !== undefined) {
    throw conflict(`audit ${auditId} already counts for ${describeUse(use)}; one audit counts once — record the audit that took place now`);
  }
}

/**
 * The check `evidence:anchor` makes on a GRANT decision, where it is cheap: the audit it names is
 * recorded, of a type a decision rests on, run by the caller's body for the same organisation, and
 * not used yet. The scheme, the nonconformities and the certificate are checked again at issue.
 */
export function checkDecisionAudit(input: { auditId: string; uscc: string | undefined; body: string }, audit: Audit | undefined, use: AuditUse | undefined): void {
  const { auditId, uscc, body } = input;
  if (audit === undefined) {
    throw notFound(`audit ${auditId} (a GRANT decision names a recorded audit: record it with evidence:recordAudit first)`);
  }
  if (!DECISION_AUDIT_TYPES.includes(audit.type)) {
    throw preconditionFailed(`audit ${auditId} is a ${audit.type} audit; a GRANT decision rests on a ${DECISION_AUDIT_TYPES.join(', ')} audit`);
  }
  if (audit.body !== body) throw preconditionFailed(`audit ${auditId} was run by ${audit.body}; a decision of ${body} rests on its own audit`);
  if (audit.uscc !== uscc) throw preconditionFailed(`audit ${auditId} is of organisation ${audit.uscc}, not ${uscc ?? '(none)'}, the decision's subject`);
  requireAuditUnused(auditId, use);
}

/** An audit that a certificate of `cert`'s issuer, holder and scheme rests on, covering its scope. */
function checkAuditFits(audit: Audit, cert: Pick<Certificate, 'certificateNo' | 'issuer' | 'organization' | 'scheme' | 'scopeCodes'>, types: readonly AuditType[], purpose: string): void {
  const id = audit.auditId;
  if (!types.includes(audit.type)) throw preconditionFailed(`audit ${id} is a ${audit.type} audit; ${purpose} rests on a ${types.join(' or ')} audit`);
  if (audit.body !== cert.issuer) throw preconditionFailed(`audit ${id} was run by ${audit.body}; ${purpose} of ${cert.issuer} rests on an audit of ${cert.issuer}`);
  if (audit.uscc !== organizationKey(cert.organization)) {
    throw preconditionFailed(`audit ${id} is of organisation ${audit.uscc}, not ${organizationKey(cert.organization)}, the holder of ${cert.certificateNo}`);
  }
  if (audit.scheme !== cert.scheme) throw preconditionFailed(`audit ${id} is a ${audit.scheme} audit; certificate ${cert.certificateNo} is ${cert.scheme}`);
  if (audit.certificateNo !== undefined && audit.certificateNo !== cert.certificateNo) {
    throw preconditionFailed(`audit ${id} is of certificate ${audit.certificateNo}, not ${cert.certificateNo}`);
  }
  const unaudited = cert.scopeCodes.filter((code) => !audit.scopeCodes.includes(code));
  if (unaudited.length > 0) {
    throw preconditionFailed(`IAF sector${unaudited.length > 1 ? 's' : ''} ${unaudited.join(', ')} of certificate ${cert.certificateNo} ${unaudited.length > 1 ? 'were' : 'was'} not covered by audit ${id} (it covered ${audit.scopeCodes.join(', ')})`);
  }
}

function requireNoOpenMajor(auditId: string, openMajor: readonly string[], purpose: string): void {
  if (openMajor.length > 0) {
    throw preconditionFailed(
      `audit ${auditId} has open MAJOR nonconformities (${openMajor.join(', ')}); record the corrective action that closes each before ${purpose}`,
    );
  }
}

function requireDecisionUnused(decisionId: string, use: DecisionUse | undefined): void {
  if (use !== undefined) {
    throw alreadyExists(`a certificate on certification decision ${decisionId}: ${use.certificateNo} (issued ${use.at}); a decision backs exactly one certificate`);
  }
}

/**
 * What `certificate:issue` needs beyond checkIssueRules: the decision's audit is recorded, fits the
 * certificate (type, body, holder, scheme, scope), has no open MAJOR nonconformity of its body and
 * has not counted for anything; the decision backs no other certificate; `issuedAt` is not before
 * the decision [DIGI (一) 认证决定、证书管理].
 */
export function checkIssueBasis(input: {
  certificate: Certificate;
  decision: EvidenceRecord;
  audit: Audit | undefined;
  openMajor: readonly string[];
  decisionUse: DecisionUse | undefined;
  auditUse: AuditUse | undefined;
}): void {
  const { certificate: cert, decision, audit, openMajor, decisionUse, auditUse } = input;
  const auditId = decision.subject.auditId;
  if (auditId === undefined) throw preconditionFailed(`certification decision ${decision.id} names no audit; anchor a decision naming its audit`);
  requireDecisionUnused(decision.id, decisionUse);
  if (audit === undefined) throw notFound(`audit ${auditId} of certification decision ${decision.id} (record it with evidence:recordAudit)`);
  checkAuditFits(audit, cert, ISSUE_AUDIT_TYPES, 'a certificate');
  requireAuditUnused(auditId, auditUse);
  requireNoOpenMajor(auditId, openMajor, 'the certificate is issued');
  if (parseIso(cert.issuedAt, 'certificate.issuedAt') < parseIso(decision.timestamp, 'decision.timestamp')) {
    throw invalidArgument('certificate.issuedAt', `${cert.issuedAt} is before the certification decision ${decision.id} (${decision.timestamp}); a certificate is issued on or after its decision`);
  }
}

/**
 * A surveillance audit for `cert`: of its issuer, holder, scheme (and number, when the audit names
 * one), a SURVEILLANCE audit, unused, begun in this cycle after the last surveillance. A VALID
 * certificate whose surveillance is already overdue is refused: it must be suspended first, and the
 * late audit is then recorded on the SUSPENDED certificate before it is restored (docs/domain.md §4.5,
 * CNCA-QMS-01:2025 5.4.1.4). A VALID certificate that is not overdue has its deadline still ahead,
 * and an audit ends no later than the day it is recorded, so its audit falls within the deadline.
 */
export function checkSurveillanceAudit(input: { cert: Certificate; audit: Audit; use: AuditUse | undefined; now: string; charter: Charter }): void {
  const { cert, audit, use, now, charter } = input;
  if (audit.type === 'RECERTIFICATION') {
    throw preconditionFailed(`audit ${audit.auditId} is a RECERTIFICATION audit; it renews the certificate through certificate:recertify, with its decision`);
  }
  // a surveillance samples the scope: its sectors need not cover the certificate's (no scope check)
  checkAuditFits(audit, { ...cert, scopeCodes: [] }, ['SURVEILLANCE'], 'a surveillance');
  requireAuditUnused(audit.auditId, use);
  if (cert.status === 'VALID' && sweepAction(cert, now, charter)?.action === 'SUSPEND') {
    throw preconditionFailed(
      `the surveillance of certificate ${cert.certificateNo} was due by ${surveillanceDueBy(cert, charter)} and is overdue; ` +
        'a late surveillance does not revive it: it must be suspended first (certificate:sweep), then the audit is recorded ' +
        'on the SUSPENDED certificate and it is restored (docs/domain.md §4.5, CNCA-QMS-01:2025 5.4.1.4)',
    );
  }
  const cycleStart = shanghaiDateOf(cert.issuedAt, 'certificate.issuedAt');
  if (audit.startDate < cycleStart) {
    throw preconditionFailed(`audit ${audit.auditId} began ${audit.startDate}, before the cycle of certificate ${cert.certificateNo} began (${cycleStart})`);
  }
  const last = cert.surveillances?.[cert.surveillances.length - 1];
  if (last !== undefined && audit.startDate <= last.endDate) {
    throw preconditionFailed(`audit ${audit.auditId} began ${audit.startDate}, not after the last surveillance ${last.auditId} ended (${last.endDate})`);
  }
}

/**
 * Renewing a VALID certificate into a new cycle before it expires (CNCA-QMS-01:2025 5.8.2): a GRANT
 * decision of the issuer for the holder, on an ON_SITE RECERTIFICATION audit of this cycle that
 * fits the certificate, has no open MAJOR nonconformity and is unused; the decision backs nothing
 * else; the cycle had its surveillance audits (charter minSurveillancesPerCycle); the new expiry is
 * later than the current one and, for management systems, at most maxValiditySeconds after it
 * (the new expiry may be based on the existing one, ISO/IEC 17021-1 §9.1.3).
 */
export function checkRecertification(input: {
  cert: Certificate;
  decision: EvidenceRecord | undefined;
  decisionSuperseded: boolean;
  audit: Audit | undefined;
  openMajor: readonly string[];
  decisionUse: DecisionUse | undefined;
  auditUse: AuditUse | undefined;
  expiresAt: string;
  newCertificateNo: string | undefined;
  now: string;
  charter: Charter;
}): void {
  const { cert, decision, audit, openMajor, decisionUse, auditUse, expiresAt, newCertificateNo, now, charter } = input;
  if (newCertificateNo === cert.certificateNo) {
    throw invalidArgument('newCertificateNo', 'is the current number; leave it empty to keep the number, or give the new cycle\'s number');
  }
  const newExpiry = parseIso(expiresAt, 'expiresAt');
  if (newExpiry <= parseIso(cert.expiresAt, 'certificate.expiresAt')) {
    throw invalidArgument('expiresAt', `must be after the current expiry ${cert.expiresAt}: a recertification renews the certificate`);
  }
  // every scheme is capped [BSC 8.1b]: the new cycle runs at most maxValidity from the current expiry
  const validity = charter.durations.maxValidity[cert.scheme];
  const latest = addDuration(cert.expiresAt, validity, `charter.durations.maxValidity.${cert.scheme}`);
  if (newExpiry > parseIso(latest)) {
    throw invalidArgument('expiresAt', `must be no later than ${latest}: the new cycle of a ${cert.scheme} certificate runs at most ${validity} from the current expiry`);
  }
  if (cert.status !== 'VALID') throw conflict(`certificate ${cert.certificateNo} is ${cert.status}; recertification is allowed only from VALID`);
  const due = sweepAction(cert, now, charter);
  if (due?.action === 'EXPIRE') {
    throw preconditionFailed(`certificate ${cert.certificateNo} expired at ${cert.expiresAt}; recertification is completed before expiry, after it the organisation starts again as an initial certification (CNCA-QMS-01:2025 5.8.2)`);
  }
  if (due !== undefined) throw preconditionFailed(`certificate ${cert.certificateNo} is due to be suspended (${due.reason}); it cannot be recertified`);

  if (decision === undefined) throw preconditionFailed('no CERTIFICATION_DECISION record is linked; anchor the recertification decision, then recertify');
  if (decision.kind !== 'CERTIFICATION_DECISION') throw preconditionFailed(`evidence ${decision.id} is a ${decision.kind} record; link the CERTIFICATION_DECISION record`);
  if (decision.decision !== 'GRANT') throw preconditionFailed(`certification decision ${decision.id} is ${decision.decision ?? 'without an outcome'}; a recertification needs a GRANT decision`);
  if (decision.submitter.mspId !== cert.issuer) throw preconditionFailed(`certification decision ${decision.id} was recorded by ${decision.submitter.mspId}; link a decision of ${cert.issuer}`);
  if (decision.subject.uscc !== organizationKey(cert.organization)) {
    throw preconditionFailed(`certification decision ${decision.id} is about ${decision.subject.uscc ?? 'no organisation'}, not ${organizationKey(cert.organization)}`);
  }
  if (input.decisionSuperseded) throw preconditionFailed(`certification decision ${decision.id} was corrected; link the correcting record instead`);
  requireDecisionUnused(decision.id, decisionUse);
  const auditId = decision.subject.auditId;
  if (auditId === undefined) throw preconditionFailed(`certification decision ${decision.id} names no audit`);
  if (audit === undefined) throw notFound(`audit ${auditId} of certification decision ${decision.id} (record it with evidence:recordAudit)`);
  checkAuditFits(audit, cert, ['RECERTIFICATION'], 'a recertification');
  if (audit.mode !== 'ON_SITE') throw preconditionFailed(`audit ${auditId} was ${audit.mode}; recertification is audited on site (CNCA-QMS-01:2025 5.8.2)`);
  const cycleStart = shanghaiDateOf(cert.issuedAt, 'certificate.issuedAt');
  if (audit.startDate < cycleStart) {
    throw preconditionFailed(`audit ${auditId} began ${audit.startDate}, before the current cycle of ${cert.certificateNo} began (${cycleStart})`);
  }
  requireAuditUnused(auditId, auditUse);
  requireNoOpenMajor(auditId, openMajor, 'the recertification');
  const held = cert.surveillances?.length ?? 0;
  if (held < charter.minSurveillancesPerCycle) {
    throw preconditionFailed(
      `certificate ${cert.certificateNo} had ${held} surveillance audit${held === 1 ? '' : 's'} in this cycle; the charter requires ` +
        `${charter.minSurveillancesPerCycle} before recertification (CNCA-QMS-01:2025 5.4.1.4)`,
    );
  }
}

/**
 * The certificate of the new cycle. Without a new number the record continues under its number
 * (as organic certificates do, docs/domain.md §4.3); with one (the R-cycle digit of management-system
 * numbers changes) a new record is made and the old one is CANCELLED with reason RECERTIFIED.
 * Either way the new cycle starts now: issuedAt is now, its surveillance clock starts afresh, and
 * `previousCycle` links the cycle it renews.
 */
export function recertifiedCertificate(
  cert: Certificate,
  params: { decisionEvidenceId: string; expiresAt: string; newCertificateNo?: string; now: string },
): { renewed: Certificate; previous?: Certificate } {
  const { decisionEvidenceId, expiresAt, newCertificateNo, now } = params;
  const old = structuredClone(cert);
  const cycle = (old.cycle ?? 0) + 1;
  const previousCycle = {
    certificateNo: old.certificateNo, cycle: old.cycle ?? 0, issuedAt: old.issuedAt, expiresAt: old.expiresAt, surveillances: old.surveillances?.length ?? 0,
  };
  const renewed: Certificate = {
    ...structuredClone(old),
    certificateNo: newCertificateNo ?? old.certificateNo,
    issuedAt: now,
    expiresAt: new Date(parseIso(expiresAt, 'expiresAt')).toISOString(),
    status: 'VALID',
    statusReason: RECERTIFIED,
    statusSince: now,
    cycle,
    previousCycle,
    surveillances: [],
  };
  delete renewed.lastSurveillanceAt;
  delete renewed.suspendedUntil;
  // a new cycle has its own suspension allowance (domain/suspension.ts)
  delete renewed.suspensions;
  delete renewed.suspendedBy;
  delete renewed.statusReasonCode;
  if (newCertificateNo === undefined) {
    renewed.evidenceIds = old.evidenceIds.includes(decisionEvidenceId) ? old.evidenceIds : [...old.evidenceIds, decisionEvidenceId];
    return { renewed };
  }
  renewed.evidenceIds = [decisionEvidenceId];
  renewed.scopeHistory = [];
  delete renewed.transferredFrom;
  const previous: Certificate = {
    ...old,
    status: 'CANCELLED',
    statusReason: `${RECERTIFIED}: renewed as ${newCertificateNo} (cycle ${cycle})`,
    statusSince: now,
  };
  delete previous.suspendedUntil;
  return { renewed, previous };
}
