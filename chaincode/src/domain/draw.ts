// Random inspection by commit/reveal: the commitment to a secret and the draw the secret determines.
//
// The regulator commits sha256(secret) and fixes the population; after the reveal anyone can
// recompute the order sha256(secret ‖ 0x00 ‖ key) ascending, so nobody could have chosen it.

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
