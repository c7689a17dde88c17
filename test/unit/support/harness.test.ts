// Proves the contract test harness behaves like a Fabric peer. The harness must be imported before
// fabric-contract-api so the libraries' loggers start quiet.
import { TestNetwork, TransactionError } from '../../support/invoke';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import chai, { expect } from 'chai';
import chaiAsPromised from 'chai-as-promised';
import { Context, Contract, Transaction } from 'fabric-contract-api';
import { endorserNow } from '../../../chaincode/src/shared/clock';
import { createOrgCa, type OrgCa, type TestIdentity } from '../../support/identities';
import { MemoryLedger } from '../../support/ledger';

chai.use(chaiAsPromised);

const PRIVATE = 'org1Private';

/** What probe:partialPage answers: the attributes of each key of the page, and its metadata. */
interface PartialPage {
  parts: string[][];
  metadata: { fetchedRecordsCount: number; bookmark: string };
}

/** What probe:whoAmI answers: the caller's identity, the transaction and the clocks as the contract sees them. */
interface WhoAmI {
  mspId: string;
  id: string;
  role: string | null;
  isIssuer: boolean;
  isAdmin: boolean;
  missing: string | null;
  enrollmentId: string | null;
  peerMspId: string;
  creatorMspId: string;
  txId: string;
  channelId: string;
  fcn: { fcn: string; params: string[] };
  seconds: number;
  nanos: number;
  date: string;
  endorserNow: number;
}

/** A throwaway contract exercising the stub the way our contracts will. */
class ProbeContract extends Contract {
  constructor() {
    super('probe');
  }

  @Transaction()
  async put(ctx: Context, key: string, value: string): Promise<void> {
    await ctx.stub.putState(key, Buffer.from(value));
  }

  @Transaction(false)
  async answer(): Promise<number> {
    return 42;
  }

  @Transaction()
  async putMany(ctx: Context, prefix: string, count: number): Promise<void> {
    for (let i = 0; i < count; i++) await ctx.stub.putState(`${prefix}${String(i).padStart(4, '0')}`, Buffer.from(String(i)));
  }

  @Transaction(false)
  async get(ctx: Context, key: string): Promise<string> {
    return Buffer.from(await ctx.stub.getState(key)).toString('utf8');
  }

  @Transaction()
  async putThenGet(ctx: Context, key: string, value: string): Promise<string> {
    await ctx.stub.putState(key, Buffer.from(value));
    const read = await ctx.stub.getState(key);
    return JSON.stringify({ read: Buffer.from(read).toString('utf8'), length: read.length });
  }

  @Transaction()
  async putThenFail(ctx: Context, key: string, value: string, message: string): Promise<void> {
    await ctx.stub.putState(key, Buffer.from(value));
    ctx.stub.setEvent('ShouldNotSurvive', Buffer.from('{}'));
    throw new Error(message);
  }

  @Transaction()
  async remove(ctx: Context, key: string): Promise<void> {
    await ctx.stub.deleteState(key);
  }

  @Transaction()
  async putComposite(ctx: Context, objectType: string, a: string, b: string, value: string): Promise<string> {
    const key = ctx.stub.createCompositeKey(objectType, [a, b]);
    await ctx.stub.putState(key, Buffer.from(value));
    return key;
  }

  @Transaction(false)
  async range(ctx: Context, start: string, end: string): Promise<string> {
    const keys: string[] = [];
    for await (const kv of ctx.stub.getStateByRange(start, end)) keys.push(kv.key);
    return JSON.stringify(keys);
  }

  @Transaction(false)
  async rangePage(ctx: Context, start: string, end: string, pageSize: number, bookmark: string): Promise<string> {
    const { iterator, metadata } = await ctx.stub.getStateByRangeWithPagination(start, end, pageSize, bookmark);
    const keys: string[] = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) keys.push(r.value.key);
    await iterator.close();
    return JSON.stringify({ keys, metadata });
  }

  @Transaction(false)
  async partialPage(ctx: Context, objectType: string, firstAttr: string, pageSize: number, bookmark: string): Promise<string> {
    const attrs = firstAttr === '' ? [] : [firstAttr];
    const { iterator, metadata } = await ctx.stub.getStateByPartialCompositeKeyWithPagination(objectType, attrs, pageSize, bookmark);
    const parts: string[][] = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
      const { attributes } = ctx.stub.splitCompositeKey(r.value.key);
      parts.push(attributes);
    }
    await iterator.close();
    return JSON.stringify({ parts, metadata } satisfies PartialPage);
  }

  @Transaction()
  async pageThenWrite(ctx: Context): Promise<void> {
    const { iterator } = await ctx.stub.getStateByRangeWithPagination('', '', 10, '');
    await iterator.close();
    await ctx.stub.putState('after-page', Buffer.from('x'));
  }

  @Transaction(false)
  async history(ctx: Context, key: string): Promise<string> {
    const entries: unknown[] = [];
    for await (const m of ctx.stub.getHistoryForKey(key)) {
      entries.push({ txId: m.txId, isDelete: m.isDelete, value: Buffer.from(m.value).toString('utf8'), timestamp: m.timestamp });
    }
    return JSON.stringify(entries);
  }

  @Transaction()
  async twoEvents(ctx: Context): Promise<void> {
    ctx.stub.setEvent('First', Buffer.from('{"n":1}'));
    ctx.stub.setEvent('Second', Buffer.from('{"n":2}'));
    await ctx.stub.putState('evented', Buffer.from('yes'));
  }

  @Transaction(false)
  async whoAmI(ctx: Context): Promise<string> {
    const ci = ctx.clientIdentity;
    const ts = ctx.stub.getTxTimestamp();
    return JSON.stringify({
      mspId: ci.getMSPID(),
      id: ci.getID(),
      role: ci.getAttributeValue('certledger.role'),
      isIssuer: ci.assertAttributeValue('certledger.role', 'issuer'),
      isAdmin: ci.assertAttributeValue('certledger.role', 'admin'),
      missing: ci.getAttributeValue('no.such.attribute'),
      enrollmentId: ci.getAttributeValue('hf.EnrollmentID'),
      peerMspId: ctx.stub.getMspID(),
      creatorMspId: ctx.stub.getCreator().mspid,
      txId: ctx.stub.getTxID(),
      channelId: ctx.stub.getChannelID(),
      fcn: ctx.stub.getFunctionAndParameters(),
      seconds: ts.seconds.toNumber(),
      nanos: ts.nanos,
      date: ctx.stub.getDateTimestamp().toISOString(),
      endorserNow: endorserNow(),
    } satisfies WhoAmI);
  }

  @Transaction()
  async recordPeer(ctx: Context): Promise<void> {
    await ctx.stub.putState('endorsed-by', Buffer.from(ctx.stub.getMspID()));
  }

  @Transaction()
  async putPrivate(ctx: Context, collection: string, key: string): Promise<void> {
    const value = ctx.stub.getTransient().get('value');
    if (!value) throw new Error('transient "value" missing');
    await ctx.stub.putPrivateData(collection, key, value);
  }

  @Transaction(false)
  async getPrivate(ctx: Context, collection: string, key: string): Promise<string> {
    return Buffer.from(await ctx.stub.getPrivateData(collection, key)).toString('utf8');
  }

  @Transaction(false)
  async getPrivateHash(ctx: Context, collection: string, key: string): Promise<string> {
    return Buffer.from(await ctx.stub.getPrivateDataHash(collection, key)).toString('hex');
  }

  /** Public but not a transaction: must not be callable. */
  helper(): string {
    return 'a helper must never be reachable';
  }
}

describe('contract test harness (in-memory peer)', () => {
  let org1: OrgCa;
  let org2: OrgCa;
  let issuer: TestIdentity;
  let reader2: TestIdentity;
  let network: TestNetwork;

  before(async () => {
    org1 = await createOrgCa('Org1MSP');
    org2 = await createOrgCa('Org2MSP');
    issuer = await org1.enroll('issuer1', { 'certledger.role': 'issuer' });
    reader2 = await org2.enroll('reader1', { 'certledger.role': 'reader' });
  });

  beforeEach(() => {
    network = new TestNetwork([ProbeContract], {
      startTime: '2030-06-01T12:00:00.000Z',
      collections: [{ name: PRIVATE, members: ['Org1MSP'], memberOnlyRead: false }],
    });
  });

  describe('dispatch through fabric-contract-api', () => {
    it('does not let a public method without @Transaction be called, and changes nothing', async () => {
      const before = network.ledger.snapshot();
      await expect(network.submit(issuer, 'probe:helper', [])).to.be.rejectedWith(
        TransactionError,
        /^You've asked to invoke a function that does not exist: probe:helper$/,
      );
      expect(network.ledger.snapshot()).to.deep.equal(before);
    });

    it('serializes results with the real JSON serializer (objects need classToPlain from class-transformer)', async () => {
      expect((await network.evaluate(issuer, 'probe:answer', [])).payload).to.equal('42');
      const { classToPlain } = createRequire(require.resolve('fabric-contract-api'))('class-transformer') as { classToPlain?: unknown };
      const metadata = network.evaluate(issuer, 'org.hyperledger.fabric:GetMetadata', []);
      if (typeof classToPlain === 'function') {
        const { contracts } = JSON.parse((await metadata).payload) as { contracts: Record<string, { transactions: Array<{ name: string }> }> };
        const names = contracts.probe?.transactions.map((t) => t.name) ?? [];
        expect(names).to.include.members(['put', 'get', 'whoAmI']).and.not.include('helper');
      } else {
        // The locked class-transformer 0.4.1 has no classToPlain: on a real peer too, any
        // transaction returning an object or array fails. Contracts return JSON strings.
        await expect(metadata).to.be.rejectedWith(TransactionError, /^classToPlain is not a function$/);
      }
    });

    it('validates arguments with the real serializer (count and number type)', async () => {
      await expect(network.submit(issuer, 'probe:put', ['only-one'])).to.be.rejectedWith('Expected 2 parameters, but 1 have been supplied');
      await expect(network.submit(issuer, 'probe:putMany', ['p', 'many'])).to.be.rejectedWith(TransactionError);
    });
  });

  describe('world state', () => {
    it('does not let a transaction read its own writes', async () => {
      await network.submit(issuer, 'probe:put', ['k', 'old']);
      const { payload } = await network.submit(issuer, 'probe:putThenGet', ['k', 'new']);
      expect(JSON.parse(payload)).to.deep.equal({ read: 'old', length: 3 });
      expect((await network.evaluate(issuer, 'probe:get', ['k'])).payload).to.equal('new');

      const fresh = await network.submit(issuer, 'probe:putThenGet', ['fresh', 'value']);
      expect(JSON.parse(fresh.payload)).to.deep.equal({ read: '', length: 0 });
    });

    it('commits nothing — state, history, block or event — when the transaction throws', async () => {
      await network.submit(issuer, 'probe:put', ['k', 'old']);
      const before = network.ledger.snapshot();
      const blocks = network.ledger.blocks();
      const message = JSON.stringify({ code: 'FORBIDDEN', message: 'not yours' });

      const err = await network.submit(issuer, 'probe:putThenFail', ['k', 'new', message]).then(
        () => expect.fail('should have been refused'),
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(TransactionError);
      const te = err as TransactionError;
      expect(te.message).to.equal(message);
      expect(te.status).to.equal(500);
      expect(te.details).to.deep.equal([{ mspId: 'Org1MSP', address: 'peer0.org1msp:7051', message: `chaincode response 500, ${message}` }]);

      expect(network.ledger.snapshot()).to.deep.equal(before);
      expect(network.ledger.blocks()).to.deep.equal(blocks);
      expect(network.ledger.history('k')).to.have.length(1);
    });

    it('never commits on evaluate, even on success', async () => {
      const before = network.ledger.snapshot();
      const result = await network.evaluate(issuer, 'probe:put', ['k', 'v']);
      expect(result.txId).to.match(/^[0-9a-f]{64}$/);
      expect(network.ledger.snapshot()).to.deep.equal(before);
      expect(network.ledger.hasTransaction(result.txId)).to.equal(false);
    });

    it('treats a write of an empty value as a delete, as the peer does', async () => {
      await network.submit(issuer, 'probe:put', ['k', 'v']);
      await network.submit(issuer, 'probe:put', ['k', '']);
      expect(network.ledger.getState('k')).to.equal(undefined);
      expect(network.ledger.history('k')[0]?.isDelete).to.equal(true);
    });

    it('gives unique tx ids and refuses a duplicate one before running the chaincode', async () => {
      const a = await network.submit(issuer, 'probe:put', ['a', '1']);
      const b = await network.submit(issuer, 'probe:put', ['a', '1']);
      expect(a.txId).to.not.equal(b.txId);
      await expect(network.submit(issuer, 'probe:put', ['a', '2'], { txId: a.txId })).to.be.rejectedWith(
        `duplicate transaction found [${a.txId}]`,
      );
      expect(network.ledger.getState('a')?.toString()).to.equal('1');
    });
  });

  describe('range queries', () => {
    beforeEach(async () => {
      for (const key of ['b', 'a', 'é', '\u{1F600}', '\uFFFD']) await network.submit(issuer, 'probe:put', [key, key]);
      await network.submit(issuer, 'probe:putComposite', ['cert', 'Org1MSP', 'C-1', 'x']);
      await network.submit(issuer, 'probe:putComposite', ['cert', 'Org1MSP', 'C-2', 'x']);
      await network.submit(issuer, 'probe:putComposite', ['cert', 'Org2MSP', 'C-3', 'x']);
    });

    it('excludes composite keys and orders keys by their UTF-8 bytes', async () => {
      const { payload } = await network.evaluate(issuer, 'probe:range', ['', '']);
      // UTF-16 order would put U+1F600 before U+FFFD; the peer (LevelDB) compares UTF-8 bytes.
      expect(JSON.parse(payload)).to.deep.equal(['a', 'b', 'é', '\uFFFD', '\u{1F600}']);
      expect(network.ledger.keys().filter((k) => k.startsWith('\u0000'))).to.have.length(3);
    });

    it('pages with bookmarks and metadata like the real shim', async () => {
      const first: unknown = JSON.parse((await network.evaluate(issuer, 'probe:rangePage', ['', '', '2', ''])).payload);
      expect(first).to.deep.equal({ keys: ['a', 'b'], metadata: { fetchedRecordsCount: 2, bookmark: 'é' } });
      const second: unknown = JSON.parse((await network.evaluate(issuer, 'probe:rangePage', ['', '', '2', 'é'])).payload);
      expect(second).to.deep.equal({ keys: ['é', '\uFFFD'], metadata: { fetchedRecordsCount: 2, bookmark: '\u{1F600}' } });
      const last: unknown = JSON.parse((await network.evaluate(issuer, 'probe:rangePage', ['', '', '2', '\u{1F600}'])).payload);
      expect(last).to.deep.equal({ keys: ['\u{1F600}'], metadata: { fetchedRecordsCount: 1, bookmark: '' } });
    });

    it('pages partial composite keys with bookmarks', async () => {
      const first = JSON.parse((await network.evaluate(issuer, 'probe:partialPage', ['cert', '', '2', ''])).payload) as PartialPage;
      expect(first.parts).to.deep.equal([['Org1MSP', 'C-1'], ['Org1MSP', 'C-2']]);
      expect(first.metadata.fetchedRecordsCount).to.equal(2);
      expect(first.metadata.bookmark).to.equal('\u0000cert\u0000Org2MSP\u0000C-3\u0000');
      const second: unknown = JSON.parse((await network.evaluate(issuer, 'probe:partialPage', ['cert', '', '2', first.metadata.bookmark])).payload);
      expect(second).to.deep.equal({ parts: [['Org2MSP', 'C-3']], metadata: { fetchedRecordsCount: 1, bookmark: '' } });
      const org1Only = JSON.parse((await network.evaluate(issuer, 'probe:partialPage', ['cert', 'Org1MSP', '10', ''])).payload) as PartialPage;
      expect(org1Only.parts).to.have.length(2);
    });

    it('streams more than one batch (100) of results through QUERY_STATE_NEXT', async () => {
      await network.submit(issuer, 'probe:putMany', ['n', '250']);
      const keys = JSON.parse((await network.evaluate(issuer, 'probe:range', ['n', 'o'])).payload) as string[];
      expect(keys).to.have.length(250);
      expect(keys[0]).to.equal('n0000');
      expect(keys[249]).to.equal('n0249');
    });

    it('refuses a write after a paginated query, as the peer does', async () => {
      const err = (await network.submit(issuer, 'probe:pageThenWrite', []).catch((e: unknown) => e)) as TransactionError;
      expect(err).to.be.instanceOf(TransactionError);
      expect(err.message).to.equal(
        `PUT_STATE failed: transaction ID: ${err.txId}: txid [${err.txId}]: unsuppored transaction. ` +
          'Transaction has already performed a paginated query. Writes are not allowed',
      );
    });
  });

  describe('history and events', () => {
    it('returns committed history newest first with tx ids and client timestamps', async () => {
      const t1 = await network.submit(issuer, 'probe:put', ['h', 'v1']);
      network.advance(60);
      const t2 = await network.submit(issuer, 'probe:put', ['h', 'v2']);
      await expect(network.submit(issuer, 'probe:putThenFail', ['h', 'v3', 'nope'])).to.be.rejectedWith('nope');
      network.advance(0.5);
      const t3 = await network.submit(issuer, 'probe:remove', ['h']);

      const history: unknown = JSON.parse((await network.evaluate(issuer, 'probe:history', ['h'])).payload);
      const start = Date.parse('2030-06-01T12:00:00.000Z') / 1000;
      expect(history).to.deep.equal([
        { txId: t3.txId, isDelete: true, value: '', timestamp: { seconds: start + 60, nanos: 500_000_000 } },
        { txId: t2.txId, isDelete: false, value: 'v2', timestamp: { seconds: start + 60, nanos: 0 } },
        { txId: t1.txId, isDelete: false, value: 'v1', timestamp: { seconds: start, nanos: 0 } },
      ]);
    });

    it('keeps only the last event of a transaction', async () => {
      const result = await network.submit(issuer, 'probe:twoEvents', []);
      expect(result.event).to.deep.equal({ name: 'Second', payload: '{"n":2}' });
      expect(network.ledger.events()).to.deep.equal([
        { blockNumber: result.blockNumber, txId: result.txId, name: 'Second', payload: '{"n":2}' },
      ]);
      const block = network.ledger.blocks().at(-1);
      expect(block).to.deep.equal({
        blockNumber: result.blockNumber,
        txId: result.txId,
        timestamp: '2030-06-01T12:00:00.000Z',
        event: { name: 'Second', payload: '{"n":2}' },
        validationCode: 'VALID',
      });
    });
  });

  describe('identity, time and peer', () => {
    it('builds ClientIdentity from the creator certificate with Fabric CA attributes', async () => {
      const info = JSON.parse((await network.evaluate(issuer, 'probe:whoAmI', [])).payload) as WhoAmI;
      expect(info.mspId).to.equal('Org1MSP');
      expect(info.creatorMspId).to.equal('Org1MSP');
      expect(info.id).to.equal('x509::/OU=client/CN=issuer1::/O=Org1MSP/CN=ca.org1msp');
      expect(info.role).to.equal('issuer');
      expect(info.isIssuer).to.equal(true);
      expect(info.isAdmin).to.equal(false);
      expect(info.missing).to.equal(null);
      expect(info.enrollmentId).to.equal('issuer1');
      expect(info.fcn).to.deep.equal({ fcn: 'probe:whoAmI', params: [] });
      expect(info.channelId).to.equal('certchannel');
    });

    it('uses the controlled clock for the tx timestamp and the endorser clock, then restores it', async () => {
      network.advance(90.25);
      const info = JSON.parse((await network.evaluate(issuer, 'probe:whoAmI', [])).payload) as WhoAmI;
      const expectedMs = Date.parse('2030-06-01T12:01:30.250Z');
      expect(info.seconds).to.equal(Math.floor(expectedMs / 1000));
      expect(info.nanos).to.equal(250_000_000);
      expect(info.date).to.equal('2030-06-01T12:01:30.250Z');
      expect(info.endorserNow).to.equal(expectedMs);
      expect(Math.abs(endorserNow() - Date.now())).to.be.lessThan(5000);

      const skewed = JSON.parse((await network.evaluate(issuer, 'probe:whoAmI', [], { timestamp: '2030-06-01T12:10:00Z' })).payload) as WhoAmI;
      expect(skewed.date).to.equal('2030-06-01T12:10:00.000Z');
      expect(skewed.endorserNow).to.equal(expectedMs);
    });

    it('runs on the peer of the caller org by default, or the one asked for', async () => {
      expect((JSON.parse((await network.evaluate(reader2, 'probe:whoAmI', [])).payload) as WhoAmI).peerMspId).to.equal('Org2MSP');
      const other = await network.evaluate(reader2, 'probe:whoAmI', [], { peerMspId: 'Org1MSP' });
      expect((JSON.parse(other.payload) as WhoAmI).peerMspId).to.equal('Org1MSP');
    });

    it('fails when endorsing peers disagree, and commits nothing', async () => {
      const ok = await network.submit(issuer, 'probe:put', ['same', 'everywhere'], { endorsingOrganizations: ['Org1MSP', 'Org2MSP'] });
      expect(ok.blockNumber).to.equal(1);
      await expect(
        network.submit(issuer, 'probe:recordPeer', [], { endorsingOrganizations: ['Org1MSP', 'Org2MSP'] }),
      ).to.be.rejectedWith(TransactionError, 'ProposalResponsePayloads do not match');
      expect(network.ledger.getState('endorsed-by')).to.equal(undefined);
    });

    it('refuses creators outside the channel MSPs when told them', async () => {
      const impostorCa = await createOrgCa('Org1MSP', { name: 'impostor-ca' });
      const impostor = await impostorCa.enroll('issuer1', { 'certledger.role': 'issuer' });
      const checked = new TestNetwork([ProbeContract], { msps: [org1] });
      await checked.submit(issuer, 'probe:put', ['k', 'v']);
      await expect(checked.submit(reader2, 'probe:put', ['k', 'x'])).to.be.rejectedWith(
        'access denied: channel [certchannel] creator org unknown, creator is malformed',
      );
      await expect(checked.submit(impostor, 'probe:put', ['k', 'x'])).to.be.rejectedWith(
        'access denied: channel [certchannel] creator org [Org1MSP]',
      );
      checked.addMsp(org2);
      await checked.submit(reader2, 'probe:put', ['k', 'y']);
      expect(checked.ledger.getState('k')?.toString()).to.equal('y');
    });
  });

  describe('private data', () => {
    it('stores values for member peers, refuses them to a non-member peer, and exposes the SHA-256 hash', async () => {
      const secret = 'confidential evidence';
      const put = await network.submit(issuer, 'probe:putPrivate', [PRIVATE, 'e1'], { transient: { value: secret } });
      expect(network.ledger.getPrivateData(PRIVATE, 'e1')?.toString()).to.equal(secret);
      expect(network.ledger.getState('e1')).to.equal(undefined);

      expect((await network.evaluate(issuer, 'probe:getPrivate', [PRIVATE, 'e1'])).payload).to.equal(secret);

      const err = (await network.evaluate(reader2, 'probe:getPrivate', [PRIVATE, 'e1']).catch((e: unknown) => e)) as TransactionError;
      expect(err).to.be.instanceOf(TransactionError);
      expect(err.message).to.equal(
        `GET_STATE failed: transaction ID: ${err.txId}: private data matching public hash version is not available. ` +
          `Public hash version = {BlockNum: ${put.blockNumber}, TxNum: 0}, Private data version = <nil>`,
      );

      const expectedHash = createHash('sha256').update(secret).digest('hex');
      expect((await network.evaluate(reader2, 'probe:getPrivateHash', [PRIVATE, 'e1'])).payload).to.equal(expectedHash);
      expect(network.ledger.getPrivateDataHash(PRIVATE, 'e1')?.toString('hex')).to.equal(expectedHash);
    });

    it('enforces memberOnlyRead on the creator and fails on unknown collections', async () => {
      const strict = new TestNetwork([ProbeContract], {
        collections: [{ name: PRIVATE, members: ['Org1MSP'], memberOnlyRead: true }],
      });
      await strict.submit(issuer, 'probe:putPrivate', [PRIVATE, 'e1'], { transient: { value: 's' } });
      await expect(strict.evaluate(reader2, 'probe:getPrivate', [PRIVATE, 'e1'], { peerMspId: 'Org1MSP' })).to.be.rejectedWith(
        /^GET_STATE failed: transaction ID: [0-9a-f]{64}: tx creator does not have read access permission on privatedata in chaincodeName:certledger collectionName: org1Private$/,
      );
      await expect(strict.evaluate(issuer, 'probe:getPrivate', ['nope', 'e1'])).to.be.rejectedWith(
        /collection certchannel\/certledger\/nope could not be found$/,
      );
    });
  });

  describe('direct stub on the ledger', () => {
    it('serves a real ChaincodeStub with the same semantics, committing only on commit()', async () => {
      const ledger = new MemoryLedger();
      const tx = await ledger.beginTransaction({ creator: issuer, args: ['probe:none'], timestamp: '2030-01-01T00:00:00Z' });
      await tx.stub.putState('k', Buffer.from('v'));
      expect((await tx.stub.getState('k')).length).to.equal(0);
      expect(tx.stub.getMspID()).to.equal('Org1MSP');
      tx.stub.setEvent('Done', Buffer.from('1'));
      const block = tx.commit();
      expect(block).to.include({ blockNumber: 1, txId: tx.txId, timestamp: '2030-01-01T00:00:00.000Z' });
      expect(ledger.getState('k')?.toString()).to.equal('v');

      const aborted = await ledger.beginTransaction({ creator: issuer });
      await aborted.stub.putState('k', Buffer.from('other'));
      aborted.rollback();
      expect(ledger.getState('k')?.toString()).to.equal('v');
      await expect(aborted.stub.getState('k')).to.be.rejectedWith(/GET_STATE failed: transaction ID: .*: no ledger context/);
    });
  });
});
