// GET /v1/evidence/{id}/receipt: an offline-verifiable receipt of the transaction that anchored a
// record (docs/architecture.md §6). The record is read as the caller (so chaincode access rules apply), then
// its block and the channel's config block are read with qscc, also as the caller. A block that
// anchored plaintext the regulator has taken down gets no receipt (451): the receipt would carry it.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { GatewayConfig } from '../../config';
import { classify } from '../../fabric/errors';
import { HttpError } from '../../plugins/errors';
import { blockTransactionIds, buildReceipt, ReceiptBeforeSnapshotError, ReceiptNotFoundError, ReceiptSchema, type Receipt } from '../../receipts/receipt';
import { takenDownRefusal, type TakenDown } from '../../receipts/takedown';
import { ERRORS, ErrorSchema, callerOf, read } from './call';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 400 }) });
/** evidence:takenDownTransactions takes at most this many ids at a time. */
const TX_IDS_PER_QUERY = 1000;

export default async function receiptRoutes(fastify: FastifyInstance, options: { config: GatewayConfig }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { channel } = options.config;
  app.get('/evidence/:id/receipt', {
    schema: {
      tags: ['evidence'], security: [{ apiKey: [] }],
      summary: 'An offline-verifiable receipt of the transaction that anchored a record',
      description: 'The envelope, its endorsements, the block (header, data, orderer signatures, validation flags) and the channel MSP roots. '
        + 'Verify with `node dist/gateway/src/receipts/cli.js receipt.json [--roots roots.json]`.',
      params: IdParams,
      response: { 200: ReceiptSchema, ...ERRORS, 451: ErrorSchema },
    },
  }, async (request) => {
    const { id } = request.params;
    const record = await read(request, (c, me) => c.evidence.get(me, id));
    if (record.txId === '') throw new HttpError(404, `evidence ${id} names no transaction`, 'NOT_FOUND');
    const user = callerOf(request);
    let receipt: Receipt;
    try {
      receipt = await buildReceipt(app.fabric.gateway(user), channel, record.txId);
    } catch (error) {
      if (error instanceof ReceiptNotFoundError) throw new HttpError(404, error.message, 'NOT_FOUND');
      // a member restored from a backup: its peer joined by snapshot (docs/operations.md "Restore a member")
      if (error instanceof ReceiptBeforeSnapshotError) throw new HttpError(404, error.message, 'NOT_FOUND');
      throw classify(error);
    }
    // A receipt holds every envelope of its block, write sets included: one whose block anchored
    // plaintext the regulator took down would hand the content out again [BSC 6.2c].
    const ids = blockTransactionIds(receipt).filter((txId) => txId !== '');
    const takenDown: TakenDown[] = [];
    for (let i = 0; i < ids.length; i += TX_IDS_PER_QUERY) {
      const answer = await read(request, (c, me) => c.evidence.takenDownTransactions(me, ids.slice(i, i + TX_IDS_PER_QUERY)));
      takenDown.push(...answer.takenDown);
    }
    const refusal = takenDownRefusal(receipt.block.number, takenDown);
    if (refusal !== undefined) throw refusal;
    return receipt;
  });
}
