// The certificate contract: issue and lifecycle of certificates under the §5.3 state machine, the
// time-driven sweep, transfer between bodies (IAF MD 2), credit events [DIGI (六)(七)],
// accreditation, public verification, and random inspection by commit/reveal [BULLETIN].
import { Contract, Info, Returns, Transaction } from 'fabric-contract-api';
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
  suspendCertificate,
  sweepAction,
  transferredCertificate,
  withdrawCertificate,
  type SweepAction,
} from '../domain/certificate-rules';
import { addSeconds, parseIso } from '../domain/time';
import type {
  Accreditation,
  Audit,
  Certificate,
  CertificateStatus,
  Charter,
  CreditEvent,
  EvidenceRecord,
  Member,
} from '../domain/types';
import { loadCharter } from '../shared/charter';
import { CertledgerContext, USER_ROLES, type UserRole } from '../shared/context';
import { alreadyExists, conflict, forbidden, invalidArgument, notFound, preconditionFailed } from '../shared/errors';
import { Events } from '../shared/events';
import { Keys } from '../shared/keys';
import { toJson } from '../shared/marshal';
import {
  parseAccreditationState,
  parseAuditId,
  parseCancel,
  parseCertificateNo,
  parseCreditEventInput,
  parseEvidenceIds,
  parseIssueInput,
  parseLimit,
  parseMspId,
  parseOptionalTimestamp,
  parseRecordId,
  parseScope,
  parseScopeCodes,
  parseSweepBookmark,
  parseText,
  parseTimestamp,
  parseUscc,
} from './inputs';
import {
  closeSampleTx,
  commitSampleTx,
  getSampleReportTx,
  getSampleTx,
  openSampleTx,
  recordInspectionResultTx,
  revealSampleTx,
  settleSampleTx,
} from './sampling';
import type { CertificateView, Inspector, StatusChangeEntry, TransferConsent } from './types';

/** Only a certification body's issuer users change its certificates. */
const ISSUER_USERS: readonly UserRole[] = ['issuer'];
const ACCREDITATION_USERS: readonly UserRole[] = ['admin', 'issuer'];
const REGULATOR_USERS: readonly UserRole[] = ['regulator'];
/** Audits whose record restarts the surveillance clock. */
const SURVEILLANCE_AUDIT_TYPES: readonly Audit['type'][] = ['SURVEILLANCE', 'RECERTIFICATION'];

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

@Info({ title: 'certificate', description: 'Certificates: issue, lifecycle, sweep, transfer, credit events, accreditation, verification, random inspection' })
export class CertificateContract extends Contract {
  constructor() {
    super('certificate');
  }

  override createContext(): CertledgerContext {
    return new CertledgerContext();
  }

  // -------------------------------------------------------------------------------------------
  // issue and lifecycle

  /** Issues a certificate on a granting CERTIFICATION_DECISION of the caller's body. */
  @Transaction()
  @Returns('string')
  async issue(ctx: CertledgerContext, certificateJson: string): Promise<string> {
    const { input, warnings } = parseIssueInput(certificateJson);
    const { charter, now, member } = await this.#begin(ctx, ISSUER_USERS, ['CERTIFICATION_BODY']);
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
    // evidence is corrected by superseding it: a corrected decision no longer stands
    const correction = await ctx.state.get<{ id: string }>(Keys.evidenceSupersededBy, [input.decisionEvidenceId]);
    if (correction !== undefined) {
      throw preconditionFailed(
        `certification decision ${input.decisionEvidenceId} was corrected by ${correction.id}; link the correcting record instead`,
      );
    }
    await this.#requireEvidence(ctx, input.evidenceIds.slice(1), 'certificate.evidenceIds');

    await this.#putNew(ctx, certificate);
    ctx.emit(Events.CertificateIssued, {
      certificateNo: certificate.certificateNo,
      issuer: certificate.issuer,
      uscc: certificate.organization.uscc,
      scheme: certificate.scheme,
      expiresAt: certificate.expiresAt,
    });
    return toJson({ certificate, warnings });
  }

  /** VALID → SUSPENDED until `suspendedUntil` (at most the charter's maximum suspension). */
  @Transaction()
  @Returns('string')
  async suspend(ctx: CertledgerContext, certNo: string, reason: string, suspendedUntil: string): Promise<string> {
    const no = parseCertificateNo(certNo);
    const text = parseText(reason, 'reason');
    const until = parseTimestamp(suspendedUntil, 'suspendedUntil');
    const { charter, now } = await this.#begin(ctx, ISSUER_USERS, ['CERTIFICATION_BODY']);
    const cert = await this.#issuersCertificate(ctx, no);
    return this.#changeStatus(ctx, cert, suspendCertificate(cert, { reason: text, suspendedUntil: until }, now, charter));
  }

  /** SUSPENDED → VALID, linking the evidence of the activity that resolved the suspension. */
  @Transaction()
  @Returns('string')
  async restore(ctx: CertledgerContext, certNo: string, evidenceIdsJson: string): Promise<string> {
    const no = parseCertificateNo(certNo);
    const evidenceIds = parseEvidenceIds(evidenceIdsJson, 'evidenceIds', 1);
    const { now } = await this.#begin(ctx, ISSUER_USERS, ['CERTIFICATION_BODY']);
    const cert = await this.#issuersCertificate(ctx, no);
    const restored = restoreCertificate(cert, { evidenceIds }, now);
    await this.#requireEvidence(ctx, evidenceIds, 'evidenceIds');
    return this.#changeStatus(ctx, cert, restored);
  }

  /** VALID or SUSPENDED → WITHDRAWN (撤销). */
  @Transaction()
  @Returns('string')
  async withdraw(ctx: CertledgerContext, certNo: string, reason: string): Promise<string> {
    const no = parseCertificateNo(certNo);
    const text = parseText(reason, 'reason');
    const { now } = await this.#begin(ctx, ISSUER_USERS, ['CERTIFICATION_BODY'], true);
    const cert = await this.#issuersCertificate(ctx, no);
    return this.#changeStatus(ctx, cert, withdrawCertificate(cert, { reason: text }, now));
  }

  /** VALID or SUSPENDED → CANCELLED (注销): HOLDER_REQUEST, or TRANSFERRED to a body outside the consortium. */
  @Transaction()
  @Returns('string')
  async cancel(ctx: CertledgerContext, certNo: string, reason: string, note: string): Promise<string> {
    const no = parseCertificateNo(certNo);
    const params = parseCancel(reason, note);
    const { now } = await this.#begin(ctx, ISSUER_USERS, ['CERTIFICATION_BODY'], true);
    const cert = await this.#issuersCertificate(ctx, no);
    return this.#changeStatus(ctx, cert, cancelCertificate(cert, params, now));
  }

  /** VALID or SUSPENDED → EXPIRED once expiresAt has passed (sweep does the same for anyone). */
  @Transaction()
  @Returns('string')
  async expire(ctx: CertledgerContext, certNo: string): Promise<string> {
    const no = parseCertificateNo(certNo);
    const { now } = await this.#begin(ctx, ISSUER_USERS, ['CERTIFICATION_BODY'], true);
    const cert = await this.#issuersCertificate(ctx, no);
    return this.#changeStatus(ctx, cert, expireCertificate(cert, now));
  }

  /** Records a surveillance (or recertification) audit of the issuer on a VALID certificate. */
  @Transaction()
  @Returns('string')
  async recordSurveillance(ctx: CertledgerContext, certNo: string, auditId: string, evidenceIdsJson: string): Promise<string> {
    const no = parseCertificateNo(certNo);
    const audit = parseAuditId(auditId);
    const evidenceIds = parseEvidenceIds(evidenceIdsJson, 'evidenceIds', 0);
    const { now } = await this.#begin(ctx, ISSUER_USERS, ['CERTIFICATION_BODY']);
    const cert = await this.#issuersCertificate(ctx, no);
    const updated = recordSurveillance(cert, { auditId: audit, evidenceIds }, now);
    const record = await ctx.state.mustGet<Audit>(Keys.audit, [audit], `audit ${audit} (record it with evidence:recordAudit first)`);
    if (record.body !== cert.issuer) {
      throw preconditionFailed(`audit ${audit} was run by ${record.body}; link an audit of ${cert.issuer}, the certificate's issuer`);
    }
    if (record.uscc !== cert.organization.uscc) {
      throw preconditionFailed(`audit ${audit} is of organisation ${record.uscc}, not ${cert.organization.uscc}, the holder of ${no}`);
    }
    if (!SURVEILLANCE_AUDIT_TYPES.includes(record.type)) {
      throw preconditionFailed(`audit ${audit} is a ${record.type} audit; surveillance is recorded from a ${SURVEILLANCE_AUDIT_TYPES.join(' or ')} audit`);
    }
    await this.#requireEvidence(ctx, evidenceIds, 'evidenceIds');
    await ctx.state.put(Keys.certificate, [no], updated);
    ctx.emit(Events.CertificateSurveilled, { certificateNo: no, issuer: cert.issuer, auditId: audit, lastSurveillanceAt: now });
    return toJson(updated);
  }

  /** Reduces or extends the scope of a VALID certificate; the replaced scope stays in scopeHistory. */
  @Transaction()
  @Returns('string')
  async changeScope(ctx: CertledgerContext, certNo: string, scope: string, scopeCodesJson: string, reason: string): Promise<string> {
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

  // -------------------------------------------------------------------------------------------
  // transfer (IAF MD 2)

  /** The issuer consents to `acceptingBody` taking over a VALID certificate. */
  @Transaction()
  @Returns('string')
  async consentToTransfer(ctx: CertledgerContext, certNo: string, acceptingBody: string): Promise<string> {
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
  async transfer(ctx: CertledgerContext, sourceNo: string, newCertificateNo: string, evidenceIdsJson: string): Promise<string> {
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
          'certificate:consentToTransfer first (consent is waived only when the issuer was expelled or has exited, ' +
          'or its accreditation was withdrawn within the transfer window)',
      );
    }
    if (await ctx.state.exists(Keys.certificate, [to])) {
      throw alreadyExists(`certificate ${to} (certificate numbers are unique across the consortium; choose another)`);
    }
    await this.#requireEvidence(ctx, evidenceIds, 'evidenceIds');
    const certificate = transferredCertificate(source, { certificateNo: to, issuer: member.mspId, now, evidenceIds });
    const cancelled = cancelCertificate(source, { reason: 'TRANSFERRED', note: `to ${member.mspId} as ${to}` }, now);

    await this.#putNew(ctx, certificate);
    await ctx.state.put(Keys.certificate, [from], cancelled);
    ctx.emit(Events.CertificateTransferred, {
      source: from, certificateNo: to, from: source.issuer, to: member.mspId, uscc: source.organization.uscc, withoutConsent,
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
  async sweep(ctx: CertledgerContext, limit: string, bookmark: string): Promise<string> {
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
  async creditEvent(ctx: CertledgerContext, eventJson: string): Promise<string> {
    const input = parseCreditEventInput(eventJson);
    const { charter, now, member } = await this.#begin(ctx, REGULATOR_USERS, ['REGULATOR']);
    const latest = addSeconds(now, charter.maxClockSkewSeconds);
    if (parseIso(input.occurredAt) > parseIso(latest)) {
      throw invalidArgument('event.occurredAt', `is in the future; it must be no later than ${latest}`);
    }
    const id = ctx.txId;
    const suspended: { certificateNo: string; issuer: string }[] = [];
    const updates: Certificate[] = [];
    if (input.severity === 'SERIOUS') {
      const suspendedUntil = addSeconds(now, charter.durations.maxSuspensionSeconds);
      const reason = `CREDIT_EVENT ${id} (${input.type})`;
      for (const { parts } of await ctx.state.list(Keys.certificateByOrg, [input.uscc])) {
        const cert = await this.#certificate(ctx, parts[1] as string);
        // a certificate already past its expiry is the sweep's to expire, not to suspend
        if (cert.status !== 'VALID' || sweepAction(cert, now, charter)?.action === 'EXPIRE') continue;
        updates.push(suspendCertificate(cert, { reason, suspendedUntil }, now, charter));
        suspended.push({ certificateNo: cert.certificateNo, issuer: cert.issuer });
      }
    }
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
    };
    await ctx.state.put(Keys.creditEvent, [input.uscc, id], event);
    for (const cert of updates) await ctx.state.put(Keys.certificate, [cert.certificateNo], cert);
    ctx.emit(Events.CreditEventRecorded, { id, uscc: input.uscc, type: input.type, severity: input.severity, suspended });
    return toJson(event);
  }

  /** An accreditation body records a certification body's accreditation state. */
  @Transaction()
  @Returns('string')
  async recordAccreditation(ctx: CertledgerContext, body: string, state: string, reason: string): Promise<string> {
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
  async verify(ctx: CertledgerContext, certNo: string, at: string): Promise<string> {
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
    const events = await ctx.state.list<CreditEvent>(Keys.creditEvent, [cert.organization.uscc]);
    const creditEvents = events
      // at a past moment, only the events recorded by then
      .flatMap(({ value }) => (value === undefined || (moment !== undefined && parseIso(value.timestamp) > parseIso(moment)) ? [] : [value]))
      .sort((a, b) => compareStrings(a.occurredAt, b.occurredAt) || compareStrings(a.timestamp, b.timestamp) || compareStrings(a.id, b.id))
      .map(({ id, uscc, type, severity, source, occurredAt, timestamp }) => ({ id, uscc, type, severity, source, occurredAt, timestamp }));
    const pending = sweepAction(cert, asOf, charter);

    const view: CertificateView = {
      certificateNo: cert.certificateNo,
      status: cert.status,
      statusReason: cert.statusReason,
      statusSince: cert.statusSince,
      effectiveStatus: pending === undefined ? cert.status : EFFECTIVE_STATUS[pending.action],
      holder: { name: cert.organization.name, uscc: cert.organization.uscc },
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
  async get(ctx: CertledgerContext, certNo: string): Promise<string> {
    return toJson(await this.#certificate(ctx, parseCertificateNo(certNo)));
  }

  /** An organisation's certificates (every issuer, every status), a page at a time. */
  @Transaction(false)
  @Returns('string')
  async listByOrganization(ctx: CertledgerContext, uscc: string, pageSize: string, bookmark: string): Promise<string> {
    const code = parseUscc(uscc);
    return this.#listByIndex(ctx, Keys.certificateByOrg, code, parseLimit(pageSize, 'pageSize'), bookmark);
  }

  /** A body's certificates (every status), a page at a time. */
  @Transaction(false)
  @Returns('string')
  async listByIssuer(ctx: CertledgerContext, mspId: string, pageSize: string, bookmark: string): Promise<string> {
    const issuer = parseMspId(mspId, 'mspId');
    return this.#listByIndex(ctx, Keys.certificateByIssuer, issuer, parseLimit(pageSize, 'pageSize'), bookmark);
  }

  // -------------------------------------------------------------------------------------------
  // random inspection (双随机一公开)

  /** The regulator adds an inspector to the pool random inspections draw from. */
  @Transaction()
  @Returns('string')
  async registerInspector(ctx: CertledgerContext, inspectorId: string, name: string): Promise<string> {
    const id = parseRecordId(inspectorId, 'inspectorId');
    const inspectorName = parseText(name, 'name', 256);
    const { now, member } = await this.#begin(ctx, REGULATOR_USERS, ['REGULATOR']);
    if (await ctx.state.exists(Keys.inspector, [id])) throw alreadyExists(`inspector ${id}`);
    const inspector: Inspector = { inspectorId: id, name: inspectorName, registeredBy: member.mspId, registeredAt: now, txId: ctx.txId };
    await ctx.state.put(Keys.inspector, [id], inspector);
    ctx.emit(Events.InspectorRegistered, { inspectorId: id, registeredBy: member.mspId });
    return toJson(inspector);
  }

  // The sample flow lives in ./sampling.ts (docs/random-inspection.md): the regulator opens with its
  // commitment, members commit, the population is frozen at close, members reveal, the regulator
  // reveals last and the draw is made; anyone settles a sample past its deadlines.

  /** The regulator opens a sample with sha256 of its secret (bound to sample and member) and the criteria. */
  @Transaction()
  @Returns('string')
  async openSample(ctx: CertledgerContext, sampleId: string, commitment: string, criteriaJson: string): Promise<string> {
    return openSampleTx(ctx, sampleId, commitment, criteriaJson);
  }

  /** Another ACTIVE member commits to its secret before the commit deadline. */
  @Transaction()
  @Returns('string')
  async commitSample(ctx: CertledgerContext, sampleId: string, commitment: string): Promise<string> {
    return commitSampleTx(ctx, sampleId, commitment);
  }

  /** After the commit deadline: the populations are frozen (or the sample is VOID). */
  @Transaction()
  @Returns('string')
  async closeSample(ctx: CertledgerContext, sampleId: string): Promise<string> {
    return closeSampleTx(ctx, sampleId);
  }

  /** A committed member reveals its secret; the regulator's reveal comes last and makes the draw. */
  @Transaction()
  @Returns('string')
  async revealSample(ctx: CertledgerContext, sampleId: string, secret: string): Promise<string> {
    return revealSampleTx(ctx, sampleId, secret);
  }

  /** A sample past its deadlines: VOID with too few member reveals, else drawn without a withholding regulator. */
  @Transaction()
  @Returns('string')
  async settleSample(ctx: CertledgerContext, sampleId: string): Promise<string> {
    return settleSampleTx(ctx, sampleId);
  }

  /** The regulator records the result of inspecting a drawn certificate [BULLETIN: 向社会公开抽查结果]. */
  @Transaction()
  @Returns('string')
  async recordInspectionResult(ctx: CertledgerContext, sampleId: string, certNo: string, resultJson: string): Promise<string> {
    return recordInspectionResultTx(ctx, sampleId, certNo, resultJson);
  }

  @Transaction(false)
  @Returns('string')
  async getSample(ctx: CertledgerContext, sampleId: string): Promise<string> {
    return getSampleTx(ctx, sampleId);
  }

  /** The public report of a sample: its draw, recomputable by anyone, and its results. */
  @Transaction(false)
  @Returns('string')
  async getSampleReport(ctx: CertledgerContext, sampleId: string): Promise<string> {
    return getSampleReportTx(ctx, sampleId);
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

  async #requireEvidence(ctx: CertledgerContext, ids: readonly string[], field: string): Promise<void> {
    for (const [i, id] of ids.entries()) {
      if (!(await ctx.state.exists(Keys.evidence, [id]))) {
        throw notFound(`evidence ${id} named in ${field}[${i}] (anchor it with evidence:anchor first)`);
      }
    }
  }

  async #putNew(ctx: CertledgerContext, certificate: Certificate): Promise<void> {
    await ctx.state.put(Keys.certificate, [certificate.certificateNo], certificate);
    await ctx.state.putIndex(Keys.certificateByOrg, [certificate.organization.uscc, certificate.certificateNo]);
    await ctx.state.putIndex(Keys.certificateByIssuer, [certificate.issuer, certificate.certificateNo]);
  }

  async #changeStatus(ctx: CertledgerContext, before: Certificate, after: Certificate): Promise<string> {
    await ctx.state.put(Keys.certificate, [after.certificateNo], after);
    const change: StatusChangeEntry = {
      certificateNo: after.certificateNo, issuer: after.issuer, from: before.status, to: after.status, reason: after.statusReason,
    };
    ctx.emit(Events.CertificateStatusChanged, { ...change, suspendedUntil: after.suspendedUntil });
    return toJson(after);
  }

  async #listByIndex(ctx: CertledgerContext, index: string, key: string, pageSize: number, bookmark: string): Promise<string> {
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

/** Code-unit order: deterministic on every endorser, unlike localeCompare. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
