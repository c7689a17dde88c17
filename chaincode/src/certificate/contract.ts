// The certificate contract: issue and lifecycle of certificates under the §5.3 state machine, the
// time-driven sweep, transfer between bodies (IAF MD 2), credit events [DIGI (六)(七)],
// accreditation, public verification, and random inspection by commit/reveal [BULLETIN].
import { Info, Returns, Transaction } from 'fabric-contract-api';
import type { certificateApi } from '../api/certificate';
import type { Implementation } from '../api/transaction';
import {
  applySweep,
  cancelCertificate,
  changeScope,
  checkIssueRules,
  checkTransfer,
  expireCertificate,
  recordSurveillance,
  restoreCertificate,
  statusAt,
  sweepAction,
  transferredCertificate,
  type SweepAction,
} from '../domain/certificate-rules';
import { checkCertificateNoIssuer } from '../domain/certificate-number';
import { validateOrganizationChangeReason } from '../domain/dictionaries/change-reasons';
import {
  checkIssueBasis,
  checkRecertification,
  checkSurveillanceAudit,
  recertifiedCertificate,
  type AuditUse,
  type DecisionUse,
} from '../domain/certification-cycle';
import { changeOrganization, organizationKey } from '../domain/organization';
import {
  actorOf,
  checkClosable,
  checkLiftSuspension,
  checkRevision,
  closedCreditEvent,
  creditEventSuspension,
  creditEventVersionAt,
  imposeSuspension,
  imposeWithdrawal,
  liftCreditEventSuspensions,
  revisedCreditEvent,
  suspendableByCreditEvent,
  withSuspended,
  type Actor,
} from '../domain/measures';
import { checkIssuerQualification, checkOrganisationHistory, openSeriousEvents } from '../domain/qualification';
import { addSeconds, parseIso } from '../domain/time';
import type {
  Accreditation,
  Audit,
  Certificate,
  CertificateStatus,
  Charter,
  CreditEvent,
  CreditEventLift,
  EvidenceRecord,
  Member,
} from '../domain/types';
import { loadCharter } from '../shared/charter';
import { CertledgerContext, USER_ROLES, type UserRole } from '../shared/context';
import { CertledgerContract } from '../shared/contract';
import { alreadyExists, conflict, forbidden, invalidArgument, notFound, preconditionFailed } from '../shared/errors';
import { Events } from '../shared/events';
import { Keys } from '../shared/keys';
import { toJson } from '../shared/marshal';
import {
  parseAccreditationState,
  parseAuditId,
  parseCancel,
  parseCertificateNo,
  parseCreditEventId,
  parseCreditEventInput,
  parseCreditEventRevision,
  parseEvidenceId,
  parseEvidenceIds,
  parseIssueInput,
  parseLimit,
  parseMspId,
  parseOptionalTimestamp,
  parseReason,
  parseScope,
  parseScopeCodes,
  parseSweepBookmark,
  parseText,
  parseTimestamp,
  parseOrganizationChangeArg,
  parseOrganizationKey,
} from './inputs';
import type { CertificateView, StatusChangeEntry, TransferConsent } from './types';

/** Only a certification body's issuer users change its certificates. */
const ISSUER_USERS: readonly UserRole[] = ['issuer'];
const ACCREDITATION_USERS: readonly UserRole[] = ['admin', 'issuer'];
const REGULATOR_USERS: readonly UserRole[] = ['regulator'];
/** Suspend, restore and withdraw: the issuer on its own certificates, the regulator on any (measures.ts actorOf). */
const STATUS_USERS: readonly UserRole[] = ['issuer', 'regulator'];
const STATUS_MEMBERS: readonly Member['role'][] = ['CERTIFICATION_BODY', 'REGULATOR'];

const EFFECTIVE_STATUS: Readonly<Record<SweepAction['action'], CertificateStatus>> = {
  EXPIRE: 'EXPIRED',
  WITHDRAW: 'WITHDRAWN',
  SUSPEND: 'SUSPENDED',
};

interface WriteStart {
  charter: Charter;
  now: string;
  member: Member;
}

@Info({ title: 'certificate', description: 'Certificates: issue, lifecycle, sweep, transfer, credit events, accreditation, verification' })
export class CertificateContract extends CertledgerContract implements Implementation<typeof certificateApi, CertledgerContext> {
  constructor() {
    super('certificate');
  }

  // -------------------------------------------------------------------------------------------
  // issue and lifecycle

  /** Issues a certificate on a granting CERTIFICATION_DECISION of the caller's body. */
  @Transaction()
  @Returns('string')
  async issue(ctx: CertledgerContext, certificateJson: string) {
    const { input, warnings } = parseIssueInput(certificateJson);
    const { charter, now, member } = await this.#begin(ctx, ISSUER_USERS, ['CERTIFICATION_BODY']);
    checkCertificateNoIssuer(input.certificateNo, member, 'certificate.certificateNo');
    if (await ctx.state.exists(Keys.certificate, [input.certificateNo])) {
      throw alreadyExists(`certificate ${input.certificateNo} (certificate numbers are unique across the consortium; choose another)`);
    }
    const certificate: Certificate = {
      certificateNo: input.certificateNo,
      issuer: member.mspId,
      scheme: input.scheme,
      standard: input.standard,
      organization: input.organization,
      scope: input.scope,
      scopeCodes: input.scopeCodes,
      sectorCode: input.sectorCode,
      issuedAt: input.issuedAt,
      expiresAt: input.expiresAt,
      status: 'VALID',
      statusReason: 'ISSUED',
      statusSince: now,
      evidenceIds: input.evidenceIds,
      scopeHistory: [],
    };
    const decision = await ctx.state.get<EvidenceRecord>(Keys.evidence, [input.decisionEvidenceId]);
    checkIssueRules({ certificate, issuerMember: member, decision, now, charter });
    await this.#checkIssuingAllowed(ctx, certificate, member, now, charter);
    // evidence is corrected by superseding it: a corrected decision no longer stands
    const correction = await ctx.state.get<{ id: string }>(Keys.evidenceSupersededBy, [input.decisionEvidenceId]);
    if (correction !== undefined) {
      throw preconditionFailed(
        `certification decision ${input.decisionEvidenceId} was corrected by ${correction.id}; link the correcting record instead`,
      );
    }
    const basis = await this.#issueBasis(ctx, certificate, decision as EvidenceRecord);
    await this.#requireEvidence(ctx, input.evidenceIds.slice(1), 'certificate.evidenceIds');

    await this.#putNew(ctx, certificate);
    await this.#recordUses(ctx, basis, certificate.certificateNo, 'CERTIFICATE', now);
    ctx.emit(Events.CertificateIssued, {
      certificateNo: certificate.certificateNo,
      issuer: certificate.issuer,
      uscc: organizationKey(certificate.organization),
      scheme: certificate.scheme,
      expiresAt: certificate.expiresAt,
    });
    return toJson({ certificate, warnings });
  }

  /**
   * VALID → SUSPENDED until `suspendedUntil` (at most the charter's maximum suspension), by the
   * issuer or by the regulator (with a reason code) [DIGI (六)三]; the certificate records who.
   */
  @Transaction()
  @Returns('string')
  async suspend(ctx: CertledgerContext, certNo: string, reason: string, suspendedUntil: string) {
    const no = parseCertificateNo(certNo);
    const parsedReason = parseReason(reason, 'SUSPENSION');
    const until = parseTimestamp(suspendedUntil, 'suspendedUntil');
    const { charter, now, member } = await this.#begin(ctx, STATUS_USERS, STATUS_MEMBERS);
    const actor = actorOf(ctx.caller.role, member);
    const cert = await this.#actorsCertificate(ctx, actor, no);
    return this.#changeStatus(ctx, cert, imposeSuspension(cert, { reason: parsedReason, suspendedUntil: until }, actor, now, charter), actor.mspId);
  }

  /**
   * SUSPENDED → VALID, linking the evidence of the activity that resolved the suspension. The
   * issuer lifts its own suspensions; the regulator lifts its own and its credit events'.
   */
  @Transaction()
  @Returns('string')
  async restore(ctx: CertledgerContext, certNo: string, evidenceIdsJson: string) {
    const no = parseCertificateNo(certNo);
    const evidenceIds = parseEvidenceIds(evidenceIdsJson, 'evidenceIds', 1);
    const { now, member } = await this.#begin(ctx, STATUS_USERS, STATUS_MEMBERS);
    const actor = actorOf(ctx.caller.role, member);
    const cert = await this.#actorsCertificate(ctx, actor, no);
    // what the regulator imposed only the regulator lifts (measures.ts)
    checkLiftSuspension({ cert, actor, openSerious: await this.#openSerious(ctx, organizationKey(cert.organization)), action: 'restore' });
    const restored = restoreCertificate(cert, { evidenceIds }, now);
    await this.#requireEvidence(ctx, evidenceIds, 'evidenceIds');
    return this.#changeStatus(ctx, cert, restored, actor.mspId);
  }

  /** VALID or SUSPENDED → WITHDRAWN (撤销), by the issuer or by the regulator (with a reason code) [DIGI (六)三]. */
  @Transaction()
  @Returns('string')
  async withdraw(ctx: CertledgerContext, certNo: string, reason: string) {
    const no = parseCertificateNo(certNo);
    const parsedReason = parseReason(reason, 'WITHDRAWAL');
    const { now, member } = await this.#begin(ctx, STATUS_USERS, STATUS_MEMBERS, true);
    const actor = actorOf(ctx.caller.role, member);
    const cert = await this.#actorsCertificate(ctx, actor, no);
    return this.#changeStatus(ctx, cert, imposeWithdrawal(cert, parsedReason, actor, now), actor.mspId);
  }

  /** VALID or SUSPENDED → CANCELLED (注销): HOLDER_REQUEST, or TRANSFERRED to a body outside the consortium. */
  @Transaction()
  @Returns('string')
  async cancel(ctx: CertledgerContext, certNo: string, reason: string, note: string) {
    const no = parseCertificateNo(certNo);
    const params = parseCancel(reason, note);
    const { now, member } = await this.#begin(ctx, ISSUER_USERS, ['CERTIFICATION_BODY'], true);
    const cert = await this.#issuersCertificate(ctx, no);
    // a cancellation would end the regulator's suspension by another name
    checkLiftSuspension({ cert, actor: { authority: 'ISSUER', mspId: member.mspId }, openSerious: [], action: 'cancel' });
    return this.#changeStatus(ctx, cert, cancelCertificate(cert, params, now));
  }

  /** VALID or SUSPENDED → EXPIRED once expiresAt has passed (sweep does the same for anyone). */
  @Transaction()
  @Returns('string')
  async expire(ctx: CertledgerContext, certNo: string) {
    const no = parseCertificateNo(certNo);
    const { now } = await this.#begin(ctx, ISSUER_USERS, ['CERTIFICATION_BODY'], true);
    const cert = await this.#issuersCertificate(ctx, no);
    return this.#changeStatus(ctx, cert, expireCertificate(cert, now));
  }

  /**
   * Records a surveillance audit of the issuer on a VALID certificate, or on a SUSPENDED one before
   * it is restored. The surveillance clock runs on the audit's dates; one audit counts once; an
   * overdue VALID certificate must be suspended first (docs/domain.md §4.5, CNCA-QMS-01:2025 5.4.1.4).
   */
  @Transaction()
  @Returns('string')
  async recordSurveillance(ctx: CertledgerContext, certNo: string, auditId: string, evidenceIdsJson: string) {
    const no = parseCertificateNo(certNo);
    const audit = parseAuditId(auditId);
    const evidenceIds = parseEvidenceIds(evidenceIdsJson, 'evidenceIds', 0);
    const { charter, now } = await this.#begin(ctx, ISSUER_USERS, ['CERTIFICATION_BODY']);
    const cert = await this.#issuersCertificate(ctx, no);
    const record = await ctx.state.mustGet<Audit>(Keys.audit, [audit], `audit ${audit} (record it with evidence:recordAudit first)`);
    const updated = recordSurveillance(cert, { auditId: audit, startDate: record.startDate, endDate: record.endDate, evidenceIds }, now);
    checkSurveillanceAudit({ cert, audit: record, use: await ctx.state.get<AuditUse>(Keys.auditUse, [audit]), now, charter });
    await this.#requireEvidence(ctx, evidenceIds, 'evidenceIds');
    await ctx.state.put(Keys.certificate, [no], updated);
    await this.#recordUses(ctx, { auditId: audit }, no, 'SURVEILLANCE', now);
    ctx.emit(Events.CertificateSurveilled, { certificateNo: no, issuer: cert.issuer, auditId: audit, lastSurveillanceAt: updated.lastSurveillanceAt });
    return toJson(updated);
  }

  /**
   * Renews a VALID certificate into a new cycle before it expires, on a GRANT decision resting on an
   * on-site RECERTIFICATION audit (CNCA-QMS-01:2025 5.8.2). `newExpiresAt` may be based on the
   * current expiry (ISO/IEC 17021-1 §9.1.3). Without `newCertificateNo` ('') the number stays and
   * the record continues; with one, a new record continues the cycle and the old one is CANCELLED
   * (RECERTIFIED). Either way `previousCycle` links the cycle renewed.
   */
  @Transaction()
  @Returns('string')
  async recertify(ctx: CertledgerContext, certNo: string, decisionEvidenceId: string, newExpiresAt: string, newCertificateNo: string) {
    const no = parseCertificateNo(certNo);
    const decisionId = parseEvidenceId(decisionEvidenceId, 'decisionEvidenceId');
    const expiresAt = parseTimestamp(newExpiresAt, 'newExpiresAt');
    const newNo = newCertificateNo === '' ? undefined : parseCertificateNo(newCertificateNo, 'newCertificateNo');
    const { charter, now, member } = await this.#begin(ctx, ISSUER_USERS, ['CERTIFICATION_BODY']);
    const cert = await this.#issuersCertificate(ctx, no);
    // a renewal issues a new cycle: the body must be qualified to issue now (docs/contracts.md §3.4 recertify), and a
    // new number carries its CB code (docs/domain.md §4.3)
    checkIssuerQualification({ body: member, accreditation: await ctx.state.get<Accreditation>(Keys.accreditation, [member.mspId]), now });
    if (newNo !== undefined) checkCertificateNoIssuer(newNo, member, 'newCertificateNo');
    const decision = await ctx.state.get<EvidenceRecord>(Keys.evidence, [decisionId]);
    const auditId = decision?.subject.auditId;
    const basis = await this.#basisState(ctx, decisionId, auditId);
    checkRecertification({
      cert,
      decision,
      decisionSuperseded: await ctx.state.exists(Keys.evidenceSupersededBy, [decisionId]),
      audit: auditId === undefined ? undefined : await ctx.state.get<Audit>(Keys.audit, [auditId]),
      openMajor: basis.openMajor,
      decisionUse: basis.decisionUse,
      auditUse: basis.auditUse,
      expiresAt,
      newCertificateNo: newNo,
      now,
      charter,
    });
    if (newNo !== undefined && (await ctx.state.exists(Keys.certificate, [newNo]))) {
      throw alreadyExists(`certificate ${newNo} (certificate numbers are unique across the consortium; choose another)`);
    }
    const { renewed, previous } = recertifiedCertificate(cert, { decisionEvidenceId: decisionId, expiresAt, now, ...(newNo !== undefined ? { newCertificateNo: newNo } : {}) });
    if (previous === undefined) {
      await ctx.state.put(Keys.certificate, [no], renewed);
    } else {
      await this.#putNew(ctx, renewed);
      await ctx.state.put(Keys.certificate, [no], previous);
    }
    await this.#recordUses(ctx, { decisionId, auditId: auditId as string }, renewed.certificateNo, 'RECERTIFICATION', now);
    ctx.emit(Events.CertificateRecertified, {
      certificateNo: renewed.certificateNo, previousCertificateNo: no, issuer: renewed.issuer, uscc: organizationKey(renewed.organization),
      cycle: renewed.cycle, expiresAt: renewed.expiresAt, decisionEvidenceId: decisionId, auditId,
    });
    return toJson(previous === undefined ? { certificate: renewed } : { certificate: renewed, previous });
  }

  /** Reduces or extends the scope of a VALID certificate; the replaced scope stays in scopeHistory. */
  @Transaction()
  @Returns('string')
  async changeScope(ctx: CertledgerContext, certNo: string, scope: string, scopeCodesJson: string, reason: string) {
    const no = parseCertificateNo(certNo);
    const newScope = parseScope(scope);
    const scopeCodes = parseScopeCodes(scopeCodesJson);
    const text = parseText(reason, 'reason');
    const { now } = await this.#begin(ctx, ISSUER_USERS, ['CERTIFICATION_BODY']);
    const cert = await this.#issuersCertificate(ctx, no);
    const updated = changeScope(cert, { scope: newScope, scopeCodes, reason: text }, now);
    await ctx.state.put(Keys.certificate, [no], updated);
    ctx.emit(Events.CertificateScopeChanged, {
      certificateNo: no, issuer: cert.issuer, scopeCodes: updated.scopeCodes, previousScopeCodes: cert.scopeCodes, reason: text,
    });
    return toJson(updated);
  }

  /**
   * A new name, address or region of the certified organisation [DIGI (七) 地址变更、兼并重组], with
   * a change reason code; the organisation as it was stays in organizationHistory.
   */
  @Transaction()
  @Returns('string')
  async changeOrganization(ctx: CertledgerContext, certNo: string, changesJson: string, reasonCode: string) {
    const no = parseCertificateNo(certNo);
    const { changes, warnings } = parseOrganizationChangeArg(changesJson);
    // arguments before state: the code list is checked here too (changeOrganization checks it again)
    const { code } = validateOrganizationChangeReason(reasonCode, 'reasonCode');
    const { now } = await this.#begin(ctx, ISSUER_USERS, ['CERTIFICATION_BODY']);
    const cert = await this.#issuersCertificate(ctx, no);
    const updated = changeOrganization(cert, changes, code, now);
    await ctx.state.put(Keys.certificate, [no], updated);
    ctx.emit(Events.CertificateOrganizationChanged, {
      certificateNo: no, issuer: cert.issuer, organization: organizationKey(cert.organization), reasonCode: code,
      changed: (['name', 'address', 'regionCode'] as const).filter((f) => updated.organization[f] !== cert.organization[f]),
    });
    return toJson({ certificate: updated, warnings });
  }

  // -------------------------------------------------------------------------------------------
  // transfer (IAF MD 2)

  /** The issuer consents to `acceptingBody` taking over a VALID certificate. */
  @Transaction()
  @Returns('string')
  async consentToTransfer(ctx: CertledgerContext, certNo: string, acceptingBody: string) {
    const no = parseCertificateNo(certNo);
    const accepting = parseMspId(acceptingBody, 'acceptingBody');
    const { charter, now, member } = await this.#begin(ctx, ISSUER_USERS, ['CERTIFICATION_BODY'], true);
    const cert = await this.#issuersCertificate(ctx, no);
    checkTransfer({
      source: cert,
      acceptingBody: accepting,
      sourceIssuer: member,
      issuerAccreditation: await ctx.state.get<Accreditation>(Keys.accreditation, [cert.issuer]),
      now,
      charter,
    });
    const target = await ctx.state.mustGet<Member>(Keys.member, [accepting], `member ${accepting}`);
    if (target.role !== 'CERTIFICATION_BODY' || target.status !== 'ACTIVE') {
      throw preconditionFailed(`${accepting} is a ${target.status} ${target.role} member; only an ACTIVE CERTIFICATION_BODY can accept a transfer`);
    }
    if (await ctx.state.exists(Keys.transferConsent, [no, accepting])) {
      throw alreadyExists(`consent to transfer certificate ${no} to ${accepting}`);
    }
    const consent: TransferConsent = {
      certificateNo: no, issuer: cert.issuer, acceptingBody: accepting, consentedBy: ctx.caller.subject, at: now, txId: ctx.txId,
    };
    await ctx.state.put(Keys.transferConsent, [no, accepting], consent);
    ctx.emit(Events.TransferConsented, { certificateNo: no, issuer: cert.issuer, acceptingBody: accepting });
    return toJson(consent);
  }

  /**
   * The accepting body takes over a VALID certificate: a new certificate continuing its cycle, and
   * the source CANCELLED/TRANSFERRED, in one transaction. Needs the issuer's consent unless the
   * issuer was expelled or exited, or its accreditation was withdrawn within the transfer window.
   */
  @Transaction()
  @Returns('string')
  async transfer(ctx: CertledgerContext, sourceNo: string, newCertificateNo: string, evidenceIdsJson: string) {
    const from = parseCertificateNo(sourceNo, 'sourceNo');
    const to = parseCertificateNo(newCertificateNo, 'newCertificateNo');
    const evidenceIds = parseEvidenceIds(evidenceIdsJson, 'evidenceIds', 1);
    if (from === to) throw invalidArgument('newCertificateNo', 'must differ from sourceNo: the accepting body issues a new number');
    const { charter, now, member } = await this.#begin(ctx, ISSUER_USERS, ['CERTIFICATION_BODY']);
    const source = await this.#certificate(ctx, from);
    const { withoutConsent } = checkTransfer({
      source,
      acceptingBody: member.mspId,
      sourceIssuer: await ctx.state.get<Member>(Keys.member, [source.issuer]),
      issuerAccreditation: await ctx.state.get<Accreditation>(Keys.accreditation, [source.issuer]),
      now,
      charter,
    });
    if (!withoutConsent && !(await ctx.state.exists(Keys.transferConsent, [from, member.mspId]))) {
      throw preconditionFailed(
        `${source.issuer} has not consented to transfer certificate ${from} to ${member.mspId}; its issuer calls ` +
          'certificate:consentToTransfer first (consent is waived only when the issuer was expelled, has exited, is ' +
          'SUSPENDED or EXITING, or its accreditation was suspended or withdrawn within the transfer window)',
      );
    }
    checkCertificateNoIssuer(to, member, 'newCertificateNo');
    // the accepting body issues the new certificate: it must be qualified to issue
    checkIssuerQualification({ body: member, accreditation: await ctx.state.get<Accreditation>(Keys.accreditation, [member.mspId]), now });
    if (await ctx.state.exists(Keys.certificate, [to])) {
      throw alreadyExists(`certificate ${to} (certificate numbers are unique across the consortium; choose another)`);
    }
    await this.#requireEvidence(ctx, evidenceIds, 'evidenceIds');
    const certificate = transferredCertificate(source, { certificateNo: to, issuer: member.mspId, now, evidenceIds });
    const cancelled = cancelCertificate(source, { reason: 'TRANSFERRED', note: `to ${member.mspId} as ${to}` }, now);

    await this.#putNew(ctx, certificate);
    await ctx.state.put(Keys.certificate, [from], cancelled);
    ctx.emit(Events.CertificateTransferred, {
      source: from, certificateNo: to, from: source.issuer, to: member.mspId, uscc: organizationKey(source.organization), withoutConsent,
    });
    return toJson({ certificate, source: cancelled, withoutConsent });
  }

  // -------------------------------------------------------------------------------------------
  // sweep

  /**
   * Applies the time rules (expiry; unresolved suspension → withdrawal; overdue surveillance →
   * suspension) to up to `limit` certificates after `bookmark`. Any ACTIVE member's user may run
   * it; a second run changes nothing.
   */
  @Transaction()
  @Returns('string')
  async sweep(ctx: CertledgerContext, limit: string, bookmark: string) {
    const size = parseLimit(limit, 'limit');
    const after = parseSweepBookmark(bookmark);
    const { charter, now } = await this.#begin(ctx, USER_ROLES);
    const { entries, more } = await ctx.state.listFrom<Certificate>(Keys.certificate, after === '' ? [] : [after], size);
    const changed: StatusChangeEntry[] = [];
    for (const { value: cert } of entries) {
      if (cert === undefined) continue;
      const due = sweepAction(cert, now, charter);
      if (due === undefined) continue;
      const updated = applySweep(cert, due, now, charter);
      await ctx.state.put(Keys.certificate, [cert.certificateNo], updated);
      changed.push({ certificateNo: cert.certificateNo, issuer: cert.issuer, from: cert.status, to: updated.status, reason: updated.statusReason });
    }
    const last = entries[entries.length - 1];
    const next = more && last !== undefined ? (last.parts[0] as string) : '';
    if (changed.length > 0) ctx.emit(Events.CertificatesSwept, { changed });
    return toJson({ changed, scanned: entries.length, bookmark: next });
  }

  // -------------------------------------------------------------------------------------------
  // credit events and accreditation

  /**
   * The regulator records a credit event about an organisation. A SERIOUS one suspends every VALID
   * certificate of the organisation in the same transaction, naming the event as the reason.
   */
  @Transaction()
  @Returns('string')
  async creditEvent(ctx: CertledgerContext, eventJson: string) {
    const input = parseCreditEventInput(eventJson);
    const { charter, now, member } = await this.#begin(ctx, REGULATOR_USERS, ['REGULATOR']);
    const latest = addSeconds(now, charter.maxClockSkewSeconds);
    if (parseIso(input.occurredAt) > parseIso(latest)) {
      throw invalidArgument('event.occurredAt', `is in the future; it must be no later than ${latest}`);
    }
    const id = ctx.txId;
    const { updates, suspended } = input.severity === 'SERIOUS'
      ? await this.#suspendForCreditEvent(ctx, { id, uscc: input.uscc, type: input.type, recordedBy: member.mspId }, now, charter)
      : { updates: [], suspended: [] };
    const event: CreditEvent = {
      id,
      uscc: input.uscc,
      type: input.type,
      severity: input.severity,
      source: input.source,
      occurredAt: input.occurredAt,
      recordedBy: member.mspId,
      txId: ctx.txId,
      timestamp: now,
      suspended: suspended.map((s) => s.certificateNo),
      status: 'OPEN',
      revisions: [],
    };
    await ctx.state.put(Keys.creditEvent, [input.uscc, id], event);
    for (const cert of updates) await ctx.state.put(Keys.certificate, [cert.certificateNo], cert);
    ctx.emit(Events.CreditEventRecorded, { id, uscc: input.uscc, type: input.type, severity: input.severity, suspended });
    return toJson(event);
  }

  /**
   * The regulator closes a credit event. Closing a SERIOUS one lifts the suspensions it imposed
   * that still hold (measures.ts liftCreditEventSuspensions): restored, handed over to another open
   * SERIOUS event of the organisation, or — past suspendedUntil or expiry — left to the sweep.
   */
  @Transaction()
  @Returns('string')
  async closeCreditEvent(ctx: CertledgerContext, uscc: string, eventId: string, note: string) {
    const code = parseOrganizationKey(uscc);
    const id = parseCreditEventId(eventId);
    const text = parseText(note, 'note');
    const { charter, now, member } = await this.#begin(ctx, REGULATOR_USERS, ['REGULATOR']);
    const event = await this.#creditEvent(ctx, code, id);
    checkClosable(event);
    const { lift, others } = await this.#liftForCreditEvent(ctx, event, now, charter);
    const closed = closedCreditEvent(event, { note: text, by: member.mspId, now, txId: ctx.txId }, lift);
    await ctx.state.put(Keys.creditEvent, [code, id], closed);
    for (const other of others) await ctx.state.put(Keys.creditEvent, [code, other.id], other);
    ctx.emit(Events.CreditEventClosed, { id, uscc: code, severity: event.severity, ...lift });
    return toJson({ event: closed, ...lift });
  }

  /**
   * The regulator revises a credit event's type, severity or source, with a note; every version
   * stays readable (`revisions`, and the key's history). Revised up to SERIOUS it suspends the
   * organisation's VALID certificates like a new SERIOUS event; revised down from SERIOUS it lifts
   * its suspensions like a close. A CLOSED event is not revised.
   */
  @Transaction()
  @Returns('string')
  async reviseCreditEvent(ctx: CertledgerContext, uscc: string, eventId: string, revisionJson: string) {
    const code = parseOrganizationKey(uscc);
    const id = parseCreditEventId(eventId);
    const revision = parseCreditEventRevision(revisionJson);
    const { charter, now, member } = await this.#begin(ctx, REGULATOR_USERS, ['REGULATOR']);
    const event = await this.#creditEvent(ctx, code, id);
    const { next, becomesSerious, leavesSerious } = checkRevision(event, revision);
    let suspended: { certificateNo: string; issuer: string }[] = [];
    let lift: CreditEventLift = { restored: [], movedTo: [], leftForSweep: [] };
    let others: CreditEvent[] = [];
    if (becomesSerious) {
      let updates: Certificate[];
      ({ updates, suspended } = await this.#suspendForCreditEvent(ctx, { id, uscc: code, type: next.type, recordedBy: event.recordedBy }, now, charter));
      for (const cert of updates) await ctx.state.put(Keys.certificate, [cert.certificateNo], cert);
    } else if (leavesSerious) {
      ({ lift, others } = await this.#liftForCreditEvent(ctx, event, now, charter));
    }
    const revised = revisedCreditEvent(event, revision, {
      by: member.mspId, now, txId: ctx.txId, suspended: suspended.map((x) => x.certificateNo), lift,
    });
    await ctx.state.put(Keys.creditEvent, [code, id], revised);
    for (const other of others) await ctx.state.put(Keys.creditEvent, [code, other.id], other);
    ctx.emit(Events.CreditEventRevised, {
      id, uscc: code, type: revised.type, severity: revised.severity, previousSeverity: event.severity, suspended, ...lift,
    });
    return toJson({ event: revised, suspended: suspended.map((x) => x.certificateNo), ...lift });
  }

  /** An organisation's credit events, oldest first (an organisation has few). */
  @Transaction(false)
  @Returns('string')
  async listCreditEvents(ctx: CertledgerContext, uscc: string) {
    const code = parseOrganizationKey(uscc);
    return toJson({ items: await this.#creditEventsOf(ctx, code) });
  }

  /** Every version of one credit event, oldest first, from the key's history. */
  @Transaction(false)
  @Returns('string')
  async creditEventHistory(ctx: CertledgerContext, uscc: string, eventId: string) {
    const code = parseOrganizationKey(uscc);
    const id = parseCreditEventId(eventId);
    const versions = await ctx.state.history<CreditEvent>(Keys.creditEvent, [code, id]);
    if (versions.length === 0) throw notFound(`credit event ${id} of organisation ${code}`);
    return toJson(versions.map(({ txId, timestamp, value }) => ({ txId, timestamp, value })));
  }

  /** An accreditation body records a certification body's accreditation state. */
  @Transaction()
  @Returns('string')
  async recordAccreditation(ctx: CertledgerContext, body: string, state: string, reason: string) {
    const cb = parseMspId(body, 'body');
    const accreditationState = parseAccreditationState(state);
    const text = parseText(reason, 'reason');
    const { now, member } = await this.#begin(ctx, ACCREDITATION_USERS, ['ACCREDITATION_BODY']);
    const target = await ctx.state.mustGet<Member>(Keys.member, [cb], `member ${cb}`);
    if (target.role !== 'CERTIFICATION_BODY') {
      throw preconditionFailed(`${cb} is a ${target.role} member; accreditation is recorded for CERTIFICATION_BODY members`);
    }
    const current = await ctx.state.get<Accreditation>(Keys.accreditation, [cb]);
    if (current?.state === accreditationState) {
      // re-recording would move `since`, and with it the end of a withdrawal's transfer window
      throw conflict(`${cb} is already ${current.state} since ${current.since}; record a change of state only`);
    }
    const accreditation: Accreditation = { body: cb, state: accreditationState, recordedBy: member.mspId, since: now, reason: text };
    await ctx.state.put(Keys.accreditation, [cb], accreditation);
    ctx.emit(Events.AccreditationChanged, {
      body: cb, state: accreditationState, previous: current?.state ?? null, recordedBy: member.mspId, reason: text,
    });
    return toJson(accreditation);
  }

  // -------------------------------------------------------------------------------------------
  // reading

  /**
   * The public view of a certificate; with `at` (ISO-8601, '' for now) the version in force at that
   * moment, from the key's history.
   */
  @Transaction(false)
  @Returns('string')
  async verify(ctx: CertledgerContext, certNo: string, at: string) {
    const no = parseCertificateNo(certNo);
    const moment = parseOptionalTimestamp(at, 'at');
    const charter = await loadCharter(ctx);
    let cert: Certificate;
    let accreditation: Accreditation | undefined;
    if (moment === undefined) {
      cert = await this.#certificate(ctx, no);
      accreditation = await ctx.state.get<Accreditation>(Keys.accreditation, [cert.issuer]);
    } else {
      const versions = await ctx.state.history<Certificate>(Keys.certificate, [no]);
      if (versions.length === 0) throw notFound(`certificate ${no}`);
      const found = statusAt(versions, moment);
      if (found === undefined) throw notFound(`certificate ${no} at ${moment} (it was first recorded at ${versions[0]?.timestamp ?? '?'})`);
      cert = found;
      accreditation = versionAt(await ctx.state.history<Accreditation>(Keys.accreditation, [cert.issuer]), moment);
    }
    const asOf = moment ?? ctx.txTime;
    const issuer = await ctx.state.get<Member>(Keys.member, [cert.issuer]);
    const events = await ctx.state.list<CreditEvent>(Keys.creditEvent, [organizationKey(cert.organization)]);
    const creditEvents = events
      // at a past moment, only the events recorded by then
      .flatMap(({ value }) => (value === undefined || (moment !== undefined && parseIso(value.timestamp) > parseIso(moment)) ? [] : [value]))
      .sort((a, b) => compareStrings(a.occurredAt, b.occurredAt) || compareStrings(a.timestamp, b.timestamp) || compareStrings(a.id, b.id))
      // at a past moment, the version in force then (its revisions) and whether it was closed by then
      .map((e) => creditEventVersionAt(e, moment));
    const pending = sweepAction(cert, asOf, charter);

    const view: CertificateView = {
      certificateNo: cert.certificateNo,
      status: cert.status,
      statusReason: cert.statusReason,
      statusSince: cert.statusSince,
      effectiveStatus: pending === undefined ? cert.status : EFFECTIVE_STATUS[pending.action],
      holder: holderOf(cert),
      scheme: cert.scheme,
      standard: cert.standard,
      scope: cert.scope,
      scopeCodes: cert.scopeCodes,
      issuedAt: cert.issuedAt,
      expiresAt: cert.expiresAt,
      issuer: {
        mspId: cert.issuer,
        accreditation: accreditation === undefined
          ? null
          : { state: accreditation.state, since: accreditation.since, recordedBy: accreditation.recordedBy },
      },
      creditEvents,
      asOf,
    };
    if (issuer !== undefined) {
      view.issuer.name = issuer.name;
      view.issuer.memberStatus = issuer.status;
    }
    if (cert.suspendedUntil !== undefined) view.suspendedUntil = cert.suspendedUntil;
    if (pending !== undefined) view.pending = pending;
    if (cert.lastSurveillanceAt !== undefined) view.lastSurveillanceAt = cert.lastSurveillanceAt;
    if (cert.transferredFrom !== undefined) view.transferredFrom = cert.transferredFrom;
    return toJson(view);
  }

  /** The full certificate record. */
  @Transaction(false)
  @Returns('string')
  async get(ctx: CertledgerContext, certNo: string) {
    return toJson(await this.#certificate(ctx, parseCertificateNo(certNo)));
  }

  /** An organisation's certificates (every issuer, every status), a page at a time. */
  @Transaction(false)
  @Returns('string')
  async listByOrganization(ctx: CertledgerContext, uscc: string, pageSize: string, bookmark: string) {
    const code = parseOrganizationKey(uscc);
    return this.#listByIndex(ctx, Keys.certificateByOrg, code, parseLimit(pageSize, 'pageSize'), bookmark);
  }

  /** A body's certificates (every status), a page at a time. */
  @Transaction(false)
  @Returns('string')
  async listByIssuer(ctx: CertledgerContext, mspId: string, pageSize: string, bookmark: string) {
    const issuer = parseMspId(mspId, 'mspId');
    return this.#listByIndex(ctx, Keys.certificateByIssuer, issuer, parseLimit(pageSize, 'pageSize'), bookmark);
  }

  // -------------------------------------------------------------------------------------------
  // helpers (not transactions)

  /**
   * The start of every write, after its arguments are parsed: the charter (for the clock-skew
   * limit and the durations), the checked transaction time, then the caller's rights.
   */
  async #begin(ctx: CertledgerContext, userRoles: readonly UserRole[], memberRoles?: readonly Member['role'][], windingDown = false): Promise<WriteStart> {
    const charter = await loadCharter(ctx);
    const now = ctx.checkedTime(charter.maxClockSkewSeconds);
    const member = await ctx.requireWriter(userRoles, memberRoles, windingDown);
    return { charter, now, member };
  }

  #certificate(ctx: CertledgerContext, no: string): Promise<Certificate> {
    return ctx.state.mustGet<Certificate>(Keys.certificate, [no], `certificate ${no}`);
  }

  /** A certificate the caller's body issued: only the issuer changes its certificates. */
  async #issuersCertificate(ctx: CertledgerContext, no: string): Promise<Certificate> {
    const cert = await this.#certificate(ctx, no);
    if (cert.issuer !== ctx.caller.mspId) {
      throw forbidden(`certificate ${no} was issued by ${cert.issuer}; only its issuer changes it (${ctx.caller.mspId} is not)`);
    }
    return cert;
  }

  /** The certificate the actor may change: the issuer its own (FORBIDDEN otherwise), the regulator any. */
  async #actorsCertificate(ctx: CertledgerContext, actor: Actor, no: string): Promise<Certificate> {
    return actor.authority === 'REGULATOR' ? this.#certificate(ctx, no) : this.#issuersCertificate(ctx, no);
  }

  async #creditEvent(ctx: CertledgerContext, uscc: string, id: string): Promise<CreditEvent> {
    return ctx.state.mustGet<CreditEvent>(Keys.creditEvent, [uscc, id], `credit event ${id} of organisation ${uscc}`);
  }

  /** An organisation's credit events, oldest first. */
  async #creditEventsOf(ctx: CertledgerContext, uscc: string): Promise<CreditEvent[]> {
    const events = await ctx.state.list<CreditEvent>(Keys.creditEvent, [uscc]);
    return events
      .flatMap(({ value }) => (value === undefined ? [] : [value]))
      .sort((a, b) => compareStrings(a.timestamp, b.timestamp) || compareStrings(a.id, b.id));
  }

  async #openSerious(ctx: CertledgerContext, uscc: string): Promise<CreditEvent[]> {
    return openSeriousEvents(await this.#creditEventsOf(ctx, uscc));
  }

  /** Suspends every VALID certificate of the organisation for a SERIOUS credit event (same transaction). */
  async #suspendForCreditEvent(
    ctx: CertledgerContext, event: Pick<CreditEvent, 'id' | 'uscc' | 'type' | 'recordedBy'>, now: string, charter: Charter,
  ): Promise<{ updates: Certificate[]; suspended: { certificateNo: string; issuer: string }[] }> {
    const updates: Certificate[] = [];
    const suspended: { certificateNo: string; issuer: string }[] = [];
    for (const { parts } of await ctx.state.list(Keys.certificateByOrg, [event.uscc])) {
      const cert = await this.#certificate(ctx, parts[1] as string);
      // a certificate already past its expiry is the sweep's to expire, not to suspend
      if (!suspendableByCreditEvent(cert, now, charter)) continue;
      updates.push(creditEventSuspension(cert, event, now, charter));
      suspended.push({ certificateNo: cert.certificateNo, issuer: cert.issuer });
    }
    return { updates, suspended };
  }

  /**
   * Lifts the suspensions `event` imposed (closing it, or revising it down from SERIOUS), writing
   * the certificates; returns the lift and the other events that took a suspension over (not yet
   * written: the caller writes them with the event).
   */
  async #liftForCreditEvent(ctx: CertledgerContext, event: CreditEvent, now: string, charter: Charter): Promise<{ lift: CreditEventLift; others: CreditEvent[] }> {
    const certificates: Certificate[] = [];
    for (const no of [...new Set(event.suspended)].sort(compareStrings)) {
      const cert = await ctx.state.get<Certificate>(Keys.certificate, [no]);
      if (cert !== undefined) certificates.push(cert);
    }
    const otherOpenSerious = (await this.#openSerious(ctx, event.uscc)).filter((e) => e.id !== event.id);
    const { updates, lift } = liftCreditEventSuspensions({ event, certificates, otherOpenSerious, now, charter });
    for (const cert of updates) await ctx.state.put(Keys.certificate, [cert.certificateNo], cert);
    const others: CreditEvent[] = [];
    for (const other of otherOpenSerious) {
      const taken = lift.movedTo.filter((m) => m.creditEventId === other.id).map((m) => m.certificateNo);
      if (taken.length > 0) others.push(withSuspended(other, taken));
    }
    return { lift, others };
  }

  /**
   * The checks at the issue time (docs/contracts.md §3.4 issue): the body's right to issue and its accreditation
   * (qualification.ts checkIssuerQualification), and the organisation's open SERIOUS credit events
   * and recent withdrawals for its own reasons (checkOrganisationHistory).
   */
  async #checkIssuingAllowed(ctx: CertledgerContext, certificate: Certificate, member: Member, now: string, charter: Charter): Promise<void> {
    checkIssuerQualification({ body: member, accreditation: await ctx.state.get<Accreditation>(Keys.accreditation, [member.mspId]), now });
    const uscc = organizationKey(certificate.organization);
    const certificates: Certificate[] = [];
    for (const { parts } of await ctx.state.list(Keys.certificateByOrg, [uscc])) {
      const cert = await ctx.state.get<Certificate>(Keys.certificate, [parts[1] as string]);
      if (cert !== undefined) certificates.push(cert);
    }
    checkOrganisationHistory({ uscc, scheme: certificate.scheme, creditEvents: await this.#creditEventsOf(ctx, uscc), certificates, now, charter });
  }

  async #requireEvidence(ctx: CertledgerContext, ids: readonly string[], field: string): Promise<void> {
    for (const [i, id] of ids.entries()) {
      if (!(await ctx.state.exists(Keys.evidence, [id]))) {
        throw notFound(`evidence ${id} named in ${field}[${i}] (anchor it with evidence:anchor first)`);
      }
    }
  }

  /** What the decision and its audit have been used for, and the audit's open MAJOR nonconformities of its body. */
  async #basisState(ctx: CertledgerContext, decisionId: string, auditId: string | undefined): Promise<{ openMajor: string[]; decisionUse?: DecisionUse; auditUse?: AuditUse }> {
    const state: { openMajor: string[]; decisionUse?: DecisionUse; auditUse?: AuditUse } = { openMajor: [] };
    // a decision backs one certificate, and so does every earlier version of it (the correction chain)
    const chain = [decisionId];
    for (let prev = (await ctx.state.get<EvidenceRecord>(Keys.evidence, [decisionId]))?.supersedes; prev !== undefined && chain.length < 100;) {
      chain.push(prev);
      prev = (await ctx.state.get<EvidenceRecord>(Keys.evidence, [prev]))?.supersedes;
    }
    for (const id of chain) {
      const use = await ctx.state.get<DecisionUse>(Keys.certificateByDecision, [id]);
      if (use !== undefined) {
        state.decisionUse = use;
        break;
      }
    }
    if (auditId === undefined) return state;
    const audit = await ctx.state.get<Audit>(Keys.audit, [auditId]);
    const auditUse = await ctx.state.get<AuditUse>(Keys.auditUse, [auditId]);
    if (auditUse !== undefined) state.auditUse = auditUse;
    // only the audit's body raises and closes its nonconformities (evidence:anchor); another body's cannot block it
    for (const { parts, value } of await ctx.state.list<{ severity: string }>(Keys.openNonconformity, [auditId])) {
      if (value?.severity !== 'MAJOR') continue;
      const nc = await ctx.state.get<EvidenceRecord>(Keys.evidence, [parts[1] as string]);
      if (audit !== undefined && nc?.submitter.mspId === audit.body) state.openMajor.push(parts[1] as string);
    }
    return state;
  }

  /** The audit-based checks of certificate:issue (docs/contracts.md §3.4, the decision's audit); returns what the certificate uses. */
  async #issueBasis(ctx: CertledgerContext, certificate: Certificate, decision: EvidenceRecord): Promise<{ decisionId: string; auditId: string }> {
    const auditId = decision.subject.auditId;
    const basis = await this.#basisState(ctx, decision.id, auditId);
    checkIssueBasis({
      certificate,
      decision,
      audit: auditId === undefined ? undefined : await ctx.state.get<Audit>(Keys.audit, [auditId]),
      openMajor: basis.openMajor,
      decisionUse: basis.decisionUse,
      auditUse: basis.auditUse,
    });
    return { decisionId: decision.id, auditId: auditId as string };
  }

  /** Marks the decision (when given) and the audit as used by `certificateNo`: each counts once. */
  async #recordUses(ctx: CertledgerContext, uses: { decisionId?: string; auditId: string }, certificateNo: string, use: AuditUse['use'], now: string): Promise<void> {
    if (uses.decisionId !== undefined) {
      const decisionUse: DecisionUse = { certificateNo, at: now };
      await ctx.state.put(Keys.certificateByDecision, [uses.decisionId], decisionUse);
    }
    const auditUse: AuditUse = { auditId: uses.auditId, use, certificateNo, at: now, txId: ctx.txId };
    if (uses.decisionId !== undefined) auditUse.decisionEvidenceId = uses.decisionId;
    await ctx.state.put(Keys.auditUse, [uses.auditId], auditUse);
  }

  async #putNew(ctx: CertledgerContext, certificate: Certificate): Promise<void> {
    await ctx.state.put(Keys.certificate, [certificate.certificateNo], certificate);
    await ctx.state.putIndex(Keys.certificateByOrg, [organizationKey(certificate.organization), certificate.certificateNo]);
    await ctx.state.putIndex(Keys.certificateByIssuer, [certificate.issuer, certificate.certificateNo]);
  }

  /** Writes a status change and announces it; `by` is the MSP ID that made it (the issuer, or the regulator). */
  async #changeStatus(ctx: CertledgerContext, before: Certificate, after: Certificate, by: string = before.issuer) {
    await ctx.state.put(Keys.certificate, [after.certificateNo], after);
    const change: StatusChangeEntry = {
      certificateNo: after.certificateNo, issuer: after.issuer, from: before.status, to: after.status, reason: after.statusReason,
    };
    ctx.emit(Events.CertificateStatusChanged, {
      ...change, suspendedUntil: after.suspendedUntil, reasonCode: after.statusReasonCode, suspendedBy: after.suspendedBy, by,
    });
    return toJson(after);
  }

  async #listByIndex(ctx: CertledgerContext, index: string, key: string, pageSize: number, bookmark: string) {
    const page = await ctx.state.page(index, [key], pageSize, bookmark, (parts) => parts[1] as string);
    const items: Certificate[] = [];
    for (const no of page.items) items.push(await this.#certificate(ctx, no));
    return toJson({ items, bookmark: page.bookmark });
  }
}

/** The version of a record in force at `at` from its history oldest first (same rule as statusAt). */
function versionAt<T>(history: { timestamp: string; value: T | undefined }[], at: string): T | undefined {
  const atMs = parseIso(at, 'at');
  let found: T | undefined;
  for (const entry of history) if (parseIso(entry.timestamp) <= atMs) found = entry.value;
  return found;
}

/** Who holds the certificate, as verify shows it: the name and the organisation's identifier. */
function holderOf(cert: Certificate): CertificateView['holder'] {
  const { name, uscc, country, registrationNo } = cert.organization;
  return uscc !== undefined ? { name, uscc } : { name, country: country ?? '', registrationNo: registrationNo ?? '' };
}

/** Code-unit order: deterministic on every endorser, unlike localeCompare. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
