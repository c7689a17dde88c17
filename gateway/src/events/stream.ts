// The gateway's one chaincode-event listener (docs/architecture.md §6). It reads the channel's chaincode events
// in ledger order from a durable checkpoint, as the gateway's own reader identity, and for each
// event: (1) hands it to the webhook outboxes, which hold it durably, (2) moves the checkpoint past
// it, (3) keeps it in a bounded ring and passes it to SSE subscribers. Because the checkpoint
// moves only after (1), a restart resumes exactly after the last event durably handled. When the
// peer stream fails it reconnects from the checkpoint with bounded exponential backoff. Without
// webhooks nothing needs an event exactly once, and the checkpoint is written in the background,
// coalescing events that come faster than durable writes.
import { join } from 'node:path';
import type { ChaincodeEvent, Checkpoint, CloseableAsyncIterable } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import type { FastifyBaseLogger } from 'fastify';
import type { FabricService } from '../fabric/service';
import { DurableFileCheckpointer } from './checkpoint';
import { parseEventId, toLedgerEvent, type EventPosition, type LedgerEvent } from './event';
import type { WebhookDeliverer } from './webhooks';

export interface EventStreamOptions {
  fabric: FabricService;
  channel: string;
  chaincode: string;
  /** the enrolled identity the gateway reads events as */
  user: string;
  /** run/<org>/gateway: the checkpoint lives in events/checkpoint.json */
  stateDir: string;
  deliverer: WebhookDeliverer;
  log: FastifyBaseLogger;
  /** recent events kept for SSE replay */
  ringSize?: number;
  /** reconnect backoff bounds */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export type Subscriber = (event: LedgerEvent) => void;

export function checkpointFile(stateDir: string): string {
  return join(stateDir, 'events', 'checkpoint.json');
}

export class EventStream {
  readonly #options: Required<Omit<EventStreamOptions, 'log'>> & { log: FastifyBaseLogger };
  readonly #checkpointer: DurableFileCheckpointer;
  readonly #ring: LedgerEvent[] = [];
  /** the ring lost its oldest events: an id from before the start position may be missing */
  #evicted = false;
  /** the checkpoint this process started from: the ring holds every event after it */
  #start: { blockNumber: bigint | undefined; txId: string | undefined };
  readonly #subscribers = new Set<Subscriber>();
  /** ends every open SSE response (on close, so the HTTP server can close) */
  readonly #sessions = new Set<() => void>();
  #current: CloseableAsyncIterable<ChaincodeEvent> | undefined;
  #closed = false;
  #wakeBackoff: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  #connected = false;

  /** The flag read afresh: close() may set it across any await of the loops below. */
  #isClosed(): boolean {
    return this.#closed;
  }

  private constructor(options: EventStreamOptions, checkpointer: DurableFileCheckpointer) {
    this.#options = { ringSize: 1000, minBackoffMs: 500, maxBackoffMs: 30_000, ...options };
    this.#checkpointer = checkpointer;
    this.#start = { blockNumber: checkpointer.getBlockNumber(), txId: checkpointer.getTransactionId() };
  }

  /** Reads the checkpoint (a bad file stops the gateway with a clear message). */
  static async open(options: EventStreamOptions): Promise<EventStream> {
    return new EventStream(options, await DurableFileCheckpointer.open(checkpointFile(options.stateDir)));
  }

  /** True while the peer stream is open. */
  get connected(): boolean {
    return this.#connected;
  }

  get checkpoint(): Checkpoint {
    return this.#checkpointer;
  }

  /** The channel whose chaincode events this stream reads. */
  get channel(): string {
    return this.#options.channel;
  }

  start(): void {
    this.#options.deliverer.start();
    this.#loop ??= this.#run();
  }

  subscribe(subscriber: Subscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }

  /** Registers a function that ends an SSE response; called on close. */
  track(end: () => void): () => void {
    this.#sessions.add(end);
    return () => this.#sessions.delete(end);
  }

  /**
   * The ring's events after `after`, or undefined when the ring cannot answer (the id is older
   * than the ring, or unknown): the caller then replays from the ledger.
   */
  since(afterId: string): LedgerEvent[] | undefined {
    const index = this.#ring.findIndex((e) => e.id === afterId);
    if (index >= 0) return this.#ring.slice(index + 1);
    // The last event handled before this process started: the ring holds all that came after.
    const after = parseEventId(afterId);
    if (after !== undefined && !this.#evicted && this.#start.txId === after.txId && this.#start.blockNumber === after.blockNumber) return this.#ring.slice();
    return undefined;
  }

  /**
   * A separate chaincode-event stream from the ledger, with the events after `after`. It starts
   * at the id's block and skips, on this side, that block's events up to and including the id's
   * transaction: the peer's own after-transaction option skips everything until it meets the
   * transaction, so an id naming a transaction the ledger lacks would yield nothing, ever.
   */
  async replay(after: EventPosition): Promise<{ events: AsyncIterable<LedgerEvent>; close(): void }> {
    const source = await this.#network().getChaincodeEvents(this.#options.chaincode, { startBlock: after.blockNumber });
    async function* skipping(): AsyncGenerator<LedgerEvent> {
      let skipping = true;
      for await (const chaincodeEvent of source) {
        if (skipping) {
          if (chaincodeEvent.blockNumber === after.blockNumber) {
            if (chaincodeEvent.transactionId === after.txId) skipping = false;
            continue;
          }
          skipping = false;
        }
        yield toLedgerEvent(chaincodeEvent);
      }
    }
    return { events: skipping(), close: () => source.close() };
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const end of this.#sessions) end();
    this.#sessions.clear();
    this.#subscribers.clear();
    this.#current?.close();
    this.#wakeBackoff?.();
    await this.#loop;
    await this.#checkpointer.flush();
    await this.#options.deliverer.close();
  }

  #network() {
    return this.#options.fabric.gateway(this.#options.user).getNetwork(this.#options.channel);
  }

  /**
   * First start: there is no checkpoint. Events begin at the current block height, written down
   * at once, so that events committed while the gateway is down later are still read.
   */
  async #initialPosition(): Promise<void> {
    const bytes = await this.#network().getContract('qscc').evaluateTransaction('GetChainInfo', this.#options.channel);
    const height = BigInt(common.BlockchainInfo.deserializeBinary(bytes).getHeight());
    await this.#checkpointer.checkpointBlock(height - 1n);
    this.#start = { blockNumber: this.#checkpointer.getBlockNumber(), txId: undefined };
    this.#options.log.info({ blockNumber: height.toString() }, 'no event checkpoint yet: chaincode events start at the current block');
  }

  async #run(): Promise<void> {
    const { log } = this.#options;
    let failures = 0;
    while (!this.#closed) {
      try {
        if (!this.#checkpointer.isSet) await this.#initialPosition();
        this.#current = await this.#network().getChaincodeEvents(this.#options.chaincode, { checkpoint: this.#checkpointer });
        if (this.#isClosed()) break;
        this.#connected = true;
        log.info({ blockNumber: this.#checkpointer.getBlockNumber()?.toString(), afterTxId: this.#checkpointer.getTransactionId() }, 'reading chaincode events');
        for await (const event of this.#current) {
          if (this.#isClosed()) break;
          await this.#handle(event);
          failures = 0;
        }
        if (!this.#isClosed()) log.warn('the peer ended the chaincode event stream; reconnecting');
      } catch (error) {
        if (this.#isClosed()) break;
        failures += 1;
        log.warn({ err: error, failures }, 'chaincode event stream failed; reconnecting from the checkpoint');
      } finally {
        this.#connected = false;
        this.#current?.close();
        this.#current = undefined;
      }
      if (this.#isClosed()) break;
      const delay = Math.min(this.#options.maxBackoffMs, this.#options.minBackoffMs * 2 ** Math.min(failures, 20));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.#wakeBackoff = () => { clearTimeout(timer); resolve(); };
      });
      this.#wakeBackoff = undefined;
    }
  }

  async #handle(chaincodeEvent: ChaincodeEvent): Promise<void> {
    const event = toLedgerEvent(chaincodeEvent);
    // (1) durable in every interested outbox; (2) only then past it in the checkpoint.
    this.#options.deliverer.accept(event);
    if (this.#options.deliverer.ids.length > 0) {
      await this.#checkpointer.checkpointChaincodeEvent(chaincodeEvent);
    } else {
      // No webhook needs this event exactly once: the checkpoint may lag a few events on disk.
      this.#checkpointer.checkpointChaincodeEventSoon(chaincodeEvent, (error) =>
        this.#options.log.warn({ err: error }, 'writing the event checkpoint failed; the next event writes it again'));
    }
    // (3) SSE: re-reading an event after a failed checkpoint write must not show it twice.
    if (this.#ring.length > 0 && this.#ring[this.#ring.length - 1]?.id === event.id) return;
    this.#ring.push(event);
    if (this.#ring.length > this.#options.ringSize) {
      this.#ring.shift();
      this.#evicted = true;
    }
    for (const subscriber of this.#subscribers) {
      try {
        subscriber(event);
      } catch (error) {
        this.#options.log.warn({ err: error }, 'an SSE subscriber failed');
      }
    }
  }
}
