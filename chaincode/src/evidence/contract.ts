// The evidence contract: tamper-evident anchoring of the key records of certification activity,
// their verification by digest, and the linked certification cycle [QMS-BC 4–8, App. A/B; DIGI (六)].
import { nonconformityChanges } from '../domain/nonconformity';
import { Info, Returns, Transaction } from 'fabric-contract-api';
import type { DigestMatch, EvidenceBatch, evidenceApi } from '../api/evidence';
import type { Implementation } from '../api/transaction';
import { HEX64, MSP_ID } from '../api/values';
import { digestHex } from '../domain/hash';
import { buildMerkleTree, merkleRoot, verifyMerkleProof, type ProofStep } from '../domain/merkle';
import type { Audit, Charter, Digest, EvidenceRecord } from '../domain/types';
import { HASH_ALGS } from '../domain/types';
import { keyPart, requireEnum, requireString } from '../domain/validate';
import { checkAuditTeam, registerAuditor, updateAuditor, type Auditor } from '../domain/auditors';
import { checkDecisionAudit, requireAuditTookPlace, type AuditUse } from '../domain/certification-cycle';
import { findOverlappingAudit, rollingManDays, workloadExceeded } from '../domain/workload';
import { loadCharter } from '../shared/charter';
import { CertledgerContext } from '../shared/context';
import { CertledgerContract } from '../shared/contract';
import { alreadyExists, conflict, forbidden, invalidArgument, preconditionFailed } from '../shared/errors';
import { Events } from '../shared/events';
import { Keys } from '../shared/keys';
import { toJson } from '../shared/marshal';
import type { Page } from '../shared/state';
import {
  parseAnchorInput,
  parseAuditInput,
  parseAuditorChanges,
  parseAuditorInput,
  parseBatchInput,
  parsePageSize,
  parseRegistrationNo,
  type AnchorInput,
} from './inputs';
import { approveTakedownTx, refuseTakenDownContent, rejectTakedownTx, requestTakedownTx, takenDownTransactionsTx } from './takedown';

/** The private data collection a member shares with the regulator (rendered from the topology). */
export function privateCollectionOf(mspId: string): string {
  return `private_${mspId}`;
}

export const SUBJECT_FIELDS = ['uscc', 'certificateNo', 'auditId'] as const;
type SubjectField = (typeof SUBJECT_FIELDS)[number];

const RECORD_WRITERS = ['recorder', 'issuer', 'regulator', 'admin'] as const;
const AUDIT_WRITERS = ['recorder', 'admin'] as const;

@Info({ title: 'evidence', description: 'Anchoring and verification of certification evidence' })
export class EvidenceContract extends CertledgerContract implements Implementation<typeof evidenceApi, CertledgerContext> {
  constructor() {
    super('evidence');
  }

  /** Anchors one record; a retry with the same clientRef and digest returns the stored record. */
  @Transaction()
  @Returns('string')
  async anchor(ctx: CertledgerContext, recordJson: string) {
    const input = parseAnchorInput(recordJson);
    const now = ctx.checkedTime();
    await ctx.requireWriter(RECORD_WRITERS);
    const id = `${ctx.caller.mspId}:${input.clientRef}`;
    await refuseTakenDownContent(ctx, input);

    const existing = await ctx.state.get<EvidenceRecord>(Keys.evidence, [id]);
    if (existing !== undefined) {
      if (existing.digest.alg === input.digest.alg && existing.digest.value === input.digest.value) {
        return toJson(existing);
      }
      throw alreadyExists(`evidence ${id} with another digest (clientRef ${input.clientRef} is taken; use a new clientRef, or supersede the record)`);
    }

    const record: EvidenceRecord = {
      id,
      clientRef: input.clientRef,
      kind: input.kind,
      subject: input.subject,
      digest: input.digest,
      form: input.form,
      submitter: ctx.submitter,
      txId: ctx.txId,
      timestamp: now,
    };
    if (input.content !== undefined) {
      if (digestHex(input.digest.alg, input.content) !== input.digest.value) {
        throw invalidArgument('record.digest.value', `is not the ${input.digest.alg} of record.content`);
      }
      record.content = input.content;
    }
    if (input.uri !== undefined) record.uri = input.uri;
    if (input.supersedes !== undefined) record.supersedes = input.supersedes;
    if (input.severity !== undefined) record.severity = input.severity;
    if (input.decision !== undefined) record.decision = input.decision;
    if (input.closes !== undefined) record.closes = input.closes;

    if (input.form === 'private') await this.#storePrivateContent(ctx, record);
    const older = await this.#checkSupersedes(ctx, input, id);
    const closesOpen = await this.#checkCycle(ctx, input);

    await ctx.state.put(Keys.evidence, [id], record);
    await ctx.state.putIndex(Keys.evidenceByDigest, [record.digest.alg, record.digest.value, id]);
    for (const field of SUBJECT_FIELDS) {
      const value = record.subject[field];
      if (value !== undefined) await ctx.state.putIndex(Keys.evidenceBySubject, [field, value, id]);
    }
    if (input.supersedes !== undefined) await ctx.state.put(Keys.evidenceSupersededBy, [input.supersedes], { id });
    // the open/closed state of nonconformities (domain/nonconformity.ts): read what it depends on, write what it says
    const superseded = older === undefined ? undefined : {
      record: older,
      open: older.kind === 'NONCONFORMITY' && (await ctx.state.exists(Keys.openNonconformity, [older.subject.auditId ?? '', older.id])),
    };
    const corrected = record.kind === 'CORRECTIVE_ACTION' && record.closes !== undefined && closesOpen
      ? await ctx.state.mustGet<EvidenceRecord>(Keys.evidence, [record.closes], `nonconformity ${record.closes}`)
      : undefined;
    const changes = nonconformityChanges(record, { ...(superseded !== undefined ? { superseded } : {}), ...(corrected !== undefined ? { closesOpen: corrected } : {}) });
    for (const { auditId, id: ncId } of changes.close) await ctx.state.delete(Keys.openNonconformity, [auditId, ncId]);
    for (const { auditId, id: ncId, severity } of changes.open) await ctx.state.put(Keys.openNonconformity, [auditId, ncId], { severity });
    ctx.emit(Events.EvidenceAnchored, {
      id, kind: record.kind, digest: record.digest, subject: record.subject, submitter: record.submitter.mspId, supersedes: input.supersedes,
    });
    return toJson(record);
  }

  /**
   * Anchors up to 1,000 digests under one Merkle root. Answers the batch without the digests and
   * without inclusion proofs: a proposal's answer is part of its transaction, so 1,000 proofs
   * (about 0.8 MB) would be ordered, replicated and stored by every node. The proofs are a pure
   * function of the digests (domain/merkle.ts buildMerkleTree); the caller computes them, as the
   * gateway does, and verifyBatchItem or verifyDigest checks them against the stored root.
   */
  @Transaction()
  @Returns('string')
  async anchorBatch(ctx: CertledgerContext, batchJson: string) {
    const input = parseBatchInput(batchJson);
    const now = ctx.checkedTime();
    await ctx.requireWriter(RECORD_WRITERS);
    const id = `${ctx.caller.mspId}:${input.clientRef}`;
    const root = merkleRoot(input.alg, input.digests);

    const existing = await ctx.state.get<EvidenceBatch>(Keys.batch, [id]);
    if (existing !== undefined) {
      if (existing.root === root && existing.alg === input.alg) {
        return toJson({ batch: withoutDigests(existing) });
      }
      throw alreadyExists(`evidence batch ${id} with another root (clientRef ${input.clientRef} is taken)`);
    }
    const batch: EvidenceBatch = {
      id,
      clientRef: input.clientRef,
      alg: input.alg,
      root,
      count: input.digests.length,
      indexed: input.indexed,
      digests: input.digests,
      kind: input.kind,
      subject: input.subject,
      submitter: ctx.submitter,
      txId: ctx.txId,
      timestamp: now,
    };
    if (input.uri !== undefined) batch.uri = input.uri;
    await ctx.state.put(Keys.batch, [id], batch);
    if (input.indexed) {
      for (let i = 0; i < input.digests.length; i++) {
        await ctx.state.putIndex(Keys.batchByDigest, [input.alg, input.digests[i] as string, id, indexKey(i)]);
      }
    }
    ctx.emit(Events.EvidenceBatchAnchored, { id, root, count: batch.count, alg: batch.alg, indexed: batch.indexed, submitter: batch.submitter.mspId });
    return toJson({ batch: withoutDigests(batch) });
  }

  /** Every record and indexed batch item holding this digest, with who anchored it and when. */
  @Transaction(false)
  @Returns('string')
  async verifyDigest(ctx: CertledgerContext, alg: string, value: string) {
    const hashAlg = requireEnum(alg, 'alg', HASH_ALGS);
    const hex = requireString(value, 'value', HEX64);
    const match: DigestMatch = { records: [], batches: [] };
    for (const { parts } of await ctx.state.list(Keys.evidenceByDigest, [hashAlg, hex])) {
      const id = parts[2] as string;
      const record = await ctx.state.mustGet<EvidenceRecord>(Keys.evidence, [id], `evidence ${id}`);
      const superseded = await ctx.state.get<{ id: string }>(Keys.evidenceSupersededBy, [id]);
      match.records.push(superseded === undefined ? record : { ...record, supersededBy: superseded.id });
    }
    const batches = new Map<string, EvidenceBatch>();
    for (const { parts } of await ctx.state.list(Keys.batchByDigest, [hashAlg, hex])) {
      const batchId = parts[2] as string;
      const index = Number(parts[3]);
      let batch = batches.get(batchId);
      if (batch === undefined) {
        batch = await ctx.state.mustGet<EvidenceBatch>(Keys.batch, [batchId], `evidence batch ${batchId}`);
        batches.set(batchId, batch);
      }
      const proof = buildMerkleTree(batch.alg, batch.digests).proofs[index] ?? [];
      match.batches.push({ batchId, index, root: batch.root, proof, submitter: batch.submitter, txId: batch.txId, timestamp: batch.timestamp });
    }
    return toJson(match);
  }

  /** Checks an item of a (possibly root-only) batch against the anchored root. */
  @Transaction(false)
  @Returns('string')
  async verifyBatchItem(ctx: CertledgerContext, batchId: string, digest: string, proofJson: string) {
    const id = keyPart(batchId, 'batchId');
    const hex = requireString(digest, 'digest', HEX64);
    let proof: ProofStep[];
    try {
      proof = JSON.parse(proofJson) as ProofStep[];
    } catch {
      throw invalidArgument('proof', 'must be the JSON array of proof steps computed for the item (the gateway returns them when it anchors the batch)');
    }
    const batch = await ctx.state.mustGet<EvidenceBatch>(Keys.batch, [id], `evidence batch ${id}`);
    const included = Array.isArray(proof) && verifyMerkleProof(batch.alg, hex, proof, batch.root);
    return toJson({ included, batch: withoutDigests(batch) });
  }

  @Transaction(false)
  @Returns('string')
  async get(ctx: CertledgerContext, id: string) {
    const key = keyPart(id, 'id');
    const record = await ctx.state.mustGet<EvidenceRecord>(Keys.evidence, [key], `evidence ${key}`);
    const superseded = await ctx.state.get<{ id: string }>(Keys.evidenceSupersededBy, [key]);
    return toJson(superseded === undefined ? record : { ...record, supersededBy: superseded.id });
  }

  @Transaction(false)
  @Returns('string')
  async getBatch(ctx: CertledgerContext, id: string) {
    const key = keyPart(id, 'id');
    return toJson(await ctx.state.mustGet<EvidenceBatch>(Keys.batch, [key], `evidence batch ${key}`));
  }

  /** The correction chain the record belongs to (oldest first) and its ledger versions. */
  @Transaction(false)
  @Returns('string')
  async history(ctx: CertledgerContext, id: string) {
    const key = keyPart(id, 'id');
    const record = await ctx.state.mustGet<EvidenceRecord>(Keys.evidence, [key], `evidence ${key}`);
    const chain: EvidenceRecord[] = [record];
    for (let prev = record.supersedes; prev !== undefined && chain.length < 100;) {
      const older = await ctx.state.get<EvidenceRecord>(Keys.evidence, [prev]);
      if (older === undefined) break;
      chain.unshift(older);
      prev = older.supersedes;
    }
    for (let next = await ctx.state.get<{ id: string }>(Keys.evidenceSupersededBy, [key]); next !== undefined && chain.length < 100;) {
      const newer = await ctx.state.get<EvidenceRecord>(Keys.evidence, [next.id]);
      if (newer === undefined) break;
      chain.push(newer);
      next = await ctx.state.get<{ id: string }>(Keys.evidenceSupersededBy, [newer.id]);
    }
    const versions = await ctx.state.history<EvidenceRecord>(Keys.evidence, [key]);
    return toJson({ chain, versions: versions.map(({ txId, timestamp, deleted }) => ({ txId, timestamp, deleted })) });
  }

  /** Records about one organisation, certificate or audit, a page at a time. */
  @Transaction(false)
  @Returns('string')
  async listBySubject(ctx: CertledgerContext, field: string, value: string, pageSize: string, bookmark: string) {
    const subjectField: SubjectField = requireEnum(field, 'field', SUBJECT_FIELDS);
    const subjectValue = keyPart(value, 'value');
    const size = parsePageSize(pageSize);
    const page: Page<string> = await ctx.state.page(Keys.evidenceBySubject, [subjectField, subjectValue], size, bookmark, (parts) => parts[2] as string);
    const records: EvidenceRecord[] = [];
    for (const id of page.items) records.push(await ctx.state.mustGet<EvidenceRecord>(Keys.evidence, [id], `evidence ${id}`));
    return toJson({ items: records, bookmark: page.bookmark });
  }

  /** The private content of a record; only peers of the collection's members hold it. */
  @Transaction(false)
  @Returns('string')
  async getPrivateContent(ctx: CertledgerContext, id: string) {
    const key = keyPart(id, 'id');
    const record = await ctx.state.mustGet<EvidenceRecord>(Keys.evidence, [key], `evidence ${key}`);
    if (record.form !== 'private') throw conflict(`evidence ${key} is in the ${record.form} form; it has no private content`);
    if (record.takedown !== undefined) {
      throw conflict(`the private content of evidence ${key} was taken down by ${record.takedown.approvedBy} at ${record.takedown.at} and purged; only its digest remains`);
    }
    const caller = ctx.caller.mspId;
    const member = await ctx.state.get<{ role: string }>(Keys.member, [caller]);
    if (caller !== record.submitter.mspId && member?.role !== 'REGULATOR') {
      throw forbidden(`private evidence is shared only by ${record.submitter.mspId} and the regulator`);
    }
    const notHeld = preconditionFailed(`this peer does not hold the private content of ${key}; ask a peer of ${record.submitter.mspId} or the regulator`);
    // A peer outside the collection holds only the hash: the peer fails the read rather than returning nothing.
    const bytes = await ctx.stub.getPrivateData(privateCollectionOf(record.submitter.mspId), key).catch(() => {
      throw notHeld;
    });
    if (bytes.length === 0) throw notHeld;
    return toJson({ id: key, digest: record.digest, content: Buffer.from(bytes).toString('base64') });
  }

  /**
   * Records an audit that has taken place (its end date is not after today in Asia/Shanghai), run
   * by registered, ACTIVE auditors of the caller's body competent for its scope, with man-days
   * charged per auditor; checks the auditors for overlapping assignments and updates their workload.
   */
  @Transaction()
  @Returns('string')
  async recordAudit(ctx: CertledgerContext, auditJson: string) {
    const input = parseAuditInput(auditJson);
    const now = ctx.checkedTime();
    const member = await ctx.requireWriter(AUDIT_WRITERS, ['CERTIFICATION_BODY']);
    requireAuditTookPlace(input, now);
    if (await ctx.state.exists(Keys.audit, [input.auditId])) throw alreadyExists(`audit ${input.auditId}`);
    const charter: Charter = await loadCharter(ctx);
    const audit: Audit = { ...input, body: member.mspId, txId: ctx.txId, timestamp: now };
    const register: (Auditor | undefined)[] = [];
    for (const { registrationNo } of audit.auditors) register.push(await ctx.state.get<Auditor>(Keys.auditor, [registrationNo]));
    checkAuditTeam(audit, register);

    const exceeded: { auditor: string; manDays: number }[] = [];
    for (const { registrationNo: auditor } of audit.auditors) {
      const theirs: Audit[] = [];
      for (const { parts } of await ctx.state.list(Keys.auditByAuditor, [auditor])) {
        const other = await ctx.state.get<Audit>(Keys.audit, [parts[1] as string]);
        if (other !== undefined) theirs.push(other);
      }
      const overlap = findOverlappingAudit(audit, theirs);
      if (overlap !== undefined) {
        throw conflict(`auditor ${auditor} is already on audit ${overlap.auditId} (${overlap.startDate} to ${overlap.endDate}), which overlaps ${audit.startDate} to ${audit.endDate}`);
      }
      const total = rollingManDays(auditor, [...theirs, audit], audit.endDate, charter.auditorWorkload.windowSeconds);
      if (workloadExceeded(total, charter)) exceeded.push({ auditor, manDays: total });
    }
    await ctx.state.put(Keys.audit, [audit.auditId], audit);
    for (const { registrationNo } of audit.auditors) await ctx.state.putIndex(Keys.auditByAuditor, [registrationNo, audit.auditId]);
    if (exceeded.length > 0) {
      ctx.emit(Events.AuditorWorkloadExceeded, { auditId: audit.auditId, body: audit.body, threshold: charter.auditorWorkload.maxManDays, auditors: exceeded });
    } else {
      ctx.emit(Events.AuditRecorded, { auditId: audit.auditId, body: audit.body, auditors: audit.auditors.map((a) => a.registrationNo) });
    }
    return toJson({ audit, workloadExceeded: exceeded });
  }

  // -------------------------------------------------------------------------------------------
  // the auditor registers [BULLETIN: 记录认证人员的能力信息]

  /** A certification body registers an auditor (ACTIVE) with qualification level and competence by IAF sector. */
  @Transaction()
  @Returns('string')
  async registerAuditor(ctx: CertledgerContext, auditorJson: string) {
    const { input, warnings } = parseAuditorInput(auditorJson);
    const now = ctx.checkedTime();
    const member = await ctx.requireWriter(AUDIT_WRITERS, ['CERTIFICATION_BODY']);
    const existing = await ctx.state.get<Auditor>(Keys.auditor, [input.registrationNo]);
    const auditor = registerAuditor(existing, input, member.mspId, now, ctx.txId);
    await ctx.state.put(Keys.auditor, [auditor.registrationNo], auditor);
    if (existing !== undefined) await ctx.state.delete(Keys.auditorByBody, [existing.body, auditor.registrationNo]);
    await ctx.state.putIndex(Keys.auditorByBody, [auditor.body, auditor.registrationNo]);
    ctx.emit(Events.AuditorRegistered, {
      registrationNo: auditor.registrationNo, body: auditor.body, level: auditor.level, scopeCodes: auditor.scopeCodes, previousBody: existing?.body ?? null,
    });
    return toJson({ auditor, warnings });
  }

  /** The registering body changes an auditor's name, level, competence or status (ACTIVE/INACTIVE), with a reason. */
  @Transaction()
  @Returns('string')
  async updateAuditor(ctx: CertledgerContext, registrationNo: string, changesJson: string) {
    const no = parseRegistrationNo(registrationNo);
    const changes = parseAuditorChanges(changesJson);
    const now = ctx.checkedTime();
    const member = await ctx.requireWriter(AUDIT_WRITERS, ['CERTIFICATION_BODY']);
    const existing = await ctx.state.mustGet<Auditor>(Keys.auditor, [no], `auditor ${no}`);
    const auditor = updateAuditor(existing, changes, member.mspId, now, ctx.txId);
    await ctx.state.put(Keys.auditor, [no], auditor);
    ctx.emit(Events.AuditorUpdated, { registrationNo: no, body: auditor.body, level: auditor.level, status: auditor.status, scopeCodes: auditor.scopeCodes, reason: changes.reason });
    return toJson(auditor);
  }

  @Transaction(false)
  @Returns('string')
  async getAuditor(ctx: CertledgerContext, registrationNo: string) {
    const no = parseRegistrationNo(registrationNo);
    return toJson(await ctx.state.mustGet<Auditor>(Keys.auditor, [no], `auditor ${no}`));
  }

  /** One body's register, a page at a time, in registration-number order. */
  @Transaction(false)
  @Returns('string')
  async listAuditors(ctx: CertledgerContext, body: string, pageSize: string, bookmark: string) {
    const mspId = keyPart(requireString(body, 'body', MSP_ID), 'body');
    const size = parsePageSize(pageSize);
    const page: Page<string> = await ctx.state.page(Keys.auditorByBody, [mspId], size, bookmark, (parts) => parts[1] as string);
    const items: Auditor[] = [];
    for (const no of page.items) items.push(await ctx.state.mustGet<Auditor>(Keys.auditor, [no], `auditor ${no}`));
    return toJson({ items, bookmark: page.bookmark });
  }

  @Transaction(false)
  @Returns('string')
  async getAudit(ctx: CertledgerContext, auditId: string) {
    const key = keyPart(auditId, 'auditId');
    return toJson(await ctx.state.mustGet<Audit>(Keys.audit, [key], `audit ${key}`));
  }

  /** Open nonconformities of an audit (those no corrective action has closed yet). */
  @Transaction(false)
  @Returns('string')
  async openNonconformities(ctx: CertledgerContext, auditId: string) {
    const key = keyPart(auditId, 'auditId');
    const open = await ctx.state.list<{ severity: string }>(Keys.openNonconformity, [key]);
    return toJson(open.map(({ parts, value }) => ({ id: parts[1], severity: value?.severity })));
  }

  // ---- takedown of unlawful content [BSC 6.2c] (./takedown.ts) ----

  /** The submitter asks the regulator to take a record's content down. */
  @Transaction()
  @Returns('string')
  async requestTakedown(ctx: CertledgerContext, id: string, reason: string) {
    return requestTakedownTx(ctx, id, reason);
  }

  /** The regulator takes a record's content down (approving a request, or on its own finding); the digest stays. */
  @Transaction()
  @Returns('string')
  async approveTakedown(ctx: CertledgerContext, id: string, reason: string) {
    return approveTakedownTx(ctx, id, reason, privateCollectionOf);
  }

  /** The regulator rejects a pending takedown request. */
  @Transaction()
  @Returns('string')
  async rejectTakedown(ctx: CertledgerContext, id: string, reason: string) {
    return rejectTakedownTx(ctx, id, reason);
  }

  /** Which of these transactions anchored plaintext that has been taken down (a JSON array of tx ids). */
  @Transaction(false)
  @Returns('string')
  async takenDownTransactions(ctx: CertledgerContext, txIdsJson: string) {
    return takenDownTransactionsTx(ctx, txIdsJson);
  }

  async #storePrivateContent(ctx: CertledgerContext, record: EvidenceRecord): Promise<void> {
    const content = ctx.stub.getTransient().get('content');
    if (content === undefined || content.length === 0) {
      throw invalidArgument('transient.content', 'the private form needs the content in the transient field "content" (it never goes on the channel)');
    }
    if (content.length > 4 * 1024 * 1024) throw invalidArgument('transient.content', 'is larger than 4 MiB');
    if (digestHex(record.digest.alg, content) !== record.digest.value) {
      throw invalidArgument('record.digest.value', `is not the ${record.digest.alg} of the transient content`);
    }
    await ctx.stub.putPrivateData(privateCollectionOf(record.submitter.mspId), record.id, content);
  }

  /** The record `input` corrects, once it may: only its submitter corrects it, and only once. */
  async #checkSupersedes(ctx: CertledgerContext, input: AnchorInput, id: string): Promise<EvidenceRecord | undefined> {
    if (input.supersedes === undefined) return undefined;
    if (input.supersedes === id) throw invalidArgument('record.supersedes', 'a record cannot supersede itself');
    const older = await ctx.state.mustGet<EvidenceRecord>(Keys.evidence, [input.supersedes], `evidence ${input.supersedes}`);
    if (older.submitter.mspId !== ctx.caller.mspId) {
      throw forbidden(`evidence ${older.id} was anchored by ${older.submitter.mspId}; only its submitter may correct it`);
    }
    const newer = await ctx.state.get<{ id: string }>(Keys.evidenceSupersededBy, [older.id]);
    if (newer !== undefined) {
      throw conflict(`evidence ${older.id} is already superseded by ${newer.id}; supersede that record instead`);
    }
    // A nonconformity is corrected by a nonconformity of the same audit (its open state moves to
    // the correction); it is closed by a CORRECTIVE_ACTION, never by correcting it into another kind.
    if (older.kind === 'NONCONFORMITY' && input.kind !== 'NONCONFORMITY') {
      throw invalidArgument('record.kind', `must be NONCONFORMITY to correct nonconformity ${older.id}; a CORRECTIVE_ACTION closes it instead`);
    }
    if (older.kind === 'NONCONFORMITY' && input.subject.auditId !== older.subject.auditId) {
      throw invalidArgument('record.subject.auditId', `must stay ${older.subject.auditId ?? '(none)'}, the audit of nonconformity ${older.id} it corrects`);
    }
    return older;
  }

  /**
   * The certification cycle: corrective actions close nonconformities; a decision waits for MAJOR ones.
   * Returns whether the record is a corrective action closing a nonconformity that is still open
   * (false for a correction of the corrective action that already closed it).
   */
  async #checkCycle(ctx: CertledgerContext, input: AnchorInput): Promise<boolean> {
    if (input.kind === 'CORRECTIVE_ACTION' && input.closes !== undefined) {
      const nc = await ctx.state.mustGet<EvidenceRecord>(Keys.evidence, [input.closes], `nonconformity ${input.closes}`);
      if (nc.kind !== 'NONCONFORMITY') throw invalidArgument('record.closes', `evidence ${nc.id} is a ${nc.kind} record, not a NONCONFORMITY`);
      if (nc.submitter.mspId !== ctx.caller.mspId) throw forbidden(`nonconformity ${nc.id} belongs to ${nc.submitter.mspId}`);
      const auditId = nc.subject.auditId ?? '';
      if (input.subject.auditId !== undefined && input.subject.auditId !== auditId) {
        throw invalidArgument('record.subject.auditId', `is ${input.subject.auditId} but nonconformity ${nc.id} belongs to audit ${auditId}`);
      }
      if (await ctx.state.exists(Keys.openNonconformity, [auditId, nc.id])) return true;
      // records are corrected by superseding them: a corrective action that closed this nonconformity may be
      // corrected by another that closes the same one (#checkSupersedes has vetted the older record)
      const older = input.supersedes === undefined ? undefined : await ctx.state.get<EvidenceRecord>(Keys.evidence, [input.supersedes]);
      if (older?.kind !== 'CORRECTIVE_ACTION' || older.closes !== nc.id) {
        const correction = await ctx.state.get<{ id: string }>(Keys.evidenceSupersededBy, [nc.id]);
        throw conflict(correction !== undefined
          ? `nonconformity ${nc.id} was corrected by ${correction.id}; close the latest correction if it is still open`
          : `nonconformity ${nc.id} is already closed`);
      }
      return false;
    }
    if (input.kind === 'CERTIFICATION_DECISION' && input.decision === 'GRANT' && input.subject.auditId !== undefined) {
      // a GRANT decision names a recorded audit of this body and organisation, not yet used (docs/contracts.md §2.3 anchor)
      const auditId = input.subject.auditId;
      // a correction of a decision on the same audit takes the corrected one's place, even once its
      // certificate used the audit (certificate:issue still refuses a second certificate on the chain)
      const older = input.supersedes === undefined ? undefined : await ctx.state.get<EvidenceRecord>(Keys.evidence, [input.supersedes]);
      const correctsSameAudit = older?.kind === 'CERTIFICATION_DECISION' && older.subject.auditId === auditId;
      checkDecisionAudit(
        { auditId, uscc: input.subject.uscc, body: ctx.caller.mspId },
        await ctx.state.get<Audit>(Keys.audit, [auditId]),
        correctsSameAudit ? undefined : await ctx.state.get<AuditUse>(Keys.auditUse, [auditId]),
      );
    }
    if (input.kind === 'CERTIFICATION_DECISION' && input.subject.auditId !== undefined) {
      const open = await ctx.state.list<{ severity: string }>(Keys.openNonconformity, [input.subject.auditId]);
      // Only the caller's own nonconformities count: audit ids are not scoped by body, and only the body that
      // raised a nonconformity may close it, so another body's could otherwise block this decision for good.
      const major: string[] = [];
      for (const { parts, value } of open) {
        if (value?.severity !== 'MAJOR') continue;
        const nc = await ctx.state.get<EvidenceRecord>(Keys.evidence, [parts[1] as string]);
        if (nc?.submitter.mspId === ctx.caller.mspId) major.push(parts[1] as string);
      }
      if (major.length > 0) {
        throw preconditionFailed(`audit ${input.subject.auditId} has open MAJOR nonconformities (${major.join(', ')}); record the corrective action that closes each before the certification decision`);
      }
    }
    return false;
  }
}

function withoutDigests(batch: EvidenceBatch): Omit<EvidenceBatch, 'digests'> {
  const { digests: _digests, ...rest } = batch;
  return rest;
}

/** Fixed-width so the batch's index keys sort by position. */
function indexKey(i: number): string {
  return String(i).padStart(4, '0');
}

export type { Digest };
