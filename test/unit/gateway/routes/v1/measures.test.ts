// The routes of the regulator's measures (docs/contracts.md §4.4), through app.inject with no peer: each refuses
// a malformed body with 400 naming the field, before any Fabric call.
import { expect } from 'chai';
import { buildTestApp, type Fixture } from '../../app-fixture';
import { ifAssigned } from '../../../../support/defined';

const USCC = '91350100M000100Y43';
const fieldsOf = (body: string): string[] => ((JSON.parse(body) as { fields?: { field: string }[] }).fields ?? []).map((f) => f.field);

describe('gateway: routes of the regulator\'s measures (no peer)', function () {
  this.timeout(30_000);
  let fixture: Fixture;
  let auth: Record<string, string>;

  before(async function () {
    fixture = await buildTestApp();
    auth = { authorization: `Bearer ${fixture.key}`, 'idempotency-key': 'unit-test-measures-1' };
  });
  after(async function () {
    await ifAssigned(fixture)?.close();
  });

  const cases: [string, string, Record<string, unknown>, string][] = [
    ['a suspension reason object without a code', '/v1/certificates/ABCD-1/suspend', { reason: { note: 'n' }, suspendedUntil: '2025-09-30T00:00:00Z' }, 'body.reason'],
    ['a withdrawal reason with a code that is not 4 digits', '/v1/certificates/ABCD-1/withdraw', { reason: { code: '113' } }, 'body.reason'],
    ['closing a credit event without a note', `/v1/credit-events/${USCC}/tx1/close`, {}, 'body.note'],
    ['a revision with a lowercase type', `/v1/credit-events/${USCC}/tx1/revisions`, { type: 'penalty', note: 'n' }, 'body.type'],
    ['a revision with an unknown field', `/v1/credit-events/${USCC}/tx1/revisions`, { occurredAt: '2025-01-01T00:00:00Z', note: 'n' }, 'body.occurredAt'],
    ['an issuing suspension with a reason object of another code list', '/v1/members/Cb1MSP/issuing-suspension', { reason: { code: '0111' } }, 'body.reason'],
    ['an issuing suspension ending at a date that is not UTC ISO-8601', '/v1/members/Cb1MSP/issuing-suspension', { reason: 'CB01', until: '2026-01-01' }, 'body.until'],
    ['an issuing reinstatement without a note', '/v1/members/Cb1MSP/issuing-reinstatement', {}, 'body.note'],
    ['a member suspension without a reason', '/v1/members/Cb1MSP/suspension', {}, 'body.reason'],
  ];
  for (const [name, url, payload, field] of cases) {
    it(`400 for ${name}`, async function () {
      const response = await fixture.app.inject({ method: 'POST', url, headers: auth, payload });
      expect(response.statusCode, response.body).to.equal(400);
      expect(fieldsOf(response.body)).to.include(field);
    });
  }

  it('400 for a credit event path with a malformed USCC', async function () {
    const response = await fixture.app.inject({ method: 'GET', url: '/v1/credit-events/123', headers: auth });
    expect(response.statusCode).to.equal(400);
    expect(fieldsOf(response.body)).to.include('params.uscc');
  });
});
