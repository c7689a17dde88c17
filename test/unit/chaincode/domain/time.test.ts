// Unit tests of the ISO-8601 time helpers and the clock-skew guard.

import { expect } from 'chai';
import {
  addCalendarPeriod, addDuration, addSeconds, assertClockSkew, canonicalIso, describeSeconds, isAfter, parseDuration, parseIso,
  secondsBetween,
} from '../../../../chaincode/src/domain/time';
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

  describe('addCalendarPeriod (Asia/Shanghai calendar, end of month clamped)', () => {
    // 00:00 in Shanghai is 16:00 UTC the day before
    const shanghai = (date: string, time = '00:00:00.000'): string => {
      const ms = Date.parse(`${date}T${time}Z`) - 8 * 3_600_000;
      return new Date(ms).toISOString();
    };

    it('keeps the wall-clock time and moves by calendar months and years', () => {
      expect(addCalendarPeriod('2025-02-01T02:00:00Z', { months: 6 })).to.equal('2025-08-01T02:00:00.000Z');
      expect(addCalendarPeriod('2025-07-01T02:00:00Z', { months: 6 })).to.equal('2026-01-01T02:00:00.000Z');
      expect(addCalendarPeriod('2025-01-01T00:00:00Z', { years: 3 })).to.equal('2028-01-01T00:00:00.000Z');
      expect(addCalendarPeriod('2023-06-01T02:00:00Z', { months: 12 })).to.equal('2024-06-01T02:00:00.000Z');
      expect(addCalendarPeriod('2025-11-15T02:00:00.123Z', { months: 3 })).to.equal('2026-02-15T02:00:00.123Z');
      expect(addCalendarPeriod('2025-03-10T02:00:00Z', { years: 1, months: 13 })).to.equal('2027-04-10T02:00:00.000Z');
    });

    it('counts the date in Shanghai, not in UTC', () => {
      // 2025-02-28T20:00Z is 1 March 04:00 in Shanghai: a month later is 1 April 04:00 there
      expect(addCalendarPeriod('2025-02-28T20:00:00Z', { months: 1 })).to.equal('2025-03-31T20:00:00.000Z');
      // midnight of 1 February in Shanghai + 6 months = midnight of 1 August in Shanghai
      expect(addCalendarPeriod(shanghai('2025-02-01'), { months: 6 })).to.equal(shanghai('2025-08-01'));
      // 31 January 00:30 in Shanghai (30 January in UTC) clamps to 28 February in Shanghai
      expect(addCalendarPeriod(shanghai('2025-01-31', '00:30:00.000'), { months: 1 })).to.equal(shanghai('2025-02-28', '00:30:00.000'));
    });

    it('clamps to the last day of a shorter target month', () => {
      expect(addCalendarPeriod('2025-08-31T02:00:00Z', { months: 6 })).to.equal('2026-02-28T02:00:00.000Z');
      expect(addCalendarPeriod('2023-08-31T02:00:00Z', { months: 6 })).to.equal('2024-02-29T02:00:00.000Z');
      expect(addCalendarPeriod('2025-01-31T02:00:00Z', { months: 1 })).to.equal('2025-02-28T02:00:00.000Z');
      expect(addCalendarPeriod('2024-01-31T02:00:00Z', { months: 1 })).to.equal('2024-02-29T02:00:00.000Z');
      expect(addCalendarPeriod('2025-03-31T02:00:00Z', { months: 1 })).to.equal('2025-04-30T02:00:00.000Z');
      expect(addCalendarPeriod('2024-02-29T02:00:00Z', { years: 1 })).to.equal('2025-02-28T02:00:00.000Z');
      expect(addCalendarPeriod('2024-02-29T02:00:00Z', { years: 4 })).to.equal('2028-02-29T02:00:00.000Z');
      expect(addCalendarPeriod('2024-02-29T02:00:00Z', { months: 12 })).to.equal('2025-02-28T02:00:00.000Z');
    });

    it('adds days after the months, then the exact seconds', () => {
      expect(addCalendarPeriod('2025-01-31T02:00:00Z', { months: 1, days: 1 })).to.equal('2025-03-01T02:00:00.000Z');
      expect(addCalendarPeriod('2024-12-31T02:00:00Z', { days: 60 })).to.equal('2025-03-01T02:00:00.000Z');
      expect(addCalendarPeriod('2025-01-01T00:00:00Z', { seconds: 30 })).to.equal('2025-01-01T00:00:30.000Z');
      expect(addCalendarPeriod('2025-01-01T00:00:00Z', { days: 1, seconds: 43_200 })).to.equal('2025-01-02T12:00:00.000Z');
      expect(addCalendarPeriod('2025-01-01T00:00:00Z', {})).to.equal('2025-01-01T00:00:00.000Z');
    });

    it('refuses negative or fractional calendar parts and a bad timestamp', () => {
      expectCode(() => addCalendarPeriod('2025-01-01T00:00:00Z', { months: -1 }), 'INVALID_ARGUMENT', 'period.months');
      expectCode(() => addCalendarPeriod('2025-01-01T00:00:00Z', { years: 0.5 }), 'INVALID_ARGUMENT', 'period.years');
      expectCode(() => addCalendarPeriod('2025-01-01T00:00:00Z', { seconds: Number.NaN }), 'INVALID_ARGUMENT', 'period.seconds');
      expectCode(() => addCalendarPeriod('2025-01-01', { months: 1 }), 'INVALID_ARGUMENT');
      expectCode(() => addCalendarPeriod('9999-12-01T00:00:00Z', { years: 300_000 }), 'INVALID_ARGUMENT', 'range');
    });
  });

  describe('parseDuration and addDuration', () => {
    it('reads calendar parts and an exact time part', () => {
      expect(parseDuration('P6M')).to.deep.equal({ years: 0, months: 6, days: 0, seconds: 0 });
      expect(parseDuration('P3Y')).to.deep.equal({ years: 3, months: 0, days: 0, seconds: 0 });
      expect(parseDuration('P1Y2M3DT4H5M6S')).to.deep.equal({ years: 1, months: 2, days: 3, seconds: 4 * 3600 + 5 * 60 + 6 });
      expect(parseDuration('PT30S')).to.deep.equal({ years: 0, months: 0, days: 0, seconds: 30 });
      expect(parseDuration('PT2M')).to.deep.equal({ years: 0, months: 0, days: 0, seconds: 120 });
    });

    for (const bad of ['', 'P', 'PT', 'P6MT', '6M', 'P-1M', '-P1M', 'P1.5M', 'P1W', 'p6m', 'P6m', 'P6M ', 'PT1M2H', 'P0M', 'PT0S', 'P0Y0M0DT0S']) {
      it(`refuses ${JSON.stringify(bad)} naming the field`, () => {
        expectCode(() => parseDuration(bad, 'charter.durations.maxSuspension'), 'INVALID_ARGUMENT', 'charter.durations.maxSuspension');
      });
    }

    it('refuses a number', () => {
      expectCode(() => parseDuration(15_811_200, 'd'), 'INVALID_ARGUMENT', 'ISO-8601 duration');
    });

    it('adds a duration string', () => {
      expect(addDuration('2025-02-01T02:00:00Z', 'P6M')).to.equal('2025-08-01T02:00:00.000Z');
      expect(addDuration('2025-02-01T02:00:00Z', 'PT30S')).to.equal('2025-02-01T02:00:30.000Z');
      expectCode(() => addDuration('2025-02-01T02:00:00Z', 'six months', 'charter.durations.maxSuspension'), 'INVALID_ARGUMENT', 'charter.durations.maxSuspension');
    });
  });

  describe('canonicalIso and describeSeconds', () => {
    it('writes the canonical form and readable lengths', () => {
      expect(canonicalIso('2025-01-01T00:00:00Z')).to.equal('2025-01-01T00:00:00.000Z');
      expect(describeSeconds(86_400)).to.equal('1 day');
      expect(describeSeconds(120 * 86_400)).to.equal('120 days');
      expect(describeSeconds(20)).to.equal('20 s');
      expect(describeSeconds(0)).to.equal('0 s');
    });
  });
});
