// Takedown of unlawful evidence content as pure rules [BSC 6.2c: 对于法律、行政法规禁止的信息内容，
// 应当具备对其发布、记录、存储、传播的即时和应急处置能力]: the submitter asks, the regulator decides (or
// acts directly); a taken-down record keeps its digest, its id and its place in a correction
// chain, and loses its content. docs/contracts.md §2.3 explains what stays in Fabric's blocks.

import { conflict, forbidden } from '../shared/errors';
import type { EvidenceRecord, Takedown } from './types';

export const TAKEDOWN_REQUEST_STATUSES = ['REQUESTED', 'APPROVED', 'REJECTED'] as const;
export type TakedownRequestStatus = (typeof TAKEDOWN_REQUEST_STATUSES)[number];

/** The submitter's request, and the regulator's decision on it. */
export interface TakedownRequest {
  id: string;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  requestTxId: string;
  status: TakedownRequestStatus;
  decidedBy?: string;
  decisionReason?: string;
  decidedAt?: string;
  decisionTxId?: string;
}

/** Whether a record carries content a takedown could remove: on the channel (plaintext) or in a collection (private). */
export function hasContent(record: EvidenceRecord): boolean {
  return record.form === 'plaintext' || record.form === 'private';
}

function refuseTakenDownOrEmpty(record: EvidenceRecord): void {
  if (record.takedown !== undefined) {
    throw conflict(`the content of evidence ${record.id} was already taken down by ${record.takedown.approvedBy} at ${record.takedown.at}`);
  }
  if (!hasContent(record)) {
    throw conflict(`evidence ${record.id} is in the ${record.form} form and holds no content to take down (its digest is all the ledger keeps)`);
  }
}

/** The submitter — only the member that anchored the record — asks the regulator to take its content down. */
export function checkTakedownRequest(record: EvidenceRecord, callerMsp: string, current: TakedownRequest | undefined): void {
  refuseTakenDownOrEmpty(record);
  if (callerMsp !== record.submitter.mspId) {
    throw forbidden(`evidence ${record.id} was anchored by ${record.submitter.mspId}; only its submitter requests a takedown (the regulator takes content down directly)`);
  }
  if (current?.status === 'REQUESTED') {
    throw conflict(`a takedown of evidence ${record.id} was already requested at ${current.requestedAt}; the regulator approves or rejects it`);
  }
}

/** The regulator approves a pending request, or takes the content down on its own finding. */
export function checkTakedownApproval(record: EvidenceRecord): void {
  refuseTakenDownOrEmpty(record);
}

export function checkTakedownRejection(record: EvidenceRecord, current: TakedownRequest | undefined): asserts current is TakedownRequest {
  if (current?.status !== 'REQUESTED') {
    throw conflict(`there is no takedown request pending for evidence ${record.id}; there is nothing to reject`);
  }
}

/** The record as it stays after the takedown: every field but `content`, plus the takedown. */
export function takenDownRecord(
  record: EvidenceRecord,
  input: { reason: string; approvedBy: string; now: string; txId: string; request?: TakedownRequest | undefined },
): EvidenceRecord {
  const { content: _content, ...rest } = structuredClone(record);
  const takedown: Takedown = { reason: input.reason, approvedBy: input.approvedBy, at: input.now, txId: input.txId };
  if (input.request?.status === 'REQUESTED') {
    takedown.requestedBy = input.request.requestedBy;
    takedown.requestReason = input.request.reason;
  }
  return { ...rest, takedown };
}
