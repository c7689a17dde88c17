// The Idempotency-Key plugin on its own: one run for concurrent requests with a key, answers kept
// on disk across a restart, a reused key with another body refused, 5xx answers not kept.
import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import Fastify, { type FastifyInstance } from 'fastify';
import type { GatewayConfig } from '../../../../gateway/src/config';
import errors, { type ErrorBody } from '../../../../gateway/src/plugins/errors';
import idempotency, { canonicalJson, sweepExpired } from '../../../../gateway/src/plugins/idempotency';

async function appWith(stateDir: string, counter: { runs: number; status: number }): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(errors);
  await app.register(idempotency, { config: { stateDir, idempotencyRetentionMs: 3_600_000 } as GatewayConfig });
  app.post('/things', async (request, reply) => app.idempotent(request, reply, async () => {
    counter.runs++;
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { statusCode: counter.status, body: { run: counter.runs, echo: request.body } };
  }));
  await app.ready();
  return app;
}

describe('gateway Idempotency-Key', () => {
  const post = (app: FastifyInstance, key: string | undefined, body: unknown) =>
    app.inject({ method: 'POST', url: '/things', headers: key === undefined ? {} : { 'idempotency-key': key }, payload: body as Record<string, unknown> });

  it('runs once for 20 concurrent requests with one key and gives all of them that answer', async () => {
    const counter = { runs: 0, status: 201 };
    const app = await appWith(mkdtempSync(join(tmpdir(), 'idem-')), counter);
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(app, 'key-00000001', { a: 1 })));
    expect(counter.runs).to.equal(1);
    expect(answers.map((a) => a.statusCode)).to.deep.equal(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body))).to.have.property('size', 1);
    await app.close();
  });

  it('compares bodies in canonical form: the same JSON with its keys in another order gets the first answer', async () => {
    const counter = { runs: 0, status: 201 };
    const app = await appWith(mkdtempSync(join(tmpdir(), 'idem-')), counter);
    const first = await app.inject({ method: 'POST', url: '/things', headers: { 'idempotency-key': 'key-canon-1', 'content-type': 'application/json' }, payload: '{"a":1,"b":{"c":[1,{"x":1,"y":2}],"d":"e"}}' });
    const reordered = await app.inject({ method: 'POST', url: '/things', headers: { 'idempotency-key': 'key-canon-1', 'content-type': 'application/json' }, payload: '{"b":{"d":"e","c":[1,{"y":2,"x":1}]},"a":1}' });
    expect(first.statusCode).to.equal(201);
    expect(reordered.statusCode).to.equal(201);
    expect(reordered.body).to.equal(first.body);
    expect(counter.runs).to.equal(1);
    // array order is meaning, not form
    const swapped = await app.inject({ method: 'POST', url: '/things', headers: { 'idempotency-key': 'key-canon-1', 'content-type': 'application/json' }, payload: '{"a":1,"b":{"c":[{"x":1,"y":2},1],"d":"e"}}' });
    expect(swapped.statusCode).to.equal(422);
    expect(canonicalJson({ b: [2, { z: 1, a: null }], a: 'x' })).to.equal('{"a":"x","b":[2,{"a":null,"z":1}]}');
    await app.close();
  });

  it('keeps the answer on disk: a restarted gateway answers a retry without running again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idem-'));
    const counter = { runs: 0, status: 201 };
    const first = await appWith(dir, counter);
    const original = await post(first, 'key-00000002', { a: 2 });
    await first.close();
    const second = await appWith(dir, counter);
    const retry = await post(second, 'key-00000002', { a: 2 });
    expect(counter.runs).to.equal(1);
    expect(retry.statusCode).to.equal(201);
    expect(retry.json()).to.deep.equal(original.json());
    await second.close();
  });

  it('refuses a missing or malformed key (400) and the same key with another body (422)', async () => {
    const counter = { runs: 0, status: 200 };
    const app = await appWith(mkdtempSync(join(tmpdir(), 'idem-')), counter);
    expect((await post(app, undefined, { a: 1 })).statusCode).to.equal(400);
    expect((await post(app, 'short', { a: 1 })).statusCode).to.equal(400);
    expect((await post(app, 'key-00000003', { a: 1 })).statusCode).to.equal(200);
    const reused = await post(app, 'key-00000003', { a: 'other' });
    expect(reused.statusCode).to.equal(422);
    expect(reused.json<ErrorBody>().code).to.equal('IDEMPOTENCY_KEY_REUSED');
    expect(counter.runs).to.equal(1);
    await app.close();
  });

  it('does not keep a 5xx answer, so a retry with the same key runs again', async () => {
    const counter = { runs: 0, status: 503 };
    const app = await appWith(mkdtempSync(join(tmpdir(), 'idem-')), counter);
    expect((await post(app, 'key-00000004', { a: 4 })).statusCode).to.equal(503);
    counter.status = 201;
    expect((await post(app, 'key-00000004', { a: 4 })).statusCode).to.equal(201);
    expect(counter.runs).to.equal(2);
    await app.close();
  });

  it('sweeps answers older than the retention (and stale temporary files); a retry after that runs again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idem-'));
    const counter = { runs: 0, status: 201 };
    const app = await appWith(dir, counter);
    await post(app, 'key-old-00001', { a: 1 });
    await post(app, 'key-new-00001', { a: 2 });
    expect(counter.runs).to.equal(2);
    const idempotencyDir = join(dir, 'idempotency');
    writeFileSync(join(idempotencyDir, 'leftover.123.tmp'), '{');
    const longAgo = new Date(Date.now() - 10 * 3_600_000);
    utimesSync(join(idempotencyDir, 'leftover.123.tmp'), longAgo, longAgo);
    // age one answer beyond a one-hour retention
    const files = readdirSync(idempotencyDir).filter((f) => f.endsWith('.json'));
    expect(files).to.have.length(2);
    utimesSync(join(idempotencyDir, files[0] as string), longAgo, longAgo);
    expect(await sweepExpired(idempotencyDir, Date.now() - 3_600_000)).to.equal(1);
    expect(readdirSync(idempotencyDir)).to.have.length(1);
    // whichever key was swept runs again on retry; the other is still answered from disk
    await post(app, 'key-old-00001', { a: 1 });
    await post(app, 'key-new-00001', { a: 2 });
    expect(counter.runs).to.equal(3);
    await app.close();
  });
});
