// What every typed contract client is built on: the chaincode's declaration of a contract
// (chaincode/src/api/) and a Fabric service to call it through. A client's methods name their
// arguments; the declaration alone puts them in wire order (encodeArguments), so a route never
// addresses the chaincode by a string or a position.
import { encodeArguments, type AnswerOf, type ArgsOf, type ContractApi, type Kind, type Transaction } from '../../../../chaincode/src/api/transaction';
import type { SubmitResult } from '../service';

/** The two calls a client makes; FabricService in production, a recording service in tests. */
export interface FabricCalls {
  evaluate(user: string, contract: string, fn: string, args: string[]): Promise<Buffer>;
  submit(user: string, contract: string, fn: string, args: string[], transient?: Record<string, Buffer>): Promise<SubmitResult>;
}

/** A committed transaction: the chaincode's answer, its id and the block that holds it. */
export interface Submitted<T> {
  result: T;
  txId: string;
  blockNumber: string;
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T is the answer the chaincode's declaration (chaincode/src/api/) promises; JSON.parse cannot check it
function parse<T>(bytes: Buffer): T {
  const text = bytes.toString('utf8');
  return (text === '' ? null : JSON.parse(text)) as T;
}

type Transactions<C extends ContractApi> = C['transactions'];
/** The transactions of C that run as K: a read is never ordered, a write never only evaluated. */
type Named<C extends ContractApi, K extends Kind> = { [F in keyof Transactions<C>]: Transactions<C>[F] extends Transaction<K> ? F : never }[keyof Transactions<C>] & string;

export abstract class ContractClient<C extends ContractApi> {
  readonly #fabric: FabricCalls;
  readonly #api: C;

  protected constructor(fabric: FabricCalls, api: C) {
    this.#fabric = fabric;
    this.#api = api;
  }

  protected async evaluate<F extends Named<C, 'evaluate'>>(identity: string, fn: F, args: ArgsOf<Transactions<C>[F]>): Promise<AnswerOf<Transactions<C>[F]>> {
    const transaction = this.#transaction(fn, 'evaluate');
    return parse(await this.#fabric.evaluate(identity, this.#api.name, fn, encodeArguments(transaction, args)));
  }

  protected async submit<F extends Named<C, 'submit'>>(
    identity: string,
    fn: F,
    args: ArgsOf<Transactions<C>[F]>,
    transient?: Record<string, Buffer>,
  ): Promise<Submitted<AnswerOf<Transactions<C>[F]>>> {
    const transaction = this.#transaction(fn, 'submit');
    const done = await this.#fabric.submit(identity, this.#api.name, fn, encodeArguments(transaction, args), transient);
    return { result: parse(done.result), txId: done.txId, blockNumber: done.blockNumber };
  }

  /**
   * A write's answer without ordering it: the transaction is only evaluated on the peer, so
   * nothing is committed (a route that submits only what changes state looks first).
   */
  protected async preview<F extends Named<C, 'submit'>>(identity: string, fn: F, args: ArgsOf<Transactions<C>[F]>): Promise<AnswerOf<Transactions<C>[F]>> {
    const transaction = this.#transaction(fn, 'submit');
    return parse(await this.#fabric.evaluate(identity, this.#api.name, fn, encodeArguments(transaction, args)));
  }

  #transaction(fn: string, kind: 'submit' | 'evaluate') {
    const transaction = this.#api.transactions[fn];
    if (transaction === undefined || transaction.kind !== kind) throw new Error(`${this.#api.name}:${fn} is not declared as ${kind === 'submit' ? 'a submitted' : 'an evaluated'} transaction`);
    return transaction;
  }
}
