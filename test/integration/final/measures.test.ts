// The pause of writes [BSC 6.2c, 6.4] (docs/contracts.md §1.4 and §4.4) on the real network, over
// HTTP: the regulator pauses every write at once; while paused an ordinary write answers 412 and
// changes nothing, while governance (open, vote, finalize) and the takedown of content go on; only
// the regulator resumes its own pause. A pause stops the whole consortium, so this suite runs after
// every other one but the route coverage (test/.mocharc.integration.json). It needs only the
// regulator, which final/governance.test.ts leaves as the one ACTIVE member; it also runs alone on
// the founding consortium. It resumes writes before it ends, even when a test fails.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { sha256, USCC } from '../support/certificates';
import { apiKey as key, call, type Answer } from '../support/http';
import { requireNetwork } from '../support/network';
import { ifAssigned } from '../../support/defined';

const run = randomUUID().replace(/-/g, '').slice(0, 8);

const orgOf = (mspId: string): string => ({ RegulatorMSP: 'regulator', Cb1MSP: 'cb1', Cb2MSP: 'cb2' } as Record<string, string>)[mspId] ?? expect.fail(`no gateway for ${mspId}`);

interface WritePause { paused: boolean; by?: string; source?: string; reason?: string; since?: string; txId?: string }

describe('the pause of writes over HTTP (runs after governance)', function () {
  this.timeout(120_000);
  let regulator: string;
  let regulatorAdmin: string;
  let regulatorReader: string;
  let cb1Reader: string;
  const reason = `emergency: unlawful content spreading (integration test ${run})`;
  const plain = `content the regulator takes down during the pause ${run}`;
  const plainId = `RegulatorMSP:pause-plain-${run}`;
  const proposalId = `pause-governance-${run}`;
  const rejectedId = `pause-rejected-${run}`;
  const codeDigest = sha256(`a build voted on during the pause ${run}`);
  let proposal: { deadline: string; electorate: string[] };

  const pauseOn = async (org: string, k: string): Promise<WritePause> => {
    const answer = await call(org, 'GET', '/v1/writes/pause', { key: k });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    return answer.body as unknown as WritePause;
  };
  const anchor = (ref: string): Promise<Answer> =>
    call('regulator', 'POST', '/v1/evidence', { key: regulator, body: { clientRef: ref, kind: 'OTHER', subject: { uscc: USCC }, digest: { alg: 'sha256', value: sha256(ref) } } });

  before(async function () {
    await requireNetwork(this);
    regulator = key('regulator', 'regulator1');
    regulatorAdmin = key('regulator', 'admin1');
    regulatorReader = key('regulator', 'reader1');
    cb1Reader = key('cb1', 'reader1');
    // An interrupted run may have left its pause behind.
    const stale = await pauseOn('regulator', regulatorReader);
    if (stale.paused) {
      if (stale.by !== 'REGULATOR') throw new Error(`writes are paused by a vote (${stale.source ?? '?'}): only a RESUME_WRITES proposal lifts that; recreate the ledger (scripts/network.sh clean)`);
      expect((await call('regulator', 'POST', '/v1/writes/resume', { key: regulator, body: { reason: 'an interrupted run left its pause' } })).status).to.equal(200);
    }
    // content to take down while writes are paused (anchored before the pause)
    const anchored = await call('regulator', 'POST', '/v1/evidence', {
      key: regulator, body: { clientRef: `pause-plain-${run}`, kind: 'OTHER', subject: { uscc: USCC }, form: 'plaintext', content: plain, digest: { alg: 'sha256', value: sha256(plain) } },
    });
    expect(anchored.status, JSON.stringify(anchored.body)).to.equal(201);
  });

  after(async function () {
    if (ifAssigned(regulator) === undefined) return;
    const pause = await pauseOn('regulator', regulatorReader);
    if (pause.paused && pause.by === 'REGULATOR') await call('regulator', 'POST', '/v1/writes/resume', { key: regulator, body: { reason: 'cleanup after a failed test' } });
  });

  it('GET /v1/writes/pause answers 401 without a key, and 200 {paused: false} while writes are open', async function () {
    const anonymous = await call('regulator', 'GET', '/v1/writes/pause');
    expect(anonymous.status).to.equal(401);
    expect(anonymous.body.code).to.equal('UNAUTHENTICATED');
    expect((await pauseOn('regulator', regulatorReader)).paused).to.equal(false);
  });

  it('403 pausing writes for a user who is not a regulator user (the regulator member\'s admin and reader); writes stay open', async function () {
    for (const k of [regulatorAdmin, regulatorReader]) {
      const refused = await call('regulator', 'POST', '/v1/writes/pause', { key: k, body: { reason } });
      expect(refused.status, JSON.stringify(refused.body)).to.equal(403);
      expect(refused.body.code).to.equal('FORBIDDEN');
    }
    expect((await pauseOn('regulator', regulatorReader)).paused).to.equal(false);
  });

  it('the regulator pauses writes at once (200: by REGULATOR, its member, the reason); every gateway reads the pause; pausing again answers 409', async function () {
    const paused = await call('regulator', 'POST', '/v1/writes/pause', { key: regulator, body: { reason } });
    expect(paused.status, JSON.stringify(paused.body)).to.equal(200);
    expect(paused.body.result).to.include({ paused: true, by: 'REGULATOR', source: 'RegulatorMSP', reason, txId: paused.body.txId });
    expect(Date.parse(String((paused.body.result as unknown as WritePause).since))).to.be.closeTo(Date.now(), 60_000);
    for (const [org, k] of [['regulator', regulatorReader], ['cb1', cb1Reader]] as const) {
      expect(await pauseOn(org, k), org).to.include({ paused: true, by: 'REGULATOR', reason, txId: paused.body.txId });
    }
    const again = await call('regulator', 'POST', '/v1/writes/pause', { key: regulator, body: { reason: 'twice' } });
    expect(again.status, JSON.stringify(again.body)).to.equal(409);
    expect(again.body.code).to.equal('CONFLICT');
    expect((await pauseOn('regulator', regulatorReader)).reason, 'the first pause stands').to.equal(reason);
  });

  it('while paused, ordinary writes answer 412 naming the pause (evidence, an inspector) and change nothing', async function () {
    const ref = `paused-${run}`;
    const refused = await anchor(ref);
    expect(refused.status, JSON.stringify(refused.body)).to.equal(412);
    expect(refused.body.code).to.equal('PRECONDITION_FAILED');
    expect(refused.body.message).to.contain('paused').and.to.contain(reason);
    expect((await call('regulator', 'GET', `/v1/evidence/${encodeURIComponent(`RegulatorMSP:${ref}`)}`, { key: regulatorReader })).status, 'nothing was anchored').to.equal(404);
    const inspector = await call('regulator', 'POST', '/v1/inspectors', { key: regulator, body: { inspectorId: `INSP-PAUSE-${run}`, name: '暂停期间' } });
    expect(inspector.status, JSON.stringify(inspector.body)).to.equal(412);
  });

  it('while paused, governance goes on: a proposal is opened (201) and voted on (201)', async function () {
    const opened = await call('regulator', 'POST', '/v1/proposals', { key: regulatorAdmin, body: { id: proposalId, type: 'APPROVE_CHAINCODE', payload: { codeDigest, sequence: 999, version: '9.9.9' } } });
    expect(opened.status, JSON.stringify(opened.body)).to.equal(201);
    proposal = opened.body.result as unknown as { deadline: string; electorate: string[] };
    expect(opened.body.result).to.include({ id: proposalId, status: 'OPEN' });
    expect(proposal.electorate).to.include('RegulatorMSP');
    // every member of the electorate votes YES: the regulator alone after governance, all three founders when run alone
    for (const msp of proposal.electorate) {
      const org = orgOf(msp);
      const vote = await call(org, 'POST', `/v1/proposals/${proposalId}/votes`, { key: org === 'regulator' ? regulatorAdmin : key(org, 'admin1'), body: { choice: 'YES' } });
      expect(vote.status, `${msp}: ${JSON.stringify(vote.body)}`).to.equal(201);
      expect(vote.body.result).to.include({ proposalId, mspId: msp, choice: 'YES' });
    }
    // and one the electorate turns down, finalized below: a rejection has no effect to apply
    const other = await call('regulator', 'POST', '/v1/proposals', { key: regulatorAdmin, body: { id: rejectedId, type: 'APPROVE_CHAINCODE', payload: { codeDigest: sha256(`rejected ${run}`), sequence: 998, version: '9.9.8' } } });
    expect(other.status, JSON.stringify(other.body)).to.equal(201);
    for (const msp of proposal.electorate) {
      const org = orgOf(msp);
      expect((await call(org, 'POST', `/v1/proposals/${rejectedId}/votes`, { key: org === 'regulator' ? regulatorAdmin : key(org, 'admin1'), body: { choice: 'NO' } })).status).to.equal(201);
    }
  });

  it('while paused, the regulator still takes content down (200): stopping unlawful content is what a pause is for', async function () {
    const taken = await call('regulator', 'POST', `/v1/evidence/${encodeURIComponent(plainId)}/takedown`, { key: regulator, body: { reason: 'unlawful content' } });
    expect(taken.status, JSON.stringify(taken.body)).to.equal(200);
    expect(taken.body.result).to.not.have.property('content');
    const got = await call('regulator', 'GET', `/v1/evidence/${encodeURIComponent(plainId)}`, { key: regulatorReader });
    expect(got.body).to.not.have.property('content');
    expect(got.body.takedown).to.include({ approvedBy: 'RegulatorMSP' });
  });

  it('while paused, the proposal is finalized after its deadline (200 APPROVED) and its effect applied; the pause stays', async function () {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(proposal.deadline) - Date.now()) + 750));
    const finalized = await call('regulator', 'POST', `/v1/proposals/${proposalId}/finalize`, { key: regulatorReader });
    expect(finalized.status, JSON.stringify(finalized.body)).to.equal(200);
    const decided = finalized.body.result as { proposal: { status: string }; effect: Record<string, unknown> };
    expect(decided.proposal.status).to.equal('APPROVED');
    expect(decided.effect).to.include({ codeDigest, sequence: 999, approved: true });
    const approval = await call('regulator', 'GET', `/v1/chaincode/approvals?codeDigest=${codeDigest}&sequence=999`, { key: regulatorReader });
    expect(approval.body).to.include({ approved: true, proposalId });
    expect((await pauseOn('regulator', regulatorReader)).paused, 'governance did not lift the pause').to.equal(true);
    // a rejected proposal is finalized with the same answer shape, its effect null (it once
    // answered 500 after committing: the response schema requires `effect`)
    const rejected = await call('regulator', 'POST', `/v1/proposals/${rejectedId}/finalize`, { key: regulatorReader });
    expect(rejected.status, JSON.stringify(rejected.body)).to.equal(200);
    expect(rejected.body.result).to.deep.include({ effect: null });
    expect((rejected.body.result as { proposal: { status: string } }).proposal.status).to.equal('REJECTED');
  });

  it('resuming: 403 for a non-regulator user, 200 for the regulator ({paused: false}), 409 the second time; ordinary writes go on (201)', async function () {
    const refused = await call('regulator', 'POST', '/v1/writes/resume', { key: regulatorAdmin, body: { reason: 'not a regulator user' } });
    expect(refused.status, JSON.stringify(refused.body)).to.equal(403);
    expect((await pauseOn('regulator', regulatorReader)).paused).to.equal(true);
    const resumed = await call('regulator', 'POST', '/v1/writes/resume', { key: regulator, body: { reason: `content removed (integration test ${run})` } });
    expect(resumed.status, JSON.stringify(resumed.body)).to.equal(200);
    expect(resumed.body.result).to.include({ paused: false, by: 'REGULATOR', source: 'RegulatorMSP', txId: resumed.body.txId });
    expect(await pauseOn('cb1', cb1Reader)).to.include({ paused: false });
    const again = await call('regulator', 'POST', '/v1/writes/resume', { key: regulator, body: { reason: 'twice' } });
    expect(again.status, JSON.stringify(again.body)).to.equal(409);
    expect(again.body.code).to.equal('CONFLICT');
    const write = await anchor(`resumed-${run}`);
    expect(write.status, JSON.stringify(write.body)).to.equal(201);
  });
});
