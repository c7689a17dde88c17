// Chaincode events through the REST gateway on the real consortium (docs/architecture.md §6): a webhook on the
// regulator's gateway receives every EvidenceAnchored event exactly once and in ledger order while
// that gateway is restarted in the middle (events committed while it is down included, one
// delivery refused once and retried), and GET /v1/events resumes with Last-Event-ID — from the
// gateway's ring, and from the ledger for an id older than the ring. Only the regulator's gateway
// is restarted; the rest of the network is left running.
import { execFile, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { requireNetwork, ROOT, topology } from './support/network';
import { apiKey, record } from './support/http';

const run = randomUUID().slice(0, 8);
const WEBHOOK_ID = `itest-events-${run}`;
const STATE_DIR = join(ROOT, 'run', 'regulator', 'gateway');
const WEBHOOKS_FILE = join(STATE_DIR, 'webhooks.json');
const EVENT = 'EvidenceAnchored';

function gatewayUrl(org: string): string {
  const gateway = (topology.orgs.find((o) => o.name === org) as unknown as { gateway: { host: string; port: number } }).gateway;
  return `http://${gateway.host}:${gateway.port}`;
}

/**
 * Operator scripts run as child processes without blocking this process: the webhook receiver
 * below lives in it and must keep answering while the gateway stops and starts.
 */
async function scriptAsync(...args: string[]): Promise<void> {
  await promisify(execFile)(join(ROOT, 'scripts', args[0] as string), args.slice(1), { cwd: ROOT, timeout: 180_000 });
}


function eventIdOf(blockNumber: string, txId: string, name = EVENT): string {
  return `${blockNumber}:${txId}:${name}`;
}

/** Ledger order of two event ids from different transactions: block number, then arrival order. */
function blockOf(id: string): number {
  return Number(id.split(':')[0]);
}

interface Delivery {
  id: string;
  header: string | undefined;
  body: { id: string; name: string; blockNumber: string; txId: string; payload: { id?: string } };
}

/** A webhook receiver on 127.0.0.1 that records accepted deliveries and refuses chosen ones once. */
class Receiver {
  readonly accepted: Delivery[] = [];
  readonly refused: string[] = [];
  readonly refuseOnce = new Set<string>();
  readonly #server: Server;

  constructor() {
    this.#server = createServer((req, res) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => { text += chunk; });
      req.on('end', () => {
        const body = JSON.parse(text) as Delivery['body'];
        const header = req.headers['x-certledger-event-id'];
        const delivery: Delivery = { id: body.id, header: typeof header === 'string' ? header : undefined, body };
        const ours = body.payload.id;
        if (ours !== undefined && this.refuseOnce.delete(ours)) {
          this.refused.push(body.id);
          res.writeHead(503).end('try later');
          return;
        }
        this.accepted.push(delivery);
        res.writeHead(204).end();
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async waitFor(ids: string[], timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = new Set(this.accepted.map((d) => d.id));
      const missing = ids.filter((id) => !seen.has(id));
      if (missing.length === 0) return;
      if (Date.now() > deadline) throw new Error(`webhook still missing ${missing.length} of ${ids.length} events: ${missing.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

interface SseMessage {
  id: string;
  event: string;
  data: Delivery['body'];
}

/** A minimal Server-Sent Events client over node:http (the parsing a browser's EventSource does). */
class SseClient {
  readonly #messages: SseMessage[] = [];
  #waiter: (() => void) | undefined;
  #buffer = '';
  #response: IncomingMessage | undefined;
  ended = false;
  status = 0;
  contentType = '';

  static async open(url: string, key: string, lastEventId?: string): Promise<SseClient> {
    const client = new SseClient();
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(url, { headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream', ...(lastEventId !== undefined ? { 'last-event-id': lastEventId } : {}) } }, (res) => {
        client.#response = res;
        client.status = res.statusCode ?? 0;
        record('GET', new URL(url).pathname, client.status);
        client.contentType = res.headers['content-type'] ?? '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => client.#feed(chunk));
        res.on('end', () => { client.ended = true; client.#waiter?.(); });
        res.on('error', () => { client.ended = true; client.#waiter?.(); });
        resolve();
      });
      req.on('error', reject);
      req.end();
    });
    return client;
  }

  #feed(chunk: string): void {
    this.#buffer += chunk;
    let end: number;
    while ((end = this.#buffer.indexOf('\n\n')) >= 0) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        fields[name] = fields[name] === undefined ? value : `${fields[name]}\n${value}`;
      }
      if (fields.data !== undefined && fields.id !== undefined) {
        this.#messages.push({ id: fields.id, event: fields.event ?? 'message', data: JSON.parse(fields.data) as Delivery['body'] });
        this.#waiter?.();
      }
    }
  }

  /** Messages received so far. */
  get messages(): readonly SseMessage[] {
    return this.#messages;
  }

  /** Waits until `until` holds over the messages received. */
  async waitUntil(until: (messages: readonly SseMessage[]) => boolean, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!until(this.#messages)) {
      if (this.ended) throw new Error(`the event stream ended after ${this.#messages.length} messages`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${this.#messages.length} messages: ${this.#messages.map((m) => m.id).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 500));
        this.#waiter = () => { clearTimeout(timer); resolve(); };
      });
      this.#waiter = undefined;
    }
  }

  close(): void {
    this.#response?.destroy();
  }
}

describe('gateway events: webhooks and Server-Sent Events (regulator gateway)', function () {
  this.timeout(300_000);
  const receiver = new Receiver();
  let originalWebhooks: string | undefined;
  let recorderKey = '';
  let readerKey = '';
  /** our anchors in commit order: the ids their events must carry */
  const anchored: { clientRef: string; recordId: string; eventId: string }[] = [];

  async function anchorOne(label: string): Promise<{ clientRef: string; recordId: string; eventId: string }> {
    const clientRef = `events-${run}-${label}`;
    const response = await fetch(`${gatewayUrl('cb1')}/v1/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${recorderKey}`, 'content-type': 'application/json', 'idempotency-key': `${clientRef}-key` },
      body: JSON.stringify({ clientRef, kind: 'OTHER', digest: { alg: 'sha256', value: createHash('sha256').update(clientRef).digest('hex') } }),
    });
    const body = await response.json() as { result: { id: string }; txId: string; blockNumber: string };
    expect(response.status, JSON.stringify(body)).to.equal(201);
    const anchor = { clientRef, recordId: body.result.id, eventId: eventIdOf(body.blockNumber, body.txId) };
    anchored.push(anchor);
    return anchor;
  }

  async function restartRegulatorGateway(): Promise<void> {
    await scriptAsync('network.sh', 'stop', 'gateway-regulator');
    await scriptAsync('network.sh', 'start', 'gateway-regulator');
  }

  before(async function () {
    await requireNetwork(this);
    // The gateway runs from dist/: build it so the restarted gateway runs this code.
    const build = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    if (build.status !== 0) throw new Error(`the gateway does not compile (npm run build):\n${build.stdout}${build.stderr}`);
    recorderKey = apiKey('cb1', 'recorder1');
    readerKey = apiKey('regulator', 'reader1');
    expect(recorderKey).to.match(/^\S{20,}$/);
    expect(readerKey).to.match(/^\S{20,}$/);
    const url = await receiver.listen();
    originalWebhooks = existsSync(WEBHOOKS_FILE) ? readFileSync(WEBHOOKS_FILE, 'utf8') : undefined;
    const existing = originalWebhooks === undefined ? [] : (JSON.parse(originalWebhooks) as unknown[]);
    writeFileSync(WEBHOOKS_FILE, `${JSON.stringify([...existing, { id: WEBHOOK_ID, url, eventNames: [EVENT] }], null, 2)}\n`);
    // webhooks.json is read at start.
    await restartRegulatorGateway();
  });

  after(async function () {
    if (recorderKey === '') return; // skipped before anything changed
    if (originalWebhooks === undefined) rmSync(WEBHOOKS_FILE, { force: true });
    else writeFileSync(WEBHOOKS_FILE, originalWebhooks);
    await restartRegulatorGateway();
    rmSync(join(STATE_DIR, 'webhooks', WEBHOOK_ID), { recursive: true, force: true });
    await receiver.close();
  });

  it('delivers every EvidenceAnchored event exactly once and in ledger order across a gateway restart', async () => {
    const first = await anchorOne('w1');
    // One delivery is refused once: it must be retried, and nothing after it may overtake it.
    const second = `events-${run}-w2`;
    receiver.refuseOnce.add(`Cb1MSP:${second}`);
    await anchorOne('w2');
    await anchorOne('w3');
    await receiver.waitFor([first.eventId]);

    await scriptAsync('network.sh', 'stop', 'gateway-regulator');
    // Committed while the regulator's gateway is down: read from its checkpoint when it is back.
    await anchorOne('w4');
    await anchorOne('w5');
    await scriptAsync('network.sh', 'start', 'gateway-regulator');
    await anchorOne('w6');
    await anchorOne('w7');
    await anchorOne('w8');

    const ours = anchored.map((a) => a.eventId);
    await receiver.waitFor(ours);
    expect(receiver.refused, 'the refused delivery').to.deep.equal([anchored[1]?.eventId]);

    const ids = receiver.accepted.map((d) => d.id);
    // exactly once: no event id accepted twice (ours or anyone else's)
    expect(ids.length, 'duplicate deliveries').to.equal(new Set(ids).size);
    // ledger order: block numbers never go back; ours arrive in commit order
    for (let i = 1; i < ids.length; i++) expect(blockOf(ids[i] as string), `${ids[i - 1]} then ${ids[i]}`).to.be.at.least(blockOf(ids[i - 1] as string));
    expect(ids.filter((id) => ours.includes(id))).to.deep.equal(ours);
    for (const delivery of receiver.accepted) {
      expect(delivery.header).to.equal(delivery.id);
      expect(delivery.body.name).to.equal(EVENT);
      expect(delivery.id).to.equal(eventIdOf(delivery.body.blockNumber, delivery.body.txId, delivery.body.name));
    }
    const payloadIds = receiver.accepted.filter((d) => ours.includes(d.id)).map((d) => d.body.payload.id);
    expect(payloadIds).to.deep.equal(anchored.map((a) => a.recordId));
  });

  it('GET /v1/events streams events and resumes after Last-Event-ID with only later ones', async () => {
    const stream = await SseClient.open(`${gatewayUrl('regulator')}/v1/events`, readerKey);
    expect(stream.status).to.equal(200);
    expect(stream.contentType).to.match(/^text\/event-stream/);
    const batch = [await anchorOne('s1'), await anchorOne('s2'), await anchorOne('s3')];
    await stream.waitUntil((messages) => batch.every((a) => messages.some((m) => m.id === a.eventId)));
    stream.close();
    const seen = stream.messages.map((m) => m.id);
    expect(seen.length).to.equal(new Set(seen).size);
    for (const message of stream.messages) {
      expect(message.data.id).to.equal(message.id);
      expect(message.event).to.equal(message.data.name);
    }
    const resumeAfter = batch[1]?.eventId as string;

    const later = [await anchorOne('s4'), await anchorOne('s5')];
    const resumed = await SseClient.open(`${gatewayUrl('regulator')}/v1/events`, readerKey, resumeAfter);
    expect(resumed.status).to.equal(200);
    const wanted = [batch[2]?.eventId as string, ...later.map((a) => a.eventId)];
    await resumed.waitUntil((messages) => wanted.every((id) => messages.some((m) => m.id === id)));
    resumed.close();
    const resumedIds = resumed.messages.map((m) => m.id);
    // nothing at or before the Last-Event-ID; the first stream's events after it, then the later ones
    const afterIndex = seen.indexOf(resumeAfter);
    expect(resumedIds).to.not.include(resumeAfter);
    for (const id of seen.slice(0, afterIndex)) expect(resumedIds).to.not.include(id);
    expect(resumedIds.slice(0, seen.length - afterIndex - 1)).to.deep.equal(seen.slice(afterIndex + 1));
    expect(resumedIds.filter((id) => wanted.includes(id))).to.deep.equal(wanted);
    expect(resumedIds.length).to.equal(new Set(resumedIds).size);
  });

  it('replays from the ledger when Last-Event-ID is older than what the gateway holds, then goes live', async () => {
    // The first webhook event predates the restarts: this gateway process never held it.
    const from = anchored[0]?.eventId as string;
    const stream = await SseClient.open(`${gatewayUrl('regulator')}/v1/events?lastEventId=${encodeURIComponent(from)}`, readerKey);
    expect(stream.status).to.equal(200);
    const last = anchored[anchored.length - 1]?.eventId as string;
    await stream.waitUntil((messages) => messages.some((m) => m.id === last));
    // live after the replay: an event committed now arrives on the same response
    const live = await anchorOne('r1');
    await stream.waitUntil((messages) => messages.some((m) => m.id === live.eventId));
    stream.close();
    const ids = stream.messages.map((m) => m.id);
    expect(ids).to.not.include(from);
    expect(ids.length, 'duplicates across the replay/live handover').to.equal(new Set(ids).size);
    for (let i = 1; i < ids.length; i++) expect(blockOf(ids[i] as string)).to.be.at.least(blockOf(ids[i - 1] as string));
    // the replay carries every event the webhook got after `from` (up to `last`), in the same order
    await receiver.waitFor([last]);
    const delivered = receiver.accepted.map((d) => d.id);
    const webhookRange = delivered.slice(delivered.indexOf(from) + 1, delivered.indexOf(last) + 1);
    const sseRange = ids.slice(0, ids.indexOf(last) + 1).filter((id) => id.endsWith(`:${EVENT}`));
    expect(sseRange).to.deep.equal(webhookRange);
    expect(ids.filter((id) => anchored.some((a) => a.eventId === id))).to.deep.equal(anchored.slice(1).map((a) => a.eventId));
  });

  it('refuses a Last-Event-ID that is not an event id, and callers without a key', async () => {
    const bad = await fetch(`${gatewayUrl('regulator')}/v1/events`, { headers: { authorization: `Bearer ${readerKey}`, 'last-event-id': 'not-an-id' } });
    record('GET', '/v1/events', bad.status);
    expect(bad.status).to.equal(400);
    expect(((await bad.json()) as { message: string }).message).to.match(/not an event id/);
    const anonymous = await fetch(`${gatewayUrl('regulator')}/v1/events`);
    record('GET', '/v1/events', anonymous.status);
    expect(anonymous.status).to.equal(401);
  });
});
