// The gateway's shared value schemas refuse what the chaincode's parsers refuse, by the same
// pattern (chaincode/src/api/values.ts), checked with TypeBox's own validator.
import { expect } from 'chai';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { CERTIFICATE_NO, EVIDENCE_ID, HEX64, MSP_ID } from '../../../../chaincode/src/api/values';
import { CertificateStatus, Digest, EvidenceId, Hex64, MspId, Scheme, certificateNo } from '../../../../gateway/src/schemas/values';
import { CERTIFICATE_STATUSES, SCHEMES } from '../../../../chaincode/src/domain/types';

const accepts = (schema: TSchema, value: unknown): boolean => Compile(schema).Check(value);

describe('gateway schemas/values: one format on both sides', () => {
  const cases: [string, TSchema, { pattern: RegExp }, string[], string[]][] = [
    ['a digest', Hex64, HEX64, ['a'.repeat(64), '0123456789abcdef'.repeat(4)], ['A'.repeat(64), 'a'.repeat(63), `${'a'.repeat(63)}g`]],
    ['an MSP ID', MspId, MSP_ID, ['Cb1MSP', 'org.a-b_c'], ['-Cb1', 'Cb 1', '']],
    ['an evidence id', EvidenceId, EVIDENCE_ID, ['Cb1MSP:ref-1', 'Cb1MSP:a:b'], ['Cb1MSP', ':ref', 'Cb1MSP:']],
    ['a certificate number', certificateNo(), CERTIFICATE_NO, ['CN-0001/2025', 'ABCD'], ['abcd', 'AB', 'CN 1']],
  ];
  for (const [what, schema, format, good, bad] of cases) {
    it(`${what}: the gateway and the chaincode agree on every sample`, () => {
      for (const value of [...good, ...bad]) {
        expect(accepts(schema, value), `${what} ${JSON.stringify(value)} (gateway)`).to.equal(good.includes(value));
        const chaincode = format.pattern.test(value) && (!('min' in format) || value.length >= (format as { min: number }).min);
        if (good.includes(value)) expect(chaincode, `${what} ${JSON.stringify(value)} (chaincode)`).to.equal(true);
      }
    });
  }

  it('schemes and statuses are the domain\'s lists', () => {
    for (const scheme of SCHEMES) expect(accepts(Scheme, scheme)).to.equal(true);
    for (const status of CERTIFICATE_STATUSES) expect(accepts(CertificateStatus, status)).to.equal(true);
    expect(accepts(Scheme, 'qms')).to.equal(false);
    expect(accepts(CertificateStatus, 'REVOKED')).to.equal(false);
  });

  it('a digest is an algorithm and 64 hex characters, nothing else', () => {
    expect(accepts(Digest, { alg: 'sm3', value: 'a'.repeat(64) })).to.equal(true);
    expect(accepts(Digest, { alg: 'md5', value: 'a'.repeat(64) })).to.equal(false);
    expect(accepts(Digest, { alg: 'sha256', value: 'a'.repeat(64), extra: 1 })).to.equal(false);
  });
});
