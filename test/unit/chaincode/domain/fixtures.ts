// The certificate record the domain-rule suites start from: a VALID QMS certificate of cb1 for a
// Fuzhou organisation, issued 2025-01-01 and valid to 2027-12-31. Each suite overrides what its
// rule is about (dates, status, scope), so what a test depends on is in the test.
import type { Certificate } from '../../../../chaincode/src/domain/types';

export const RECORD_ISSUED = '2025-01-01T00:00:00.000Z';
export const RECORD_EXPIRES = '2027-12-31T00:00:00.000Z';

export function certificateRecord(overrides: Partial<Certificate> = {}): Certificate {
  return {
    certificateNo: '00125Q31234R0M',
    issuer: 'Cb1MSP',
    scheme: 'QMS',
    standard: 'GB/T 19001-2016/ISO 9001:2015',
    organization: { name: '示例制造有限公司', uscc: '91350100M000100Y43', address: '福州市鼓楼区', regionCode: '350102' },
    scope: 'Design and manufacture of valves',
    scopeCodes: [17, 18],
    sectorCode: '3443',
    issuedAt: RECORD_ISSUED,
    expiresAt: RECORD_EXPIRES,
    status: 'VALID',
    statusReason: 'ISSUED',
    statusSince: overrides.issuedAt ?? RECORD_ISSUED,
    evidenceIds: ['ev-1'],
    scopeHistory: [],
    ...overrides,
  };
}
