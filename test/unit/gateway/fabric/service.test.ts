// The retry policy of FabricService.submit: a transaction invalidated by an MVCC or phantom read
// conflict is endorsed again as a new proposal, up to MVCC_RETRIES more times; any other
// validation code is final. The proposer answers commit statuses in the order the test gives
// (an MVCC conflict cannot be produced on demand on a live network).
import { expect } from 'chai';
import { StatusCode } from '@hyperledger/fabric-gateway';
import { FabricCallError } from '../../../../gateway/src/fabric/errors';
import { retriesAfter, submitWithRetries, type Proposer } from '../../../../gateway/src/fabric/service';

function scripted(codes: number[]): { proposer: Proposer; proposals: string[][] } {
  const proposals: string[][] = [];
  let n = 0;
  const proposer = {
    newProposal: (_fn: string, options?: { arguments?: (string | Uint8Array)[] }) => {
      proposals.push((options?.arguments ?? []).map(String));
      const code = codes[Math.min(n, codes.length - 1)] as number;
      const txId = `tx${++n}`;
      return {
        endorse: async () => ({
          submit: async () => ({
            getStatus: async () => ({ code, successful: code === StatusCode.VALID, transactionId: txId, blockNumber: BigInt(40 + n) }),
            getResult: () => Buffer.from('{"ok":true}'),
          }),
        }),
      };
    },
  } as unknown as Proposer;
  return { proposer, proposals };
}

describe('gateway fabric/service: the MVCC retry policy', () => {
  it('retries MVCC and phantom read conflicts while attempts remain, nothing else', () => {
    expect(retriesAfter(StatusCode.MVCC_READ_CONFLICT, 1, 3)).to.equal(true);
    expect(retriesAfter(StatusCode.PHANTOM_READ_CONFLICT, 3, 3)).to.equal(true);
    expect(retriesAfter(StatusCode.MVCC_READ_CONFLICT, 4, 3)).to.equal(false);
    expect(retriesAfter(StatusCode.MVCC_READ_CONFLICT, 1, 0)).to.equal(false);
    expect(retriesAfter(StatusCode.ENDORSEMENT_POLICY_FAILURE, 1, 3)).to.equal(false);
    expect(retriesAfter(StatusCode.DUPLICATE_TXID, 1, 3)).to.equal(false);
  });

  it('commits on a later attempt after conflicts, with a new proposal each time, and reports the attempts', async () => {
    const { proposer, proposals } = scripted([StatusCode.MVCC_READ_CONFLICT, StatusCode.PHANTOM_READ_CONFLICT, StatusCode.VALID]);
    const seen: string[] = [];
    const done = await submitWithRetries(proposer, 'suspend', ['CN-1', 'r'], undefined, { mvccRetries: 3, commits: (name) => seen.push(name) });
    expect(done).to.deep.include({ txId: 'tx3', blockNumber: '43', attempts: 3 });
    expect(done.result.toString()).to.equal('{"ok":true}');
    expect(proposals).to.deep.equal([['CN-1', 'r'], ['CN-1', 'r'], ['CN-1', 'r']]);
    expect(seen).to.deep.equal(['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT', 'VALID']);
  });

  it('gives up after MVCC_RETRIES retries: invalidated, with the last transaction', async () => {
    const { proposer, proposals } = scripted([StatusCode.MVCC_READ_CONFLICT]);
    const error = await submitWithRetries(proposer, 'sweep', ['200', ''], undefined, { mvccRetries: 2 }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(FabricCallError);
    expect((error as FabricCallError).failure).to.deep.equal({ kind: 'invalidated', validationCode: 'MVCC_READ_CONFLICT', txId: 'tx3' });
    expect(proposals).to.have.length(3);
  });

  it('does not retry another invalidation', async () => {
    const { proposer, proposals } = scripted([StatusCode.ENDORSEMENT_POLICY_FAILURE, StatusCode.VALID]);
    const error = await submitWithRetries(proposer, 'issue', ['{}'], undefined, { mvccRetries: 3 }).then(() => undefined, (e: unknown) => e);
    expect((error as FabricCallError).failure).to.deep.equal({ kind: 'invalidated', validationCode: 'ENDORSEMENT_POLICY_FAILURE', txId: 'tx1' });
    expect(proposals).to.have.length(1);
  });
});
