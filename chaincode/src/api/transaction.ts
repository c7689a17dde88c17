// How a contract module of this folder declares a transaction: whether it is submitted or
// evaluated, its arguments by name and type in the order they travel, its answer and the error
// codes it refuses with. The chaincode's contract classes implement the declaration
// (Implementation below: a missing transaction or an extra argument is a compile error, and
// test/unit/chaincode/api/contracts.test.ts checks each method's parameter names against the
// order declared here); the gateway's typed clients encode arguments from it (encodeArguments),
// so the order lives only here.
import type { ErrorCode } from './errors';

/** Canonical JSON of a T on the wire; the brand keeps T for the type checker. */
declare const answerOf: unique symbol;
export type Json<T> = string & { readonly [answerOf]: T };

export type Kind = 'submit' | 'evaluate';

/** Arguments travel as strings: a string as it is, an absent value as '', anything else as its JSON. */
export type Arguments = Record<string, unknown>;
/** A transaction that takes no arguments: no key may be given. */
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- an object with no keys is exactly what is meant
export type NoArguments = Record<never, never>;

export interface Transaction<K extends Kind = Kind, A extends Arguments = Arguments, N extends readonly string[] = readonly string[], R = unknown> {
  readonly kind: K;
  /** the argument names, in wire order */
  readonly params: N;
  /** the codes this transaction can refuse with (docs/errors.md) */
  readonly errors: readonly ErrorCode[];
  /** type carriers only: never set */
  readonly args?: A;
  readonly answer?: R;
}

type Missing<A, N extends readonly string[]> = Exclude<keyof A, N[number]>;
/** The names must be the keys of A, each once: a forgotten one is a compile error. */
type AllOf<A, N extends readonly string[]> = [Missing<A, N>] extends [never] ? N : N & { readonly missing: Missing<A, N> };

function transactionOf<K extends Kind>(kind: K) {
  return <A extends Arguments, R>() =>
    <const N extends readonly (keyof A & string)[]>(params: AllOf<A, N>, ...errors: ErrorCode[]): Transaction<K, A, N, R> =>
      ({ kind, params, errors });
}

/** A transaction that writes: endorsed, ordered and committed. */
export const submit = transactionOf('submit');
/** A read: evaluated on one peer. */
export const evaluate = transactionOf('evaluate');

export type ArgsOf<T> = T extends Transaction<Kind, infer A> ? A : never;
export type AnswerOf<T> = T extends Transaction<Kind, Arguments, readonly string[], infer R> ? R : never;
type ParamsOf<T> = T extends Transaction<Kind, Arguments, infer N> ? N : never;
type Wire<N> = { [I in keyof N]: string };

export interface ContractApi {
  readonly name: string;
  readonly transactions: Readonly<Record<string, Transaction>>;
}

/** What a contract class must offer: one method per transaction, (ctx, ...its wire arguments). */
export type Implementation<C extends ContractApi, Ctx> = {
  [F in keyof C['transactions']]: (ctx: Ctx, ...args: Wire<ParamsOf<C['transactions'][F]>>) => Promise<Json<AnswerOf<C['transactions'][F]>>>;
};

/** The wire arguments of a call, in the declared order. */
export function encodeArguments<T extends Transaction>(transaction: T, args: ArgsOf<T>): string[] {
  return transaction.params.map((name) => {
    const value = (args as Arguments)[name];
    if (value === undefined) return '';
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}
