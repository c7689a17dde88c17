// World-state access for the contracts: composite keys built from validated parts, one
// serialization, pages with bookmarks. Remember the peer's rule: a transaction never reads its
// own writes, so a value written here is not visible to a later get in the same transaction.
import type { ChaincodeStub, Iterators } from 'fabric-shim-api';
import { invalidArgument, notFound } from './errors';
import { marshal, unmarshal } from './marshal';

export interface Page<T> {
  items: T[];
  /** pass back to get the next page; empty when there is none */
  bookmark: string;
}

export const MAX_PAGE_SIZE = 200;

/** The part of fabric-shim's ChaincodeMessageHandler that listFrom uses. */
interface RangeQueryHandler {
  handleGetStateByRange(
    collection: string, startKey: string, endKey: string, channelId: string, txId: string,
  ): Promise<{ iterator: Iterators.StateQueryIterator }>;
}

export class State {
  readonly #stub: ChaincodeStub;

  constructor(stub: ChaincodeStub) {
    this.#stub = stub;
  }

  key(type: string, parts: readonly string[]): string {
    return this.#stub.createCompositeKey(type, [...parts]);
  }

  async get<T>(type: string, parts: readonly string[]): Promise<T | undefined> {
    const bytes = await this.#stub.getState(this.key(type, parts));
    return bytes.length > 0 ? unmarshal<T>(bytes) : undefined;
  }

  /** The one place not-found is raised: `what` names the record for the message. */
  async mustGet<T>(type: string, parts: readonly string[], what: string): Promise<T> {
    const value = await this.get<T>(type, parts);
    if (value === undefined) throw notFound(what);
    return value;
  }

  async exists(type: string, parts: readonly string[]): Promise<boolean> {
    const bytes = await this.#stub.getState(this.key(type, parts));
    return bytes.length > 0;
  }

  async put(type: string, parts: readonly string[], value: unknown): Promise<void> {
    await this.#stub.putState(this.key(type, parts), marshal(value));
  }

  /** An index entry: the key carries the information, the value is a marker. */
  async putIndex(type: string, parts: readonly string[]): Promise<void> {
    await this.#stub.putState(this.key(type, parts), Buffer.from([0]));
  }

  async delete(type: string, parts: readonly string[]): Promise<void> {
    await this.#stub.deleteState(this.key(type, parts));
  }

  /** Every entry under a partial key, in key order, as [key parts, value]. */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the stored type; JSON.parse cannot check it, and only this contract writes the key
  async list<T>(type: string, partial: readonly string[]): Promise<{ parts: string[]; value: T | undefined }[]> {
    const out: { parts: string[]; value: T | undefined }[] = [];
    const iterator = await this.#stub.getStateByPartialCompositeKey(type, [...partial]);
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const { attributes } = this.#stub.splitCompositeKey(next.value.key);
        const bytes = next.value.value;
        out.push({ parts: attributes, value: bytes.length > 1 ? unmarshal<T>(bytes) : undefined });
      }
    } finally {
      await iterator.close();
    }
    return out;
  }

  /**
   * Up to `limit` entries of `type` strictly after the key with parts `startAfter` (from the first
   * entry when it is empty), in key order. Unlike `page` this is allowed in a transaction that
   * writes (the peer refuses writes after a paginated query), and it reads only the keys it returns
   * (plus one to tell whether more follow), so its phantom-read check covers just that stretch.
   *
   * fabric-shim's getStateByRange refuses composite keys on the client side (validateSimpleKeys);
   * the peer does not. getStateByPartialCompositeKey sends the very same GET_STATE_BY_RANGE message
   * through the stub's handler, only with a fixed start, so this sends it with our start.
   */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the stored type; JSON.parse cannot check it, and only this contract writes the key
  async listFrom<T>(
    type: string,
    startAfter: readonly string[],
    limit: number,
  ): Promise<{ entries: { parts: string[]; value: T | undefined }[]; more: boolean }> {
    const handler = (this.#stub as unknown as { handler?: RangeQueryHandler }).handler;
    if (handler === undefined || typeof handler.handleGetStateByRange !== 'function') {
      throw new Error('this fabric-shim stub has no range-query handler; State.listFrom needs fabric-shim 2.5');
    }
    const prefix = this.key(type, []);
    // the smallest key above startAfter's own key: U+0000 sorts before every other character
    const startKey = startAfter.length === 0 ? prefix : `${this.key(type, startAfter)}\u0000`;
    const endKey = `${prefix}\u{10FFFF}`;
    const { iterator } = await handler.handleGetStateByRange('', startKey, endKey, this.#stub.getChannelID(), this.#stub.getTxID());
    const entries: { parts: string[]; value: T | undefined }[] = [];
    let more = false;
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (entries.length === limit) {
          more = true;
          break;
        }
        const { attributes } = this.#stub.splitCompositeKey(next.value.key);
        const bytes = next.value.value;
        entries.push({ parts: attributes, value: bytes.length > 1 ? unmarshal<T>(bytes) : undefined });
      }
    } finally {
      await iterator.close();
    }
    return { entries, more };
  }

  /** One page of entries under a partial key; `map` turns key parts and value into an item. */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the stored type; JSON.parse cannot check it, and only this contract writes the key
  async page<T, R>(
    type: string,
    partial: readonly string[],
    pageSize: number,
    bookmark: string,
    map: (parts: string[], value: T | undefined) => R,
  ): Promise<Page<R>> {
    // A bookmark is a key of the list it came from. The peer starts the range at it as given, and
    // one outside the list's range failed the query with a panic in the peer (a 500, no code).
    if (bookmark !== '' && !bookmark.startsWith(this.#stub.createCompositeKey(type, [...partial]))) {
      throw invalidArgument('bookmark', 'not a bookmark of this list: pass the one the previous page gave, or none for the first page');
    }
    const { iterator, metadata } = await this.#stub.getStateByPartialCompositeKeyWithPagination(
      type, [...partial], pageSize, bookmark,
    );
    const items: R[] = [];
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const { attributes } = this.#stub.splitCompositeKey(next.value.key);
        const bytes = next.value.value;
        items.push(map(attributes, bytes.length > 1 ? unmarshal<T>(bytes) : undefined));
      }
    } finally {
      await iterator.close();
    }
    // The peer hands back the last key as the bookmark even when the page was the final one.
    const more = items.length === pageSize && metadata.bookmark !== '';
    return { items, bookmark: more ? metadata.bookmark : '' };
  }

  /** The key's committed versions, oldest first. */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the stored type; JSON.parse cannot check it, and only this contract writes the key
  async history<T>(type: string, parts: readonly string[]): Promise<{ txId: string; timestamp: string; deleted: boolean; value: T | undefined }[]> {
    const iterator = await this.#stub.getHistoryForKey(this.key(type, parts));
    const out: { txId: string; timestamp: string; deleted: boolean; value: T | undefined }[] = [];
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const mod = next.value;
        const seconds = Number(mod.timestamp.seconds);
        const millis = seconds * 1000 + Math.floor(mod.timestamp.nanos / 1e6);
        out.push({
          txId: mod.txId,
          timestamp: new Date(millis).toISOString(),
          deleted: mod.isDelete,
          value: !mod.isDelete && mod.value.length > 0 ? unmarshal<T>(mod.value) : undefined,
        });
      }
    } finally {
      await iterator.close();
    }
    return out.reverse();
  }
}
