// The verifyDigest answer has one type (chaincode/src/api/evidence.ts DigestMatch) and one response
// schema (routes/v1/evidence.ts): the compiler checks that every answer of that type fits the
// schema's static type, and this checks a real answer against the schema itself.
import { expect } from 'chai';
import type { Static } from 'typebox';
import { Compile } from 'typebox/compile';
import type { DigestMatch } from '../../../../../chaincode/src/api/evidence';
import { DigestMatch as DigestMatchSchema } from '../../../../../gateway/src/routes/v1/evidence';

/** Compiles only while the type fits the schema. */
const fits = (answer: DigestMatch): Static<typeof DigestMatchSchema> => answer;

describe('gateway routes/v1: the verifyDigest answer fits its response schema', () => {
  it('an answer with a record and a batch item', () => {
    const submitter = { mspId: 'Cb1MSP', subject: 'CN=recorder1', fingerprint: 'f'.repeat(64) };
    const answer: DigestMatch = {
      records: [{
        id: 'Cb1MSP:r1', clientRef: 'r1', kind: 'AUDIT_REPORT', subject: { auditId: 'A1' }, digest: { alg: 'sha256', value: 'a'.repeat(64) },
        form: 'digest', submitter, txId: 't1', timestamp: '2025-01-01T00:00:00.000Z', supersededBy: 'Cb1MSP:r2',
      }],
      batches: [{ batchId: 'Cb1MSP:b1', index: 3, root: 'b'.repeat(64), proof: [{ side: 'L', hash: 'c'.repeat(64) }], submitter, txId: 't2', timestamp: '2025-01-01T00:00:01.000Z' }],
    };
    expect(Compile(DigestMatchSchema).Check(fits(answer))).to.equal(true);
  });
});
