// Voluntary exit (rule 4) and the minimums it must keep (rule 7).
import { expect } from 'chai';
import { newConsortium, type Consortium } from '../../../support/consortium';
import type { Member } from '../../../../chaincode/src/domain/types';
import {
  DAY,
  addOrderer,
  eventOf,
  expectRefused,
  finalize,
  memberOf,
  nodesOf,
  openProposal,
  parse,
  pastDeadline,
  statusOf,
  tlsCertOf,
  votes,
  writeCertificates,
} from './fixtures';

const NOTICE = 10 * DAY;

/** Four members, minActiveMembers 3, one orderer (the regulator's) against a minimum of 1. */
async function fourMembers(): Promise<Consortium> {
  const c = await newConsortium({ founders: ['regulator', 'cb1', 'cb2', 'ab'], charter: { minActiveMembers: 3, minOrderers: 1, exitNoticeSeconds: NOTICE } });
  await addOrderer(c, 'orderer-reg', 'regulator', 'orderer0.regulator', ['regulator', 'cb1', 'cb2']);
  return c;
}

describe('membership: requestExit (rules 4 and 7)', () => {
  it('is refused when it would leave fewer ACTIVE members than the charter minimum (3 founders, minimum 3)', async () => {
    const c = await newConsortium({ charter: { minActiveMembers: 3, minOrderers: 1 } });
    await addOrderer(c, 'orderer-reg', 'regulator', 'orderer0.regulator', ['regulator', 'cb1']);
    await expectRefused(c.net, () => c.net.submit(c.orgs.cb2.admin, 'membership:requestExit', []), 'PRECONDITION_FAILED', 'would leave 2 ACTIVE members', 'minimum is 3');
    expect(await statusOf(c, 'cb2')).to.equal('ACTIVE');
  });

  it('is allowed with four members: ACTIVE → EXITING for the notice period, and the member becomes read-only', async () => {
    const c = await fourMembers();
    const { net, orgs } = c;
    await expectRefused(net, () => net.submit(orgs.ab.recorder, 'membership:requestExit', []), 'FORBIDDEN', 'admin');
    const result = await net.submit(orgs.ab.admin, 'membership:requestExit', []);
    const { member, noticeEnds } = parse(result) as { member: Member; noticeEnds: string };
    expect(member).to.include({ mspId: 'AbMSP', status: 'EXITING', exitRequestedAt: member.statusSince });
    expect(Date.parse(noticeEnds) - Date.parse(member.statusSince)).to.equal(NOTICE * 1000);
    expect(eventOf(result)).to.deep.equal({ name: 'MemberStatusChanged', payload: { mspId: 'AbMSP', from: 'ACTIVE', to: 'EXITING', noticeEnds } });
    await expectRefused(net, () => net.submit(orgs.ab.admin, 'membership:requestExit', []), 'FORBIDDEN', 'EXITING');
    // now three are ACTIVE: the next exit would go below the minimum
    await expectRefused(net, () => net.submit(orgs.cb1.admin, 'membership:requestExit', []), 'PRECONDITION_FAILED', 'would leave 2 ACTIVE members');
  });

  it('is refused when the member\'s orderers are needed for the orderer minimum', async () => {
    const c = await newConsortium({ founders: ['regulator', 'cb1', 'cb2', 'ab'], charter: { minActiveMembers: 3, minOrderers: 1 } });
    // no orderer registered at all: the minimum of 1 is not met, so no exit is possible
    await expectRefused(c.net, () => c.net.submit(c.orgs.cb1.admin, 'membership:requestExit', []), 'PRECONDITION_FAILED', 'would leave 0 orderers');
    await addOrderer(c, 'orderer-ab', 'ab', 'orderer0.ab', ['regulator', 'cb1', 'cb2']);
    await expectRefused(c.net, () => c.net.submit(c.orgs.ab.admin, 'membership:requestExit', []), 'PRECONDITION_FAILED', 'would leave 0 orderers', 'add an orderer first');
    // another member, owning no orderer, may leave
    await c.net.submit(c.orgs.cb1.admin, 'membership:requestExit', []);
  });

  it('is refused while a suspension of the member is being voted on', async () => {
    const c = await fourMembers();
    await openProposal(c, 'regulator', { id: 'suspend-ab', type: 'SUSPEND_MEMBER', target: 'AbMSP', payload: { reason: 'r' } });
    await expectRefused(c.net, () => c.net.submit(c.orgs.ab.admin, 'membership:requestExit', []), 'PRECONDITION_FAILED', 'suspend-ab');
    await pastDeadline(c);
    await finalize(c, 'suspend-ab'); // no votes: rejected
    await c.net.submit(c.orgs.ab.admin, 'membership:requestExit', []);
  });
});

describe('membership: completeExit (rule 4)', () => {
  it('is refused during the notice period and while VALID or SUSPENDED certificates remain, then allowed', async () => {
    const c = await fourMembers();
    const { net, orgs } = c;
    const peerTls = await tlsCertOf(c, 'ab', 'peer0.ab');
    await net.submit(orgs.ab.admin, 'membership:registerPeer', ['peer0.ab', 'peer0.ab:7051', peerTls]);
    await writeCertificates(c, 'ab', [
      { certificateNo: 'AB-1', status: 'VALID' },
      { certificateNo: 'AB-2', status: 'SUSPENDED' },
      { certificateNo: 'AB-3', status: 'WITHDRAWN' },
    ]);
    // another body's live certificate is not ab's concern
    await writeCertificates(c, 'cb1', [{ certificateNo: 'CB1-1', status: 'VALID' }]);

    await expectRefused(net, () => net.submit(orgs.ab.admin, 'membership:completeExit', []), 'CONFLICT', 'ACTIVE', 'request it first');
    await net.submit(orgs.ab.admin, 'membership:requestExit', []);
    await expectRefused(net, () => net.submit(orgs.ab.admin, 'membership:completeExit', []), 'PRECONDITION_FAILED', 'notice period');
    net.advance(NOTICE - 1);
    await expectRefused(net, () => net.submit(orgs.ab.admin, 'membership:completeExit', []), 'PRECONDITION_FAILED', 'notice period');
    net.advance(1);
    await expectRefused(net, () => net.submit(orgs.ab.admin, 'membership:completeExit', []), 'PRECONDITION_FAILED', 'still has 2 VALID or SUSPENDED certificates');
    await writeCertificates(c, 'ab', [{ certificateNo: 'AB-1', status: 'CANCELLED' }]);
    await expectRefused(net, () => net.submit(orgs.ab.admin, 'membership:completeExit', []), 'PRECONDITION_FAILED', 'still has 1 VALID or SUSPENDED certificate;');
    await writeCertificates(c, 'ab', [{ certificateNo: 'AB-2', status: 'WITHDRAWN' }]);
    // only the member's own admin completes its exit
    await expectRefused(net, () => net.submit(orgs.ab.issuer, 'membership:completeExit', []), 'FORBIDDEN', 'admin');
    await expectRefused(net, () => net.submit(orgs.cb1.admin, 'membership:completeExit', []), 'CONFLICT', 'Cb1MSP is ACTIVE');

    const done = await net.submit(orgs.ab.admin, 'membership:completeExit', []);
    expect(eventOf(done)).to.deep.equal({ name: 'MemberStatusChanged', payload: { mspId: 'AbMSP', from: 'EXITING', to: 'EXITED', removedNodes: ['peer0.ab'] } });
    const ab = await memberOf(c, 'ab');
    expect(ab).to.include({ status: 'EXITED', leftAt: ab.statusSince });
    expect((await nodesOf(c, 'AbMSP')).map((n) => [n.nodeId, n.status])).to.deep.equal([['peer0.ab', 'REMOVED']]);
    await expectRefused(net, () => net.submit(orgs.ab.admin, 'membership:completeExit', []), 'CONFLICT', 'EXITED');
    await expectRefused(net, () => net.submit(orgs.ab.recorder, 'evidence:anchor', [JSON.stringify({ clientRef: 'x', kind: 'OTHER', digest: { alg: 'sha256', value: 'a'.repeat(64) } })]), 'FORBIDDEN', 'EXITED');
    // an exited organisation may apply again
    await openProposal(c, 'cb1', { id: 'readmit-ab', type: 'ADMIT_MEMBER', payload: { member: c.memberInput('ab') } });
    expect(await statusOf(c, 'ab')).to.equal('APPLIED');
  });

  it('is refused while an expulsion of the member is being voted on (no slipping out of it)', async () => {
    const c = await fourMembers();
    const { net, orgs } = c;
    await net.submit(orgs.ab.admin, 'membership:requestExit', []);
    await openProposal(c, 'regulator', { id: 'expel-ab', type: 'EXPEL_MEMBER', target: 'AbMSP', payload: { reason: 'r' } });
    // an EXITING member can still be expelled
    await votes(c, 'expel-ab', { regulator: 'YES', cb1: 'YES' });
    // the notice has run out and the vote has closed, but the expulsion is not finalized yet
    net.advance(NOTICE);
    await expectRefused(net, () => net.submit(orgs.ab.admin, 'membership:completeExit', []), 'PRECONDITION_FAILED', 'expel-ab');
    expect(eventOf(await finalize(c, 'expel-ab')).payload).to.deep.include({ effect: { member: 'AbMSP', from: 'EXITING', to: 'EXPELLED' } });
    await expectRefused(net, () => net.submit(orgs.ab.admin, 'membership:completeExit', []), 'CONFLICT', 'EXPELLED');
  });

  it('is refused if expulsions meanwhile left the consortium below its minimum', async () => {
    const c = await fourMembers();
    const { net, orgs } = c;
    await net.submit(orgs.ab.admin, 'membership:requestExit', []);
    await openProposal(c, 'regulator', { id: 'expel-cb2', type: 'EXPEL_MEMBER', target: 'Cb2MSP', payload: { reason: 'r' } });
    await votes(c, 'expel-cb2', { regulator: 'YES', cb1: 'YES' });
    await pastDeadline(c);
    await finalize(c, 'expel-cb2');
    net.advance(NOTICE);
    await expectRefused(net, () => net.submit(orgs.ab.admin, 'membership:completeExit', []), 'PRECONDITION_FAILED', 'would leave 2 ACTIVE members');
  });
});
