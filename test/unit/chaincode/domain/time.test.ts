// Unit tests of the ISO-8601 time helpers and the clock-skew guard.

import { expect } from 'chai';
import { addSeconds, assertClockSkew, isAfter, parseIso, secondsBetween } from '../../../../chaincode/src/domain/time';
import { expectCode } from '../../../support/expect-code';


describe('domain/time', () => {
  describe('parseIso', () => {
    it('reads UTC timestamps with and without fractions', () => {
      expect(parseIso('2025-01-01T00:00:00Z')).to.equal(Date.UTC(2025, 0, 1));
      expect(parseIso('2025-01-01T00:00:00.5Z')).to.equal(Date.UTC(2025, 0, 1, 0, 0, 0, 500));
      // Fabric timestamps have nanoseconds; digits below the millisecond are dropped
      expect(parseIso('2025-01-01T00:00:00.123456789Z')).to.equal(Date.UTC(2025, 0, 1, 0, 0, 0, 123));
      expect(parseIso('2024-02-29T23:59:59.999Z')).to.equal(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    });

    for (const bad of [
      '2025-01-01', '2025-01-01T00:00:00', '2025-01-01T00:00:00+08:00', '2025-01-01 00:00:00Z',
      'Jan 1 2025', '2025-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2025-01-01T24:00:00Z',
      '2025-01-01T00:60:00Z', '2025-13-01T00:00:00Z', '',
    ]) {
      it(`refuses ${JSON.stringify(bad)} naming the field`, () => {
        expectCode(() => parseIso(bad, 'suspendedUntil'), 'INVALID_ARGUMENT', 'suspendedUntil');
      });
    }

    it('refuses a non-string', () => {
      expectCode(() => parseIso(12 as unknown as string, 'at'), 'INVALID_ARGUMENT', 'at');
    });
  });

  describe('addSeconds', () => {
    it('moves forward and back in the canonical form', () => {
      expect(addSeconds('2025-01-01T00:00:00Z', 60)).to.equal('2025-01-01T00:01:00.000Z');
      expect(addSeconds('2025-01-01T00:00:00Z', -1)).to.equal('2024-12-31T23:59:59.000Z');
      expect(addSeconds('2024-02-28T12:00:00.000Z', 86_400)).to.equal('2024-02-29T12:00:00.000Z');
      expect(addSeconds('2025-01-01T00:00:00Z', 0.25)).to.equal('2025-01-01T00:00:00.250Z');
    });

    it('refuses a non-finite amount and a result out of range', () => {
      expectCode(() => addSeconds('2025-01-01T00:00:00Z', Number.NaN), 'INVALID_ARGUMENT', 'seconds');
      expectCode(() => addSeconds('2025-01-01T00:00:00Z', Number.POSITIVE_INFINITY), 'INVALID_ARGUMENT', 'seconds');
      expectCode(() => addSeconds('2025-01-01T00:00:00Z', 1e15), 'INVALID_ARGUMENT', 'range');
    });

    it('refuses a bad timestamp', () => {
      expectCode(() => addSeconds('yesterday', 1), 'INVALID_ARGUMENT');
    });
  });

  describe('secondsBetween', () => {
    it('is signed and millisecond-precise', () => {
      expect(secondsBetween('2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z')).to.equal(86_400);
      expect(secondsBetween('2025-01-02T00:00:00Z', '2025-01-01T00:00:00Z')).to.equal(-86_400);
      expect(secondsBetween('2025-01-01T00:00:00Z', '2025-01-01T00:00:00.500Z')).to.equal(0.5);
      // 2024 is a leap year: 1 Jan 2024 → 1 Jan 2027 is 1096 days
      expect(secondsBetween('2024-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).to.equal(1096 * 86_400);
    });
  });

  describe('isAfter', () => {
    it('compares instants, not strings', () => {
      expect(isAfter('2025-01-01T00:00:01Z', '2025-01-01T00:00:00Z')).to.equal(true);
      expect(isAfter('2025-01-01T00:00:00Z', '2025-01-01T00:00:01Z')).to.equal(false);
      // the same instant in two spellings is not "after" in either direction
      expect(isAfter('2025-01-01T00:00:00Z', '2025-01-01T00:00:00.000Z')).to.equal(false);
      expect(isAfter('2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00Z')).to.equal(false);
      // lexically '...00.1Z' < '...00Z' but it is later
      expect(isAfter('2025-01-01T00:00:00.100Z', '2025-01-01T00:00:00Z')).to.equal(true);
    });
  });

  describe('assertClockSkew', () => {
    const tx = '2025-06-01T12:00:00.000Z';
    const txMs = Date.UTC(2025, 5, 1, 12);

    it('accepts a timestamp up to the limit either way', () => {
      expect(() => assertClockSkew(tx, txMs, 300)).not.to.throw();
      expect(() => assertClockSkew(tx, txMs + 300_000, 300)).not.to.throw();
      expect(() => assertClockSkew(tx, txMs - 300_000, 300)).not.to.throw();
    });

    it('refuses a client clock behind the endorser by more than the limit', () => {
      const message = expectCode(() => assertClockSkew(tx, txMs + 301_000, 300), 'PRECONDITION_FAILED');
      expect(message).to.include(`transaction timestamp ${tx} is 301 s from this endorser's clock (behind)`);
      expect(message).to.include('the limit is 300 s');
      expect(message).to.include("check the client's clock");
    });

    it('refuses a client clock ahead by more than the limit, rounding the gap up', () => {
      const message = expectCode(() => assertClockSkew(tx, txMs - 300_001, 300), 'PRECONDITION_FAILED');
      expect(message).to.include('is 301 s from this endorser\'s clock (ahead)');
    });

    it('refuses bad arguments', () => {
      expectCode(() => assertClockSkew('now', txMs, 300), 'INVALID_ARGUMENT', 'txTimestamp');
      expectCode(() => assertClockSkew(tx, Number.NaN, 300), 'INVALID_ARGUMENT', 'endorserNowMs');
      expectCode(() => assertClockSkew(tx, txMs, -1), 'INVALID_ARGUMENT', 'maxSkewSeconds');
    });
  });
});
