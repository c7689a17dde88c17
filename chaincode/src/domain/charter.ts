// The consortium charter: its defaults (docs/architecture.md §5, docs/domain.md §4.5) and the validation of a proposed charter.

import { invalidArgument } from '../shared/errors';
import { parseDuration } from './time';
import { OWN_FAULT_WITHDRAWAL_CODES, reasonLabel } from './dictionaries/reason-codes';
import { Charter, Fraction, MANAGEMENT_SYSTEM_SCHEMES, MEMBER_MEASURES, MEMBER_ROLES, MemberMeasure, MemberRole, SCHEMES, Scheme } from './types';

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
  // Calendar periods on the Asia/Shanghai calendar (time.ts addCalendarPeriod), not day counts.
  durations: {
    // "暂停期限不超过六个月" (docs/domain.md §4.5), counted over the whole certification cycle
    maxSuspension: 'P6M',
    // CNCA-QMS-01:2025 5.4.1.4: surveillance within 12 months of issue, then at most 12 months apart
    surveillanceInterval: 'P12M',
    maxValidity: {
      // management systems: 3 years (docs/domain.md §4.5, the ISO/IEC 17021-1 §9.1.3 cycle)
      QMS: 'P3Y', EMS: 'P3Y', OHSMS: 'P3Y', ISMS: 'P3Y', ITSMS: 'P3Y', EnMS: 'P3Y', FSMS: 'P3Y', HACCP: 'P3Y',
      // [BSC 8.1b] service certification: surveillance at least yearly, re-evaluation at least every three years
      SERVICE: 'P3Y',
      // product certification: 5 years, the validity of a CCC certificate (强制性产品认证管理规定 第二十二条)
      PRODUCT: 'P5Y',
      // anything else: the three-year cycle, until the charter says otherwise
      OTHER: 'P3Y',
    },
    // IAF MD 2: a withdrawn body's clients have six months to transfer
    transferWindow: 'P6M',
  },
  maxClockSkewSeconds: 300,
  // member suspension, reinstatement and expulsion are the members' to decide; the regulator
  // suspends or reinstates a body's right to issue alone, as an administrative measure
  measuresNeedingVote: ['EXPEL_MEMBER', 'SUSPEND_MEMBER', 'REINSTATE_MEMBER'],
  issueBar: {
    // CNCA-QMS-01:2025 5.1.2: at least one year, on the calendar of docs/contracts.md §1.7
    afterWithdrawal: 'P1Y',
    withdrawalReasonCodes: [...OWN_FAULT_WITHDRAWAL_CODES],
  },
  // CNCA-QMS-01:2025 5.4.1.4: at least 2 surveillance audits per cycle, checked at recertification
  minSurveillancesPerCycle: 2,
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

// The longest calendar period a charter may give, measured with the longest months and years.
function duration(value: unknown, field: string): string {
  const period = parseDuration(value, field);
  const longest = (period.years * 366 + period.months * 31 + period.days) * DAY + period.seconds;
  if (longest > MAX_DURATION_SECONDS) throw invalidArgument(field, `must be at most 100 years, got ${String(value)}`);
  return value as string;
}

/** 0 (no minimum) to 12 surveillance audits per cycle. */
function surveillanceCount(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > 12) {
    throw invalidArgument(field, `must be a whole number of surveillance audits from 0 to 12, got ${JSON.stringify(value)}`);
  }
  return value;
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

function measures(value: unknown, field: string): MemberMeasure[] {
  if (!Array.isArray(value)) throw invalidArgument(field, `must be an array of measures from ${MEMBER_MEASURES.join(', ')}`);
  const seen = new Set<string>();
  const out = value.map((m, i) => {
    if (typeof m !== 'string' || !(MEMBER_MEASURES as readonly string[]).includes(m)) {
      throw invalidArgument(`${field}.${i}`, `must be one of ${MEMBER_MEASURES.join(', ')}, got ${JSON.stringify(m)}`);
    }
    if (seen.has(m)) throw invalidArgument(`${field}.${i}`, `repeats ${m}`);
    seen.add(m);
    return m as MemberMeasure;
  });
  // an expulsion removes a member from the consortium: never one member's decision [BSC 5.4]
  if (!seen.has('EXPEL_MEMBER')) throw invalidArgument(field, 'must list EXPEL_MEMBER: an expulsion always needs a vote');
  return out;
}

function withdrawalCodes(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw invalidArgument(field, 'must be an array of withdrawal reason codes (docs/domain.md §4.4; may be empty)');
  const seen = new Set<string>();
  return value.map((code, i) => {
    if (typeof code !== 'string' || reasonLabel('WITHDRAWAL', code) === undefined) {
      throw invalidArgument(`${field}.${i}`, `must be a withdrawal reason code of docs/domain.md §4.4 (0101–0199), got ${JSON.stringify(code)}`);
    }
    if (seen.has(code)) throw invalidArgument(`${field}.${i}`, `repeats ${code}`);
    seen.add(code);
    return code;
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
    'measuresNeedingVote', 'issueBar', 'minSurveillancesPerCycle', 'inspection', 'regulatorMayPauseWrites',
  ]);
  const bar = objectWithKeys(c.issueBar, `${field}.issueBar`, ['afterWithdrawal', 'withdrawalReasonCodes']);
  const q = objectWithKeys(c.quorum, `${field}.quorum`, ['admission', 'expulsion', 'charterChange', 'other']);
  const requirements = objectWithKeys(c.admissionRequirements, `${field}.admissionRequirements`, MEMBER_ROLES);
  const workload = objectWithKeys(c.auditorWorkload, `${field}.auditorWorkload`, ['windowSeconds', 'maxManDays']);
  const d = objectWithKeys(c.durations, `${field}.durations`, ['maxSuspension', 'surveillanceInterval', 'maxValidity', 'transferWindow']);
  const validity = objectWithKeys(d.maxValidity, `${field}.durations.maxValidity`, SCHEMES);
  const maxValidity = {} as Record<Scheme, string>;
  for (const scheme of SCHEMES) maxValidity[scheme] = duration(validity[scheme], `${field}.durations.maxValidity.${scheme}`);

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
      maxSuspension: duration(d.maxSuspension, `${field}.durations.maxSuspension`),
      surveillanceInterval: duration(d.surveillanceInterval, `${field}.durations.surveillanceInterval`),
      maxValidity,
      transferWindow: duration(d.transferWindow, `${field}.durations.transferWindow`),
    },
    maxClockSkewSeconds: seconds(c.maxClockSkewSeconds, `${field}.maxClockSkewSeconds`),
    measuresNeedingVote: measures(c.measuresNeedingVote, `${field}.measuresNeedingVote`),
    issueBar: {
      afterWithdrawal: duration(bar.afterWithdrawal, `${field}.issueBar.afterWithdrawal`),
      withdrawalReasonCodes: withdrawalCodes(bar.withdrawalReasonCodes, `${field}.issueBar.withdrawalReasonCodes`),
    },
    minSurveillancesPerCycle: surveillanceCount(c.minSurveillancesPerCycle, `${field}.minSurveillancesPerCycle`),
    inspection: {
      commitPeriodSeconds: seconds(inspection.commitPeriodSeconds, `${field}.inspection.commitPeriodSeconds`),
      revealPeriodSeconds: seconds(inspection.revealPeriodSeconds, `${field}.inspection.revealPeriodSeconds`),
      minOtherReveals: positiveInteger(inspection.minOtherReveals, `${field}.inspection.minOtherReveals`, 10_000),
    },
    regulatorMayPauseWrites: c.regulatorMayPauseWrites,
  };
}

/**
 * A charter as stored by an earlier release, read with the fields this release added: a ledger
 * initialised by it holds durations in seconds (`maxSuspensionSeconds` …) and lacks the
 * newer parameters. Old durations become the same exact number of seconds (`PT…S`): the members
 * voted on those. The maximum validity applied to the management systems only, so the other
 * schemes get this release's default cap [BSC 8.1b]. Missing parameters take their defaults.
 * A charter already in the current form comes back unchanged; AMEND_CHARTER stores the current
 * form. Pure and deterministic, so every endorser reads the same charter.
 */
export function upgradeStoredCharter(stored: Charter): Charter {
  const raw = stored as unknown as Record<string, unknown>;
  const current = typeof (raw.durations as Record<string, unknown> | undefined)?.maxSuspension === 'string' &&
    Object.keys(DEFAULT_CHARTER).every((key) => raw[key] !== undefined);
  if (current) return stored;
  const oldDurations = (raw.durations ?? {}) as Record<string, unknown>;
  const seconds = (name: string): string | undefined => {
    const value = oldDurations[name];
    return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? `PT${value}S` : undefined;
  };
  let durations = stored.durations;
  if (typeof oldDurations.maxSuspension !== 'string') {
    const validity = seconds('maxValiditySeconds');
    const maxValidity = { ...DEFAULT_CHARTER.durations.maxValidity };
    if (validity !== undefined) for (const scheme of MANAGEMENT_SYSTEM_SCHEMES) maxValidity[scheme] = validity;
    durations = {
      maxSuspension: seconds('maxSuspensionSeconds') ?? DEFAULT_CHARTER.durations.maxSuspension,
      surveillanceInterval: seconds('surveillanceIntervalSeconds') ?? DEFAULT_CHARTER.durations.surveillanceInterval,
      maxValidity,
      transferWindow: seconds('transferWindowSeconds') ?? DEFAULT_CHARTER.durations.transferWindow,
    };
  }
  const defaults = structuredClone(DEFAULT_CHARTER) as Charter;
  return { ...defaults, ...structuredClone(stored), durations: structuredClone(durations) };
}
