// The linked certification cycle on the harness: NONCONFORMITY severities, CORRECTIVE_ACTION
// closing them, CERTIFICATION_DECISION refused while a MAJOR one of its audit is open.
import { expect } from 'chai';
import { newConsortium, type Consortium } from '../../../support/consortium';
import type { TestIdentity } from '../../../support/identities';
import { USCC_A, USCC_B, anchor, auditArg, expectAnchorRefused, lastEvent, query, recordOf, registerAuditors, type StoredRecord } from './helpers';

const ZHANG = '2019-N1QMS-1234567';
const WANG = '2020-N1EMS-7654321';

function nonconformity(clientRef: string, auditId: string, severity: 'MAJOR' | 'MINOR'): Record<string, unknown> {
  return recordOf(clientRef, { kind: 'NONCONFORMITY', severity, subject: { uscc: USCC_A, auditId } });
}
function correctiveAction(clientRef: string, closes: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return recordOf(clientRef, { kind: 'CORRECTIVE_ACTION', closes, ...over });
}
function decision(clientRef: string, auditId: string, outcome: 'GRANT' | 'REFUSE' = 'GRANT'): Record<string, unknown> {
  return recordOf(clientRef, { kind: 'CERTIFICATION_DECISION', decision: outcome, subject: { uscc: USCC_A, auditId } });
}

describe('evidence: the certification cycle', function () {
  this.timeout(30_000);
  let c: Consortium;
  let cb1: TestIdentity;
  let audits = 0;
  /** Records a STAGE2 audit of `auditId` (of USCC_A unless told) as `who`'s body: a GRANT decision rests on one. */
  const stage2 = async (auditId: string, who: TestIdentity = cb1, over: Record<string, unknown> = {}): Promise<void> => {
    // one audit a day back from 31 December, so the auditor's audits never overlap
    const day = new Date(Date.UTC(2024, 11, 31 - audits++)).toISOString().slice(0, 10);
    const auditor = who === cb1 ? ZHANG : WANG;
    await c.net.submit(who, 'evidence:recordAudit', [JSON.stringify(auditArg(auditId, day, day, 1, [auditor], over))]);
  };
  beforeEach(async () => {
    c = await newConsortium();
    cb1 = c.orgs.cb1.recorder;
    audits = 0;
    await registerAuditors(c.net, cb1, ZHANG);
    await registerAuditors(c.net, c.orgs.cb2.recorder, WANG);
  });
  const open = (auditId: string): Promise<{ id: string; severity: string }[]> =>
    query(c.net, c.orgs.cb2.reader, 'evidence:openNonconformities', [auditId]);

  it('refuses the decision while a MAJOR nonconformity is open, and accepts it once a corrective action closes it', async () => {
    const { net } = c;
    await stage2('A-1');
    const nc = await anchor(net, cb1, nonconformity('nc-1', 'A-1', 'MAJOR'));
    expect(nc.severity).to.equal('MAJOR');
    expect(await open('A-1')).to.deep.equal([{ id: nc.id, severity: 'MAJOR' }]);

    await expectAnchorRefused(net, cb1, decision('dec-1', 'A-1'), 'PRECONDITION_FAILED', { includes: [nc.id, 'A-1'] });

    const ca = await anchor(net, cb1, correctiveAction('ca-1', nc.id, { subject: { uscc: USCC_A, auditId: 'A-1' } }));
    expect(ca.closes).to.equal(nc.id);
    expect(lastEvent(net).name).to.equal('EvidenceAnchored');
    expect(await open('A-1')).to.deep.equal([]);

    const dec = await anchor(net, cb1, decision('dec-1', 'A-1'));
    expect(dec.kind).to.equal('CERTIFICATION_DECISION');
    expect(dec.decision).to.equal('GRANT');
    expect(lastEvent(net).payload.id).to.equal('Cb1MSP:dec-1');
  });

  it('refuses closing an already-closed nonconformity: CONFLICT', async () => {
    const { net } = c;
    const nc = await anchor(net, cb1, nonconformity('nc-2', 'A-2', 'MAJOR'));
    await anchor(net, cb1, correctiveAction('ca-2', nc.id));
    await expectAnchorRefused(net, cb1, correctiveAction('ca-2b', nc.id), 'CONFLICT', { includes: ['already closed'] });
  });

  it('refuses a corrective action by another body: FORBIDDEN', async () => {
    const { net, orgs } = c;
    const nc = await anchor(net, cb1, nonconformity('nc-3', 'A-3', 'MAJOR'));
    await expectAnchorRefused(net, orgs.cb2.recorder, correctiveAction('ca-3', nc.id), 'FORBIDDEN', { includes: ['Cb1MSP'] });
    await expectAnchorRefused(net, orgs.regulator.recorder, correctiveAction('ca-3', nc.id), 'FORBIDDEN');
    expect(await open('A-3')).to.deep.equal([{ id: nc.id, severity: 'MAJOR' }]);
  });

  it('does not block the decision on MINOR nonconformities, which stay listed as open', async () => {
    const { net } = c;
    const minor = await anchor(net, cb1, nonconformity('nc-4', 'A-4', 'MINOR'));
    const dec = await anchor(net, cb1, decision('dec-4', 'A-4', 'REFUSE'));
    expect(dec.decision).to.equal('REFUSE');
    expect(await open('A-4')).to.deep.equal([{ id: minor.id, severity: 'MINOR' }]);
  });

  it('lists what is open per audit and keeps blocking until every MAJOR of the audit is closed', async () => {
    const { net } = c;
    await stage2('A-5');
    const m1 = await anchor(net, cb1, nonconformity('nc-5a', 'A-5', 'MAJOR'));
    const m2 = await anchor(net, cb1, nonconformity('nc-5b', 'A-5', 'MAJOR'));
    const mi = await anchor(net, cb1, nonconformity('nc-5c', 'A-5', 'MINOR'));
    const elsewhere = await anchor(net, cb1, nonconformity('nc-6', 'A-6', 'MAJOR'));
    expect(await open('A-5')).to.have.deep.members([
      { id: m1.id, severity: 'MAJOR' }, { id: m2.id, severity: 'MAJOR' }, { id: mi.id, severity: 'MINOR' },
    ]);
    expect(await open('A-6')).to.deep.equal([{ id: elsewhere.id, severity: 'MAJOR' }]);
    expect(await open('A-none')).to.deep.equal([]);

    await anchor(net, cb1, correctiveAction('ca-5a', m1.id));
    const refusal = await expectAnchorRefused(net, cb1, decision('dec-5', 'A-5'), 'PRECONDITION_FAILED', { includes: [m2.id] });
    expect(refusal.message).not.to.include(m1.id);
    expect(refusal.message).not.to.include(mi.id);
    await anchor(net, cb1, correctiveAction('ca-5b', m2.id));
    await anchor(net, cb1, decision('dec-5', 'A-5'));
    expect(await open('A-5')).to.deep.equal([{ id: mi.id, severity: 'MINOR' }]);
    // an open MAJOR of another audit did not matter
    expect(await open('A-6')).to.deep.equal([{ id: elsewhere.id, severity: 'MAJOR' }]);
  });

  it('checks what a corrective action closes: NOT_FOUND, not a nonconformity, another audit', async () => {
    const { net } = c;
    const other = await anchor(net, cb1, recordOf('plan-7', { kind: 'AUDIT_PLAN' }));
    const nc = await anchor(net, cb1, nonconformity('nc-7', 'A-7', 'MAJOR'));
    await expectAnchorRefused(net, cb1, correctiveAction('ca-7', 'Cb1MSP:nope'), 'NOT_FOUND');
    await expectAnchorRefused(net, cb1, correctiveAction('ca-7', other.id), 'INVALID_ARGUMENT', { field: 'record.closes' });
    await expectAnchorRefused(net, cb1, correctiveAction('ca-7', nc.id, { subject: { auditId: 'A-8' } }), 'INVALID_ARGUMENT', { field: 'record.subject.auditId' });
    await expectAnchorRefused(net, cb1, correctiveAction('ca-7', nc.id, { severity: 'MINOR' }), 'INVALID_ARGUMENT', { field: 'record.severity' });
    await expectAnchorRefused(net, cb1, recordOf('dec-7', { kind: 'NONCONFORMITY', severity: 'CRITICAL', subject: { auditId: 'A-7' } }), 'INVALID_ARGUMENT', { field: 'record.severity' });
    await expectAnchorRefused(net, cb1, recordOf('dec-7', { kind: 'CERTIFICATION_DECISION', decision: 'MAYBE', subject: { uscc: USCC_A, auditId: 'A-7' } }), 'INVALID_ARGUMENT', { field: 'record.decision' });
  });

  it('a decision retry after it was accepted is idempotent even if a MAJOR is raised later', async () => {
    const { net } = c;
    await stage2('A-9');
    const dec = await anchor(net, cb1, decision('dec-9', 'A-9'));
    await anchor(net, cb1, nonconformity('nc-9', 'A-9', 'MAJOR'));
    expect(await anchor(net, cb1, decision('dec-9', 'A-9'))).to.deep.equal(dec);
    await expectAnchorRefused(net, cb1, decision('dec-9b', 'A-9'), 'PRECONDITION_FAILED');
  });

  it('does not let another body block a decision with a MAJOR nonconformity under the same audit id', async () => {
    const { net, orgs } = c;
    await stage2('A-10');
    const foreign = await anchor(net, orgs.cb2.recorder, nonconformity('nc-10', 'A-10', 'MAJOR'));
    // cb1 cannot close cb2's nonconformity, so counting it would block cb1's decision for good
    await expectAnchorRefused(net, cb1, correctiveAction('ca-10', foreign.id), 'FORBIDDEN');
    const dec = await anchor(net, cb1, decision('dec-10', 'A-10'));
    expect(dec.decision).to.equal('GRANT');
    // cb2's own decision under A-10 is still held by its own MAJOR (a GRANT of cb2 could not rest on cb1's audit anyway)
    await expectAnchorRefused(net, orgs.cb2.recorder, decision('dec-10', 'A-10', 'REFUSE'), 'PRECONDITION_FAILED', { includes: [foreign.id] });
  });

  it('lets a corrective action be corrected (superseded) after it closed its nonconformity', async () => {
    const { net } = c;
    await stage2('A-11');
    const nc = await anchor(net, cb1, nonconformity('nc-11', 'A-11', 'MAJOR'));
    const ca = await anchor(net, cb1, correctiveAction('ca-11', nc.id));
    const fixed = await anchor(net, cb1, correctiveAction('ca-11-v2', nc.id, { supersedes: ca.id }));
    expect(fixed.supersedes).to.equal(ca.id);
    expect((await query<StoredRecord>(net, c.orgs.cb2.reader, 'evidence:get', [ca.id])).supersededBy).to.equal(fixed.id);
    expect(await open('A-11')).to.deep.equal([]);
    // the open marker was put once and deleted once: the correction did not touch it again
    const marker = '\u0000evidence.openNc\u0000A-11\u0000Cb1MSP:nc-11\u0000';
    expect(net.ledger.history(marker).map((h) => [h.txId, h.isDelete])).to.deep.equal([[ca.txId, true], [nc.txId, false]]);
    await anchor(net, cb1, decision('dec-11', 'A-11'));
    // but only a correction of a corrective action for the same nonconformity
    const plan = await anchor(net, cb1, recordOf('plan-11', { kind: 'AUDIT_PLAN' }));
    await expectAnchorRefused(net, cb1, correctiveAction('ca-11-x', nc.id, { supersedes: plan.id }), 'CONFLICT');
    await expectAnchorRefused(net, cb1, correctiveAction('ca-11-y', nc.id, { supersedes: fixed.id, subject: { auditId: 'A-12' } }), 'INVALID_ARGUMENT', { field: 'record.subject.auditId' });
  });

  it('a corrected open nonconformity is replaced by its correction: only the correction counts and must be closed', async () => {
    const { net } = c;
    await stage2('A-20');
    const first = await anchor(net, cb1, nonconformity('nc-20', 'A-20', 'MINOR'));
    const corrected = await anchor(net, cb1, { ...nonconformity('nc-20-v2', 'A-20', 'MAJOR'), supersedes: first.id });
    expect(await open('A-20')).to.deep.equal([{ id: corrected.id, severity: 'MAJOR' }]);
    await expectAnchorRefused(net, cb1, decision('dec-20', 'A-20'), 'PRECONDITION_FAILED', { includes: [corrected.id] });
    await expectAnchorRefused(net, cb1, correctiveAction('ca-20-old', first.id), 'CONFLICT', { includes: [`corrected by ${corrected.id}`] });
    // a nonconformity is not corrected away into another kind of record, nor moved to another audit
    await expectAnchorRefused(net, cb1, { ...recordOf('nc-20-gone', { kind: 'OTHER', subject: { uscc: USCC_A, auditId: 'A-20' } }), supersedes: corrected.id }, 'INVALID_ARGUMENT', { field: 'record.kind' });
    await expectAnchorRefused(net, cb1, { ...nonconformity('nc-20-moved', 'A-99', 'MAJOR'), supersedes: corrected.id }, 'INVALID_ARGUMENT', { field: 'record.subject.auditId' });
    expect(await open('A-20')).to.deep.equal([{ id: corrected.id, severity: 'MAJOR' }]);
    await anchor(net, cb1, correctiveAction('ca-20', corrected.id));
    expect(await open('A-20')).to.deep.equal([]);
    await anchor(net, cb1, decision('dec-20', 'A-20'));
  });

  it('a corrected closed nonconformity stays closed, and so does its correction', async () => {
    const { net } = c;
    await stage2('A-21');
    const nc = await anchor(net, cb1, nonconformity('nc-21', 'A-21', 'MAJOR'));
    await anchor(net, cb1, correctiveAction('ca-21', nc.id));
    await anchor(net, cb1, { ...nonconformity('nc-21-v2', 'A-21', 'MAJOR'), supersedes: nc.id });
    expect(await open('A-21')).to.deep.equal([]);
    await anchor(net, cb1, decision('dec-21', 'A-21'));
  });

  describe('a GRANT decision rests on a recorded audit of the body and organisation', () => {
    it('refuses an unrecorded audit (NOT_FOUND), another body\'s, another organisation\'s, or one of a type no certificate rests on', async () => {
      const { net, orgs } = c;
      await expectAnchorRefused(net, cb1, decision('dec-30', 'A-GHOST'), 'NOT_FOUND', { includes: ['audit A-GHOST', 'evidence:recordAudit'] });
      await stage2('A-31', orgs.cb2.recorder);
      await expectAnchorRefused(net, cb1, decision('dec-31', 'A-31'), 'PRECONDITION_FAILED', { includes: ['run by Cb2MSP'] });
      await stage2('A-32', cb1, { uscc: USCC_B });
      await expectAnchorRefused(net, cb1, decision('dec-32', 'A-32'), 'PRECONDITION_FAILED', { includes: [`of organisation ${USCC_B}`] });
      for (const type of ['STAGE1', 'SURVEILLANCE', 'SPECIAL']) {
        await stage2(`A-33-${type}`, cb1, { type });
        await expectAnchorRefused(net, cb1, decision(`dec-33-${type}`, `A-33-${type}`), 'PRECONDITION_FAILED', { includes: [`a ${type} audit`, 'STAGE2, RECERTIFICATION, TRANSFER'] });
      }
    });

    it('accepts a STAGE2, RECERTIFICATION or TRANSFER audit; a REFUSE decision needs no recorded audit', async () => {
      const { net } = c;
      for (const type of ['STAGE2', 'RECERTIFICATION', 'TRANSFER']) {
        await stage2(`A-34-${type}`, cb1, { type });
        expect((await anchor(net, cb1, decision(`dec-34-${type}`, `A-34-${type}`))).decision).to.equal('GRANT');
      }
      expect((await anchor(net, cb1, decision('dec-35', 'A-NOT-RECORDED', 'REFUSE'))).decision).to.equal('REFUSE');
    });
  });
});
