// Receipts and taken-down content [BSC 6.2c]: a receipt carries every envelope of its block, write
// sets included, so the gateway gives none for a block that anchored plaintext the regulator has
// taken down (routes/v1/receipts.ts asks the chaincode, evidence:takenDownTransactions).
import { HttpError } from '../plugins/errors';

export interface TakenDown { txId: string; id: string }

/** 451 Unavailable For Legal Reasons when the block holds taken-down plaintext; undefined otherwise. */
export function takenDownRefusal(blockNumber: string, takenDown: readonly TakenDown[]): HttpError | undefined {
  if (takenDown.length === 0) return undefined;
  const records = [...new Set(takenDown.map((t) => t.id))].join(', ');
  return new HttpError(
    451,
    `block ${blockNumber} holds content the regulator took down (evidence ${records}); a receipt carries the whole block and would expose it, so none is given for this block — the record and its digest stay verifiable with GET /v1/evidence/{id} and POST /v1/evidence/verify`,
    'TAKEN_DOWN',
  );
}
