// Unit tests for Merkle batches: roots, inclusion proofs and forged proofs.

import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { buildMerkleTree, merkleRoot, verifyMerkleProof, type ProofStep } from '../../../../chaincode/src/domain/merkle';
import type { HashAlg } from '../../../../chaincode/src/domain/types';
import { expectInvalid } from '../../../support/expect-code';


function sampleDigests(n: number, tag = 'item'): string[] {
  return Array.from({ length: n }, (_, i) => createHash('sha256').update(`${tag}-${i}`).digest('hex'));
}

// Independent reference: written straight from docs/architecture.md §3 with Buffer.concat.
function h(alg: HashAlg, ...parts: Buffer[]): Buffer {
  return createHash(alg).update(Buffer.concat(parts)).digest();
}
function refLeaf(alg: HashAlg, digest: string): Buffer {
  return h(alg, Buffer.from([0]), Buffer.from(digest, 'hex'));
}
function refNode(alg: HashAlg, left: Buffer, right: Buffer): Buffer {
  return h(alg, Buffer.from([1]), left, right);
}
function refRoot(alg: HashAlg, digests: string[]): string {
  let level = digests.map((d) => refLeaf(alg, d));
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Buffer;
      const right = level[i + 1];
      next.push(right ? refNode(alg, left, right) : left);
    }
    level = next;
  }
  return (level[0] as Buffer).toString('hex');
}

const ALGS: HashAlg[] = ['sha256', 'sm3'];

describe('domain/merkle', () => {
  for (const alg of ALGS) {
    describe(alg, () => {
      it('1 item: the root is the leaf hash and the proof is empty', () => {
        const [d] = sampleDigests(1) as [string];
        const tree = buildMerkleTree(alg, [d]);
        expect(tree.root).to.equal(refLeaf(alg, d).toString('hex'));
        expect(tree.proofs).to.deep.equal([[]]);
        expect(verifyMerkleProof(alg, d, [], tree.root)).to.equal(true);
      });

      it('2 items: root = H(0x01 ‖ leaf0 ‖ leaf1), each proof names the other leaf', () => {
        const [a, b] = sampleDigests(2) as [string, string];
        const la = refLeaf(alg, a);
        const lb = refLeaf(alg, b);
        const tree = buildMerkleTree(alg, [a, b]);
        expect(tree.root).to.equal(refNode(alg, la, lb).toString('hex'));
        expect(tree.proofs).to.deep.equal([[{ side: 'R', hash: lb.toString('hex') }], [{ side: 'L', hash: la.toString('hex') }]]);
      });

      it('3 items: the odd last leaf is promoted unchanged (hand-computed root)', () => {
        const [a, b, c] = sampleDigests(3) as [string, string, string];
        const la = refLeaf(alg, a);
        const lb = refLeaf(alg, b);
        const lc = refLeaf(alg, c);
        const ab = refNode(alg, la, lb);
        const root = refNode(alg, ab, lc);
        const tree = buildMerkleTree(alg, [a, b, c]);
        expect(tree.root).to.equal(root.toString('hex'));
        expect(tree.proofs[0]).to.deep.equal([{ side: 'R', hash: lb.toString('hex') }, { side: 'R', hash: lc.toString('hex') }]);
        expect(tree.proofs[2]).to.deep.equal([{ side: 'L', hash: ab.toString('hex') }]);
        tree.proofs.forEach((proof, i) => expect(verifyMerkleProof(alg, [a, b, c][i] as string, proof, tree.root)).to.equal(true));
      });

      it('7 items: root and every proof agree with the reference', () => {
        const digests = sampleDigests(7);
        const tree = buildMerkleTree(alg, digests);
        expect(tree.root).to.equal(refRoot(alg, digests));
        expect(merkleRoot(alg, digests)).to.equal(tree.root);
        expect(tree.proofs.map((p) => p.length)).to.deep.equal([3, 3, 3, 3, 3, 3, 2]);
        digests.forEach((d, i) => expect(verifyMerkleProof(alg, d, tree.proofs[i] as ProofStep[], tree.root), `item ${i}`).to.equal(true));
      });
    });
  }

  it('1,000 items: every proof verifies and the build is fast', () => {
    const digests = sampleDigests(1000);
    for (const alg of ALGS) {
      // best of 5 after a warm-up: the bound is on the code, not on a busy CI machine's worst moment
      buildMerkleTree(alg, digests);
      let best = Infinity;
      let tree = buildMerkleTree(alg, digests);
      for (let run = 0; run < 5; run++) {
        const start = process.hrtime.bigint();
        tree = buildMerkleTree(alg, digests);
        best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
      }
      expect(best, `${alg} build took ${best.toFixed(1)} ms`).to.be.below(50);
      expect(tree.root).to.equal(refRoot(alg, digests));
      expect(tree.proofs).to.have.length(1000);
      digests.forEach((d, i) => {
        if (!verifyMerkleProof(alg, d, tree.proofs[i] as ProofStep[], tree.root)) expect.fail(`${alg} proof ${i} does not verify`);
      });
      // a proof of item i does not verify item j
      expect(verifyMerkleProof(alg, digests[0] as string, tree.proofs[999] as ProofStep[], tree.root)).to.equal(false);
    }
  });

  it('the algorithm is part of the root', () => {
    const digests = sampleDigests(5);
    expect(merkleRoot('sha256', digests)).not.to.equal(merkleRoot('sm3', digests));
    const tree = buildMerkleTree('sha256', digests);
    expect(verifyMerkleProof('sm3', digests[1] as string, tree.proofs[1] as ProofStep[], tree.root)).to.equal(false);
  });

  describe('forged proofs fail', () => {
    const digests = sampleDigests(7);
    const tree = buildMerkleTree('sha256', digests);
    const d3 = digests[3] as string;
    const p3 = tree.proofs[3] as ProofStep[];

    it('a flipped side', () => {
      const forged = p3.map<ProofStep>((s, i) => (i === 1 ? { ...s, side: s.side === 'L' ? 'R' : 'L' } : s));
      expect(verifyMerkleProof('sha256', d3, forged, tree.root)).to.equal(false);
    });

    it('an altered sibling', () => {
      const first = p3[0] as ProofStep;
      const altered = first.hash.slice(0, 63) + (first.hash.endsWith('0') ? '1' : '0');
      expect(verifyMerkleProof('sha256', d3, [{ ...first, hash: altered }, ...p3.slice(1)], tree.root)).to.equal(false);
    });

    it('a wrong digest', () => {
      expect(verifyMerkleProof('sha256', digests[4] as string, p3, tree.root)).to.equal(false);
    });

    it('a proof from another batch', () => {
      const other = buildMerkleTree('sha256', sampleDigests(7, 'other'));
      expect(verifyMerkleProof('sha256', d3, other.proofs[3] as ProofStep[], tree.root)).to.equal(false);
      expect(verifyMerkleProof('sha256', d3, p3, other.root)).to.equal(false);
    });

    it('a truncated or extended proof', () => {
      expect(verifyMerkleProof('sha256', d3, p3.slice(0, 2), tree.root)).to.equal(false);
      expect(verifyMerkleProof('sha256', d3, [...p3, p3[0] as ProofStep], tree.root)).to.equal(false);
    });

    it('an inner node passed off as a leaf digest', () => {
      // the 0x00/0x01 prefixes: the hash of leaves 0 and 1 is not a digest of the batch
      const n01 = refNode('sha256', refLeaf('sha256', digests[0] as string), refLeaf('sha256', digests[1] as string)).toString('hex');
      expect(verifyMerkleProof('sha256', n01, (tree.proofs[0] as ProofStep[]).slice(1), tree.root)).to.equal(false);
    });

    it('malformed input returns false instead of throwing', () => {
      const root = tree.root;
      const cases: Array<[unknown, unknown, unknown, unknown]> = [
        ['sha256', d3, null, root],
        ['sha256', d3, 'proof', root],
        ['sha256', d3, [null], root],
        ['sha256', d3, [{ side: 'X', hash: (p3[0] as ProofStep).hash }], root],
        ['sha256', d3, [{ side: 'L' }], root],
        ['sha256', d3, [{ side: 'L', hash: 'zz' }], root],
        ['sha256', d3, p3.map((s) => ({ ...s, hash: s.hash.toUpperCase() })), root],
        ['sha256', d3.toUpperCase(), p3, root],
        ['sha256', 42, p3, root],
        ['sha256', d3, p3, root.slice(2)],
        ['sha256', d3, p3, undefined],
        ['md5', d3, p3, root],
        ['sha256', d3, new Array(65).fill(p3[0]), root],
      ];
      for (const [alg, digest, proof, r] of cases) {
        expect(verifyMerkleProof(alg as HashAlg, digest as string, proof as ProofStep[], r as string)).to.equal(false);
      }
      expect(verifyMerkleProof('sha256', d3, p3, root)).to.equal(true);
    });
  });

  describe('input validation', () => {
    it('refuses empty and oversized batches', () => {
      expectInvalid(() => buildMerkleTree('sha256', []), 'digests', '1 to 1000', 'got 0 items');
      expectInvalid(() => merkleRoot('sha256', sampleDigests(1001)), 'digests', 'got 1001 items');
    });

    it('refuses malformed digests, naming the item', () => {
      const digests = sampleDigests(3);
      digests[1] = (digests[1] as string).toUpperCase();
      expectInvalid(() => buildMerkleTree('sha256', digests), 'digests[1]', '64 lowercase hex');
    });

    it('refuses an unknown algorithm', () => {
      expectInvalid(() => buildMerkleTree('sha1' as HashAlg, sampleDigests(2)), 'alg', 'sha256, sm3');
    });
  });
});
