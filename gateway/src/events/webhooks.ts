// Webhooks (docs/architecture.md §6): run/<org>/gateway/webhooks.json lists [{id, url, eventNames?}], read at
// start. Each webhook has a durable outbox (an append-only JSON-lines file, fsynced per event)
// and a cursor (written atomically after each 2xx), so every event is POSTed in ledger order,
// the next only after the previous got a 2xx, retried with bounded exponential backoff for as
// long as the process runs, and a restart resumes from the cursor: nothing lost, nothing resent
// after a normal restart. A crash between a 2xx and the cursor write resends one event with the
// same X-Certledger-Event-Id, so a receiver deduping by id sees each event exactly once.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { syncDirectorySync, writeFileDurablySync } from './checkpoint';
import type { LedgerEvent } from './event';

const WebhooksSchema = Type.Array(Type.Object({
  id: Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$', description: 'names the webhook\'s outbox folder' }),
  url: Type.String({ minLength: 8, maxLength: 2048 }),
  eventNames: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { minItems: 1 })),
}, { additionalProperties: false }));
const checkWebhooks = Compile(WebhooksSchema);

export interface WebhookConfig {
  id: string;
  url: string;
  /** only these chaincode events; all when absent */
  eventNames?: string[];
}

export class WebhookConfigError extends Error {
  constructor(file: string, problems: string[]) {
    super(`invalid webhooks file ${file}:\n  ${problems.join('\n  ')}`);
    this.name = 'WebhookConfigError';
  }
}

export function webhooksFile(stateDir: string): string {
  return join(stateDir, 'webhooks.json');
}

/** Reads and validates webhooks.json; no file means no webhooks. Every problem is listed. */
export function loadWebhooks(file: string): WebhookConfig[] {
  if (!existsSync(file)) return [];
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new WebhookConfigError(file, [`not JSON: ${(error as Error).message}`]);
  }
  const problems = checkWebhooks.Errors(value).map((e) => `${e.instancePath || '/'}: ${e.message}`);
  if (problems.length > 0) throw new WebhookConfigError(file, problems);
  const webhooks = value as WebhookConfig[];
  const seen = new Set<string>();
  webhooks.forEach((webhook, index) => {
    if (seen.has(webhook.id)) problems.push(`/${index}/id: "${webhook.id}" is used twice`);
    seen.add(webhook.id);
    let url: URL | undefined;
    try {
      url = new URL(webhook.url);
    } catch {
      problems.push(`/${index}/url: "${webhook.url}" is not a URL`);
    }
    if (url !== undefined && url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(`/${index}/url: only http and https URLs are allowed`);
  });
  if (problems.length > 0) throw new WebhookConfigError(file, problems);
  return webhooks;
}

interface OutboxEntry {
  seq: number;
  event: LedgerEvent;
}

/** After this many delivered entries the outbox file is rewritten without them. */
export const COMPACT_AFTER = 500;

/**
 * One webhook's outbox: outbox.jsonl holds {seq, event} lines, cursor.json the last delivered
 * seq. Synchronous file operations on purpose: an append, a cursor write and a compaction never
 * interleave, and each is durable before the call returns.
 */
export class Outbox {
  readonly #file: string;
  readonly #cursorFile: string;
  /** entries still in the file (delivered ones are kept until compaction) */
  #entries: OutboxEntry[] = [];
  #ids = new Set<string>();
  #deliveredSeq = 0;
  #lastSeq = 0;
  readonly #compactAfter: number;

  constructor(dir: string, compactAfter = COMPACT_AFTER) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.#compactAfter = compactAfter;
    this.#file = join(dir, 'outbox.jsonl');
    this.#cursorFile = join(dir, 'cursor.json');
    this.#load();
  }

  get deliveredSeq(): number {
    return this.#deliveredSeq;
  }

  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Undelivered events, oldest first. */
  pending(): LedgerEvent[] {
    return this.#entries.filter((e) => e.seq > this.#deliveredSeq).map((e) => e.event);
  }

  /**
   * Durably appends the event unless the outbox already holds it (the stream re-reads the event
   * it was handling when the process stopped: appended here, checkpoint not yet written).
   * Returns false for such a duplicate.
   */
  append(event: LedgerEvent): boolean {
    if (this.#ids.has(event.id)) return false;
    const entry: OutboxEntry = { seq: this.#lastSeq + 1, event };
    const created = !existsSync(this.#file);
    const fd = openSync(this.#file, 'a', 0o600);
    try {
      writeFileSync(fd, `${JSON.stringify(entry)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (created) syncDirectorySync(join(this.#file, '..'));
    this.#entries.push(entry);
    this.#ids.add(event.id);
    this.#lastSeq = entry.seq;
    return true;
  }

  /** The oldest undelivered entry. */
  next(): OutboxEntry | undefined {
    return this.#entries.find((e) => e.seq > this.#deliveredSeq);
  }

  /** Records a 2xx for `seq` atomically; compacts the file now and then. */
  delivered(seq: number): void {
    writeFileDurablySync(this.#cursorFile, `${JSON.stringify({ deliveredSeq: seq })}\n`);
    this.#deliveredSeq = seq;
    const deliveredCount = this.#entries.filter((e) => e.seq <= seq).length;
    if (deliveredCount > this.#compactAfter) this.#compact();
  }

  // Keeps the undelivered entries and the last delivered one: its id still dedupes a re-read of
  // the event that was in flight when the process stopped, and its seq keeps seq numbering going.
  #compact(): void {
    const keepFrom = this.#entries.findIndex((e) => e.seq >= this.#deliveredSeq);
    const kept = keepFrom < 0 ? [] : this.#entries.slice(keepFrom);
    writeFileDurablySync(this.#file, kept.map((e) => `${JSON.stringify(e)}\n`).join(''));
    this.#entries = kept;
    this.#ids = new Set(kept.map((e) => e.event.id));
  }

  #load(): void {
    if (existsSync(this.#cursorFile)) {
      const cursor = JSON.parse(readFileSync(this.#cursorFile, 'utf8')) as { deliveredSeq?: unknown };
      if (typeof cursor.deliveredSeq !== 'number' || !Number.isInteger(cursor.deliveredSeq) || cursor.deliveredSeq < 0) {
        throw new Error(`webhook cursor ${this.#cursorFile} is corrupt: deliveredSeq must be a whole number`);
      }
      this.#deliveredSeq = cursor.deliveredSeq;
    }
    if (!existsSync(this.#file)) {
      this.#lastSeq = this.#deliveredSeq;
      return;
    }
    const text = readFileSync(this.#file, 'utf8');
    const end = text.lastIndexOf('\n') + 1;
    // A line without its newline is an append a crash cut short; its event was never
    // checkpointed, so the stream reads it again. Drop it so the file stays well formed.
    if (end < text.length) {
      truncateSync(this.#file, Buffer.byteLength(text.slice(0, end), 'utf8'));
    }
    const lines = text.slice(0, end).split('\n').filter((l) => l !== '');
    lines.forEach((line, index) => {
      let entry: OutboxEntry;
      try {
        entry = JSON.parse(line) as OutboxEntry;
      } catch {
        throw new Error(`webhook outbox ${this.#file} is corrupt at line ${index + 1}`);
      }
      this.#entries.push(entry);
      this.#ids.add(entry.event.id);
    });
    this.#lastSeq = Math.max(this.#deliveredSeq, this.#entries[this.#entries.length - 1]?.seq ?? 0);
  }
}

export interface DeliveryOptions {
  /** first retry delay; doubles per failed attempt */
  baseDelayMs: number;
  /** the bound on the retry delay */
  maxDelayMs: number;
  /** per-POST timeout */
  timeoutMs: number;
}

/** How long close() lets a POST in flight finish. */
const CLOSE_GRACE_MS = 3_000;

export const DEFAULT_DELIVERY: Readonly<DeliveryOptions> = { baseDelayMs: 250, maxDelayMs: 30_000, timeoutMs: 10_000 };

/** Retry delay after `attempt` failures: exponential, bounded, with jitter so receivers are not stampeded. */
export function retryDelay(attempt: number, options: Readonly<DeliveryOptions> = DEFAULT_DELIVERY): number {
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(exponential * (0.5 + Math.random() / 2));
}

/** One webhook: its outbox and the loop that drains it. */
class Webhook {
  readonly config: WebhookConfig;
  readonly outbox: Outbox;
  readonly #names: Set<string> | undefined;
  readonly #log: FastifyBaseLogger;
  readonly #options: Readonly<DeliveryOptions>;
  #closed = false;
  /** resolves the wait for new events (notify) */
  #idle: (() => void) | undefined;
  /** cuts a retry delay short (close only: new events must not hurry a retry) */
  #sleep: (() => void) | undefined;
  #abort: AbortController | undefined;
  #loop: Promise<void> | undefined;

  /** The flag read afresh: close() may set it across any await of the loops below. */
  #isClosed(): boolean {
    return this.#closed;
  }

  constructor(config: WebhookConfig, dir: string, log: FastifyBaseLogger, options: Readonly<DeliveryOptions>) {
    this.config = config;
    this.outbox = new Outbox(dir);
    this.#names = config.eventNames === undefined ? undefined : new Set(config.eventNames);
    this.#log = log.child({ webhook: config.id });
    this.#options = options;
  }

  wants(event: LedgerEvent): boolean {
    return this.#names === undefined || this.#names.has(event.name);
  }

  notify(): void {
    this.#idle?.();
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /**
   * Stops the loop. A POST in flight gets `graceMs` to finish, and a 2xx still moves the cursor:
   * aborting it at once could leave the receiver with an event the cursor does not record, which
   * the next start would send again.
   */
  async close(graceMs = CLOSE_GRACE_MS): Promise<void> {
    this.#closed = true;
    this.#idle?.();
    this.#sleep?.();
    const timer = setTimeout(() => this.#abort?.abort(), graceMs);
    try {
      await this.#loop;
    } finally {
      clearTimeout(timer);
    }
  }

  async #run(): Promise<void> {
    let attempt = 0;
    while (!this.#closed) {
      const entry = this.outbox.next();
      if (entry === undefined) {
        await new Promise<void>((resolve) => { this.#idle = resolve; });
        this.#idle = undefined;
        continue;
      }
      attempt += 1;
      const failure = await this.#post(entry.event);
      if (failure === undefined) {
        this.outbox.delivered(entry.seq);
        attempt = 0;
        continue;
      }
      if (this.#isClosed()) break;
      const delay = retryDelay(attempt, this.#options);
      this.#log.warn({ eventId: entry.event.id, attempt, retryInMs: delay, reason: failure }, 'webhook delivery failed; will retry');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.#sleep = () => { clearTimeout(timer); resolve(); };
      });
      this.#sleep = undefined;
    }
  }

  /** POSTs one event; undefined on a 2xx, else why it failed. */
  async #post(event: LedgerEvent): Promise<string | undefined> {
    this.#abort = new AbortController();
    const timer = setTimeout(() => this.#abort?.abort(), this.#options.timeoutMs);
    try {
      const response = await fetch(this.config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-certledger-event-id': event.id, 'x-certledger-webhook-id': this.config.id },
        body: JSON.stringify({ id: event.id, name: event.name, blockNumber: event.blockNumber, txId: event.txId, payload: event.payload }),
        signal: this.#abort.signal,
        redirect: 'manual',
      });
      // The body is not used; reading it frees the connection for reuse.
      await response.arrayBuffer().catch(() => undefined);
      return response.status >= 200 && response.status < 300 ? undefined : `HTTP ${response.status}`;
    } catch (error) {
      return (error as Error).name === 'AbortError' ? 'timed out' : String((error as { cause?: unknown }).cause ?? error);
    } finally {
      clearTimeout(timer);
      this.#abort = undefined;
    }
  }
}

/**
 * All webhooks of the gateway. The event stream hands every event to accept(), which returns
 * once each interested webhook's outbox holds it durably; only then does the stream move its
 * checkpoint past the event.
 */
export class WebhookDeliverer {
  readonly #webhooks: Webhook[];

  constructor(webhooks: WebhookConfig[], stateDir: string, log: FastifyBaseLogger, options: Readonly<DeliveryOptions> = DEFAULT_DELIVERY) {
    this.#webhooks = webhooks.map((config) => new Webhook(config, join(stateDir, 'webhooks', config.id), log, options));
  }

  get ids(): string[] {
    return this.#webhooks.map((w) => w.config.id);
  }

  start(): void {
    for (const webhook of this.#webhooks) webhook.start();
  }

  accept(event: LedgerEvent): void {
    for (const webhook of this.#webhooks) {
      if (webhook.wants(event) && webhook.outbox.append(event)) webhook.notify();
    }
  }

  /** Undelivered events per webhook (for tests and diagnostics). */
  backlog(): Record<string, number> {
    return Object.fromEntries(this.#webhooks.map((w) => [w.config.id, w.outbox.lastSeq - w.outbox.deliveredSeq]));
  }

  async close(): Promise<void> {
    await Promise.all(this.#webhooks.map((w) => w.close()));
  }
}
