// Calendar dates in Asia/Shanghai, the time zone certificates are issued in: UTC+8 all year (China
// has had no daylight saving since 1991). Audit dates are such dates (YYYY-MM-DD, no time, no zone).
// These helpers date audits and surveillances (docs/contracts.md §2.3 recordAudit, §3.4 recordSurveillance).

import { invalidArgument } from '../shared/errors';
import { parseIso } from './time';

const OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an ISO-8601 UTC instant. */
export function shanghaiDateOf(iso: string, field = 'timestamp'): string {
  return new Date(parseIso(iso, field) + OFFSET_MS).toISOString().slice(0, 10);
}

/** Milliseconds of 00:00 Asia/Shanghai on `date`. */
function startMs(date: string, field: string): number {
  const m = typeof date === 'string' ? DATE.exec(date) : null;
  if (!m) throw invalidArgument(field, `must be a date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const [year, month, day] = m.slice(1, 4).map(Number) as [number, number, number];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw invalidArgument(field, `is not a real calendar date: ${date}`);
  }
  return ms - OFFSET_MS;
}

/** The instant `date` ends in Asia/Shanghai (24:00 that day, 16:00 UTC), in the canonical ISO form. */
export function endOfShanghaiDay(date: string, field = 'date'): string {
  return new Date(startMs(date, field) + DAY_MS).toISOString();
}

/** The instant `date` begins in Asia/Shanghai (00:00 that day, 16:00 UTC the day before). */
export function startOfShanghaiDay(date: string, field = 'date'): string {
  return new Date(startMs(date, field)).toISOString();
}
