// Drives the contracts exactly the way the peer does: each org's peer has its own chaincode
// "process" — fabric-shim's ChaincodeFromContract over the contract classes, the dispatcher
// fabric-shim's bootstrap builds — connected through fabric-shim's own message handler (see
// ledger.ts). So only functions the contract-api metadata lists are callable (with @Transaction
// on a class, only the decorated ones), arguments and results go through the real JSON
// serializer and schema validation, errors come back as the shim's error response, and
// ctx.clientIdentity is fabric-shim's ClientIdentity built from the creator certificate in the
// signed proposal.
//
// Import this module before the contract modules: it quiets the shim/contract-api loggers (unless
// CORE_CHAINCODE_LOGGING_LEVEL is set), and loggers created earlier would miss that.

import { createHash } from 'node:crypto';
import type { Contract } from 'fabric-contract-api';
import type { ChaincodeInterface } from 'fabric-shim';
import { parseTimestamp, TestClock, withEndorserClock } from './clock';
import { ChaincodeFromContract, defaultSerializers, setChaincodeLogLevel, type Serializers } from './fabric';
import { isIssuedBy, type TestIdentity } from './identities';
import {
  DEFAULT_EXECUTE_TIMEOUT_MS,
  MemoryLedger,
  SimulatedPeer,
  type CollectionConfig,
  type PeerExecution,
} from './ledger';
import { buildProposal, type Proposal } from './proposal';

if (process.env.CORE_CHAINCODE_LOGGING_LEVEL === undefined) {
  // 'CRITICAL' maps to a winston level that nothing logs at. Loggers created later read the env.
  setChaincodeLogLevel('CRITICAL');
  process.env.CORE_CHAINCODE_LOGGING_LEVEL = 'CRITICAL';
}

/** A channel member as the channel config knows it: its MSP ID and root CA. OrgCa fits. */
export interface MspDefinition {
  readonly mspId: string;
  readonly caCertPem: string;
}

export interface TestNetworkOptions {
  /** Private data collections of the chaincode definition. */
  readonly collections?: readonly CollectionConfig[];
  /** Org of the peer that runs transactions; default the submitting identity's own org. */
  readonly peerMspId?: string;
  /** Initial clock (ISO-8601); default 2025-01-01T00:00:00.000Z. */
  readonly startTime?: string;
  readonly channelId?: string;
  readonly chaincodeName?: string;
  /**
   * The channel's MSPs. When given, a proposal is refused before reaching the chaincode — as the
   * peer refuses it — if its creator's MSP is not among them or its certificate was not issued by
   * that MSP's CA. When absent, any creator is accepted.
   */
  readonly msps?: readonly MspDefinition[];
  /** As the chaincode module would export them; default fabric-shim's JSON serializer. */
  readonly serializers?: Serializers;
  /** Contract metadata (META-INF/metadata.json); default none, i.e. introspection. */
  readonly metadata?: object;
  readonly title?: string;
  readonly version?: string;
  /** Seed of the deterministic nonces from which tx ids are derived. */
  readonly txIdSeed?: string;
  /** Per-peer execution timeout (core.yaml chaincode.executetimeout), default 30 s. */
  readonly executeTimeoutMs?: number;
}

export interface InvokeOptions {
  /** Transient map of the proposal (private inputs). */
  readonly transient?: Readonly<Record<string, string | Uint8Array>>;
  /** The transaction timestamp the client writes (ISO-8601); default the network clock. */
  readonly timestamp?: string;
  /** Forces a tx id instead of SHA-256(nonce ‖ creator) (a real peer would refuse it). */
  readonly txId?: string;
  /** Org of the single peer to run on; default the network's peerMspId, else the identity's org. */
  readonly peerMspId?: string;
  /**
   * Runs the proposal on one peer of each of these orgs, as the gateway does for an endorsement
   * policy needing several orgs: every one must succeed and all must return identical results
   * (payload, event, write set), else the transaction fails. Overrides peerMspId.
   */
  readonly endorsingOrganizations?: readonly string[];
}

export interface ChaincodeEventResult {
  readonly name: string;
  /** UTF-8 text of the payload. */
  readonly payload: string;
}

export interface TransactionResult {
  /** The transaction function's return value as serialized on the wire (UTF-8 text). */
  readonly payload: string;
  readonly txId: string;
  /** The last event the transaction set (for evaluate: what it would have emitted). */
  readonly event?: ChaincodeEventResult;
}

export interface SubmitResult extends TransactionResult {
  readonly blockNumber: number;
}

/** Per-endorser failure detail, as the gateway attaches it to an endorsement error. */
export interface EndorsementErrorDetail {
  readonly mspId: string;
  readonly address: string;
  readonly message: string;
}

/**
 * A refused transaction. `message` is the chaincode's error message — for our contracts the JSON
 * {"code","message"} — or the peer's reason when it refused the proposal before the chaincode.
 */
export class TransactionError extends Error {
  override readonly name = 'TransactionError';
  readonly txId: string;
  /** The chaincode response status (500 for a thrown error); undefined if refused by the peer. */
  readonly status: number | undefined;
  readonly details: readonly EndorsementErrorDetail[];

  constructor(message: string, txId: string, status: number | undefined, details: readonly EndorsementErrorDetail[]) {
    super(message);
    this.txId = txId;
    this.status = status;
    this.details = details;
  }
}

/** Contract classes as the chaincode module exports them (`contracts`). */
export type ContractClass = typeof Contract;

// The shim reads the peer's MSP ID from process.env and the chaincode its endorser clock from a
// module variable: both process-wide. All networks therefore run one transaction at a time.
let queue: Promise<unknown> = Promise.resolve();
function exclusive<T>(body: () => Promise<T>): Promise<T> {
  const run = queue.then(body, body);
  queue = run.catch(() => undefined);
  return run;
}

export class TestNetwork {
  readonly ledger: MemoryLedger;
  readonly clock: TestClock;
  readonly #contracts: readonly ContractClass[];
  readonly #opts: TestNetworkOptions;
  readonly #serializers: Serializers;
  readonly #peers = new Map<string, SimulatedPeer>();
  readonly #msps: Map<string, string> | undefined;
  #firstChaincode: ChaincodeInterface | undefined;
  #seq = 0;

  constructor(contracts: readonly ContractClass[], opts: TestNetworkOptions = {}) {
    if (contracts.length === 0) throw new Error('TestNetwork needs at least one contract class');
    this.#contracts = [...contracts];
    this.#opts = opts;
    this.#serializers = opts.serializers ?? defaultSerializers();
    this.ledger = new MemoryLedger({
      ...(opts.channelId !== undefined ? { channelId: opts.channelId } : {}),
      ...(opts.chaincodeName !== undefined ? { chaincodeName: opts.chaincodeName } : {}),
      ...(opts.collections ? { collections: opts.collections } : {}),
    });
    this.clock = new TestClock(opts.startTime ?? '2025-01-01T00:00:00.000Z');
    this.#msps = opts.msps ? new Map(opts.msps.map((m) => [m.mspId, m.caCertPem])) : undefined;
    // Build one chaincode now so a contract the dispatcher rejects fails here, not at first use.
    this.#firstChaincode = this.#newChaincode();
  }

  /** The network clock (transaction timestamps default to it; endorsers' clocks follow it). */
  now(): Date {
    return this.clock.now();
  }

  advance(seconds: number): void {
    this.clock.advance(seconds);
  }

  setTime(instant: string | Date): void {
    this.clock.set(instant);
  }

  /** Adds an org to the channel's MSPs (only meaningful when the network was given `msps`). */
  addMsp(msp: MspDefinition): void {
    if (!this.#msps) throw new Error('this TestNetwork does not check creators (no `msps` option)');
    this.#msps.set(msp.mspId, msp.caCertPem);
  }

  removeMsp(mspId: string): void {
    if (!this.#msps) throw new Error('this TestNetwork does not check creators (no `msps` option)');
    this.#msps.delete(mspId);
  }

  /**
   * Endorses and commits. Throws a TransactionError (message = the chaincode's error message)
   * and commits nothing when the transaction fails.
   */
  submit(identity: TestIdentity, fn: string, args: ReadonlyArray<string | Uint8Array> = [], opts: InvokeOptions = {}): Promise<SubmitResult> {
    return exclusive(async () => {
      const { proposal, execution } = await this.#endorse(identity, fn, args, opts);
      const block = this.ledger.commit({
        txId: proposal.txId,
        timestamp: proposal.timestamp,
        writes: execution.writes,
        event: execution.event,
      });
      return { ...toResult(execution), blockNumber: block.blockNumber };
    });
  }

  /** Runs the transaction without committing anything, even on success. */
  evaluate(identity: TestIdentity, fn: string, args: ReadonlyArray<string | Uint8Array> = [], opts: InvokeOptions = {}): Promise<TransactionResult> {
    return exclusive(async () => toResult((await this.#endorse(identity, fn, args, opts)).execution));
  }

  async #endorse(
    identity: TestIdentity,
    fn: string,
    args: ReadonlyArray<string | Uint8Array>,
    opts: InvokeOptions,
  ): Promise<{ proposal: Proposal; execution: PeerExecution }> {
    const seq = ++this.#seq;
    const seed = this.#opts.txIdSeed ?? 'certledger-harness';
    const proposal = buildProposal({
      channelId: this.ledger.channelId,
      chaincodeName: this.ledger.chaincodeName,
      creator: identity,
      args: [fn, ...args],
      ...(opts.transient ? { transient: opts.transient } : {}),
      timestamp: opts.timestamp !== undefined ? parseTimestamp(opts.timestamp) : this.clock.nowTimestamp(),
      nonce: createHash('sha256').update(`${seed}:${seq}`).digest().subarray(0, 24),
      ...(opts.txId !== undefined ? { txId: opts.txId } : {}),
    });

    await this.#checkProposal(identity, proposal);

    const orgs = opts.endorsingOrganizations ?? [opts.peerMspId ?? this.#opts.peerMspId ?? identity.mspId];
    if (orgs.length === 0) throw new Error('endorsingOrganizations must not be empty');
    const executions: PeerExecution[] = [];
    for (const org of orgs) {
      const execution = await withEndorserClock(
        () => this.clock.nowMillis(),
        () => this.#peer(org).execute(proposal, this.#opts.executeTimeoutMs ?? DEFAULT_EXECUTE_TIMEOUT_MS),
      );
      executions.push(execution);
    }

    const failed = executions.filter((e) => e.response.status < 200 || e.response.status >= 400);
    const first = failed[0];
    if (first) {
      throw new TransactionError(
        first.response.message,
        proposal.txId,
        first.response.status,
        failed.map((e) => detail(e.peerMspId, `chaincode response ${e.response.status}, ${e.response.message}`)),
      );
    }
    const [execution, ...others] = executions as [PeerExecution, ...PeerExecution[]];
    const expected = responseFingerprint(execution);
    const mismatched = others.filter((e) => responseFingerprint(e) !== expected);
    if (mismatched.length > 0) {
      throw new TransactionError(
        'ProposalResponsePayloads do not match',
        proposal.txId,
        undefined,
        mismatched.map((e) => detail(e.peerMspId, 'ProposalResponsePayloads do not match')),
      );
    }
    return { proposal, execution };
  }

  /** What the endorser checks before running the chaincode (msgvalidation.go, endorser.go). */
  async #checkProposal(identity: TestIdentity, proposal: Proposal): Promise<void> {
    const refuse = (message: string): never => {
      throw new TransactionError(message, proposal.txId, undefined, []);
    };
    if (this.#msps) {
      const caCertPem = this.#msps.get(identity.mspId);
      if (caCertPem === undefined) {
        refuse(`access denied: channel [${proposal.channelId}] creator org unknown, creator is malformed`);
      } else if (!(await isIssuedBy(identity.certPem, caCertPem))) {
        refuse(`access denied: channel [${proposal.channelId}] creator org [${identity.mspId}]`);
      }
    }
    if (this.ledger.hasTransaction(proposal.txId)) {
      refuse(`duplicate transaction found [${proposal.txId}]. Creator [${Buffer.from(proposal.creatorBytes).toString('hex')}]`);
    }
  }

  #peer(mspId: string): SimulatedPeer {
    let p = this.#peers.get(mspId);
    if (!p) {
      const chaincode = this.#firstChaincode ?? this.#newChaincode();
      this.#firstChaincode = undefined;
      p = new SimulatedPeer(this.ledger, mspId, chaincode);
      this.#peers.set(mspId, p);
    }
    return p;
  }

  /** What fabric-shim's bootstrap does with the module's exports (Bootstrap.register). */
  #newChaincode(): ChaincodeInterface {
    return new ChaincodeFromContract(
      [...this.#contracts], // the dispatcher appends its system contract to the array it is given
      this.#serializers,
      structuredClone(this.#opts.metadata ?? {}),
      this.#opts.title,
      this.#opts.version,
    );
  }
}

function detail(mspId: string, message: string): EndorsementErrorDetail {
  return { mspId, address: `peer0.${mspId.toLowerCase()}:7051`, message };
}

function responseFingerprint(e: PeerExecution): string {
  return JSON.stringify([
    e.response.status,
    e.response.message,
    e.response.payload.toString('hex'),
    e.event?.name ?? null,
    e.event?.payload.toString('hex') ?? null,
    e.writes.fingerprint(),
  ]);
}

function toResult(e: PeerExecution): TransactionResult {
  return {
    payload: e.response.payload.toString('utf8'),
    txId: e.txId,
    ...(e.event ? { event: { name: e.event.name, payload: e.event.payload.toString('utf8') } } : {}),
  };
}
