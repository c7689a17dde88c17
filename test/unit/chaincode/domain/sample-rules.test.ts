// Unit tests of the random-inspection sample rules (domain/sample-rules.ts, docs/random-inspection.md).

import { expect } from 'chai';
import { DEFAULT_CHARTER } from '../../../../chaincode/src/domain/charter';
import { lookupRegion, type Region } from '../../../../chaincode/src/domain/dictionaries/regions';
import { participantCommitment } from '../../../../chaincode/src/domain/draw';
import {
  checkCommit,
  checkResult,
  checkReveal,
  closeSample,
  drawnSample,
  inPopulation,
  openSample,
  settleSample,
  type Sample,
  type SampleCommitment,
} from '../../../../chaincode/src/domain/sample-rules';
import type { Certificate } from '../../../../chaincode/src/domain/types';
import { expectCode } from '../../../support/expect-code';

const DAY = 86_400_000;
const T0 = '2025-03-01T00:00:00.000Z';
const at = (days: number): string => new Date(Date.parse(T0) + days * DAY).toISOString();
const SECRETS: Record<string, string> = { RegulatorMSP: 'r'.repeat(40), Cb1MSP: 'a'.repeat(40), Cb2MSP: 'b'.repeat(40) };

function cert(no: string, over: Partial<Certificate> = {}, regionCode = '350102'): Certificate {
  return {
    certificateNo: no, issuer: 'Cb1MSP', scheme: 'QMS', standard: 'GB/T 19001-2016', scope: 's', scopeCodes: [18], sectorCode: 'C34',
    organization: { name: 'n', uscc: '91350100M000100Y43', address: 'a', regionCode },
    issuedAt: T0, expiresAt: at(1000), status: 'VALID', statusReason: 'ISSUED', statusSince: T0, evidenceIds: [], scopeHistory: [], ...over,
  };
}

function committed(sample: Sample, mspId: string, revealed = false): SampleCommitment {
  const c: SampleCommitment = {
    sampleId: sample.sampleId, mspId, commitment: participantCommitment(sample.sampleId, mspId, SECRETS[mspId] as string),
    committedBy: 'CN=x', committedAt: T0, commitTxId: 't',
  };
  if (revealed) Object.assign(c, { secret: SECRETS[mspId], revealedAt: at(3.5), revealTxId: 'r' });
  return c;
}

function opened(): Sample {
  return openSample({ sampleId: 'S-1', criteria: { count: 1, inspectorCount: 1 }, openedBy: 'RegulatorMSP', now: T0, txId: 'tx0', charter: DEFAULT_CHARTER });
}

function closedSample(): Sample {
  return closeSample(opened(), { now: at(3), txId: 'tx1', committed: ['Cb1MSP', 'Cb2MSP', 'RegulatorMSP'], population: ['A', 'B', 'C'], inspectorPopulation: ['I1', 'I2'] });
}

describe('domain/sample-rules', () => {
  it('draws from VALID, unexpired certificates of the scheme, issuer and region (province, prefecture or county prefix)', () => {
    const region = (code: string): Region => lookupRegion(code) as Region;
    const criteria = { count: 1, inspectorCount: 0 };
    expect(inPopulation(cert('A'), criteria, T0)).to.equal(true);
    expect(inPopulation(cert('A', { status: 'SUSPENDED' }), criteria, T0)).to.equal(false);
    expect(inPopulation(cert('A', { expiresAt: T0 }), criteria, T0)).to.equal(false);
    expect(inPopulation(cert('A'), { ...criteria, scheme: 'EMS' }, T0)).to.equal(false);
    expect(inPopulation(cert('A'), { ...criteria, issuer: 'Cb2MSP' }, T0)).to.equal(false);
    for (const [code, inside] of [['350000', true], ['350100', true], ['350102', true], ['350103', false], ['350200', false], ['110000', false]] as const) {
      expect(inPopulation(cert('A'), { ...criteria, region: region(code) }, T0), code).to.equal(inside);
    }
  });

  it('opens with the charter\'s periods copied, so an amendment does not change a running sample', () => {
    const sample = opened();
    expect(sample).to.include({ status: 'COMMITTING', commitDeadline: at(3), revealPeriodSeconds: 2 * 86_400, minOtherReveals: 2, openedBy: 'RegulatorMSP' });
    checkCommit(sample, at(2.99));
    expectCode(() => checkCommit(sample, at(3)), 'PRECONDITION_FAILED', 'commit phase ended');
  });

  it('closes only after the commit deadline; VOID with fewer than k other committers or too small a population', () => {
    expectCode(() => closeSample(opened(), { now: at(2), txId: 't', committed: [], population: [], inspectorPopulation: [] }), 'PRECONDITION_FAILED', 'runs until');
    const few = closeSample(opened(), { now: at(3), txId: 't', committed: ['RegulatorMSP', 'Cb1MSP'], population: ['A'], inspectorPopulation: ['I'] });
    expect(few).to.include({ status: 'VOID', voidReason: 'TOO_FEW_COMMITMENTS' });
    const small = closeSample(opened(), { now: at(3), txId: 't', committed: ['RegulatorMSP', 'Cb1MSP', 'Cb2MSP'], population: [], inspectorPopulation: ['I'] });
    expect(small).to.include({ status: 'VOID', voidReason: 'POPULATION_TOO_SMALL' });
    const ok = closedSample();
    expect(ok).to.include({ status: 'REVEALING', memberRevealDeadline: at(5), regulatorRevealDeadline: at(7) });
    expectCode(() => closeSample(ok, { now: at(3), txId: 't', committed: [], population: [], inspectorPopulation: [] }), 'CONFLICT');
  });

  it('makes the regulator reveal last, and only with k other reveals', () => {
    const sample = closedSample();
    const reveal = (mspId: string, now: string, commitments: SampleCommitment[]) =>
      checkReveal(sample, { mspId, secret: SECRETS[mspId] as string, now, commitment: commitments.find((c) => c.mspId === mspId), commitments });
    const none = [committed(sample, 'Cb1MSP'), committed(sample, 'Cb2MSP'), committed(sample, 'RegulatorMSP')];
    expect(reveal('Cb1MSP', at(4), none)).to.equal('MEMBER');
    expectCode(() => reveal('Cb1MSP', at(5), none), 'PRECONDITION_FAILED', 'member reveal phase ended');
    expectCode(() => reveal('RegulatorMSP', at(4), none), 'PRECONDITION_FAILED', 'reveals last');
    const one = [committed(sample, 'Cb1MSP', true), committed(sample, 'Cb2MSP'), committed(sample, 'RegulatorMSP')];
    expectCode(() => reveal('RegulatorMSP', at(4), one), 'PRECONDITION_FAILED', 'reveals last');
    expectCode(() => reveal('RegulatorMSP', at(5), one), 'PRECONDITION_FAILED', 'only 1 of the 2');
    const both = [committed(sample, 'Cb1MSP', true), committed(sample, 'Cb2MSP', true), committed(sample, 'RegulatorMSP')];
    expect(reveal('RegulatorMSP', at(4), both)).to.equal('REGULATOR');
    expect(reveal('RegulatorMSP', at(6.9), both)).to.equal('REGULATOR');
    expectCode(() => reveal('RegulatorMSP', at(7), both), 'PRECONDITION_FAILED', 'regulator reveal phase ended');
    expectCode(() => checkReveal(sample, { mspId: 'Cb1MSP', secret: SECRETS.Cb2MSP as string, now: at(4), commitment: none[0], commitments: none }), 'FORBIDDEN', 'does not match');
    expectCode(() => checkReveal(sample, { mspId: 'AbMSP', secret: 'x'.repeat(40), now: at(4), commitment: undefined, commitments: none }), 'FORBIDDEN', 'did not commit');
    expectCode(() => reveal('Cb1MSP', at(4), one), 'CONFLICT', 'already revealed');
  });

  it('draws from every reveal and records the committed members that did not reveal as withheld', () => {
    const sample = { ...closedSample(), minOtherReveals: 1 };
    const commitments = [committed(sample, 'Cb1MSP', true), committed(sample, 'Cb2MSP'), committed(sample, 'RegulatorMSP', true)];
    const drawn = drawnSample(sample, { now: at(5), txId: 'tx', commitments });
    expect(drawn).to.include({ status: 'DRAWN', drawnAt: at(5) });
    expect(drawn.withheld).to.deep.equal(['Cb2MSP']);
    expect(drawn.drawn?.certificates).to.have.length(1);
    expect(drawn.drawn?.inspectors).to.have.length(1);
    const withAll = drawnSample(sample, { now: at(5), txId: 'tx', commitments: [committed(sample, 'Cb1MSP', true), committed(sample, 'Cb2MSP', true), committed(sample, 'RegulatorMSP', true)] });
    expect(withAll.seed).to.not.equal(drawn.seed);
  });

  it('settles once the deadlines have passed: VOID with too few member reveals, else drawn without the regulator that withheld', () => {
    const sample = closedSample();
    const one = [committed(sample, 'Cb1MSP', true), committed(sample, 'Cb2MSP'), committed(sample, 'RegulatorMSP')];
    expectCode(() => settleSample(sample, { now: at(4.9), txId: 't', commitments: one }), 'PRECONDITION_FAILED', 'nothing to settle');
    expect(settleSample(sample, { now: at(5), txId: 't', commitments: one })).to.deep.include({ status: 'VOID', voidReason: 'TOO_FEW_REVEALS', withheld: ['Cb2MSP'] });
    const both = [committed(sample, 'Cb1MSP', true), committed(sample, 'Cb2MSP', true), committed(sample, 'RegulatorMSP')];
    expectCode(() => settleSample(sample, { now: at(6), txId: 't', commitments: both }), 'PRECONDITION_FAILED', 'nothing to settle');
    const withoutRegulator = settleSample(sample, { now: at(7), txId: 't', commitments: both });
    expect(withoutRegulator).to.deep.include({ status: 'DRAWN', withheld: ['RegulatorMSP'] });
    expect(withoutRegulator.seed).to.equal(drawnSample(sample, { now: at(7), txId: 't', commitments: both }).seed);
    expectCode(() => settleSample(opened(), { now: at(7), txId: 't', commitments: both }), 'PRECONDITION_FAILED', 'not closed');
  });

  it('takes one result per drawn certificate of a DRAWN sample', () => {
    const sample = drawnSample({ ...closedSample(), minOtherReveals: 1 }, { now: at(5), txId: 'tx', commitments: [committed(closedSample(), 'Cb1MSP', true), committed(closedSample(), 'RegulatorMSP', true)] });
    const no = sample.drawn?.certificates[0] as string;
    checkResult(sample, no, undefined);
    expectCode(() => checkResult(sample, ['A', 'B', 'C'].find((x) => x !== no) as string, undefined), 'PRECONDITION_FAILED', 'was not drawn');
    expectCode(() => checkResult(sample, no, { sampleId: 'S-1', certificateNo: no, outcome: 'CONFORMING', note: 'n', recordedBy: 'R', recordedAt: at(6), txId: 't' }), 'CONFLICT', 'final');
    expectCode(() => checkResult(closedSample(), no, undefined), 'CONFLICT', 'REVEALING');
  });
});
