// The gateway's durable event checkpoint and webhook outbox, on a real temporary folder: the
// library's checkpoint semantics, atomic replacement (no temp files left, a failed write keeps
// the old position), clear errors on a damaged file, and outbox dedupe/torn-line recovery.
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import chai, { expect } from 'chai';
import chaiAsPromised from 'chai-as-promised';
import type { ChaincodeEvent } from '@hyperledger/fabric-gateway';
import { CheckpointFileError, DurableFileCheckpointer } from '../../../../gateway/src/events/checkpoint';
import { parseEventId, toLedgerEvent, type LedgerEvent } from '../../../../gateway/src/events/event';
import { loadWebhooks, Outbox, retryDelay, WebhookConfigError } from '../../../../gateway/src/events/webhooks';

chai.use(chaiAsPromised);

function chaincodeEvent(block: number, txId: string, name = 'EvidenceAnchored', payload: unknown = { n: block }): ChaincodeEvent {
  return { blockNumber: BigInt(block), transactionId: txId, chaincodeName: 'certledger', eventName: name, payload: Buffer.from(JSON.stringify(payload)) };
}

describe('gateway events: durable checkpoint', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'certledger-checkpoint-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts unset when there is no file, and creates its folder', async () => {
    const checkpointer = await DurableFileCheckpointer.open(join(dir, 'events', 'checkpoint.json'));
    expect(checkpointer.isSet).to.equal(false);
    expect(checkpointer.getBlockNumber()).to.equal(undefined);
    expect(checkpointer.getTransactionId()).to.equal(undefined);
    expect(readdirSync(dir)).to.deep.equal(['events']);
  });

  it('keeps the library semantics: a block moves to the next one, an event remembers its transaction', async () => {
    const path = join(dir, 'checkpoint.json');
    const checkpointer = await DurableFileCheckpointer.open(path);
    await checkpointer.checkpointBlock(41n);
    expect(checkpointer.getBlockNumber()).to.equal(42n);
    expect(checkpointer.getTransactionId()).to.equal(undefined);
    await checkpointer.checkpointChaincodeEvent(chaincodeEvent(43, 'tx-a'));
    expect(checkpointer.getBlockNumber()).to.equal(43n);
    expect(checkpointer.getTransactionId()).to.equal('tx-a');
    expect(JSON.parse(readFileSync(path, 'utf8'))).to.deep.equal({ blockNumber: '43', transactionId: 'tx-a' });

    const reopened = await DurableFileCheckpointer.open(path);
    expect(reopened.isSet).to.equal(true);
    expect(reopened.getBlockNumber()).to.equal(43n);
    expect(reopened.getTransactionId()).to.equal('tx-a');
  });

  it('serialises concurrent writes: the file ends with the last call, and no temporary file is left', async () => {
    const path = join(dir, 'checkpoint.json');
    const checkpointer = await DurableFileCheckpointer.open(path);
    await Promise.all(Array.from({ length: 50 }, (_, i) => checkpointer.checkpointTransaction(BigInt(i), `tx-${i}`)));
    expect(JSON.parse(readFileSync(path, 'utf8'))).to.deep.equal({ blockNumber: '49', transactionId: 'tx-49' });
    expect(readdirSync(dir)).to.deep.equal(['checkpoint.json']);
  });

  it('without webhooks: moves the position at once, writes in the background, and coalesces a burst into a few writes', async () => {
    const path = join(dir, 'events', 'checkpoint.json');
    const checkpointer = await DurableFileCheckpointer.open(path);
    const errors: unknown[] = [];
    for (let block = 10; block < 210; block++) {
      checkpointer.checkpointChaincodeEventSoon(chaincodeEvent(block, `tx-${block}`), (error) => errors.push(error));
      expect(checkpointer.getBlockNumber()).to.equal(BigInt(block));
    }
    await checkpointer.flush();
    expect(errors).to.deep.equal([]);
    expect(checkpointer.fileWrites).to.be.at.least(1).and.at.most(3);
    expect(JSON.parse(readFileSync(path, 'utf8'))).to.deep.equal({ blockNumber: '209', transactionId: 'tx-209' });
    const reopened = await DurableFileCheckpointer.open(path);
    expect(reopened.getBlockNumber()).to.equal(209n);
    expect(reopened.getTransactionId()).to.equal('tx-209');
    expect(readdirSync(join(dir, 'events'))).to.deep.equal(['checkpoint.json']);
  });

  it('a write that fails leaves the old position on disk and in memory', async () => {
    const path = join(dir, 'checkpoint.json');
    const checkpointer = await DurableFileCheckpointer.open(path);
    await checkpointer.checkpointTransaction(7n, 'tx-7');
    // The folder is moved aside and a plain file put in its place: the temporary file cannot be
    // created (ENOTDIR), whoever runs the test — root included, whom permissions do not stop.
    const aside = `${dir}.aside`;
    renameSync(dir, aside);
    writeFileSync(dir, 'not a folder');
    try {
      await expect(checkpointer.checkpointTransaction(8n, 'tx-8')).to.be.rejectedWith(/ENOTDIR/);
    } finally {
      rmSync(dir);
      renameSync(aside, dir);
    }
    expect(checkpointer.getBlockNumber()).to.equal(7n);
    expect(checkpointer.getTransactionId()).to.equal('tx-7');
    expect(JSON.parse(readFileSync(path, 'utf8'))).to.deep.equal({ blockNumber: '7', transactionId: 'tx-7' });
    expect(readdirSync(dir)).to.deep.equal(['checkpoint.json']);
  });

  it('replaces the file by rename, never in place: a reader holding the old file still sees it whole', async () => {
    const path = join(dir, 'checkpoint.json');
    const checkpointer = await DurableFileCheckpointer.open(path);
    await checkpointer.checkpointTransaction(1n, 'tx-1');
    const before = readFileSync(path, 'utf8');
    const { openSync, readSync, closeSync, fstatSync } = await import('node:fs');
    const fd = openSync(path, 'r');
    try {
      await checkpointer.checkpointTransaction(2n, 'tx-2-with-a-longer-id');
      const buffer = Buffer.alloc(fstatSync(fd).size);
      readSync(fd, buffer, 0, buffer.length, 0);
      expect(buffer.toString('utf8')).to.equal(before);
    } finally {
      closeSync(fd);
    }
    expect(JSON.parse(readFileSync(path, 'utf8'))).to.deep.equal({ blockNumber: '2', transactionId: 'tx-2-with-a-longer-id' });
  });

  for (const [content, reason] of [
    ['{"blockNumber": 5', /not JSON/],
    ['[1]', /not a JSON object/],
    ['{"blockNumber": 5}', /string of digits/],
    ['{"blockNumber": "-1"}', /string of digits/],
    ['{"transactionId": "tx"}', /transactionId without blockNumber/],
  ] as const) {
    it(`refuses a damaged file with a clear error: ${content}`, async () => {
      const path = join(dir, 'checkpoint.json');
      writeFileSync(path, content);
      const error = await DurableFileCheckpointer.open(path).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(CheckpointFileError);
      expect((error as Error).message).to.match(reason).and.to.include(path);
    });
  }
});

describe('gateway events: ids, outbox and webhooks file', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'certledger-outbox-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const ledgerEvent = (block: number, tx: string): LedgerEvent => toLedgerEvent(chaincodeEvent(block, tx));

  it('event ids come from the ledger only, and parse back', () => {
    const event = ledgerEvent(12, 'ab12');
    expect(event).to.deep.equal({ id: '12:ab12:EvidenceAnchored', name: 'EvidenceAnchored', blockNumber: '12', txId: 'ab12', payload: { n: 12 } });
    expect(toLedgerEvent(chaincodeEvent(12, 'ab12')).id).to.equal(event.id);
    expect(parseEventId(event.id)).to.deep.equal({ blockNumber: 12n, txId: 'ab12', name: 'EvidenceAnchored' });
    for (const bad of ['', '12', '12:ab12', 'x:ab12:E', '12:a b:E', '12:ab:E\nx']) expect(parseEventId(bad), bad).to.equal(undefined);
  });

  it('an outbox survives reopening, dedupes a re-read event and resumes after the delivered cursor', () => {
    const outbox = new Outbox(join(dir, 'w1'));
    expect(outbox.append(ledgerEvent(1, 'a'))).to.equal(true);
    expect(outbox.append(ledgerEvent(2, 'b'))).to.equal(true);
    expect(outbox.append(ledgerEvent(2, 'b'))).to.equal(false);
    outbox.delivered(outbox.next()?.seq ?? -1);

    const reopened = new Outbox(join(dir, 'w1'));
    expect(reopened.pending().map((e) => e.id)).to.deep.equal(['2:b:EvidenceAnchored']);
    expect(reopened.append(ledgerEvent(1, 'a'))).to.equal(false);
    expect(reopened.append(ledgerEvent(3, 'c'))).to.equal(true);
    expect(reopened.pending().map((e) => e.txId)).to.deep.equal(['b', 'c']);
  });

  it('an append cut short by a crash is dropped, and the file stays well formed', () => {
    const outbox = new Outbox(join(dir, 'w1'));
    outbox.append(ledgerEvent(1, 'a'));
    appendFileSync(join(dir, 'w1', 'outbox.jsonl'), '{"seq":2,"event":{"id":"2:b:Evi');
    const reopened = new Outbox(join(dir, 'w1'));
    expect(reopened.pending().map((e) => e.txId)).to.deep.equal(['a']);
    expect(reopened.append(ledgerEvent(2, 'b'))).to.equal(true);
    expect(new Outbox(join(dir, 'w1')).pending().map((e) => e.txId)).to.deep.equal(['a', 'b']);
  });

  it('compaction keeps undelivered events and the last delivered id', () => {
    const outbox = new Outbox(join(dir, 'w1'), 5);
    for (let i = 1; i <= 12; i++) outbox.append(ledgerEvent(i, `t${i}`));
    for (let i = 1; i <= 8; i++) outbox.delivered(i);
    // compacted at the 6th delivery (keeping #6 on), then #7 and #8 delivered
    const lines = readFileSync(join(dir, 'w1', 'outbox.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)).to.deep.equal([6, 7, 8, 9, 10, 11, 12]);
    const reopened = new Outbox(join(dir, 'w1'), 5);
    expect(reopened.pending().map((e) => e.txId)).to.deep.equal(['t9', 't10', 't11', 't12']);
    expect(reopened.append(ledgerEvent(8, 't8'))).to.equal(false);
    expect(reopened.append(ledgerEvent(13, 't13'))).to.equal(true);
    expect(reopened.lastSeq).to.equal(13);
  });

  it('retry delays grow exponentially and stay bounded', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 5000, timeoutMs: 1000 };
    expect(retryDelay(1, options)).to.be.within(50, 100);
    expect(retryDelay(4, options)).to.be.within(400, 800);
    expect(retryDelay(1000, options)).to.be.within(2500, 5000);
  });

  it('webhooks.json: none when absent; every problem listed when invalid', () => {
    const file = join(dir, 'webhooks.json');
    expect(loadWebhooks(file)).to.deep.equal([]);
    writeFileSync(file, JSON.stringify([{ id: 'a', url: 'http://127.0.0.1:9/x', eventNames: ['EvidenceAnchored'] }]));
    expect(loadWebhooks(file)).to.deep.equal([{ id: 'a', url: 'http://127.0.0.1:9/x', eventNames: ['EvidenceAnchored'] }]);
    writeFileSync(file, JSON.stringify([{ id: 'a', url: 'ftp://host/x' }, { id: 'a', url: 'http://h/x' }, { id: 'b/../c', url: 'http://h/x', extra: 1 }]));
    const error = (() => { try { loadWebhooks(file); return undefined; } catch (e) { return e as Error; } })();
    expect(error).to.be.instanceOf(WebhookConfigError);
    expect(error?.message).to.include('/2');
    writeFileSync(file, JSON.stringify([{ id: 'a', url: 'ftp://host/x' }, { id: 'a', url: 'http://h/x' }]));
    expect(() => loadWebhooks(file)).to.throw(WebhookConfigError, /only http and https[\s\S]*used twice/);
  });
});
