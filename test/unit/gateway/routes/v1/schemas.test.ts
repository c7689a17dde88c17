// The gateway's response schemas carry the calendar durations, suspensions and organisation records: Fastify
// serializes an answer with fast-json-stringify from the route's schema and drops any property the
// schema does not declare, so each record must come out exactly as the chaincode returned it.
import { expect } from 'chai';
import build from 'fast-json-stringify';
import { DEFAULT_CHARTER } from '../../../../../chaincode/src/domain/charter';
import type { Certificate } from '../../../../../chaincode/src/domain/types';
// the plugins' Fastify type augmentations, which the route modules rely on (types only)
import type {} from '../../../../../gateway/src/app';
import { Certificate as CertificateSchema, CertificateView } from '../../../../../gateway/src/routes/v1/certificates';
import { Charter } from '../../../../../gateway/src/routes/v1/membership';

function roundTrip(schema: unknown, value: unknown): unknown {
  return JSON.parse(build(schema as Parameters<typeof build>[0])(value));
}

describe('gateway response schemas', () => {
  it('serialize the charter with ISO-8601 durations and the validity of every scheme', () => {
    expect(roundTrip(Charter, DEFAULT_CHARTER)).to.deep.equal(JSON.parse(JSON.stringify(DEFAULT_CHARTER)));
  });

  it('serialize a foreign organisation\'s certificate with its suspensions and organisation history', () => {
    const cert: Certificate = {
      certificateNo: '00125Q40001R0M', issuer: 'Cb1MSP', scheme: 'QMS', standard: 'ISO 9001:2015',
      organization: { name: 'Beispiel GmbH', country: 'DE', registrationNo: 'HRB86891', address: 'Stuttgart' },
      scope: 'Valves', scopeCodes: [18], sectorCode: '3443', issuedAt: '2025-01-01T00:00:00.000Z', expiresAt: '2028-01-01T00:00:00.000Z',
      status: 'VALID', statusReason: 'RESTORED', statusSince: '2025-03-01T00:00:00.000Z', evidenceIds: ['Cb1MSP:e'], scopeHistory: [],
      suspensions: [{ from: '2025-02-01T00:00:00.000Z', until: '2025-08-01T00:00:00.000Z', endedAt: '2025-03-01T00:00:00.000Z' }],
      organizationHistory: [{ previous: { name: 'Alt GmbH', country: 'DE', registrationNo: 'HRB86891', address: 'Stuttgart' }, at: '2025-04-01T00:00:00.000Z', reasonCode: '0101', reason: '0101 组织更名' }],
    };
    expect(roundTrip(CertificateSchema, cert)).to.deep.equal(cert);
    const uscc = { ...cert, organization: { name: 'X', uscc: '91350100M000100Y43', address: 'Y', regionCode: '350102' } };
    delete (uscc as Partial<Certificate>).organizationHistory;
    expect(roundTrip(CertificateSchema, uscc)).to.deep.equal(uscc);
  });

  it('serialize the verification view of a foreign holder', () => {
    const view = {
      certificateNo: 'N-1', status: 'VALID', statusReason: 'ISSUED', statusSince: 't', effectiveStatus: 'VALID',
      holder: { name: 'Beispiel GmbH', country: 'DE', registrationNo: 'HRB86891' },
      scheme: 'QMS', standard: 'ISO 9001:2015', scope: 's', scopeCodes: [18], issuedAt: 't', expiresAt: 't',
      issuer: { mspId: 'Cb1MSP', accreditation: null }, creditEvents: [], asOf: 't',
    };
    expect(roundTrip(CertificateView, view)).to.deep.equal(view);
  });
});
