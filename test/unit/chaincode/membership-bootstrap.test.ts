// initConsortium on the harness: once, by a founder's admin, and every founder ACTIVE.
import { expect } from 'chai';
import { errorOf, newConsortium } from '../../support/consortium';

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
