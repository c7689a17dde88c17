// The takedown flow of the evidence contract [BSC 6.2c], kept out of contract.ts: its transactions
// delegate here; the rules are domain/takedown.ts. Takedowns stay possible while writes are paused
// (shared/write-pause.ts): stopping unlawful content is what a pause is for.
import {
  checkTakedownApproval,
  checkTakedownRejection,
  checkTakedownRequest,
  hasContent,
  takenDownRecord,
  type TakedownRequest,
} from '../domain/takedown';
import type { EvidenceRecord } from '../domain/types';
import { keyPart, parseJsonArg, requireArray, requireString } from '../domain/validate';
import type { CertledgerContext } from '../shared/context';
import { forbidden, invalidArgument } from '../shared/errors';
import { Events } from '../shared/events';
import { Keys } from '../shared/keys';
import { toJson } from '../shared/marshal';

const REQUESTERS = ['recorder', 'issuer', 'regulator', 'admin'] as const;
const TX_ID = { max: 128, pattern: /^[A-Za-z0-9]+$/, patternHint: 'a transaction id (hex)' };

function parseReason(value: unknown, field = 'reason'): string {
  const text = requireString(value, field, { max: 2000 });
  if (text.trim() === '') throw invalidArgument(field, 'is required (a non-empty text)');
  return text.trim();
}

function mustGetRecord(ctx: CertledgerContext, id: string): Promise<EvidenceRecord> {
  return ctx.state.mustGet<EvidenceRecord>(Keys.evidence, [id], `evidence ${id}`);
}

/** The submitter asks the regulator to take a record's content down. */
export async function requestTakedownTx(ctx: CertledgerContext, id: string, reason: string) {
  const key = keyPart(id, 'id');
  const text = parseReason(reason);
  const now = ctx.checkedTime();
  await ctx.requireWriter(REQUESTERS, undefined, false, true);
  const record = await mustGetRecord(ctx, key);
  checkTakedownRequest(record, ctx.caller.mspId, await ctx.state.get<TakedownRequest>(Keys.evidenceTakedown, [key]));
  const request: TakedownRequest = { id: key, reason: text, requestedBy: ctx.caller.mspId, requestedAt: now, requestTxId: ctx.txId, status: 'REQUESTED' };
  await ctx.state.put(Keys.evidenceTakedown, [key], request);
  ctx.emit(Events.TakedownRequested, { id: key, requestedBy: request.requestedBy });
  return toJson(request);
}

/**
 * The regulator takes a record's content down — on the submitter's request or on its own finding:
 * the record is rewritten without `content`; private content is purged from the collection with
 * purgePrivateData (Fabric 2.5, application capability V2_5), its hash with it.
 */
export async function approveTakedownTx(
  ctx: CertledgerContext, id: string, reason: string, collectionOf: (mspId: string) => string,
) {
  const key = keyPart(id, 'id');
  const text = parseReason(reason);
  const now = ctx.checkedTime();
  const regulator = await ctx.requireWriter(['regulator'], ['REGULATOR'], false, true);
  const record = await mustGetRecord(ctx, key);
  checkTakedownApproval(record);
  const request = await ctx.state.get<TakedownRequest>(Keys.evidenceTakedown, [key]);
  const rewritten = takenDownRecord(record, { reason: text, approvedBy: regulator.mspId, now, txId: ctx.txId, request });

  await ctx.state.put(Keys.evidence, [key], rewritten);
  if (record.form === 'private') await ctx.stub.purgePrivateData(collectionOf(record.submitter.mspId), key);
  // a plaintext record's anchoring transaction carries the content in its block: receipts of that block are refused
  if (record.form === 'plaintext') await ctx.state.put(Keys.evidenceTakedownTx, [record.txId], { id: key });
  await ctx.state.put(Keys.evidenceTakedownDigest, [record.digest.alg, record.digest.value], { id: key });
  const decision: TakedownRequest = request?.status === 'REQUESTED'
    ? { ...request, status: 'APPROVED', decidedBy: regulator.mspId, decisionReason: text, decidedAt: now, decisionTxId: ctx.txId }
    : { id: key, reason: text, requestedBy: regulator.mspId, requestedAt: now, requestTxId: ctx.txId, status: 'APPROVED', decidedBy: regulator.mspId, decisionReason: text, decidedAt: now, decisionTxId: ctx.txId };
  await ctx.state.put(Keys.evidenceTakedown, [key], decision);
  ctx.emit(Events.EvidenceTakenDown, {
    id: key, form: record.form, digest: record.digest, approvedBy: regulator.mspId, requestedBy: rewritten.takedown?.requestedBy,
  });
  return toJson(rewritten);
}

/** The regulator rejects a pending request; the submitter may ask again. */
export async function rejectTakedownTx(ctx: CertledgerContext, id: string, reason: string) {
  const key = keyPart(id, 'id');
  const text = parseReason(reason);
  const now = ctx.checkedTime();
  const regulator = await ctx.requireWriter(['regulator'], ['REGULATOR'], false, true);
  const record = await mustGetRecord(ctx, key);
  const request = await ctx.state.get<TakedownRequest>(Keys.evidenceTakedown, [key]);
  checkTakedownRejection(record, request);
  const decision: TakedownRequest = { ...request, status: 'REJECTED', decidedBy: regulator.mspId, decisionReason: text, decidedAt: now, decisionTxId: ctx.txId };
  await ctx.state.put(Keys.evidenceTakedown, [key], decision);
  ctx.emit(Events.TakedownRejected, { id: key, requestedBy: request.requestedBy, rejectedBy: regulator.mspId });
  return toJson(decision);
}

/** Refuses content (plaintext or private) whose digest the regulator took down: not even a retry may carry it into a block again. */
export async function refuseTakenDownContent(ctx: CertledgerContext, record: Pick<EvidenceRecord, 'form' | 'digest'>): Promise<void> {
  if (!hasContent(record as EvidenceRecord)) return;
  const taken = await ctx.state.get<{ id: string }>(Keys.evidenceTakedownDigest, [record.digest.alg, record.digest.value]);
  if (taken !== undefined) {
    throw forbidden(`content with ${record.digest.alg} digest ${record.digest.value} was taken down by the regulator (evidence ${taken.id}); it is not anchored again — anchor the digest alone if you must`);
  }
}

/** Of the given transaction ids, those whose anchored plaintext was taken down (the gateway refuses receipts of their blocks). */
export async function takenDownTransactionsTx(ctx: CertledgerContext, txIdsJson: string) {
  const ids = requireArray(parseJsonArg(txIdsJson, 'txIds'), 'txIds', { min: 1, max: 1000 })
    .map((value, i) => keyPart(requireString(value, `txIds[${i}]`, TX_ID), `txIds[${i}]`));
  const takenDown: { txId: string; id: string }[] = [];
  for (const txId of [...new Set(ids)]) {
    const entry = await ctx.state.get<{ id: string }>(Keys.evidenceTakedownTx, [txId]);
    if (entry !== undefined) takenDown.push({ txId, id: entry.id });
  }
  return toJson({ takenDown });
}
