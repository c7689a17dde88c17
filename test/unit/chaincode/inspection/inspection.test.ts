// Random inspection (双随机一公开) on the harness, by the multi-party protocol of
// docs/random-inspection.md: the regulator opens a sample with its commitment, other members
// commit until the commit deadline, the population is frozen at close, members reveal, the
// regulator reveals last and the draw is made from every reveal and the population. The test
// recomputes commitments, seed and draw on its own with node:crypto.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { DEFAULT_CHARTER } from '../../../../chaincode/src/domain/charter';
import { newConsortium, type Consortium } from '../../../support/consortium';
import type { TestIdentity } from '../../../support/identities';
import { DAY, USCC_B, anchorEvidence, inDays, issue, query, refused } from '../certificate/helpers';

interface Participant { mspId: string; commitment: string; revealed: boolean; secret?: string; committedBy?: string }
interface SampleView {
  sampleId: string;
  status: 'COMMITTING' | 'REVEALING' | 'DRAWN' | 'VOID';
  criteria: Record<string, unknown>;
  openedBy: string;
  commitDeadline: string;
  memberRevealDeadline?: string;
  regulatorRevealDeadline?: string;
  population?: string[];
  inspectorPopulation?: string[];
  populationHash?: string;
  inspectorPopulationHash?: string;
  participants: Participant[];
  withheld?: string[];
  seed?: string;
  drawn?: { certificates: string[]; inspectors: string[] };
  voidReason?: string;
  results: { certificateNo: string; outcome: string; note: string; evidenceId?: string; recordedBy: string }[];
}

const REG = 'a regulator secret of at least thirty-two characters 7f3a';
const CB1 = 'the secret of certification body one, 32+ characters';
const CB2 = 'the secret of certification body two, 32+ characters';
const { commitPeriodSeconds: COMMIT, revealPeriodSeconds: REVEAL } = DEFAULT_CHARTER.inspection;

const h = (...parts: string[]): string => createHash('sha256').update(Buffer.from(parts.join('\u0000'), 'utf8')).digest('hex');
/** The published commitment: sha256("certledger-sample/2" 00 sampleId 00 mspId 00 secret). */
const commitmentOf = (sampleId: string, mspId: string, secret: string): string => h('certledger-sample/2', sampleId, mspId, secret);

/** The published draw, written independently of chaincode/src/domain/draw.ts. */
function recompute(view: SampleView, secrets: Record<string, string>): { seed: string; certificates: string[]; inspectors: string[] } {
  const reveals = Object.keys(secrets).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))).flatMap((msp) => [msp, secrets[msp] as string]);
  const seed = h('certledger-sample/2', view.sampleId, h(...(view.population ?? [])), h(...(view.inspectorPopulation ?? [])), ...reveals);
  const order = (keys: string[], n: number): string[] => keys
    .map((key) => ({ key, hash: createHash('sha256').update(Buffer.concat([Buffer.from(seed), Buffer.from([0]), Buffer.from(key)])).digest('hex') }))
    .sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0))
    .slice(0, n)
    .map((e) => e.key);
  return { seed, certificates: order(view.population ?? [], view.criteria.count as number), inspectors: order(view.inspectorPopulation ?? [], view.criteria.inspectorCount as number) };
}

describe('certificate contract: random inspection', () => {
  let c: Consortium;
  let regulator: TestIdentity;
  const sample = (id: string): Promise<SampleView> => query<SampleView>(c.net, c.orgs.cb2.reader, 'inspection:getSample', [id]);
  const open = (id: string, criteria: Record<string, unknown>, secret = REG): Promise<unknown> =>
    c.net.submit(regulator, 'inspection:openSample', [id, commitmentOf(id, 'RegulatorMSP', secret), JSON.stringify(criteria)]);
  const commit = (org: 'cb1' | 'cb2', id: string, secret: string): Promise<unknown> =>
    c.net.submit(c.orgs[org].admin, 'inspection:commitSample', [id, commitmentOf(id, org === 'cb1' ? 'Cb1MSP' : 'Cb2MSP', secret)]);
  const reveal = (who: TestIdentity, id: string, secret: string) => c.net.submit(who, 'inspection:revealSample', [id, secret]);
  const close = (id: string) => c.net.submit(c.orgs.cb1.reader, 'inspection:closeSample', [id]);
  const settle = (id: string) => c.net.submit(c.orgs.cb2.reader, 'inspection:settleSample', [id]);
  /** Opens a sample, both certification bodies commit, the commit phase ends and it is closed. */
  async function openCommittedAndClosed(id: string, criteria: Record<string, unknown>): Promise<void> {
    await open(id, criteria);
    await commit('cb1', id, CB1);
    await commit('cb2', id, CB2);
    c.net.advance(COMMIT);
    await close(id);
  }

  async function setUp(charter: Record<string, unknown> = {}): Promise<void> {
    c = await newConsortium({ charter });
    regulator = c.orgs.regulator.regulator;
    for (const [id, name] of [['INS-001', '张三'], ['INS-002', '李四'], ['INS-003', '王五'], ['INS-004', '赵六']]) {
      await c.net.submit(regulator, 'inspection:registerInspector', [id as string, name as string]);
    }
    for (const no of ['CB1-0001', 'CB1-0002', 'CB1-0003', 'CB1-0004']) await issue(c, 'cb1', no);
    await issue(c, 'cb1', 'CB1-0005', { scheme: 'EMS' });
    await issue(c, 'cb2', 'CB2-0001', { uscc: USCC_B }); // region 110101 (Beijing); the others 350102 (Fuzhou)
    await issue(c, 'cb2', 'CB2-0002');
    await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0004', 'r', inDays(c, 30)]);
  }

  describe('the regulator cannot draw alone', () => {
    beforeEach(() => setUp());

    it('Found: the regulator that knows the population cannot fix the draw by its secret — without other members\' commitments the sample becomes VOID, never DRAWN', async () => {
      await open('S-SOLO', { count: 2, inspectorCount: 1 });
      await refused(c.net, 'PRECONDITION_FAILED', () => reveal(regulator, 'S-SOLO', REG), 'not closed');
      c.net.advance(COMMIT);
      const closed = await close('S-SOLO');
      expect(closed.event?.name).to.equal('SampleVoided');
      const view = await sample('S-SOLO');
      expect(view).to.include({ status: 'VOID', voidReason: 'TOO_FEW_COMMITMENTS' });
      expect(view.drawn).to.equal(undefined);
      await refused(c.net, 'CONFLICT', () => reveal(regulator, 'S-SOLO', REG), 'VOID');
    });
  });

  describe('the protocol', () => {
    beforeEach(() => setUp());

    it('freezes the population at close, draws from every reveal with the regulator last, and anyone recomputes the draw', async () => {
      const opened = await c.net.submit(regulator, 'inspection:openSample', ['S-2025-01', commitmentOf('S-2025-01', 'RegulatorMSP', REG), JSON.stringify({ scheme: 'QMS', count: 3, inspectorCount: 2 })]);
      expect(opened.event?.name).to.equal('SampleOpened');
      let view = await sample('S-2025-01');
      expect(view).to.include({ status: 'COMMITTING', openedBy: 'RegulatorMSP', commitDeadline: inDays(c, COMMIT / DAY) });
      expect(view.population, 'no population before close').to.equal(undefined);

      expect((await commit('cb1', 'S-2025-01', CB1) as { event?: { name: string } }).event?.name).to.equal('SampleCommitted');
      await commit('cb2', 'S-2025-01', CB2);
      // one commitment per member, fixed once made
      await refused(c.net, 'ALREADY_EXISTS', () => commit('cb1', 'S-2025-01', `${CB1}!`));
      await refused(c.net, 'ALREADY_EXISTS', () => c.net.submit(c.orgs.regulator.admin, 'inspection:commitSample', ['S-2025-01', commitmentOf('S-2025-01', 'RegulatorMSP', REG)]));
      // nobody reveals before the population is frozen
      await refused(c.net, 'PRECONDITION_FAILED', () => reveal(c.orgs.cb1.admin, 'S-2025-01', CB1), 'not closed');
      // a certificate issued after the commitments but before close is in the population
      await issue(c, 'cb1', 'CB1-0006');
      await refused(c.net, 'PRECONDITION_FAILED', () => close('S-2025-01'), 'commit phase runs until');
      c.net.advance(COMMIT);
      const closed = await close('S-2025-01');
      expect(closed.event?.name).to.equal('SampleClosed');
      // certificates and inspectors added after close cannot be drawn
      await issue(c, 'cb1', 'CB1-0007');
      await c.net.submit(regulator, 'inspection:registerInspector', ['INS-005', '钱七']);
      view = await sample('S-2025-01');
      expect(view.status).to.equal('REVEALING');
      expect(view.population).to.deep.equal(['CB1-0001', 'CB1-0002', 'CB1-0003', 'CB1-0006', 'CB2-0001', 'CB2-0002']);
      expect(view.inspectorPopulation).to.deep.equal(['INS-001', 'INS-002', 'INS-003', 'INS-004']);
      expect(view.populationHash).to.equal(h(...(view.population ?? [])));
      expect(view.memberRevealDeadline).to.equal(inDays(c, REVEAL / DAY));
      expect(view.regulatorRevealDeadline).to.equal(inDays(c, (2 * REVEAL) / DAY));

      await refused(c.net, 'FORBIDDEN', () => reveal(c.orgs.cb1.admin, 'S-2025-01', `${CB1}x`), 'does not match');
      expect((await reveal(c.orgs.cb1.admin, 'S-2025-01', CB1)).event?.name).to.equal('SampleRevealed');
      await refused(c.net, 'CONFLICT', () => reveal(c.orgs.cb1.admin, 'S-2025-01', CB1), 'already revealed');
      // the regulator reveals last: while cb2 may still choose, nobody with a choice knows the regulator's secret
      await refused(c.net, 'PRECONDITION_FAILED', () => reveal(regulator, 'S-2025-01', REG), 'reveals last');
      await reveal(c.orgs.cb2.admin, 'S-2025-01', CB2);
      // after seeing both members' secrets it still has no choice of secret: only the committed one opens
      await refused(c.net, 'FORBIDDEN', () => reveal(regulator, 'S-2025-01', `${REG}, another`), 'does not match');
      const drawn = await reveal(regulator, 'S-2025-01', REG);
      expect(drawn.event?.name).to.equal('SampleDrawn');

      view = await sample('S-2025-01');
      const expected = recompute(view, { RegulatorMSP: REG, Cb1MSP: CB1, Cb2MSP: CB2 });
      expect(view).to.include({ status: 'DRAWN', seed: expected.seed });
      expect(view.drawn).to.deep.equal({ certificates: expected.certificates, inspectors: expected.inspectors });
      expect(view.withheld).to.deep.equal([]);
      expect(view.participants.map((p) => [p.mspId, p.commitment, p.revealed, p.secret])).to.deep.equal([
        ['Cb1MSP', commitmentOf('S-2025-01', 'Cb1MSP', CB1), true, CB1],
        ['Cb2MSP', commitmentOf('S-2025-01', 'Cb2MSP', CB2), true, CB2],
        ['RegulatorMSP', commitmentOf('S-2025-01', 'RegulatorMSP', REG), true, REG],
      ]);
      expect(JSON.parse(drawn.event?.payload ?? '{}')).to.deep.equal({ sampleId: 'S-2025-01', seed: expected.seed, ...view.drawn, withheld: [] });
      await refused(c.net, 'CONFLICT', () => reveal(regulator, 'S-2025-01', REG), 'DRAWN');
    });

    it('lets the regulator reveal once every committed member has, or once the member reveal phase is over', async () => {
      await openCommittedAndClosed('S-EARLY', { count: 1, inspectorCount: 0 });
      await reveal(c.orgs.cb2.admin, 'S-EARLY', CB2);
      await reveal(c.orgs.cb1.admin, 'S-EARLY', CB1);
      await reveal(c.orgs.regulator.admin, 'S-EARLY', REG); // an admin of the regulator member may reveal its secret too
      expect((await sample('S-EARLY')).status).to.equal('DRAWN');
    });

    it('narrows the population by issuer and by the holder\'s region (GB/T 2260 code prefix)', async () => {
      const populationOf = async (id: string, criteria: Record<string, unknown>): Promise<string[]> => {
        await open(id, criteria);
        await commit('cb1', id, CB1);
        await commit('cb2', id, CB2);
        c.net.advance(COMMIT);
        await close(id);
        return (await sample(id)).population ?? [];
      };
      expect(await populationOf('S-CB2', { issuer: 'Cb2MSP', count: 1, inspectorCount: 1 })).to.deep.equal(['CB2-0001', 'CB2-0002']);
      expect(await populationOf('S-FUJIAN', { region: '350000', count: 1, inspectorCount: 0 })).to.deep.equal(['CB1-0001', 'CB1-0002', 'CB1-0003', 'CB1-0005', 'CB2-0002']);
      expect(await populationOf('S-FUZHOU', { region: '350100', scheme: 'QMS', count: 1, inspectorCount: 0 })).to.deep.equal(['CB1-0001', 'CB1-0002', 'CB1-0003', 'CB2-0002']);
      expect(await populationOf('S-GULOU', { region: '350102', issuer: 'Cb2MSP', count: 1, inspectorCount: 0 })).to.deep.equal(['CB2-0002']);
      expect(await populationOf('S-BEIJING', { region: '110000', count: 1, inspectorCount: 0 })).to.deep.equal(['CB2-0001']);
      await refused(c.net, 'INVALID_ARGUMENT', () => open('S-X', { region: '350199', count: 1, inspectorCount: 0 }), 'criteria.region');
      await refused(c.net, 'INVALID_ARGUMENT', () => open('S-X', { region: '35', count: 1, inspectorCount: 0 }), 'criteria.region');
      await refused(c.net, 'PRECONDITION_FAILED', () => open('S-X', { region: '440000', count: 1, inspectorCount: 0 }), 'criteria.count');
    });
  });

  describe('a pause of writes', () => {
    beforeEach(() => setUp());

    it('does not stop a sample already open: commitments, close, reveals and settling go on (a pause cannot freeze the reveals or void the draw); opening waits', async () => {
      await open('S-PAUSE', { scheme: 'QMS', count: 2, inspectorCount: 1 });
      await c.net.submit(regulator, 'membership:pauseWrites', ['an emergency elsewhere']);
      await refused(c.net, 'PRECONDITION_FAILED', () => open('S-PAUSE-2', { scheme: 'QMS', count: 2, inspectorCount: 1 }), 'paused');
      await commit('cb1', 'S-PAUSE', CB1);
      await commit('cb2', 'S-PAUSE', CB2);
      c.net.advance(COMMIT);
      await close('S-PAUSE');
      await reveal(c.orgs.cb1.admin, 'S-PAUSE', CB1);
      await reveal(c.orgs.cb2.admin, 'S-PAUSE', CB2);
      await reveal(regulator, 'S-PAUSE', REG);
      expect((await sample('S-PAUSE')).status).to.equal('DRAWN');
    });
  });

  describe('withholding', () => {
    it('a member that does not reveal in time is left out and recorded as withheld; the draw goes on with the regulator and k others', async () => {
      await setUp({ inspection: { ...DEFAULT_CHARTER.inspection, minOtherReveals: 1 } });
      await openCommittedAndClosed('S-W', { count: 2, inspectorCount: 1 });
      await reveal(c.orgs.cb1.admin, 'S-W', CB1);
      c.net.advance(REVEAL);
      await refused(c.net, 'PRECONDITION_FAILED', () => reveal(c.orgs.cb2.admin, 'S-W', CB2), 'member reveal phase ended');
      const drawn = await reveal(regulator, 'S-W', REG);
      const view = await sample('S-W');
      expect(view).to.include({ status: 'DRAWN' });
      expect(view.withheld).to.deep.equal(['Cb2MSP']);
      expect((JSON.parse(drawn.event?.payload ?? '{}') as { withheld?: string[] }).withheld).to.deep.equal(['Cb2MSP']);
      const expected = recompute(view, { RegulatorMSP: REG, Cb1MSP: CB1 });
      expect(view.drawn).to.deep.equal({ certificates: expected.certificates, inspectors: expected.inspectors });
    });

    it('with fewer than k other reveals the sample cannot be drawn: it is settled VOID, the withholders recorded', async () => {
      await setUp();
      await openCommittedAndClosed('S-K', { count: 2, inspectorCount: 1 });
      await reveal(c.orgs.cb1.admin, 'S-K', CB1);
      await refused(c.net, 'PRECONDITION_FAILED', () => settle('S-K'), 'nothing to settle');
      c.net.advance(REVEAL);
      await refused(c.net, 'PRECONDITION_FAILED', () => reveal(regulator, 'S-K', REG), 'only 1 of the 2');
      const voided = await settle('S-K');
      expect(voided.event?.name).to.equal('SampleVoided');
      expect(await sample('S-K')).to.deep.include({ status: 'VOID', voidReason: 'TOO_FEW_REVEALS', withheld: ['Cb2MSP'] });
    });

    it('a regulator that withholds its reveal cannot discard the sample: it is drawn from the members\' reveals, the regulator recorded as withheld', async () => {
      await setUp();
      await openCommittedAndClosed('S-R', { count: 2, inspectorCount: 1 });
      await reveal(c.orgs.cb1.admin, 'S-R', CB1);
      await reveal(c.orgs.cb2.admin, 'S-R', CB2);
      c.net.advance(REVEAL);
      await refused(c.net, 'PRECONDITION_FAILED', () => settle('S-R'), 'nothing to settle');
      c.net.advance(REVEAL);
      await refused(c.net, 'PRECONDITION_FAILED', () => reveal(regulator, 'S-R', REG), 'regulator reveal phase ended');
      const settled = await settle('S-R');
      expect(settled.event?.name).to.equal('SampleDrawn');
      const view = await sample('S-R');
      expect(view).to.deep.include({ status: 'DRAWN', withheld: ['RegulatorMSP'] });
      const expected = recompute(view, { Cb1MSP: CB1, Cb2MSP: CB2 });
      expect(view.drawn).to.deep.equal({ certificates: expected.certificates, inspectors: expected.inspectors });
      await refused(c.net, 'CONFLICT', () => settle('S-R'), 'DRAWN');
    });

    it('voids a sample whose frozen population has become too small for the count', async () => {
      await setUp();
      await open('S-SMALL', { issuer: 'Cb2MSP', count: 2, inspectorCount: 1 });
      await commit('cb1', 'S-SMALL', CB1);
      await commit('cb2', 'S-SMALL', CB2);
      await c.net.submit(c.orgs.cb2.issuer, 'certificate:withdraw', ['CB2-0002', 'withdrawn before close']);
      c.net.advance(COMMIT);
      await close('S-SMALL');
      expect(await sample('S-SMALL')).to.deep.include({ status: 'VOID', voidReason: 'POPULATION_TOO_SMALL', population: ['CB2-0001'] });
    });
  });

  describe('results and their publication', () => {
    beforeEach(async () => {
      await setUp();
      await openCommittedAndClosed('S-PUB', { count: 2, inspectorCount: 1 });
      await reveal(c.orgs.cb1.admin, 'S-PUB', CB1);
      await reveal(c.orgs.cb2.admin, 'S-PUB', CB2);
      await reveal(regulator, 'S-PUB', REG);
    });

    it('records one result per drawn certificate and publishes the draw and the results [BULLETIN: 向社会公开抽查结果]', async () => {
      const view = await sample('S-PUB');
      const [first, second] = view.drawn?.certificates ?? [];
      const notDrawn = (view.population ?? []).find((no) => !(view.drawn?.certificates ?? []).includes(no)) as string;
      const report = await anchorEvidence(c, 'regulator', 'inspection-report-1', 'OTHER');
      const record = (no: string, result: Record<string, unknown>) => c.net.submit(regulator, 'inspection:recordInspectionResult', ['S-PUB', no, JSON.stringify(result)]);

      await refused(c.net, 'INVALID_ARGUMENT', () => record(second as string, { outcome: 'CONFORMING', note: 'x' }), 'result.evidenceId');
      await refused(c.net, 'INVALID_ARGUMENT', () => record(second as string, { outcome: 'FINE', note: 'x', evidenceId: report }), 'result.outcome');
      await refused(c.net, 'INVALID_ARGUMENT', () => record(second as string, { outcome: 'NOT_INSPECTED', note: '  ' }), 'result.note');
      const recorded = await record(first as string, { outcome: 'NONCONFORMING', note: '管理评审记录缺失', evidenceId: report });
      expect(recorded.event?.name).to.equal('InspectionResultRecorded');
      await refused(c.net, 'NOT_FOUND', () => record(second as string, { outcome: 'CONFORMING', note: 'x', evidenceId: 'RegulatorMSP:missing' }));
      await record(second as string, { outcome: 'NOT_INSPECTED', note: 'the site was closed for renovation' });
      await refused(c.net, 'CONFLICT', () => record(first as string, { outcome: 'CONFORMING', note: 'x', evidenceId: report }), 'already recorded');
      await refused(c.net, 'PRECONDITION_FAILED', () => record(notDrawn, { outcome: 'CONFORMING', note: 'x', evidenceId: report }), 'was not drawn');
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'inspection:recordInspectionResult', ['S-PUB', second as string, JSON.stringify({ outcome: 'CONFORMING', note: 'x', evidenceId: report })]));

      // the public report: the draw (recomputable), the results, and no user names
      const pub = await query<SampleView>(c.net, c.orgs.cb2.reader, 'inspection:getSampleReport', ['S-PUB']);
      expect(pub.drawn).to.deep.equal(view.drawn);
      expect(pub.seed).to.equal(recompute(pub, { RegulatorMSP: REG, Cb1MSP: CB1, Cb2MSP: CB2 }).seed);
      expect(pub.results.map((r) => [r.certificateNo, r.outcome, r.note, r.evidenceId, r.recordedBy])).to.deep.equal(
        [[first, 'NONCONFORMING', '管理评审记录缺失', report, 'RegulatorMSP'], [second, 'NOT_INSPECTED', 'the site was closed for renovation', undefined, 'RegulatorMSP']]
          .sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
      );
      expect(JSON.stringify(pub)).to.not.match(/CN=|admin1@/);
      expect((await sample('S-PUB')).participants[0]?.committedBy).to.match(/CN=/);
    });

    it('refuses results before the draw', async () => {
      await open('S-LATER', { count: 1, inspectorCount: 0 });
      await refused(c.net, 'CONFLICT', () => c.net.submit(regulator, 'inspection:recordInspectionResult', ['S-LATER', 'CB1-0001', JSON.stringify({ outcome: 'NOT_INSPECTED', note: 'x' })]), 'COMMITTING');
    });
  });

  describe('who may do what', () => {
    beforeEach(() => setUp({ inspection: { ...DEFAULT_CHARTER.inspection, minOtherReveals: 1 } }));

    it('refuses other callers, populations too small for the count, a reused id and malformed input', async () => {
      const ok = { count: 2, inspectorCount: 2 };
      const openAs = (who: TestIdentity, id: string, commitment: string, criteria: Record<string, unknown>): Promise<unknown> =>
        c.net.submit(who, 'inspection:openSample', [id, commitment, JSON.stringify(criteria)]);
      const commitment = commitmentOf('S-1', 'RegulatorMSP', REG);
      for (const who of [c.orgs.cb1.regulator, c.orgs.cb1.issuer, c.orgs.regulator.reader, c.orgs.regulator.admin]) {
        await refused(c.net, 'FORBIDDEN', () => openAs(who, 'S-1', commitment, ok));
        await refused(c.net, 'FORBIDDEN', () => c.net.submit(who, 'inspection:registerInspector', ['INS-009', 'x']));
      }
      await refused(c.net, 'PRECONDITION_FAILED', () => openAs(regulator, 'S-1', commitment, { scheme: 'EMS', count: 2, inspectorCount: 1 }), 'criteria.count');
      await refused(c.net, 'PRECONDITION_FAILED', () => openAs(regulator, 'S-1', commitment, { count: 1, inspectorCount: 5 }), 'criteria.inspectorCount');
      await refused(c.net, 'INVALID_ARGUMENT', () => openAs(regulator, 'S-1', commitment.toUpperCase(), ok), 'commitment');
      await refused(c.net, 'INVALID_ARGUMENT', () => openAs(regulator, 'S-1', commitment, { count: 0, inspectorCount: 1 }), 'criteria.count');
      await refused(c.net, 'INVALID_ARGUMENT', () => openAs(regulator, 'S-1', commitment, { ...ok, scheme: 'XYZ' }), 'criteria.scheme');
      await refused(c.net, 'ALREADY_EXISTS', () => c.net.submit(regulator, 'inspection:registerInspector', ['INS-001', '张三']));

      await openAs(regulator, 'S-1', commitment, ok);
      await refused(c.net, 'ALREADY_EXISTS', () => openAs(regulator, 'S-1', commitment, ok));
      // a member commits as an admin (or regulator user); issuers and readers do not
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'inspection:commitSample', ['S-1', commitmentOf('S-1', 'Cb1MSP', CB1)]));
      await refused(c.net, 'NOT_FOUND', () => c.net.submit(c.orgs.cb1.admin, 'inspection:commitSample', ['S-9', commitmentOf('S-9', 'Cb1MSP', CB1)]));
      await commit('cb1', 'S-1', CB1);
      c.net.advance(COMMIT);
      await refused(c.net, 'PRECONDITION_FAILED', () => commit('cb2', 'S-1', CB2), 'commit phase ended');
      await close('S-1');
      await refused(c.net, 'CONFLICT', () => close('S-1'));
      await refused(c.net, 'INVALID_ARGUMENT', () => reveal(c.orgs.cb1.admin, 'S-1', 'too short'), 'secret');
      await refused(c.net, 'NOT_FOUND', () => reveal(c.orgs.cb1.admin, 'S-9', CB1));
      await refused(c.net, 'FORBIDDEN', () => reveal(c.orgs.cb2.admin, 'S-1', CB2), 'did not commit');
      await refused(c.net, 'FORBIDDEN', () => reveal(c.orgs.cb1.issuer, 'S-1', CB1));
    });
  });
});
