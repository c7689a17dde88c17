// What the gateway accepts as a request before any route sees it (docs/errors.md): JSON bodies in
// UTF-8 only (any other charset or media type is 415), well-formed UTF-8, nested at most
// MAX_JSON_DEPTH levels, with no "__proto__" or "constructor.prototype" key; USCCs normalised once,
// before any schema checks their length; bodiless POST routes given {} so their schema refuses
// unknown fields; /v1 routes without a query schema refuse every query parameter.
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { normalizeUscc } from '../../../chaincode/src/domain/uscc';
import { HttpError } from './errors';

/** Deeper than any body of the API (a proposal's payload included) and far from any stack limit. */
export const MAX_JSON_DEPTH = 32;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The charset parameter of a Content-Type, lowercased and unquoted; undefined when none. */
export function charsetOf(contentType: string): string | undefined {
  for (const part of contentType.split(';').slice(1)) {
    const [name, ...rest] = part.split('=');
    if (name?.trim().toLowerCase() === 'charset') return rest.join('=').trim().replace(/^"(.*)"$/, '$1').toLowerCase();
  }
  return undefined;
}

/** A client-supplied token, shown in a message only when it is plainly a token. */
const shown = (value: string): string => (/^[A-Za-z0-9._+/-]{1,40}$/.test(value) ? `"${value}"` : 'given');

/** True when brackets outside strings nest deeper than `limit`: checked before JSON.parse recurses. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** Parses a JSON body, refusing what the gateway does not take, each with its reason. */
export function parseJsonBody(bytes: Buffer, contentType: string): unknown {
  const charset = charsetOf(contentType);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpError(415, `charset ${shown(charset)} is not accepted: send the body as UTF-8 (charset=utf-8, or no charset)`, 'UNSUPPORTED_MEDIA_TYPE');
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new HttpError(400, 'body: is not valid UTF-8', 'INVALID_ARGUMENT');
  }
  if (text.trim() === '') {
    throw new HttpError(400, 'body: is empty, but Content-Type says application/json; send {} or no Content-Type', 'INVALID_ARGUMENT');
  }
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new HttpError(400, `body: nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep; no request of this API needs that many`, 'INVALID_ARGUMENT');
  }
  const path: string[] = [];
  try {
    return JSON.parse(text, function reviver(this: unknown, key: string, value: unknown) {
      if (key === '__proto__' || (key === 'constructor' && value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype'))) {
        path.push(key === '__proto__' ? '"__proto__"' : '"constructor" holding "prototype"');
        throw new SyntaxError('forbidden key');
      }
      return value;
    }) as unknown;
  } catch (error) {
    if (path.length > 0) {
      throw new HttpError(400, `body: a key ${path[0] as string} is refused: such a key can replace the prototype of objects built from the body (prototype poisoning); no field of this API has that name`, 'INVALID_ARGUMENT');
    }
    throw new HttpError(400, `body: is not valid JSON (${error instanceof Error ? error.message : 'unparsable'})`, 'INVALID_ARGUMENT');
  }
}

/** A USCC with its spaces and dashes removed and letters capitalised; a FOREIGN:… key as given. */
export function normalizeOrganizationKey(value: string): string {
  return value.trim().toUpperCase().startsWith('FOREIGN:') ? value : normalizeUscc(value);
}

/** Every string field named `uscc`, at any depth, normalised in place. */
function normalizeUsccFields(value: unknown, depth = 0): void {
  if (value === null || typeof value !== 'object' || depth > MAX_JSON_DEPTH) return;
  if (Array.isArray(value)) {
    for (const item of value) normalizeUsccFields(item, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const [key, field] of Object.entries(record)) {
    if (key === 'uscc' && typeof field === 'string') record[key] = normalizeOrganizationKey(field);
    else normalizeUsccFields(field, depth + 1);
  }
}

/** The one place USCCs are normalised in the gateway: body, query and path. */
export function normalizeRequestUscc(request: Pick<FastifyRequest, 'body' | 'query' | 'params'>): void {
  normalizeUsccFields(request.body);
  normalizeUsccFields(request.params);
  const query = request.query as Record<string, unknown> | undefined;
  normalizeUsccFields(query);
  // GET /v1/evidence?field=uscc&value=…
  if (query !== undefined && query.field === 'uscc' && typeof query.value === 'string') query.value = normalizeOrganizationKey(query.value);
}

interface ObjectSchema { type?: unknown; properties?: Record<string, unknown>; additionalProperties?: unknown }

/** A body schema with no fields and no others allowed: the route takes no body, or {}. */
function takesNoBody(schema: unknown): boolean {
  const s = schema as ObjectSchema | undefined;
  return s !== undefined && s.type === 'object' && Object.keys(s.properties ?? {}).length === 0 && s.additionalProperties === false;
}

async function inputPlugin(app: FastifyInstance): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer, request.headers['content-type'] ?? ''));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.schema === undefined || !route.url.startsWith('/v1/')) return;
    // No query schema: no query parameter is read, so none is silently ignored.
    if (route.schema.querystring === undefined) route.schema.querystring = { type: 'object', properties: {}, additionalProperties: false };
    if (takesNoBody(route.schema.body)) {
      const existing = route.preValidation === undefined ? [] : Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation];
      route.preValidation = [async (request: FastifyRequest) => {
        if (request.body === undefined) request.body = {};
      }, ...existing];
    }
  });

  app.addHook('preValidation', async (request) => {
    normalizeRequestUscc(request);
  });
}

export default fp(inputPlugin, { name: 'input', dependencies: ['errors'] });
