// How every route reaches the chaincode: through the typed contract clients (fabric/contracts/),
// evaluating as the caller, or submitting as the caller under the request's Idempotency-Key;
// submits answer { result, txId, blockNumber }.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { Contracts, Submitted } from '../../fabric/contracts';
import { HttpError } from '../../plugins/errors';
// the decorations a route uses (app.contracts, app.idempotent, app.metrics), for the type checker
import type {} from '../../plugins/fabric';
import type {} from '../../plugins/idempotency';
import type {} from '../../plugins/metrics';

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

/** The identity a request acts as: the enrolled user its API key maps to. */
export function callerOf(request: FastifyRequest): string {
  if (request.caller === undefined) throw new HttpError(401, 'authentication required', 'UNAUTHENTICATED');
  return request.caller.user;
}

/** A read through a typed contract client, as the caller (or as `identity`): its answer, to build on. */
export async function read<T>(request: FastifyRequest, call: (contracts: Contracts, identity: string) => Promise<T>, identity?: string): Promise<T> {
  return call(request.server.contracts, identity ?? callerOf(request));
}

/**
 * A read through a typed contract client, as the caller (or as `identity`, e.g. the gateway's
 * reader); the answer is sent through the route's response schema.
 */
export async function evaluate<T>(request: FastifyRequest, reply: FastifyReply, call: (contracts: Contracts, identity: string) => Promise<T>, identity?: string): Promise<FastifyReply> {
  return reply.send(await read(request, call, identity));
}

/** Certificate statuses (chaincode CERTIFICATE_STATUSES): the only label values counted. */
const CERTIFICATE_STATUSES = new Set(['VALID', 'SUSPENDED', 'WITHDRAWN', 'CANCELLED', 'EXPIRED']);

function countStatusChanges<T>(app: FastifyInstance, statusesOf: (result: T) => string[], result: T): void {
  let statuses: string[] = [];
  try {
    statuses = statusesOf(result);
  } catch {
    // an answer without the expected shape is the route's problem, not the counter's
  }
  for (const to of statuses) if (CERTIFICATE_STATUSES.has(to)) app.metrics.certificateStatusChanges.inc({ to });
}

/** A write through a typed contract client, as the caller, under the request's Idempotency-Key. */
export async function submit<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  call: (contracts: Contracts, identity: string) => Promise<Submitted<T>>,
  options: {
    statusCode?: number;
    businessEvent?: string;
    /** turns the chaincode's answer into the route's `result` (default: the answer itself) */
    present?: (result: T) => unknown;
    /** the certificate statuses the answer moved certificates to (certledger_gateway_certificate_status_changes_total) */
    statusChanges?: (result: T) => string[];
    /**
     * Evaluate first (`preview`: the same transaction, not ordered), and submit only when
     * `changes` says the previewed answer changes state: an answer that changes nothing is
     * returned without a transaction (no txId, no blockNumber).
     */
    onlyIfChanged?: { preview: (contracts: Contracts, identity: string) => Promise<T>; changes: (answer: T) => boolean };
  } = {},
): Promise<FastifyReply> {
  const app = request.server;
  const identity = callerOf(request);
  await app.idempotent(request, reply, async () => {
    if (options.onlyIfChanged !== undefined) {
      const previewed = await options.onlyIfChanged.preview(app.contracts, identity);
      if (!options.onlyIfChanged.changes(previewed)) {
        return { statusCode: options.statusCode ?? 200, body: { result: options.present === undefined ? previewed : options.present(previewed) } };
      }
    }
    const done = await call(app.contracts, identity);
    let result: unknown = done.result;
    if (options.present !== undefined) {
      try {
        result = options.present(done.result);
      } catch (error) {
        // committed, but the answer cannot be built: say which transaction, for the operator
        request.log.error({ err: error, txId: done.txId, blockNumber: done.blockNumber }, 'committed transaction, answer not presentable');
        throw error;
      }
    }
    if (options.businessEvent !== undefined) app.metrics.business.inc({ event: options.businessEvent });
    if (options.statusChanges !== undefined) countStatusChanges(app, options.statusChanges, done.result);
    return { statusCode: options.statusCode ?? 200, body: { result, txId: done.txId, blockNumber: done.blockNumber } };
  });
  // the idempotency plugin has sent the answer (the first, or the one stored for this key)
  return reply;
}
