// An in-memory channel ledger and a simulated peer, so contracts run on fabric-shim's REAL
// ChaincodeStub with the peer's semantics and no network.
//
// How it fits together (the same wiring as chaincode-as-a-service in production):
//
//   SimulatedPeer ──(fake gRPC stream of ChaincodeMessage protobufs)──► fabric-shim's own
//   ChaincodeMessageHandler ──► ChaincodeStub ──► chaincode (ChaincodeFromContract)
//
// Every stub call (getState, putState, range queries, iterators' QUERY_STATE_NEXT/CLOSE, history,
// private data, ...) travels as the protobuf message the shim really sends, and the simulated
// peer answers with what Fabric v2.5's peer (core/chaincode/handler.go, the LevelDB tx simulator
// in core/ledger/kvledger/txmgmt) answers, including its error texts. So the shim's argument
// checks, key validation, composite-key encoding, iterator protocol and async-iterator form are
// the shim's own code, not a re-implementation.
//
// Peer semantics reproduced here:
//  - reads see committed state only (a transaction never reads its own writes); writes go to a
//    write set applied atomically when the transaction commits, never when it fails;
//  - a write of an empty value is a delete (rwsetutil newKVWrite: IsDelete = len(value) == 0);
//  - keys are ordered by their UTF-8 bytes; range ends are exclusive, an empty end is unbounded;
//  - paginated queries only in read-only transactions, and no writes after one; no writes after a
//    private-data range query and no such query after a write (the txSimulator's rules);
//  - pagination: page of `pageSize`, bookmark = the next key in range or '' when exhausted,
//    metadata { fetchedRecordsCount, bookmark }; unpaginated results cut in batches of 100 that
//    the shim's iterator fetches with QUERY_STATE_NEXT; at most 100000 results per query;
//  - history newest first, committed transactions only, with the client's timestamps;
//  - private data: collection membership of the PEER's org decides whether it holds the values
//    (a non-member peer fails reading an existing key, and sees nothing in range queries);
//    memberOnlyRead / memberOnlyWrite check the CREATOR's org; hashes (SHA-256 of the value) are
//    on every peer; unknown collections fail like the peer;
//  - rich (CouchDB) queries fail as on LevelDB.

import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type * as FabricProtos from '@hyperledger/fabric-protos';
import type { ChaincodeInterface, ChaincodeStub } from 'fabric-shim';
import { formatTimestamp, parseTimestamp, type TimestampParts } from './clock';
import {
  ChaincodeMessageHandler,
  ChaincodeStubImpl,
  newTimestamp,
  protos,
  type ChaincodeMessage,
  type MessageType,
} from './fabric';
import { buildProposal, type Proposal, type ProposalCreator } from './proposal';

const { peer, ledger: ledgerProtos } = protos;
const MsgType = peer.ChaincodeMessage.Type;
const MSG_TYPE_NAMES = new Map<number, string>(Object.entries(MsgType).map(([name, value]) => [value as number, name]));

/** core.yaml ledger.state.totalQueryLimit (default). */
export const TOTAL_QUERY_LIMIT = 100000;
/** Batch size between peer and shim for unpaginated queries (peer MaxResultLimit). */
export const MAX_RESULT_LIMIT = 100;
/** core.yaml chaincode.executetimeout (default). */
export const DEFAULT_EXECUTE_TIMEOUT_MS = 30000;

// ---------------------------------------------------------------------------------------------
// Public types

/** A private data collection of the chaincode definition (static collection config). */
export interface CollectionConfig {
  readonly name: string;
  /** MSP IDs in the collection's member-orgs policy (OR of their .member principals). */
  readonly members: readonly string[];
  /** Only creators from member orgs may read (Fabric's default: false). */
  readonly memberOnlyRead?: boolean;
  /** Only creators from member orgs may write (Fabric's default: false). */
  readonly memberOnlyWrite?: boolean;
}

export interface LedgerOptions {
  readonly channelId?: string;
  readonly chaincodeName?: string;
  readonly collections?: readonly CollectionConfig[];
}

/** One entry of a key's history, as the peer's history database returns it. */
export interface HistoryEntry {
  readonly txId: string;
  readonly timestamp: TimestampParts;
  readonly isDelete: boolean;
  /** Empty for a delete. */
  readonly value: Buffer;
}

export interface BlockEvent {
  readonly name: string;
  /** UTF-8 text of the event payload. */
  readonly payload: string;
}

/** One committed transaction. The harness puts each transaction in its own block. */
export interface BlockEntry {
  readonly blockNumber: number;
  readonly txId: string;
  /** The transaction timestamp (the client's), ISO-8601. */
  readonly timestamp: string;
  readonly event?: BlockEvent;
  readonly validationCode: 'VALID';
}

export interface LedgerEvent extends BlockEvent {
  readonly blockNumber: number;
  readonly txId: string;
}

/**
 * A deep-comparable copy of everything committed. Values are UTF-8 text when they round-trip as
 * UTF-8, otherwise "base64:<...>".
 */
export interface LedgerSnapshot {
  readonly blockHeight: number;
  readonly state: Record<string, string>;
  readonly privateData: Record<string, Record<string, string>>;
}

interface Height {
  readonly blockNum: number;
  readonly txNum: number;
}

interface StateEntry {
  readonly value: Buffer;
  readonly version: Height;
  readonly metadata: ReadonlyMap<string, Buffer>;
}

interface PrivateEntry {
  readonly value: Buffer;
  readonly hash: Buffer;
  readonly version: Height;
}

// ---------------------------------------------------------------------------------------------
// Write set

/** What a simulated transaction would write. An empty value means delete, as on the peer. */
export class WriteSet {
  readonly public = new Map<string, Buffer>();
  readonly metadata = new Map<string, Map<string, Buffer>>();
  readonly private = new Map<string, Map<string, Buffer>>();
  readonly purges = new Map<string, Set<string>>();

  get isEmpty(): boolean {
    return this.public.size === 0 && this.metadata.size === 0 && this.private.size === 0 && this.purges.size === 0;
  }

  putPrivate(collection: string, key: string, value: Buffer): void {
    let writes = this.private.get(collection);
    if (!writes) {
      writes = new Map();
      this.private.set(collection, writes);
    }
    writes.set(key, value);
  }

  /**
   * A digest of the write set as it appears in a proposal response (private values only by
   * hash), to check that several endorsers agree.
   */
  fingerprint(): string {
    const rows: string[][] = [];
    for (const [key, value] of this.public) rows.push(['pub', key, value.toString('hex')]);
    for (const [key, entries] of this.metadata) {
      for (const [metakey, value] of entries) rows.push(['meta', key, metakey, value.toString('hex')]);
    }
    for (const [collection, writes] of this.private) {
      for (const [key, value] of writes) rows.push(['pvt', collection, key, value.length === 0 ? '' : sha256(value).toString('hex')]);
    }
    for (const [collection, keys] of this.purges) for (const key of keys) rows.push(['purge', collection, key]);
    rows.sort((a, b) => Buffer.compare(Buffer.from(JSON.stringify(a)), Buffer.from(JSON.stringify(b))));
    return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  }
}

// ---------------------------------------------------------------------------------------------
// Ordered key/value store (LevelDB order: UTF-8 bytes)

class SortedStore<V> {
  readonly #values = new Map<string, V>();
  readonly #order: Array<{ readonly key: string; readonly bytes: Buffer }> = [];

  get size(): number {
    return this.#values.size;
  }

  get(key: string): V | undefined {
    return this.#values.get(key);
  }

  set(key: string, value: V): void {
    if (!this.#values.has(key)) {
      const bytes = Buffer.from(key, 'utf8');
      this.#order.splice(this.#lowerBound(bytes), 0, { key, bytes });
    }
    this.#values.set(key, value);
  }

  delete(key: string): void {
    if (!this.#values.delete(key)) return;
    const index = this.#lowerBound(Buffer.from(key, 'utf8'));
    this.#order.splice(index, 1);
  }

  /** [start, end) in byte order; an empty `end` means no upper bound. */
  range(start: string, end: string): Array<[string, V]> {
    const out: Array<[string, V]> = [];
    const endBytes = end === '' ? undefined : Buffer.from(end, 'utf8');
    for (let i = this.#lowerBound(Buffer.from(start, 'utf8')); i < this.#order.length; i++) {
      const entry = this.#order[i];
      if (!entry) break;
      if (endBytes && Buffer.compare(entry.bytes, endBytes) >= 0) break;
      out.push([entry.key, this.#values.get(entry.key) as V]);
    }
    return out;
  }

  entries(): Array<[string, V]> {
    return this.range('', '');
  }

  #lowerBound(bytes: Buffer): number {
    let lo = 0;
    let hi = this.#order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const entry = this.#order[mid];
      if (entry && Buffer.compare(entry.bytes, bytes) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

// ---------------------------------------------------------------------------------------------
// The ledger

export interface CommitRequest {
  readonly txId: string;
  readonly timestamp: TimestampParts;
  readonly writes: WriteSet;
  readonly event?: { readonly name: string; readonly payload: Uint8Array } | undefined;
}

export interface BeginTransactionOptions {
  /** The submitting identity (a TestIdentity will do). */
  readonly creator: ProposalCreator;
  /** The org of the peer running the transaction; default the creator's. */
  readonly peerMspId?: string;
  /** Function name and arguments the stub reports (getArgs / getFunctionAndParameters). */
  readonly args?: ReadonlyArray<string | Uint8Array>;
  readonly transient?: Readonly<Record<string, string | Uint8Array>>;
  /** Transaction timestamp; default the real current time. */
  readonly timestamp?: string | Date;
  readonly txId?: string;
}

/** A transaction opened directly on the ledger, for testing code that takes a stub. */
export interface LedgerTransaction {
  /** fabric-shim's real ChaincodeStub, talking to the simulated peer. */
  readonly stub: ChaincodeStub;
  readonly txId: string;
  readonly writes: WriteSet;
  /** Applies the write set and the stub's last event as a new block (a VALID transaction). */
  commit(): BlockEntry;
  /** Ends the transaction, applying nothing. */
  rollback(): void;
}

export class MemoryLedger {
  readonly channelId: string;
  readonly chaincodeName: string;
  readonly #collections: ReadonlyMap<string, CollectionConfig>;
  readonly #state = new SortedStore<StateEntry>();
  readonly #private = new Map<string, SortedStore<PrivateEntry>>();
  readonly #history = new Map<string, HistoryEntry[]>();
  readonly #blocks: BlockEntry[] = [];
  readonly #txIds = new Set<string>();
  readonly #directPeers = new Map<string, SimulatedPeer>();
  #directSeq = 0;

  constructor(opts: LedgerOptions = {}) {
    this.channelId = opts.channelId ?? 'certchannel';
    this.chaincodeName = opts.chaincodeName ?? 'certledger';
    const collections = new Map<string, CollectionConfig>();
    for (const c of opts.collections ?? []) {
      if (!c.name) throw new Error('collection name must not be empty');
      if (collections.has(c.name)) throw new Error(`collection ${c.name} defined twice`);
      if (c.members.length === 0) throw new Error(`collection ${c.name} has no member orgs`);
      collections.set(c.name, Object.freeze({ ...c, members: Object.freeze([...c.members]) }));
      this.#private.set(c.name, new SortedStore());
    }
    this.#collections = collections;
  }

  /** Number of blocks; block 0 is the channel's genesis block, transactions start at block 1. */
  get height(): number {
    return this.#blocks.length + 1;
  }

  collections(): CollectionConfig[] {
    return [...this.#collections.values()];
  }

  collectionConfig(name: string): CollectionConfig | undefined {
    return this.#collections.get(name);
  }

  /** Whether the chaincode definition has a collection config package at all. */
  get hasCollectionConfig(): boolean {
    return this.#collections.size > 0;
  }

  isCollectionMember(collection: string, mspId: string): boolean {
    return this.#collections.get(collection)?.members.includes(mspId) ?? false;
  }

  // ---- reading committed state (assertions) ----

  getState(key: string): Buffer | undefined {
    const entry = this.#state.get(key);
    return entry ? Buffer.from(entry.value) : undefined;
  }

  /** JSON.parse of a committed value, or undefined when the key does not exist. */
  getJson(key: string): unknown {
    const value = this.#state.get(key)?.value;
    return value ? JSON.parse(value.toString('utf8')) : undefined;
  }

  /** All committed public keys in the peer's order (composite keys, starting with U+0000, first). */
  keys(): string[] {
    return this.#state.entries().map(([key]) => key);
  }

  /** The private value, whatever peer would be asked (an omniscient view for assertions). */
  getPrivateData(collection: string, key: string): Buffer | undefined {
    const entry = this.#privateStore(collection).get(key);
    return entry ? Buffer.from(entry.value) : undefined;
  }

  getPrivateDataHash(collection: string, key: string): Buffer | undefined {
    const entry = this.#privateStore(collection).get(key);
    return entry ? Buffer.from(entry.hash) : undefined;
  }

  /** The key's history, newest first, as getHistoryForKey returns it. */
  history(key: string): HistoryEntry[] {
    return [...(this.#history.get(key) ?? [])].reverse().map((h) => ({ ...h, value: Buffer.from(h.value) }));
  }

  blocks(): BlockEntry[] {
    return [...this.#blocks];
  }

  events(): LedgerEvent[] {
    return this.#blocks.flatMap((b) => (b.event ? [{ blockNumber: b.blockNumber, txId: b.txId, ...b.event }] : []));
  }

  hasTransaction(txId: string): boolean {
    return this.#txIds.has(txId);
  }

  snapshot(): LedgerSnapshot {
    const state: Record<string, string> = {};
    for (const [key, entry] of this.#state.entries()) state[key] = renderValue(entry.value);
    const privateData: Record<string, Record<string, string>> = {};
    for (const [collection, store] of this.#private) {
      const values: Record<string, string> = {};
      for (const [key, entry] of store.entries()) values[key] = renderValue(entry.value);
      privateData[collection] = values;
    }
    return { blockHeight: this.height, state, privateData };
  }

  // ---- harness internals: what the simulated peer reads (not for assertions) ----

  stateEntry(key: string): StateEntry | undefined {
    return this.#state.get(key);
  }

  stateRange(start: string, end: string): Array<[string, StateEntry]> {
    return this.#state.range(start, end);
  }

  privateEntry(collection: string, key: string): PrivateEntry | undefined {
    return this.#privateStore(collection).get(key);
  }

  privateRange(collection: string, start: string, end: string): Array<[string, PrivateEntry]> {
    return this.#privateStore(collection).range(start, end);
  }

  /** Applies a transaction's write set atomically as a new block and records its event. */
  commit(req: CommitRequest): BlockEntry {
    if (this.#txIds.has(req.txId)) throw new Error(`duplicate transaction found [${req.txId}]`);
    for (const collection of [...req.writes.private.keys(), ...req.writes.purges.keys()]) {
      if (!this.#collections.has(collection)) throw new Error(`collection [${collection}] not defined`);
    }
    const blockNumber = this.height;
    const version: Height = { blockNum: blockNumber, txNum: 0 };

    for (const key of sortKeys(req.writes.public.keys())) {
      const value = req.writes.public.get(key) ?? Buffer.alloc(0);
      const isDelete = value.length === 0;
      if (isDelete) {
        this.#state.delete(key);
      } else {
        const metadata = this.#state.get(key)?.metadata ?? new Map<string, Buffer>();
        this.#state.set(key, { value: Buffer.from(value), version, metadata });
      }
      let entries = this.#history.get(key);
      if (!entries) {
        entries = [];
        this.#history.set(key, entries);
      }
      entries.push({ txId: req.txId, timestamp: req.timestamp, isDelete, value: Buffer.from(value) });
    }
    for (const [key, metadata] of req.writes.metadata) {
      const entry = this.#state.get(key);
      if (entry) this.#state.set(key, { ...entry, version, metadata: new Map([...entry.metadata, ...metadata]) });
    }
    for (const [collection, writes] of req.writes.private) {
      const store = this.#privateStore(collection);
      for (const key of sortKeys(writes.keys())) {
        const value = writes.get(key) ?? Buffer.alloc(0);
        if (value.length === 0) store.delete(key);
        else store.set(key, { value: Buffer.from(value), hash: sha256(value), version });
      }
    }
    for (const [collection, keys] of req.writes.purges) {
      const store = this.#privateStore(collection);
      for (const key of keys) store.delete(key);
    }

    const event = req.event ? { name: req.event.name, payload: Buffer.from(req.event.payload).toString('utf8') } : undefined;
    const block: BlockEntry = Object.freeze({
      blockNumber,
      txId: req.txId,
      timestamp: formatTimestamp(req.timestamp),
      ...(event ? { event } : {}),
      validationCode: 'VALID' as const,
    });
    this.#blocks.push(block);
    this.#txIds.add(req.txId);
    return block;
  }

  /**
   * Opens a transaction on fabric-shim's real ChaincodeStub, for testing code that takes a stub
   * (state-access helpers) without a contract. Same peer semantics as contract transactions.
   */
  async beginTransaction(opts: BeginTransactionOptions): Promise<LedgerTransaction> {
    const peerMspId = opts.peerMspId ?? opts.creator.mspId;
    let directPeer = this.#directPeers.get(peerMspId);
    if (!directPeer) {
      directPeer = new SimulatedPeer(this, peerMspId, UNUSED_CHAINCODE);
      this.#directPeers.set(peerMspId, directPeer);
    }
    const seq = ++this.#directSeq;
    const proposal = buildProposal({
      channelId: this.channelId,
      chaincodeName: this.chaincodeName,
      creator: opts.creator,
      args: opts.args ?? [],
      ...(opts.transient ? { transient: opts.transient } : {}),
      timestamp: parseTimestamp(opts.timestamp ?? new Date()),
      nonce: createHash('sha256').update(`direct:${this.channelId}:${seq}`).digest().subarray(0, 24),
      ...(opts.txId !== undefined ? { txId: opts.txId } : {}),
    });
    const open = await directPeer.openStub(proposal);
    let finished = false;
    const finish = (): void => {
      if (finished) throw new Error(`transaction ${proposal.txId} already ended`);
      finished = true;
      open.close();
    };
    return {
      stub: open.stub,
      txId: proposal.txId,
      writes: open.writes,
      commit: () => {
        finish();
        const event = (open.stub as unknown as { chaincodeEvent?: FabricProtos.peer.ChaincodeEvent }).chaincodeEvent;
        return this.commit({
          txId: proposal.txId,
          timestamp: proposal.timestamp,
          writes: open.writes,
          event: event ? { name: event.getEventName(), payload: event.getPayload_asU8() } : undefined,
        });
      },
      rollback: finish,
    };
  }

  #privateStore(collection: string): SortedStore<PrivateEntry> {
    const store = this.#private.get(collection);
    if (!store) throw new Error(`collection ${collection} is not configured on this ledger`);
    return store;
  }
}

const UNUSED_CHAINCODE: ChaincodeInterface = {
  Init: () => Promise.reject(new Error('direct-stub connection runs no chaincode')),
  Invoke: () => Promise.reject(new Error('direct-stub connection runs no chaincode')),
};

// ---------------------------------------------------------------------------------------------
// Transaction simulation: the peer side of every stub call

interface QueryIterator {
  readonly isPaginated: boolean;
  readonly totalReturnLimit: number;
  totalReturnCount: number;
  pending: Uint8Array[];
  next(): Uint8Array | null;
  bookmark(): string;
}

/** Raised by the peer's handlers; the dispatcher wraps it like HandleTransaction does. */
class PeerError extends Error {}

class TxSimulator {
  readonly writes = new WriteSet();
  readonly #ledger: MemoryLedger;
  readonly #peerMspId: string;
  readonly #creatorMspId: string;
  readonly #txId: string;
  readonly #iterators = new Map<string, QueryIterator>();
  #iteratorSeq = 0;
  #writePerformed = false;
  #pvtdataQueriesPerformed = false;
  #paginatedQueriesPerformed = false;

  constructor(ledger: MemoryLedger, peerMspId: string, creatorMspId: string, txId: string) {
    this.#ledger = ledger;
    this.#peerMspId = peerMspId;
    this.#creatorMspId = creatorMspId;
    this.#txId = txId;
  }

  /** One shim request; returns the RESPONSE payload or throws the peer's error. */
  handle(type: MessageType, payload: Uint8Array): Uint8Array | undefined {
    switch (type) {
      case MsgType.GET_STATE: {
        const m = peer.GetState.deserializeBinary(payload);
        return this.#getState(m.getCollection(), m.getKey());
      }
      case MsgType.GET_PRIVATE_DATA_HASH: {
        const m = peer.GetState.deserializeBinary(payload);
        return this.#getPrivateDataHash(m.getCollection(), m.getKey());
      }
      case MsgType.PUT_STATE: {
        const m = peer.PutState.deserializeBinary(payload);
        this.#putState(m.getCollection(), m.getKey(), Buffer.from(m.getValue_asU8()));
        return undefined;
      }
      case MsgType.DEL_STATE: {
        const m = peer.DelState.deserializeBinary(payload);
        this.#putState(m.getCollection(), m.getKey(), Buffer.alloc(0));
        return undefined;
      }
      case MsgType.PURGE_PRIVATE_DATA: {
        const m = peer.DelState.deserializeBinary(payload);
        this.#purgePrivateData(m.getCollection(), m.getKey());
        return undefined;
      }
      case MsgType.GET_STATE_BY_RANGE: {
        const m = peer.GetStateByRange.deserializeBinary(payload);
        return this.#getStateByRange(m.getCollection(), m.getStartkey(), m.getEndkey(), m.getMetadata_asU8());
      }
      case MsgType.QUERY_STATE_NEXT: {
        const id = peer.QueryStateNext.deserializeBinary(payload).getId();
        const iterator = this.#iterators.get(id);
        if (!iterator) throw new PeerError('query iterator not found');
        return this.#buildQueryResponse(id, iterator, TOTAL_QUERY_LIMIT);
      }
      case MsgType.QUERY_STATE_CLOSE: {
        const id = peer.QueryStateClose.deserializeBinary(payload).getId();
        this.#iterators.delete(id);
        const response = new peer.QueryResponse();
        response.setHasMore(false);
        response.setId(id);
        return response.serializeBinary();
      }
      case MsgType.GET_QUERY_RESULT: {
        const m = peer.GetQueryResult.deserializeBinary(payload);
        return this.#getQueryResult(m.getCollection(), m.getMetadata_asU8());
      }
      case MsgType.GET_HISTORY_FOR_KEY: {
        const key = peer.GetHistoryForKey.deserializeBinary(payload).getKey();
        return this.#getHistoryForKey(key);
      }
      case MsgType.GET_STATE_METADATA: {
        const m = peer.GetStateMetadata.deserializeBinary(payload);
        return this.#getStateMetadata(m.getCollection(), m.getKey());
      }
      case MsgType.PUT_STATE_METADATA: {
        const m = peer.PutStateMetadata.deserializeBinary(payload);
        const md = m.getMetadata();
        this.#putStateMetadata(m.getCollection(), m.getKey(), md?.getMetakey() ?? '', Buffer.from(md?.getValue_asU8() ?? []));
        return undefined;
      }
      case MsgType.INVOKE_CHAINCODE:
        throw new PeerError('chaincode-to-chaincode invocation is not supported by the test harness');
      default:
        throw new PeerError(`unknown message type ${MSG_TYPE_NAMES.get(type) ?? type}`);
    }
  }

  // ---- handler.go + txSimulator / queryExecutor rules ----

  #getState(collection: string, key: string): Uint8Array | undefined {
    if (collection === '') return this.#ledger.stateEntry(key)?.value;
    this.#checkReadPermission(collection);
    this.#validateCollName(collection);
    const entry = this.#ledger.privateEntry(collection, key);
    if (this.#ledger.isCollectionMember(collection, this.#peerMspId)) return entry?.value;
    // This peer's org is not in the collection: it holds the hash but never received the value.
    if (entry) {
      throw new PeerError(
        `private data matching public hash version is not available. Public hash version = ${formatHeight(entry.version)}, Private data version = <nil>`,
      );
    }
    return undefined;
  }

  #getPrivateDataHash(collection: string, key: string): Uint8Array | undefined {
    this.#validateCollName(collection);
    return this.#ledger.privateEntry(collection, key)?.hash;
  }

  #putState(collection: string, key: string, value: Buffer): void {
    if (collection === '') {
      this.#checkWritePrecondition();
      this.writes.public.set(key, value);
      return;
    }
    this.#checkWritePermission(collection);
    this.#validateCollName(collection);
    this.#checkWritePrecondition();
    this.writes.putPrivate(collection, key, value);
  }

  #purgePrivateData(collection: string, key: string): void {
    if (collection === '') throw new PeerError('only applicable for private data');
    this.#checkWritePermission(collection);
    this.#validateCollName(collection);
    this.#checkWritePrecondition();
    this.writes.putPrivate(collection, key, Buffer.alloc(0));
    let keys = this.writes.purges.get(collection);
    if (!keys) {
      keys = new Set();
      this.writes.purges.set(collection, keys);
    }
    keys.add(key);
  }

  #getStateByRange(collection: string, startKey: string, endKey: string, metadataBytes: Uint8Array): Uint8Array {
    const metadata = decodeQueryMetadata(metadataBytes);
    const totalReturnLimit = calculateTotalReturnLimit(metadata);
    const ns = this.#ledger.chaincodeName;
    let rows: Array<[string, Buffer]>;
    let isPaginated = false;
    if (collection !== '') {
      this.#checkReadPermission(collection);
      this.#checkBeforePvtdataQueries();
      this.#validateCollName(collection);
      rows = this.#ledger.isCollectionMember(collection, this.#peerMspId)
        ? this.#ledger.privateRange(collection, startKey, endKey).map(([k, e]) => [k, e.value])
        : [];
    } else if (metadata && isMetadataSetForPagination(metadata)) {
      isPaginated = true;
      const start = metadata.bookmark !== '' ? metadata.bookmark : startKey;
      this.#checkBeforePaginatedQueries();
      rows = this.#ledger.stateRange(start, endKey).map(([k, e]) => [k, e.value]);
      if (metadata.pageSize > 0) {
        // the LevelDB scanner stops at pageSize; the bookmark is the key after the page
        rows = rows.slice(0, metadata.pageSize + 1);
      }
    } else {
      rows = this.#ledger.stateRange(startKey, endKey).map(([k, e]) => [k, e.value]);
    }
    let position = 0;
    const pageSize = metadata?.pageSize ?? 0;
    const iterator: QueryIterator = {
      isPaginated,
      totalReturnLimit,
      totalReturnCount: 0,
      pending: [],
      next: () => {
        if (isPaginated && pageSize > 0 && position >= pageSize) return null;
        const row = rows[position];
        if (!row) return null;
        position++;
        const kv = new ledgerProtos.queryresult.KV();
        kv.setNamespace(ns);
        kv.setKey(row[0]);
        kv.setValue(row[1]);
        return kv.serializeBinary();
      },
      bookmark: () => rows[position]?.[0] ?? '',
    };
    return this.#startQuery(iterator, totalReturnLimit);
  }

  #getQueryResult(collection: string, metadataBytes: Uint8Array): Uint8Array {
    const metadata = decodeQueryMetadata(metadataBytes);
    if (collection !== '') {
      this.#checkReadPermission(collection);
      this.#checkBeforePvtdataQueries();
      this.#validateCollName(collection);
      throw new PeerError('ExecuteQuery not supported for leveldb');
    }
    if (metadata && isMetadataSetForPagination(metadata)) {
      this.#checkBeforePaginatedQueries();
      throw new PeerError('ExecuteQueryWithMetadata not supported for leveldb');
    }
    throw new PeerError('ExecuteQuery not supported for leveldb');
  }

  #getHistoryForKey(key: string): Uint8Array {
    const entries = this.#ledger.history(key);
    let position = 0;
    const iterator: QueryIterator = {
      isPaginated: false,
      totalReturnLimit: TOTAL_QUERY_LIMIT,
      totalReturnCount: 0,
      pending: [],
      next: () => {
        const entry = entries[position];
        if (!entry) return null;
        position++;
        const km = new ledgerProtos.queryresult.KeyModification();
        km.setTxId(entry.txId);
        km.setValue(entry.value);
        km.setTimestamp(newTimestamp(entry.timestamp.seconds, entry.timestamp.nanos));
        km.setIsDelete(entry.isDelete);
        return km.serializeBinary();
      },
      bookmark: () => '',
    };
    return this.#startQuery(iterator, TOTAL_QUERY_LIMIT);
  }

  #getStateMetadata(collection: string, key: string): Uint8Array {
    let metadata: ReadonlyMap<string, Buffer> = new Map();
    if (collection !== '') {
      this.#checkReadPermission(collection);
      this.#validateCollName(collection);
      // key-level endorsement metadata of private data is not modelled: always empty
    } else {
      metadata = this.#ledger.stateEntry(key)?.metadata ?? metadata;
    }
    const result = new peer.StateMetadataResult();
    result.setEntriesList(
      [...metadata.keys()].sort().map((metakey) => {
        const md = new peer.StateMetadata();
        md.setMetakey(metakey);
        md.setValue(metadata.get(metakey) ?? Buffer.alloc(0));
        return md;
      }),
    );
    return result.serializeBinary();
  }

  #putStateMetadata(collection: string, key: string, metakey: string, value: Buffer): void {
    if (collection !== '') {
      this.#checkWritePermission(collection);
      this.#validateCollName(collection);
      this.#checkWritePrecondition();
      return; // private key-level endorsement metadata is not modelled
    }
    this.#checkWritePrecondition();
    let entries = this.writes.metadata.get(key);
    if (!entries) {
      entries = new Map();
      this.writes.metadata.set(key, entries);
    }
    entries.set(metakey, value);
  }

  #startQuery(iterator: QueryIterator, totalReturnLimit: number): Uint8Array {
    const id = `00000000-0000-4000-8000-${(++this.#iteratorSeq).toString(16).padStart(12, '0')}`;
    this.#iterators.set(id, iterator);
    return this.#buildQueryResponse(id, iterator, totalReturnLimit);
  }

  /** core/chaincode/query_response_generator.go BuildQueryResponse. */
  #buildQueryResponse(id: string, iterator: QueryIterator, totalReturnLimit: number): Uint8Array {
    for (;;) {
      if (iterator.totalReturnCount >= totalReturnLimit) return this.#createQueryResponse(id, iterator);
      const result = iterator.next();
      if (result === null) return this.#createQueryResponse(id, iterator);
      if (!iterator.isPaginated && iterator.pending.length === MAX_RESULT_LIMIT) {
        const batch = iterator.pending;
        iterator.pending = [result];
        iterator.totalReturnCount++;
        return queryResponse(batch, true, id);
      }
      iterator.pending.push(result);
      iterator.totalReturnCount++;
    }
  }

  #createQueryResponse(id: string, iterator: QueryIterator): Uint8Array {
    const batch = iterator.pending;
    iterator.pending = [];
    this.#iterators.delete(id);
    if (!iterator.isPaginated) return queryResponse(batch, false, id);
    const metadata = new peer.QueryResponseMetadata();
    metadata.setFetchedRecordsCount(iterator.totalReturnCount);
    metadata.setBookmark(iterator.bookmark());
    return queryResponse(batch, false, id, metadata.serializeBinary());
  }

  #checkWritePrecondition(): void {
    if (this.#pvtdataQueriesPerformed) {
      throw new PeerError(
        `txid [${this.#txId}]: unsuppored transaction. Transaction has already performed queries on pvt data. Writes are not allowed`,
      );
    }
    if (this.#paginatedQueriesPerformed) {
      throw new PeerError(
        `txid [${this.#txId}]: unsuppored transaction. Transaction has already performed a paginated query. Writes are not allowed`,
      );
    }
    this.#writePerformed = true;
  }

  #checkBeforePvtdataQueries(): void {
    if (this.#writePerformed) {
      throw new PeerError(
        `txid [${this.#txId}]: unsuppored transaction. Queries on pvt data is supported only in a read-only transaction`,
      );
    }
    this.#pvtdataQueriesPerformed = true;
  }

  #checkBeforePaginatedQueries(): void {
    if (this.#writePerformed) {
      throw new PeerError(
        `txid [${this.#txId}]: unsuppored transaction. Paginated queries are supported only in a read-only transaction`,
      );
    }
    this.#paginatedQueriesPerformed = true;
  }

  /** privdata.SimpleCollectionStore.RetrieveReadWritePermission, by the creator's org. */
  #permission(collection: string): { read: boolean; write: boolean } {
    const config = this.#ledger.collectionConfig(collection);
    if (!config) {
      throw new PeerError(`collection ${this.#ledger.channelId}/${this.#ledger.chaincodeName}/${collection} could not be found`);
    }
    const memberOnlyRead = config.memberOnlyRead ?? false;
    const memberOnlyWrite = config.memberOnlyWrite ?? false;
    if ((!memberOnlyRead && !memberOnlyWrite) || config.members.includes(this.#creatorMspId)) {
      return { read: true, write: true };
    }
    return { read: !memberOnlyRead, write: !memberOnlyWrite };
  }

  #checkReadPermission(collection: string): void {
    if (!this.#permission(collection).read) {
      throw new PeerError(
        `tx creator does not have read access permission on privatedata in chaincodeName:${this.#ledger.chaincodeName} collectionName: ${collection}`,
      );
    }
  }

  #checkWritePermission(collection: string): void {
    if (!this.#permission(collection).write) {
      throw new PeerError(
        `tx creator does not have write access permission on privatedata in chaincodeName:${this.#ledger.chaincodeName} collectionName: ${collection}`,
      );
    }
  }

  #validateCollName(collection: string): void {
    if (!this.#ledger.hasCollectionConfig) {
      throw new PeerError(
        `collection config not defined for chaincode [${this.#ledger.chaincodeName}], pass the collection configuration upon chaincode definition/instantiation`,
      );
    }
    if (!this.#ledger.collectionConfig(collection)) {
      throw new PeerError(`collection [${collection}] not defined in the collection config for chaincode [${this.#ledger.chaincodeName}]`);
    }
  }
}

interface QueryMetadata {
  readonly pageSize: number;
  readonly bookmark: string;
}

function decodeQueryMetadata(bytes: Uint8Array): QueryMetadata | undefined {
  // an unset or empty bytes field reaches the Go peer as nil
  if (bytes.length === 0) return undefined;
  const m = peer.QueryMetadata.deserializeBinary(bytes);
  return { pageSize: m.getPagesize(), bookmark: m.getBookmark() };
}

function isMetadataSetForPagination(metadata: QueryMetadata): boolean {
  return !(metadata.pageSize === 0 && metadata.bookmark === '');
}

function calculateTotalReturnLimit(metadata: QueryMetadata | undefined): number {
  const pageSize = metadata?.pageSize ?? 0;
  return pageSize > 0 && pageSize < TOTAL_QUERY_LIMIT ? pageSize : TOTAL_QUERY_LIMIT;
}

function queryResponse(batch: Uint8Array[], hasMore: boolean, id: string, metadata?: Uint8Array): Uint8Array {
  const response = new peer.QueryResponse();
  response.setResultsList(
    batch.map((bytes) => {
      const r = new peer.QueryResultBytes();
      r.setResultbytes(bytes);
      return r;
    }),
  );
  response.setHasMore(hasMore);
  response.setId(id);
  if (metadata) response.setMetadata(metadata);
  return response.serializeBinary();
}

// ---------------------------------------------------------------------------------------------
// The simulated peer and its chaincode connection

/** The chaincode's response as the endorser receives it. */
export interface PeerResponse {
  readonly status: number;
  readonly message: string;
  readonly payload: Buffer;
}

export interface PeerExecution {
  readonly txId: string;
  readonly peerMspId: string;
  readonly response: PeerResponse;
  readonly event?: { readonly name: string; readonly payload: Buffer };
  readonly writes: WriteSet;
}

/** The chaincode end of the gRPC stream is fabric-shim's handler; this is the peer's end. */
class PeerStream extends EventEmitter {
  readonly #toPeer: (msg: ChaincodeMessage) => void;

  constructor(toPeer: (msg: ChaincodeMessage) => void) {
    super();
    this.#toPeer = toPeer;
  }

  /** Called by the shim: a message for the peer (marshalled and unmarshalled, as gRPC would). */
  write(msg: ChaincodeMessage): boolean {
    this.#toPeer(peer.ChaincodeMessage.deserializeBinary(msg.serializeBinary()));
    return true;
  }

  end(): void {
    // the simulated connection is never torn down
  }

  /** A message from the peer to the shim, delivered asynchronously like a network hop. */
  deliver(msg: ChaincodeMessage, after?: () => void): void {
    const wire = peer.ChaincodeMessage.deserializeBinary(msg.serializeBinary());
    queueMicrotask(() => {
      this.emit('data', wire);
      after?.();
    });
  }
}

interface TxContext {
  readonly simulator: TxSimulator;
}

interface PendingExecution {
  complete(msg: ChaincodeMessage): void;
  fail(message: string): void;
}

/**
 * One org's peer with its chaincode connection — the CCaaS wiring of fabric-shim's
 * ChaincodeServer.connect(): the shim's ChaincodeMessageHandler registers over the stream, then
 * receives TRANSACTION messages and calls the peer back for every stub operation.
 *
 * The caller must not run two transactions of different peers at once: the shim reads the peer's
 * MSP ID from process.env.CORE_PEER_LOCALMSPID, which execute() sets for its duration.
 */
export class SimulatedPeer {
  readonly mspId: string;
  readonly #ledger: MemoryLedger;
  readonly #stream: PeerStream;
  readonly #handler: ChaincodeMessageHandler;
  readonly #contexts = new Map<string, TxContext>();
  readonly #executions = new Map<string, PendingExecution>();
  readonly #ready: Promise<void>;
  #markReady: () => void = () => undefined;

  constructor(ledger: MemoryLedger, mspId: string, chaincode: ChaincodeInterface) {
    this.#ledger = ledger;
    this.mspId = mspId;
    this.#ready = new Promise((resolve) => {
      this.#markReady = resolve;
    });
    this.#stream = new PeerStream((msg) => this.#fromChaincode(msg));
    this.#handler = new ChaincodeMessageHandler(this.#stream, chaincode);
    const chaincodeId = new peer.ChaincodeID();
    chaincodeId.setName(`${ledger.chaincodeName}:harness`);
    const register = new peer.ChaincodeMessage();
    register.setType(MsgType.REGISTER);
    register.setPayload(chaincodeId.serializeBinary());
    this.#handler.chat(register);
  }

  /** Runs one proposal through the chaincode (endorsement simulation). Commits nothing. */
  async execute(proposal: Proposal, timeoutMs = DEFAULT_EXECUTE_TIMEOUT_MS): Promise<PeerExecution> {
    await this.#ready;
    const key = contextKey(proposal.channelId, proposal.txId);
    if (this.#contexts.has(key)) throw new Error(`transaction ${proposal.txId} is already running on ${this.mspId}`);
    const simulator = new TxSimulator(this.#ledger, this.mspId, proposal.creatorMspId, proposal.txId);
    this.#contexts.set(key, { simulator });

    const previousMspId = process.env.CORE_PEER_LOCALMSPID;
    process.env.CORE_PEER_LOCALMSPID = this.mspId;
    let timer: NodeJS.Timeout | undefined;
    try {
      const outcome = await new Promise<{ response: PeerResponse; event?: PeerExecution['event'] }>((resolve) => {
        const fail = (message: string): void => resolve({ response: { status: 500, message, payload: Buffer.alloc(0) } });
        this.#executions.set(key, {
          complete: (msg) => {
            const response = peer.Response.deserializeBinary(msg.getPayload_asU8());
            const ccEvent = msg.getChaincodeEvent();
            resolve({
              response: {
                status: response.getStatus(),
                message: response.getMessage(),
                payload: Buffer.from(response.getPayload_asU8()),
              },
              ...(ccEvent ? { event: { name: ccEvent.getEventName(), payload: Buffer.from(ccEvent.getPayload_asU8()) } } : {}),
            });
          },
          fail: (message) => fail(`transaction returned with failure: ${message}`),
        });
        timer = setTimeout(() => fail('timeout expired while executing transaction'), timeoutMs);
        timer.unref();
        const msg = new peer.ChaincodeMessage();
        msg.setType(MsgType.TRANSACTION);
        msg.setPayload(proposal.input.serializeBinary());
        msg.setTxid(proposal.txId);
        msg.setChannelId(proposal.channelId);
        msg.setProposal(proposal.signedProposal);
        this.#stream.deliver(msg);
      });
      return { txId: proposal.txId, peerMspId: this.mspId, writes: simulator.writes, ...outcome };
    } finally {
      if (timer) clearTimeout(timer);
      if (previousMspId === undefined) delete process.env.CORE_PEER_LOCALMSPID;
      else process.env.CORE_PEER_LOCALMSPID = previousMspId;
      this.#executions.delete(key);
      this.#contexts.delete(key);
    }
  }

  /** A real ChaincodeStub for `proposal`, served by this peer until close(). */
  async openStub(proposal: Proposal): Promise<{ stub: ChaincodeStub; writes: WriteSet; close(): void }> {
    await this.#ready;
    const key = contextKey(proposal.channelId, proposal.txId);
    if (this.#contexts.has(key)) throw new Error(`transaction ${proposal.txId} is already open on ${this.mspId}`);
    const simulator = new TxSimulator(this.#ledger, this.mspId, proposal.creatorMspId, proposal.txId);
    const stub = new ChaincodeStubImpl(this.#handler, proposal.channelId, proposal.txId, proposal.input, proposal.signedProposal);
    // The real stub reads CORE_PEER_LOCALMSPID; a direct stub may outlive any env juggling.
    stub.getMspID = () => this.mspId;
    this.#contexts.set(key, { simulator });
    return { stub, writes: simulator.writes, close: () => this.#contexts.delete(key) };
  }

  #fromChaincode(msg: ChaincodeMessage): void {
    const type = msg.getType();
    const key = contextKey(msg.getChannelId(), msg.getTxid());
    switch (type) {
      case MsgType.REGISTER:
        this.#stream.deliver(control(MsgType.REGISTERED));
        this.#stream.deliver(control(MsgType.READY), () => this.#markReady());
        return;
      case MsgType.COMPLETED:
        this.#executions.get(key)?.complete(msg);
        return;
      case MsgType.ERROR:
        this.#executions.get(key)?.fail(Buffer.from(msg.getPayload_asU8()).toString('utf8'));
        return;
      case MsgType.KEEPALIVE:
        return;
      default:
        this.#stream.deliver(this.#serve(msg, key));
    }
  }

  /** handler.go HandleTransaction: run the request, wrap failures the way the peer does. */
  #serve(msg: ChaincodeMessage, key: string): ChaincodeMessage {
    const reply = new peer.ChaincodeMessage();
    reply.setTxid(msg.getTxid());
    reply.setChannelId(msg.getChannelId());
    try {
      const context = this.#contexts.get(key);
      if (!context) {
        throw new PeerError(msg.getType() === MsgType.INVOKE_CHAINCODE ? 'could not get valid transaction' : 'no ledger context');
      }
      const payload = context.simulator.handle(msg.getType(), msg.getPayload_asU8());
      reply.setType(MsgType.RESPONSE);
      if (payload && payload.length > 0) reply.setPayload(payload);
    } catch (err) {
      const typeName = MSG_TYPE_NAMES.get(msg.getType()) ?? String(msg.getType());
      const reason = err instanceof Error ? err.message : String(err);
      reply.setType(MsgType.ERROR);
      reply.setPayload(Buffer.from(`${typeName} failed: transaction ID: ${msg.getTxid()}: ${reason}`, 'utf8'));
    }
    return reply;
  }
}

function control(type: MessageType): ChaincodeMessage {
  const msg = new peer.ChaincodeMessage();
  msg.setType(type);
  return msg;
}

function contextKey(channelId: string, txId: string): string {
  return `${channelId}\u0000${txId}`;
}

function formatHeight(h: Height): string {
  return `{BlockNum: ${h.blockNum}, TxNum: ${h.txNum}}`;
}

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

function sortKeys(keys: Iterable<string>): string[] {
  return [...keys].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

function renderValue(value: Buffer): string {
  const text = value.toString('utf8');
  return Buffer.from(text, 'utf8').equals(value) ? text : `base64:${value.toString('base64')}`;
}
