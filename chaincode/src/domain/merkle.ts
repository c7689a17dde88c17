// Merkle trees over batches of digests: root, per-item inclusion proofs, and proof verification.
//
// leaf = H(0x00 ‖ digest bytes), node = H(0x01 ‖ left ‖ right), the last node of an odd level is
// promoted unchanged, H = the batch's algorithm. The 0x00/0x01 prefixes keep a leaf from ever
// being passed off as an inner node (second-preimage attack on unprefixed trees).

import { HEX64 as HEX64_FORMAT } from '../api/values';
import { createHash, type Hash } from 'node:crypto';
import { invalidArgument } from '../shared/errors';
// loaded first for its clear error when this Node's OpenSSL has no SM3
import './hash';
import { HASH_ALGS, type HashAlg } from './types';

/** One step up the tree: the sibling's hash and the side it sits on. */
export type ProofStep = { side: 'L' | 'R'; hash: string };

export const MAX_BATCH_ITEMS = 1000;

const HEX64 = HEX64_FORMAT.pattern;
// a 1,000-item tree is 10 levels high; anything much longer is not a proof of ours
const MAX_PROOF_STEPS = 64;

function isAlg(alg: unknown): alg is HashAlg {
  return typeof alg === 'string' && (HASH_ALGS as readonly string[]).includes(alg);
}

// Hashes already fed their domain prefix; copy() of one skips the per-call algorithm lookup of
// createHash, which dominates the cost of hashing 33- and 65-byte inputs.
const PREFIXED: Readonly<Record<HashAlg, { leaf: Hash; node: Hash }>> = {
  sha256: { leaf: createHash('sha256').update(Buffer.from([0x00])), node: createHash('sha256').update(Buffer.from([0x01])) },
  sm3: { leaf: createHash('sm3').update(Buffer.from([0x00])), node: createHash('sm3').update(Buffer.from([0x01])) },
};

function leafHash(alg: HashAlg, digest: Buffer): Buffer {
  return PREFIXED[alg].leaf.copy().update(digest).digest();
}

function nodeHash(alg: HashAlg, left: Buffer, right: Buffer): Buffer {
  return PREFIXED[alg].node.copy().update(left).update(right).digest();
}

function leaves(alg: HashAlg, digests: string[]): Buffer[] {
  if (!isAlg(alg)) {
    throw invalidArgument('alg', `must be one of ${HASH_ALGS.join(', ')}; got ${JSON.stringify(alg)}`);
  }
  if (!Array.isArray(digests) || digests.length < 1 || digests.length > MAX_BATCH_ITEMS) {
    const got = Array.isArray(digests) ? `${digests.length} items` : typeof digests;
    throw invalidArgument('digests', `must hold 1 to ${MAX_BATCH_ITEMS} digests; got ${got}`);
  }
  return digests.map((d, i) => {
    if (typeof d !== 'string' || !HEX64.test(d)) {
      throw invalidArgument(`digests[${i}]`, 'must be 64 lowercase hex characters');
    }
    return leafHash(alg, Buffer.from(d, 'hex'));
  });
}

function parentLevel(alg: HashAlg, level: Buffer[]): Buffer[] {
  const next: Buffer[] = [];
  for (let i = 0; i + 1 < level.length; i += 2) {
    next.push(nodeHash(alg, level[i] as Buffer, level[i + 1] as Buffer));
  }
  if (level.length % 2 === 1) next.push(level[level.length - 1] as Buffer);
  return next;
}

export function buildMerkleTree(alg: HashAlg, digests: string[]): { root: string; proofs: ProofStep[][] } {
  const levels: string[][] = [];
  let level = leaves(alg, digests);
  for (;;) {
    levels.push(level.map((b) => b.toString('hex')));
    if (level.length === 1) break;
    level = parentLevel(alg, level);
  }
  const proofs = digests.map((_, index) => {
    const proof: ProofStep[] = [];
    let pos = index;
    for (let l = 0; l < levels.length - 1; l++) {
      const row = levels[l] as string[];
      if (pos % 2 === 1) proof.push({ side: 'L', hash: row[pos - 1] as string });
      else if (pos + 1 < row.length) proof.push({ side: 'R', hash: row[pos + 1] as string });
      // else: the promoted last node of an odd level has no sibling at this level
      pos = Math.floor(pos / 2);
    }
    return proof;
  });
  const top = levels[levels.length - 1] as string[];
  return { root: top[0] as string, proofs };
}

export function merkleRoot(alg: HashAlg, digests: string[]): string {
  let level = leaves(alg, digests);
  while (level.length > 1) level = parentLevel(alg, level);
  return (level[0] as Buffer).toString('hex');
}

/** True only for a well-formed proof that leads from the digest to the root; never throws. */
export function verifyMerkleProof(alg: HashAlg, digest: string, proof: ProofStep[], root: string): boolean {
  try {
    if (!isAlg(alg) || typeof digest !== 'string' || !HEX64.test(digest)) return false;
    if (typeof root !== 'string' || !HEX64.test(root)) return false;
    if (!Array.isArray(proof) || proof.length > MAX_PROOF_STEPS) return false;
    let hash = leafHash(alg, Buffer.from(digest, 'hex'));
    for (const step of proof as unknown[]) {
      if (typeof step !== 'object' || step === null) return false;
      const { side, hash: sibling } = step as { side?: unknown; hash?: unknown };
      if (typeof sibling !== 'string' || !HEX64.test(sibling)) return false;
      const other = Buffer.from(sibling, 'hex');
      if (side === 'L') hash = nodeHash(alg, other, hash);
      else if (side === 'R') hash = nodeHash(alg, hash, other);
      else return false;
    }
    return hash.toString('hex') === root;
  } catch {
    return false;
  }
}
