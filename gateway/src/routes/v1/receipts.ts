// GET /v1/evidence/{id}/receipt: an offline-verifiable receipt of the transaction that anchored a
// record (DESIGN §6). The record is read as the caller (so chaincode access rules apply), then
// its block and the channel's config block are read with qscc, also as the caller.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { GatewayConfig } from '../../config';
import { classify } from '../../fabric/errors';
import { HttpError } from '../../plugins/errors';
import { buildReceipt, ReceiptNotFoundError, ReceiptSchema } from '../../receipts/receipt';
import { ERRORS, evaluate } from './call';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 400 }) });

export default async function receiptRoutes(app: FastifyInstance, options: { config: GatewayConfig }): Promise<void> {
  const { channel } = options.config;
  app.get('/evidence/:id/receipt', {
    schema: {
      tags: ['evidence'], security: [{ apiKey: [] }],
      summary: 'An offline-verifiable receipt of the transaction that anchored a record',
      description: 'The envelope, its endorsements, the block (header, data, orderer signatures, validation flags) and the channel MSP roots. '
        + 'Verify with `node dist/gateway/src/receipts/cli.js receipt.json [--roots roots.json]`.',
      params: IdParams,
      response: { 200: ReceiptSchema, ...ERRORS },
    },
  }, async (request) => {
    const { id } = request.params as { id: string };
    const record = await evaluate(app, request, 'evidence', 'get', [id]) as { txId?: unknown } | null;
    if (record === null || typeof record.txId !== 'string' || record.txId === '') throw new HttpError(404, `evidence ${id} names no transaction`, 'NOT_FOUND');
    // request.caller is set: the route sits behind authenticate, and evaluate above required it.
    const user = request.caller?.user as string;
    try {
      return await buildReceipt(app.fabric.gateway(user), channel, record.txId);
    } catch (error) {
      if (error instanceof ReceiptNotFoundError) throw new HttpError(404, error.message, 'NOT_FOUND');
      throw classify(error);
    }
  });
}
