// The gateway's error mapping and the public page, through app.inject with no peer: 401 before
// anything else on the authenticated routes, 400 naming the offending fields before any Fabric
// call, one error shape, the public routes open (and rate-limited), and the /verify page.
import { expect } from 'chai';
import { buildTestApp, type Fixture } from '../app-fixture';
import { ifAssigned } from '../../../support/defined';

interface ErrorBody { reqId: string; statusCode: number; error: string; message: string; code?: string; fields?: { field: string; message: string }[] }

const fieldsOf = (body: string): string[] => ((JSON.parse(body) as ErrorBody).fields ?? []).map((f) => f.field);

describe('gateway error mapping (no peer)', function () {
  this.timeout(30_000);
  let fixture: Fixture;
  let auth: Record<string, string>;

  before(async function () {
    fixture = await buildTestApp();
    auth = { authorization: `Bearer ${fixture.key}`, 'idempotency-key': 'unit-test-0001' };
  });
  after(async function () {
    await ifAssigned(fixture)?.close();
  });

  describe('401', function () {
    for (const [method, url] of [['GET', '/v1/certificates/ABCD-1'], ['POST', '/v1/certificates'], ['GET', '/v1/members'], ['POST', '/v1/proposals/p-1/votes'], ['POST', '/v1/nodes/peers/peer1.cb1/removal']] as const) {
      it(`${method} ${url} without a key`, async function () {
        const response = await fixture.app.inject({ method, url, payload: method === 'POST' ? {} : undefined });
        expect(response.statusCode).to.equal(401);
        const body = JSON.parse(response.body) as ErrorBody;
        expect(body).to.include({ statusCode: 401, error: 'Unauthorized', code: 'UNAUTHENTICATED' });
        expect(body.reqId).to.be.a('string').and.not.equal('');
      });
    }

    it('with a key this gateway never issued', async function () {
      const response = await fixture.app.inject({ method: 'GET', url: '/v1/charter', headers: { authorization: 'Bearer not-a-key' } });
      expect(response.statusCode).to.equal(401);
      expect(JSON.parse(response.body)).to.include({ message: 'the API key is not valid for this gateway' });
    });

    it('runs before validation: a bad body without a key is 401, not 400', async function () {
      const response = await fixture.app.inject({ method: 'POST', url: '/v1/certificates/ABCD/suspend', payload: { nonsense: true } });
      expect(response.statusCode).to.equal(401);
    });
  });

  describe('400 names the offending fields', function () {
    it('an issue body with a bad scheme, a lowercase number, a missing field and an unknown one', async function () {
      const response = await fixture.app.inject({
        method: 'POST', url: '/v1/certificates', headers: auth,
        payload: { certificateNo: 'abc-1', scheme: 'ISO', standard: 'ISO 9001', scope: 's', scopeCodes: [40], sectorCode: 'C3411', issuedAt: '2025-01-01', expiresAt: '2026-01-01T00:00:00Z', decisionEvidenceId: 'Cb1MSP:D', colour: 'blue' },
      });
      expect(response.statusCode).to.equal(400);
      const body = JSON.parse(response.body) as ErrorBody;
      expect(body.code).to.equal('INVALID_ARGUMENT');
      expect(fieldsOf(response.body)).to.include.members([
        'body.certificateNo', 'body.scheme', 'body.organization', 'body.scopeCodes.0', 'body.issuedAt', 'body.colour',
      ]);
      expect(body.message).to.contain('body.colour is not an allowed field');
    });

    it('a suspension without a reason and with a date that is not UTC ISO-8601', async function () {
      const response = await fixture.app.inject({ method: 'POST', url: '/v1/certificates/ABCD-1/suspend', headers: auth, payload: { reason: '', suspendedUntil: '2025-09-30 00:00' } });
      expect(response.statusCode).to.equal(400);
      expect(fieldsOf(response.body)).to.include.members(['body.reason', 'body.suspendedUntil']);
    });

    it('a POST without an Idempotency-Key', async function () {
      const response = await fixture.app.inject({ method: 'POST', url: '/v1/certificates/ABCD-1/withdraw', headers: { authorization: auth.authorization }, payload: { reason: 'r' } });
      expect(response.statusCode).to.equal(400);
      expect(fieldsOf(response.body)).to.include('headers.idempotency-key');
    });

    it('a certificate number that is not one (path)', async function () {
      const response = await fixture.app.inject({ method: 'GET', url: '/v1/certificates/abc', headers: auth });
      expect(response.statusCode).to.equal(400);
      expect(fieldsOf(response.body)).to.include('params.no');
    });

    it('a list query with a page size out of range and an unknown parameter', async function () {
      const response = await fixture.app.inject({ method: 'GET', url: '/v1/certificates?issuer=Cb1MSP&pageSize=500&sort=asc', headers: auth });
      expect(response.statusCode).to.equal(400);
      expect(fieldsOf(response.body)).to.include.members(['querystring.pageSize', 'querystring.sort']);
    });

    it('a list query with neither uscc nor issuer', async function () {
      const response = await fixture.app.inject({ method: 'GET', url: '/v1/certificates?pageSize=10', headers: auth });
      expect(response.statusCode).to.equal(400);
      expect(JSON.parse(response.body)).to.include({ code: 'INVALID_ARGUMENT', message: 'querystring: give exactly one of uscc or issuer' });
    });

    it('a vote that is not YES, NO or ABSTAIN', async function () {
      const response = await fixture.app.inject({ method: 'POST', url: '/v1/proposals/p-1/votes', headers: auth, payload: { choice: 'MAYBE' } });
      expect(response.statusCode).to.equal(400);
      expect(fieldsOf(response.body)).to.include('body.choice');
    });

    it('a proposal of an unknown type, a transfer without evidence, an accreditation without a reason', async function () {
      const cases: [string, unknown, string][] = [
        ['/v1/proposals', { id: 'p-1', type: 'DISSOLVE', payload: {} }, 'body.type'],
        ['/v1/certificates/ABCD-1/transfer', { newCertificateNo: 'ABCD-2', evidenceIds: [] }, 'body.evidenceIds'],
        ['/v1/accreditations', { body: 'Cb1MSP', state: 'ACCREDITED' }, 'body.reason'],
        ['/v1/samples', { sampleId: 's-1', commitment: 'ABC', criteria: { count: 0, inspectorCount: 0 } }, 'body.criteria.count'],
      ];
      for (const [url, payload, field] of cases) {
        const response = await fixture.app.inject({ method: 'POST', url, headers: auth, payload: payload as Record<string, unknown> });
        expect(response.statusCode, url).to.equal(400);
        expect(fieldsOf(response.body), url).to.include(field);
      }
    });

    it('a peer removal naming a node id that is not one', async function () {
      const response = await fixture.app.inject({ method: 'POST', url: '/v1/nodes/peers/peer0%20cb1/removal', headers: auth });
      expect(response.statusCode, response.body).to.equal(400);
      expect(fieldsOf(response.body)).to.include('params.nodeId');
    });

    it('a chaincode approval query without a sequence', async function () {
      const response = await fixture.app.inject({ method: 'GET', url: `/v1/chaincode/approvals?codeDigest=${'a'.repeat(64)}`, headers: auth });
      expect(response.statusCode).to.equal(400);
      expect(fieldsOf(response.body)).to.include('querystring.sequence');
    });
  });

  describe('public routes', function () {
    it('need no key, and still validate: a digest that is not 64 lowercase hex', async function () {
      const response = await fixture.app.inject({ method: 'POST', url: '/v1/public/evidence/verify', payload: { alg: 'sha256', value: 'ABC' } });
      expect(response.statusCode).to.equal(400);
      expect(fieldsOf(response.body)).to.include('body.value');
    });

    it('a public certificate lookup with a malformed number', async function () {
      const response = await fixture.app.inject({ method: 'GET', url: '/v1/public/certificates/a%20b' });
      expect(response.statusCode).to.equal(400);
      expect(fieldsOf(response.body)).to.include('params.no');
    });
  });

  it('answers an unknown route with the error shape', async function () {
    const response = await fixture.app.inject({ method: 'GET', url: '/v1/nothing-here' });
    expect(response.statusCode).to.equal(404);
    expect(JSON.parse(response.body)).to.include({ statusCode: 404, error: 'Not Found' });
  });

  describe('/verify page', function () {
    it('is HTML that loads its script from /verify.js and nothing from elsewhere', async function () {
      const response = await fixture.app.inject({ method: 'GET', url: '/verify' });
      expect(response.statusCode).to.equal(200);
      expect(response.headers['content-type']).to.match(/^text\/html/);
      expect(response.headers['content-security-policy']).to.contain("script-src 'self'");
      expect(response.body).to.contain('<script src="/verify.js"');
      expect(response.body).not.to.match(/(src|href)="(https?:)?\/\//);
      expect(response.body).not.to.match(/<script>[^<]/);
      expect(response.body).to.match(/<label[^>]+for="cert-no"/);
      expect(response.body).to.contain('aria-live="polite"');
    });

    it('its script hashes in the browser and calls only the public API', async function () {
      const response = await fixture.app.inject({ method: 'GET', url: '/verify.js' });
      expect(response.statusCode).to.equal(200);
      expect(response.headers['content-type']).to.match(/^text\/javascript/);
      expect(response.body).to.contain("crypto.subtle.digest('SHA-256'");
      expect(response.body).to.contain('/v1/public/evidence/verify');
      expect(response.body).to.contain('/v1/public/certificates/');
      expect(response.body).not.to.contain('innerHTML');
      // the file's bytes are read for the digest only; the request body is the digest
      expect(response.body).to.contain("JSON.stringify({ alg: 'sha256', value: digest })");
    });
  });
});

describe('gateway public rate limit (no peer)', function () {
  this.timeout(30_000);
  let fixture: Fixture;
  before(async function () {
    fixture = await buildTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '2' });
  });
  after(async function () {
    await ifAssigned(fixture)?.close();
  });

  it('answers 429 with the error shape past the per-address limit', async function () {
    const statuses: number[] = [];
    let last = '';
    for (let i = 0; i < 3; i += 1) {
      const response = await fixture.app.inject({ method: 'POST', url: '/v1/public/evidence/verify', payload: { alg: 'sha256', value: 'x' }, remoteAddress: '198.51.100.7' });
      statuses.push(response.statusCode);
      last = response.body;
    }
    expect(statuses).to.deep.equal([400, 400, 429]);
    expect(JSON.parse(last)).to.include({ statusCode: 429 });
    // another address has its own allowance
    const other = await fixture.app.inject({ method: 'POST', url: '/v1/public/evidence/verify', payload: { alg: 'sha256', value: 'x' }, remoteAddress: '198.51.100.8' });
    expect(other.statusCode).to.equal(400);
  });
});
