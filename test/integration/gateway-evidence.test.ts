// The evidence routes through real HTTP against the members' gateways: success and every error
// status, Idempotency-Key under concurrency, and 503 while the member's own peer is down.
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { httpWriter, recordAuditFor } from './support/audits';
import { apiKey as key, call, gatewayOf, gatewayOperationsOf, scrapeGateway } from './support/http';
import { blockHeight, CHANNEL, endorsementPlanReady, requireNetwork, ROOT, script } from './support/network';

const run = randomUUID().slice(0, 8);

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}




function record(ref: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { clientRef: ref, kind: 'AUDIT_REPORT', subject: { uscc: '91350100M000100Y43', auditId: `AUD-${ref}` }, digest: { alg: 'sha256', value: sha256(ref) }, ...over };
}

describe('gateway: evidence routes over HTTP', function () {
  this.timeout(300_000);
  let recorder: string;
  let reader: string;
  /** the block of the evidence the first test anchored */
  let anchoredIn = 0;

  before(async function () {
    await requireNetwork(this);
    recorder = key('cb1', 'recorder1');
    reader = key('cb1', 'reader1');
  });

  it('anchors a record (201 with txId and blockNumber) and reads it back', async () => {
    const created = await call('cb1', 'POST', '/v1/evidence', { key: recorder, body: record(`http-${run}`) });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body.txId).to.match(/^[0-9a-f]{64}$/);
    expect(Number(created.body.blockNumber)).to.be.greaterThan(0);
    anchoredIn = Number(created.body.blockNumber);
    const read = await call('cb1', 'GET', `/v1/evidence/${encodeURIComponent(`Cb1MSP:http-${run}`)}`, { key: reader });
    expect(read.status).to.equal(200);
    expect(read.body.id).to.equal(`Cb1MSP:http-${run}`);
  });

  it('counts what it did in /metrics: HTTP by route template and status, Fabric phases, commit codes, business events', async () => {
    const text = await (await fetch(`${gatewayOperationsOf('cb1')}/metrics`)).text();
    expect(text).to.match(/certledger_gateway_http_request_duration_seconds_count\{method="POST",route="\/v1\/evidence",status="201"\} [1-9]/);
    expect(text).to.match(/certledger_gateway_http_request_duration_seconds_count\{method="GET",route="\/v1\/evidence\/:id",status="200"\} [1-9]/);
    for (const phase of ['evaluate', 'endorse', 'submit', 'commit']) {
      expect(text).to.match(new RegExp(`certledger_gateway_fabric_duration_seconds_count\\{phase="${phase}"\\} [1-9]`), phase);
    }
    expect(text).to.match(/certledger_gateway_commit_status_total\{code="VALID"\} [1-9]/);
    expect(text).to.match(/certledger_gateway_business_events_total\{event="evidence_anchored"\} [1-9]/);
    expect(text).to.match(/^process_cpu_seconds_total [0-9.e+-]+$/m);
    expect(text, 'labels carry route templates, never raw ids').not.to.contain(`http-${run}`);
  });

  it('exposes what the alert rules read: each signing identity\'s notAfter, the event checkpoint\'s block, readiness', async () => {
    const certificate = new X509Certificate(readFileSync(join(ROOT, 'run', 'cb1', 'users', 'recorder1', 'msp', 'signcerts', 'cert.pem')));
    let samples = await scrapeGateway('cb1');
    expect(samples.get('certledger_gateway_identity_expiry_timestamp_seconds{identity="recorder1"}')).to.equal(Date.parse(certificate.validTo) / 1000);
    // The listener hands the anchored record's event on shortly after its commit.
    const series = `certledger_gateway_event_checkpoint_block{channel="${CHANNEL}"}`;
    for (let i = 0; i < 40 && !((samples.get(series) ?? -1) >= anchoredIn); i += 1) {
      await new Promise((r) => setTimeout(r, 250));
      samples = await scrapeGateway('cb1');
    }
    expect(samples.get(series), series).to.be.at.least(anchoredIn).and.at.most((await blockHeight('cb1')) - 1);
    expect((await call('cb1', 'GET', '/readyz')).status).to.equal(200);
    expect((await scrapeGateway('cb1')).get('certledger_gateway_ready')).to.equal(1);
  });

  it('answers 400 naming the offending field, 401 without or with a wrong key, 404 for an unknown record', async () => {
    const bad = await call('cb1', 'POST', '/v1/evidence', { key: recorder, body: record(`bad-${run}`, { digest: { alg: 'sha256', value: 'ABC' } }) });
    expect(bad.status).to.equal(400);
    expect((bad.body.fields as { field: string }[]).map((f) => f.field)).to.include('body.digest.value');
    const badUscc = await call('cb1', 'POST', '/v1/evidence', { key: recorder, body: record(`uscc-${run}`, { subject: { uscc: '91350100M000100Y44' } }) });
    expect(badUscc.status).to.equal(400);
    expect(badUscc.body.message).to.match(/^record\.subject\.uscc: /);
    expect((await call('cb1', 'GET', '/v1/evidence/Cb1MSP:x')).status).to.equal(401);
    expect((await call('cb1', 'GET', '/v1/evidence/Cb1MSP:x', { key: 'not-a-key' })).status).to.equal(401);
    const missing = await call('cb1', 'GET', `/v1/evidence/${encodeURIComponent(`Cb1MSP:nothing-${run}`)}`, { key: reader });
    expect(missing.status).to.equal(404);
    expect(missing.body.code).to.equal('NOT_FOUND');
  });

  it('answers 403 for a reader writing, 409 for a taken clientRef, 412 for a decision blocked by a MAJOR nonconformity', async () => {
    const forbidden = await call('cb1', 'POST', '/v1/evidence', { key: reader, body: record(`reader-${run}`) });
    expect(forbidden.status).to.equal(403);
    await call('cb1', 'POST', '/v1/evidence', { key: recorder, body: record(`taken-${run}`) });
    const taken = await call('cb1', 'POST', '/v1/evidence', { key: recorder, body: record(`taken-${run}`, { digest: { alg: 'sha256', value: sha256('other') } }) });
    expect(taken.status).to.equal(409);
    expect(taken.body.code).to.equal('ALREADY_EXISTS');
    // a GRANT decision names a recorded audit (support/audits.ts); its open MAJOR holds the decision
    const auditId = await recordAuditFor(httpWriter('cb1', recorder), `AUD-412-${run}`, '91350100M000100Y43');
    const nc = await call('cb1', 'POST', '/v1/evidence', { key: recorder, body: record(`nc-${run}`, { kind: 'NONCONFORMITY', severity: 'MAJOR', subject: { uscc: '91350100M000100Y43', auditId } }) });
    expect(nc.status).to.equal(201);
    const blocked = await call('cb1', 'POST', '/v1/evidence', { key: recorder, body: record(`dec-${run}`, { kind: 'CERTIFICATION_DECISION', decision: 'GRANT', subject: { uscc: '91350100M000100Y43', auditId } }) });
    expect(blocked.status).to.equal(412);
    expect(blocked.body.code).to.equal('PRECONDITION_FAILED');
  });

  it('creates exactly one record for 20 concurrent POSTs with one Idempotency-Key, and refuses the key with another body', async () => {
    const idempotencyKey = `idem-${run}`;
    const body = record(`idem-${run}`);
    const answers = await Promise.all(Array.from({ length: 20 }, () => call('cb1', 'POST', '/v1/evidence', { key: recorder, body, idempotencyKey })));
    expect(answers.map((a) => a.status)).to.deep.equal(Array(20).fill(201));
    const txIds = new Set(answers.map((a) => a.body.txId));
    expect(txIds.size).to.equal(1);
    expect(new Set(answers.map((a) => (a.body.result as { id: string }).id))).to.deep.equal(new Set([`Cb1MSP:idem-${run}`]));
    const history = await call('cb1', 'GET', `/v1/evidence/${encodeURIComponent(`Cb1MSP:idem-${run}`)}/history`, { key: reader });
    expect((history.body.versions as unknown[]).length).to.equal(1);
    const reused = await call('cb1', 'POST', '/v1/evidence', { key: recorder, body: record(`idem-other-${run}`), idempotencyKey });
    expect(reused.status).to.equal(422);
  });

  // what a new user hit, and what a security probe found, on the real network
  describe('what a new user hit and a security probe found (real network)', function () {
    const metric = async (pattern: RegExp): Promise<number> => {
      const text = await (await fetch(`${gatewayOperationsOf('cb1')}/metrics`)).text();
      return Number(pattern.exec(text)?.[1] ?? 0);
    };

    it('serves /metrics and /docs on the operations listener only: the public listener answers 404 with the error shape', async () => {
      for (const path of ['/metrics', '/docs', '/docs/json']) {
        const answer = await call('cb1', 'GET', path);
        expect(answer.status, path).to.equal(404);
        expect(answer.body).to.include({ code: 'NOT_FOUND' });
      }
      const metrics = await fetch(`${gatewayOperationsOf('cb1')}/metrics`);
      expect(metrics.status).to.equal(200);
      const docs = await fetch(`${gatewayOperationsOf('cb1')}/docs/json`);
      expect(((await docs.json()) as { openapi: string }).openapi).to.match(/^3\./);
      // the operator's scripts find the same address (scripts/lib/gateway.sh)
      const address = spawnSync('bash', ['-c', 'source scripts/lib/env.sh && source scripts/lib/gateway.sh && gateway_metrics_address cb1'], { cwd: join(__dirname, '..', '..'), encoding: 'utf8' });
      expect(`http://${address.stdout.trim()}`, address.stderr).to.equal(gatewayOperationsOf('cb1'));
    });

    it('anchors 4 MiB of private content (the documented limit) and reads it back; a byte more is refused', async () => {
      const content = Buffer.alloc(4 * 1024 * 1024, 7);
      content.write(run);
      const digest = createHash('sha256').update(content).digest('hex');
      const ref = `private-4mib-${run}`;
      const created = await call('cb1', 'POST', '/v1/evidence', { key: recorder, body: { ...record(ref), form: 'private', digest: { alg: 'sha256', value: digest }, privateContentBase64: content.toString('base64') } });
      expect(created.status, JSON.stringify(created.body).slice(0, 500)).to.equal(201);
      const read = await call('cb1', 'GET', `/v1/evidence/${encodeURIComponent(`Cb1MSP:${ref}`)}/private-content`, { key: recorder });
      expect(read.status, JSON.stringify(read.body).slice(0, 500)).to.equal(200);
      expect(createHash('sha256').update(Buffer.from(String(read.body.content), 'base64')).digest('hex')).to.equal(digest);
      const over = Buffer.alloc(4 * 1024 * 1024 + 1, 7);
      const refused = await call('cb1', 'POST', '/v1/evidence', { key: recorder, body: { ...record(`private-over-${run}`), form: 'private', digest: { alg: 'sha256', value: createHash('sha256').update(over).digest('hex') }, privateContentBase64: over.toString('base64') } });
      expect(refused.status, JSON.stringify(refused.body).slice(0, 500)).to.equal(400);
      expect(String(refused.body.message)).to.contain('4 MiB');
    });

    it('makes every id it issues readable: a clientRef of the longest documented length, its record, history and receipt', async () => {
      const ref = `long:${run}.${'r'.repeat(128 - run.length - 6)}`;
      expect(ref).to.have.length(128);
      const created = await call('cb1', 'POST', '/v1/evidence', { key: recorder, body: record(ref, { subject: { uscc: '91350100M000100Y43', auditId: `AUD-long-${run}` } }) });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      const id = encodeURIComponent(`Cb1MSP:${ref}`);
      for (const path of [`/v1/evidence/${id}`, `/v1/evidence/${id}/history`, `/v1/evidence/${id}/receipt`]) {
        const answer = await call('cb1', 'GET', path, { key: reader });
        expect(answer.status, `${path}: ${JSON.stringify(answer.body).slice(0, 300)}`).to.equal(200);
      }
    });

    it('checks readiness at most about once a second however often /readyz is called, and says nothing internal', async () => {
      const evaluations = /certledger_gateway_fabric_duration_seconds_count\{phase="evaluate"\} (\d+)/;
      const before = await metric(evaluations);
      const started = Date.now();
      const statuses = await Promise.all(Array.from({ length: 50 }, async () => (await call('cb1', 'GET', '/readyz')).status));
      const seconds = (Date.now() - started) / 1000;
      expect(statuses.every((s) => s === 200), statuses.join(',')).to.equal(true);
      const checks = (await metric(evaluations)) - before;
      expect(checks, `${checks} chaincode queries for 50 calls in ${seconds.toFixed(2)} s`).to.be.at.most(Math.ceil(seconds) + 1);
    });

    it('rate-limits per identity: an authenticated answer carries the limit headers; a lowercase "bearer" is accepted', async () => {
      const answer = await fetch(`${gatewayOf('cb1')}/v1/charter`, { headers: { authorization: `bearer ${reader}` } });
      expect(answer.status).to.equal(200);
      expect(Number(answer.headers.get('x-ratelimit-limit'))).to.be.greaterThan(0);
      expect(answer.headers.get('x-ratelimit-remaining')).to.match(/^\d+$/);
    });

    it('answers the same Idempotency-Key and the same body with its keys in another order with the first answer', async () => {
      const idempotencyKey = `reorder-${run}`;
      const body = record(`reorder-${run}`);
      const first = await call('cb1', 'POST', '/v1/evidence', { key: recorder, body, idempotencyKey });
      expect(first.status, JSON.stringify(first.body)).to.equal(201);
      const reordered = Object.fromEntries(Object.entries(body).reverse().map(([k, v]) => [k, v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse()) : v]));
      expect(JSON.stringify(reordered)).not.to.equal(JSON.stringify(body));
      const again = await call('cb1', 'POST', '/v1/evidence', { key: recorder, body: reordered, idempotencyKey });
      expect(again.status, JSON.stringify(again.body)).to.equal(201);
      expect(again.body.txId).to.equal(first.body.txId);
      const other = await call('cb1', 'POST', '/v1/evidence', { key: recorder, body: { ...body, uri: 'https://example.org/x' }, idempotencyKey });
      expect(other.status).to.equal(422);
    });

    it('normalises a USCC written with spaces and dashes once, before any length check', async () => {
      const ref = `uscc-spaced-${run}`;
      const created = await call('cb1', 'POST', '/v1/evidence', { key: recorder, body: record(ref, { subject: { uscc: '9135 0100-M000 100Y43', auditId: `AUD-${ref}` } }) });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      expect((created.body.result as { subject: { uscc: string } }).subject.uscc).to.equal('91350100M000100Y43');
      const listed = await call('cb1', 'GET', `/v1/evidence?field=uscc&value=${encodeURIComponent('91-350100-M000100Y43')}&pageSize=200`, { key: reader });
      expect(listed.status, JSON.stringify(listed.body).slice(0, 300)).to.equal(200);
    });
  });

  it('answers 503 with Retry-After while the member\'s own peer is down, and recovers', async () => {
    const cb2Recorder = key('cb2', 'recorder1');
    script('network.sh', 'stop', 'peer-cb2');
    try {
      const down = await call('cb2', 'POST', '/v1/evidence', { key: cb2Recorder, body: record(`down-${run}`) });
      expect(down.status, JSON.stringify(down.body)).to.equal(503);
      expect(down.headers.get('retry-after')).to.match(/^\d+$/);
      expect((await call('cb2', 'GET', '/readyz')).status).to.equal(503);
      expect((await scrapeGateway('cb2')).get('certledger_gateway_ready'), 'the failed check in /metrics').to.equal(0);
      expect((await call('cb2', 'GET', '/healthz')).status, 'the process itself is alive').to.equal(200);
    } finally {
      script('network.sh', 'start', 'peer-cb2');
    }
    const deadline = Date.now() + 60_000;
    let ready = 0;
    while (Date.now() < deadline && ready !== 200) {
      ready = (await call('cb2', 'GET', '/readyz')).status;
      if (ready !== 200) await new Promise((r) => setTimeout(r, 500));
    }
    expect(ready).to.equal(200);
    expect((await scrapeGateway('cb2')).get('certledger_gateway_ready'), 'the passed check in /metrics').to.equal(1);
    await endorsementPlanReady();
  });
});
