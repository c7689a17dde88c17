// The random-inspection sample (双随机一公开 [BULLETIN: 随机确定抽查对象…向社会公开抽查结果]) as
// pure rules: who may commit and reveal when, when the population is frozen, when a draw is made
// and when a sample is void. The argument for why nobody can steer the draw is
// docs/random-inspection.md; in short:
//
//   open (regulator commits) ─ commit phase: other members commit ─▶ close: population frozen
//   ─ member reveal phase ─▶ regulator reveal phase: the regulator reveals last, the draw is made
//
// Members decide to reveal or withhold before the regulator's secret is known, so their choice
// tells them nothing about the draw. The regulator, last, can only open its commitment or
// withhold it: then the draw is made from the members' reveals alone. It chooses between at most
// two draws and cannot discard a sample; a withholding is a breach on the public record.

import { conflict, forbidden, preconditionFailed } from '../shared/errors';
import { regionPrefix, type Region } from './dictionaries/regions';
import { drawSample, participantCommitment, populationHash, sampleSeed } from './draw';
import { addSeconds, parseIso } from './time';
import type { Certificate, Charter, Scheme } from './types';

export const SAMPLE_STATUSES = ['COMMITTING', 'REVEALING', 'DRAWN', 'VOID'] as const;
export type SampleStatus = (typeof SAMPLE_STATUSES)[number];

export const VOID_REASONS = ['TOO_FEW_COMMITMENTS', 'POPULATION_TOO_SMALL', 'TOO_FEW_REVEALS'] as const;
export type VoidReason = (typeof VOID_REASONS)[number];

export const INSPECTION_OUTCOMES = ['CONFORMING', 'NONCONFORMING', 'NOT_INSPECTED'] as const;
export type InspectionOutcome = (typeof INSPECTION_OUTCOMES)[number];

export interface SampleCriteria {
  scheme?: Scheme;
  issuer?: string;
  /** a GB/T 2260 code: the holders whose regionCode lies in that province, prefecture or county */
  region?: Region;
  count: number;
  inspectorCount: number;
}

/** A sample as stored. The charter values it runs under are copied at opening. */
export interface Sample {
  sampleId: string;
  protocol: string;
  criteria: Omit<SampleCriteria, 'region'> & { region?: string };
  /** the regulator member that opened it (its commitment was given at opening) */
  openedBy: string;
  openedAt: string;
  openTxId: string;
  commitDeadline: string;
  revealPeriodSeconds: number;
  minOtherReveals: number;
  status: SampleStatus;
  closedAt?: string;
  closeTxId?: string;
  /** frozen at close: certificate numbers and inspector ids, sorted */
  population?: string[];
  inspectorPopulation?: string[];
  populationHash?: string;
  inspectorPopulationHash?: string;
  /** members reveal until then; the regulator only after it (or once every other committer has revealed) */
  memberRevealDeadline?: string;
  regulatorRevealDeadline?: string;
  /** committed members that did not reveal: a breach on the public record */
  withheld?: string[];
  seed?: string;
  drawn?: { certificates: string[]; inspectors: string[] };
  drawnAt?: string;
  drawTxId?: string;
  voidReason?: VoidReason;
  voidedAt?: string;
  voidTxId?: string;
}

/** One member's commitment, and its reveal once made. */
export interface SampleCommitment {
  sampleId: string;
  mspId: string;
  commitment: string;
  /** the X.509 subject of the user who committed */
  committedBy: string;
  committedAt: string;
  commitTxId: string;
  secret?: string;
  revealedAt?: string;
  revealTxId?: string;
}

export interface InspectionResult {
  sampleId: string;
  certificateNo: string;
  outcome: InspectionOutcome;
  note: string;
  evidenceId?: string;
  recordedBy: string;
  recordedAt: string;
  txId: string;
}

const ms = (iso: string): number => parseIso(iso);

/** Code-unit order: deterministic on every endorser, unlike localeCompare. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A certificate the criteria draw from at `now`: VALID, not past expiry, of the scheme, issuer and region given. */
export function inPopulation(cert: Certificate, criteria: SampleCriteria, now: string): boolean {
  if (cert.status !== 'VALID' || ms(cert.expiresAt) <= ms(now)) return false;
  if (criteria.scheme !== undefined && cert.scheme !== criteria.scheme) return false;
  if (criteria.issuer !== undefined && cert.issuer !== criteria.issuer) return false;
  // a foreign organisation has no GB/T 2260 region, so a region criterion never draws it
  if (criteria.region !== undefined && !(cert.organization.regionCode ?? '').startsWith(regionPrefix(criteria.region))) return false;
  return true;
}

/** The population of `certificates` the criteria select, sorted. */
export function populationOf(certificates: readonly Certificate[], criteria: SampleCriteria, now: string): string[] {
  return certificates.filter((c) => inPopulation(c, criteria, now)).map((c) => c.certificateNo).sort(compareStrings);
}

/** A new sample in its commit phase. */
export function openSample(input: {
  sampleId: string;
  criteria: SampleCriteria;
  openedBy: string;
  now: string;
  txId: string;
  charter: Charter;
}): Sample {
  const { criteria, charter } = input;
  const { region, ...rest } = criteria;
  return {
    sampleId: input.sampleId,
    protocol: 'certledger-sample/2',
    criteria: region === undefined ? rest : { ...rest, region: region.code },
    openedBy: input.openedBy,
    openedAt: input.now,
    openTxId: input.txId,
    commitDeadline: addSeconds(input.now, charter.inspection.commitPeriodSeconds),
    revealPeriodSeconds: charter.inspection.revealPeriodSeconds,
    minOtherReveals: charter.inspection.minOtherReveals,
    status: 'COMMITTING',
  };
}

function requireStatus(sample: Sample, status: SampleStatus, action: string): void {
  if (sample.status === status) return;
  if (sample.status === 'COMMITTING') {
    throw preconditionFailed(`sample ${sample.sampleId} is not closed yet (its commit phase runs until ${sample.commitDeadline}); ${action} once it is closed`);
  }
  throw conflict(`sample ${sample.sampleId} is ${sample.status}; ${action} only while it is ${status}`);
}

/** A member may commit during the commit phase, once. */
export function checkCommit(sample: Sample, now: string): void {
  if (sample.status !== 'COMMITTING') throw conflict(`sample ${sample.sampleId} is ${sample.status}; commitments are taken only while it is COMMITTING`);
  if (ms(now) >= ms(sample.commitDeadline)) {
    throw preconditionFailed(`sample ${sample.sampleId}: the commit phase ended at ${sample.commitDeadline}; close the sample (inspection:closeSample)`);
  }
}

/**
 * Freezes the populations once the commit phase is over. The sample is VOID when fewer than
 * `minOtherReveals` members besides the regulator committed (the regulator alone could have
 * chosen its secret knowing the population) or the frozen population is too small.
 */
export function closeSample(sample: Sample, input: {
  now: string;
  txId: string;
  committed: readonly string[];
  population: readonly string[];
  inspectorPopulation: readonly string[];
}): Sample {
  if (sample.status !== 'COMMITTING') throw conflict(`sample ${sample.sampleId} is already ${sample.status}`);
  if (ms(input.now) < ms(sample.commitDeadline)) {
    throw preconditionFailed(`sample ${sample.sampleId}: the commit phase runs until ${sample.commitDeadline}; close it after then`);
  }
  const population = [...input.population];
  const inspectorPopulation = [...input.inspectorPopulation];
  const closed: Sample = {
    ...structuredClone(sample),
    closedAt: input.now,
    closeTxId: input.txId,
    population,
    inspectorPopulation,
    populationHash: populationHash(population),
    inspectorPopulationHash: populationHash(inspectorPopulation),
  };
  const others = input.committed.filter((m) => m !== sample.openedBy).length;
  const tooFew = others < sample.minOtherReveals;
  const tooSmall = population.length < sample.criteria.count || inspectorPopulation.length < sample.criteria.inspectorCount;
  if (tooFew || tooSmall) {
    return { ...closed, status: 'VOID', voidReason: tooFew ? 'TOO_FEW_COMMITMENTS' : 'POPULATION_TOO_SMALL', voidedAt: input.now, voidTxId: input.txId, withheld: [] };
  }
  const memberRevealDeadline = addSeconds(input.now, sample.revealPeriodSeconds);
  return {
    ...closed,
    status: 'REVEALING',
    memberRevealDeadline,
    regulatorRevealDeadline: addSeconds(memberRevealDeadline, sample.revealPeriodSeconds),
  };
}

/**
 * Checks a reveal and says whose it is: a member's (stored; the draw waits for the regulator) or
 * the regulator's (the draw is made now). The regulator reveals last — after every other
 * committed member has revealed, or after the member reveal phase — so that no one who can still
 * choose to reveal or withhold knows every secret.
 */
export function checkReveal(sample: Sample, input: {
  mspId: string;
  secret: string;
  now: string;
  commitment: SampleCommitment | undefined;
  /** every commitment of the sample, the caller's included (needed for the regulator's reveal only) */
  commitments: readonly SampleCommitment[];
}): 'MEMBER' | 'REGULATOR' {
  const { mspId, commitment, now } = input;
  requireStatus(sample, 'REVEALING', 'reveal');
  if (commitment === undefined) throw forbidden(`${mspId} did not commit to sample ${sample.sampleId}; only committed members reveal`);
  if (commitment.secret !== undefined) throw conflict(`${mspId} already revealed its secret for sample ${sample.sampleId} at ${commitment.revealedAt ?? '?'}`);
  if (participantCommitment(sample.sampleId, mspId, input.secret) !== commitment.commitment) {
    throw forbidden(
      `the secret does not match the commitment of ${mspId} to sample ${sample.sampleId}; reveal the secret s whose sha256("certledger-sample/2" 00 sampleId 00 mspId 00 s) was committed`,
    );
  }
  const nowMs = ms(now);
  const memberDeadline = ms(sample.memberRevealDeadline as string);
  if (mspId !== sample.openedBy) {
    if (nowMs >= memberDeadline) {
      throw preconditionFailed(
        `sample ${sample.sampleId}: the member reveal phase ended at ${sample.memberRevealDeadline}; the draw goes on without ${mspId}, recorded as withheld`,
      );
    }
    return 'MEMBER';
  }
  const others = input.commitments.filter((c) => c.mspId !== sample.openedBy);
  const revealed = others.filter((c) => c.secret !== undefined).length;
  if (nowMs < memberDeadline && revealed < others.length) {
    throw preconditionFailed(
      `the regulator reveals last: ${others.length - revealed} committed member(s) of sample ${sample.sampleId} may still reveal until ${sample.memberRevealDeadline}; reveal after every one has, or after then`,
    );
  }
  if (nowMs >= ms(sample.regulatorRevealDeadline as string)) {
    throw preconditionFailed(
      `sample ${sample.sampleId}: the regulator reveal phase ended at ${sample.regulatorRevealDeadline}; settle the sample (inspection:settleSample) — it is drawn from the members' reveals, the regulator recorded as withheld`,
    );
  }
  if (revealed < sample.minOtherReveals) {
    throw preconditionFailed(
      `only ${revealed} of the ${sample.minOtherReveals} other members' reveals a draw needs were made for sample ${sample.sampleId}; it cannot be drawn — settle it as VOID (inspection:settleSample)`,
    );
  }
  return 'REGULATOR';
}

/** The draw, from the regulator's reveal and every member reveal made in time; non-revealers are recorded as withheld. */
export function drawnSample(sample: Sample, input: { now: string; txId: string; commitments: readonly SampleCommitment[] }): Sample {
  const revealed = input.commitments.filter((c) => c.secret !== undefined);
  const seed = sampleSeed({
    sampleId: sample.sampleId,
    populationHash: sample.populationHash as string,
    inspectorPopulationHash: sample.inspectorPopulationHash as string,
    reveals: revealed.map((c) => ({ mspId: c.mspId, secret: c.secret as string })),
  });
  return {
    ...structuredClone(sample),
    status: 'DRAWN',
    seed,
    drawn: {
      certificates: drawSample(seed, sample.population ?? [], sample.criteria.count),
      inspectors: drawSample(seed, sample.inspectorPopulation ?? [], sample.criteria.inspectorCount),
    },
    withheld: input.commitments.filter((c) => c.secret === undefined).map((c) => c.mspId).sort(compareStrings),
    drawnAt: input.now,
    drawTxId: input.txId,
  };
}

/**
 * Finishes a sample whose deadlines have passed. After the member reveal phase with fewer than
 * `minOtherReveals` member reveals it is VOID (the members' withholdings recorded). After the
 * regulator reveal phase without the regulator's reveal it is DRAWN from the members' reveals
 * alone, the regulator recorded as withheld: the regulator's silence cannot discard a draw.
 */
export function settleSample(sample: Sample, input: { now: string; txId: string; commitments: readonly SampleCommitment[] }): Sample {
  requireStatus(sample, 'REVEALING', 'settle it');
  const nowMs = ms(input.now);
  const others = input.commitments.filter((c) => c.mspId !== sample.openedBy);
  const othersRevealed = others.filter((c) => c.secret !== undefined).length;
  if (nowMs >= ms(sample.memberRevealDeadline as string) && othersRevealed < sample.minOtherReveals) {
    const withheld = others.filter((c) => c.secret === undefined).map((c) => c.mspId).sort(compareStrings);
    return { ...structuredClone(sample), status: 'VOID', voidReason: 'TOO_FEW_REVEALS', voidedAt: input.now, voidTxId: input.txId, withheld };
  }
  if (nowMs >= ms(sample.regulatorRevealDeadline as string)) return drawnSample(sample, input);
  throw preconditionFailed(
    `sample ${sample.sampleId} is still being revealed (members until ${sample.memberRevealDeadline}, the regulator until ${sample.regulatorRevealDeadline}); there is nothing to settle yet`,
  );
}

/** A result is recorded once, for a certificate the sample drew. */
export function checkResult(sample: Sample, certificateNo: string, existing: InspectionResult | undefined): void {
  if (sample.status !== 'DRAWN') throw conflict(`sample ${sample.sampleId} is ${sample.status}; results are recorded for the certificates of a DRAWN sample`);
  const drawn = sample.drawn?.certificates ?? [];
  if (!drawn.includes(certificateNo)) {
    throw preconditionFailed(`certificate ${certificateNo} was not drawn in sample ${sample.sampleId} (drawn: ${drawn.join(', ')})`);
  }
  if (existing !== undefined) {
    throw conflict(`a result for ${certificateNo} in sample ${sample.sampleId} was already recorded at ${existing.recordedAt} (${existing.outcome}); published results are final`);
  }
}
