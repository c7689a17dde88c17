// Unit tests for SHA-256/SM3 digests and digest validation.

import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { digestHex, sha256Hex, validateDigest } from '../../../../chaincode/src/domain/hash';
import { expectInvalid } from '../../../support/expect-code';


const ABC_SM3 = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';
const ABCD16_SM3 = 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732';
// FIPS 180-2 appendix B.1
const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('domain/hash', () => {
  describe('digestHex', () => {
    it('matches the GB/T 32905 SM3 vectors (docs/domain.md §5.2)', () => {
      expect(digestHex('sm3', 'abc')).to.equal(ABC_SM3);
      expect(digestHex('sm3', 'abcd'.repeat(16))).to.equal(ABCD16_SM3);
      expect(digestHex('sm3', Buffer.from('abc', 'ascii'))).to.equal(ABC_SM3);
    });

    it('matches the FIPS 180-2 SHA-256 vector', () => {
      expect(digestHex('sha256', 'abc')).to.equal(ABC_SHA256);
      expect(sha256Hex(new Uint8Array([0x61, 0x62, 0x63]))).to.equal(ABC_SHA256);
      expect(sha256Hex('')).to.equal('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    });

    it('hashes strings as UTF-8', () => {
      const text = '证书编号00122Q31234R1M';
      expect(digestHex('sm3', text)).to.equal(createHash('sm3').update(Buffer.from(text, 'utf8')).digest('hex'));
      expect(digestHex('sm3', text)).to.match(/^a4f03c71[0-9a-f]{52}47ed$/); // docs/domain.md §5.2 (abbreviated there)
    });

    it('refuses an algorithm outside HASH_ALGS', () => {
      expectInvalid(() => digestHex('md5' as never, 'abc'), 'alg', 'sha256, sm3');
    });
  });

  describe('validateDigest', () => {
    it('returns a clean digest object', () => {
      expect(validateDigest({ alg: 'sm3', value: ABC_SM3 }, 'record.digest')).to.deep.equal({ alg: 'sm3', value: ABC_SM3 });
    });

    it('rejects unknown algorithms and keys', () => {
      expectInvalid(() => validateDigest({ alg: 'md5', value: ABC_SM3 }, 'record.digest'), 'record.digest.alg', 'one of sha256, sm3');
      expectInvalid(() => validateDigest({ alg: 'SM3', value: ABC_SM3 }, 'record.digest'), 'record.digest.alg', 'got "SM3"');
      expectInvalid(() => validateDigest({ alg: 'sm3', value: ABC_SM3, extra: 1 }, 'record.digest'), 'record.digest', '"extra"');
      expectInvalid(() => validateDigest('sm3:' + ABC_SM3, 'record.digest'), 'record.digest', 'must be a JSON object');
    });

    it('rejects uppercase hex with a hint to lowercase it', () => {
      expectInvalid(() => validateDigest({ alg: 'sm3', value: ABC_SM3.toUpperCase() }, 'record.digest'), 'record.digest.value', 'must be lowercase hex', 'lowercase the value');
    });

    it('rejects wrong lengths and non-hex values', () => {
      expectInvalid(() => validateDigest({ alg: 'sha256', value: ABC_SHA256.slice(1) }, 'd'), 'd.value', 'exactly 64 hex characters', 'got 63 characters');
      expectInvalid(() => validateDigest({ alg: 'sha256', value: `${ABC_SHA256.slice(1)}g` }, 'd'), 'd.value', 'non-hex');
      expectInvalid(() => validateDigest({ alg: 'sha256', value: 42 }, 'd'), 'd.value', 'got number');
      expectInvalid(() => validateDigest({ alg: 'sha256' }, 'd'), 'd.value', 'got undefined');
    });
  });
});
