// The consortium as an operator runs it: majority endorsement, agreement of every peer, and a
// member's peer going down and catching up again.
import { createHash, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { CHAINCODE, CHANNEL, endorsementPlanReady, endorsementsOf, requireNetwork, heightsAgree, script, topology, withGateway } from './support/network';

const VALID = 0; // peer.TxValidationCode.VALID

function evidenceRecord(clientRef: string): string {
  const digest = createHash('sha256').update(`audit report ${clientRef}`).digest('hex');
  return JSON.stringify({
    clientRef,
    kind: 'AUDIT_REPORT',
    subject: { uscc: '91350100M000100Y43', auditId: `AUD-${clientRef}` },
    digest: { alg: 'sha256', value: digest },
  });
}

async function anchorAsCb1(clientRef: string): Promise<{ txId: string; blockNumber: bigint; record: { id: string } }> {
  return withGateway('cb1', 'recorder1', async (gateway) => {
    const contract = gateway.getNetwork(CHANNEL).getContract(CHAINCODE, 'evidence');
    const submitted = await contract.submitAsync('anchor', { arguments: [evidenceRecord(clientRef)] });
    const status = await submitted.getStatus();
    expect(status.successful, `commit status ${status.code}`).to.equal(true);
    return { txId: submitted.getTransactionId(), blockNumber: status.blockNumber, record: JSON.parse(Buffer.from(submitted.getResult()).toString()) as { id: string } };
  });
}

describe('local consortium (real Fabric nodes)', function () {
  this.timeout(600_000);

  before(async function () {
    await requireNetwork(this);
  });

  it('commits an evidence record submitted by a cb1 user, endorsed by a majority of members', async () => {
    const ref = `net-${randomUUID()}`;
    const { txId, record } = await anchorAsCb1(ref);
    expect(record.id).to.equal(`Cb1MSP:${ref}`);
    const { endorsers, validationCode } = await endorsementsOf('cb1', txId);
    expect(validationCode).to.equal(VALID);
    expect(endorsers.length).to.be.greaterThan(topology.orgs.length / 2);
    expect(endorsers).to.include('Cb1MSP');

    const heights = await heightsAgree();
    expect(new Set(Object.values(heights)).size, JSON.stringify(heights)).to.equal(1);

    const found = await withGateway('cb2', 'reader1', async (gateway) => {
      const contract = gateway.getNetwork(CHANNEL).getContract(CHAINCODE, 'evidence');
      const digest = (JSON.parse(evidenceRecord(ref)) as { digest: { value: string } }).digest.value;
      return JSON.parse(Buffer.from(await contract.evaluateTransaction('verifyDigest', 'sha256', digest)).toString()) as { records: { id: string }[] };
    });
    expect(found.records.map((r) => r.id)).to.deep.equal([`Cb1MSP:${ref}`]);
  });

  it('keeps committing with the regulator\'s peer stopped, and that peer catches up on restart', async () => {
    script('network.sh', 'stop', 'peer-regulator');
    try {
      const { txId } = await anchorAsCb1(`down-${randomUUID()}`);
      const { endorsers, validationCode } = await endorsementsOf('cb1', txId);
      expect(validationCode).to.equal(VALID);
      expect(endorsers).to.deep.equal(['Cb1MSP', 'Cb2MSP']);
    } finally {
      script('network.sh', 'start', 'peer-regulator');
    }
    const heights = await heightsAgree(60_000);
    expect(new Set(Object.values(heights)).size, JSON.stringify(heights)).to.equal(1);
    // The restarted peer rejoins gossip a few seconds later; later suites need all three again.
    await endorsementPlanReady();
  });
});
