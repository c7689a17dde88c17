// The evidence contract: anchoring and verifying evidence, batches, audits and auditors, private
// content, takedown (docs/contracts.md §1).
import type { Auditor } from '../domain/auditors';
import type { ProofStep } from '../domain/merkle';
import type { TakedownRequest } from '../domain/takedown';
import type { Audit, Digest, EvidenceRecord, HashAlg } from '../domain/types';
import type { Page } from './certificate';
import { ARG, MISSING, NOT_YOURS, RULE, STATE, TAKEN } from './errors';
import { evaluate, submit } from './transaction';

// The JSON objects a client gives, field by field as evidence/inputs.ts reads them (each parser
// refuses any other field); the gateway's request schemas are checked against these types.
/** What a record or batch is about: the organisation (USCC or FOREIGN:…), a certificate, an audit. */
export interface SubjectArg {
  uscc?: string;
  certificateNo?: string;
  auditId?: string;
}
/** An evidence record (evidence/inputs.ts parseAnchorInput). */
export interface AnchorArg {
  clientRef: string;
  kind: string;
  subject?: SubjectArg;
  digest: { alg: string; value: string };
  form?: 'digest' | 'plaintext' | 'private';
  content?: string;
  uri?: string;
  supersedes?: string;
  severity?: 'MAJOR' | 'MINOR';
  closes?: string;
  decision?: 'GRANT' | 'REFUSE';
}
/** A batch of digests under one Merkle root (parseBatchInput). */
export interface BatchArg {
  clientRef: string;
  alg: string;
  digests: string[];
  indexed?: boolean;
  kind?: string;
  subject?: SubjectArg;
  uri?: string;
}
/** An audit as it took place (parseAuditInput). */
export interface AuditArg {
  auditId: string;
  type: string;
  scheme: string;
  uscc: string;
  certificateNo?: string;
  startDate: string;
  endDate: string;
  mode: 'ON_SITE' | 'REMOTE';
  scopeCodes: number[];
  auditors: { registrationNo: string; manDays: number; role?: 'LEADER' | 'MEMBER' }[];
}
/** An auditor of the caller's body (parseAuditorInput). */
export interface AuditorArg {
  registrationNo: string;
  name: string;
  level: string;
  scopeCodes: number[];
}
/** A change of an auditor's register entry, with its reason (parseAuditorChanges). */
export interface AuditorChangesArg {
  name?: string;
  level?: string;
  scopeCodes?: number[];
  status?: 'ACTIVE' | 'INACTIVE';
  reason: string;
}

/** A batch of digests anchored under one Merkle root. */
export interface EvidenceBatch {
  id: string;
  clientRef: string;
  alg: HashAlg;
  root: string;
  count: number;
  indexed: boolean;
  digests: string[];
  kind: EvidenceRecord['kind'];
  subject: EvidenceRecord['subject'];
  uri?: string;
  submitter: EvidenceRecord['submitter'];
  txId: string;
  timestamp: string;
}

/** Every record and batch item holding one digest. */
export interface DigestMatch {
  records: (EvidenceRecord & { supersededBy?: string })[];
  batches: { batchId: string; index: number; root: string; proof: ProofStep[]; submitter: EvidenceBatch['submitter']; txId: string; timestamp: string }[];
}

export type { Auditor, Audit, EvidenceRecord };


export const evidenceApi = {
  name: 'evidence',
  transactions: {
    anchor: submit<{ recordJson: AnchorArg }, EvidenceRecord>()(['recordJson'], ARG, MISSING, TAKEN, NOT_YOURS, STATE, RULE),
    anchorBatch: submit<{ batchJson: BatchArg }, { batch: Omit<EvidenceBatch, 'digests'> }>()(['batchJson'], ARG, TAKEN, NOT_YOURS, RULE),
    verifyDigest: evaluate<{ alg: string; value: string }, DigestMatch>()(['alg', 'value'], ARG),
    verifyBatchItem: evaluate<{ batchId: string; digest: string; proofJson: ProofStep[] }, { included: boolean; batch: Omit<EvidenceBatch, 'digests'> }>()(['batchId', 'digest', 'proofJson'], ARG, MISSING),
    get: evaluate<{ id: string }, EvidenceRecord & { supersededBy?: string }>()(['id'], ARG, MISSING),
    getBatch: evaluate<{ id: string }, EvidenceBatch>()(['id'], ARG, MISSING),
    history: evaluate<{ id: string }, { chain: EvidenceRecord[]; versions: { txId: string; timestamp: string; deleted: boolean }[] }>()(['id'], ARG, MISSING),
    listBySubject: evaluate<{ field: string; value: string; pageSize: string; bookmark: string }, Page<EvidenceRecord>>()(['field', 'value', 'pageSize', 'bookmark'], ARG),
    getPrivateContent: evaluate<{ id: string }, { id: string; digest: Digest; content: string }>()(['id'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    recordAudit: submit<{ auditJson: AuditArg }, { audit: Audit; workloadExceeded: { auditor: string; manDays: number }[] }>()(['auditJson'], ARG, MISSING, TAKEN, NOT_YOURS, STATE, RULE),
    registerAuditor: submit<{ auditorJson: AuditorArg }, { auditor: Auditor; warnings: string[] }>()(['auditorJson'], ARG, TAKEN, NOT_YOURS, STATE, RULE),
    updateAuditor: submit<{ registrationNo: string; changesJson: AuditorChangesArg }, Auditor>()(['registrationNo', 'changesJson'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    getAuditor: evaluate<{ registrationNo: string }, Auditor>()(['registrationNo'], ARG, MISSING),
    listAuditors: evaluate<{ body: string; pageSize: string; bookmark: string }, Page<Auditor>>()(['body', 'pageSize', 'bookmark'], ARG),
    getAudit: evaluate<{ auditId: string }, Audit>()(['auditId'], ARG, MISSING),
    openNonconformities: evaluate<{ auditId: string }, { id: string | undefined; severity: string | undefined }[]>()(['auditId'], ARG, MISSING),
    requestTakedown: submit<{ id: string; reason: string }, TakedownRequest>()(['id', 'reason'], ARG, MISSING, TAKEN, NOT_YOURS, STATE, RULE),
    approveTakedown: submit<{ id: string; reason: string }, EvidenceRecord>()(['id', 'reason'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    rejectTakedown: submit<{ id: string; reason: string }, TakedownRequest>()(['id', 'reason'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    takenDownTransactions: evaluate<{ txIdsJson: string[] }, { takenDown: { txId: string; id: string }[] }>()(['txIdsJson'], ARG),
  },
} as const;
