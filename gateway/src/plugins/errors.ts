// One error handler, one error shape {reqId, statusCode, error, message, code?, fields?}: Fabric
// and chaincode errors are mapped here and nowhere else; 5xx text never leaves the process.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { FabricCallError, type ChaincodeCode } from '../fabric/errors';

export const CHAINCODE_STATUS: Readonly<Record<ChaincodeCode, number>> = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  FORBIDDEN: 403,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
};

/** Seconds a client should wait before retrying when the peer or orderers are unreachable. */
export const RETRY_AFTER_SECONDS = 5;

export interface ErrorBody {
  reqId: string;
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  fields?: { field: string; message: string }[];
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 412: 'Precondition Failed',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** An error a route throws on purpose, with the status and the message the caller sees. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string | undefined;

  constructor(statusCode: number, message: string, code?: string) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
  }
}

function body(request: FastifyRequest, statusCode: number, message: string, extra: Partial<ErrorBody> = {}): ErrorBody {
  return { reqId: request.id, statusCode, error: STATUS_TEXT[statusCode] ?? 'Error', message, ...extra };
}

async function errorsPlugin(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError | FabricCallError | HttpError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof FabricCallError) {
      const failure = error.failure;
      switch (failure.kind) {
        case 'chaincode': {
          const status = CHAINCODE_STATUS[failure.code];
          return reply.code(status).send(body(request, status, failure.message, { code: failure.code }));
        }
        case 'invalidated':
          request.log.warn({ txId: failure.txId, validationCode: failure.validationCode }, 'transaction invalidated');
          return reply.code(409).send(body(request, 409, `the transaction ${failure.txId} was invalidated (${failure.validationCode}); retry the request`, { code: failure.validationCode }));
        case 'unavailable':
          request.log.warn({ err: error }, 'Fabric unavailable');
          return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS))
            .send(body(request, 503, 'the member\'s peer or the ordering service is unreachable; retry later', { code: 'UNAVAILABLE' }));
        default:
          request.log.error({ err: error }, 'Fabric call failed');
          return reply.code(500).send(body(request, 500, 'internal error'));
      }
    }
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).send(body(request, error.statusCode, error.message, error.code !== undefined ? { code: error.code } : {}));
    }
    if (error.validation !== undefined) {
      const fields = error.validation.map((v) => ({
        field: `${error.validationContext ?? 'body'}${v.instancePath.replace(/\//g, '.')}${v.keyword === 'required' ? `.${String((v.params as { missingProperty?: string }).missingProperty)}` : v.keyword === 'additionalProperties' ? `.${String((v.params as { additionalProperty?: string }).additionalProperty)}` : ''}`,
        message: v.keyword === 'additionalProperties' ? 'is not an allowed field' : v.message ?? 'is invalid',
      }));
      const message = fields.map((f) => `${f.field} ${f.message}`).join('; ');
      return reply.code(400).send(body(request, 400, message, { code: 'INVALID_ARGUMENT', fields }));
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(status).send(body(request, status, 'internal error'));
    }
    return reply.code(status).send(body(request, status, error.message));
  });

  app.setNotFoundHandler((request, reply) => reply.code(404).send(body(request, 404, `no route ${request.method} ${request.url.split('?')[0] ?? ''}`)));
}

export default fp(errorsPlugin, { name: 'errors' });
