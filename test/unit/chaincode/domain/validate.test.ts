// Unit tests for the generic argument validators.

import { expect } from 'chai';
import {
  MAX_ARG_BYTES,
  MAX_KEY_PART_LENGTH,
  MAX_PLAINTEXT_BYTES,
  keyPart,
  optionalString,
  parseJsonArg,
  requireArray,
  requireEnum,
  requireInt,
  requireIsoDate,
  requireIsoTimestamp,
  requireObject,
  requireString,
} from '../../../../chaincode/src/domain/validate';
import { expectInvalid } from '../../../support/expect-code';


describe('domain/validate', () => {
  it('has the documented caps', () => {
    expect(MAX_ARG_BYTES).to.equal(65536);
    expect(MAX_PLAINTEXT_BYTES).to.equal(16384);
    expect(MAX_KEY_PART_LENGTH).to.equal(256);
  });

  describe('parseJsonArg', () => {
    it('parses valid JSON', () => {
      expect(parseJsonArg('{"a":[1,"x"]}', 'record')).to.deep.equal({ a: [1, 'x'] });
      expect(parseJsonArg('42', 'n')).to.equal(42);
    });

    it('rejects malformed JSON naming the field', () => {
      expectInvalid(() => parseJsonArg('{"a":', 'record'), 'record', 'is not valid JSON');
      expectInvalid(() => parseJsonArg('', 'record'), 'record', 'is not valid JSON');
    });

    it('rejects a non-string argument', () => {
      expectInvalid(() => parseJsonArg(42 as unknown as string, 'record'), 'record', 'must be a JSON string');
    });

    it('caps the size in UTF-8 bytes, not characters', () => {
      const ascii = JSON.stringify('a'.repeat(MAX_ARG_BYTES - 2));
      expect(Buffer.byteLength(ascii)).to.equal(MAX_ARG_BYTES);
      expect(parseJsonArg(ascii, 'record')).to.have.length(MAX_ARG_BYTES - 2);
      expectInvalid(() => parseJsonArg(JSON.stringify('a'.repeat(MAX_ARG_BYTES - 1)), 'record'), 'record', `at most ${MAX_ARG_BYTES} bytes`, `got ${MAX_ARG_BYTES + 1} bytes`);
      // 100 Chinese characters: 100 UTF-16 units but 300 bytes
      const chinese = JSON.stringify('证'.repeat(100));
      expect(parseJsonArg(chinese, 'content', 302)).to.equal('证'.repeat(100));
      expectInvalid(() => parseJsonArg(chinese, 'content', 301), 'content', 'at most 301 bytes', 'got 302 bytes');
    });
  });

  describe('requireObject', () => {
    it('returns a plain object with allowed keys', () => {
      const value = { a: 1, b: 'x' };
      expect(requireObject(value, 'record', ['a', 'b', 'c'])).to.equal(value);
    });

    it('rejects non-objects', () => {
      expectInvalid(() => requireObject(null, 'record', []), 'record', 'must be a JSON object', 'got null');
      expectInvalid(() => requireObject([1], 'record', []), 'record', 'got an array');
      expectInvalid(() => requireObject('x', 'record', []), 'record', 'got "x"');
      expectInvalid(() => requireObject(new Date(0), 'record', []), 'record', 'plain JSON object');
    });

    it('names the unknown keys and the allowed ones', () => {
      const reason = expectInvalid(
        () => requireObject({ a: 1, extra: 2, other: 3 }, 'record.subject', ['a', 'b']),
        'record.subject',
        '"extra"',
        '"other"',
        'allowed keys: a, b',
      );
      expect(reason).to.include('unknown keys');
    });

    it('treats a JSON "__proto__" key as unknown', () => {
      const parsed = parseJsonArg('{"__proto__":{"admin":true}}', 'record');
      expectInvalid(() => requireObject(parsed, 'record', ['a']), 'record', '"__proto__"');
    });
  });

  describe('requireString', () => {
    it('accepts strings within the default bounds', () => {
      expect(requireString('x', 'name')).to.equal('x');
      expect(requireString('a'.repeat(1024), 'name')).to.have.length(1024);
      expect(requireString('line1\nline2\tend', 'name')).to.equal('line1\nline2\tend');
    });

    it('rejects non-strings, empty and over-long strings', () => {
      expectInvalid(() => requireString(5, 'name'), 'name', 'must be a string', 'got number 5');
      expectInvalid(() => requireString(undefined, 'name'), 'name', 'got undefined');
      expectInvalid(() => requireString('', 'name'), 'name', 'at least 1 character; got 0');
      expectInvalid(() => requireString('a'.repeat(1025), 'name'), 'name', 'at most 1024 characters; got 1025');
    });

    it('counts code points, not UTF-16 units', () => {
      const emoji = '😀'.repeat(3);
      expect(emoji.length).to.equal(6);
      expect(requireString(emoji, 'name', { max: 3 })).to.equal(emoji);
      expectInvalid(() => requireString(emoji, 'name', { max: 2 }), 'name', 'got 3');
    });

    it('honours min and max, reporting exact lengths', () => {
      expectInvalid(() => requireString('abc', 'code', { min: 6, max: 6 }), 'code', 'exactly 6 characters; got 3');
      expect(requireString('abcdef', 'code', { min: 6, max: 6 })).to.equal('abcdef');
    });

    it('rejects control characters other than \\n and \\t', () => {
      expectInvalid(() => requireString('a\u0000b', 'name'), 'name', 'U+0000 at index 1');
      expectInvalid(() => requireString('a\rb', 'name'), 'name', 'U+000D');
      expectInvalid(() => requireString('a\u007Fb', 'name'), 'name', 'U+007F');
      expectInvalid(() => requireString('a\u0085b', 'name'), 'name', 'U+0085');
    });

    it('rejects unpaired surrogates', () => {
      expectInvalid(() => requireString('a\uD800b', 'name'), 'name', 'unpaired UTF-16 surrogate at index 1');
      expectInvalid(() => requireString('\uDC00', 'name'), 'name', 'unpaired');
    });

    it('checks a pattern with its hint, also for global regexes used repeatedly', () => {
      const pattern = /^[A-Z]+$/g;
      expect(requireString('ABC', 'code', { pattern })).to.equal('ABC');
      expect(requireString('ABC', 'code', { pattern })).to.equal('ABC');
      expectInvalid(() => requireString('abc', 'code', { pattern, patternHint: 'uppercase letters' }), 'code', 'must match uppercase letters', 'got "abc"');
      expectInvalid(() => requireString('abc', 'code', { pattern: /^\d+$/ }), 'code', 'must match /^\\d+$/');
    });

    it('does not echo a huge value back', () => {
      const reason = expectInvalid(() => requireString('x'.repeat(5000), 'name', { max: 10000, pattern: /^y/ }), 'name');
      expect(reason.length).to.be.below(200);
    });
  });

  describe('optionalString', () => {
    it('maps undefined and null to undefined and validates the rest', () => {
      expect(optionalString(undefined, 'uri')).to.equal(undefined);
      expect(optionalString(null, 'uri')).to.equal(undefined);
      expect(optionalString('https://x', 'uri')).to.equal('https://x');
      expectInvalid(() => optionalString('', 'uri'), 'uri', 'at least 1');
      expectInvalid(() => optionalString(3, 'uri'), 'uri', 'must be a string');
    });
  });

  describe('requireEnum', () => {
    it('accepts allowed values and lists them on rejection', () => {
      const allowed = ['digest', 'plaintext', 'private'] as const;
      expect(requireEnum('plaintext', 'record.form', allowed)).to.equal('plaintext');
      expectInvalid(() => requireEnum('DIGEST', 'record.form', allowed), 'record.form', 'one of digest, plaintext, private', 'got "DIGEST"');
      expectInvalid(() => requireEnum(1, 'record.form', allowed), 'record.form', 'got number 1');
    });
  });

  describe('requireInt', () => {
    it('accepts safe integers in range', () => {
      expect(requireInt(0, 'n')).to.equal(0);
      expect(requireInt(39, 'n', { min: 1, max: 39 })).to.equal(39);
      expect(Object.is(requireInt(-0, 'n'), 0)).to.equal(true);
    });

    it('rejects fractions, strings, NaN and unsafe integers', () => {
      expectInvalid(() => requireInt(1.5, 'n'), 'n', 'must be an integer');
      expectInvalid(() => requireInt('5', 'n'), 'n', 'not a string', 'got "5"');
      expectInvalid(() => requireInt(Number.NaN, 'n'), 'n', 'must be an integer');
      expectInvalid(() => requireInt(2 ** 53, 'n'), 'n', 'must be an integer');
    });

    it('enforces min and max', () => {
      expectInvalid(() => requireInt(0, 'scopeCodes[0]', { min: 1, max: 39 }), 'scopeCodes[0]', 'from 1 to 39; got 0');
      expectInvalid(() => requireInt(40, 'scopeCodes[0]', { min: 1, max: 39 }), 'scopeCodes[0]', 'got 40');
    });
  });

  describe('requireArray', () => {
    it('accepts arrays within bounds', () => {
      expect(requireArray([], 'items')).to.deep.equal([]);
      expect(requireArray([1, 2], 'items', { min: 1, max: 2 })).to.deep.equal([1, 2]);
      expect(requireArray(new Array(1000).fill(0), 'items')).to.have.length(1000);
    });

    it('rejects non-arrays and bad lengths', () => {
      expectInvalid(() => requireArray({ length: 1 }, 'items'), 'items', 'must be an array', 'got an object');
      expectInvalid(() => requireArray([], 'items', { min: 1 }), 'items', 'at least 1 item; got 0');
      expectInvalid(() => requireArray([1, 2, 3], 'items', { max: 2 }), 'items', 'at most 2 items; got 3');
      expectInvalid(() => requireArray(new Array(1001).fill(0), 'items'), 'items', 'at most 1000 items');
    });
  });

  describe('requireIsoTimestamp', () => {
    it('normalises valid UTC timestamps to toISOString form', () => {
      expect(requireIsoTimestamp('2024-02-29T23:59:59Z', 't')).to.equal('2024-02-29T23:59:59.000Z');
      expect(requireIsoTimestamp('2025-01-01T00:00:00.123Z', 't')).to.equal('2025-01-01T00:00:00.123Z');
    });

    it('rejects other shapes and offsets', () => {
      for (const bad of ['2025-01-01', '2025-01-01T00:00:00', '2025-01-01T00:00:00+08:00', '2025-01-01 00:00:00Z', '2025-01-01T00:00:00.1Z', '2025-1-01T00:00:00Z', ' 2025-01-01T00:00:00Z']) {
        expectInvalid(() => requireIsoTimestamp(bad, 'record.occurredAt'), 'record.occurredAt', 'YYYY-MM-DDTHH:mm:ss[.sss]Z');
      }
      expectInvalid(() => requireIsoTimestamp(1700000000000, 't'), 't', 'got number');
    });

    it('rejects impossible dates and times', () => {
      expectInvalid(() => requireIsoTimestamp('2023-02-29T00:00:00Z', 't'), 't', 'not a real calendar date');
      expectInvalid(() => requireIsoTimestamp('1900-02-29T00:00:00Z', 't'), 't', 'not a real calendar date');
      expectInvalid(() => requireIsoTimestamp('2025-04-31T00:00:00Z', 't'), 't', 'not a real calendar date');
      expectInvalid(() => requireIsoTimestamp('2025-13-01T00:00:00Z', 't'), 't', 'not a real calendar date');
      expectInvalid(() => requireIsoTimestamp('2025-01-01T24:00:00Z', 't'), 't', 'out of range');
      expectInvalid(() => requireIsoTimestamp('2016-12-31T23:59:60Z', 't'), 't', 'out of range');
      expect(requireIsoTimestamp('2000-02-29T12:00:00Z', 't')).to.equal('2000-02-29T12:00:00.000Z');
    });
  });

  describe('requireIsoDate', () => {
    it('accepts real dates unchanged', () => {
      expect(requireIsoDate('2024-02-29', 'audit.startDate')).to.equal('2024-02-29');
    });

    it('rejects malformed and impossible dates', () => {
      expectInvalid(() => requireIsoDate('2024-2-29', 'audit.startDate'), 'audit.startDate', 'YYYY-MM-DD');
      expectInvalid(() => requireIsoDate('2024-02-29T00:00:00Z', 'audit.startDate'), 'audit.startDate', 'YYYY-MM-DD');
      expectInvalid(() => requireIsoDate('2023-02-29', 'audit.startDate'), 'audit.startDate', 'not a real calendar date');
      expectInvalid(() => requireIsoDate('2023-00-10', 'audit.startDate'), 'audit.startDate', 'not a real calendar date');
      expectInvalid(() => requireIsoDate(null, 'audit.startDate'), 'audit.startDate', 'got null');
    });
  });

  describe('keyPart', () => {
    it('accepts ordinary identifiers up to the limit', () => {
      expect(keyPart('00122Q31234R1M', 'certificateNo')).to.equal('00122Q31234R1M');
      expect(keyPart('证书-1', 'id')).to.equal('证书-1');
      expect(keyPart('k'.repeat(MAX_KEY_PART_LENGTH), 'id')).to.have.length(MAX_KEY_PART_LENGTH);
    });

    it('rejects empty, over-long and non-string parts', () => {
      expectInvalid(() => keyPart('', 'id'), 'id', 'must not be empty');
      expectInvalid(() => keyPart('k'.repeat(MAX_KEY_PART_LENGTH + 1), 'id'), 'id', `at most ${MAX_KEY_PART_LENGTH} characters; got 257`);
      expectInvalid(() => keyPart(7, 'id'), 'id', 'must be a string');
    });

    it('rejects U+0000, every other control character and U+10FFFF', () => {
      expectInvalid(() => keyPart('a\u0000b', 'id'), 'id', 'U+0000 at index 1');
      expectInvalid(() => keyPart('a\nb', 'id'), 'id', 'U+000A');
      expectInvalid(() => keyPart('a\tb', 'id'), 'id', 'U+0009');
      expectInvalid(() => keyPart('a\u{10FFFF}', 'id'), 'id', 'U+10FFFF at index 1');
      expectInvalid(() => keyPart('a\uDBFF', 'id'), 'id', 'unpaired');
    });
  });
});

describe('requireString for documents', () => {
  it('accepts CRLF line ends in a document but not in an ordinary field, and still refuses other controls', () => {
    expect(requireString('line 1\r\nline 2', 'record.content', { document: true })).to.equal('line 1\r\nline 2');
    expect(() => requireString('line 1\r\nline 2', 'name')).to.throw(/U\+000D/);
    expect(() => requireString('bell\u0007', 'record.content', { document: true })).to.throw(/U\+0007/);
  });
});
