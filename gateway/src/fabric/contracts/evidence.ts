// The evidence contract as the gateway calls it (chaincode/src/api/evidence.ts).
import { evidenceApi } from '../../../../chaincode/src/api/evidence';
import type { ProofStep } from '../../../../chaincode/src/domain/merkle';
import type { AnchorArg, AuditArg, AuditorArg, AuditorChangesArg, BatchArg } from '../../../../chaincode/src/api/evidence';
import { ContractClient, type FabricCalls } from './client';

export class Evidence extends ContractClient<typeof evidenceApi> {
  constructor(fabric: FabricCalls) {
    super(fabric, evidenceApi);
  }

  /** `privateContent`, when given, travels in the transient map only: never on the channel. */
  anchor(identity: string, record: AnchorArg, privateContent?: Buffer) {
    return this.submit(identity, 'anchor', { recordJson: record }, privateContent === undefined ? undefined : { content: privateContent });
  }

  anchorBatch(identity: string, batch: BatchArg) {
    return this.submit(identity, 'anchorBatch', { batchJson: batch });
  }

  verifyDigest(identity: string, digest: { alg: string; value: string }) {
    return this.evaluate(identity, 'verifyDigest', digest);
  }

  verifyBatchItem(identity: string, batchId: string, item: { digest: string; proof: ProofStep[] }) {
    return this.evaluate(identity, 'verifyBatchItem', { batchId, digest: item.digest, proofJson: item.proof });
  }

  get(identity: string, id: string) {
    return this.evaluate(identity, 'get', { id });
  }

  getBatch(identity: string, id: string) {
    return this.evaluate(identity, 'getBatch', { id });
  }

  history(identity: string, id: string) {
    return this.evaluate(identity, 'history', { id });
  }

  listBySubject(identity: string, query: { field: string; value: string; pageSize: string; bookmark: string }) {
    return this.evaluate(identity, 'listBySubject', query);
  }

  getPrivateContent(identity: string, id: string) {
    return this.evaluate(identity, 'getPrivateContent', { id });
  }

  recordAudit(identity: string, audit: AuditArg) {
    return this.submit(identity, 'recordAudit', { auditJson: audit });
  }

  getAudit(identity: string, auditId: string) {
    return this.evaluate(identity, 'getAudit', { auditId });
  }

  openNonconformities(identity: string, auditId: string) {
    return this.evaluate(identity, 'openNonconformities', { auditId });
  }

  registerAuditor(identity: string, auditor: AuditorArg) {
    return this.submit(identity, 'registerAuditor', { auditorJson: auditor });
  }

  updateAuditor(identity: string, registrationNo: string, changes: AuditorChangesArg) {
    return this.submit(identity, 'updateAuditor', { registrationNo, changesJson: changes });
  }

  getAuditor(identity: string, registrationNo: string) {
    return this.evaluate(identity, 'getAuditor', { registrationNo });
  }

  listAuditors(identity: string, body: string, page: { pageSize: string; bookmark: string }) {
    return this.evaluate(identity, 'listAuditors', { body, ...page });
  }

  requestTakedown(identity: string, id: string, reason: string) {
    return this.submit(identity, 'requestTakedown', { id, reason });
  }

  approveTakedown(identity: string, id: string, reason: string) {
    return this.submit(identity, 'approveTakedown', { id, reason });
  }

  rejectTakedown(identity: string, id: string, reason: string) {
    return this.submit(identity, 'rejectTakedown', { id, reason });
  }

  /** Which of these transactions' records were taken down (a receipt's check). */
  takenDownTransactions(identity: string, txIds: string[]) {
    return this.evaluate(identity, 'takenDownTransactions', { txIdsJson: txIds });
  }
}
