// Unit tests for IAF scope sectors.

import { expect } from 'chai';
import { IAF_SECTORS, validateScopeCodes } from '../../../../../chaincode/src/domain/dictionaries/iaf';
import { expectInvalid } from '../../../../support/expect-code';


describe('domain/dictionaries/iaf', () => {
  it('names the 39 IAF sectors', () => {
    expect(Object.keys(IAF_SECTORS).map(Number)).to.deep.equal(Array.from({ length: 39 }, (_, i) => i + 1));
    expect(IAF_SECTORS[1]).to.equal('Agriculture, forestry and fishing');
    expect(IAF_SECTORS[28]).to.equal('Construction');
    expect(IAF_SECTORS[33]).to.equal('Information technology');
    expect(IAF_SECTORS[39]).to.equal('Other social services');
  });

  it('returns distinct codes sorted ascending', () => {
    expect(validateScopeCodes([33, 1, 29], 'certificate.scopeCodes')).to.deep.equal([1, 29, 33]);
    expect(validateScopeCodes([39], 'certificate.scopeCodes')).to.deep.equal([39]);
  });

  it('rejects an empty list or a non-array', () => {
    expectInvalid(() => validateScopeCodes([], 'certificate.scopeCodes'), 'certificate.scopeCodes', 'at least 1 item');
    expectInvalid(() => validateScopeCodes(17, 'certificate.scopeCodes'), 'certificate.scopeCodes', 'must be an array');
  });

  it('rejects codes outside 1..39 or not integers, naming the item', () => {
    expectInvalid(() => validateScopeCodes([1, 40], 'certificate.scopeCodes'), 'certificate.scopeCodes[1]', 'from 1 to 39; got 40');
    expectInvalid(() => validateScopeCodes([0], 'certificate.scopeCodes'), 'certificate.scopeCodes[0]', 'got 0');
    expectInvalid(() => validateScopeCodes(['17'], 'certificate.scopeCodes'), 'certificate.scopeCodes[0]', 'must be an integer');
    expectInvalid(() => validateScopeCodes([17.5], 'certificate.scopeCodes'), 'certificate.scopeCodes[0]', 'must be an integer');
  });

  it('rejects duplicates', () => {
    expectInvalid(() => validateScopeCodes([17, 18, 17], 'certificate.scopeCodes'), 'certificate.scopeCodes[2]', 'IAF sector 17 is listed twice');
  });
});
