// API keys, stored hashed (SHA-256 of a 256-bit random key), each mapped to one identity the
// member's CA enrolled: the gateway signs as that identity, so chaincode sees the real user.
// Failed authentications are counted per client address (AUTH_FAILURES_PER_MINUTE; past it
// every request from the address is 429 until the window ends), and an authenticated caller is
// rate-limited per identity (AUTH_RATE_LIMIT_PER_MINUTE), both before any validation or Fabric call.
import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import type { GatewayConfig } from '../config';
import { HttpError } from './errors';

export interface ApiKeyRecord {
  id: string;
  /** sha256 of the key, lowercase hex */
  sha256: string;
  /** the enrolled user (run/<org>/users/<user>) the key acts as */
  user: string;
  createdAt: string;
}

export interface Caller {
  keyId: string;
  user: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
  interface FastifyRequest {
    caller: Caller | undefined;
  }
}

export function apiKeysFile(config: GatewayConfig): string {
  return join(config.stateDir, 'api-keys.json');
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function loadKeys(file: string): Map<string, ApiKeyRecord> {
  const keys = new Map<string, ApiKeyRecord>();
  if (!existsSync(file)) return keys;
  const records = (JSON.parse(readFileSync(file, 'utf8')) as { keys?: ApiKeyRecord[] }).keys ?? [];
  for (const record of records) keys.set(record.sha256, record);
  return keys;
}

/** The key of "Authorization: Bearer <key>" (the scheme is case-insensitive, RFC 7235 §2.1), or of X-API-Key. */
export function presentedKey(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^bearer[ \t]+(.*)$/i.exec(header.trim());
    if (match !== null) return (match[1] ?? '').trim();
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}

async function authPlugin(app: FastifyInstance, options: { config: GatewayConfig }): Promise<void> {
  const file = apiKeysFile(options.config);
  let keys = loadKeys(file);
  // Keys added or revoked by scripts/gateway-key.sh take effect without a restart.
  if (existsSync(options.config.stateDir)) {
    const watcher = watch(options.config.stateDir, (_event, name) => {
      if (name === 'api-keys.json') {
        try {
          keys = loadKeys(file);
        } catch (error) {
          app.log.error({ err: error }, 'could not reload API keys; keeping the previous set');
        }
      }
    });
    app.addHook('onClose', async () => watcher.close());
  }

  const { config } = options;
  // Failures by client address, in the rate-limit plugin's store: read before a key is checked,
  // counted when one fails.
  const failures = app.createRateLimit({ max: config.authFailuresPerMinute, timeWindow: 60_000, keyGenerator: (request) => `auth-failure:${request.ip}` });
  const perIdentity = app.rateLimit({ max: config.authRateLimitPerMinute, timeWindow: 60_000, keyGenerator: (request) => `identity:${request.caller?.user ?? request.ip}` });
  const refuse = async (request: FastifyRequest, error: HttpError): Promise<never> => {
    await failures(request);
    throw error;
  };

  app.decorateRequest('caller', undefined);
  app.decorate('authenticate', async (request: FastifyRequest, reply: FastifyReply) => {
    const seen = await failures(request, { increment: false });
    if (!seen.isAllowed && seen.remaining <= 0) {
      reply.header('retry-after', String(seen.ttlInSeconds));
      throw new HttpError(429, `too many failed authentications from this address (${config.authFailuresPerMinute} a minute); retry after ${seen.ttlInSeconds} s`, 'RATE_LIMITED');
    }
    const key = presentedKey(request);
    if (key === undefined || key === '') {
      return refuse(request, new HttpError(401, 'an API key is required: send "Authorization: Bearer <key>" (scripts/gateway-key.sh issues keys)', 'UNAUTHENTICATED'));
    }
    const digest = hashKey(key);
    const record = keys.get(digest);
    if (record === undefined || !timingSafeEqual(Buffer.from(record.sha256, 'hex'), Buffer.from(digest, 'hex'))) {
      return refuse(request, new HttpError(401, 'the API key is not valid for this gateway', 'UNAUTHENTICATED'));
    }
    if (!app.fabric.hasUser(record.user)) {
      throw new HttpError(403, `the API key's identity ${record.user} is not enrolled at this member`, 'FORBIDDEN');
    }
    request.caller = { keyId: record.id, user: record.user };
    await perIdentity.call(app, request, reply);
  });
}

export default fp(authPlugin, { name: 'auth', dependencies: ['fabric', 'errors', '@fastify/rate-limit'] });
