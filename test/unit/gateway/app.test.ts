// The gateway's OpenAPI document, generated from the route schemas: valid OpenAPI 3, and every v1
// operation declares its inputs and its answers (2xx and every error status it can give).
import { expect } from 'chai';
import { buildTestApp, type Fixture } from './app-fixture';
import { ifAssigned } from '../../support/defined';
import { Validator } from '@seriousme/openapi-schema-validator';

interface Operation {
  parameters?: { in: string; name: string; schema?: unknown; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
}
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

/** The OpenAPI validator the project would use; optional until it is added to devDependencies. */

// POSTs that take no body: the path names everything (or the caller is the subject).
const NO_BODY = new Set(['POST /v1/certificates/{no}/expire', 'POST /v1/samples/{id}/close', 'POST /v1/samples/{id}/settle', 'POST /v1/proposals/{id}/finalize', 'POST /v1/members/self/exit-request', 'POST /v1/members/self/exit-completion', 'POST /v1/nodes/peers/{nodeId}/removal']);

// POSTs that are reads (a digest or proof too long for a query string): no write, no Idempotency-Key.
const READ_POSTS = new Set(['POST /v1/evidence/verify', 'POST /v1/evidence/batches/{id}/verify-item', 'POST /v1/public/evidence/verify']);

// Query parameters of the certificate, membership and public routes, as the contract functions need them.
const QUERY: Record<string, string[]> = {
  'GET /v1/certificates': ['uscc', 'issuer', 'pageSize', 'bookmark'],
  'GET /v1/certificates/{no}/verify': ['at'],
  'GET /v1/proposals': ['status', 'pageSize', 'bookmark'],
  'GET /v1/nodes': ['mspId'],
  'GET /v1/chaincode/approvals': ['codeDigest', 'sequence'],
  'GET /v1/auditors': ['body', 'pageSize', 'bookmark'],
  'GET /v1/public/certificates/{no}': ['at'],
};

const AUTH_ERRORS = ['400', '401', '403', '404', '409', '412', '429', '500', '503'];
const PUBLIC_ERRORS = ['400', '404', '429', '500', '503'];

function operations(doc: Document): { id: string; path: string; method: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, path, method, op })));
}

describe('gateway OpenAPI document', function () {
  this.timeout(30_000);
  let fixture: Fixture;
  let doc: Document;

  before(async function () {
    fixture = await buildTestApp();
    doc = fixture.app.swagger() as unknown as Document;
  });
  after(async function () {
    await ifAssigned(fixture)?.close();
  });

  it('is valid OpenAPI (checked by @seriousme/openapi-schema-validator)', async function () {
    const result = await new Validator().validate(doc);
    expect(result.valid, JSON.stringify(result.errors, null, 2)).to.equal(true);
  });

  it('is OpenAPI 3 with every path parameter declared and operation ids not repeated', function () {
    expect(doc.openapi).to.match(/^3\.0\.\d$/);
    for (const { id, path, op } of operations(doc)) {
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort();
      const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      expect(declared, `${id} path parameters`).to.deep.equal(inTemplate);
      for (const p of op.parameters ?? []) expect(p.schema, `${id} parameter ${p.name} has a schema`).to.be.an('object');
    }
  });

  it('lists every route of the certificate, auditor, membership and public APIs', function () {
    const ids = new Set(operations(doc).map((o) => o.id));
    const expected = [
      'POST /v1/certificates', 'POST /v1/certificates/sweep', 'GET /v1/certificates', 'GET /v1/certificates/{no}', 'GET /v1/certificates/{no}/verify',
      ...['suspend', 'restore', 'withdraw', 'cancel', 'expire', 'surveillance', 'recertify', 'scope', 'organization', 'transfer-consent', 'transfer'].map((a) => `POST /v1/certificates/{no}/${a}`),
      'POST /v1/auditors', 'POST /v1/auditors/{no}/changes', 'GET /v1/auditors/{no}', 'GET /v1/auditors',
      'POST /v1/credit-events', 'GET /v1/credit-events/{uscc}', 'GET /v1/credit-events/{uscc}/{id}/history',
      'POST /v1/credit-events/{uscc}/{id}/close', 'POST /v1/credit-events/{uscc}/{id}/revisions', 'POST /v1/accreditations', 'POST /v1/inspectors', 'POST /v1/samples', 'POST /v1/samples/{id}/commitments', 'POST /v1/samples/{id}/close', 'POST /v1/samples/{id}/reveal',
      'POST /v1/samples/{id}/settle', 'POST /v1/samples/{id}/results', 'GET /v1/samples/{id}',
      'GET /v1/charter', 'GET /v1/members', 'GET /v1/members/{mspId}', 'GET /v1/members/{mspId}/join-check',
      'POST /v1/members/self/exit-request', 'POST /v1/members/self/exit-completion',
      'POST /v1/members/{mspId}/issuing-suspension', 'POST /v1/members/{mspId}/issuing-reinstatement',
      'POST /v1/members/{mspId}/suspension', 'POST /v1/members/{mspId}/reinstatement',
      'POST /v1/proposals', 'POST /v1/proposals/{id}/votes', 'POST /v1/proposals/{id}/finalize', 'GET /v1/proposals/{id}', 'GET /v1/proposals',
      'POST /v1/nodes/peers', 'POST /v1/nodes/peers/{nodeId}/removal', 'GET /v1/nodes', 'GET /v1/nodes/{nodeId}', 'GET /v1/chaincode/approvals', 'GET /v1/chaincode/digest',
      'POST /v1/writes/pause', 'POST /v1/writes/resume', 'GET /v1/writes/pause',
      'GET /v1/public/certificates/{no}', 'POST /v1/public/evidence/verify', 'GET /v1/public/samples/{id}',
    ];
    expect(expected.filter((e) => !ids.has(e)), 'missing operations').to.deep.equal([]);
  });

  it('gives every v1 operation a request schema where it takes input', function () {
    const problems: string[] = [];
    for (const { id, method, op } of operations(doc).filter((o) => o.path.startsWith('/v1/'))) {
      if (method === 'post' && !NO_BODY.has(id) && op.requestBody?.content?.['application/json']?.schema === undefined) problems.push(`${id}: no request body schema`);
      if (method === 'post' && !READ_POSTS.has(id) && !(op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'idempotency-key' && p.required === true)) {
        problems.push(`${id}: no required Idempotency-Key header`);
      }
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name).sort();
      if (QUERY[id] !== undefined) {
        if (JSON.stringify(query) !== JSON.stringify([...QUERY[id]].sort())) problems.push(`${id}: query parameters ${query.join(',')}, expected ${QUERY[id].join(',')}`);
      }
    }
    expect(problems).to.deep.equal([]);
  });

  it('gives every v1 operation a response schema for its 2xx and for every error status', function () {
    const problems: string[] = [];
    for (const { id, op } of operations(doc).filter((o) => o.path.startsWith('/v1/'))) {
      const responses = op.responses ?? {};
      const success = Object.keys(responses).filter((s) => /^2\d\d$/.test(s));
      if (success.length === 0) problems.push(`${id}: no 2xx response`);
      // SSE answers are a stream, described by their content type rather than a JSON schema.
      for (const status of success) {
        const content = responses[status]?.content ?? {};
        if (!Object.values(content).some((c) => c.schema !== undefined)) problems.push(`${id}: ${status} has no schema`);
      }
      const errors = id.includes(' /v1/public/') ? PUBLIC_ERRORS : AUTH_ERRORS;
      for (const status of errors) {
        if (responses[status]?.content?.['application/json']?.schema === undefined) problems.push(`${id}: no ${status} schema`);
      }
      if (!id.includes(' /v1/public/') && (op.security ?? []).length === 0) problems.push(`${id}: no security requirement`);
    }
    expect(problems).to.deep.equal([]);
  });
});
