// Content digests (SHA-256 and SM3 via node:crypto) and validation of client-supplied digests.

import { createHash, getHashes } from 'node:crypto';
import { invalidArgument } from '../shared/errors';
import { HASH_ALGS, type Digest, type HashAlg } from './types';
import { requireEnum, requireObject } from './validate';

// Fail at load rather than on the first SM3 anchor: a peer whose Node lacks SM3 must not
// endorse anything, or it would disagree with the others only on some transactions.
if (!getHashes().includes('sm3')) {
  throw new Error(
    `node:crypto on this Node ${process.version} (OpenSSL ${process.versions.openssl}) has no sm3 hash; ` +
      'certledger needs an OpenSSL build with SM3 (OpenSSL 1.1.1+ without no-sm3)',
  );
}

export function digestHex(alg: HashAlg, data: Uint8Array | string): string {
  if (!(HASH_ALGS as readonly string[]).includes(alg)) {
    throw invalidArgument('alg', `must be one of ${HASH_ALGS.join(', ')}; got ${JSON.stringify(alg)}`);
  }
  const hash = createHash(alg);
  if (typeof data === 'string') hash.update(data, 'utf8');
  else hash.update(data);
  return hash.digest('hex');
}

export function sha256Hex(data: Uint8Array | string): string {
  return digestHex('sha256', data);
}

export function validateDigest(input: unknown, field: string): Digest {
  const obj = requireObject(input, field, ['alg', 'value']);
  const alg = requireEnum(obj.alg, `${field}.alg`, HASH_ALGS);
  const value = obj.value;
  if (typeof value !== 'string') {
    throw invalidArgument(`${field}.value`, `must be a string of 64 lowercase hex characters; got ${value === null ? 'null' : typeof value}`);
  }
  if (!/^[0-9a-fA-F]{64}$/.test(value)) {
    throw invalidArgument(
      `${field}.value`,
      `must be exactly 64 hex characters (a ${alg} digest); got ${value.length} characters${/^[0-9a-fA-F]*$/.test(value) ? '' : ' including non-hex ones'}`,
    );
  }
  if (/[A-F]/.test(value)) {
    // one canonical spelling, so the same digest always finds the same index key
    throw invalidArgument(`${field}.value`, 'must be lowercase hex; lowercase the value before sending it');
  }
  return { alg, value };
}
