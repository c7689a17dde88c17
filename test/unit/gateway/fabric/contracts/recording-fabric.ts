// A Fabric service for the typed clients' unit tests: it records every call and answers with
// what the test gave it, as FabricService would after a real peer answered.
import { expect } from 'chai';
import type { FabricCalls } from '../../../../../gateway/src/fabric/contracts';
import type { SubmitResult } from '../../../../../gateway/src/fabric/service';

export interface RecordedCall {
  kind: 'evaluate' | 'submit';
  user: string;
  contract: string;
  fn: string;
  args: string[];
  transient?: Record<string, Buffer>;
}

export class RecordingFabric implements FabricCalls {
  readonly calls: RecordedCall[] = [];
  /** the chaincode's answer the next calls return */
  answer: unknown = { ok: true };

  async evaluate(user: string, contract: string, fn: string, args: string[]): Promise<Buffer> {
    this.calls.push({ kind: 'evaluate', user, contract, fn, args });
    return Buffer.from(JSON.stringify(this.answer));
  }

  async submit(user: string, contract: string, fn: string, args: string[], transient?: Record<string, Buffer>): Promise<SubmitResult> {
    this.calls.push({ kind: 'submit', user, contract, fn, args, ...(transient !== undefined ? { transient } : {}) });
    return { txId: 'tx-1', blockNumber: '7', result: Buffer.from(JSON.stringify(this.answer)), attempts: 1 };
  }

  /** The one call made since the last check. */
  last(): RecordedCall {
    expect(this.calls, 'calls made').to.have.length(1);
    return this.calls.pop() as RecordedCall;
  }
}

/** A call of a client and the wire call it must make. */
export interface Mapping {
  call: () => Promise<unknown>;
  kind: 'evaluate' | 'submit';
  fn: string;
  args: string[];
}

/** Every mapping makes exactly its wire call, as `user`, on `contract`; every transaction is covered. */
export function checkMappings(fabric: RecordingFabric, contract: string, transactions: readonly string[], mappings: Mapping[]): void {
  it('covers every transaction of the contract', () => {
    expect([...new Set(mappings.map((m) => m.fn))].sort()).to.deep.equal([...transactions].sort());
  });
  for (const mapping of mappings) {
    it(`${mapping.fn}: ${mapping.kind}s ${contract}:${mapping.fn}(${mapping.args.map((a) => JSON.stringify(a)).join(', ')})`, async () => {
      fabric.answer = { answered: mapping.fn };
      const answer = await mapping.call();
      const made = fabric.last();
      expect({ kind: made.kind, user: made.user, contract: made.contract, fn: made.fn, args: made.args }).to.deep.equal({ kind: mapping.kind, user: 'alice', contract, fn: mapping.fn, args: mapping.args });
      if (mapping.kind === 'submit') expect(answer).to.deep.equal({ result: { answered: mapping.fn }, txId: 'tx-1', blockNumber: '7' });
      else expect(answer).to.deep.equal({ answered: mapping.fn });
    });
  }
}
