// Unit tests of the default charter and of validateCharter.

import { assert, expect } from 'chai';
import { DEFAULT_CHARTER, upgradeStoredCharter, validateCharter } from '../../../../chaincode/src/domain/charter';
import { Charter } from '../../../../chaincode/src/domain/types';
import { expectCode } from '../../../support/expect-code';


const DAY = 86_400;

/** A charter as a proposal's JSON: any key may be set to any value, to break it on purpose. */
type CharterJson = Record<string, unknown>;

/** A mutable deep copy of the default charter as JSON, the way a proposal payload arrives. */
function charterJson(): CharterJson {
  return JSON.parse(JSON.stringify(DEFAULT_CHARTER)) as CharterJson;
}

const isObject = (value: unknown): value is CharterJson => typeof value === 'object' && value !== null && !Array.isArray(value);
const member = (c: CharterJson, path: readonly string[]): unknown =>
  path.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), c);

/** The object at PATH inside C (as in the default charter), failing the test when it is not one. */
function obj(c: CharterJson, ...path: string[]): CharterJson {
  const node = member(c, path);
  if (!isObject(node)) assert.fail(`charter.${path.join('.')} is not an object`);
  return node;
}

/** The list at PATH inside C (as in the default charter), failing the test when it is not one. */
function list(c: CharterJson, ...path: string[]): unknown[] {
  const node = member(c, path);
  if (!Array.isArray(node)) assert.fail(`charter.${path.join('.')} is not a list`);
  return node;
}

describe('domain/charter', () => {
  describe('DEFAULT_CHARTER', () => {
    it('holds the defaults of docs/architecture.md §5 and docs/domain.md §4.5', () => {
      expect(DEFAULT_CHARTER).to.deep.equal({
        version: 1,
        quorum: {
          admission: { numerator: 2, denominator: 3 },
          expulsion: { numerator: 2, denominator: 3 },
          charterChange: { numerator: 3, denominator: 4 },
          other: { numerator: 1, denominator: 2 },
        },
        votingPeriodSeconds: 7 * DAY,
        exitNoticeSeconds: 30 * DAY,
        minActiveMembers: 3,
        minOrderers: 3,
        admissionRequirements: {
          CERTIFICATION_BODY: ['cncaApprovalNo', 'accreditationNo'],
          ACCREDITATION_BODY: ['recognitionNo'],
          REGULATOR: [],
          OBSERVER: [],
        },
        auditorWorkload: { windowSeconds: 30 * DAY, maxManDays: 20 },
        durations: {
          maxSuspension: 'P6M',
          surveillanceInterval: 'P12M',
          maxValidity: {
            QMS: 'P3Y', EMS: 'P3Y', OHSMS: 'P3Y', ISMS: 'P3Y', ITSMS: 'P3Y', EnMS: 'P3Y', FSMS: 'P3Y', HACCP: 'P3Y',
            SERVICE: 'P3Y', PRODUCT: 'P5Y', OTHER: 'P3Y',
          },
          transferWindow: 'P6M',
        },
        maxClockSkewSeconds: 300,
        measuresNeedingVote: ['EXPEL_MEMBER', 'SUSPEND_MEMBER', 'REINSTATE_MEMBER'],
        issueBar: {
          afterWithdrawal: 'P1Y',
          withdrawalReasonCodes: ['0101', '0112', '0113', '0114', '0115', '0116', '0117', '0118', '0119', '0121'],
        },
        minSurveillancesPerCycle: 2,
        inspection: { commitPeriodSeconds: 3 * DAY, revealPeriodSeconds: 2 * DAY, minOtherReveals: 2 },
        regulatorMayPauseWrites: true,
      } satisfies Charter);
    });

    it('is frozen all the way down', () => {
      expect(Object.isFrozen(DEFAULT_CHARTER)).to.equal(true);
      expect(Object.isFrozen(DEFAULT_CHARTER.quorum.admission)).to.equal(true);
      expect(Object.isFrozen(DEFAULT_CHARTER.admissionRequirements.CERTIFICATION_BODY)).to.equal(true);
      expect(() => {
        (DEFAULT_CHARTER.durations as { maxSuspension: string }).maxSuspension = 'PT1S';
      }).to.throw(TypeError);
      expect(() => {
        (DEFAULT_CHARTER.durations.maxValidity as Record<string, string>).SERVICE = 'P99Y';
      }).to.throw(TypeError);
      expect(DEFAULT_CHARTER.durations.maxSuspension).to.equal('P6M');
    });

    it('passes its own validation', () => {
      const checked = validateCharter(DEFAULT_CHARTER, 'charter');
      expect(checked).to.deep.equal(DEFAULT_CHARTER);
      expect(checked).not.to.equal(DEFAULT_CHARTER);
      expect(Object.isFrozen(checked.quorum)).to.equal(false);
    });
  });

  describe('validateCharter', () => {
    it('accepts a compressed-clock test charter and returns a fresh copy', () => {
      const input = charterJson();
      input.version = 7;
      input.votingPeriodSeconds = 30;
      input.exitNoticeSeconds = 60;
      input.durations = {
        maxSuspension: 'PT20S', surveillanceInterval: 'PT40S', transferWindow: 'PT20S',
        maxValidity: { ...obj(input, 'durations', 'maxValidity'), QMS: 'PT2M', SERVICE: 'P1DT12H', PRODUCT: 'P1Y6M' },
      };
      input.auditorWorkload = { windowSeconds: 10, maxManDays: 2.5 };
      obj(input, 'quorum').other = { numerator: 1, denominator: 1 };
      input.measuresNeedingVote = ['EXPEL_MEMBER'];
      input.issueBar = { afterWithdrawal: 'PT60S', withdrawalReasonCodes: [] };
      const before = structuredClone(input);
      const checked = validateCharter(input, 'charter');
      expect(checked.version).to.equal(7);
      expect(checked.durations.maxSuspension).to.equal('PT20S');
      expect(checked.durations.maxValidity).to.include({ QMS: 'PT2M', SERVICE: 'P1DT12H', PRODUCT: 'P1Y6M', EMS: 'P3Y' });
      expect(checked.auditorWorkload.maxManDays).to.equal(2.5);
      expect(input).to.deep.equal(before);
      checked.admissionRequirements.REGULATOR.push('x');
      expect(obj(input, 'admissionRequirements').REGULATOR).to.deep.equal([]);
    });

    const cases: { name: string; change: (c: CharterJson) => void; field: string }[] = [
      { name: 'a missing version', change: (c) => delete c.version, field: 'charter.version' },
      { name: 'version 0', change: (c) => (c.version = 0), field: 'charter.version' },
      { name: 'a fractional version', change: (c) => (c.version = 1.5), field: 'charter.version' },
      { name: 'a string version', change: (c) => (c.version = '1'), field: 'charter.version' },
      { name: 'an unknown top-level key', change: (c) => (c.extra = 1), field: 'charter.extra' },
      { name: 'an unknown quorum key', change: (c) => (obj(c, 'quorum').veto = { numerator: 1, denominator: 1 }), field: 'charter.quorum.veto' },
      { name: 'a missing quorum', change: (c) => delete obj(c, 'quorum').other, field: 'charter.quorum.other' },
      { name: 'a zero numerator', change: (c) => (obj(c, 'quorum', 'admission').numerator = 0), field: 'charter.quorum.admission.numerator' },
      { name: 'a zero denominator', change: (c) => (obj(c, 'quorum', 'admission').denominator = 0), field: 'charter.quorum.admission.denominator' },
      { name: 'a fraction above 1', change: (c) => (obj(c, 'quorum').expulsion = { numerator: 4, denominator: 3 }), field: 'charter.quorum.expulsion' },
      { name: 'a non-integer numerator', change: (c) => (obj(c, 'quorum', 'charterChange').numerator = 1.5), field: 'charter.quorum.charterChange.numerator' },
      { name: 'an extra fraction key', change: (c) => (obj(c, 'quorum', 'other').percent = 50), field: 'charter.quorum.other.percent' },
      { name: 'zero voting period', change: (c) => (c.votingPeriodSeconds = 0), field: 'charter.votingPeriodSeconds' },
      { name: 'a negative notice', change: (c) => (c.exitNoticeSeconds = -1), field: 'charter.exitNoticeSeconds' },
      { name: 'a duration in seconds', change: (c) => (obj(c, 'durations').maxSuspension = 15_811_200), field: 'charter.durations.maxSuspension' },
      { name: 'a zero duration', change: (c) => (obj(c, 'durations').maxSuspension = 'P0M'), field: 'charter.durations.maxSuspension' },
      { name: 'a zero test-clock duration', change: (c) => (obj(c, 'durations').transferWindow = 'PT0S'), field: 'charter.durations.transferWindow' },
      { name: 'a negative duration', change: (c) => (obj(c, 'durations').surveillanceInterval = '-P12M'), field: 'charter.durations.surveillanceInterval' },
      { name: 'a negative part', change: (c) => (obj(c, 'durations').surveillanceInterval = 'P-12M'), field: 'charter.durations.surveillanceInterval' },
      { name: 'a fractional part', change: (c) => (obj(c, 'durations').maxSuspension = 'P5.5M'), field: 'charter.durations.maxSuspension' },
      { name: 'a malformed duration', change: (c) => (obj(c, 'durations').maxSuspension = '6 months'), field: 'charter.durations.maxSuspension' },
      { name: 'an empty T part', change: (c) => (obj(c, 'durations').maxSuspension = 'P6MT'), field: 'charter.durations.maxSuspension' },
      { name: 'lowercase units', change: (c) => (obj(c, 'durations').maxSuspension = 'p6m'), field: 'charter.durations.maxSuspension' },
      { name: 'weeks', change: (c) => (obj(c, 'durations').maxSuspension = 'P26W'), field: 'charter.durations.maxSuspension' },
      { name: 'an absurd duration', change: (c) => (obj(c, 'durations', 'maxValidity').QMS = 'P101Y'), field: 'charter.durations.maxValidity.QMS' },
      { name: 'an absurd test-clock duration', change: (c) => (obj(c, 'durations').transferWindow = 'PT3200000000S'), field: 'charter.durations.transferWindow' },
      { name: 'an unknown duration', change: (c) => (obj(c, 'durations').graceSeconds = 1), field: 'charter.durations.graceSeconds' },
      { name: 'an old seconds field', change: (c) => (obj(c, 'durations').maxSuspensionSeconds = 15_811_200), field: 'charter.durations.maxSuspensionSeconds' },
      { name: 'a scheme without a validity', change: (c) => delete obj(c, 'durations', 'maxValidity').SERVICE, field: 'charter.durations.maxValidity.SERVICE' },
      { name: 'an unknown scheme', change: (c) => (obj(c, 'durations', 'maxValidity').ISO9001 = 'P3Y'), field: 'charter.durations.maxValidity.ISO9001' },
      { name: 'maxValidity not a map', change: (c) => (obj(c, 'durations').maxValidity = 'P3Y'), field: 'charter.durations.maxValidity' },
      { name: 'minActiveMembers 0', change: (c) => (c.minActiveMembers = 0), field: 'charter.minActiveMembers' },
      { name: 'minOrderers 0', change: (c) => (c.minOrderers = 0), field: 'charter.minOrderers' },
      { name: 'an unknown role', change: (c) => (obj(c, 'admissionRequirements').AUDITOR = []), field: 'charter.admissionRequirements.AUDITOR' },
      { name: 'a missing role', change: (c) => delete obj(c, 'admissionRequirements').OBSERVER, field: 'charter.admissionRequirements.OBSERVER' },
      { name: 'requirements not a list', change: (c) => (obj(c, 'admissionRequirements').REGULATOR = 'x'), field: 'charter.admissionRequirements.REGULATOR' },
      { name: 'a bad credential name', change: (c) => (obj(c, 'admissionRequirements').REGULATOR = ['has space']), field: 'charter.admissionRequirements.REGULATOR.0' },
      { name: 'a repeated credential', change: (c) => (obj(c, 'admissionRequirements').ACCREDITATION_BODY = ['a', 'a']), field: 'charter.admissionRequirements.ACCREDITATION_BODY.1' },
      { name: 'zero maxManDays', change: (c) => (obj(c, 'auditorWorkload').maxManDays = 0), field: 'charter.auditorWorkload.maxManDays' },
      { name: 'a zero window', change: (c) => (obj(c, 'auditorWorkload').windowSeconds = 0), field: 'charter.auditorWorkload.windowSeconds' },
      { name: 'zero clock skew', change: (c) => (c.maxClockSkewSeconds = 0), field: 'charter.maxClockSkewSeconds' },
      { name: 'a missing measuresNeedingVote', change: (c) => delete c.measuresNeedingVote, field: 'charter.measuresNeedingVote' },
      { name: 'an unknown measure', change: (c) => list(c, 'measuresNeedingVote').push('BAN_MEMBER'), field: 'charter.measuresNeedingVote.3' },
      { name: 'a repeated measure', change: (c) => list(c, 'measuresNeedingVote').push('SUSPEND_MEMBER'), field: 'charter.measuresNeedingVote.3' },
      { name: 'an expulsion without a vote', change: (c) => (c.measuresNeedingVote = ['SUSPEND_MEMBER']), field: 'charter.measuresNeedingVote' },
      { name: 'a missing issueBar', change: (c) => delete c.issueBar, field: 'charter.issueBar' },
      { name: 'a zero bar', change: (c) => (obj(c, 'issueBar').afterWithdrawal = 'P0D'), field: 'charter.issueBar.afterWithdrawal' },
      { name: 'a suspension code as a withdrawal code', change: (c) => list(c, 'issueBar', 'withdrawalReasonCodes').push('0100'), field: 'charter.issueBar.withdrawalReasonCodes.10' },
      { name: 'a repeated withdrawal code', change: (c) => list(c, 'issueBar', 'withdrawalReasonCodes').push('0112'), field: 'charter.issueBar.withdrawalReasonCodes.10' },
      { name: 'an unknown issueBar key', change: (c) => (obj(c, 'issueBar').suspensionReasonCodes = []), field: 'charter.issueBar.suspensionReasonCodes' },
      { name: 'a negative surveillance minimum', change: (c) => (c.minSurveillancesPerCycle = -1), field: 'charter.minSurveillancesPerCycle' },
      { name: 'a fractional surveillance minimum', change: (c) => (c.minSurveillancesPerCycle = 1.5), field: 'charter.minSurveillancesPerCycle' },
      { name: 'more than 12 surveillances a cycle', change: (c) => (c.minSurveillancesPerCycle = 13), field: 'charter.minSurveillancesPerCycle' },
      { name: 'no surveillance minimum', change: (c) => delete c.minSurveillancesPerCycle, field: 'charter.minSurveillancesPerCycle' },
      { name: 'a missing inspection block', change: (c) => delete c.inspection, field: 'charter.inspection' },
      { name: 'a zero commit period', change: (c) => (obj(c, 'inspection').commitPeriodSeconds = 0), field: 'charter.inspection.commitPeriodSeconds' },
      { name: 'a missing reveal period', change: (c) => delete obj(c, 'inspection').revealPeriodSeconds, field: 'charter.inspection.revealPeriodSeconds' },
      { name: 'no other reveals needed', change: (c) => (obj(c, 'inspection').minOtherReveals = 0), field: 'charter.inspection.minOtherReveals' },
      { name: 'an unknown inspection key', change: (c) => (obj(c, 'inspection').seed = 'x'), field: 'charter.inspection.seed' },
      { name: 'a pause right given as text', change: (c) => (c.regulatorMayPauseWrites = 'yes'), field: 'charter.regulatorMayPauseWrites' },
      { name: 'a missing pause right', change: (c) => delete c.regulatorMayPauseWrites, field: 'charter.regulatorMayPauseWrites' },
    ];
    for (const { name, change, field } of cases) {
      it(`refuses ${name} naming ${field}`, () => {
        const input = charterJson();
        change(input);
        const before = structuredClone(input);
        const message = expectCode(() => validateCharter(input, 'charter'), 'INVALID_ARGUMENT');
        expect(message.startsWith(`${field}:`), message).to.equal(true);
        expect(input).to.deep.equal(before);
      });
    }

    it('accepts 0 to 12 surveillance audits per cycle (0: no minimum at recertification)', () => {
      for (const n of [0, 2, 12]) {
        const input = charterJson();
        input.minSurveillancesPerCycle = n;
        expect(validateCharter(input, 'charter').minSurveillancesPerCycle).to.equal(n);
      }
    });

    it('refuses null, a string and an array', () => {
      expectCode(() => validateCharter([1, 2], 'payload.charter'), 'INVALID_ARGUMENT', 'payload.charter');
      expectCode(() => validateCharter(null, 'payload.charter'), 'INVALID_ARGUMENT', 'payload.charter');
      expectCode(() => validateCharter('{}', 'payload.charter'), 'INVALID_ARGUMENT', 'payload.charter');
    });
  });
});

describe('domain/charter: a charter stored by an earlier release', () => {
  const DAY_S = 86_400;
  const before: Record<string, unknown> = {
    version: 3,
    quorum: DEFAULT_CHARTER.quorum,
    votingPeriodSeconds: 8,
    exitNoticeSeconds: 30,
    minActiveMembers: 3,
    minOrderers: 3,
    admissionRequirements: DEFAULT_CHARTER.admissionRequirements,
    auditorWorkload: DEFAULT_CHARTER.auditorWorkload,
    durations: { maxSuspensionSeconds: 183 * DAY_S, surveillanceIntervalSeconds: 365 * DAY_S, maxValiditySeconds: 1096 * DAY_S, transferWindowSeconds: 183 * DAY_S },
    maxClockSkewSeconds: 300,
  };

  it('is read in the current form: the same seconds as PT…S, the validity cap of the management systems kept, every newer parameter at its default', () => {
    const upgraded = upgradeStoredCharter(structuredClone(before) as never);
    expect(upgraded.durations).to.deep.include({ maxSuspension: `PT${183 * DAY_S}S`, surveillanceInterval: `PT${365 * DAY_S}S`, transferWindow: `PT${183 * DAY_S}S` });
    expect(upgraded.durations.maxValidity.QMS).to.equal(`PT${1096 * DAY_S}S`);
    expect(upgraded.durations.maxValidity.SERVICE, 'a scheme the old cap did not cover').to.equal(DEFAULT_CHARTER.durations.maxValidity.SERVICE);
    expect(upgraded).to.include({ version: 3, votingPeriodSeconds: 8, minSurveillancesPerCycle: DEFAULT_CHARTER.minSurveillancesPerCycle, regulatorMayPauseWrites: DEFAULT_CHARTER.regulatorMayPauseWrites });
    expect(upgraded.issueBar).to.deep.equal(DEFAULT_CHARTER.issueBar);
    // what an amendment would store, and it validates
    expect(validateCharter(structuredClone(upgraded), 'charter')).to.deep.equal(upgraded);
  });

  it('comes back unchanged when it is already in the current form', () => {
    const current = structuredClone(DEFAULT_CHARTER) as never;
    expect(upgradeStoredCharter(current)).to.equal(current);
  });
});
