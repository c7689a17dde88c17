// A durable Checkpointer for @hyperledger/fabric-gateway event streams (docs/architecture.md §8): the position
// is kept as JSON and every change is written to a temporary file, fsynced, renamed over the old
// one, and the directory fsynced — so a crash leaves either the old or the new position, never a
// torn or empty file. The library's FileCheckPointer overwrites in place and offers neither.
import { closeSync, fsyncSync, openSync, promises as fs, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import type { ChaincodeEvent, Checkpoint, Checkpointer } from '@hyperledger/fabric-gateway';

/** What is on disk: the block to resume from and, within it, the last transaction handled. */
export interface CheckpointState {
  blockNumber?: string;
  transactionId?: string;
}

/**
 * The last block whose chaincode events have been handed on, from a checkpoint position: a
 * position inside a block (a transaction id) means that block's events were handed on up to
 * that transaction; a position at the start of a block (no transaction id: what checkpointBlock
 * and the first start write) means every block before it is done. Undefined while no position
 * is set (a first start that has not yet read the channel height).
 */
export function lastHandledBlock(checkpoint: Pick<Checkpoint, 'getBlockNumber' | 'getTransactionId'>): bigint | undefined {
  const blockNumber = checkpoint.getBlockNumber();
  if (blockNumber === undefined) return undefined;
  return checkpoint.getTransactionId() === undefined ? blockNumber - 1n : blockNumber;
}

export class CheckpointFileError extends Error {
  constructor(path: string, reason: string) {
    super(`event checkpoint ${path} is unreadable: ${reason}; fix or remove it (removing it restarts events from the current block)`);
    this.name = 'CheckpointFileError';
  }
}

/** Writes `data` to `path` atomically and durably (temp file, fsync, rename, fsync of the directory). */
export async function writeFileDurably(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  // pid + counter: concurrent writers in one process, or a second process, never share a temp file.
  const temp = join(dir, `.${basename(path)}.${process.pid}.${(tempCounter += 1)}.tmp`);
  const handle = await fs.open(temp, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}
let tempCounter = 0;

/** The synchronous twin of writeFileDurably, for stores that must not interleave with other work. */
export function writeFileDurablySync(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${(tempCounter += 1)}.tmp`);
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncDirectorySync(dir);
}

export function syncDirectorySync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EPERM' && code !== 'EISDIR') throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** fsync of a directory makes a rename in it durable; some filesystems refuse it, which is harmless. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EPERM' && code !== 'EISDIR') throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Same semantics as the library's checkpointers (checkpointBlock moves to the next block,
 * checkpointTransaction/ChaincodeEvent remember the last transaction inside a block), so it can
 * be handed to getChaincodeEvents({ checkpoint }) directly. Writes are serialised: the file
 * always holds the position of the last call that resolved.
 */
export class DurableFileCheckpointer implements Checkpointer {
  readonly #path: string;
  #blockNumber: bigint | undefined;
  #transactionId: string | undefined;
  #writes: Promise<void> = Promise.resolve();
  /** the newest position checkpointChaincodeEventSoon has not started writing yet */
  #unwritten: { blockNumber: bigint; transactionId: string } | undefined;
  #fileWrites = 0;

  private constructor(path: string) {
    this.#path = path;
  }

  /** Opens the checkpoint at `path`, reading the saved position when there is one. */
  static async open(path: string): Promise<DurableFileCheckpointer> {
    const checkpointer = new DurableFileCheckpointer(path);
    await fs.mkdir(dirname(path), { recursive: true, mode: 0o700 });
    let text: string | undefined;
    try {
      text = await fs.readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== undefined) checkpointer.#load(text);
    return checkpointer;
  }

  get path(): string {
    return this.#path;
  }

  /** True when a position was saved (a first start has none). */
  get isSet(): boolean {
    return this.#blockNumber !== undefined;
  }

  getBlockNumber(): bigint | undefined {
    return this.#blockNumber;
  }

  getTransactionId(): string | undefined {
    return this.#transactionId;
  }

  async checkpointBlock(blockNumber: bigint): Promise<void> {
    await this.#save(blockNumber + 1n, undefined);
  }

  async checkpointTransaction(blockNumber: bigint, transactionId: string): Promise<void> {
    await this.#save(blockNumber, transactionId);
  }

  async checkpointChaincodeEvent(event: ChaincodeEvent): Promise<void> {
    await this.checkpointTransaction(event.blockNumber, event.transactionId);
  }

  /**
   * For a stream whose events no one needs exactly once (the gateway has no webhooks): moves the
   * position at once and writes it in the background — at most one write in flight and one
   * queued, the queued one taking the newest position when it starts. Under load that is one
   * durable write per few events instead of one per event. A crash may resume a few events
   * earlier; Server-Sent Events clients resume by event id, so they see nothing twice.
   */
  checkpointChaincodeEventSoon(event: ChaincodeEvent, onError: (error: unknown) => void): void {
    this.#blockNumber = event.blockNumber;
    this.#transactionId = event.transactionId;
    const queued = this.#unwritten !== undefined;
    this.#unwritten = { blockNumber: event.blockNumber, transactionId: event.transactionId };
    if (queued) return;
    this.#writes = this.#writes
      .then(async () => {
        const position = this.#unwritten;
        this.#unwritten = undefined;
        if (position !== undefined) await this.#write(position.blockNumber, position.transactionId);
      })
      .catch((error: unknown) => {
        try {
          onError(error);
        } catch {
          // a failing error handler must not break the chain of writes
        }
      });
  }

  /** How many times the file was written (diagnostics and tests). */
  get fileWrites(): number {
    return this.#fileWrites;
  }

  /** Waits for writes already started (used before close). */
  async flush(): Promise<void> {
    await this.#writes;
  }

  #load(text: string): void {
    let state: unknown;
    try {
      state = JSON.parse(text) as unknown;
    } catch (error) {
      throw new CheckpointFileError(this.#path, `not JSON (${(error as Error).message})`);
    }
    if (typeof state !== 'object' || state === null || Array.isArray(state)) throw new CheckpointFileError(this.#path, 'not a JSON object');
    const { blockNumber, transactionId } = state as Record<string, unknown>;
    if (blockNumber !== undefined && (typeof blockNumber !== 'string' || !/^\d+$/.test(blockNumber))) {
      throw new CheckpointFileError(this.#path, 'blockNumber must be a string of digits');
    }
    if (transactionId !== undefined && (typeof transactionId !== 'string' || transactionId === '')) {
      throw new CheckpointFileError(this.#path, 'transactionId must be a non-empty string');
    }
    if (blockNumber === undefined && transactionId !== undefined) throw new CheckpointFileError(this.#path, 'transactionId without blockNumber');
    this.#blockNumber = blockNumber === undefined ? undefined : BigInt(blockNumber);
    this.#transactionId = transactionId;
  }

  async #write(blockNumber: bigint, transactionId: string | undefined): Promise<void> {
    const state: CheckpointState = { blockNumber: blockNumber.toString(), ...(transactionId !== undefined ? { transactionId } : {}) };
    this.#fileWrites += 1;
    await writeFileDurably(this.#path, `${JSON.stringify(state)}\n`);
  }

  #save(blockNumber: bigint, transactionId: string | undefined): Promise<void> {
    const write = this.#writes.then(() => this.#write(blockNumber, transactionId));
    // The in-memory position moves only once the file holds it: a reader of getBlockNumber() (the
    // library, when it reconnects) never resumes from a position that a crash could undo.
    const done = write.then(() => {
      this.#blockNumber = blockNumber;
      this.#transactionId = transactionId;
    });
    this.#writes = done.catch(() => undefined);
    return done;
  }
}
