// Idempotency-Key on every POST: the first request with a key runs, concurrent and later ones
// with the same key (same caller, same route) get its answer. Answers are kept on disk, written
// atomically, so a restarted gateway still answers a retry without a second transaction. They are
// kept for the configured retention (IDEMPOTENCY_RETENTION_HOURS), then swept: a retry after that
// runs again, and the chaincode's natural keys (clientRef, certificate number, ids) still refuse
// a second record. Bodies are compared in canonical form (object keys sorted, at any depth): the
// same JSON with its keys in another order is the same request.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { GatewayConfig } from '../config';
import type {} from './auth';
import { HttpError } from './errors';

export interface StoredAnswer {
  statusCode: number;
  body: unknown;
  /** hash of the request body: the same key with another body is refused */
  requestHash: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    idempotent: (request: FastifyRequest, reply: FastifyReply, run: () => Promise<{ statusCode: number; body: unknown }>) => Promise<unknown>;
  }
}

const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/** JSON with every object's keys sorted: one text for one value, whatever order the client sent. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The hash an answer is stored under: the request's body and path parameters in canonical form. */
export function requestHashOf(body: unknown, params: unknown): string {
  return createHash('sha256').update(`canonical/1\u0000${canonicalJson(body ?? {})}\u0000${canonicalJson(params ?? {})}`).digest('hex');
}

/** The hash answers stored before canonical form was used (kept for the retention period). */
function legacyHashes(body: unknown, params: unknown): string[] {
  const bodies = [JSON.stringify(body ?? null)];
  // bodiless routes now see {} where they saw no body
  if (body !== null && typeof body === 'object' && Object.keys(body).length === 0) bodies.push('null');
  return bodies.map((b) => createHash('sha256').update(b).update(JSON.stringify(params ?? null)).digest('hex'));
}

async function idempotencyPlugin(app: FastifyInstance, options: { config: GatewayConfig }): Promise<void> {
  const retentionMs = options.config.idempotencyRetentionMs;
  if (!Number.isFinite(retentionMs) || retentionMs <= 0) {
    throw new Error(`idempotency: the retention must be a positive number of milliseconds, got ${String(retentionMs)}`);
  }
  const dir = join(options.config.stateDir, 'idempotency');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const inFlight = new Map<string, Promise<StoredAnswer>>();

  const fileOf = (id: string): string => join(dir, `${id}.json`);
  // Asynchronous file work: a synchronous fsync would stall every other request on the event loop.
  const read = async (id: string): Promise<StoredAnswer | undefined> => {
    try {
      return JSON.parse(await readFile(fileOf(id), 'utf8')) as StoredAnswer;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  };
  const write = async (id: string, answer: StoredAnswer): Promise<void> => {
    const temp = `${fileOf(id)}.${process.pid}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(answer));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, fileOf(id));
  };

  const sweep = async (): Promise<void> => {
    const removed = await sweepExpired(dir, Date.now() - retentionMs);
    if (removed > 0) app.log.info({ removed, retentionHours: retentionMs / 3_600_000 }, 'swept expired idempotency answers');
  };
  const failed = (error: unknown): void => app.log.warn({ err: error }, 'sweeping expired idempotency answers failed; will retry');
  const timer = setInterval(() => void sweep().catch(failed), Math.min(3_600_000, retentionMs / 4));
  timer.unref();
  app.addHook('onReady', async () => { void sweep().catch(failed); });
  app.addHook('onClose', async () => clearInterval(timer));

  app.decorate('idempotent', async (request: FastifyRequest, reply: FastifyReply, run: () => Promise<{ statusCode: number; body: unknown }>) => {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new HttpError(400, 'every POST needs an Idempotency-Key header: 8 to 128 characters of letters, digits, . _ : - (a UUID will do)', 'INVALID_ARGUMENT');
    }
    const caller = request.caller?.user ?? 'public';
    const id = createHash('sha256').update(`${caller}\u0000${request.routeOptions.url ?? ''}\u0000${key}`).digest('hex');
    const requestHash = requestHashOf(request.body, request.params);

    let pending = inFlight.get(id);
    if (pending === undefined) {
      // Registered before the first await, so concurrent requests with this key share one run.
      pending = (async (): Promise<StoredAnswer> => {
        const stored = await read(id);
        if (stored !== undefined) return stored;
        const answer = await run();
        const record: StoredAnswer = { ...answer, requestHash };
        // Only final answers are kept: a 5xx may be retried with the same key.
        if (answer.statusCode < 500) await write(id, record);
        return record;
      })().finally(() => inFlight.delete(id));
      inFlight.set(id, pending);
    }
    const answer = await pending;
    if (answer.requestHash !== requestHash && !legacyHashes(request.body, request.params).includes(answer.requestHash)) {
      throw new HttpError(422, `Idempotency-Key ${key} was already used with a different request; use a new key`, 'IDEMPOTENCY_KEY_REUSED');
    }
    reply.header('idempotency-key', key);
    return reply.code(answer.statusCode).send(answer.body);
  });
}

/**
 * Removes the answers (and temporary files a crash left) last written before `cutoff` (epoch ms).
 * Returns how many answers were removed. An answer in flight is never touched: it is renamed into
 * place only when complete, with a fresh modification time.
 */
export async function sweepExpired(dir: string, cutoff: number): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.json') && !name.endsWith('.tmp')) continue;
    const path = join(dir, name);
    try {
      if ((await stat(path)).mtimeMs >= cutoff) continue;
      await unlink(path);
      if (name.endsWith('.json')) removed += 1;
    } catch (error) {
      // removed meanwhile by another sweep: fine
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return removed;
}

export default fp(idempotencyPlugin, { name: 'idempotency', dependencies: ['errors'] });
