// The gateway's limits (docs/errors.md), with no peer: per-identity and per-address limits that apply (and
// count failed keys), a greedy caller limited while another's latency holds, /readyz cached,
// limited and saying nothing internal, SSE streams capped per caller, /metrics and /docs only on
// the operations listener, and the Bearer scheme case-insensitive.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '../../../gateway/src/config';
import { NOT_READY_REASON } from '../../../gateway/src/routes/health';
import { buildTestApp, ROOT, type Fixture } from './app-fixture';
import { ifAssigned } from '../../support/defined';

interface ErrorBody { reqId: string; statusCode: number; message: string; code?: string }
const parsed = (body: string): ErrorBody => JSON.parse(body) as ErrorBody;

describe('gateway limits: authentication and per-identity', function () {
  this.timeout(60_000);
  let fixture: Fixture;
  before(async function () {
    fixture = await buildTestApp({ AUTH_FAILURES_PER_MINUTE: '5', AUTH_RATE_LIMIT_PER_MINUTE: '20', MAX_EVENT_LOOP_DELAY_MS: '60000' });
  });
  after(async function () {
    await ifAssigned(fixture)?.close();
  });

  it('accepts the Bearer scheme in any case (RFC 7235)', async function () {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const response = await fixture.app.inject({ method: 'GET', url: '/v1/certificates/abc', headers: { authorization: `${scheme} ${fixture.key}` }, remoteAddress: '192.0.2.10' });
      expect(response.statusCode, scheme).to.equal(400);
    }
  });

  it('counts failed authentications per address: past the limit the address gets 429 with Retry-After, another address does not', async function () {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await fixture.app.inject({ method: 'GET', url: '/v1/charter', headers: { authorization: `Bearer wrong-key-${i}` }, remoteAddress: '198.51.100.20' });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        expect(parsed(response.body)).to.include({ code: 'RATE_LIMITED' });
        expect(Number(response.headers['retry-after'])).to.be.within(1, 60);
      }
    }
    expect(statuses).to.deep.equal([401, 401, 401, 401, 401, 429, 429]);
    // no key at all counts too, and the address stays refused even with a good key until the window ends
    const noKey = await fixture.app.inject({ method: 'GET', url: '/v1/charter', remoteAddress: '198.51.100.20' });
    expect(noKey.statusCode).to.equal(429);
    const good = await fixture.app.inject({ method: 'GET', url: '/v1/certificates/abc', headers: { authorization: `Bearer ${fixture.key}` }, remoteAddress: '198.51.100.20' });
    expect(good.statusCode).to.equal(429);
    const elsewhere = await fixture.app.inject({ method: 'GET', url: '/v1/certificates/abc', headers: { authorization: `Bearer ${fixture.key}` }, remoteAddress: '198.51.100.21' });
    expect(elsewhere.statusCode).to.equal(400);
  });

  it('limits each identity, with the limit headers on its answers; another identity keeps its own allowance', async function () {
    const statuses: number[] = [];
    let limitHeader: unknown;
    for (let i = 0; i < 22; i++) {
      // one identity from several addresses: the identity is what is counted
      const response = await fixture.app.inject({ method: 'GET', url: '/v1/certificates/abc', headers: { authorization: `Bearer ${fixture.key}` }, remoteAddress: `203.0.113.${i}` });
      statuses.push(response.statusCode);
      if (i === 0) limitHeader = response.headers['x-ratelimit-limit'];
    }
    expect(limitHeader).to.equal('20');
    // the 'elsewhere' and Bearer tests above used 5 of issuer1's 20
    expect(statuses.filter((s) => s === 400)).to.have.length(15);
    expect(statuses.filter((s) => s === 429)).to.have.length(7);
    const reader = await fixture.app.inject({ method: 'GET', url: '/v1/certificates/abc', headers: { authorization: `Bearer ${fixture.readerKey}` }, remoteAddress: '203.0.113.1' });
    expect(reader.statusCode).to.equal(400);
    expect(reader.headers['x-ratelimit-remaining']).to.equal('19');
  });
});

/** One keep-alive GET, with its latency in ms. */
function get(port: number, path: string, key: string, agent: import('node:http').Agent): Promise<{ status: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = httpRequest({ host: '127.0.0.1', port, path, agent, headers: { authorization: `Bearer ${key}` } }, (res: IncomingMessage) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('error', reject);
    req.end();
  });
}

const quantile = (samples: number[], q: number): number => [...samples].sort((a, b) => a - b)[Math.floor(samples.length * q)] as number;
const p95 = (samples: number[]): number => quantile(samples, 0.95);

/**
 * The greedy caller, in its own process so its client work is not on the gateway's event loop:
 * "burst N" sends N requests at once (8 in flight), "start" sends 100 a second (12 times its allowance) until "stop"; "burst"
 * and "stop" answer one line of JSON: the statuses it got since the last answer, counted; "peek" answers how many it has got
 * so far, without resetting.
 */
const GREEDY = `
const http = require('node:http');
const [port, key] = process.argv.slice(1);
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
const counts = {};
const one = () => new Promise((resolve) => {
  const req = http.request({ host: '127.0.0.1', port: Number(port), path: '/v1/certificates/abc', agent, headers: { authorization: 'Bearer ' + key } }, (res) => {
    res.resume(); res.on('end', () => { counts[res.statusCode] = (counts[res.statusCode] || 0) + 1; resolve(); });
  });
  req.on('error', () => { counts.error = (counts.error || 0) + 1; resolve(); });
  req.end();
});
let timer;
const reply = () => { process.stdout.write(JSON.stringify(counts) + '\\n'); for (const k of Object.keys(counts)) delete counts[k]; };
require('node:readline').createInterface({ input: process.stdin }).on('line', async (line) => {
  const [command, n] = line.split(' ');
  if (command === 'burst') { const all = []; for (let i = 0; i < Number(n); i++) all.push(one()); await Promise.all(all); reply(); }
  if (command === 'start') { timer = setInterval(one, 10); }
  if (command === 'stop') { clearInterval(timer); setTimeout(reply, 200); }
  if (command === 'peek') process.stdout.write(JSON.stringify({ answered: Object.values(counts).reduce((a, b) => a + b, 0) }) + '\\n');
  if (command === 'exit') process.exit(0);
});
process.stdout.write('ready\\n');
`;

describe('gateway limits: a greedy caller against another caller, over loopback', function () {
  this.timeout(120_000);
  let fixture: Fixture;
  let greedy: ChildProcessWithoutNullStreams;
  let port: number;
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  const command = async (line: string): Promise<Record<string, number>> => {
    const answer = new Promise<string>((resolve) => waiters.push(resolve));
    greedy.stdin.write(`${line}\n`);
    return JSON.parse(await answer) as Record<string, number>;
  };

  before(async function () {
    fixture = await buildTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '10000', MAX_EVENT_LOOP_DELAY_MS: '60000' });
    await fixture.app.listen({ host: '127.0.0.1', port: 0 });
    port = (fixture.app.server.address() as AddressInfo).port;
    greedy = spawn(process.execPath, ['-e', GREEDY, String(port), fixture.key]);
    let buffered = '';
    await new Promise<void>((resolve) => {
      greedy.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
          const line = buffered.slice(0, i);
          buffered = buffered.slice(i + 1);
          if (line === 'ready') resolve();
          else (waiters.shift() ?? ((l: string) => lines.push(l)))(line);
        }
      });
    });
  });
  after(async function () {
    ifAssigned(greedy)?.stdin.write('exit\n');
    await ifAssigned(fixture)?.close();
  });

  it('gives the greedy caller 429s while the other caller is never limited and its p95 grows by no more than 20 %', async function () {
    const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 1 });
    const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
    // warm up both paths, then the greedy caller spends its whole allowance
    for (let i = 0; i < 20; i++) await get(port, '/v1/certificates/abc', fixture.readerKey, agent);
    const burst = await command('burst 10020');
    expect(burst['400'], JSON.stringify(burst)).to.equal(10000);
    expect(burst['429'], JSON.stringify(burst)).to.equal(20);
    // the burst must end within the limit's minute, so it ran at normal priority; from here the greedy caller's client work
    // stands for another machine's: it yields the CPU to the gateway under test
    setPriority(greedy.pid as number, 19);

    const baseline: number[] = [];
    const loaded: number[] = [];
    const otherStatuses = new Set<number>();
    let greedyCounts: Record<string, number> = {};
    const sample = async (into: number[]): Promise<void> => {
      const { status, ms } = await get(port, '/v1/certificates/abc', fixture.readerKey, agent);
      otherStatuses.add(status);
      into.push(ms);
      await sleep(1);
    };
    // rounds alternate so that a change of the machine's load affects both sides alike
    for (let round = 0; round < 40; round++) {
      const underLoad = round % 2 === 1;
      if (underLoad) greedy.stdin.write('start\n');
      await sleep(50);
      for (let i = 0; i < 100; i++) await sample(underLoad ? loaded : baseline);
      // a loaded round goes on until the greedy caller has had 15 answers in it: a busy machine that starves the greedy
      // process (it runs at the lowest priority) must not leave the loaded side without its load
      while (underLoad && ((await command('peek')).answered ?? 0) < 15) for (let i = 0; i < 20; i++) await sample(loaded);
      if (underLoad) {
        const counts = await command('stop');
        for (const [status, count] of Object.entries(counts)) greedyCounts = { ...greedyCounts, [status]: (greedyCounts[status] ?? 0) + count };
      }
    }
    agent.destroy();
    expect([...otherStatuses]).to.deep.equal([400]);
    expect(greedyCounts['429'], JSON.stringify(greedyCounts)).to.be.at.least(300);
    expect(greedyCounts['400'] ?? 0, JSON.stringify(greedyCounts)).to.equal(0);
    // Only growth is a harm. The other way, the loaded side often measures faster: a gateway kept busy by the greedy caller
    // answers without first waking from an idle wait, and runs here were up to 23 % quicker beside it.
    const ratio = p95(loaded) / p95(baseline);
    const measured = `p50 ${quantile(baseline, 0.5).toFixed(3)}/${quantile(loaded, 0.5).toFixed(3)} ms; p95 ${p95(baseline).toFixed(3)} ms alone, ${p95(loaded).toFixed(3)} ms beside the greedy caller (ratio ${ratio.toFixed(2)}; its answers ${JSON.stringify(greedyCounts)})`;
    console.log(`      ${measured}`);
    expect(ratio, measured).to.be.at.most(1.2);
  });
});

describe('gateway /readyz', function () {
  this.timeout(60_000);
  let fixture: Fixture;
  before(async function () {
    fixture = await buildTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '6', READINESS_CACHE_MS: '1000' });
  });
  after(async function () {
    await ifAssigned(fixture)?.close();
  });

  const evaluations = async (): Promise<number> => {
    const text = await fixture.app.metrics.registry.metrics();
    return Number(/certledger_gateway_fabric_duration_seconds_count\{phase="evaluate"\} (\d+)/.exec(text)?.[1] ?? 0);
  };

  it('answers 503 without internal text (no peer address), checks once a second, and is rate-limited per address', async function () {
    const before = await evaluations();
    const answers = await Promise.all(Array.from({ length: 4 }, () => fixture.app.inject({ method: 'GET', url: '/readyz', remoteAddress: '192.0.2.50' })));
    for (const answer of answers) {
      expect(answer.statusCode).to.equal(503);
      expect(JSON.parse(answer.body)).to.deep.equal({ status: 'UNAVAILABLE', reason: NOT_READY_REASON });
      expect(answer.body).not.to.match(/127\.0\.0\.1|:9\b|ECONNREFUSED|UNAVAILABLE:/);
      expect(answer.headers['retry-after']).to.equal('5');
    }
    expect((await evaluations()) - before, 'one chaincode query for four calls within the second').to.equal(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await fixture.app.inject({ method: 'GET', url: '/readyz', remoteAddress: '192.0.2.50' })).statusCode).to.equal(503);
    expect((await evaluations()) - before, 'checked again once the second is over').to.equal(2);
    const statuses: number[] = [];
    for (let i = 0; i < 2; i++) statuses.push((await fixture.app.inject({ method: 'GET', url: '/readyz', remoteAddress: '192.0.2.50' })).statusCode);
    expect(statuses).to.deep.equal([503, 429]);
    expect((await fixture.app.inject({ method: 'GET', url: '/readyz', remoteAddress: '192.0.2.51' })).statusCode).to.equal(503);
  });
});

describe('gateway SSE streams per caller', function () {
  this.timeout(60_000);
  let fixture: Fixture;
  let port: number;
  before(async function () {
    fixture = await buildTestApp({ SSE_STREAMS_PER_CALLER: '2' });
    await fixture.app.listen({ host: '127.0.0.1', port: 0 });
    port = (fixture.app.server.address() as AddressInfo).port;
  });
  after(async function () {
    await ifAssigned(fixture)?.close();
  });

  const open = (key: string): Promise<{ status: number; response: IncomingMessage; body: Promise<string> }> => new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/v1/events', headers: { authorization: `Bearer ${key}` } }, (response) => {
      let text = '';
      const body = new Promise<string>((done) => {
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (response.statusCode !== 200) return;
          done(text);
        });
        response.on('end', () => done(text));
      });
      resolve({ status: response.statusCode ?? 0, response, body });
    });
    req.on('error', reject);
    req.end();
  });

  it('caps open streams per caller (SSE_STREAMS_PER_CALLER): one more is 429, another caller is not affected, a closed stream frees its place', async function () {
    const first = await open(fixture.key);
    const second = await open(fixture.key);
    expect([first.status, second.status]).to.deep.equal([200, 200]);
    const third = await open(fixture.key);
    expect(third.status).to.equal(429);
    expect(JSON.parse(await third.body)).to.include({ code: 'TOO_MANY_STREAMS' });
    const other = await open(fixture.readerKey);
    expect(other.status).to.equal(200);
    first.response.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = await open(fixture.key);
    expect(again.status).to.equal(200);
    for (const stream of [second, other, again]) stream.response.destroy();
  });
});

describe('gateway /metrics and /docs: the operations listener', function () {
  this.timeout(60_000);

  it('are not on the public listener by default, and are on the operations one', async function () {
    const fixture = await buildTestApp();
    try {
      for (const url of ['/metrics', '/docs', '/docs/json']) {
        const response = await fixture.app.inject({ method: 'GET', url });
        expect(response.statusCode, url).to.equal(404);
        expect(JSON.parse(response.body)).to.include({ code: 'NOT_FOUND' });
      }
      const metrics = await fixture.app.operations.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.statusCode).to.equal(200);
      expect(metrics.body).to.contain('certledger_gateway_http_request_duration_seconds');
      const docs = await fixture.app.operations.inject({ method: 'GET', url: '/docs/json' });
      expect(docs.statusCode).to.equal(200);
      expect((JSON.parse(docs.body) as { paths: Record<string, unknown> }).paths).to.have.property('/v1/evidence');
      expect((await fixture.app.operations.inject({ method: 'GET', url: '/docs' })).statusCode).to.be.oneOf([200, 302]);
      expect((await fixture.app.operations.inject({ method: 'GET', url: '/v1/charter' })).statusCode).to.equal(404);
    } finally {
      await fixture.close();
    }
  });

  it('can be put on the public listener, or nowhere', async function () {
    const both = await buildTestApp({ METRICS_LISTENER: 'public', DOCS_LISTENER: 'public' });
    try {
      expect((await both.app.inject({ method: 'GET', url: '/metrics' })).statusCode).to.equal(200);
      expect((await both.app.inject({ method: 'GET', url: '/docs/json' })).statusCode).to.equal(200);
    } finally {
      await both.close();
    }
    const none = await buildTestApp({ METRICS_LISTENER: 'off', DOCS_LISTENER: 'off' });
    try {
      expect((await none.app.operations.inject({ method: 'GET', url: '/metrics' })).statusCode).to.equal(404);
      expect((await none.app.inject({ method: 'GET', url: '/docs/json' })).statusCode).to.equal(404);
    } finally {
      await none.close();
    }
  });

  it('takes its port from the topology (gateway.metricsPort) and refuses one that is the public port', function () {
    const base = { CERTLEDGER_ORG: 'cb1', CERTLEDGER_TOPOLOGY: join(ROOT, 'network', 'topology.json'), CERTLEDGER_RUN_DIR: '/tmp/certledger-run' };
    const config = loadConfig(base);
    expect(config.metrics.port).to.equal(18080);
    expect(config.metrics.host).to.equal(config.host);
    expect(config).to.include({ metricsListener: 'operations', docsListener: 'operations' });
    expect(loadConfig({ ...base, CERTLEDGER_GATEWAY_METRICS_PORT: '9999' }).metrics.port).to.equal(9999);
    expect(() => loadConfig({ ...base, CERTLEDGER_GATEWAY_METRICS_PORT: '8080' })).to.throw(/needs its own address/);
  });
});
