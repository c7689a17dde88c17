// /healthz: the process is up. /readyz: its peer is reachable and the chaincode answers — checked
// at most once per READINESS_CACHE_MS (concurrent calls share one check), rate-limited per client
// address like the public routes, and a 503 says what is down in general terms only: the error
// itself (the peer's address among it) goes to the log.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { GatewayConfig } from '../config';
import { ErrorSchema } from './v1/call';

const Health = Type.Object({ status: Type.String() });

export interface Readiness {
  ready: boolean;
  /** epoch ms of the check */
  checkedAt: number;
}

/** What a 503 from /readyz says: no address, no error text. */
export const NOT_READY_REASON = 'the member\'s peer or its chaincode does not answer; see the gateway\'s log';

/**
 * The readiness check itself: the one place its result is produced (anything that reports
 * readiness, such as a gauge, is set from here).
 */
export async function checkReadiness(app: FastifyInstance): Promise<Readiness> {
  try {
    await app.fabric.ready(readyUser(app));
    return { ready: true, checkedAt: Date.now() };
  } catch (error) {
    app.log.warn({ err: error }, 'readiness check failed');
    return { ready: false, checkedAt: Date.now() };
  }
}

/** checkReadiness, reused for `cacheMs`; callers during a check wait for that check. */
export function cachedReadiness(app: FastifyInstance, cacheMs: number): () => Promise<Readiness> {
  let last: Readiness | undefined;
  let pending: Promise<Readiness> | undefined;
  return async () => {
    if (last !== undefined && Date.now() - last.checkedAt < cacheMs) return last;
    pending ??= checkReadiness(app).then((result) => {
      last = result;
      return result;
    }).finally(() => {
      pending = undefined;
    });
    return pending;
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** the member's readiness, checked at most once per READINESS_CACHE_MS (set in app.ts) */
    readiness: () => Promise<Readiness>;
  }
}

export default async function health(app: FastifyInstance, options: { config: GatewayConfig }): Promise<void> {
  const { config } = options;
  const readiness = app.readiness;
  app.get('/healthz', { schema: { tags: ['health'], response: { 200: Health } } }, async () => ({ status: 'OK' }));
  app.get('/readyz', {
    config: { rateLimit: { max: config.publicRateLimitPerMinute, timeWindow: '1 minute' } },
    schema: {
      tags: ['health'],
      description: `Checked at most once every ${config.readinessCacheMs} ms; rate-limited per client address.`,
      response: { 200: Health, 429: ErrorSchema, 503: Type.Object({ status: Type.String(), reason: Type.String() }) },
    },
  }, async (_request, reply) => {
    const { ready } = await readiness();
    if (ready) return { status: 'OK' };
    return reply.code(503).header('retry-after', '5').send({ status: 'UNAVAILABLE', reason: NOT_READY_REASON });
  });
}

/** Any enrolled user can evaluate; prefer the gateway's reader. */
export function readyUser(app: FastifyInstance): string {
  return [app.fabric.reader, 'admin1'].find((u) => app.fabric.hasUser(u)) ?? app.fabric.reader;
}
