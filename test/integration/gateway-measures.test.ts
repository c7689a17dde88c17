// The regulator's administrative measures on members (docs/contracts.md §4.4)
// through real HTTP: suspending a certification body's right to issue (without a vote under the
// default charter), and suspending or reinstating a member alone — refused while the charter lists
// SUSPEND_MEMBER and REINSTATE_MEMBER in measuresNeedingVote (the default), allowed once an
// AMEND_CHARTER proposal voted through drops them. These need ACTIVE certification bodies, so they
// run before final/governance.test.ts expels cb1 and lets cb2 exit; everything they change is
// undone before the file ends (the right to issue and Cb2 reinstated, the charter's measures
// restored by a second amendment), so the suites after it see the founding consortium.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { certificateBody, grantDecision, sha256, USCC } from './support/certificates';
import { apiKey as key, call, type Answer, ok, waitUntil } from './support/http';
import { requireNetwork } from './support/network';
import { ifAssigned } from '../support/defined';

const run = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();

const MEMBER_MEASURES = ['SUSPEND_MEMBER', 'REINSTATE_MEMBER'];

interface Charter { version: number; measuresNeedingVote: string[]; [field: string]: unknown }
interface Member { mspId: string; status: string; issuingSuspension?: Record<string, unknown> }



describe('regulator measures on members over HTTP: the right to issue, and suspension as the charter allows (real network)', function () {
  this.timeout(180_000);
  const admin: Record<string, string> = {};
  let regulator: string;
  let cb2Issuer: string;
  let cb2Recorder: string;

  const member = async (mspId: string): Promise<Member> => ok(await call('regulator', 'GET', `/v1/members/${mspId}`, { key: regulator }), 200) as unknown as Member;
  const charter = async (): Promise<Charter> => ok(await call('cb1', 'GET', '/v1/charter', { key: admin.cb1 }), 200) as unknown as Charter;
  const anchor = (org: string, k: string, ref: string): Promise<Answer> =>
    call(org, 'POST', '/v1/evidence', { key: k, body: { clientRef: ref, kind: 'OTHER', subject: { uscc: USCC }, digest: { alg: 'sha256', value: sha256(ref) } } });

  /** Opens an AMEND_CHARTER setting measuresNeedingVote, and has every ACTIVE member in `voters` vote YES. */
  async function openAmendment(id: string, measures: string[], voters: string[]): Promise<{ deadline: string; electorate: string[] }> {
    const current = await charter();
    const opened = ok(await call('regulator', 'POST', '/v1/proposals', { key: admin.regulator, body: {
      id, type: 'AMEND_CHARTER', payload: { charter: { ...current, version: current.version + 1, measuresNeedingVote: measures } },
    } }), 201) as { deadline: string; electorate: string[]; status: string };
    expect(opened.status).to.equal('OPEN');
    for (const org of voters) ok(await call(org, 'POST', `/v1/proposals/${id}/votes`, { key: admin[org] as string, body: { choice: 'YES' } }), 201);
    return opened;
  }

  async function finalizeApproved(id: string, deadline: string): Promise<void> {
    await waitUntil(deadline);
    const decided = ok(await call('cb1', 'POST', `/v1/proposals/${id}/finalize`, { key: admin.cb1 }), 200) as { proposal: { status: string } };
    expect(decided.proposal.status).to.equal('APPROVED');
  }

  before(async function () {
    await requireNetwork(this);
    for (const org of ['regulator', 'cb1', 'cb2']) admin[org] = key(org, 'admin1');
    regulator = key('regulator', 'regulator1');
    cb2Issuer = key('cb2', 'issuer1');
    cb2Recorder = key('cb2', 'recorder1');
    // A proposal left open by an interrupted run would block an amendment (one open proposal per subject).
    const open = ok(await call('cb1', 'GET', '/v1/proposals?status=OPEN&pageSize=50', { key: admin.cb1 }), 200) as { items: { id: string; deadline: string }[] };
    for (const stale of open.items) {
      await waitUntil(stale.deadline);
      ok(await call('cb1', 'POST', `/v1/proposals/${stale.id}/finalize`, { key: admin.cb1 }), 200);
    }
    // An interrupted run may have left the charter without the member measures: restore them first.
    const current = await charter();
    if (!MEMBER_MEASURES.every((m) => current.measuresNeedingVote.includes(m))) {
      console.warn('  an earlier run left SUSPEND_MEMBER/REINSTATE_MEMBER out of measuresNeedingVote; restoring them by amendment');
      const id = `measures-restore-stale-${run}`;
      const opened = await openAmendment(id, [...new Set([...current.measuresNeedingVote, ...MEMBER_MEASURES])], ['regulator', 'cb1', 'cb2']);
      await finalizeApproved(id, opened.deadline);
    }
  });

  after(async function () {
    // Leave the founding consortium as it was, even when a test failed half-way.
    if (ifAssigned(regulator) === undefined) return;
    const cb2 = await member('Cb2MSP');
    if (cb2.issuingSuspension !== undefined) await call('regulator', 'POST', '/v1/members/Cb2MSP/issuing-reinstatement', { key: regulator, body: { note: 'cleanup' } });
    if (cb2.status === 'SUSPENDED') await call('regulator', 'POST', '/v1/members/Cb2MSP/reinstatement', { key: regulator, body: { reason: 'cleanup' } });
  });

  // --- suspending a member alone: refused under the default charter ---

  const amendId = `measures-${run}`;
  let amendment: { deadline: string; electorate: string[] };

  it('412 suspending or reinstating a member alone while the charter lists SUSPEND_MEMBER and REINSTATE_MEMBER (the default); 403 for a non-regulator; Cb2 stays ACTIVE', async function () {
    expect((await charter()).measuresNeedingVote).to.include.members(MEMBER_MEASURES);
    const suspend = await call('regulator', 'POST', '/v1/members/Cb2MSP/suspension', { key: regulator, body: { reason: `integration test ${run}` } });
    expect(suspend.status, JSON.stringify(suspend.body)).to.equal(412);
    expect(suspend.body.code).to.equal('PRECONDITION_FAILED');
    expect(suspend.body.message).to.contain('SUSPEND_MEMBER').and.to.contain('measuresNeedingVote');
    const reinstate = await call('regulator', 'POST', '/v1/members/Cb2MSP/reinstatement', { key: regulator, body: { reason: `integration test ${run}` } });
    expect(reinstate.status, JSON.stringify(reinstate.body)).to.equal(412);
    expect(reinstate.body.message).to.contain('REINSTATE_MEMBER');
    for (const [org, k] of [['cb1', admin.cb1], ['regulator', admin.regulator]] as const) {
      const forbidden = await call(org, 'POST', '/v1/members/Cb2MSP/suspension', { key: k as string, body: { reason: 'not a regulator user' } });
      expect(forbidden.status, `${org} admin`).to.equal(403);
    }
    expect((await member('Cb2MSP')).status).to.equal('ACTIVE');
  });

  it('an AMEND_CHARTER proposal dropping SUSPEND_MEMBER and REINSTATE_MEMBER from measuresNeedingVote is opened, and every member votes YES', async function () {
    const current = await charter();
    amendment = await openAmendment(amendId, current.measuresNeedingVote.filter((m) => !MEMBER_MEASURES.includes(m)), ['regulator', 'cb1', 'cb2']);
    expect(amendment.electorate).to.have.members(['RegulatorMSP', 'Cb1MSP', 'Cb2MSP']);
    // (finalized below, once the voting period is over: the right-to-issue tests run meanwhile)
  });

  // --- the right to issue: an administrative measure the regulator takes alone ---

  it('403 suspending Cb2\'s right to issue for a user who is not a regulator user of the regulator member; the right stays', async function () {
    for (const [org, k] of [['cb1', admin.cb1], ['regulator', admin.regulator], ['cb2', cb2Issuer]] as const) {
      const forbidden = await call(org, 'POST', '/v1/members/Cb2MSP/issuing-suspension', { key: k as string, body: { reason: 'CB05' } });
      expect(forbidden.status, `${org}: ${JSON.stringify(forbidden.body)}`).to.equal(403);
      expect(forbidden.body.code).to.equal('FORBIDDEN');
    }
    expect(await member('Cb2MSP')).to.not.have.property('issuingSuspension');
  });

  it('200: the regulator suspends Cb2\'s right to issue with a reason code; Cb2 stays ACTIVE; a second suspension answers 409', async function () {
    const suspended = await call('regulator', 'POST', '/v1/members/Cb2MSP/issuing-suspension', { key: regulator, body: { reason: { code: 'CB05', note: `拒绝监督检查 ${run}` } } });
    expect(suspended.status, JSON.stringify(suspended.body)).to.equal(200);
    const result = suspended.body.result as unknown as Member;
    expect(result).to.include({ mspId: 'Cb2MSP', status: 'ACTIVE' });
    expect(result.issuingSuspension).to.include({ reasonCode: 'CB05', by: 'RegulatorMSP', txId: suspended.body.txId });
    expect(result.issuingSuspension).to.not.have.property('until');
    const again = await call('regulator', 'POST', '/v1/members/Cb2MSP/issuing-suspension', { key: regulator, body: { reason: 'CB01' } });
    expect(again.status, JSON.stringify(again.body)).to.equal(409);
    expect(again.body.code).to.equal('CONFLICT');
    expect((await member('Cb2MSP')).issuingSuspension).to.include({ reasonCode: 'CB05' });
  });

  const certNo = `MS${run}Q-1`;
  let decisionId: string;

  it('while its right to issue is suspended, Cb2\'s issue of a certificate on a valid GRANT decision answers 403 and creates nothing (its evidence writes go on)', async function () {
    // the audit and the decision are anchored by cb2 during the suspension: only issuing stops
    decisionId = await grantDecision('cb2', cb2Issuer, `ms-decision-${run}`);
    const refused = await call('cb2', 'POST', '/v1/certificates', { key: cb2Issuer, body: certificateBody(certNo, decisionId, run) });
    expect(refused.status, JSON.stringify(refused.body)).to.equal(403);
    expect(refused.body.code).to.equal('FORBIDDEN');
    expect(refused.body.message).to.contain('right to issue');
    expect((await call('cb2', 'GET', `/v1/certificates/${certNo}`, { key: cb2Issuer })).status).to.equal(404);
  });

  it('reinstatement of the right to issue: 403 for a non-regulator, 200 for the regulator, 409 the second time; the same certificate then issues (201)', async function () {
    const forbidden = await call('cb2', 'POST', '/v1/members/Cb2MSP/issuing-reinstatement', { key: admin.cb2 as string, body: { note: 'lifting our own measure' } });
    expect(forbidden.status).to.equal(403);
    expect(await member('Cb2MSP')).to.have.property('issuingSuspension');
    const reinstated = await call('regulator', 'POST', '/v1/members/Cb2MSP/issuing-reinstatement', { key: regulator, body: { note: `supervision accepted ${run}` } });
    expect(reinstated.status, JSON.stringify(reinstated.body)).to.equal(200);
    expect(reinstated.body.result).to.include({ mspId: 'Cb2MSP', status: 'ACTIVE' });
    expect(reinstated.body.result).to.not.have.property('issuingSuspension');
    const again = await call('regulator', 'POST', '/v1/members/Cb2MSP/issuing-reinstatement', { key: regulator, body: { note: 'twice' } });
    expect(again.status, JSON.stringify(again.body)).to.equal(409);
    expect(again.body.code).to.equal('CONFLICT');
    const issued = await call('cb2', 'POST', '/v1/certificates', { key: cb2Issuer, body: certificateBody(certNo, decisionId, run) });
    expect(issued.status, JSON.stringify(issued.body)).to.equal(201);
    expect((issued.body.result as { certificate: Record<string, unknown> }).certificate).to.include({ certificateNo: certNo, issuer: 'Cb2MSP', status: 'VALID' });
  });

  // --- suspending a member alone: allowed once the charter does not list the measure ---

  it('once the amendment is in force, the regulator suspends Cb2 alone (200 SUSPENDED): Cb2\'s writes answer 403; a second suspension 409; not itself (403), not by others (403)', async function () {
    await finalizeApproved(amendId, amendment.deadline);
    const amended = (await charter()).measuresNeedingVote;
    for (const measure of MEMBER_MEASURES) expect(amended).to.not.include(measure);
    expect(amended, 'EXPEL_MEMBER is always listed').to.include('EXPEL_MEMBER');

    const forbidden = await call('cb1', 'POST', '/v1/members/Cb2MSP/suspension', { key: admin.cb1 as string, body: { reason: 'not a regulator user' } });
    expect(forbidden.status).to.equal(403);
    const suspended = await call('regulator', 'POST', '/v1/members/Cb2MSP/suspension', { key: regulator, body: { reason: `CNCA approval suspended (integration test ${run})` } });
    expect(suspended.status, JSON.stringify(suspended.body)).to.equal(200);
    expect(suspended.body.result).to.include({ mspId: 'Cb2MSP', status: 'SUSPENDED' });
    expect((await member('Cb2MSP')).status).to.equal('SUSPENDED');

    const ref = `ms-suspended-${run}`;
    const write = await anchor('cb2', cb2Recorder, ref);
    expect(write.status, JSON.stringify(write.body)).to.equal(403);
    expect((await call('cb2', 'GET', `/v1/evidence/${encodeURIComponent(`Cb2MSP:${ref}`)}`, { key: cb2Recorder })).status, 'nothing was anchored').to.equal(404);

    const again = await call('regulator', 'POST', '/v1/members/Cb2MSP/suspension', { key: regulator, body: { reason: 'twice' } });
    expect(again.status, JSON.stringify(again.body)).to.equal(409);
    expect(again.body.code).to.equal('CONFLICT');
    const itself = await call('regulator', 'POST', '/v1/members/RegulatorMSP/suspension', { key: regulator, body: { reason: 'itself' } });
    expect(itself.status, JSON.stringify(itself.body)).to.equal(403);
    expect((await member('RegulatorMSP')).status).to.equal('ACTIVE');
  });

  const restoreId = `measures-restore-${run}`;
  let restore: { deadline: string; electorate: string[] };

  it('while Cb2 is suspended, a second amendment restoring the member measures is opened: its electorate leaves Cb2 out, and Cb2 cannot vote (403)', async function () {
    const current = await charter();
    restore = await openAmendment(restoreId, [...current.measuresNeedingVote, ...MEMBER_MEASURES], ['regulator', 'cb1']);
    expect(restore.electorate).to.have.members(['RegulatorMSP', 'Cb1MSP']);
    const vote = await call('cb2', 'POST', `/v1/proposals/${restoreId}/votes`, { key: admin.cb2 as string, body: { choice: 'NO' } });
    expect(vote.status, JSON.stringify(vote.body)).to.equal(403);
  });

  it('the regulator reinstates Cb2 alone (200 ACTIVE): its writes go on (201); a second reinstatement answers 409, a non-regulator 403', async function () {
    const forbidden = await call('cb1', 'POST', '/v1/members/Cb2MSP/reinstatement', { key: admin.cb1 as string, body: { reason: 'not a regulator user' } });
    expect(forbidden.status).to.equal(403);
    const reinstated = await call('regulator', 'POST', '/v1/members/Cb2MSP/reinstatement', { key: regulator, body: { reason: `CNCA approval restored (integration test ${run})` } });
    expect(reinstated.status, JSON.stringify(reinstated.body)).to.equal(200);
    expect(reinstated.body.result).to.include({ mspId: 'Cb2MSP', status: 'ACTIVE' });
    const write = await anchor('cb2', cb2Recorder, `ms-reinstated-${run}`);
    expect(write.status, JSON.stringify(write.body)).to.equal(201);
    const again = await call('regulator', 'POST', '/v1/members/Cb2MSP/reinstatement', { key: regulator, body: { reason: 'twice' } });
    expect(again.status, JSON.stringify(again.body)).to.equal(409);
    expect(again.body.code).to.equal('CONFLICT');
  });

  it('the restoring amendment, finalized, lists the member measures again: suspension by the regulator alone answers 412 once more', async function () {
    await finalizeApproved(restoreId, restore.deadline);
    expect((await charter()).measuresNeedingVote).to.include.members(['EXPEL_MEMBER', ...MEMBER_MEASURES]);
    const suspend = await call('regulator', 'POST', '/v1/members/Cb2MSP/suspension', { key: regulator, body: { reason: 'after the restoration' } });
    expect(suspend.status, JSON.stringify(suspend.body)).to.equal(412);
    expect((await member('Cb2MSP')).status).to.equal('ACTIVE');
  });
});
