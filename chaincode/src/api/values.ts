// The value formats both sides check: the chaincode when it parses its arguments
// (domain/validate.ts requireString takes these), the gateway when its TypeBox schemas refuse a
// malformed request early (gateway/src/schemas/values.ts builds them from these). One pattern, one
// place; the enumerations are the domain's own (domain/types.ts).
export { CERTIFICATE_STATUSES, HASH_ALGS, SCHEMES } from '../domain/types';
export { USER_ROLES } from './roles';
export { ERROR_CODES } from './errors';

/** A format: its pattern as the JSON Schema string, and as a RegExp for the chaincode. */
export interface Format {
  readonly source: string;
  readonly pattern: RegExp;
  readonly min?: number;
  readonly max?: number;
  readonly patternHint: string;
}

function format(source: string, patternHint: string, bounds: { min?: number; max?: number } = {}): Format {
  return { source, pattern: new RegExp(source), patternHint, ...bounds };
}

/** A sha256 or sm3 digest, a Merkle node, a commitment, a code digest: 64 lowercase hex characters. */
export const HEX64 = format('^[0-9a-f]{64}$', '64 lowercase hex characters', { min: 64, max: 64 });
/** A member's MSP ID. */
export const MSP_ID = format('^[A-Za-z0-9][A-Za-z0-9._-]*$', 'an MSP ID: letters, digits, . _ - (e.g. Cb1MSP)', { max: 128 });
/** An evidence id: `<MSP ID>:<clientRef>`, as evidence:anchor returned it. */
export const EVIDENCE_ID = format('^[A-Za-z0-9][A-Za-z0-9._-]*:[A-Za-z0-9][A-Za-z0-9._:-]*$', 'an evidence id <MSP ID>:<clientRef> as evidence:anchor returned it', { max: 300 });
/** A record id of the caller's choosing (a sample, an inspector). */
export const RECORD_ID = format('^[A-Za-z0-9][A-Za-z0-9._-]*$', 'letters, digits, . _ - (starting with a letter or digit)', { max: 64 });
/** A certificate number in form (its issuer's CNCA code is checked by domain/certificate-number.ts). */
export const CERTIFICATE_NO = format('^[A-Z0-9/-]+$', 'capital letters, digits, / and -', { min: 4, max: 64 });
