// Orderers (consenters) change only under APPROVED ADD_ORDERER / REMOVE_ORDERER proposals, and
// never below the charter minimum (rule 3).
import { expect } from 'chai';
import { createOrgCa } from '../../../support/identities';
import { newConsortium, type Consortium } from '../../../support/consortium';
import type { NetworkNode } from '../../../../chaincode/src/domain/types';
import type { StoredProposal } from '../../../../chaincode/src/api/membership';
import {
  addOrderer,
  eventOf,
  expectRefused,
  finalize,
  nodesOf,
  openProposal,
  parse,
  pastDeadline,
  proposalOf,
  query,
  tlsCertOf,
  tlsFingerprint,
  votes,
} from './fixtures';

const ALL = ['regulator', 'cb1', 'cb2'] as const;

async function add(c: Consortium, id: string, target: string, nodeId: string, tlsCertPem: string): Promise<unknown> {
  return openProposal(c, 'cb1', { id, type: 'ADD_ORDERER', target, payload: { nodeId, endpoint: `${nodeId}:7050`, tlsCertPem } });
}

function remove(c: Consortium, id: string, target: string, nodeId: string, extra: Record<string, unknown> = {}): Promise<unknown> {
  return openProposal(c, 'cb1', { id, type: 'REMOVE_ORDERER', target, payload: { nodeId, ...extra } });
}

/** Three orderers, one per founder, against a minimum of 2. */
async function threeOrderers(): Promise<Consortium> {
  const c = await newConsortium({ charter: { minOrderers: 2 } });
  await addOrderer(c, 'add-reg', 'regulator', 'orderer0.regulator', [...ALL]);
  await addOrderer(c, 'add-cb1', 'cb1', 'orderer0.cb1', [...ALL]);
  await addOrderer(c, 'add-cb2', 'cb2', 'orderer0.cb2', [...ALL]);
  return c;
}

describe('membership: ADD_ORDERER (rule 3)', () => {
  it('registers the orderer ACTIVE only once the proposal is APPROVED, with its TLS fingerprint', async () => {
    const c = await newConsortium();
    const tls = await tlsCertOf(c, 'cb2', 'orderer0.cb2');
    const opened = parse(await openProposal(c, 'regulator', {
      id: 'add-cb2', type: 'ADD_ORDERER', target: 'Cb2MSP', payload: { nodeId: 'orderer0.cb2', endpoint: 'orderer0.cb2:7050', tlsCertPem: tls },
    })) as StoredProposal;
    // the PEM is not stored, its fingerprint is
    expect(opened.payload).to.deep.equal({ nodeId: 'orderer0.cb2', endpoint: 'orderer0.cb2:7050', tlsCertFingerprint: tlsFingerprint(tls) });
    expect(await nodesOf(c)).to.deep.equal([]);
    await expectRefused(c.net, () => add(c, 'add-cb2-dup', 'Cb2MSP', 'orderer0.cb2', tls), 'CONFLICT', 'add-cb2');
    await votes(c, 'add-cb2', { regulator: 'YES', cb2: 'YES' });
    await pastDeadline(c);
    const decided = eventOf(await finalize(c, 'add-cb2'));
    expect(decided.payload).to.deep.include({ outcome: 'APPROVED', effect: { nodeId: 'orderer0.cb2', owner: 'Cb2MSP', type: 'ORDERER', status: 'ACTIVE' } });
    const node = await query<NetworkNode>(c, 'getNode', ['orderer0.cb2']);
    expect(node).to.deep.include({ nodeId: 'orderer0.cb2', owner: 'Cb2MSP', type: 'ORDERER', endpoint: 'orderer0.cb2:7050', tlsCertFingerprint: tlsFingerprint(tls), status: 'ACTIVE' });
    expect((await nodesOf(c, 'Cb2MSP')).map((n) => n.nodeId)).to.deep.equal(['orderer0.cb2']);
    await expectRefused(c.net, () => add(c, 'add-again', 'Cb2MSP', 'orderer0.cb2', tls), 'ALREADY_EXISTS', 'node orderer0.cb2');
  });

  it('registers nothing when the proposal is rejected', async () => {
    const c = await newConsortium();
    await add(c, 'add-cb1', 'Cb1MSP', 'orderer0.cb1', await tlsCertOf(c, 'cb1', 'orderer0.cb1'));
    await votes(c, 'add-cb1', { cb1: 'YES', cb2: 'NO', regulator: 'NO' });
    await pastDeadline(c);
    expect(eventOf(await finalize(c, 'add-cb1')).payload).to.deep.include({ outcome: 'REJECTED' });
    expect(await nodesOf(c)).to.deep.equal([]);
  });

  it('refuses a TLS certificate of another CA, a missing owner or certificate, and a non-member owner', async () => {
    const c = await newConsortium();
    const { net } = c;
    const impostor = await createOrgCa('Cb1MSP', { name: 'other' });
    const forged = (await impostor.issueTlsCert('orderer0.cb1')).certPem;
    await expectRefused(net, () => add(c, 'p', 'Cb1MSP', 'orderer0.cb1', forged), 'FORBIDDEN', 'does not chain');
    await expectRefused(net, () => add(c, 'p', 'Cb1MSP', 'orderer0.cb1', 'garbage'), 'INVALID_ARGUMENT', 'tlsCertPem');
    const abTls = await tlsCertOf(c, 'ab', 'orderer0.ab');
    await expectRefused(net, () => add(c, 'p', 'AbMSP', 'orderer0.ab', abTls), 'NOT_FOUND', 'member AbMSP');
    await expectRefused(net, () => openProposal(c, 'cb1', { id: 'p', type: 'ADD_ORDERER', payload: { nodeId: 'o', endpoint: 'o:7050', tlsCertPem: forged } }), 'INVALID_ARGUMENT', 'proposal.target');
    await expectRefused(net, () => openProposal(c, 'cb1', { id: 'p', type: 'ADD_ORDERER', target: 'Cb1MSP', payload: { nodeId: 'o', endpoint: 'o:7050' } }), 'INVALID_ARGUMENT', 'tlsCertPem');
    await expectRefused(net, () => openProposal(c, 'cb1', { id: 'p', type: 'ADD_ORDERER', target: 'Cb1MSP', payload: { nodeId: 'o', endpoint: 'nowhere', tlsCertPem: forged } }), 'INVALID_ARGUMENT', 'endpoint');
  });

  it('is refused for an owner that is not ACTIVE, also when it stopped being ACTIVE during the vote (the proposal stays OPEN)', async () => {
    const c = await newConsortium();
    const { net } = c;
    await add(c, 'add-cb2', 'Cb2MSP', 'orderer0.cb2', await tlsCertOf(c, 'cb2', 'orderer0.cb2'));
    await openProposal(c, 'regulator', { id: 'suspend-cb2', type: 'SUSPEND_MEMBER', target: 'Cb2MSP', payload: { reason: 'r' } });
    await votes(c, 'add-cb2', { regulator: 'YES', cb1: 'YES' });
    await votes(c, 'suspend-cb2', { regulator: 'YES', cb1: 'YES' });
    await pastDeadline(c);
    await finalize(c, 'suspend-cb2');
    await expectRefused(net, () => finalize(c, 'add-cb2'), 'CONFLICT', 'SUSPENDED');
    expect((await proposalOf(c, 'add-cb2')).proposal.status).to.equal('OPEN');
    const tls1 = await tlsCertOf(c, 'cb2', 'orderer1.cb2');
    await expectRefused(net, () => add(c, 'add-cb2-b', 'Cb2MSP', 'orderer1.cb2', tls1), 'CONFLICT', 'SUSPENDED');
  });
});

describe('membership: REMOVE_ORDERER (rule 3)', () => {
  it('marks the orderer REMOVED, never below the charter minimum, and finalizes a blocked removal once it is safe', async () => {
    const c = await threeOrderers();
    const { net } = c;
    // both may be opened while three orderers run…
    await remove(c, 'rm-cb2', 'Cb2MSP', 'orderer0.cb2', { endpoint: 'orderer0.cb2:7050' });
    await remove(c, 'rm-cb1', 'Cb1MSP', 'orderer0.cb1');
    await votes(c, 'rm-cb2', { regulator: 'YES', cb1: 'YES', cb2: 'YES' });
    await votes(c, 'rm-cb1', { regulator: 'YES', cb1: 'YES', cb2: 'YES' });
    await pastDeadline(c);
    const first = eventOf(await finalize(c, 'rm-cb2'));
    expect(first.payload).to.deep.include({ outcome: 'APPROVED', effect: { nodeId: 'orderer0.cb2', owner: 'Cb2MSP', type: 'ORDERER', status: 'REMOVED' } });
    const removed = await query<NetworkNode>(c, 'getNode', ['orderer0.cb2']);
    expect(removed).to.include({ status: 'REMOVED' });
    expect(removed.removedAt).to.be.a('string');
    // …but only one may be applied: two orderers are the minimum
    await expectRefused(net, () => finalize(c, 'rm-cb1'), 'PRECONDITION_FAILED', 'would leave 1 orderers', 'minimum is 2');
    expect((await proposalOf(c, 'rm-cb1')).proposal.status).to.equal('OPEN');
    // and no new removal is opened at the minimum
    await expectRefused(net, () => remove(c, 'rm-reg', 'RegulatorMSP', 'orderer0.regulator'), 'PRECONDITION_FAILED', 'would leave 1 orderers');

    // another orderer joins; the approved removal can now be applied
    await addOrderer(c, 'add-cb2-new', 'cb2', 'orderer1.cb2', [...ALL]);
    expect(eventOf(await finalize(c, 'rm-cb1')).payload).to.deep.include({ outcome: 'APPROVED' });
    expect((await nodesOf(c)).map((n) => [n.nodeId, n.status])).to.deep.equal([
      ['orderer0.cb1', 'REMOVED'], ['orderer0.cb2', 'REMOVED'], ['orderer0.regulator', 'ACTIVE'], ['orderer1.cb2', 'ACTIVE'],
    ]);
  });

  it('refuses removing a peer, someone else\'s orderer, a wrong endpoint, a removed or unknown node', async () => {
    const c = await threeOrderers();
    const { net, orgs } = c;
    await net.submit(orgs.cb1.admin, 'membership:registerPeer', ['peer0.cb1', 'peer0.cb1:7051', await tlsCertOf(c, 'cb1', 'peer0.cb1')]);
    await expectRefused(net, () => remove(c, 'p', 'Cb1MSP', 'peer0.cb1'), 'INVALID_ARGUMENT', 'is a PEER');
    await expectRefused(net, () => remove(c, 'p', 'Cb2MSP', 'orderer0.cb1'), 'INVALID_ARGUMENT', 'belongs to Cb1MSP');
    await expectRefused(net, () => remove(c, 'p', 'Cb1MSP', 'orderer0.cb1', { endpoint: 'elsewhere:7050' }), 'INVALID_ARGUMENT', 'registered at orderer0.cb1:7050');
    await expectRefused(net, () => remove(c, 'p', 'Cb1MSP', 'orderer0.cb1', { tlsCertPem: 'x' }), 'INVALID_ARGUMENT', 'unknown key');
    await expectRefused(net, () => remove(c, 'p', 'Cb1MSP', 'orderer9.cb1'), 'NOT_FOUND', 'node orderer9.cb1');
    await remove(c, 'rm-cb1', 'Cb1MSP', 'orderer0.cb1');
    await expectRefused(net, () => remove(c, 'rm-cb1-dup', 'Cb1MSP', 'orderer0.cb1'), 'CONFLICT', 'rm-cb1');
    await votes(c, 'rm-cb1', { regulator: 'YES', cb1: 'YES' });
    await pastDeadline(c);
    await finalize(c, 'rm-cb1');
    await expectRefused(net, () => remove(c, 'rm-cb1-again', 'Cb1MSP', 'orderer0.cb1'), 'CONFLICT', 'already REMOVED');
  });

  it('removes an expelled member\'s orderer', async () => {
    const c = await newConsortium({ founders: ['regulator', 'cb1', 'cb2', 'ab'], charter: { minOrderers: 1 } });
    await addOrderer(c, 'add-ab', 'ab', 'orderer0.ab', ['regulator', 'cb1', 'cb2']);
    await addOrderer(c, 'add-reg', 'regulator', 'orderer0.regulator', ['regulator', 'cb1', 'cb2']);
    await openProposal(c, 'regulator', { id: 'expel-ab', type: 'EXPEL_MEMBER', target: 'AbMSP', payload: { reason: 'r' } });
    await votes(c, 'expel-ab', { regulator: 'YES', cb1: 'YES', cb2: 'YES' });
    await pastDeadline(c);
    await finalize(c, 'expel-ab');
    await remove(c, 'rm-ab', 'AbMSP', 'orderer0.ab');
    await votes(c, 'rm-ab', { regulator: 'YES', cb1: 'YES', cb2: 'YES' });
    await pastDeadline(c);
    await finalize(c, 'rm-ab');
    expect((await query<NetworkNode>(c, 'getNode', ['orderer0.ab'])).status).to.equal('REMOVED');
  });
});
