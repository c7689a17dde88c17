// evidence:anchorBatch on the harness — Merkle roots and proofs, the per-digest index (and its
// absence in root-only batches), verifyDigest / verifyBatchItem, retries and limits.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { newConsortium, type Consortium } from '../../../support/consortium';
import type { TestNetwork } from '../../../support/invoke';
import { buildMerkleTree, verifyMerkleProof, type ProofStep } from '../../../../chaincode/src/domain/merkle';
import type { DigestMatch, EvidenceBatch } from '../../../../chaincode/src/api/evidence';
import type { HashAlg } from '../../../../chaincode/src/domain/types';
import { USCC_A, anchor, digestOf, expectRefused, lastEvent, prng, query, recordOf } from './helpers';

/** A batch as the contract answers it: the digests only where asked for. */
type BatchView = Omit<EvidenceBatch, 'digests'> & { digests?: string[] };
interface BatchResult { batch: BatchView; proofs: ProofStep[][] }

/** The design's tree, written out independently: leaf = H(0x00‖d), node = H(0x01‖l‖r), odd node promoted. */
function referenceRoot(alg: HashAlg, digests: string[]): string {
  const h = (...parts: Buffer[]): Buffer => createHash(alg).update(Buffer.concat(parts)).digest();
  let level = digests.map((d) => h(Buffer.from([0]), Buffer.from(d, 'hex')));
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Buffer;
      const right = level[i + 1];
      next.push(right === undefined ? left : h(Buffer.from([1]), left, right));
    }
    level = next;
  }
  return (level[0] as Buffer).toString('hex');
}

function digestsFor(label: string, n: number, alg: HashAlg = 'sha256'): string[] {
  return Array.from({ length: n }, (_, i) => createHash(alg).update(`${label}:${i}`).digest('hex'));
}

/**
 * Anchors a batch; returns the chaincode's answer with the proofs a caller computes from its own
 * digests. The answer itself holds only the batch (it becomes part of the transaction).
 */
async function anchorBatch(net: TestNetwork, who: Parameters<TestNetwork['submit']>[0], batch: Record<string, unknown>): Promise<BatchResult> {
  const answer = JSON.parse((await net.submit(who, 'evidence:anchorBatch', [JSON.stringify(batch)])).payload) as { batch: BatchView };
  expect(Object.keys(answer), 'the answer carries no proofs and no digests').to.deep.equal(['batch']);
  expect(answer.batch.digests).to.equal(undefined);
  return { batch: answer.batch, proofs: buildMerkleTree(batch.alg as HashAlg, batch.digests as string[]).proofs };
}

describe('evidence:anchorBatch', function () {
  this.timeout(120_000);
  let c: Consortium;
  beforeEach(async () => {
    c = await newConsortium();
  });

  it('anchors 1,000 digests in one transaction; every proof verifies and verifyDigest finds every item', async () => {
    const { net, orgs } = c;
    const digests = digestsFor('photos', 1000);
    const keysBefore = net.ledger.keys().length;
    const result = await anchorBatch(net, orgs.cb1.recorder, { clientRef: 'bulk-1', alg: 'sha256', digests, kind: 'STAGE2_AUDIT', subject: { uscc: USCC_A, auditId: 'A-77' }, uri: 's3://cb1/audits/A-77/' });
    const { batch, proofs } = result;

    expect(batch.id).to.equal('Cb1MSP:bulk-1');
    expect(batch.count).to.equal(1000);
    expect(batch.indexed).to.equal(true);
    expect(batch.kind).to.equal('STAGE2_AUDIT');
    expect(batch.subject).to.deep.equal({ uscc: USCC_A, auditId: 'A-77' });
    expect(batch.submitter.mspId).to.equal('Cb1MSP');
    expect(batch).not.to.have.property('digests');
    expect(batch.root).to.equal(referenceRoot('sha256', digests));
    // one batch record and one index entry per digest, all in one block
    expect(net.ledger.keys().length - keysBefore).to.equal(1 + 1000);
    expect(lastEvent(net)).to.deep.include({ name: 'EvidenceBatchAnchored' });
    expect(lastEvent(net).payload).to.deep.equal({ id: batch.id, root: batch.root, count: 1000, alg: 'sha256', indexed: true, submitter: 'Cb1MSP' });

    expect(proofs).to.have.length(1000);
    for (let i = 0; i < 1000; i++) {
      expect(verifyMerkleProof('sha256', digests[i] as string, proofs[i] as ProofStep[], batch.root), `proof ${i}`).to.equal(true);
      expect((proofs[i] as ProofStep[]).length).to.be.at.most(10);
    }
    // a proof is for its own item only
    expect(verifyMerkleProof('sha256', digests[1] as string, proofs[0] as ProofStep[], batch.root)).to.equal(false);

    const stored = await query<BatchView>(net, orgs.cb2.reader, 'evidence:getBatch', [batch.id]);
    expect(stored.digests).to.deep.equal(digests);

    // verifyDigest: first, last and a reproducible random sample of 150 more
    const random = prng(20250101);
    const sample = new Set<number>([0, 999]);
    while (sample.size < 152) sample.add(Math.floor(random() * 1000));
    for (const i of sample) {
      const match = await query<DigestMatch>(net, orgs.cb2.reader, 'evidence:verifyDigest', ['sha256', digests[i] as string]);
      expect(match.records).to.deep.equal([]);
      expect(match.batches, `item ${i}`).to.have.length(1);
      const hit = match.batches[0] as DigestMatch['batches'][number];
      expect(hit.batchId).to.equal(batch.id);
      expect(hit.index).to.equal(i);
      expect(hit.root).to.equal(batch.root);
      expect(hit.txId).to.equal(batch.txId);
      expect(hit.timestamp).to.equal(batch.timestamp);
      expect(hit.submitter).to.deep.equal(batch.submitter);
      expect(hit.proof).to.deep.equal(proofs[i]);
      expect(verifyMerkleProof('sha256', digests[i] as string, hit.proof, batch.root), `verifyDigest proof ${i}`).to.equal(true);
    }
    // a digest not in the batch is found nowhere
    expect(await query<DigestMatch>(net, orgs.cb2.reader, 'evidence:verifyDigest', ['sha256', digestOf('not-there')])).to.deep.equal({ records: [], batches: [] });
  });

  it('handles an odd count (7): the promoted node, every proof, and the design\'s construction', async () => {
    const { net, orgs } = c;
    for (const n of [1, 2, 7]) {
      const digests = digestsFor(`odd-${n}`, n);
      const { batch, proofs } = await anchorBatch(net, orgs.cb1.recorder, { clientRef: `odd-${n}`, alg: 'sha256', digests });
      expect(batch.root, `root of ${n}`).to.equal(referenceRoot('sha256', digests));
      expect(batch.kind).to.equal('OTHER');
      proofs.forEach((proof, i) => expect(verifyMerkleProof('sha256', digests[i] as string, proof, batch.root), `${n}/${i}`).to.equal(true));
      if (n === 1) expect(proofs).to.deep.equal([[]]);
      if (n === 7) {
        // item 6 is promoted past the first level: it has no sibling there
        expect(proofs[6]).to.have.length(2);
        expect(proofs[0]).to.have.length(3);
      }
      const last = await query<DigestMatch>(net, orgs.cb2.reader, 'evidence:verifyDigest', ['sha256', digests[n - 1] as string]);
      expect(last.batches.map((b) => [b.batchId, b.index])).to.deep.equal([[batch.id, n - 1]]);
    }
  });

  it('anchors an sm3 batch with sm3 Merkle hashing', async () => {
    const { net, orgs } = c;
    const digests = digestsFor('sm3-batch', 5, 'sm3');
    const { batch, proofs } = await anchorBatch(net, orgs.cb1.recorder, { clientRef: 'sm3-1', alg: 'sm3', digests });
    expect(batch.alg).to.equal('sm3');
    expect(batch.root).to.equal(referenceRoot('sm3', digests));
    expect(batch.root).not.to.equal(referenceRoot('sha256', digests));
    proofs.forEach((proof, i) => expect(verifyMerkleProof('sm3', digests[i] as string, proof, batch.root)).to.equal(true));
    const match = await query<DigestMatch>(net, orgs.cb2.reader, 'evidence:verifyDigest', ['sm3', digests[2] as string]);
    expect(match.batches.map((b) => b.index)).to.deep.equal([2]);
  });

  it('writes no per-digest index for a root-only batch; verifyBatchItem checks items by their proofs', async () => {
    const { net, orgs } = c;
    const digests = digestsFor('root-only', 50);
    const keysBefore = net.ledger.keys();
    const { batch, proofs } = await anchorBatch(net, orgs.cb1.recorder, { clientRef: 'ro-1', alg: 'sha256', digests, indexed: false });
    expect(batch.indexed).to.equal(false);
    expect(batch.root).to.equal(referenceRoot('sha256', digests));
    const added = net.ledger.keys().filter((k) => !keysBefore.includes(k));
    expect(added).to.have.length(1); // the batch record only
    expect(added[0]).to.include('batch\u0000Cb1MSP:ro-1');
    expect(lastEvent(net).payload.indexed).to.equal(false);

    for (const i of [0, 17, 49]) {
      expect(await query<DigestMatch>(net, orgs.cb2.reader, 'evidence:verifyDigest', ['sha256', digests[i] as string])).to.deep.equal({ records: [], batches: [] });
    }

    type ItemCheck = { included: boolean; batch: BatchView };
    const check = (digest: string, proof: unknown): Promise<ItemCheck> =>
      query<ItemCheck>(net, orgs.cb2.reader, 'evidence:verifyBatchItem', [batch.id, digest, JSON.stringify(proof)]);
    for (const i of [0, 17, 49]) {
      const ok = await check(digests[i] as string, proofs[i]);
      expect(ok.included, `item ${i}`).to.equal(true);
      expect(ok.batch).to.deep.equal(batch);
    }
    // a forged proof: one sibling hash changed
    const forged = structuredClone(proofs[17] as ProofStep[]);
    const step = forged[2] as ProofStep;
    step.hash = `${step.hash[0] === '0' ? '1' : '0'}${step.hash.slice(1)}`;
    expect((await check(digests[17] as string, forged)).included).to.equal(false);
    // a proof with the sides swapped, another item's proof, an empty proof, a digest not in the batch
    expect((await check(digests[17] as string, (proofs[17] as ProofStep[]).map((s) => ({ ...s, side: s.side === 'L' ? 'R' : 'L' })))).included).to.equal(false);
    expect((await check(digests[17] as string, proofs[18])).included).to.equal(false);
    expect((await check(digests[17] as string, [])).included).to.equal(false);
    expect((await check(digestOf('stranger'), proofs[17])).included).to.equal(false);
    // malformed proofs are "not included", not errors
    expect((await check(digests[17] as string, { side: 'L' })).included).to.equal(false);
    expect((await check(digests[17] as string, [{ side: 'X', hash: 'zz' }])).included).to.equal(false);

    await expectRefused(net, () => net.evaluate(orgs.cb2.reader, 'evidence:verifyBatchItem', [batch.id, digests[0] as string, '[{']), 'INVALID_ARGUMENT', { field: 'proof' });
    await expectRefused(net, () => net.evaluate(orgs.cb2.reader, 'evidence:verifyBatchItem', ['Cb1MSP:nope', digests[0] as string, '[]']), 'NOT_FOUND');
    await expectRefused(net, () => net.evaluate(orgs.cb2.reader, 'evidence:verifyBatchItem', [batch.id, (digests[0] as string).toUpperCase(), '[]']), 'INVALID_ARGUMENT', { field: 'digest' });
  });

  it('verifyBatchItem works on indexed batches too', async () => {
    const { net, orgs } = c;
    const digests = digestsFor('indexed-check', 9);
    const { batch, proofs } = await anchorBatch(net, orgs.cb2.recorder, { clientRef: 'ix-1', alg: 'sha256', digests });
    const res = await query<{ included: boolean }>(net, orgs.cb1.reader, 'evidence:verifyBatchItem', [batch.id, digests[8] as string, JSON.stringify(proofs[8])]);
    expect(res.included).to.equal(true);
  });

  it('returns the stored batch on a retry, writing nothing; another batch under the same clientRef is ALREADY_EXISTS', async () => {
    const { net, orgs } = c;
    const digests = digestsFor('retry', 12);
    const first = await anchorBatch(net, orgs.cb1.recorder, { clientRef: 'retry-b', alg: 'sha256', digests });
    const before = net.ledger.snapshot();
    const events = net.ledger.events();
    net.advance(30);
    const again = await net.submit(orgs.cb1.recorder, 'evidence:anchorBatch', [JSON.stringify({ clientRef: 'retry-b', alg: 'sha256', digests })]);
    expect(JSON.parse(again.payload)).to.deep.equal({ batch: first.batch });
    expect(again.event).to.equal(undefined);
    const after = net.ledger.snapshot();
    expect(after.state).to.deep.equal(before.state);
    expect(after.privateData).to.deep.equal(before.privateData);
    expect(net.ledger.events()).to.deep.equal(events);

    const other = [...digests];
    other[11] = digestOf('changed');
    await expectRefused(net, () => net.submit(orgs.cb1.recorder, 'evidence:anchorBatch', [JSON.stringify({ clientRef: 'retry-b', alg: 'sha256', digests: other })]), 'ALREADY_EXISTS', { includes: ['Cb1MSP:retry-b'] });
    // the same digests in another order make another root
    await expectRefused(net, () => net.submit(orgs.cb1.recorder, 'evidence:anchorBatch', [JSON.stringify({ clientRef: 'retry-b', alg: 'sha256', digests: [...digests].reverse() })]), 'ALREADY_EXISTS');
  });

  it('finds a digest held by a record and by batches of two bodies', async () => {
    const { net, orgs } = c;
    const shared = digestOf('shared-doc');
    const rec = await anchor(net, orgs.cb1.recorder, recordOf('shared-rec', { digest: { alg: 'sha256', value: shared } }));
    const b1 = await anchorBatch(net, orgs.cb1.recorder, { clientRef: 'shared-b1', alg: 'sha256', digests: [digestOf('x'), shared, digestOf('y')] });
    const b2 = await anchorBatch(net, orgs.cb2.recorder, { clientRef: 'shared-b2', alg: 'sha256', digests: [shared] });
    const match = await query<DigestMatch>(net, orgs.regulator.reader, 'evidence:verifyDigest', ['sha256', shared]);
    expect(match.records.map((r) => r.id)).to.deep.equal([rec.id]);
    expect(match.batches.map((b) => [b.batchId, b.index, b.submitter.mspId])).to.have.deep.members([
      [b1.batch.id, 1, 'Cb1MSP'],
      [b2.batch.id, 0, 'Cb2MSP'],
    ]);
    for (const b of match.batches) expect(verifyMerkleProof('sha256', shared, b.proof, b.root)).to.equal(true);
  });

  describe('refusals (nothing stored)', () => {
    const cases: [string, () => Record<string, unknown> | string, string][] = [
      ['1,001 digests', () => ({ clientRef: 'big', alg: 'sha256', digests: digestsFor('big', 1001) }), 'batch.digests'],
      ['no digests', () => ({ clientRef: 'empty', alg: 'sha256', digests: [] }), 'batch.digests'],
      ['digests not an array', () => ({ clientRef: 'na', alg: 'sha256', digests: digestOf('a') }), 'batch.digests'],
      ['an uppercase digest', () => ({ clientRef: 'uc', alg: 'sha256', digests: [digestOf('a'), digestOf('b').toUpperCase()] }), 'batch.digests[1]'],
      ['a short digest', () => ({ clientRef: 'sh', alg: 'sha256', digests: ['abc'] }), 'batch.digests[0]'],
      ['an unknown algorithm', () => ({ clientRef: 'alg', alg: 'sha1', digests: [digestOf('a')] }), 'batch.alg'],
      ['indexed not a boolean', () => ({ clientRef: 'ix', alg: 'sha256', digests: [digestOf('a')], indexed: 'no' }), 'batch.indexed'],
      ['an unknown key', () => ({ clientRef: 'uk', alg: 'sha256', digests: [digestOf('a')], proofs: [] }), 'batch'],
      ['an unknown kind', () => ({ clientRef: 'kd', alg: 'sha256', digests: [digestOf('a')], kind: 'PHOTOS' }), 'batch.kind'],
      ['a bad subject USCC', () => ({ clientRef: 'su', alg: 'sha256', digests: [digestOf('a')], subject: { uscc: '91350100M000100Y44' } }), 'batch.subject.uscc'],
      ['a bad clientRef', () => ({ clientRef: '-x', alg: 'sha256', digests: [digestOf('a')] }), 'batch.clientRef'],
      ['not JSON', () => 'nope', 'batch'],
    ];
    for (const [title, build, field] of cases) {
      it(`refuses ${title}: INVALID_ARGUMENT naming ${field}`, async () => {
        const { net, orgs } = c;
        const input = build();
        await expectRefused(net, () => net.submit(orgs.cb1.recorder, 'evidence:anchorBatch', [typeof input === 'string' ? input : JSON.stringify(input)]), 'INVALID_ARGUMENT', { field });
      });
    }

    it('refuses a reader, a user without role and a non-member: FORBIDDEN', async () => {
      const { net, orgs } = c;
      const batch = JSON.stringify({ clientRef: 'who', alg: 'sha256', digests: [digestOf('a')] });
      for (const who of [orgs.cb1.reader, orgs.cb1.norole, orgs.ab.recorder]) {
        await expectRefused(net, () => net.submit(who, 'evidence:anchorBatch', [batch]), 'FORBIDDEN');
      }
    });
  });
});
