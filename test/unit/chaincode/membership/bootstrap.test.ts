// initConsortium on the harness: once, by a founder's admin, and every founder ACTIVE.
import { expect } from 'chai';
import { TestNetwork } from '../../../support/invoke';
import { contracts } from '../../../../chaincode/src';
import { errorOf, newConsortium } from '../../../support/consortium';
import { createOrgCa } from '../../../support/identities';

describe('membership:initConsortium', () => {
  it('makes every founder an ACTIVE member and refuses a second initialisation without changing state', async () => {
    const { net, orgs, charter, memberInput } = await newConsortium();
    const members = JSON.parse((await net.evaluate(orgs.cb1.reader, 'membership:listMembers', [])).payload) as { mspId: string; status: string }[];
    expect(members.map((m) => [m.mspId, m.status])).to.deep.equal([
      ['Cb1MSP', 'ACTIVE'], ['Cb2MSP', 'ACTIVE'], ['RegulatorMSP', 'ACTIVE'],
    ]);
    const before = net.ledger.snapshot();
    const again = await net.submit(orgs.cb1.admin, 'membership:initConsortium', [JSON.stringify(charter), JSON.stringify([memberInput('cb1')])]).catch((e: unknown) => e);
    expect(errorOf(again).code).to.equal('PRECONDITION_FAILED');
    expect(net.ledger.snapshot()).to.deep.equal(before);
  });
});

describe('membership:initConsortium with the founders\' nodes', () => {
  it('registers each founder\'s peer and orderer, and refuses a node whose TLS certificate another CA issued', async () => {
    const { orgs, charter, memberInput } = await newConsortium({ founders: ['regulator'] });
    // A second ledger, initialised with nodes: the fixture's ledger already has a consortium.
    const fresh = new TestNetwork(contracts);
    const peerTls = await orgs.cb1.ca.issueTlsCert('peer0.cb1');
    const ordererTls = await orgs.cb1.ca.issueTlsCert('orderer0.cb1');
    const impostor = await (await createOrgCa('Cb1MSP', { name: 'impostor' })).issueTlsCert('peer9.cb1');
    const cb1 = (nodes: unknown[]): string => JSON.stringify([{ ...memberInput('cb1'), nodes }, memberInput('regulator')]);

    const before = fresh.ledger.snapshot();
    const refused = await fresh.submit(orgs.cb1.admin, 'membership:initConsortium', [
      JSON.stringify(charter), cb1([{ nodeId: 'peer9.cb1', type: 'PEER', endpoint: '127.0.0.1:8051', tlsCertPem: impostor.certPem }]),
    ]).catch((e: unknown) => e);
    expect(errorOf(refused).code).to.equal('FORBIDDEN');
    expect(fresh.ledger.snapshot()).to.deep.equal(before);

    await fresh.submit(orgs.cb1.admin, 'membership:initConsortium', [JSON.stringify(charter), cb1([
      { nodeId: 'peer0.cb1', type: 'PEER', endpoint: '127.0.0.1:8051', tlsCertPem: peerTls.certPem },
      { nodeId: 'orderer0.cb1', type: 'ORDERER', endpoint: '127.0.0.1:8050', tlsCertPem: ordererTls.certPem },
    ])]);
    const nodes = JSON.parse((await fresh.evaluate(orgs.cb1.reader, 'membership:listNodes', ['Cb1MSP'])).payload) as { nodeId: string; type: string; status: string }[];
    expect(nodes.map((n) => [n.nodeId, n.type, n.status])).to.deep.equal([['orderer0.cb1', 'ORDERER', 'ACTIVE'], ['peer0.cb1', 'PEER', 'ACTIVE']]);
  });
});
