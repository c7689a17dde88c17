// Validation of untrusted JSON transaction arguments: every check throws invalidArgument naming the field.

import { invalidArgument } from '../shared/errors';

export const MAX_ARG_BYTES = 64 * 1024;
export const MAX_PLAINTEXT_BYTES = 16 * 1024;
export const MAX_KEY_PART_LENGTH = 256;

const DEFAULT_STRING_MAX = 1024;
// Large enough for the biggest list the contracts take (a 1,000-item anchor batch); callers
// that accept fewer pass their own max.
const DEFAULT_ARRAY_MAX = 1000;

export interface StringOptions {
  /** minimum length in Unicode code points (default 1) */
  min?: number;
  /** maximum length in Unicode code points (default 1024) */
  max?: number;
  pattern?: RegExp;
  /** said instead of the raw regex when the pattern does not match */
  patternHint?: string;
  /** a document's text: \r (CRLF line ends) is allowed as well as \n and \t */
  document?: boolean;
}

/** A short, safe description of a rejected value for an error message. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** JSON-quotes a value and cuts it short: error messages must not echo a 64 KiB argument back. */
function quote(s: string): string {
  const cut = s.length > 40 ? `${s.slice(0, 40)}…` : s;
  return JSON.stringify(cut);
}

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

// A lone surrogate cannot be encoded as UTF-8; Fabric would store U+FFFD instead, so the stored
// value would silently differ from what the client sent.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 controls except \t and \n, DEL and the C1 controls.
// eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
const CONTROL_EXCEPT_TAB_LF = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
// Documents (plaintext evidence) may also carry \r: Windows line ends are part of what is hashed.
// eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
const CONTROL_EXCEPT_TAB_LF_CR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
const ANY_CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // a well-formed pair is one code point; skip its low half
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function characters(n: number): string {
  return `${n} character${n === 1 ? '' : 's'}`;
}

function checkCharacters(s: string, field: string, forbidden: RegExp, allowedNote: string): void {
  const surrogate = LONE_SURROGATE.exec(s);
  if (surrogate) {
    throw invalidArgument(field, `contains an unpaired UTF-16 surrogate at index ${surrogate.index}; send valid Unicode text`);
  }
  const control = forbidden.exec(s);
  if (control) {
    throw invalidArgument(
      field,
      `contains the control character ${codePoint(control[0])} at index ${control.index}; ${allowedNote}`,
    );
  }
}

export function parseJsonArg(arg: string, field: string, maxBytes = MAX_ARG_BYTES): unknown {
  if (typeof arg !== 'string') {
    throw invalidArgument(field, `must be a JSON string argument; got ${describe(arg)}`);
  }
  // A string of n UTF-16 units is at most 3n UTF-8 bytes, so most arguments need no byte count.
  const bytes = arg.length * 3 <= maxBytes ? 0 : Buffer.byteLength(arg, 'utf8');
  if (bytes > maxBytes) {
    throw invalidArgument(field, `must be at most ${maxBytes} bytes of UTF-8 JSON; got ${bytes} bytes`);
  }
  try {
    return JSON.parse(arg) as unknown;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw invalidArgument(field, `is not valid JSON (${detail})`);
  }
}

export function requireObject(value: unknown, field: string, allowedKeys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidArgument(field, `must be a JSON object; got ${describe(value)}`);
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    throw invalidArgument(field, 'must be a plain JSON object');
  }
  const unknown = Object.keys(value).filter((k) => !allowedKeys.includes(k));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).map(quote).join(', ') + (unknown.length > 5 ? `, … (${unknown.length} in all)` : '');
    const allowed = allowedKeys.length > 0 ? allowedKeys.join(', ') : '(none)';
    throw invalidArgument(field, `has unknown key${unknown.length > 1 ? 's' : ''} ${shown}; allowed keys: ${allowed}`);
  }
  return value as Record<string, unknown>;
}

export function requireString(value: unknown, field: string, opts: StringOptions = {}): string {
  const min = opts.min ?? 1;
  const max = opts.max ?? DEFAULT_STRING_MAX;
  if (typeof value !== 'string') {
    throw invalidArgument(field, `must be a string; got ${describe(value)}`);
  }
  const length = codePointLength(value);
  if (length < min || length > max) {
    const bounds = min === max ? `exactly ${characters(min)}` : length < min ? `at least ${characters(min)}` : `at most ${characters(max)}`;
    throw invalidArgument(field, `must be ${bounds}; got ${length}`);
  }
  if (opts.document === true) {
    checkCharacters(value, field, CONTROL_EXCEPT_TAB_LF_CR, 'only \\r, \\n and \\t are allowed');
  } else {
    checkCharacters(value, field, CONTROL_EXCEPT_TAB_LF, 'only \\n and \\t are allowed');
  }
  if (opts.pattern) {
    const { pattern } = opts;
    // a global or sticky regex keeps state between test() calls
    pattern.lastIndex = 0;
    if (!pattern.test(value)) {
      throw invalidArgument(field, `must match ${opts.patternHint ?? `/${pattern.source}/`}; got ${quote(value)}`);
    }
  }
  return value;
}

export function optionalString(value: unknown, field: string, opts: StringOptions = {}): string | undefined {
  if (value === undefined || value === null) return undefined;
  return requireString(value, field, opts);
}

export function requireEnum<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidArgument(field, `must be one of ${allowed.join(', ')}; got ${describe(value)}`);
  }
  return value as T;
}

export function requireInt(value: unknown, field: string, opts: { min?: number; max?: number } = {}): number {
  const min = opts.min ?? Number.MIN_SAFE_INTEGER;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw invalidArgument(field, `must be an integer (a JSON number, not a string); got ${describe(value)}`);
  }
  if (value < min || value > max) {
    throw invalidArgument(field, `must be from ${min} to ${max}; got ${value}`);
  }
  // -0 and 0 serialise alike, but Object.is would tell them apart in later comparisons
  return value === 0 ? 0 : value;
}

export function requireArray(value: unknown, field: string, opts: { min?: number; max?: number } = {}): unknown[] {
  const min = opts.min ?? 0;
  const max = opts.max ?? DEFAULT_ARRAY_MAX;
  if (!Array.isArray(value)) {
    throw invalidArgument(field, `must be an array; got ${describe(value)}`);
  }
  if (value.length < min || value.length > max) {
    const bound = value.length < min ? min : max;
    const bounds = `${value.length < min ? 'at least' : 'at most'} ${bound} item${bound === 1 ? '' : 's'}`;
    throw invalidArgument(field, `must have ${bounds}; got ${value.length}`);
  }
  return value;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{3})?Z$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function requireIsoTimestamp(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw invalidArgument(field, `must be an ISO-8601 UTC timestamp string; got ${describe(value)}`);
  }
  const m = ISO_TIMESTAMP.exec(value);
  if (!m) {
    throw invalidArgument(field, `must be an ISO-8601 UTC timestamp YYYY-MM-DDTHH:mm:ss[.sss]Z; got ${quote(value)}`);
  }
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (!isRealDate(year, month, day)) {
    throw invalidArgument(field, `is not a real calendar date; got ${quote(value)}`);
  }
  if (hour > 23 || minute > 59 || second > 59) {
    throw invalidArgument(field, `has a time out of range (hours 00–23, minutes and seconds 00–59); got ${quote(value)}`);
  }
  return new Date(value).toISOString();
}

export function requireIsoDate(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw invalidArgument(field, `must be an ISO-8601 date string; got ${describe(value)}`);
  }
  const m = ISO_DATE.exec(value);
  if (!m) {
    throw invalidArgument(field, `must be an ISO-8601 date YYYY-MM-DD; got ${quote(value)}`);
  }
  const [year, month, day] = m.slice(1, 4).map(Number) as [number, number, number];
  if (!isRealDate(year, month, day)) {
    throw invalidArgument(field, `is not a real calendar date; got ${quote(value)}`);
  }
  return value;
}

export function keyPart(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw invalidArgument(field, `must be a string; got ${describe(value)}`);
  }
  if (value.length === 0) {
    throw invalidArgument(field, 'must not be empty');
  }
  const length = codePointLength(value);
  if (length > MAX_KEY_PART_LENGTH) {
    throw invalidArgument(field, `must be at most ${characters(MAX_KEY_PART_LENGTH)}; got ${length}`);
  }
  // Fabric delimits composite keys with U+0000 and uses U+10FFFF as the range end.
  checkCharacters(value, field, ANY_CONTROL, 'key parts must not contain U+0000 or any other control character');
  const max = value.indexOf('\u{10FFFF}');
  if (max >= 0) {
    throw invalidArgument(field, `contains U+10FFFF at index ${max}, which Fabric reserves in composite keys`);
  }
  return value;
}
