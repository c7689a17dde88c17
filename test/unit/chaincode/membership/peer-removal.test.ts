// membership:removePeer on the harness: a member's admin takes one of its own peers out of service
// (rule 2, the inverse of registerPeer). Every refusal leaves the ledger as it was.
import { expect } from 'chai';
import { newConsortium, ORGS, type Consortium, type OrgName } from '../../../support/consortium';
import type { NetworkNode } from '../../../../chaincode/src/domain/types';
import type { SubmitResult } from '../../../support/invoke';
import type { TestIdentity } from '../../../support/identities';
import {
  DAY,
  addOrderer,
  eventOf,
  expectRefused,
  memberOf,
  nodesOf,
  parse,
  query,
  tlsCertOf,
} from './fixtures';

const CB1 = ORGS.cb1.mspId;

async function registerPeer(c: Consortium, org: OrgName, nodeId: string): Promise<SubmitResult> {
  return c.net.submit(c.orgs[org].admin, 'membership:registerPeer', [nodeId, `${nodeId}:7051`, await tlsCertOf(c, org, nodeId)]);
}

function removePeer(c: Consortium, who: TestIdentity, nodeId: string, timestamp?: string): Promise<SubmitResult> {
  return c.net.submit(who, 'membership:removePeer', [nodeId], timestamp === undefined ? {} : { timestamp });
}

describe('membership: removePeer (rule 2, the inverse of registerPeer)', () => {
  it('removes one of the caller\'s own peers: REMOVED at the transaction time, NodeRemoved, the record kept', async () => {
    const c = await newConsortium();
    const { net, orgs } = c;
    await registerPeer(c, 'cb1', 'peer0.cb1');
    const registered = (parse(await registerPeer(c, 'cb1', 'peer1.cb1')) as { node: NetworkNode }).node;
    net.advance(60);

    const at = net.now().toISOString();
    const removed = await removePeer(c, orgs.cb1.admin, 'peer1.cb1', at);
    const { node } = parse(removed) as { node: NetworkNode };
    expect(node).to.deep.equal({ ...registered, status: 'REMOVED', removedAt: at });
    expect(Object.keys(parse(removed) as Record<string, unknown>)).to.deep.equal(['node']);
    expect(eventOf(removed)).to.deep.equal({ name: 'NodeRemoved', payload: { nodeId: 'peer1.cb1', owner: CB1, type: 'PEER' } });
    expect(await query<NetworkNode>(c, 'getNode', ['peer1.cb1'])).to.deep.equal(node);
    // the node stays listed under its owner, with its status
    expect((await nodesOf(c, CB1)).map((n) => [n.nodeId, n.status])).to.deep.equal([['peer0.cb1', 'ACTIVE'], ['peer1.cb1', 'REMOVED']]);
    // the member is untouched
    expect((await memberOf(c, 'cb1')).status).to.equal('ACTIVE');

    // a second removal changes nothing; the node id is never reused
    await expectRefused(net, () => removePeer(c, orgs.cb1.admin, 'peer1.cb1'), 'CONFLICT', 'peer peer1.cb1 is already REMOVED');
    await expectRefused(net, () => registerPeer(c, 'cb1', 'peer1.cb1'), 'ALREADY_EXISTS', 'peer1.cb1');
  });

  it('never removes the last ACTIVE peer of an ACTIVE member; once another is registered it may', async () => {
    const c = await newConsortium();
    const { net, orgs } = c;
    await registerPeer(c, 'cb1', 'peer0.cb1');
    const error = await expectRefused(net, () => removePeer(c, orgs.cb1.admin, 'peer0.cb1'), 'PRECONDITION_FAILED',
      'peer0.cb1 is the last ACTIVE peer of Cb1MSP', 'register another peer first', 'request an exit');
    expect(error.message).to.not.include('REMOVED');
    // an orderer of the member is not a peer: it does not count
    await addOrderer(c, 'orderer-cb1', 'cb1', 'orderer0.cb1', ['regulator', 'cb1']);
    await expectRefused(net, () => removePeer(c, orgs.cb1.admin, 'peer0.cb1'), 'PRECONDITION_FAILED', 'last ACTIVE peer');
    // a REMOVED peer does not count either
    await registerPeer(c, 'cb1', 'peer1.cb1');
    await removePeer(c, orgs.cb1.admin, 'peer1.cb1');
    await expectRefused(net, () => removePeer(c, orgs.cb1.admin, 'peer0.cb1'), 'PRECONDITION_FAILED', 'last ACTIVE peer');
    await registerPeer(c, 'cb1', 'peer2.cb1');
    await removePeer(c, orgs.cb1.admin, 'peer0.cb1');
    expect((await nodesOf(c, CB1)).filter((n) => n.type === 'PEER').map((n) => [n.nodeId, n.status])).to.deep.equal([
      ['peer0.cb1', 'REMOVED'], ['peer1.cb1', 'REMOVED'], ['peer2.cb1', 'ACTIVE'],
    ]);
  });

  it('lets an EXITING member retire its last peer during the notice period; completeExit then has none left to remove', async () => {
    const c = await newConsortium({ founders: ['regulator', 'cb1', 'cb2', 'ab'], charter: { minActiveMembers: 3, minOrderers: 1, exitNoticeSeconds: 10 * DAY } });
    const { net, orgs } = c;
    await addOrderer(c, 'orderer-reg', 'regulator', 'orderer0.regulator', ['regulator', 'cb1', 'cb2']);
    await registerPeer(c, 'ab', 'peer0.ab');
    await net.submit(orgs.ab.admin, 'membership:requestExit', []);
    const removed = parse(await removePeer(c, orgs.ab.admin, 'peer0.ab')) as { node: NetworkNode };
    expect(removed.node).to.include({ nodeId: 'peer0.ab', owner: 'AbMSP', status: 'REMOVED' });
    net.advance(10 * DAY);
    const done = await net.submit(orgs.ab.admin, 'membership:completeExit', []);
    expect(eventOf(done).payload).to.deep.include({ to: 'EXITED', removedNodes: [] });
    // EXITED: no more removals (and nothing left to remove)
    await expectRefused(net, () => removePeer(c, orgs.ab.admin, 'peer0.ab'), 'FORBIDDEN', 'member AbMSP is EXITED');
  });

  it('refuses a non-admin, a non-member, a member neither ACTIVE nor EXITING, another owner\'s peer, an orderer, an unknown or malformed node id', async () => {
    const c = await newConsortium({ charter: { measuresNeedingVote: ['EXPEL_MEMBER'] } });
    const { net, orgs } = c;
    await registerPeer(c, 'cb1', 'peer0.cb1');
    await registerPeer(c, 'cb1', 'peer1.cb1');
    await registerPeer(c, 'cb2', 'peer0.cb2');
    await registerPeer(c, 'cb2', 'peer1.cb2');
    await addOrderer(c, 'orderer-cb1', 'cb1', 'orderer0.cb1', ['regulator', 'cb1']);

    for (const who of [orgs.cb1.issuer, orgs.cb1.recorder, orgs.cb1.reader]) {
      await expectRefused(net, () => removePeer(c, who, 'peer1.cb1'), 'FORBIDDEN', 'removing a peer needs a user with certledger.role admin');
    }
    await expectRefused(net, () => removePeer(c, orgs.cb1.norole, 'peer1.cb1'), 'FORBIDDEN', 'no role');
    await expectRefused(net, () => removePeer(c, orgs.ab.admin, 'peer1.cb1'), 'FORBIDDEN', 'AbMSP is not a consortium member');
    await expectRefused(net, () => removePeer(c, orgs.cb2.admin, 'peer1.cb1'), 'FORBIDDEN', 'peer1.cb1 belongs to Cb1MSP', 'only its owner');
    await expectRefused(net, () => removePeer(c, orgs.cb1.admin, 'orderer0.cb1'), 'INVALID_ARGUMENT', 'nodeId', 'is a ORDERER', 'REMOVE_ORDERER');
    await expectRefused(net, () => removePeer(c, orgs.cb1.admin, 'peer9.cb1'), 'NOT_FOUND', 'node peer9.cb1 does not exist');
    await expectRefused(net, () => removePeer(c, orgs.cb1.admin, 'bad\u0000id'), 'INVALID_ARGUMENT', 'nodeId');
    await expectRefused(net, () => removePeer(c, orgs.cb1.admin, ''), 'INVALID_ARGUMENT', 'nodeId');

    // a SUSPENDED member cannot remove its peers
    await net.submit(orgs.regulator.regulator, 'membership:suspendMember', [ORGS.cb2.mspId, '0113 违规']);
    await expectRefused(net, () => removePeer(c, orgs.cb2.admin, 'peer1.cb2'), 'FORBIDDEN', 'member Cb2MSP is SUSPENDED', 'ACTIVE (or EXITING)');
    expect((await nodesOf(c, ORGS.cb2.mspId)).map((n) => n.status)).to.deep.equal(['ACTIVE', 'ACTIVE']);
  });

  it('is refused while writes are paused, and with a transaction time far from the endorser\'s clock', async () => {
    const c = await newConsortium();
    const { net, orgs } = c;
    await registerPeer(c, 'cb1', 'peer0.cb1');
    await registerPeer(c, 'cb1', 'peer1.cb1');
    await expectRefused(net, () => removePeer(c, orgs.cb1.admin, 'peer1.cb1', new Date(net.now().getTime() + 10 * 60_000).toISOString()), 'PRECONDITION_FAILED', 'clock');
    await net.submit(orgs.regulator.regulator, 'membership:pauseWrites', ['an emergency']);
    await expectRefused(net, () => removePeer(c, orgs.cb1.admin, 'peer1.cb1'), 'PRECONDITION_FAILED', 'writes are paused', 'an emergency');
    await net.submit(orgs.regulator.regulator, 'membership:resumeWrites', ['over']);
    await removePeer(c, orgs.cb1.admin, 'peer1.cb1');
  });
});
