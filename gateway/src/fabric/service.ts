// The member's one connection to its peer: a shared gRPC client, one Gateway session per enrolled
// user (keys parsed once), deadlines on every call, submits that wait for a VALID commit and
// retry MVCC conflicts a bounded number of times.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@grpc/grpc-js';
import { StatusCode, type Contract, type Gateway } from '@hyperledger/fabric-gateway';
import { connectGateway, newGrpcClient, type Deadlines, type PeerEndpoint } from './connection';
import { membershipApi } from '../../../chaincode/src/api/membership';
import type { FabricCalls } from './contracts/client';
import { classify, FabricCallError, statusName } from './errors';

export interface FabricServiceOptions {
  mspId: string;
  channel: string;
  chaincode: string;
  peer: PeerEndpoint;
  /** folder with one <user>/msp per enrolled user */
  usersDir: string;
  deadlines: Deadlines;
  mvccRetries: number;
  /** the enrolled reader the gateway acts as for itself (GatewayConfig.readerUser) */
  readerUser: string;
}

export interface SubmitResult {
  txId: string;
  blockNumber: string;
  result: Buffer;
  attempts: number;
}

export interface CallTimer {
  (phase: 'evaluate' | 'endorse' | 'submit' | 'commit', seconds: number): void;
}

export interface CommitObserver {
  (validationCode: string): void;
}

export interface ReadinessObserver {
  (ready: boolean): void;
}

const RETRYABLE = new Set<number>([StatusCode.MVCC_READ_CONFLICT, StatusCode.PHANTOM_READ_CONFLICT]);

/**
 * The retry policy: a transaction invalidated by an MVCC or phantom read conflict (another
 * transaction changed what it read) is endorsed again, up to `mvccRetries` more times; every other
 * validation code is final.
 */
export function retriesAfter(validationCode: number, attempt: number, mvccRetries: number): boolean {
  return RETRYABLE.has(validationCode) && attempt <= mvccRetries;
}

/** What a submit needs of a fabric-gateway Contract. */
export type Proposer = Pick<Contract, 'newProposal'>;

/** One submit under the retry policy: endorse, order, wait for the commit status; a new proposal each attempt. */
export async function submitWithRetries(
  target: Proposer,
  fn: string,
  args: string[],
  transient: Record<string, Buffer> | undefined,
  options: { mvccRetries: number; timer?: CallTimer; commits?: CommitObserver },
): Promise<SubmitResult> {
  const timer = options.timer ?? (() => undefined);
  const commits = options.commits ?? (() => undefined);
  for (let attempt = 1; ; attempt++) {
    try {
      let started = process.hrtime.bigint();
      const proposal = target.newProposal(fn, { arguments: args, ...(transient !== undefined ? { transientData: transient } : {}) });
      const transaction = await proposal.endorse();
      timer('endorse', seconds(started));
      started = process.hrtime.bigint();
      const submitted = await transaction.submit();
      timer('submit', seconds(started));
      started = process.hrtime.bigint();
      const status = await submitted.getStatus();
      timer('commit', seconds(started));
      const name = statusName(status.code);
      commits(name);
      if (status.successful) {
        return { txId: status.transactionId, blockNumber: status.blockNumber.toString(), result: Buffer.from(submitted.getResult()), attempts: attempt };
      }
      if (retriesAfter(status.code, attempt, options.mvccRetries)) continue;
      throw new FabricCallError({ kind: 'invalidated', validationCode: name, txId: status.transactionId });
    } catch (error) {
      throw classify(error);
    }
  }
}

export class FabricService implements FabricCalls {
  readonly #options: Readonly<FabricServiceOptions>;
  readonly #client: Client;
  readonly #gateways = new Map<string, Gateway>();
  /** the certificate each session signs with, as read when the session was made */
  readonly #certificates = new Map<string, Buffer>();
  #timer: CallTimer = () => undefined;
  #commits: CommitObserver = () => undefined;
  #readiness: ReadinessObserver = () => undefined;

  constructor(options: FabricServiceOptions) {
    this.#options = options;
    this.#client = newGrpcClient(options.peer);
  }

  get mspId(): string {
    return this.#options.mspId;
  }

  /** The identity the gateway reads as for itself: public routes, chaincode events, readiness. */
  get reader(): string {
    return this.#options.readerUser;
  }

  /** Metrics hooks (the metrics plugin owns the metrics; this service only reports). */
  observe(timer: CallTimer, commits: CommitObserver, readiness?: ReadinessObserver): void {
    this.#timer = timer;
    this.#commits = commits;
    if (readiness !== undefined) this.#readiness = readiness;
  }

  hasUser(user: string): boolean {
    return USER_NAME.test(user) && existsSync(this.#certificatePath(user));
  }

  /**
   * Every identity the gateway signs with or would sign with: the users with a session, and the
   * users enrolled in usersDir now (a folder with msp/signcerts/cert.pem), sorted.
   */
  signingUsers(): string[] {
    let entries: string[] = [];
    try {
      entries = readdirSync(this.#options.usersDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const users = new Set([...this.#gateways.keys(), ...entries.filter((user) => this.hasUser(user))]);
    return [...users].sort();
  }

  /**
   * The certificate (PEM) `user` signs with: the one its session loaded — a certificate
   * re-enrolled on disk is used only after a restart — or, before the user's first call, the one
   * on disk, which its session will load.
   */
  signingCertificate(user: string): Buffer {
    const loaded = this.#certificates.get(user);
    if (loaded !== undefined) return loaded;
    if (!USER_NAME.test(user)) throw new Error(`not a user name: ${JSON.stringify(user)}`);
    return readFileSync(this.#certificatePath(user));
  }

  /** The Gateway session of an enrolled user, made once. */
  gateway(user: string): Gateway {
    let gateway = this.#gateways.get(user);
    if (gateway === undefined) {
      if (!this.hasUser(user)) throw new FabricCallError({ kind: 'internal', message: `no enrolled identity ${user} in ${this.#options.usersDir}` });
      const msp = join(this.#options.usersDir, user, 'msp');
      const certificatePem = readFileSync(this.#certificatePath(user));
      gateway = connectGateway(this.#client, {
        mspId: this.#options.mspId,
        certificatePem,
        privateKeyPem: readFileSync(join(msp, 'keystore', 'key.pem')),
      }, this.#options.deadlines);
      this.#gateways.set(user, gateway);
      this.#certificates.set(user, certificatePem);
    }
    return gateway;
  }

  async evaluate(user: string, contract: string, fn: string, args: string[]): Promise<Buffer> {
    const started = process.hrtime.bigint();
    try {
      const bytes = await this.gateway(user).getNetwork(this.#options.channel).getContract(this.#options.chaincode, contract).evaluateTransaction(fn, ...args);
      return Buffer.from(bytes);
    } catch (error) {
      throw classify(error);
    } finally {
      this.#timer('evaluate', seconds(started));
    }
  }

  /** Endorses, orders and waits for the commit status; MVCC conflicts are retried. */
  async submit(user: string, contract: string, fn: string, args: string[], transient?: Record<string, Buffer>): Promise<SubmitResult> {
    const target = this.gateway(user).getNetwork(this.#options.channel).getContract(this.#options.chaincode, contract);
    return submitWithRetries(target, fn, args, transient, { mvccRetries: this.#options.mvccRetries, timer: this.#timer, commits: this.#commits });
  }

  /** Peer reachable and chaincode answering (membership:getCharter); the outcome is reported to the readiness observer. */
  async ready(user: string): Promise<void> {
    try {
      await this.evaluate(user, membershipApi.name, 'getCharter', []);
    } catch (error) {
      this.#readiness(false);
      throw error;
    }
    this.#readiness(true);
  }

  close(): void {
    for (const gateway of this.#gateways.values()) gateway.close();
    this.#gateways.clear();
    this.#certificates.clear();
    this.#client.close();
  }

  #certificatePath(user: string): string {
    return join(this.#options.usersDir, user, 'msp', 'signcerts', 'cert.pem');
  }
}

/** What a user folder may be called: label values and paths stay plain (no "." or ".."). */
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function seconds(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
