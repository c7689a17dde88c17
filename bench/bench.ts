// npm run bench: throughput and latency of the running local consortium, through the REST gateway
// and through a raw @hyperledger/fabric-gateway client side by side, with the CPU seconds every
// process of the network spent in each run. Bounded in time and count; loopback only.
import { execFileSync } from 'node:child_process';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { CHAINCODE, CHANNEL, ROOT, gatewayOf, withGateway } from '../tools/network';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const READ_CONCURRENCY = Number(process.env.BENCH_READ_CONCURRENCY ?? 16);
/** Concurrent batch writers (each batch is 1,000 digests). */
const BATCH_CONCURRENCY = Number(process.env.BENCH_BATCH_CONCURRENCY ?? 8);
const GATEWAY = process.env.BENCH_GATEWAY ?? gatewayOf('cb1');
/** Offered rates of the paced runs: CPU per operation measured below saturation. */
const PACED_TX_RATE = Number(process.env.BENCH_PACED_TX_RATE ?? 20);
const PACED_READ_RATE = Number(process.env.BENCH_PACED_READ_RATE ?? 100);
/** Which measures to run: a comma list of anchors, batches, reads, paced (default all). */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'anchors,batches,reads,paced').split(',').map((s) => s.trim()));
for (const name of ONLY) {
  if (!['anchors', 'batches', 'reads', 'paced'].includes(name)) throw new Error(`BENCH_ONLY: unknown measure ${name} (use anchors, batches, reads, paced)`);
}
for (const [name, value] of Object.entries({ BENCH_SECONDS: SECONDS, BENCH_CONCURRENCY: CONCURRENCY, BENCH_READ_CONCURRENCY: READ_CONCURRENCY, BENCH_BATCH_CONCURRENCY: BATCH_CONCURRENCY, BENCH_PACED_TX_RATE: PACED_TX_RATE, BENCH_PACED_READ_RATE: PACED_READ_RATE })) {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${String(value)}`);
}
const run = randomUUID().slice(0, 8);
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

interface Row {
  measure: string;
  path: string;
  ops: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
  cpu: Record<string, number>;
  unit: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** CPU seconds (user + system) of every process with a PID file in a member's run/<org>/pids. */
function cpuSeconds(): Record<string, number> {
  const out: Record<string, number> = {};
  const files = readdirSync(join(ROOT, 'run'))
    .map((org) => join(ROOT, 'run', org, 'pids'))
    .filter((dir) => existsSync(dir))
    .flatMap((dir) => readdirSync(dir).map((file) => ({ dir, file })));
  for (const { dir, file } of files) {
    const pid = readFileSync(join(dir, file), 'utf8').trim();
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      out[file.replace(/\.pid$/, '')] = (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
    } catch {
      // process gone
    }
  }
  return out;
}

function cpuDelta(before: Record<string, number>, after: Record<string, number>, self: NodeJS.CpuUsage): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [name, value] of Object.entries(after)) delta[name] = value - (before[name] ?? 0);
  delta['bench-client'] = (self.user + self.system) / 1e6;
  return delta;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Closed loop: `concurrency` workers, each starting the next operation when its last one ends. */
interface Closed { concurrency: number }
/** Open loop: operations started at a fixed rate per second, whatever their latency. */
interface Paced { rate: number }

/** Runs `op` for SECONDS in the given mode; returns latencies of the successful ones. */
async function load(mode: Closed | Paced, op: (i: number) => Promise<number>): Promise<{ latencies: number[]; seconds: number; items: number; failures: number }> {
  const latencies: number[] = [];
  let next = 0;
  let items = 0;
  let failures = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  const once = async (): Promise<void> => {
    const i = next++;
    const t0 = performance.now();
    try {
      // Read `items` only after the await: `items += await op()` would add to a stale value.
      const done = await op(i);
      items += done;
      latencies.push(performance.now() - t0);
    } catch (error) {
      failures++;
      if (failures <= 3) console.error(`  failure: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  };
  if ('rate' in mode) {
    const running: Promise<void>[] = [];
    for (let k = 0; started + (k * 1000) / mode.rate < deadline; k++) {
      const wait = started + (k * 1000) / mode.rate - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      running.push(once());
    }
    await Promise.all(running);
  } else {
    await Promise.all(Array.from({ length: mode.concurrency }, async () => {
      while (performance.now() < deadline) await once();
    }));
  }
  return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000, items, failures };
}

async function measure(measure: string, path: string, unit: string, mode: number | Paced, op: (i: number) => Promise<number>): Promise<Row> {
  const before = cpuSeconds();
  const self = process.cpuUsage();
  const result = await load(typeof mode === 'number' ? { concurrency: mode } : mode, op);
  const cpu = cpuDelta(before, cpuSeconds(), process.cpuUsage(self));
  const row: Row = {
    measure, path, unit, ops: result.latencies.length,
    perSecond: result.items / result.seconds,
    p50ms: percentile(result.latencies, 50), p99ms: percentile(result.latencies, 99), cpu,
  };
  console.error(`  ${measure} / ${path}: ${row.perSecond.toFixed(0)} ${unit}/s, p50 ${row.p50ms.toFixed(1)} ms, p99 ${row.p99ms.toFixed(1)} ms, ${result.failures} failures`);
  return row;
}

function apiKey(org: string, user: string): string {
  return execFileSync(join(ROOT, 'scripts', 'gateway-key.sh'), ['issue', org, user], { encoding: 'utf8' }).trim();
}

// The load generator's HTTP client: node:http over keep-alive connections. Node's fetch spent
// about twice the CPU per request, which on this 2-core machine the gateway then lacked.
const agent = new Agent({ keepAlive: true, maxSockets: Math.max(CONCURRENCY, READ_CONCURRENCY) });

function request(method: 'GET' | 'POST', path: string, key: string, body?: unknown): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), 'idempotency-key': randomUUID() });
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${GATEWAY}${path}`, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path}: no answer in 60 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

async function post(path: string, key: string, body: unknown): Promise<unknown> {
  const { status, text } = await request('POST', path, key, body);
  if (status >= 300) throw new Error(`${path} answered ${status}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as unknown;
}

async function get(path: string, key: string): Promise<void> {
  const { status, text } = await request('GET', path, key);
  if (status !== 200) throw new Error(`${path} answered ${status}: ${text.slice(0, 200)}`);
}

function record(ref: string): Record<string, unknown> {
  return { clientRef: ref, kind: 'AUDIT_REPORT', subject: { uscc: '91350100M000100Y43' }, digest: { alg: 'sha256', value: sha256(ref) } };
}

async function main(): Promise<void> {
  console.error(`bench: ${SECONDS} s per run, ${CONCURRENCY} concurrent writers, ${READ_CONCURRENCY} concurrent readers, gateway ${GATEWAY}`);
  const recorder = apiKey('cb1', 'recorder1');
  const issuer = apiKey('cb1', 'issuer1');
  const reader = apiKey('cb1', 'reader1');
  const rows: Row[] = [];

  // A certificate to read: verify reads go to the public endpoint and to certificate:verify.
  const certNo = `00126Q9${run.toUpperCase()}R0M`;
  // The decision names a recorded STAGE2 audit of cb1 by a registered auditor, dated today in Asia/Shanghai.
  const auditor = `2020-N1QMS-${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
  // A network that has just come up answers 503 until its peers' discovery knows every member: the
  // first write waits for that (up to 60 s), and is not measured.
  for (let deadline = Date.now() + 60_000; ;) {
    try {
      await post('/v1/auditors', recorder, { registrationNo: auditor, name: 'Bench auditor', level: 'AUDITOR', scopeCodes: [33] });
      break;
    } catch (error) {
      if (!/answered 503/.test(String(error)) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  await post('/v1/audits', recorder, {
    auditId: `BENCH-${run}`, type: 'STAGE2', scheme: 'QMS', uscc: '91350100M000100Y43', startDate: today, endDate: today, mode: 'ON_SITE', scopeCodes: [33],
    auditors: [{ registrationNo: auditor, manDays: 1, role: 'LEADER' }],
  });
  const decision = (await post('/v1/evidence', recorder, { ...record(`bench-decision-${run}`), kind: 'CERTIFICATION_DECISION', decision: 'GRANT', subject: { uscc: '91350100M000100Y43', auditId: `BENCH-${run}` } })) as { result: { id: string } };
  // issuedAt may not precede the decision
  const now = Date.now() + 1000;
  await post('/v1/certificates', issuer, {
    certificateNo: certNo, scheme: 'QMS', standard: 'GB/T 19001-2016/ISO 9001:2015',
    organization: { name: 'Bench Holder', uscc: '91350100M000100Y43', address: '福州市鼓楼区', regionCode: '350102' },
    scope: 'Benchmarking', scopeCodes: [33], sectorCode: '65', issuedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 300 * 86_400_000).toISOString(), decisionEvidenceId: decision.result.id,
  }).catch((error: unknown) => console.error(`  (certificate for the read benchmark not issued: ${String(error)})`));

  await withGateway('cb1', 'recorder1', async (gateway) => {
    const evidence = gateway.getNetwork(CHANNEL).getContract(CHAINCODE, 'evidence');
    const certificates = gateway.getNetwork(CHANNEL).getContract(CHAINCODE, 'certificate');

    if (ONLY.has('anchors')) {
      rows.push(await measure('single anchors', 'REST', 'tx', CONCURRENCY, async (i) => {
        await post('/v1/evidence', recorder, record(`bench-rest-${run}-${i}`));
        return 1;
      }));
      rows.push(await measure('single anchors', 'raw client', 'tx', CONCURRENCY, async (i) => {
        const submitted = await evidence.submitAsync('anchor', { arguments: [JSON.stringify(record(`bench-raw-${run}-${i}`))] });
        const status = await submitted.getStatus();
        if (!status.successful) throw new Error(`commit ${status.code}`);
        return 1;
      }));
    }
    for (const indexed of ONLY.has('batches') ? [false, true] : []) {
      rows.push(await measure(`batched anchors (${indexed ? 'indexed' : 'root-only'})`, 'REST', 'items', BATCH_CONCURRENCY, async (i) => {
        const digests = Array.from({ length: 1000 }, (_, j) => sha256(`bench-batch-${run}-${indexed}-${i}-${j}`));
        await post('/v1/evidence/batches', recorder, { clientRef: `bench-batch-${run}-${indexed}-${i}`, alg: 'sha256', digests, indexed });
        return 1000;
      }));
    }
    // The authenticated verify route: the public one is rate-limited per address by design.
    if (ONLY.has('reads')) {
      rows.push(await measure('certificate verification reads', 'REST', 'req', READ_CONCURRENCY, async () => {
        await get(`/v1/certificates/${certNo}/verify`, reader);
        return 1;
      }));
      rows.push(await measure('certificate verification reads', 'raw client', 'req', READ_CONCURRENCY, async () => {
        await certificates.evaluateTransaction('verify', certNo, '');
        return 1;
      }));
    }
    // Below saturation: CPU per operation without the queueing and contention of a saturated machine.
    if (ONLY.has('paced')) {
      rows.push(await measure(`single anchors at ${PACED_TX_RATE} tx/s offered`, 'REST', 'tx', { rate: PACED_TX_RATE }, async (i) => {
        await post('/v1/evidence', recorder, record(`bench-paced-rest-${run}-${i}`));
        return 1;
      }));
      rows.push(await measure(`single anchors at ${PACED_TX_RATE} tx/s offered`, 'raw client', 'tx', { rate: PACED_TX_RATE }, async (i) => {
        const submitted = await evidence.submitAsync('anchor', { arguments: [JSON.stringify(record(`bench-paced-raw-${run}-${i}`))] });
        const status = await submitted.getStatus();
        if (!status.successful) throw new Error(`commit ${status.code}`);
        return 1;
      }));
      rows.push(await measure(`verification reads at ${PACED_READ_RATE} req/s offered`, 'REST', 'req', { rate: PACED_READ_RATE }, async () => {
        await get(`/v1/certificates/${certNo}/verify`, reader);
        return 1;
      }));
      rows.push(await measure(`verification reads at ${PACED_READ_RATE} req/s offered`, 'raw client', 'req', { rate: PACED_READ_RATE }, async () => {
        await certificates.evaluateTransaction('verify', certNo, '');
        return 1;
      }));
    }
  });

  const pick = (m: string, p: string): Row | undefined => rows.find((r) => r.measure === m && r.path === p);
  const ratio = (m: string): string => {
    const rest = pick(m, 'REST');
    const raw = pick(m, 'raw client');
    return rest !== undefined && raw !== undefined ? (rest.perSecond / raw.perSecond).toFixed(2) : '-';
  };
  const networkCpu = (row: Row): number => Object.entries(row.cpu).filter(([n]) => n !== 'bench-client').reduce((sum, [, v]) => sum + v, 0);

  console.log('| measure | path | rate | p50 ms | p99 ms | CPU s (network) | CPU s (client) | CPU ms per op (all) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    const all = networkCpu(row) + (row.cpu['bench-client'] ?? 0);
    console.log(`| ${row.measure} | ${row.path} | ${row.perSecond.toFixed(0)} ${row.unit}/s | ${row.p50ms.toFixed(1)} | ${row.p99ms.toFixed(1)} | ${networkCpu(row).toFixed(1)} | ${(row.cpu['bench-client'] ?? 0).toFixed(1)} | ${row.ops > 0 ? ((all * 1000) / row.ops).toFixed(2) : '-'} |`);
  }
  console.log('');
  console.log(`REST ÷ raw, single anchors: ${ratio('single anchors')}; certificate verification reads: ${ratio('certificate verification reads')}`);
  console.log('');
  console.log('CPU seconds per process and run:');
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.cpu)))].sort();
  console.log(`| process | ${rows.map((r) => `${r.measure} (${r.path})`).join(' | ')} |`);
  console.log(`| --- | ${rows.map(() => '---').join(' | ')} |`);
  for (const name of names) console.log(`| ${name} | ${rows.map((r) => (r.cpu[name] ?? 0).toFixed(2)).join(' | ')} |`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
