// The membership contract on the harness: admission of a new member end to end (rule 1 and 2),
// proposals, votes and the quorum rules through the contract.
import { expect } from 'chai';
import { createOrgCa } from '../../../support/identities';
import { newConsortium, ORGS, type Consortium } from '../../../support/consortium';
import type { NetworkNode, VoteChoice } from '../../../../chaincode/src/domain/types';
import type { StoredProposal } from '../../../../chaincode/src/api/membership';
import {
  DAY,
  carry,
  eventOf,
  expectRefused,
  finalize,
  memberOf,
  openProposal,
  parse,
  pastDeadline,
  proposalOf,
  query,
  statusOf,
  tlsCertOf,
  tlsFingerprint,
  vote,
  votes,
} from './fixtures';

const AB = ORGS.ab.mspId;

function admitAb(c: Consortium, id = 'admit-ab', member: Record<string, unknown> = c.memberInput('ab')): Record<string, unknown> {
  return { id, type: 'ADMIT_MEMBER', payload: { member } };
}

function chaincodeProposal(id: string, digestByte = 'a', sequence: unknown = 1): Record<string, unknown> {
  return { id, type: 'APPROVE_CHAINCODE', payload: { codeDigest: digestByte.repeat(64), sequence, version: '1.0' } };
}

describe('membership: admission of a new member (rules 1 and 2)', () => {
  it('admits ab: ADMIT proposal, three founders vote, finalize → APPROVED, checkOrgJoin, first peer → ACTIVE', async () => {
    const c = await newConsortium();
    const { net, orgs } = c;

    const opened = await openProposal(c, 'cb1', admitAb(c));
    const proposal = parse(opened) as StoredProposal;
    expect(proposal).to.include({ id: 'admit-ab', type: 'ADMIT_MEMBER', target: AB, proposer: ORGS.cb1.mspId, status: 'OPEN', charterVersion: 1 });
    expect(proposal.electorate).to.deep.equal([ORGS.cb1.mspId, ORGS.cb2.mspId, ORGS.regulator.mspId]);
    expect(proposal.deadline).to.equal(new Date(Date.parse(proposal.openedAt) + 7 * DAY * 1000).toISOString());
    expect(eventOf(opened)).to.deep.include({ name: 'ProposalOpened' });
    expect(eventOf(opened).payload).to.include({ id: 'admit-ab', type: 'ADMIT_MEMBER', target: AB });
    expect(await memberOf(c, 'ab')).to.include({ mspId: AB, status: 'APPLIED', role: 'ACCREDITATION_BODY' });

    // not yet: rule 1 refuses the channel config update while the vote runs
    await expectRefused(net, () => net.evaluate(orgs.regulator.reader, 'membership:checkOrgJoin', [AB]), 'PRECONDITION_FAILED', 'OPEN');
    // an APPLIED member cannot register a peer
    const tls = await tlsCertOf(c, 'ab', 'peer0.ab.example.com');
    await expectRefused(net, () => net.submit(orgs.ab.admin, 'membership:registerPeer', ['peer0.ab.example.com', 'peer0.ab.example.com:7051', tls]), 'FORBIDDEN', 'APPLIED');

    const cast = await vote(c, 'regulator', 'admit-ab', 'YES');
    expect(eventOf(cast)).to.deep.equal({ name: 'VoteCast', payload: { proposalId: 'admit-ab', mspId: ORGS.regulator.mspId, choice: 'YES' } });
    await votes(c, 'admit-ab', { cb1: 'YES', cb2: 'YES' });
    // too early to finalize
    await expectRefused(net, () => finalize(c, 'admit-ab'), 'PRECONDITION_FAILED', 'open for voting until');

    await pastDeadline(c);
    const decided = await finalize(c, 'admit-ab', orgs.cb2.reader);
    const event = eventOf(decided);
    expect(event.name).to.equal('ProposalDecided');
    expect(event.payload).to.deep.include({ id: 'admit-ab', outcome: 'APPROVED', effect: { member: AB, from: 'APPLIED', to: 'APPROVED' } });
    expect(event.payload.tally).to.deep.equal({ electorate: 3, yes: 3, no: 0, abstain: 0, notVoted: 0, required: 2, approved: true });
    expect(await statusOf(c, 'ab')).to.equal('APPROVED');

    const join = parse(
      await net.evaluate(orgs.regulator.admin, 'membership:checkOrgJoin', [AB]),
    ) as { mspId: string; proposalId: string; caRootPem: string; tlsRootPem: string };
    expect(join).to.include({ mspId: AB, proposalId: 'admit-ab', caRootPem: orgs.ab.ca.caCertPem, tlsRootPem: orgs.ab.ca.tlsCaCertPem });

    // APPROVED is not ACTIVE: ab cannot write or vote yet
    await expectRefused(net, () => openProposal(c, 'ab', chaincodeProposal('cc-early')), 'FORBIDDEN', 'APPROVED');

    // a peer certificate from another CA (same MSP name, different TLS root) is refused
    const impostor = await createOrgCa(AB, { name: 'other' });
    const forged = (await impostor.issueTlsCert('peer0.ab.example.com')).certPem;
    await expectRefused(net, () => net.submit(orgs.ab.admin, 'membership:registerPeer', ['peer0.ab.example.com', 'peer0.ab.example.com:7051', forged]), 'FORBIDDEN', 'does not chain');
    // only an admin registers peers
    await expectRefused(net, () => net.submit(orgs.ab.recorder, 'membership:registerPeer', ['peer0.ab.example.com', 'peer0.ab.example.com:7051', tls]), 'FORBIDDEN', 'admin');
    // the org's enrollment CA is not its TLS root
    const enrollCert = orgs.ab.admin.certPem;
    await expectRefused(net, () => net.submit(orgs.ab.admin, 'membership:registerPeer', ['peer0.ab.example.com', 'peer0.ab.example.com:7051', enrollCert]), 'FORBIDDEN', 'does not chain');

    const registered = await net.submit(orgs.ab.admin, 'membership:registerPeer', ['peer0.ab.example.com', 'peer0.ab.example.com:7051', tls]);
    const result = parse(registered) as { node: NetworkNode; memberAdmitted: boolean };
    expect(result.memberAdmitted).to.equal(true);
    expect(result.node).to.deep.include({ nodeId: 'peer0.ab.example.com', owner: AB, type: 'PEER', status: 'ACTIVE', tlsCertFingerprint: tlsFingerprint(tls) });
    expect(eventOf(registered)).to.deep.equal({
      name: 'NodeRegistered',
      payload: { nodeId: 'peer0.ab.example.com', owner: AB, type: 'PEER', endpoint: 'peer0.ab.example.com:7051', tlsCertFingerprint: tlsFingerprint(tls), memberAdmitted: true },
    });
    const ab = await memberOf(c, 'ab');
    expect(ab).to.include({ status: 'ACTIVE', activeSince: ab.statusSince });
    expect(await query<NetworkNode>(c, 'getNode', ['peer0.ab.example.com'])).to.deep.equal(result.node);
    expect((await query<NetworkNode[]>(c, 'listNodes', [AB])).map((n) => n.nodeId)).to.deep.equal(['peer0.ab.example.com']);

    // now ACTIVE: rule 1 no longer applies, a second peer does not re-admit, the same node id is taken
    await expectRefused(net, () => net.evaluate(orgs.regulator.admin, 'membership:checkOrgJoin', [AB]), 'CONFLICT', 'ACTIVE');
    const tls1 = await tlsCertOf(c, 'ab', 'peer1.ab.example.com');
    await expectRefused(net, () => net.submit(orgs.ab.admin, 'membership:registerPeer', ['peer0.ab.example.com', 'peer1.ab.example.com:7051', tls1]), 'ALREADY_EXISTS', 'peer0.ab.example.com');
    const second = parse(await net.submit(orgs.ab.admin, 'membership:registerPeer', ['peer1.ab.example.com', 'peer1.ab.example.com:7051', tls1])) as { memberAdmitted: boolean };
    expect(second.memberAdmitted).to.equal(false);
    // and ab, ACTIVE, now governs like the founders
    await openProposal(c, 'ab', chaincodeProposal('cc-by-ab'));
  });

  it('refuses peers of non-members, bad endpoints and PEMs, and a cb1 peer chained to ab', async () => {
    const c = await newConsortium();
    const { net, orgs } = c;
    const abTls = await tlsCertOf(c, 'ab', 'peer0.ab.example.com');
    await expectRefused(net, () => net.submit(orgs.ab.admin, 'membership:registerPeer', ['peer0.ab.example.com', 'peer0.ab.example.com:7051', abTls]), 'FORBIDDEN', 'not a consortium member');
    await expectRefused(net, () => net.submit(orgs.cb1.admin, 'membership:registerPeer', ['peer9.cb1', 'peer9.cb1:7051', abTls]), 'FORBIDDEN', 'does not chain');
    const cbTls = await tlsCertOf(c, 'cb1', 'peer9.cb1');
    await expectRefused(net, () => net.submit(orgs.cb1.admin, 'membership:registerPeer', ['peer9.cb1', 'peer9.cb1', cbTls]), 'INVALID_ARGUMENT', 'endpoint');
    await expectRefused(net, () => net.submit(orgs.cb1.admin, 'membership:registerPeer', ['peer9.cb1', 'peer9.cb1:70510', cbTls]), 'INVALID_ARGUMENT', 'port');
    await expectRefused(net, () => net.submit(orgs.cb1.admin, 'membership:registerPeer', ['bad\u0000id', 'peer9.cb1:7051', cbTls]), 'INVALID_ARGUMENT', 'nodeId');
    await expectRefused(net, () => net.submit(orgs.cb1.admin, 'membership:registerPeer', ['peer9.cb1', 'peer9.cb1:7051', 'not a pem']), 'INVALID_ARGUMENT', 'tlsCertPem');
    // an ACTIVE founder registers its peer without any member change
    const ok = parse(await net.submit(orgs.cb1.admin, 'membership:registerPeer', ['peer9.cb1', 'peer9.cb1:7051', cbTls])) as { memberAdmitted: boolean; memberStatus: string };
    expect(ok).to.deep.equal({ ...ok, memberAdmitted: false, memberStatus: 'ACTIVE' });
    await expectRefused(net, () => net.evaluate(orgs.cb1.reader, 'membership:getNode', ['peer0.nowhere']), 'NOT_FOUND', 'node peer0.nowhere');
  });

  it('rejects an admission that misses its quorum; the applicant is REJECTED and may apply again', async () => {
    const c = await newConsortium();
    const { net } = c;
    await openProposal(c, 'cb1', admitAb(c));
    await votes(c, 'admit-ab', { cb1: 'YES', cb2: 'NO', regulator: 'NO' });
    await pastDeadline(c);
    const decided = eventOf(await finalize(c, 'admit-ab'));
    expect(decided.payload).to.deep.include({ outcome: 'REJECTED', effect: { member: AB, from: 'APPLIED', to: 'REJECTED' } });
    expect(await statusOf(c, 'ab')).to.equal('REJECTED');
    await expectRefused(net, () => net.evaluate(c.orgs.cb1.admin, 'membership:checkOrgJoin', [AB]), 'PRECONDITION_FAILED', 'REJECTED');
    // results are final
    await expectRefused(net, () => finalize(c, 'admit-ab'), 'CONFLICT', 'results are final');
    // a new application, under a new proposal id
    await expectRefused(net, () => openProposal(c, 'cb1', admitAb(c)), 'ALREADY_EXISTS', 'admit-ab');
    await openProposal(c, 'cb2', admitAb(c, 'admit-ab-2'));
    expect(await statusOf(c, 'ab')).to.equal('APPLIED');
    await votes(c, 'admit-ab-2', { cb1: 'YES', cb2: 'YES' });
    await pastDeadline(c);
    await finalize(c, 'admit-ab-2');
    const join = parse(await net.evaluate(c.orgs.cb1.admin, 'membership:checkOrgJoin', [AB])) as { proposalId: string };
    expect(join.proposalId).to.equal('admit-ab-2');
  });

  it('refuses an admission of a current member, without the charter\'s credentials, or by a non-admin / non-member', async () => {
    const c = await newConsortium();
    const { net, orgs } = c;
    await expectRefused(net, () => openProposal(c, 'cb1', admitAb(c, 'again', c.memberInput('cb2'))), 'ALREADY_EXISTS', 'member Cb2MSP');
    await expectRefused(net, () => openProposal(c, 'cb1', admitAb(c, 'nocred', { ...c.memberInput('ab'), credentials: {} })), 'INVALID_ARGUMENT', 'credentials.recognitionNo');
    await expectRefused(net, () => openProposal(c, 'cb1', admitAb(c, 'wrongcred', { ...c.memberInput('ab'), role: 'CERTIFICATION_BODY' })), 'INVALID_ARGUMENT', 'credentials.cncaApprovalNo');
    await expectRefused(net, () => openProposal(c, 'cb1', { ...admitAb(c, 'mismatch'), target: 'Cb2MSP' }), 'INVALID_ARGUMENT', 'proposal.target');
    await expectRefused(net, () => openProposal(c, 'cb1', admitAb(c, 'badpem', { ...c.memberInput('ab'), tlsRootPem: 'x' })), 'INVALID_ARGUMENT', 'tlsRootPem');
    await expectRefused(net, () => net.submit(orgs.cb1.issuer, 'membership:openProposal', [JSON.stringify(admitAb(c))]), 'FORBIDDEN', 'admin');
    await expectRefused(net, () => net.submit(orgs.cb1.norole, 'membership:openProposal', [JSON.stringify(admitAb(c))]), 'FORBIDDEN', 'no role');
    await expectRefused(net, () => openProposal(c, 'ab', admitAb(c)), 'FORBIDDEN', 'not a member');
    // an application already under vote
    await openProposal(c, 'cb1', admitAb(c));
    await expectRefused(net, () => openProposal(c, 'cb2', admitAb(c, 'admit-ab-twice')), 'ALREADY_EXISTS', 'APPLIED');
  });
});

describe('membership: proposals and votes', () => {
  it('validates the proposal before anything else', async () => {
    const c = await newConsortium();
    const { net, orgs } = c;
    const bad = (p: unknown): Promise<unknown> => net.submit(orgs.cb1.admin, 'membership:openProposal', [typeof p === 'string' ? p : JSON.stringify(p)]);
    await expectRefused(net, () => bad('{'), 'INVALID_ARGUMENT', 'proposal: is not valid JSON');
    await expectRefused(net, () => bad({ id: 'x', type: 'ELECT_KING', payload: {} }), 'INVALID_ARGUMENT', 'proposal.type');
    await expectRefused(net, () => bad({ ...chaincodeProposal(''), id: 'x y' }), 'INVALID_ARGUMENT', 'proposal.id');
    await expectRefused(net, () => bad({ ...chaincodeProposal(''), id: 'a\u0000b' }), 'INVALID_ARGUMENT', 'proposal.id');
    await expectRefused(net, () => bad({ ...chaincodeProposal('x'), extra: 1 }), 'INVALID_ARGUMENT', 'unknown key');
    await expectRefused(net, () => bad({ ...chaincodeProposal('x'), target: 'Cb1MSP' }), 'INVALID_ARGUMENT', 'proposal.target');
    await expectRefused(net, () => bad(chaincodeProposal('x', 'A')), 'INVALID_ARGUMENT', 'codeDigest');
    await expectRefused(net, () => bad(chaincodeProposal('x', 'a', 0)), 'INVALID_ARGUMENT', 'sequence');
    await expectRefused(net, () => bad(chaincodeProposal('x', 'a', 1.5)), 'INVALID_ARGUMENT', 'sequence');
    await expectRefused(net, () => bad({ id: 'x', type: 'SUSPEND_MEMBER', payload: { reason: 'r' } }), 'INVALID_ARGUMENT', 'proposal.target');
    await expectRefused(net, () => bad({ id: 'x', type: 'SUSPEND_MEMBER', target: 'Cb2MSP', payload: {} }), 'INVALID_ARGUMENT', 'proposal.payload.reason');
    await expectRefused(net, () => bad({ id: 'x', type: 'SUSPEND_MEMBER', target: 'NoSuchMSP', payload: { reason: 'r' } }), 'NOT_FOUND', 'member NoSuchMSP');
    // a transaction timestamp far from the endorser's clock (the client's clock is off)
    await expectRefused(net, () => net.submit(orgs.cb1.admin, 'membership:openProposal', [JSON.stringify(chaincodeProposal('x'))], {
      timestamp: new Date(net.now().getTime() + 10 * 60_000).toISOString(),
    }), 'PRECONDITION_FAILED', 'clock');
    // a string sequence of digits is accepted and stored as a number
    const p = parse(await openProposal(c, 'cb1', chaincodeProposal('cc', 'b', '7'))) as StoredProposal;
    expect(p.payload).to.deep.equal({ codeDigest: 'b'.repeat(64), sequence: 7, version: '1.0' });
    expect(p).to.not.have.property('target');
  });

  it('lets a member change its vote until the deadline and refuses votes after it, from non-electors and from non-admins', async () => {
    const c = await newConsortium();
    const { net, orgs } = c;
    await openProposal(c, 'cb1', chaincodeProposal('cc'));
    await vote(c, 'cb1', 'cc', 'NO');
    net.advance(DAY);
    const changed = await vote(c, 'cb1', 'cc', 'YES');
    expect(eventOf(changed).payload).to.deep.equal({ proposalId: 'cc', mspId: 'Cb1MSP', choice: 'YES', previousChoice: 'NO' });
    await vote(c, 'cb2', 'cc', 'YES');
    let view = await proposalOf(c, 'cc');
    expect(view.votes.map((v) => [v.mspId, v.choice])).to.deep.equal([['Cb1MSP', 'YES'], ['Cb2MSP', 'YES']]);
    expect(view.tally).to.deep.equal({ electorate: 3, yes: 2, no: 0, abstain: 0, notVoted: 1, required: 2, approved: true });

    await expectRefused(net, () => net.submit(orgs.regulator.regulator, 'membership:vote', ['cc', 'YES']), 'FORBIDDEN', 'admin');
    await expectRefused(net, () => net.submit(orgs.ab.admin, 'membership:vote', ['cc', 'YES']), 'FORBIDDEN', 'not a member');
    await expectRefused(net, () => vote(c, 'regulator', 'cc', 'MAYBE' as VoteChoice), 'INVALID_ARGUMENT', 'choice');
    await expectRefused(net, () => vote(c, 'regulator', 'nope', 'YES'), 'NOT_FOUND', 'proposal nope');

    // one second before the deadline a vote is still taken; at the deadline it is not
    net.advance(6 * DAY - 1);
    await vote(c, 'cb2', 'cc', 'NO');
    net.advance(1);
    await expectRefused(net, () => vote(c, 'cb2', 'cc', 'YES'), 'PRECONDITION_FAILED', 'closed');
    await expectRefused(net, () => vote(c, 'regulator', 'cc', 'YES'), 'PRECONDITION_FAILED', 'closed');
    view = await proposalOf(c, 'cc');
    expect(view.tally).to.include({ yes: 1, no: 1, approved: false });
    const decided = eventOf(await finalize(c, 'cc'));
    expect(decided.payload).to.deep.include({ outcome: 'REJECTED' });
    expect(decided.payload).to.not.have.property('effect');
    await expectRefused(net, () => vote(c, 'cb1', 'cc', 'YES'), 'CONFLICT', 'REJECTED');
  });

  it('a tie under the 1/2 rule is no decision; abstentions are not yes votes', async () => {
    const c = await newConsortium({ founders: ['regulator', 'cb1', 'cb2', 'ab'] });
    // four electors, quorum "other" 1/2 → a strict majority: 3 yes needed
    await openProposal(c, 'cb1', chaincodeProposal('tie', 'c'));
    await votes(c, 'tie', { regulator: 'YES', cb1: 'YES', cb2: 'NO', ab: 'NO' });
    await openProposal(c, 'cb1', chaincodeProposal('abstain', 'd'));
    await votes(c, 'abstain', { regulator: 'YES', cb1: 'YES', cb2: 'ABSTAIN', ab: 'ABSTAIN' });
    await openProposal(c, 'cb1', chaincodeProposal('majority', 'e'));
    await votes(c, 'majority', { regulator: 'YES', cb1: 'YES', cb2: 'YES', ab: 'ABSTAIN' });
    await pastDeadline(c);
    for (const id of ['tie', 'abstain', 'majority']) await finalize(c, id);
    expect((await proposalOf(c, 'tie')).proposal.tally).to.deep.equal({ electorate: 4, yes: 2, no: 2, abstain: 0, notVoted: 0, required: 3, approved: false });
    expect((await proposalOf(c, 'abstain')).proposal.tally).to.deep.equal({ electorate: 4, yes: 2, no: 0, abstain: 2, notVoted: 0, required: 3, approved: false });
    expect((await proposalOf(c, 'majority')).proposal.tally).to.deep.equal({ electorate: 4, yes: 3, no: 0, abstain: 1, notVoted: 0, required: 3, approved: true });
    const approved = (digest: string): Promise<{ approved: boolean }> => query(c, 'isChaincodeApproved', [digest.repeat(64), '1']);
    expect((await approved('c')).approved).to.equal(false);
    expect((await approved('d')).approved).to.equal(false);
    expect((await approved('e')).approved).to.equal(true);
  });

  it('keeps the electorate fixed when a member leaves mid-vote: its vote stands, it cannot vote again, the quorum does not drop', async () => {
    // four members, one orderer (regulator's) so that an exit keeps the minimums
    const c = await newConsortium({ founders: ['regulator', 'cb1', 'cb2', 'ab'], charter: { minOrderers: 1 } });
    const { net } = c;
    await carry(c, 'regulator', {
      id: 'orderer-reg', type: 'ADD_ORDERER', target: 'RegulatorMSP',
      payload: { nodeId: 'orderer0.regulator', endpoint: 'orderer0.regulator:7050', tlsCertPem: await tlsCertOf(c, 'regulator', 'orderer0.regulator') },
    }, ['regulator', 'cb1', 'cb2']);

    await openProposal(c, 'cb1', chaincodeProposal('voted-then-left', 'f'));
    await openProposal(c, 'cb1', chaincodeProposal('left-silent', '0'));
    await votes(c, 'voted-then-left', { ab: 'YES', cb1: 'YES', cb2: 'YES' });
    await votes(c, 'left-silent', { cb1: 'YES', cb2: 'YES' });
    await net.submit(c.orgs.ab.admin, 'membership:requestExit', []);
    expect(await statusOf(c, 'ab')).to.equal('EXITING');
    // ab is no longer ACTIVE: it cannot vote, nor change the vote it cast
    await expectRefused(net, () => vote(c, 'ab', 'left-silent', 'YES'), 'FORBIDDEN', 'EXITING');
    await expectRefused(net, () => vote(c, 'ab', 'voted-then-left', 'NO'), 'FORBIDDEN', 'EXITING');
    await pastDeadline(c);
    await finalize(c, 'voted-then-left');
    await finalize(c, 'left-silent');
    // ab's YES, cast while a member, still counts; the electorate stays 4 (3 yes needed)
    expect((await proposalOf(c, 'voted-then-left')).proposal.tally).to.include({ electorate: 4, yes: 3, required: 3, approved: true });
    expect((await proposalOf(c, 'left-silent')).proposal.tally).to.include({ electorate: 4, yes: 2, notVoted: 2, required: 3, approved: false });
    // an EXITING member cannot finalize either
    await openProposal(c, 'cb1', chaincodeProposal('later', '1'));
    await pastDeadline(c);
    await expectRefused(net, () => finalize(c, 'later', c.orgs.ab.admin), 'FORBIDDEN', 'EXITING');
  });

  it('finalize needs a user of an ACTIVE member with a certledger.role; results are final', async () => {
    const c = await newConsortium();
    const { net, orgs } = c;
    await openProposal(c, 'cb1', chaincodeProposal('cc'));
    await votes(c, 'cc', { cb1: 'YES', cb2: 'YES' });
    await pastDeadline(c);
    await expectRefused(net, () => finalize(c, 'cc', orgs.cb1.norole), 'FORBIDDEN', 'no role');
    await expectRefused(net, () => finalize(c, 'cc', orgs.ab.admin), 'FORBIDDEN', 'not a member');
    await expectRefused(net, () => finalize(c, 'nope'), 'NOT_FOUND', 'proposal nope');
    const done = await finalize(c, 'cc', orgs.cb2.reader);
    expect(eventOf(done).payload).to.deep.include({
      outcome: 'APPROVED', effect: { codeDigest: 'a'.repeat(64), sequence: 1, version: '1.0', approved: true },
    });
    await expectRefused(net, () => finalize(c, 'cc'), 'CONFLICT', 'APPROVED');
  });

  it('lists proposals by status a page at a time and shows a proposal with its votes', async () => {
    const c = await newConsortium();
    const { net, orgs } = c;
    for (const id of ['p1', 'p2', 'p3']) await openProposal(c, 'cb1', chaincodeProposal(id, id.slice(1)));
    await vote(c, 'cb1', 'p2', 'YES');
    await vote(c, 'cb2', 'p2', 'YES');
    await pastDeadline(c);
    await finalize(c, 'p2');
    await openProposal(c, 'cb2', chaincodeProposal('p4', '4'));

    type Page = { items: StoredProposal[]; bookmark: string };
    const list = async (status: string, size: string, bookmark = ''): Promise<Page> =>
      parse(await net.evaluate(orgs.regulator.reader, 'membership:listProposals', [status, size, bookmark])) as Page;
    const first = await list('OPEN', '2');
    expect(first.items.map((p) => p.id)).to.deep.equal(['p1', 'p3']);
    expect(first.bookmark).to.not.equal('');
    const second = await list('OPEN', '2', first.bookmark);
    expect(second).to.deep.equal({ items: [second.items[0]], bookmark: '' });
    expect(second.items[0]?.id).to.equal('p4');
    expect((await list('APPROVED', '10')).items.map((p) => [p.id, p.status])).to.deep.equal([['p2', 'APPROVED']]);
    expect((await list('REJECTED', '10')).items).to.deep.equal([]);
    expect((await list('', '10')).items.map((p) => p.id)).to.deep.equal(['p1', 'p2', 'p3', 'p4']);
    await expectRefused(net, () => list('CLOSED', '10'), 'INVALID_ARGUMENT', 'status');
    await expectRefused(net, () => list('OPEN', '0'), 'INVALID_ARGUMENT', 'pageSize');
    await expectRefused(net, () => list('OPEN', '201'), 'INVALID_ARGUMENT', 'pageSize');

    const view = await proposalOf(c, 'p2');
    expect(view.proposal.status).to.equal('APPROVED');
    expect(view.votes.map((v) => [v.mspId, v.choice, v.castBy])).to.deep.equal([
      ['Cb1MSP', 'YES', view.votes[0]?.castBy], ['Cb2MSP', 'YES', view.votes[1]?.castBy],
    ]);
    expect(view.votes[0]?.castBy).to.contain('admin1@cb1');
    expect(view.tally).to.deep.equal(view.proposal.tally);
    await expectRefused(net, () => net.evaluate(orgs.cb1.reader, 'membership:getProposal', ['missing']), 'NOT_FOUND', 'proposal missing');
  });
});

describe('membership: charter amendment and chaincode approval', () => {
  it('AMEND_CHARTER needs 3/4, stores the next version, and later proposals use its durations', async () => {
    const c = await newConsortium();
    const { net, charter } = c;
    const next = { ...structuredClone(charter), version: 2, votingPeriodSeconds: 2 * DAY };
    await expectRefused(net, () => openProposal(c, 'cb1', { id: 'v3', type: 'AMEND_CHARTER', payload: { charter: { ...next, version: 3 } } }), 'INVALID_ARGUMENT', 'must be 2');
    await expectRefused(net, () => openProposal(c, 'cb1', { id: 'bad', type: 'AMEND_CHARTER', payload: { charter: { ...next, minOrderers: 0 } } }), 'INVALID_ARGUMENT', 'minOrderers');
    await expectRefused(net, () => openProposal(c, 'cb1', { id: 'tgt', type: 'AMEND_CHARTER', target: 'Cb1MSP', payload: { charter: next } }), 'INVALID_ARGUMENT', 'proposal.target');

    // 3/4 of 3 electors → all 3 needed: 2 yes is not enough
    await openProposal(c, 'cb1', { id: 'amend-1', type: 'AMEND_CHARTER', payload: { charter: next } });
    await expectRefused(net, () => openProposal(c, 'cb2', { id: 'amend-dup', type: 'AMEND_CHARTER', payload: { charter: next } }), 'CONFLICT', 'amend-1');
    await votes(c, 'amend-1', { cb1: 'YES', cb2: 'YES', regulator: 'NO' });
    await pastDeadline(c);
    await finalize(c, 'amend-1');
    expect((await proposalOf(c, 'amend-1')).proposal.tally).to.include({ required: 3, yes: 2, approved: false });
    expect((await query<{ version: number }>(c, 'getCharter')).version).to.equal(1);

    await openProposal(c, 'cb1', { id: 'amend-2', type: 'AMEND_CHARTER', payload: { charter: next } });
    // a proposal opened under v1 keeps v1's voting period
    const underV1 = parse(await openProposal(c, 'cb1', chaincodeProposal('under-v1'))) as StoredProposal;
    await votes(c, 'amend-2', { cb1: 'YES', cb2: 'YES', regulator: 'YES' });
    await pastDeadline(c);
    const decided = eventOf(await finalize(c, 'amend-2'));
    expect(decided.payload).to.deep.include({ outcome: 'APPROVED', effect: { charterVersion: 2, previousVersion: 1 } });
    const current = await query<{ version: number; votingPeriodSeconds: number }>(c, 'getCharter');
    expect(current).to.include({ version: 2, votingPeriodSeconds: 2 * DAY });
    expect((parse(await net.evaluate(c.orgs.cb1.reader, 'membership:getCharter', [])) as { version: number }).version).to.equal(2);
    expect(net.ledger.getJson(net.ledger.keys().find((k) => k.startsWith('\u0000charter.version\u00002\u0000')) ?? '')).to.deep.equal(current);

    const underV2 = parse(await openProposal(c, 'cb1', chaincodeProposal('under-v2', 'b'))) as StoredProposal;
    expect(Date.parse(underV2.deadline) - Date.parse(underV2.openedAt)).to.equal(2 * DAY * 1000);
    expect(underV2.charterVersion).to.equal(2);
    expect(Date.parse(underV1.deadline) - Date.parse(underV1.openedAt)).to.equal(7 * DAY * 1000);
    // an amendment must now name version 3
    await expectRefused(net, () => openProposal(c, 'cb1', { id: 'stale', type: 'AMEND_CHARTER', payload: { charter: next } }), 'INVALID_ARGUMENT', 'must be 3');
  });

  it('decides a running vote by the quorum of the charter it opened under, not by a later amendment', async () => {
    const c = await newConsortium();
    const unanimous = { ...structuredClone(c.charter), version: 2, quorum: { ...c.charter.quorum, other: { numerator: 1, denominator: 1 } } };
    await openProposal(c, 'cb1', { id: 'unanimity', type: 'AMEND_CHARTER', payload: { charter: unanimous } });
    await votes(c, 'unanimity', { cb1: 'YES', cb2: 'YES', regulator: 'YES' });
    c.net.advance(60);
    await openProposal(c, 'cb1', chaincodeProposal('under-v1'));
    await votes(c, 'under-v1', { cb1: 'YES', cb2: 'YES', regulator: 'NO' });
    await pastDeadline(c);
    await finalize(c, 'unanimity');
    // v2 is in force when under-v1 is finalized
    expect((await query<{ version: number }>(c, 'getCharter')).version).to.equal(2);
    await finalize(c, 'under-v1');
    // 2 of 3 is a strict majority under v1's 1/2; v2 would have needed all 3
    expect((await proposalOf(c, 'under-v1')).proposal.tally).to.include({ required: 2, yes: 2, approved: true });
    await openProposal(c, 'cb1', chaincodeProposal('under-v2', 'b'));
    expect((await proposalOf(c, 'under-v2')).tally.required).to.equal(3);
  });

  it('APPROVE_CHAINCODE then isChaincodeApproved for that exact digest and sequence', async () => {
    const c = await newConsortium();
    const { net, orgs } = c;
    const digest = '5'.repeat(64);
    const proposal = { id: 'cc-1', type: 'APPROVE_CHAINCODE', payload: { codeDigest: digest, sequence: 2, version: '1.1' } };
    const isApproved = (d: string, s: string): Promise<{ approved: boolean; proposalId: string | null }> => query(c, 'isChaincodeApproved', [d, s]);
    expect(await isApproved(digest, '2')).to.deep.equal({ approved: false, proposalId: null, codeDigest: digest, sequence: 2 });
    await openProposal(c, 'cb1', proposal);
    await expectRefused(net, () => openProposal(c, 'cb2', { ...proposal, id: 'cc-dup' }), 'CONFLICT', 'cc-1');
    expect((await isApproved(digest, '2')).approved).to.equal(false);
    await votes(c, 'cc-1', { cb1: 'YES', regulator: 'YES' });
    await pastDeadline(c);
    await finalize(c, 'cc-1');
    expect(await isApproved(digest, '2')).to.deep.equal({ approved: true, proposalId: 'cc-1', codeDigest: digest, sequence: 2 });
    expect((await isApproved(digest, '3')).approved).to.equal(false);
    expect((await isApproved('6'.repeat(64), '2')).approved).to.equal(false);
    await expectRefused(net, () => openProposal(c, 'cb2', { ...proposal, id: 'cc-again' }), 'ALREADY_EXISTS', 'cc-1');
    await expectRefused(net, () => net.evaluate(orgs.cb1.reader, 'membership:isChaincodeApproved', ['XYZ', '2']), 'INVALID_ARGUMENT', 'codeDigest');
    await expectRefused(net, () => net.evaluate(orgs.cb1.reader, 'membership:isChaincodeApproved', [digest, '0']), 'INVALID_ARGUMENT', 'sequence');
    await expectRefused(net, () => net.evaluate(orgs.cb1.reader, 'membership:isChaincodeApproved', [digest, 'two']), 'INVALID_ARGUMENT', 'sequence');
  });

  it('codeDigest reports that a chaincode run from TypeScript sources has no build digest', async () => {
    const c = await newConsortium();
    const answer = await query<{ available: boolean; reason: string }>(c, 'codeDigest');
    expect(answer.available).to.equal(false);
    expect(answer.reason).to.contain('npm run build');
  });

  it('refuses unknown functions and helpers that are not transactions', async () => {
    const c = await newConsortium();
    for (const fn of ['membership:prepare', 'membership:applyApproved', 'membership:requireAdmin']) {
      const before = c.net.ledger.snapshot();
      const outcome = await c.net.submit(c.orgs.cb1.admin, fn, ['{}']).then(() => 'called', (error: unknown) => (error as Error).message);
      expect(outcome).to.match(/does not exist/);
      expect(c.net.ledger.snapshot()).to.deep.equal(before);
    }
  });
});
