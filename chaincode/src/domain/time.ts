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
