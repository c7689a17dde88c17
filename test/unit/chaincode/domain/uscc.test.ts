// Unit tests for USCC validation against the vectors of docs/domain.md §1.2–1.3.

import { expect } from 'chai';
import { USCC_CHARSET, normalizeUscc, usccCheckChar, validateUscc } from '../../../../chaincode/src/domain/uscc';
import { expectInvalid } from '../../../support/expect-code';


describe('domain/uscc', () => {
  it('uses the 31-character GB 32100 charset without I, O, Z, S, V', () => {
    expect(USCC_CHARSET).to.have.length(31);
    for (const missing of 'IOZSV') expect(USCC_CHARSET).not.to.include(missing);
    expect(USCC_CHARSET.indexOf('M')).to.equal(21);
    expect(USCC_CHARSET.indexOf('Y')).to.equal(30);
  });

  describe('usccCheckChar', () => {
    it('computes the annex example (Σ = 1640 → 3)', () => {
      expect(usccCheckChar('91350100M000100Y4')).to.equal('3');
      expect(usccCheckChar('91110000600037341')).to.equal('L');
      expect(usccCheckChar('91310115MA1H8R7C6')).to.equal('7');
      expect(usccCheckChar('91350100M0001TGQX')).to.equal('1');
    });

    it('maps a sum divisible by 31 to 0, not 31', () => {
      expect(usccCheckChar('00000000000000000')).to.equal('0');
    });

    it('rejects a prefix of the wrong length or outside the charset', () => {
      expectInvalid(() => usccCheckChar('9135'), 'first17', 'got 4');
      expectInvalid(() => usccCheckChar('91350100I000100Y4'), 'first17', 'character 9 "I"');
    });
  });

  describe('normalizeUscc', () => {
    it('trims, uppercases and drops spaces and dashes', () => {
      expect(normalizeUscc('  9135-0100 m000-100y4 3\t')).to.equal('91350100M000100Y43');
    });
  });

  describe('validateUscc', () => {
    it('accepts the valid vectors without warnings', () => {
      expect(validateUscc('91110000600037341L', 'record.subject.uscc')).to.deep.equal({ uscc: '91110000600037341L', warnings: [] });
      expect(validateUscc('91350100M000100Y43', 'record.subject.uscc')).to.deep.equal({ uscc: '91350100M000100Y43', warnings: [] });
    });

    it('normalises before validating', () => {
      expect(validateUscc(' 91350100-m000100y43 ', 'uscc').uscc).to.equal('91350100M000100Y43');
    });

    it('rejects the invalid vectors, naming the expected check character', () => {
      expectInvalid(() => validateUscc('91350100M000100Y4Z', 'record.subject.uscc'), 'record.subject.uscc', 'must be "3"', 'got "Z"');
      expectInvalid(() => validateUscc('91310115MA1H8R7C6D', 'uscc'), 'uscc', 'must be "7"', 'got "D"');
      expectInvalid(() => validateUscc('91350100M0001TGQXM', 'uscc'), 'uscc', 'must be "1"', 'got "M"');
    });

    it('rejects a wrong length with the count', () => {
      expectInvalid(() => validateUscc('91350100M000100Y4', 'uscc'), 'uscc', 'must be 18 characters of the USCC charset', 'got 17');
      expectInvalid(() => validateUscc('91350100M000100Y433', 'uscc'), 'uscc', 'got 19');
      expectInvalid(() => validateUscc('', 'uscc'), 'uscc', 'at least 1 character');
    });

    it('rejects characters outside the charset and letters in positions 3–8', () => {
      expectInvalid(() => validateUscc('91350100M0001O0Y43', 'uscc'), 'uscc', '"O" at position 14');
      expectInvalid(() => validateUscc('9135A100M000100Y43', 'uscc'), 'uscc', 'positions 3–8', '"A" at position 5');
      expectInvalid(() => validateUscc('913501００M000100Y43', 'uscc'), 'uscc', 'position 7');
    });

    it('rejects non-strings', () => {
      expectInvalid(() => validateUscc(91350100, 'uscc'), 'uscc', 'must be a string');
    });

    it('accepts registration authorities A, N and Y (which digit-only validators reject)', () => {
      for (const prefix of ['A1', 'N2', 'Y1']) {
        const first17 = `${prefix}110000600037341`;
        const uscc = first17 + usccCheckChar(first17);
        expect(validateUscc(uscc, 'uscc'), uscc).to.deep.equal({ uscc, warnings: [] });
        // the check character recomputed independently of the module
        expect(uscc.charAt(17)).to.equal(USCC_CHARSET.charAt((31 - (sumOf(first17) % 31)) % 31));
      }
      expect(sumOf('91350100M000100Y4')).to.equal(1640); // the annex's Σ, so sumOf is right
    });

    it('only warns on an unknown authority, entity type or region', () => {
      const withCheck = (first17: string): string => first17 + usccCheckChar(first17);
      const unknownAuthority = validateUscc(withCheck('B1110000600037341'), 'uscc');
      expect(unknownAuthority.warnings).to.have.length(1);
      expect(unknownAuthority.warnings[0]).to.include('position 1 "B"');

      const unknownType = validateUscc(withCheck('94110000600037341'), 'uscc');
      expect(unknownType.warnings).to.have.length(1);
      expect(unknownType.warnings[0]).to.include('position 2 "4"').and.to.include('工商');

      const unknownRegion = validateUscc(withCheck('91999999600037341'), 'uscc');
      expect(unknownRegion.warnings).to.have.length(1);
      expect(unknownRegion.warnings[0]).to.include('positions 3–8 999999');
    });

    it('only warns when positions 9–17 fail the GB 11714 check (docs/domain.md §1.3 vectors)', () => {
      const passing = validateUscc('91350100M000100Y43', 'uscc');
      expect(passing.warnings).to.deep.equal([]); // M000100Y4 → 4 ✔
      const first17 = '91110000100000000';
      const failing = validateUscc(first17 + usccCheckChar(first17), 'uscc');
      expect(failing.warnings).to.have.length(1); // 100000000 → 8 ✘
      expect(failing.warnings[0]).to.include('GB 11714').and.to.include('should be "8"');
      // 10 → X: Σ = 4·3 = 12, 12 mod 11 = 1, 11 − 1 = 10
      expect(validateUscc(withCheckChar('91110000', '40000000', 'X'), 'uscc').warnings).to.deep.equal([]);
      const notX = validateUscc(withCheckChar('91110000', '40000000', '0'), 'uscc');
      expect(notX.warnings).to.have.length(1);
      expect(notX.warnings[0]).to.include('should be "X"');
      // 11 → 0: Σ = 0
      const zero = validateUscc(withCheckChar('91110000', '00000000', '0'), 'uscc');
      expect(zero.warnings).to.deep.equal([]);
    });
  });
});

/** Σ C_i·W_i for the first 17 characters, computed independently of the module. */
function sumOf(first17: string): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17.charAt(i)) * (3 ** i % 31);
  return sum;
}

function withCheckChar(head8: string, body8: string, orgCheck: string): string {
  const first17 = head8 + body8 + orgCheck;
  return first17 + usccCheckChar(first17);
}
