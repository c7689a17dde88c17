// The random-inspection flow of the inspection contract (双随机一公开): the inspector pool and
// the samples; the contract's transactions delegate here. Rules are in domain/sample-rules.ts,
// the hashing in domain/draw.ts, the argument in docs/random-inspection.md.
import { validateRegionCode } from '../domain/dictionaries/regions';
import { validateSecret } from '../domain/draw';
import {
  INSPECTION_OUTCOMES,
  checkCommit,
  checkResult,
  checkReveal,
  closeSample,
  drawnSample,
  openSample,
  populationOf,
  settleSample,
  type InspectionOutcome,
  type InspectionResult,
  type Sample,
  type SampleCommitment,
  type SampleCriteria,
} from '../domain/sample-rules';
import { SCHEMES, type Certificate, type Charter, type Member } from '../domain/types';
import { keyPart, optionalString, parseJsonArg, requireEnum, requireInt, requireObject, requireString } from '../domain/validate';
import { loadCharter } from '../shared/charter';
import { USER_ROLES, type CertledgerContext, type UserRole } from '../shared/context';
import { alreadyExists, invalidArgument, notFound, preconditionFailed } from '../shared/errors';
import { Events } from '../shared/events';
import { Keys } from '../shared/keys';
import { toJson } from '../shared/marshal';
import { EVIDENCE_ID, HEX64, MSP_ID } from '../api/values';
import type { Inspector } from './types';
import { parseCertificateNo, parseRecordId, parseText } from '../certificate/inputs';

const REGULATOR_USERS: readonly UserRole[] = ['regulator'];
/** A member takes part in a draw through its admins (the regulator member also through its regulator users). */
const PARTICIPANT_USERS: readonly UserRole[] = ['admin', 'regulator'];
const ANY_USER: readonly UserRole[] = USER_ROLES;

const COMMITMENT = { ...HEX64, patternHint: '64 lowercase hex characters (the sha256 commitment)' };

// ---- arguments ----

export function parseSampleCriteria(arg: string): SampleCriteria {
  const raw = requireObject(parseJsonArg(arg, 'criteria'), 'criteria', ['scheme', 'issuer', 'region', 'count', 'inspectorCount']);
  const criteria: SampleCriteria = {
    count: requireInt(raw.count, 'criteria.count', { min: 1, max: 1000 }),
    inspectorCount: requireInt(raw.inspectorCount, 'criteria.inspectorCount', { min: 0, max: 1000 }),
  };
  if (raw.scheme !== undefined) criteria.scheme = requireEnum(raw.scheme, 'criteria.scheme', SCHEMES);
  const issuer = optionalString(raw.issuer, 'criteria.issuer', MSP_ID);
  if (issuer !== undefined) criteria.issuer = keyPart(issuer, 'criteria.issuer');
  if (raw.region !== undefined) {
    // a province (350000), prefecture (350100) or county (350102) of GB/T 2260
    const { code, name, level } = validateRegionCode(raw.region, 'criteria.region');
    criteria.region = { code, name, level };
  }
  return criteria;
}

export function parseCommitment(value: unknown): string {
  return requireString(value, 'commitment', COMMITMENT);
}

export function parseSecret(value: unknown): string {
  return validateSecret(value, 'secret');
}

export interface ResultInput {
  outcome: InspectionOutcome;
  note: string;
  evidenceId?: string;
}

export function parseResult(arg: string): ResultInput {
  const raw = requireObject(parseJsonArg(arg, 'result'), 'result', ['outcome', 'note', 'evidenceId']);
  const input: ResultInput = {
    outcome: requireEnum(raw.outcome, 'result.outcome', INSPECTION_OUTCOMES),
    note: parseText(raw.note, 'result.note'),
  };
  const evidenceId = optionalString(raw.evidenceId, 'result.evidenceId', EVIDENCE_ID);
  if (evidenceId !== undefined) input.evidenceId = keyPart(evidenceId, 'result.evidenceId');
  else if (input.outcome !== 'NOT_INSPECTED') {
    throw invalidArgument('result.evidenceId', `is required for a ${input.outcome} result: anchor the inspection report with evidence:anchor and name it`);
  }
  return input;
}

// ---- views ----

interface Participant {
  mspId: string;
  commitment: string;
  committedAt: string;
  commitTxId: string;
  committedBy?: string;
  revealed: boolean;
  revealedAt?: string;
  revealTxId?: string;
  secret?: string;
}

export type SampleView = Sample & { participants: Participant[]; results: Omit<InspectionResult, 'sampleId'>[] };

/**
 * A sample with its participants and results. The public view leaves out who (which user) acted
 * and shows the secrets only once the sample is settled (DRAWN or VOID).
 */
function viewOf(sample: Sample, commitments: SampleCommitment[], results: InspectionResult[], publicView: boolean): SampleView {
  const settled = sample.status === 'DRAWN' || sample.status === 'VOID';
  const participants = commitments.map((c): Participant => {
    const p: Participant = { mspId: c.mspId, commitment: c.commitment, committedAt: c.committedAt, commitTxId: c.commitTxId, revealed: c.secret !== undefined };
    if (!publicView) p.committedBy = c.committedBy;
    if (c.revealedAt !== undefined) p.revealedAt = c.revealedAt;
    if (c.revealTxId !== undefined) p.revealTxId = c.revealTxId;
    if (c.secret !== undefined && (settled || !publicView)) p.secret = c.secret;
    return p;
  });
  return { ...sample, participants, results: results.map(({ sampleId: _sampleId, ...r }) => r) };
}

// ---- state ----

/**
 * The start of every sample write. A sample already open runs on through a pause of writes
 * (`duringPause`: its commitments, close, reveals and settling): its deadlines do not stop, and a
 * pause would otherwise let whoever paused freeze the reveals at a chosen moment or void the
 * sample by running out the member deadline (docs/random-inspection.md). Opening a sample and
 * recording results wait for the writes to resume.
 */
async function begin(ctx: CertledgerContext, userRoles: readonly UserRole[], memberRoles?: readonly Member['role'][], duringPause = false): Promise<{ charter: Charter; now: string; member: Member }> {
  const charter = await loadCharter(ctx);
  const now = ctx.checkedTime(charter.maxClockSkewSeconds);
  const member = await ctx.requireWriter(userRoles, memberRoles, false, duringPause);
  return { charter, now, member };
}

function mustGetSample(ctx: CertledgerContext, id: string): Promise<Sample> {
  return ctx.state.mustGet<Sample>(Keys.sample, [id], `sample ${id}`);
}

/** Every commitment of a sample, in MSP ID (key) order. */
async function commitmentsOf(ctx: CertledgerContext, id: string): Promise<SampleCommitment[]> {
  return (await ctx.state.list<SampleCommitment>(Keys.sampleCommitment, [id])).flatMap(({ value }) => (value === undefined ? [] : [value]));
}

async function resultsOf(ctx: CertledgerContext, id: string): Promise<InspectionResult[]> {
  return (await ctx.state.list<InspectionResult>(Keys.sampleResult, [id])).flatMap(({ value }) => (value === undefined ? [] : [value]));
}

async function populations(ctx: CertledgerContext, criteria: SampleCriteria, now: string): Promise<{ population: string[]; inspectorPopulation: string[] }> {
  const candidates: Certificate[] = [];
  if (criteria.issuer !== undefined) {
    for (const { parts } of await ctx.state.list(Keys.certificateByIssuer, [criteria.issuer])) {
      const cert = await ctx.state.get<Certificate>(Keys.certificate, [parts[1] as string]);
      if (cert !== undefined) candidates.push(cert);
    }
  } else {
    for (const { value } of await ctx.state.list<Certificate>(Keys.certificate, [])) if (value !== undefined) candidates.push(value);
  }
  const inspectorPopulation = (await ctx.state.list(Keys.inspector, [])).map(({ parts }) => parts[0] as string);
  return { population: populationOf(candidates, criteria, now), inspectorPopulation: [...inspectorPopulation].sort() };
}

/** The stored criteria back in the form the population rule takes. */
function criteriaOf(sample: Sample): SampleCriteria {
  const { region, ...rest } = sample.criteria;
  if (region === undefined) return rest;
  const { code, name, level } = validateRegionCode(region, 'criteria.region');
  return { ...rest, region: { code, name, level } };
}

// ---- transactions ----

/** The regulator adds an inspector to the pool random inspections draw from. */
export async function registerInspectorTx(ctx: CertledgerContext, inspectorId: string, name: string) {
  const id = parseRecordId(inspectorId, 'inspectorId');
  const inspectorName = parseText(name, 'name', 256);
  const { now, member } = await begin(ctx, REGULATOR_USERS, ['REGULATOR']);
  if (await ctx.state.exists(Keys.inspector, [id])) throw alreadyExists(`inspector ${id}`);
  const inspector: Inspector = { inspectorId: id, name: inspectorName, registeredBy: member.mspId, registeredAt: now, txId: ctx.txId };
  await ctx.state.put(Keys.inspector, [id], inspector);
  ctx.emit(Events.InspectorRegistered, { inspectorId: id, registeredBy: member.mspId });
  return toJson(inspector);
}

/** The regulator opens a sample with its own commitment; other members commit until the commit deadline. */
export async function openSampleTx(ctx: CertledgerContext, sampleId: string, commitment: string, criteriaJson: string) {
  const id = parseRecordId(sampleId, 'sampleId');
  const hash = parseCommitment(commitment);
  const criteria = parseSampleCriteria(criteriaJson);
  const { charter, now, member } = await begin(ctx, REGULATOR_USERS, ['REGULATOR']);
  if (await ctx.state.exists(Keys.sample, [id])) throw alreadyExists(`sample ${id}`);
  // the population is frozen only at close; a sample that could not be drawn today is refused early
  const { population, inspectorPopulation } = await populations(ctx, criteria, now);
  if (criteria.count > population.length) {
    throw preconditionFailed(`criteria.count ${criteria.count} is more than the ${population.length} VALID certificates matching the criteria`);
  }
  if (criteria.inspectorCount > inspectorPopulation.length) {
    throw preconditionFailed(
      `criteria.inspectorCount ${criteria.inspectorCount} is more than the ${inspectorPopulation.length} registered inspectors (inspection:registerInspector)`,
    );
  }
  const sample = openSample({ sampleId: id, criteria, openedBy: member.mspId, now, txId: ctx.txId, charter });
  const own: SampleCommitment = { sampleId: id, mspId: member.mspId, commitment: hash, committedBy: ctx.caller.subject, committedAt: now, commitTxId: ctx.txId };
  await ctx.state.put(Keys.sample, [id], sample);
  await ctx.state.put(Keys.sampleCommitment, [id, member.mspId], own);
  ctx.emit(Events.SampleOpened, {
    sampleId: id, criteria: sample.criteria, openedBy: member.mspId, commitment: hash, commitDeadline: sample.commitDeadline, minOtherReveals: sample.minOtherReveals,
  });
  return toJson(viewOf(sample, [own], [], false));
}

/** An ACTIVE member commits to its secret during the commit phase (once). */
export async function commitSampleTx(ctx: CertledgerContext, sampleId: string, commitment: string) {
  const id = parseRecordId(sampleId, 'sampleId');
  const hash = parseCommitment(commitment);
  const { now, member } = await begin(ctx, PARTICIPANT_USERS, undefined, true);
  const sample = await mustGetSample(ctx, id);
  checkCommit(sample, now);
  const existing = await ctx.state.get<SampleCommitment>(Keys.sampleCommitment, [id, member.mspId]);
  if (existing !== undefined) throw alreadyExists(`a commitment of ${member.mspId} to sample ${id} (made at ${existing.committedAt}; it cannot be changed)`);
  const record: SampleCommitment = { sampleId: id, mspId: member.mspId, commitment: hash, committedBy: ctx.caller.subject, committedAt: now, commitTxId: ctx.txId };
  await ctx.state.put(Keys.sampleCommitment, [id, member.mspId], record);
  ctx.emit(Events.SampleCommitted, { sampleId: id, mspId: member.mspId, commitment: hash });
  const { committedBy: _committedBy, ...answer } = record;
  return toJson(answer);
}

/** After the commit deadline anyone freezes the populations; the sample goes on to the reveals, or is VOID. */
export async function closeSampleTx(ctx: CertledgerContext, sampleId: string) {
  const id = parseRecordId(sampleId, 'sampleId');
  const { now } = await begin(ctx, ANY_USER, undefined, true);
  const sample = await mustGetSample(ctx, id);
  const commitments = await commitmentsOf(ctx, id);
  const { population, inspectorPopulation } = sample.status === 'COMMITTING' ? await populations(ctx, criteriaOf(sample), now) : { population: [], inspectorPopulation: [] };
  const closed = closeSample(sample, { now, txId: ctx.txId, committed: commitments.map((c) => c.mspId), population, inspectorPopulation });
  await ctx.state.put(Keys.sample, [id], closed);
  const common = {
    sampleId: id, status: closed.status, committed: commitments.map((c) => c.mspId),
    populationSize: population.length, inspectorPopulationSize: inspectorPopulation.length, populationHash: closed.populationHash,
  };
  if (closed.status === 'VOID') ctx.emit(Events.SampleVoided, { ...common, reason: closed.voidReason, withheld: closed.withheld });
  else ctx.emit(Events.SampleClosed, { ...common, memberRevealDeadline: closed.memberRevealDeadline, regulatorRevealDeadline: closed.regulatorRevealDeadline });
  return toJson(viewOf(closed, commitments, [], false));
}

/** A committed member reveals its secret; the regulator's reveal, last, makes the draw. */
export async function revealSampleTx(ctx: CertledgerContext, sampleId: string, secret: string) {
  const id = parseRecordId(sampleId, 'sampleId');
  const revealed = parseSecret(secret);
  const { now, member } = await begin(ctx, PARTICIPANT_USERS, undefined, true);
  const sample = await mustGetSample(ctx, id);
  const commitment = await ctx.state.get<SampleCommitment>(Keys.sampleCommitment, [id, member.mspId]);
  // only the regulator's reveal reads every commitment: a range read in members' reveals would make
  // two of them in one block fail each other's phantom-read check
  const commitments = member.mspId === sample.openedBy ? await commitmentsOf(ctx, id) : [];
  const whose = checkReveal(sample, { mspId: member.mspId, secret: revealed, now, commitment, commitments });
  const opened: SampleCommitment = { ...(commitment as SampleCommitment), secret: revealed, revealedAt: now, revealTxId: ctx.txId };
  await ctx.state.put(Keys.sampleCommitment, [id, member.mspId], opened);
  if (whose === 'MEMBER') {
    ctx.emit(Events.SampleRevealed, { sampleId: id, mspId: member.mspId });
    const { committedBy: _committedBy, ...answer } = opened;
    return toJson(answer);
  }
  const all = commitments.map((c) => (c.mspId === member.mspId ? opened : c));
  const drawn = drawnSample(sample, { now, txId: ctx.txId, commitments: all });
  await ctx.state.put(Keys.sample, [id], drawn);
  ctx.emit(Events.SampleDrawn, {
    sampleId: id, seed: drawn.seed, certificates: drawn.drawn?.certificates, inspectors: drawn.drawn?.inspectors, withheld: drawn.withheld,
  });
  return toJson(viewOf(drawn, all, [], false));
}

/**
 * Anyone finishes a sample past its deadlines: VOID with too few member reveals, else DRAWN
 * without the regulator's secret when it did not reveal. The withholders stay on the record.
 */
export async function settleSampleTx(ctx: CertledgerContext, sampleId: string) {
  const id = parseRecordId(sampleId, 'sampleId');
  const { now } = await begin(ctx, ANY_USER, undefined, true);
  const sample = await mustGetSample(ctx, id);
  const commitments = await commitmentsOf(ctx, id);
  const settled = settleSample(sample, { now, txId: ctx.txId, commitments });
  await ctx.state.put(Keys.sample, [id], settled);
  if (settled.status === 'VOID') {
    ctx.emit(Events.SampleVoided, { sampleId: id, status: 'VOID', reason: settled.voidReason, withheld: settled.withheld });
  } else {
    ctx.emit(Events.SampleDrawn, {
      sampleId: id, seed: settled.seed, certificates: settled.drawn?.certificates, inspectors: settled.drawn?.inspectors, withheld: settled.withheld,
    });
  }
  return toJson(viewOf(settled, commitments, [], false));
}

/** The regulator records the result of inspecting one drawn certificate; it is published with the sample. */
export async function recordInspectionResultTx(ctx: CertledgerContext, sampleId: string, certNo: string, resultJson: string) {
  const id = parseRecordId(sampleId, 'sampleId');
  const no = parseCertificateNo(certNo);
  const input = parseResult(resultJson);
  const { now, member } = await begin(ctx, REGULATOR_USERS, ['REGULATOR']);
  const sample = await mustGetSample(ctx, id);
  checkResult(sample, no, await ctx.state.get<InspectionResult>(Keys.sampleResult, [id, no]));
  if (input.evidenceId !== undefined && !(await ctx.state.exists(Keys.evidence, [input.evidenceId]))) {
    throw notFound(`evidence ${input.evidenceId} named in result.evidenceId (anchor it with evidence:anchor first)`);
  }
  const result: InspectionResult = { sampleId: id, certificateNo: no, ...input, recordedBy: member.mspId, recordedAt: now, txId: ctx.txId };
  await ctx.state.put(Keys.sampleResult, [id, no], result);
  ctx.emit(Events.InspectionResultRecorded, { sampleId: id, certificateNo: no, outcome: input.outcome, evidenceId: input.evidenceId });
  return toJson(result);
}

/** The sample with its participants (and the users who committed) and results. */
export async function getSampleTx(ctx: CertledgerContext, sampleId: string) {
  const id = parseRecordId(sampleId, 'sampleId');
  const sample = await mustGetSample(ctx, id);
  return toJson(viewOf(sample, await commitmentsOf(ctx, id), await resultsOf(ctx, id), false));
}

/** What is published [BULLETIN: 向社会公开抽查结果]: the sample, its draw (recomputable) and its results, without user names. */
export async function getSampleReportTx(ctx: CertledgerContext, sampleId: string) {
  const id = parseRecordId(sampleId, 'sampleId');
  const sample = await mustGetSample(ctx, id);
  return toJson(viewOf(sample, await commitmentsOf(ctx, id), await resultsOf(ctx, id), true));
}
