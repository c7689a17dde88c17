// Time for the contract test harness. Two clocks matter on a real network and the harness keeps
// them apart:
//  - the transaction timestamp, which the CLIENT writes into the proposal's channel header
//    (stub.getTxTimestamp()); every endorser sees the same value;
//  - the endorser's own clock, which the chaincode reads only to bound the client's timestamp
//    (docs/architecture.md §2: refuse more than 5 minutes of skew). The chaincode reads it through
//    chaincode/src/shared/clock.ts (`endorserNow`), which the harness replaces while a transaction
//    runs so tests can live at any date, far from the real one.

import * as chaincodeClock from '../../chaincode/src/shared/clock';
import { setEndorserClock } from '../../chaincode/src/shared/clock';

/** A protobuf-style timestamp, as the peer carries it. */
export interface TimestampParts {
  readonly seconds: number;
  readonly nanos: number;
}

const NANOS_PER_SECOND = 1_000_000_000n;
const ISO_WITH_FRACTION = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO-8601 instant, keeping up to nanosecond precision (Date keeps only milliseconds). */
export function parseTimestamp(value: string | Date): TimestampParts {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new Error('invalid Date');
    return fromEpochNanos(BigInt(ms) * 1_000_000n);
  }
  const m = ISO_WITH_FRACTION.exec(value);
  if (m) {
    const [, main, fraction, zone] = m;
    const ms = Date.parse(`${main ?? ''}${zone ?? ''}`);
    if (Number.isNaN(ms)) throw new Error(`invalid timestamp: ${value}`);
    const nanos = BigInt((fraction ?? '').padEnd(9, '0'));
    return fromEpochNanos(BigInt(ms) * 1_000_000n + nanos);
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`invalid timestamp: ${value}`);
  return fromEpochNanos(BigInt(ms) * 1_000_000n);
}

/** ISO-8601 form; sub-millisecond digits are printed only when present. */
export function formatTimestamp(ts: TimestampParts): string {
  const iso = new Date(ts.seconds * 1000 + Math.floor(ts.nanos / 1_000_000)).toISOString();
  if (ts.nanos % 1_000_000 === 0) return iso;
  return `${iso.slice(0, 19)}.${String(ts.nanos).padStart(9, '0')}Z`;
}

function fromEpochNanos(total: bigint): TimestampParts {
  let seconds = total / NANOS_PER_SECOND;
  let nanos = total % NANOS_PER_SECOND;
  if (nanos < 0n) {
    nanos += NANOS_PER_SECOND;
    seconds -= 1n;
  }
  return { seconds: Number(seconds), nanos: Number(nanos) };
}

function toEpochNanos(ts: TimestampParts): bigint {
  return BigInt(ts.seconds) * NANOS_PER_SECOND + BigInt(ts.nanos);
}

/** A clock the tests drive. It never moves by itself. */
export class TestClock {
  #nanos: bigint;

  constructor(start: string | Date) {
    this.#nanos = toEpochNanos(parseTimestamp(start));
  }

  /** The current instant (millisecond precision, as Date allows). */
  now(): Date {
    return new Date(Number(this.#nanos / 1_000_000n));
  }

  /** Milliseconds since the epoch, the unit of Date.now() and of the chaincode's `endorserNow`. */
  nowMillis(): number {
    return Number(this.#nanos / 1_000_000n);
  }

  nowTimestamp(): TimestampParts {
    return fromEpochNanos(this.#nanos);
  }

  toISOString(): string {
    return formatTimestamp(this.nowTimestamp());
  }

  /** Moves the clock by `seconds` (fractions allowed, negative allowed). */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds)) throw new Error(`advance: not a finite number of seconds: ${seconds}`);
    this.#nanos += BigInt(Math.round(seconds * 1e9));
  }

  set(instant: string | Date): void {
    this.#nanos = toEpochNanos(parseTimestamp(instant));
  }
}

/**
 * Runs `body` with the chaincode's endorser clock replaced by `nowMillis`, then puts back whatever
 * was installed before (normally `Date.now`). The endorser clock is process-wide, so callers must
 * not run two of these concurrently with different clocks (the TestNetwork serialises its
 * transactions for this reason).
 */
export async function withEndorserClock<T>(nowMillis: () => number, body: () => Promise<T>): Promise<T> {
  const previous = chaincodeClock.endorserNow;
  setEndorserClock(nowMillis);
  try {
    return await body();
  } finally {
    setEndorserClock(previous);
  }
}

export { setEndorserClock };
