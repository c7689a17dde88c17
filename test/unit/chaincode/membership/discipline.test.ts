// Expulsion (rule 5), suspension and reinstatement through membership proposals.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { newConsortium, ORGS } from '../../../support/consortium';
import type { StoredProposal } from '../../../../chaincode/src/api/membership';
import { eventOf, expectRefused, finalize, memberOf, openProposal, parse, pastDeadline, proposalOf, statusOf, vote, votes } from './fixtures';

function anchorRecord(ref: string): string {
  return JSON.stringify({ clientRef: ref, kind: 'OTHER', digest: { alg: 'sha256', value: createHash('sha256').update(ref).digest('hex') } });
}

describe('membership: expulsion (rule 5)', () => {
  it('expels with the target outside the electorate, and its writes stop in the next transaction', async () => {
    const c = await newConsortium({ founders: ['regulator', 'cb1', 'cb2', 'ab'] });
    const { net, orgs } = c;
    await net.submit(orgs.ab.recorder, 'evidence:anchor', [anchorRecord('before-expulsion')]);

    const opened = parse(await openProposal(c, 'regulator', { id: 'expel-ab', type: 'EXPEL_MEMBER', target: ORGS.ab.mspId, payload: { reason: 'forged audit records' } })) as StoredProposal;
    expect(opened.electorate).to.deep.equal(['Cb1MSP', 'Cb2MSP', 'RegulatorMSP']);
    // the target has no vote on its own expulsion
    await expectRefused(net, () => vote(c, 'ab', 'expel-ab', 'NO'), 'FORBIDDEN', 'not in the electorate');
    // while the vote runs the target still writes
    await net.submit(orgs.ab.recorder, 'evidence:anchor', [anchorRecord('during-vote')]);
    // 2/3 of 3 electors → 2 yes
    await votes(c, 'expel-ab', { regulator: 'YES', cb1: 'YES', cb2: 'NO' });
    await pastDeadline(c);
    const decided = eventOf(await finalize(c, 'expel-ab'));
    expect(decided.payload).to.deep.include({ outcome: 'APPROVED', effect: { member: 'AbMSP', from: 'ACTIVE', to: 'EXPELLED' } });
    expect((decided.payload.tally as { required: number }).required).to.equal(2);
    const ab = await memberOf(c, 'ab');
    expect(ab).to.include({ status: 'EXPELLED', leftAt: ab.statusSince });

    // rule 5: writes stop at once
    await expectRefused(net, () => net.submit(orgs.ab.recorder, 'evidence:anchor', [anchorRecord('after-expulsion')]), 'FORBIDDEN', 'EXPELLED');
    await expectRefused(net, () => openProposal(c, 'ab', { id: 'revenge', type: 'EXPEL_MEMBER', target: 'Cb1MSP', payload: { reason: 'r' } }), 'FORBIDDEN', 'EXPELLED');
    await expectRefused(net, () => net.submit(orgs.ab.admin, 'membership:requestExit', []), 'FORBIDDEN', 'EXPELLED');
    // EXPELLED is final
    await expectRefused(net, () => openProposal(c, 'cb1', { id: 'expel-again', type: 'EXPEL_MEMBER', target: 'AbMSP', payload: { reason: 'r' } }), 'CONFLICT', 'EXPELLED');
    await expectRefused(net, () => openProposal(c, 'cb1', { id: 'reinstate-ab', type: 'REINSTATE_MEMBER', target: 'AbMSP', payload: { reason: 'r' } }), 'CONFLICT', 'SUSPENDED');
  });

  it('leaves the member untouched when the expulsion misses its quorum', async () => {
    const c = await newConsortium({ founders: ['regulator', 'cb1', 'cb2', 'ab'] });
    await openProposal(c, 'regulator', { id: 'expel-ab', type: 'EXPEL_MEMBER', target: 'AbMSP', payload: { reason: 'r' } });
    await votes(c, 'expel-ab', { regulator: 'YES', cb1: 'ABSTAIN' });
    await pastDeadline(c);
    const decided = await finalize(c, 'expel-ab');
    expect(eventOf(decided).payload).to.deep.include({ outcome: 'REJECTED' });
    // the answer keeps its shape without an effect: the gateway's schema requires `effect`
    expect(JSON.parse(decided.payload)).to.deep.include({ effect: null });
    expect(await statusOf(c, 'ab')).to.equal('ACTIVE');
    await c.net.submit(c.orgs.ab.recorder, 'evidence:anchor', [anchorRecord('still-here')]);
  });

  it('allows one open proposal about a member at a time', async () => {
    const c = await newConsortium({ founders: ['regulator', 'cb1', 'cb2', 'ab'] });
    await openProposal(c, 'regulator', { id: 'suspend-ab', type: 'SUSPEND_MEMBER', target: 'AbMSP', payload: { reason: 'r' } });
    await expectRefused(c.net, () => openProposal(c, 'cb1', { id: 'expel-ab', type: 'EXPEL_MEMBER', target: 'AbMSP', payload: { reason: 'r' } }), 'CONFLICT', 'suspend-ab');
    await pastDeadline(c);
    await finalize(c, 'suspend-ab');
    await openProposal(c, 'cb1', { id: 'expel-ab', type: 'EXPEL_MEMBER', target: 'AbMSP', payload: { reason: 'r' } });
  });
});

describe('membership: suspension and reinstatement', () => {
  it('suspends a member (read-only, no vote), then reinstates it with its activeSince kept', async () => {
    const c = await newConsortium();
    const { net, orgs } = c;
    const activeSince = (await memberOf(c, 'cb2')).activeSince;
    await expectRefused(net, () => openProposal(c, 'cb1', { id: 'reinstate-early', type: 'REINSTATE_MEMBER', target: 'Cb2MSP', payload: { reason: 'r' } }), 'CONFLICT', 'ACTIVE');

    const opened = parse(await openProposal(c, 'cb1', { id: 'suspend-cb2', type: 'SUSPEND_MEMBER', target: 'Cb2MSP', payload: { reason: 'overdue fees' } })) as StoredProposal;
    // a suspension is voted by every ACTIVE member, the target included (quorum 1/2 → 2 of 3)
    expect(opened.electorate).to.deep.equal(['Cb1MSP', 'Cb2MSP', 'RegulatorMSP']);
    await votes(c, 'suspend-cb2', { cb1: 'YES', regulator: 'YES', cb2: 'NO' });
    await pastDeadline(c);
    expect(eventOf(await finalize(c, 'suspend-cb2')).payload).to.deep.include({ outcome: 'APPROVED', effect: { member: 'Cb2MSP', from: 'ACTIVE', to: 'SUSPENDED' } });
    expect(await statusOf(c, 'cb2')).to.equal('SUSPENDED');

    await expectRefused(net, () => net.submit(orgs.cb2.recorder, 'evidence:anchor', [anchorRecord('while-suspended')]), 'FORBIDDEN', 'SUSPENDED');
    await expectRefused(net, () => openProposal(c, 'cb1', { id: 'suspend-again', type: 'SUSPEND_MEMBER', target: 'Cb2MSP', payload: { reason: 'r' } }), 'CONFLICT', 'SUSPENDED');
    await expectRefused(net, () => net.submit(orgs.cb2.admin, 'membership:requestExit', []), 'FORBIDDEN', 'SUSPENDED');

    const reinstate = parse(await openProposal(c, 'regulator', { id: 'reinstate-cb2', type: 'REINSTATE_MEMBER', target: 'Cb2MSP', payload: { reason: 'fees paid' } })) as StoredProposal;
    // the suspended member is not ACTIVE, so it is outside the electorate and cannot vote
    expect(reinstate.electorate).to.deep.equal(['Cb1MSP', 'RegulatorMSP']);
    await expectRefused(net, () => vote(c, 'cb2', 'reinstate-cb2', 'YES'), 'FORBIDDEN', 'SUSPENDED');
    // a strict majority of 2 is 2: one yes is not enough
    await vote(c, 'regulator', 'reinstate-cb2', 'YES');
    expect((await proposalOf(c, 'reinstate-cb2')).tally).to.include({ electorate: 2, yes: 1, required: 2, approved: false });
    await vote(c, 'cb1', 'reinstate-cb2', 'YES');
    await pastDeadline(c);
    expect(eventOf(await finalize(c, 'reinstate-cb2')).payload).to.deep.include({ outcome: 'APPROVED', effect: { member: 'Cb2MSP', from: 'SUSPENDED', to: 'ACTIVE' } });
    const cb2 = await memberOf(c, 'cb2');
    expect(cb2).to.include({ status: 'ACTIVE', activeSince });
    await net.submit(orgs.cb2.recorder, 'evidence:anchor', [anchorRecord('after-reinstatement')]);
  });

  it('can expel a suspended member', async () => {
    const c = await newConsortium({ founders: ['regulator', 'cb1', 'cb2', 'ab'] });
    await openProposal(c, 'cb1', { id: 'suspend-ab', type: 'SUSPEND_MEMBER', target: 'AbMSP', payload: { reason: 'r' } });
    await votes(c, 'suspend-ab', { cb1: 'YES', cb2: 'YES', regulator: 'YES' });
    await pastDeadline(c);
    await finalize(c, 'suspend-ab');
    await openProposal(c, 'cb1', { id: 'expel-ab', type: 'EXPEL_MEMBER', target: 'AbMSP', payload: { reason: 'r' } });
    await votes(c, 'expel-ab', { cb1: 'YES', cb2: 'YES' });
    await pastDeadline(c);
    expect(eventOf(await finalize(c, 'expel-ab')).payload).to.deep.include({ effect: { member: 'AbMSP', from: 'SUSPENDED', to: 'EXPELLED' } });
  });
});
