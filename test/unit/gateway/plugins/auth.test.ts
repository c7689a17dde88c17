// API-key authentication (plugins/auth.ts) through app.inject with no peer: keys are matched by
// their SHA-256, map to an enrolled identity, are read again when the key file changes, and every
// refusal is a 401 or 403 in the error shape.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashKey } from '../../../../gateway/src/plugins/auth';
import { ORG, buildTestApp, type Fixture } from '../app-fixture';
import { ifAssigned } from '../../../support/defined';

// a route behind authenticate whose answer needs no peer: a 400 from its query schema
const PROBE = '/v1/certificates?pageSize=0';

describe('gateway plugins/auth: API keys', function () {
  this.timeout(30_000);
  let fixture: Fixture;
  const keysFile = (): string => join(fixture.runDir, ORG, 'gateway', 'api-keys.json');

  before(async () => {
    fixture = await buildTestApp();
  });
  after(async () => {
    await ifAssigned(fixture)?.close();
  });

  async function status(headers: Record<string, string>): Promise<{ statusCode: number; code?: string; message: string }> {
    const response = await fixture.app.inject({ method: 'GET', url: PROBE, headers });
    const body = JSON.parse(response.body) as { code?: string; message: string };
    return { statusCode: response.statusCode, ...body };
  }

  it('without a key: 401 saying how to send one', async () => {
    const answer = await status({});
    expect(answer).to.include({ statusCode: 401, code: 'UNAUTHENTICATED' });
    expect(answer.message).to.match(/Authorization: Bearer/);
  });

  it('with an unknown key: 401', async () => {
    expect(await status({ authorization: `Bearer ${randomBytes(32).toString('base64url')}` })).to.include({ statusCode: 401, code: 'UNAUTHENTICATED' });
  });

  it('a known key, as a Bearer token or in X-API-Key, passes to the route', async () => {
    expect((await status({ authorization: `Bearer ${fixture.key}` })).statusCode).to.equal(400);
    expect((await status({ 'x-api-key': fixture.key })).statusCode).to.equal(400);
  });

  it('a key of an identity not enrolled here: 403 naming it', async () => {
    const key = randomBytes(32).toString('base64url');
    const file = JSON.parse(readFileSync(keysFile(), 'utf8')) as { keys: object[] };
    file.keys.push({ id: 'ghost', sha256: hashKey(key), user: 'ghost1', createdAt: new Date().toISOString() });
    writeFileSync(keysFile(), JSON.stringify(file));
    // the plugin watches the folder: wait until the new key is known
    let answer = await status({ authorization: `Bearer ${key}` });
    for (let i = 0; i < 50 && answer.statusCode === 401; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await status({ authorization: `Bearer ${key}` });
    }
    expect(answer).to.include({ statusCode: 403, code: 'FORBIDDEN' });
    expect(answer.message).to.include('ghost1');
  });

  it('a revoked key stops working without a restart', async () => {
    writeFileSync(keysFile(), JSON.stringify({ keys: [] }));
    let answer = await status({ authorization: `Bearer ${fixture.key}` });
    for (let i = 0; i < 50 && answer.statusCode !== 401; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await status({ authorization: `Bearer ${fixture.key}` });
    }
    expect(answer).to.include({ statusCode: 401, code: 'UNAUTHENTICATED' });
  });

  it('stores keys only as SHA-256 hex', () => {
    expect(hashKey('abc')).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
