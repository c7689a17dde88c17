// Time arithmetic on ISO-8601 UTC strings, so every rule that depends on time reads the transaction timestamp.

import { invalidArgument, preconditionFailed } from '../shared/errors';

// Only the UTC "Z" form is accepted: Date.parse also reads local-time and free-form strings, whose
// meaning depends on the endorser's time zone, and mixed offsets would make stored times incomparable.
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/**
 * Milliseconds since the epoch of an ISO-8601 UTC timestamp (`YYYY-MM-DDTHH:mm:ss[.fraction]Z`).
 * Digits below the millisecond are dropped. `field` names the argument in the error.
 */
export function parseIso(iso: string, field = 'timestamp'): number {
  const m = typeof iso === 'string' ? ISO_UTC.exec(iso) : null;
  if (!m) {
    throw invalidArgument(field, `must be an ISO-8601 UTC timestamp such as 2025-01-31T08:00:00Z, got ${JSON.stringify(iso)}`);
  }
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Number(((m[7] ?? '') + '000').slice(0, 3));
  const value = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC silently rolls 2025-02-30 over to March; a round trip catches impossible dates.
  const back = new Date(value);
  if (
    Number.isNaN(value) || hour > 23 || minute > 59 || second > 59 ||
    back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day
  ) {
    throw invalidArgument(field, `is not a real calendar time: ${iso}`);
  }
  return value;
}

function toIso(ms: number, field: string): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
    throw invalidArgument(field, 'the resulting time is outside the representable range');
  }
  return new Date(ms).toISOString();
}

/** The canonical `toISOString` form of an ISO-8601 UTC timestamp, so stored times compare equal as strings. */
export function canonicalIso(iso: string, field = 'timestamp'): string {
  return new Date(parseIso(iso, field)).toISOString();
}

/** `iso` moved by `seconds` (negative moves back), in the canonical `toISOString` form. */
export function addSeconds(iso: string, seconds: number): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
    throw invalidArgument('seconds', `must be a finite number, got ${String(seconds)}`);
  }
  return toIso(parseIso(iso) + seconds * 1000, 'seconds');
}

/** Seconds from `fromIso` to `toIso` (negative when `toIso` is earlier); millisecond precision. */
export function secondsBetween(fromIso: string, toIsoValue: string): number {
  return (parseIso(toIsoValue, 'to') - parseIso(fromIso, 'from')) / 1000;
}

/** True when `a` is strictly later than `b`. Compared as instants, not as strings, so `…00Z` equals `…00.000Z`. */
export function isAfter(a: string, b: string): boolean {
  return parseIso(a, 'a') > parseIso(b, 'b');
}

/**
 * Refuses a transaction timestamp too far from this endorser's clock. The timestamp is the client's
 * clock, so without this check a client could backdate or postdate every time rule. Each endorser
 * runs it with its own clock: a disagreement fails endorsement and never forks state.
 */
export function assertClockSkew(txTimestampIso: string, endorserNowMs: number, maxSkewSeconds: number): void {
  if (!Number.isFinite(endorserNowMs)) throw invalidArgument('endorserNowMs', 'must be a finite number of milliseconds');
  if (!Number.isFinite(maxSkewSeconds) || maxSkewSeconds < 0) {
    throw invalidArgument('maxSkewSeconds', 'must be a non-negative number of seconds');
  }
  const tx = parseIso(txTimestampIso, 'txTimestamp');
  const skewMs = Math.abs(tx - endorserNowMs);
  if (skewMs > maxSkewSeconds * 1000) {
    const direction = tx > endorserNowMs ? 'ahead' : 'behind';
    // Rounded up so that a refusal never reads "300 s ... the limit is 300 s".
    throw preconditionFailed(
      `transaction timestamp ${txTimestampIso} is ${Math.ceil(skewMs / 1000)} s from this endorser's clock (${direction}); ` +
        `the limit is ${maxSkewSeconds} s — check the client's clock`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// calendar periods (docs/contracts.md §1.7)
//
// The rules state their limits in calendar units: "暂停期限不超过六个月" (docs/domain.md §4.5), surveillance
// "within 12 months" (CNCA-QMS-01:2025 5.4.1.4), validity "3 years" (docs/domain.md §4.5), IAF MD 2's "six
// months". A fixed day count is wrong both ways (183 days is more than February–July and less than
// July–December), so these limits are ISO-8601 durations added on the calendar of Asia/Shanghai,
// the time zone certificates are issued in. China has kept UTC+8 all year since 1991 (no daylight
// saving), so the zone is a fixed offset; times before 1992 are not certificate times.

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** A calendar period: years, months and days on the Asia/Shanghai calendar, then exact seconds. */
export interface CalendarPeriod {
  years?: number;
  months?: number;
  days?: number;
  seconds?: number;
}

// P[nY][nM][nD][T[nH][nM][nS]], whole numbers only. Weeks, fractions and signs are not accepted.
const ISO_DURATION = /^P(?:(\d{1,9})Y)?(?:(\d{1,9})M)?(?:(\d{1,9})D)?(?:T(?:(\d{1,9})H)?(?:(\d{1,9})M)?(?:(\d{1,9})S)?)?$/;

/**
 * Reads an ISO-8601 duration such as `P6M`, `P3Y`, `P12M`, `P1Y6M`, `PT30S` or `P1DT12H`. The Y, M
 * and D parts are calendar arithmetic in Asia/Shanghai (addCalendarPeriod); the T part (H, M, S) is
 * exact seconds — that is how a test consortium runs the same rules on a compressed clock. At least
 * one part must be given, and the duration must not be zero.
 */
export function parseDuration(text: unknown, field = 'duration'): Required<CalendarPeriod> {
  const m = typeof text === 'string' ? ISO_DURATION.exec(text) : null;
  if (!m || text === 'P' || (typeof text === 'string' && text.endsWith('T'))) {
    throw invalidArgument(
      field,
      `must be an ISO-8601 duration such as P6M, P12M, P3Y or PT30S (whole numbers of Y, M, D, then T with H, M, S), got ${JSON.stringify(text)}`,
    );
  }
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((part: string | undefined) => (part === undefined ? 0 : Number(part))) as [number, number, number, number, number, number];
  const period = { years: y, months: mo, days: d, seconds: h * 3600 + mi * 60 + s };
  if (period.years + period.months + period.days + period.seconds === 0) {
    throw invalidArgument(field, `must be longer than zero, got ${JSON.stringify(text)}`);
  }
  return period;
}

function daysInMonth(year: number, monthIndex: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex + 1, 0);
  return d.getUTCDate();
}

/**
 * The same Asia/Shanghai wall-clock time `period` later: years and months first, then days, then
 * the exact seconds. End of month: when the target month is shorter than the start's day, the
 * result is the last day of the target month ("clamp"): 31 August + 6 months = 28 (or 29)
 * February, 31 January + 1 month = 28/29 February, 29 February + 1 year = 28 February. Days are
 * then added to that date (31 January + P1M1D = 1 March in a common year). Pure and deterministic.
 */
export function addCalendarPeriod(iso: string, period: CalendarPeriod): string {
  const { years = 0, months = 0, days = 0, seconds = 0 } = period;
  for (const [name, value] of [['years', years], ['months', months], ['days', days], ['seconds', seconds]] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (name !== 'seconds' && !Number.isInteger(value))) {
      throw invalidArgument(`period.${name}`, `must be a non-negative ${name === 'seconds' ? 'number' : 'whole number'}, got ${String(value)}`);
    }
  }
  // The Shanghai wall clock, read with the UTC getters of a shifted instant.
  const local = parseIso(iso) + SHANGHAI_OFFSET_MS;
  const timeOfDay = ((local % DAY_MS) + DAY_MS) % DAY_MS;
  const start = new Date(local);
  const monthCount = start.getUTCFullYear() * 12 + start.getUTCMonth() + years * 12 + months;
  const year = Math.floor(monthCount / 12);
  const monthIndex = monthCount - year * 12;
  const day = Math.min(start.getUTCDate(), daysInMonth(year, monthIndex));
  const target = new Date(0);
  target.setUTCFullYear(year, monthIndex, day);
  return toIso(target.getTime() + days * DAY_MS + timeOfDay - SHANGHAI_OFFSET_MS + seconds * 1000, 'period');
}

/** `iso` moved forward by an ISO-8601 duration (parseDuration, addCalendarPeriod). */
export function addDuration(iso: string, duration: string, field = 'duration'): string {
  return addCalendarPeriod(iso, parseDuration(duration, field));
}

/** A length of time for a message: whole days as days, anything else in seconds. */
export function describeSeconds(seconds: number): string {
  if (seconds !== 0 && seconds % 86_400 === 0) return `${seconds / 86_400} day${seconds === 86_400 ? '' : 's'}`;
  return `${seconds} s`;
}
