// Random inspection by commit/reveal: the commitments to the participants' secrets, the seed their
// reveals and the frozen population determine, and the draw the seed determines.
//
// Every participant (the regulator and other members) commits to a secret before the population
// is frozen; the seed is a hash of every reveal and of the population; anyone can recompute the
// order sha256(seed ‖ 0x00 ‖ key) ascending. Why nobody can steer it: docs/random-inspection.md.

import { createHash } from 'node:crypto';
import { invalidArgument } from '../shared/errors';
import { requireInt, requireString } from './validate';

export const SECRET_MIN_LENGTH = 32;
export const SECRET_MAX_LENGTH = 256;

const SEPARATOR = Buffer.from([0x00]);

export function commitmentOf(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function validateSecret(input: unknown, field: string): string {
  // no control characters (requireString), so the 0x00 separator cannot occur inside the secret
  return requireString(input, field, { min: SECRET_MIN_LENGTH, max: SECRET_MAX_LENGTH });
}

export interface DrawEntry {
  key: string;
  /** sha256(secret ‖ 0x00 ‖ key), lowercase hex */
  hash: string;
}

/** The whole population, deduplicated, in draw order; the draw of n is its first n entries. */
export function drawOrder(secret: string, population: readonly string[]): DrawEntry[] {
  if (typeof secret !== 'string') throw invalidArgument('secret', 'must be a string');
  if (!Array.isArray(population)) throw invalidArgument('population', 'must be an array of keys');
  const secretBytes = Buffer.from(secret, 'utf8');
  const keys = new Set<string>();
  population.forEach((key, i) => {
    if (typeof key !== 'string') throw invalidArgument(`population[${i}]`, 'must be a string key');
    keys.add(key);
  });
  const entries = [...keys].map((key) => ({
    key,
    hash: createHash('sha256').update(secretBytes).update(SEPARATOR).update(key, 'utf8').digest('hex'),
  }));
  // hex strings of equal length compare like the numbers; ties (a sha256 collision) fall back
  // to the keys' UTF-8 bytes, an order any language can reproduce
  entries.sort((a, b) =>
    a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : Buffer.compare(Buffer.from(a.key, 'utf8'), Buffer.from(b.key, 'utf8')),
  );
  return entries;
}

export function drawSample(secret: string, population: readonly string[], n: number): string[] {
  const count = requireInt(n, 'n', { min: 0 });
  return drawOrder(secret, population).slice(0, count).map((e) => e.key);
}

/** Domain separation of the multi-party sample protocol (docs/random-inspection.md). */
export const SAMPLE_PROTOCOL = 'certledger-sample/2';

/** sha256 of the UTF-8 parts joined by 0x00 (no part holds U+0000: secrets, ids and keys are validated). */
function hashJoined(parts: readonly string[]): string {
  const hash = createHash('sha256');
  parts.forEach((part, i) => {
    if (i > 0) hash.update(SEPARATOR);
    hash.update(part, 'utf8');
  });
  return hash.digest('hex');
}

/**
 * A participant's commitment: sha256("certledger-sample/2" ‖ 0x00 ‖ sampleId ‖ 0x00 ‖ mspId ‖ 0x00
 * ‖ secret). Bound to the sample and the member, so nobody can replay a commitment of another
 * sample or copy another member's and open it once that member has revealed.
 */
export function participantCommitment(sampleId: string, mspId: string, secret: string): string {
  return hashJoined([SAMPLE_PROTOCOL, sampleId, mspId, secret]);
}

/** The frozen population, as the seed takes it: sha256 of its keys (in the stored, sorted order) joined by 0x00. */
export function populationHash(keys: readonly string[]): string {
  return hashJoined(keys);
}

export interface SeedInput {
  sampleId: string;
  populationHash: string;
  inspectorPopulationHash: string;
  /** every reveal the draw uses; taken in MSP ID order (UTF-8 bytes), whatever the order given */
  reveals: readonly { mspId: string; secret: string }[];
}

/**
 * The seed of a draw: sha256("certledger-sample/2" ‖ 0x00 ‖ sampleId ‖ 0x00 ‖ populationHash ‖ 0x00
 * ‖ inspectorPopulationHash, then 0x00 ‖ mspId ‖ 0x00 ‖ secret for each reveal in MSP ID order).
 * It changes with every secret, so it is unknown until the last reveal, and it binds the draw to
 * the population frozen before any reveal.
 */
export function sampleSeed(input: SeedInput): string {
  const reveals = [...input.reveals].sort((a, b) => Buffer.compare(Buffer.from(a.mspId, 'utf8'), Buffer.from(b.mspId, 'utf8')));
  return hashJoined([
    SAMPLE_PROTOCOL, input.sampleId, input.populationHash, input.inspectorPopulationHash,
    ...reveals.flatMap((r) => [r.mspId, r.secret]),
  ]);
}
