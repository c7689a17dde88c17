// How every route reaches the chaincode: evaluate as the caller, or submit as the caller under
// the request's Idempotency-Key; submits answer { result, txId, blockNumber }.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { HttpError } from '../../plugins/errors';

export const ErrorSchema = Type.Object({
  reqId: Type.String(),
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  code: Type.Optional(Type.String()),
  fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
});

/** Response schemas for every error status a route can answer with. */
export const ERRORS = {
  400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 412: ErrorSchema, 422: ErrorSchema, 429: ErrorSchema, 500: ErrorSchema, 503: ErrorSchema,
} as const;

export function submitted<T extends TSchema>(result: T) {
  return Type.Object({ result, txId: Type.String(), blockNumber: Type.String() });
}

/** A write that commits only when it changes state: without txId and blockNumber when it did not. */
export function submittedIfChanged<T extends TSchema>(result: T) {
  return Type.Object({
    result,
    txId: Type.Optional(Type.String({ description: 'absent when nothing changed: no transaction was submitted' })),
    blockNumber: Type.Optional(Type.String({ description: 'absent when nothing changed' })),
  });
}

/** The body of a POST that takes none: send no body (and no Content-Type), or {}; any field is refused. */
export const EmptyBody = Type.Object({}, { additionalProperties: false, description: 'no fields: send no body, or {}' });

/** Query strings stay strings (no type coercion anywhere): a page size of 1 to 200 in digits. */
export const PageSize = Type.String({ pattern: '^(?:[1-9]|[1-9][0-9]|1[0-9]{2}|200)$', default: '50', description: 'a whole number from 1 to 200' });

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$', description: 'unique per intended write; a retry with the same key gets the first answer' }),
});

function callerOf(request: FastifyRequest): string {
  if (request.caller === undefined) throw new HttpError(401, 'authentication required', 'UNAUTHENTICATED');
  return request.caller.user;
}

function parse(bytes: Buffer): unknown {
  const text = bytes.toString('utf8');
  return text === '' ? null : (JSON.parse(text) as unknown);
}

export async function evaluate(app: FastifyInstance, request: FastifyRequest, contract: string, fn: string, args: string[], user?: string): Promise<unknown> {
  return parse(await app.fabric.evaluate(user ?? callerOf(request), contract, fn, args));
}

/** Certificate statuses (chaincode CERTIFICATE_STATUSES): the only label values counted. */
const CERTIFICATE_STATUSES = new Set(['VALID', 'SUSPENDED', 'WITHDRAWN', 'CANCELLED', 'EXPIRED']);

function countStatusChanges(app: FastifyInstance, statusesOf: (result: unknown) => string[], result: unknown): void {
  let statuses: string[] = [];
  try {
    statuses = statusesOf(result);
  } catch {
    // an answer without the expected shape is the route's problem, not the counter's
  }
  for (const to of statuses) if (CERTIFICATE_STATUSES.has(to)) app.metrics.certificateStatusChanges.inc({ to });
}

export async function submit(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  contract: string,
  fn: string,
  args: string[],
  options: {
    statusCode?: number;
    transient?: Record<string, Buffer>;
    businessEvent?: string;
    /** the statuses the committed answer moved certificates to (counted by the metrics plugin) */
    statusChanges?: (result: unknown) => string[];
    /** turns the chaincode's answer into the route's `result` (default: the answer itself) */
    present?: (result: unknown) => unknown;
    /**
     * Evaluate first, and submit only when this says the evaluated answer changes state: an
     * answer that changes nothing is returned without a transaction (no txId, no blockNumber).
     */
    changesState?: (evaluated: unknown) => boolean;
  } = {},
): Promise<unknown> {
  const user = callerOf(request);
  return app.idempotent(request, reply, async () => {
    if (options.changesState !== undefined) {
      const evaluated = parse(await app.fabric.evaluate(user, contract, fn, args));
      if (!options.changesState(evaluated)) return { statusCode: options.statusCode ?? 200, body: { result: options.present === undefined ? evaluated : options.present(evaluated) } };
    }
    const done = await app.fabric.submit(user, contract, fn, args, options.transient);
    let result = parse(done.result);
    if (options.present !== undefined) {
      try {
        result = options.present(result);
      } catch (error) {
        // committed, but the answer cannot be built: say which transaction, for the operator
        request.log.error({ err: error, txId: done.txId, blockNumber: done.blockNumber }, 'committed transaction, answer not presentable');
        throw error;
      }
    }
    if (options.businessEvent !== undefined) app.metrics.business.inc({ event: options.businessEvent });
    if (options.statusChanges !== undefined) countStatusChanges(app, options.statusChanges, result);
    return { statusCode: options.statusCode ?? 200, body: { result, txId: done.txId, blockNumber: done.blockNumber } };
  });
}
