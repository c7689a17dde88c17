// What the gateway accepts before a route runs (gateway/src/plugins/input.ts, errors.ts, app.ts):
// what a new user hit through the API and the request-level findings of a security probe
// (docs/errors.md), through app.inject with no peer (a call that reaches Fabric is a quick 503 in this fixture).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import Fastify from 'fastify';
import errors from '../../../gateway/src/plugins/errors';
import { charsetOf, MAX_JSON_DEPTH, nestsDeeperThan, normalizeRequestUscc } from '../../../gateway/src/plugins/input';
import { PRIVATE_CONTENT_BODY_LIMIT, PRIVATE_CONTENT_MAX_BYTES } from '../../../gateway/src/routes/v1/evidence';
import { buildTestApp, ROOT, type Fixture } from './app-fixture';
import { ifAssigned } from '../../support/defined';

interface ErrorBody { reqId: string; statusCode: number; error: string; message: string; code?: string; fields?: { field: string; message: string }[] }
const parsed = (body: string): ErrorBody => JSON.parse(body) as ErrorBody;

const DIGEST = 'a'.repeat(64);

describe('gateway input: what a new user hit', function () {
  this.timeout(60_000);
  let fixture: Fixture;
  let auth: Record<string, string>;
  let n = 0;
  const fresh = (): Record<string, string> => ({ ...auth, 'idempotency-key': `input-test-${String(++n).padStart(4, '0')}` });

  before(async function () {
    // large bodies parse synchronously: the overload guard is not what these tests are about
    fixture = await buildTestApp({ MAX_EVENT_LOOP_DELAY_MS: '60000' });
    auth = { authorization: `Bearer ${fixture.key}` };
  });
  after(async function () {
    await ifAssigned(fixture)?.close();
  });

  describe('nesting depth', function () {
    it('refuses a proposal payload nested 5,000 levels deep (a 30 KB body) with 400, not 500', async function () {
      const payload = `{"id":"p-deep","type":"AMEND_CHARTER","payload":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
      expect(payload.length).to.be.within(29_000, 31_000);
      const response = await fixture.app.inject({ method: 'POST', url: '/v1/proposals', headers: { ...fresh(), 'content-type': 'application/json' }, payload });
      expect(response.statusCode, response.body).to.equal(400);
      expect(parsed(response.body)).to.include({ code: 'INVALID_ARGUMENT' });
      expect(parsed(response.body).message).to.contain(`more than ${MAX_JSON_DEPTH} levels deep`);
    });

    it('counts brackets outside strings only', function () {
      expect(nestsDeeperThan(`{"a":"${'['.repeat(100)}"}`, 2)).to.equal(false);
      expect(nestsDeeperThan('[[[1]]]', 2)).to.equal(true);
      expect(nestsDeeperThan('{"a":"\\"[[["}', 1)).to.equal(false);
    });

    it('answers no hostile body with a 5xx', async function () {
      const bodies: [string, string | Buffer][] = [
        ['application/json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
        ['application/json', `{"id":"x","type":"AMEND_CHARTER","payload":{"a":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}}`],
        ['application/json', '{"__proto__":{"admin":true}}'],
        ['application/json', '{"a":{"constructor":{"prototype":{"x":1}}}}'],
        ['application/json', '1e999999'],
        ['application/json', 'null'],
        ['application/json', '[]'],
        ['application/json', '"a string"'],
        ['application/json', '{"id":"\\ud800","type":"AMEND_CHARTER","payload":"x"}'],
        ['application/json', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
        ['application/json', '{"a":1'],
        ['application/json', ''],
        ['application/json; charset=utf-16', Buffer.from('{"a":1}', 'utf16le')],
        ['text/plain', 'hello'],
        ['application/x-www-form-urlencoded', 'a=1'],
        ['application/json', `{"id":"${'x'.repeat(2 * 1024 * 1024)}"}`],
      ];
      const statuses: string[] = [];
      for (const url of ['/v1/proposals', '/v1/evidence', '/v1/certificates', '/v1/public/evidence/verify', '/v1/certificates/ABCD-1/expire']) {
        for (const [type, payload] of bodies) {
          const response = await fixture.app.inject({ method: 'POST', url, headers: { ...fresh(), 'content-type': type }, payload });
          if (response.statusCode >= 500) statuses.push(`${url} ${type} ${String(payload).slice(0, 40)}: ${response.statusCode} ${response.body}`);
          expect(parsed(response.body).code, `${url} ${type}`).to.be.a('string');
          expect(parsed(response.body).reqId, `${url} ${type}`).to.be.a('string');
        }
      }
      expect(statuses).to.deep.equal([]);
    });
  });

  describe('bodiless POST routes refuse unknown fields', function () {
    for (const url of ['/v1/certificates/ABCD-1/expire', '/v1/proposals/p-1/finalize', '/v1/members/self/exit-request', '/v1/members/self/exit-completion', '/v1/samples/S-1/close', '/v1/samples/S-1/settle', '/v1/nodes/peers/peer1.cb1/removal']) {
      it(`POST ${url}: 400 for {colour}, and no body or {} goes on to the chaincode`, async function () {
        const refused = await fixture.app.inject({ method: 'POST', url, headers: fresh(), payload: { colour: 'blue' } });
        expect(refused.statusCode, refused.body).to.equal(400);
        expect(parsed(refused.body).fields).to.deep.equal([{ field: 'body.colour', message: 'is not an allowed field' }]);
        for (const payload of [undefined, {}]) {
          const passed = await fixture.app.inject({ method: 'POST', url, headers: fresh(), ...(payload !== undefined ? { payload } : {}) });
          expect(passed.statusCode, passed.body).to.equal(503);
        }
      });
    }
  });

  describe('one error shape: a code and a reqId on every refusal, the URL never echoed', function () {
    it('414 for a path segment longer than any id, with the error shape and the security headers', async function () {
      const long = 'x'.repeat(3000);
      const response = await fixture.app.inject({ method: 'GET', url: `/v1/evidence/${long}` });
      expect(response.statusCode).to.equal(414);
      const body = parsed(response.body);
      expect(body).to.include({ statusCode: 414, code: 'URI_TOO_LONG' });
      expect(body.reqId).to.be.a('string').and.not.equal('');
      expect(response.body).not.to.contain(long.slice(0, 200));
      expect(response.headers['x-content-type-options']).to.equal('nosniff');
      expect(response.headers['content-security-policy']).to.be.a('string');
      expect(response.headers['x-request-id']).to.equal(body.reqId);
    });

    it('reads every id the API issues: a clientRef of the documented maximum (128), fully percent-encoded', async function () {
      const id = `Cb1MSP:${':'.repeat(1)}${'r'.repeat(127)}`;
      for (const suffix of ['', '/history', '/receipt']) {
        const encoded = Array.from(Buffer.from(id, 'utf8'), (byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
        const response = await fixture.app.inject({ method: 'GET', url: `/v1/evidence/${encoded}${suffix}`, headers: auth });
        expect(response.statusCode, `${suffix}: ${response.body}`).to.equal(503);
      }
    });

    it('413 with a code, naming the route\'s limit', async function () {
      const response = await fixture.app.inject({ method: 'POST', url: '/v1/public/evidence/verify', headers: { 'content-type': 'application/json' }, payload: `{"alg":"sha256","value":"${'a'.repeat(1_100_000)}"}` });
      expect(response.statusCode).to.equal(413);
      expect(parsed(response.body)).to.include({ code: 'PAYLOAD_TOO_LARGE' });
      expect(parsed(response.body).message).to.contain('1048576 bytes');
    });

    it('415 with a code for a media type other than JSON', async function () {
      const response = await fixture.app.inject({ method: 'POST', url: '/v1/public/evidence/verify', headers: { 'content-type': 'text/plain' }, payload: 'x' });
      expect(response.statusCode).to.equal(415);
      expect(parsed(response.body)).to.include({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it('500 with a code, and none of the error\'s text', async function () {
      const app = Fastify();
      await app.register(errors);
      app.get('/boom', async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.3:8051');
      });
      const response = await app.inject({ method: 'GET', url: '/boom' });
      expect(response.statusCode).to.equal(500);
      expect(parsed(response.body)).to.include({ code: 'INTERNAL', message: 'internal error' });
      expect(response.body).not.to.contain('127.0.0.3');
      await app.close();
    });

    it('says what a "__proto__" key is refused for, though the body is valid JSON', async function () {
      const response = await fixture.app.inject({ method: 'POST', url: '/v1/proposals', headers: { ...fresh(), 'content-type': 'application/json' }, payload: '{"id":"p-1","type":"AMEND_CHARTER","payload":{"__proto__":{"x":1}}}' });
      expect(response.statusCode).to.equal(400);
      const body = parsed(response.body);
      expect(body.code).to.equal('INVALID_ARGUMENT');
      expect(body.message).to.contain('"__proto__"').and.contain('prototype poisoning');
      expect(body.message).not.to.contain('not valid JSON');
    });

    it('says once which values an enum allows', async function () {
      const response = await fixture.app.inject({
        method: 'POST', url: '/v1/certificates', headers: fresh(),
        payload: { certificateNo: 'ABCD-1', scheme: 'ISO', standard: 's', organization: { name: 'n', uscc: '91350100M000100Y43', address: 'a', regionCode: '350102' }, scope: 's', scopeCodes: [1], sectorCode: 'C3411', issuedAt: '2025-01-01T00:00:00Z', expiresAt: '2026-01-01T00:00:00Z', decisionEvidenceId: 'Cb1MSP:D' },
      });
      expect(response.statusCode).to.equal(400);
      const body = parsed(response.body);
      expect(body.fields).to.deep.equal([{ field: 'body.scheme', message: 'must be one of "QMS", "EMS", "OHSMS", "ISMS", "ITSMS", "EnMS", "FSMS", "HACCP", "SERVICE", "PRODUCT", "OTHER"' }]);
      expect(body.message).not.to.contain('must be equal to constant');
    });
  });

  describe('body limits per route agree with the documented 4 MiB of private content', function () {
    it('takes 4 MiB of private content on POST /v1/evidence (on to the chaincode); refuses more with 413 there; 1 MiB elsewhere', async function () {
      const content = Buffer.alloc(PRIVATE_CONTENT_MAX_BYTES, 1).toString('base64');
      const record = { clientRef: 'big-1', kind: 'AUDIT_REPORT', form: 'private', digest: { alg: 'sha256', value: DIGEST }, privateContentBase64: content };
      const taken = await fixture.app.inject({ method: 'POST', url: '/v1/evidence', headers: fresh(), payload: record });
      expect(taken.statusCode, taken.body).to.equal(503);
      const over = await fixture.app.inject({ method: 'POST', url: '/v1/evidence', headers: { ...fresh(), 'content-type': 'application/json' }, payload: JSON.stringify({ ...record, uri: 'x'.repeat(PRIVATE_CONTENT_BODY_LIMIT) }) });
      expect(over.statusCode).to.equal(413);
      expect(parsed(over.body).message).to.contain(String(PRIVATE_CONTENT_BODY_LIMIT));
      const elsewhere = await fixture.app.inject({ method: 'POST', url: '/v1/evidence/verify', headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify({ alg: 'sha256', value: content.slice(0, 2_000_000) }) });
      expect(elsewhere.statusCode).to.equal(413);
    });

    it('documents the route\'s limit in the OpenAPI document', function () {
      const doc = fixture.app.swagger() as { paths: Record<string, Record<string, { description?: string }>> };
      expect(doc.paths['/v1/evidence']?.post?.description).to.contain(String(PRIVATE_CONTENT_BODY_LIMIT)).and.contain('4 MiB');
    });
  });

  describe('USCC normalised in one place, before any length check', function () {
    it('strips spaces and dashes in body, query and path; leaves FOREIGN keys as given', function () {
      const request = {
        body: { organization: { uscc: ' 9135 0100-M000 100Y43 ' }, subject: { uscc: 'FOREIGN:DE:HRB-86891' }, list: [{ uscc: '91-350100-m000100y43' }] },
        query: { field: 'uscc', value: '9135 0100 M000 100Y 43' },
        params: { uscc: '9135-0100-M000-100Y-43' },
      };
      normalizeRequestUscc(request);
      expect(request.body).to.deep.equal({ organization: { uscc: '91350100M000100Y43' }, subject: { uscc: 'FOREIGN:DE:HRB-86891' }, list: [{ uscc: '91350100M000100Y43' }] });
      expect(request.query.value).to.equal('91350100M000100Y43');
      expect(request.params.uscc).to.equal('91350100M000100Y43');
    });

    it('takes an issue whose 18-character USCC is written with spaces and dashes (on to the chaincode)', async function () {
      const response = await fixture.app.inject({
        method: 'POST', url: '/v1/certificates', headers: fresh(),
        payload: { certificateNo: 'ABCD-1', scheme: 'QMS', standard: 's', organization: { name: 'n', uscc: '9135 0100-M000 100Y43', address: 'a', regionCode: '350102' }, scope: 's', scopeCodes: [1], sectorCode: 'C3411', issuedAt: '2025-01-01T00:00:00Z', expiresAt: '2026-01-01T00:00:00Z', decisionEvidenceId: 'Cb1MSP:D' },
      });
      expect(response.statusCode, response.body).to.equal(503);
    });
  });

  describe('query parameters', function () {
    it('GET /v1/public/certificates/{no} takes ?at= (a UTC time) and refuses other parameters', async function () {
      expect((await fixture.app.inject({ method: 'GET', url: '/v1/public/certificates/ABCD-1?at=2025-01-01T00:00:00Z' })).statusCode).to.equal(503);
      const bad = await fixture.app.inject({ method: 'GET', url: '/v1/public/certificates/ABCD-1?at=yesterday' });
      expect(bad.statusCode).to.equal(400);
      expect(parsed(bad.body).fields?.map((f) => f.field)).to.deep.equal(['querystring.at']);
      const unknown = await fixture.app.inject({ method: 'GET', url: '/v1/public/certificates/ABCD-1?asOf=2025-01-01' });
      expect(unknown.statusCode).to.equal(400);
      expect(parsed(unknown.body).fields?.map((f) => f.field)).to.deep.equal(['querystring.asOf']);
    });

    it('a /v1 route that reads no query parameter refuses one instead of ignoring it', async function () {
      const response = await fixture.app.inject({ method: 'GET', url: '/v1/evidence/Cb1MSP:x?at=2025-01-01T00:00:00Z', headers: auth });
      expect(response.statusCode).to.equal(400);
      expect(parsed(response.body).fields?.map((f) => f.field)).to.deep.equal(['querystring.at']);
    });
  });

  describe('charsets and X-Request-Id (security probe)', function () {
    for (const charset of ['utf-7', 'utf-16', 'UTF-16LE', 'latin1', 'iso-8859-1', '"windows-1252"']) {
      it(`refuses charset=${charset} with 415`, async function () {
        const response = await fixture.app.inject({ method: 'POST', url: '/v1/public/evidence/verify', headers: { 'content-type': `application/json; charset=${charset}` }, payload: JSON.stringify({ alg: 'sha256', value: DIGEST }) });
        expect(response.statusCode).to.equal(415);
        expect(parsed(response.body)).to.include({ code: 'UNSUPPORTED_MEDIA_TYPE' });
      });
    }

    it('takes UTF-8, said or not', async function () {
      for (const type of ['application/json', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"', 'application/json; charset=utf8']) {
        const response = await fixture.app.inject({ method: 'POST', url: '/v1/public/evidence/verify', headers: { 'content-type': type }, payload: JSON.stringify({ alg: 'sha256', value: DIGEST }) });
        expect(response.statusCode, type).to.equal(503);
      }
      expect(charsetOf('application/json; foo=1; Charset="UTF-8"')).to.equal('utf-8');
    });

    it('refuses bytes that are not UTF-8', async function () {
      const response = await fixture.app.inject({ method: 'POST', url: '/v1/public/evidence/verify', headers: { 'content-type': 'application/json' }, payload: Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]) });
      expect(response.statusCode).to.equal(400);
      expect(parsed(response.body).message).to.contain('not valid UTF-8');
    });

    it('uses a well-formed X-Request-Id and replaces any other with its own', async function () {
      const good = await fixture.app.inject({ method: 'GET', url: '/v1/certificates/abc', headers: { ...auth, 'x-request-id': 'client-req.42_A' } });
      expect(parsed(good.body).reqId).to.equal('client-req.42_A');
      expect(good.headers['x-request-id']).to.equal('client-req.42_A');
      for (const forged of ['a b', 'x" level=50 msg="forged', 'a'.repeat(65), '{"reqId":1}', '']) {
        const response = await fixture.app.inject({ method: 'GET', url: '/v1/certificates/abc', headers: { ...auth, 'x-request-id': forged } });
        const reqId = parsed(response.body).reqId;
        expect(reqId, forged).to.match(/^[0-9a-f-]{36}$/);
        expect(response.headers['x-request-id']).to.equal(reqId);
      }
    });
  });

  describe('Idempotency-Key: spec, docs and behaviour agree', function () {
    const READ_POSTS = ['/v1/evidence/verify', '/v1/evidence/batches/B-1/verify-item', '/v1/public/evidence/verify'];

    it('every POST that writes requires the key; the three read POSTs do not, and the README says so', async function () {
      const doc = fixture.app.swagger() as { paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean }[] }>> };
      const writes: string[] = [];
      const reads: string[] = [];
      for (const [path, item] of Object.entries(doc.paths)) {
        const post = item.post;
        if (post === undefined || !path.startsWith('/v1/')) continue;
        if ((post.parameters ?? []).some((p) => p.in === 'header' && p.name === 'idempotency-key' && p.required === true)) writes.push(path);
        else reads.push(path);
      }
      expect(reads.sort()).to.deep.equal(['/v1/evidence/batches/{id}/verify-item', '/v1/evidence/verify', '/v1/public/evidence/verify']);
      expect(writes.length).to.be.greaterThan(30);
      // behaviour: a read POST goes on without a key; a write without one is refused, naming the header
      const bodies: Record<string, unknown> = { '/v1/evidence/verify': { alg: 'sha256', value: DIGEST }, '/v1/evidence/batches/B-1/verify-item': { digest: DIGEST, proof: [] }, '/v1/public/evidence/verify': { alg: 'sha256', value: DIGEST } };
      for (const url of READ_POSTS) {
        const response = await fixture.app.inject({ method: 'POST', url, headers: auth, payload: bodies[url] as Record<string, unknown> });
        expect(response.statusCode, `${url}: ${response.body}`).to.equal(503);
      }
      const write = await fixture.app.inject({ method: 'POST', url: '/v1/certificates/ABCD-1/withdraw', headers: auth, payload: { reason: 'r' } });
      expect(write.statusCode).to.equal(400);
      expect(parsed(write.body).fields?.map((f) => f.field)).to.include('headers.idempotency-key');
      const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
      expect(readme).to.contain('every POST that writes needs an `Idempotency-Key`');
      for (const path of ['POST /v1/evidence/verify', 'POST /v1/evidence/batches/{id}/verify-item', 'POST /v1/public/evidence/verify']) expect(readme).to.contain(path);
    });
  });
});
