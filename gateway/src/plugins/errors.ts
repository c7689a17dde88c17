// One error handler, one error shape {reqId, statusCode, error, message, code, fields?}: Fabric
// and chaincode errors are mapped here and nowhere else; every answer carries a code
// (docs/errors.md); 5xx text never leaves the process, and no answer echoes the request's URL.
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
  405: 'Method Not Allowed', 408: 'Request Timeout', 413: 'Payload Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 451: 'Unavailable For Legal Reasons',
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

/** The gateway's own code for a status when nothing more precise applies (docs/errors.md). */
export const STATUS_CODE: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 408: 'REQUEST_TIMEOUT', 409: 'CONFLICT',
  412: 'PRECONDITION_FAILED', 413: 'PAYLOAD_TOO_LARGE', 414: 'URI_TOO_LONG', 415: 'UNSUPPORTED_MEDIA_TYPE', 429: 'RATE_LIMITED', 500: 'INTERNAL', 503: 'UNAVAILABLE',
};

export function errorBody(reqId: string, statusCode: number, message: string, extra: Partial<ErrorBody> = {}): ErrorBody {
  return { reqId, statusCode, error: STATUS_TEXT[statusCode] ?? 'Error', message, code: STATUS_CODE[statusCode] ?? (statusCode >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT'), ...extra };
}

function body(request: FastifyRequest, statusCode: number, message: string, extra: Partial<ErrorBody> = {}): ErrorBody {
  return errorBody(request.id, statusCode, message, extra);
}

interface AjvError { instancePath: string; schemaPath: string; keyword: string; params: Record<string, unknown>; message?: string }

/**
 * Ajv's errors as {field, message}, one per field: the branches of a union (anyOf) fold into
 * their union — a union of constants says once which values are allowed.
 */
export function validationFields(context: string, errors: AjvError[]): { field: string; message: string }[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf');
  const inBranch = (e: AjvError): AjvError | undefined => unions.find((u) => u !== e && e.schemaPath.startsWith(`${u.schemaPath}/`));
  const fields: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const v of errors) {
    if (inBranch(v) !== undefined) continue;
    const path = `${context}${v.instancePath.replace(/\//g, '.')}`;
    let field = path;
    let message = v.message ?? 'is invalid';
    if (v.keyword === 'required') field = `${path}.${String(v.params.missingProperty)}`;
    if (v.keyword === 'additionalProperties') {
      field = `${path}.${String(v.params.additionalProperty)}`;
      message = 'is not an allowed field';
    }
    if (v.keyword === 'anyOf') {
      const branches = errors.filter((e) => inBranch(e) === v);
      const constants = branches.filter((e) => e.keyword === 'const').map((e) => JSON.stringify(e.params.allowedValue));
      if (constants.length > 0 && constants.length === branches.length) {
        message = `must be one of ${constants.join(', ')}`;
      } else {
        const forms = [...new Set(branches.map((e) => `${context}${e.instancePath.replace(/\//g, '.')}${e.keyword === 'additionalProperties' ? `.${String(e.params.additionalProperty)} is not an allowed field` : ` ${e.message ?? 'is invalid'}`}`))];
        message = `matches none of the allowed forms: ${forms.join('; or ')}`;
      }
    }
    const key = `${field}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    fields.push({ field, message });
  }
  return fields;
}

/** Fastify's own errors in the gateway's words: what went wrong, never the URL or a header echoed back. */
function frameworkMessage(error: FastifyError, request: FastifyRequest): { status: number; message: string } | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, message: `the body is larger than this route takes (${request.routeOptions.bodyLimit} bytes)` };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, message: 'the body\'s Content-Type is not accepted: send application/json (UTF-8)' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, message: 'the Content-Length header does not match the body' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, message: 'body: is empty, but Content-Type says application/json; send {} or no Content-Type' };
    case 'FST_ERR_BAD_URL':
      return { status: 400, message: 'the URL has a malformed percent-encoding' };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { status: 414, message: `a path segment is longer than ${String(MAX_PARAM_LENGTH)} characters; no id of this API is that long` };
    case 'FST_UNDER_PRESSURE':
      return { status: 503, message: 'the gateway is overloaded; retry after Retry-After' };
    default:
      return undefined;
  }
}

/**
 * The longest path parameter the router takes: every id the API issues fits, even fully
 * percent-encoded (an evidence id is <MSP ID>:<clientRef>, at most 400 characters).
 */
export const MAX_PARAM_LENGTH = 2048;

/** The answer to an error the router meets before any route or hook runs (bad URL, over-long segment). */
export function frameworkErrorBody(error: FastifyError, request: FastifyRequest): { status: number; body: ErrorBody } {
  const known = frameworkMessage(error, request) ?? { status: 400, message: 'the request is malformed' };
  return { status: known.status, body: body(request, known.status, known.message) };
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
      const fields = validationFields(error.validationContext ?? 'body', error.validation);
      const message = fields.map((f) => `${f.field} ${f.message}`).join('; ');
      return reply.code(400).send(body(request, 400, message, { code: 'INVALID_ARGUMENT', fields }));
    }
    const known = frameworkMessage(error, request);
    if (known !== undefined) {
      if (known.status >= 500) request.log.warn({ err: error }, 'request refused');
      return reply.code(known.status).send(body(request, known.status, known.message));
    }
    const status = error.statusCode ?? 500;
    if (status >= 500 || status < 400) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send(body(request, 500, 'internal error'));
    }
    return reply.code(status).send(body(request, status, error.message));
  });

  // The method and the route template's first segment only: the raw URL is the caller's text.
  app.setNotFoundHandler((request, reply) => reply.code(404).send(body(request, 404, `no route ${request.method} ${(request.url.split('?')[0] ?? '').length > 200 ? 'for this path' : (request.url.split('?')[0] ?? '').replace(/[^\x21-\x7e]/g, '?')}`)));
}

export default fp(errorsPlugin, { name: 'errors' });
