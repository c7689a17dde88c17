// The consortium charter: its defaults (DESIGN §5.4, DOMAIN §4.5) and the validation of a proposed charter.

import { invalidArgument } from '../shared/errors';
import { Charter, Fraction, MEMBER_ROLES, MemberRole } from './types';

const DAY = 86_400;

// Durations are capped so that now + duration always stays inside the range Date can represent.
const MAX_DURATION_SECONDS = 100 * 366 * DAY;
const CREDENTIAL_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value as Record<string, unknown>)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * The charter a consortium starts with unless its founders give another. Frozen all the way down:
 * it is shared by every call, so an accidental write would change the rules for later transactions.
 */
export const DEFAULT_CHARTER: Readonly<Charter> = deepFreeze<Charter>({
  version: 1,
  quorum: {
    admission: { numerator: 2, denominator: 3 },
    // counted without the member to be expelled (see quorum.electorateFor)
    expulsion: { numerator: 2, denominator: 3 },
    charterChange: { numerator: 3, denominator: 4 },
    // exactly one half means a strict majority (see quorum.requiredYes)
    other: { numerator: 1, denominator: 2 },
  },
  votingPeriodSeconds: 7 * DAY,
  exitNoticeSeconds: 30 * DAY,
  minActiveMembers: 3,
  // a Raft cluster of 3 survives the loss of one orderer
  minOrderers: 3,
  admissionRequirements: {
    CERTIFICATION_BODY: ['cncaApprovalNo', 'accreditationNo'],
    ACCREDITATION_BODY: ['recognitionNo'],
    REGULATOR: [],
    OBSERVER: [],
  },
  auditorWorkload: { windowSeconds: 30 * DAY, maxManDays: 20 },
  durations: {
    // "暂停期限不超过六个月": 183 days covers the longest six calendar months
    maxSuspensionSeconds: 183 * DAY,
    // CNCA-QMS-01:2025: surveillance within 12 months of issue, then at most 12 months apart
    surveillanceIntervalSeconds: 365 * DAY,
    // three years, one of which may hold 29 February
    maxValiditySeconds: 1096 * DAY,
    // IAF MD 2: a withdrawn body's clients have six months to transfer
    transferWindowSeconds: 183 * DAY,
  },
  maxClockSkewSeconds: 300,
  // docs/random-inspection.md: two other members' reveals, so the regulator alone (or with one
  // member it trusts) cannot precompute a draw
  inspection: { commitPeriodSeconds: 3 * DAY, revealPeriodSeconds: 2 * DAY, minOtherReveals: 2 },
  // [BSC 6.2c] 即时和应急处置: the regulator stops writes at once; members resume them by vote
  regulatorMayPauseWrites: true,
});

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function objectWithKeys(value: unknown, field: string, keys: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(value)) throw invalidArgument(field, 'must be an object');
  const unknownKeys = Object.keys(value).filter((k) => !keys.includes(k)).sort();
  if (unknownKeys.length > 0) {
    throw invalidArgument(`${field}.${unknownKeys[0]}`, `is not a charter field; the fields are ${keys.join(', ')}`);
  }
  const missing = keys.filter((k) => value[k] === undefined);
  if (missing.length > 0) throw invalidArgument(`${field}.${missing[0]}`, 'is required');
  return value;
}

function positiveInteger(value: unknown, field: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw invalidArgument(field, `must be a positive integer, got ${JSON.stringify(value)}`);
  }
  if (value > max) throw invalidArgument(field, `must be at most ${max}, got ${value}`);
  return value;
}

function seconds(value: unknown, field: string): number {
  return positiveInteger(value, field, MAX_DURATION_SECONDS);
}

function fraction(value: unknown, field: string): Fraction {
  const f = objectWithKeys(value, field, ['numerator', 'denominator']);
  const numerator = positiveInteger(f.numerator, `${field}.numerator`, 1_000_000);
  const denominator = positiveInteger(f.denominator, `${field}.denominator`, 1_000_000);
  if (numerator > denominator) {
    throw invalidArgument(field, `${numerator}/${denominator} is above 1; a quorum is a fraction 0 < n/d ≤ 1`);
  }
  return { numerator, denominator };
}

function credentialNames(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw invalidArgument(field, 'must be an array of credential names (may be empty)');
  const seen = new Set<string>();
  return value.map((name, i) => {
    if (typeof name !== 'string' || !CREDENTIAL_NAME.test(name)) {
      throw invalidArgument(`${field}.${i}`, 'must be a credential name: a letter, then letters, digits or _ (at most 64)');
    }
    if (seen.has(name)) throw invalidArgument(`${field}.${i}`, `repeats ${name}`);
    seen.add(name);
    return name;
  });
}

/**
 * Checks a charter given as untrusted JSON (bootstrap or AMEND_CHARTER payload) and returns a fresh
 * copy holding exactly the charter's fields. Every field is required: a charter that silently
 * inherited defaults would not say what the members voted on.
 */
export function validateCharter(input: unknown, field: string): Charter {
  const c = objectWithKeys(input, field, [
    'version', 'quorum', 'votingPeriodSeconds', 'exitNoticeSeconds', 'minActiveMembers', 'minOrderers',
    'admissionRequirements', 'auditorWorkload', 'durations', 'maxClockSkewSeconds',
    'inspection', 'regulatorMayPauseWrites',
  ]);
  const q = objectWithKeys(c.quorum, `${field}.quorum`, ['admission', 'expulsion', 'charterChange', 'other']);
  const requirements = objectWithKeys(c.admissionRequirements, `${field}.admissionRequirements`, MEMBER_ROLES);
  const workload = objectWithKeys(c.auditorWorkload, `${field}.auditorWorkload`, ['windowSeconds', 'maxManDays']);
  const d = objectWithKeys(c.durations, `${field}.durations`, [
    'maxSuspensionSeconds', 'surveillanceIntervalSeconds', 'maxValiditySeconds', 'transferWindowSeconds',
  ]);

  const inspection = objectWithKeys(c.inspection, `${field}.inspection`, ['commitPeriodSeconds', 'revealPeriodSeconds', 'minOtherReveals']);
  if (typeof c.regulatorMayPauseWrites !== 'boolean') {
    throw invalidArgument(`${field}.regulatorMayPauseWrites`, `must be true or false, got ${JSON.stringify(c.regulatorMayPauseWrites)}`);
  }

  const maxManDays = workload.maxManDays;
  if (typeof maxManDays !== 'number' || !Number.isFinite(maxManDays) || maxManDays <= 0 || maxManDays > 1_000_000) {
    throw invalidArgument(`${field}.auditorWorkload.maxManDays`, `must be a positive number of man-days, got ${JSON.stringify(maxManDays)}`);
  }

  const admissionRequirements = {} as Record<MemberRole, string[]>;
  for (const role of MEMBER_ROLES) {
    admissionRequirements[role] = credentialNames(requirements[role], `${field}.admissionRequirements.${role}`);
  }

  return {
    version: positiveInteger(c.version, `${field}.version`),
    quorum: {
      admission: fraction(q.admission, `${field}.quorum.admission`),
      expulsion: fraction(q.expulsion, `${field}.quorum.expulsion`),
      charterChange: fraction(q.charterChange, `${field}.quorum.charterChange`),
      other: fraction(q.other, `${field}.quorum.other`),
    },
    votingPeriodSeconds: seconds(c.votingPeriodSeconds, `${field}.votingPeriodSeconds`),
    exitNoticeSeconds: seconds(c.exitNoticeSeconds, `${field}.exitNoticeSeconds`),
    minActiveMembers: positiveInteger(c.minActiveMembers, `${field}.minActiveMembers`, 10_000),
    minOrderers: positiveInteger(c.minOrderers, `${field}.minOrderers`, 10_000),
    admissionRequirements,
    auditorWorkload: {
      windowSeconds: seconds(workload.windowSeconds, `${field}.auditorWorkload.windowSeconds`),
      maxManDays,
    },
    durations: {
      maxSuspensionSeconds: seconds(d.maxSuspensionSeconds, `${field}.durations.maxSuspensionSeconds`),
      surveillanceIntervalSeconds: seconds(d.surveillanceIntervalSeconds, `${field}.durations.surveillanceIntervalSeconds`),
      maxValiditySeconds: seconds(d.maxValiditySeconds, `${field}.durations.maxValiditySeconds`),
      transferWindowSeconds: seconds(d.transferWindowSeconds, `${field}.durations.transferWindowSeconds`),
    },
    maxClockSkewSeconds: seconds(c.maxClockSkewSeconds, `${field}.maxClockSkewSeconds`),
    inspection: {
      commitPeriodSeconds: seconds(inspection.commitPeriodSeconds, `${field}.inspection.commitPeriodSeconds`),
      revealPeriodSeconds: seconds(inspection.revealPeriodSeconds, `${field}.inspection.revealPeriodSeconds`),
      minOtherReveals: positiveInteger(inspection.minOtherReveals, `${field}.inspection.minOtherReveals`, 10_000),
    },
    regulatorMayPauseWrites: c.regulatorMayPauseWrites,
  };
}
