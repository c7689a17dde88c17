// The TypeBox schemas of the values every route shares, built from the formats the chaincode
// parses with (chaincode/src/api/values.ts): a route refuses a malformed value early, with the
// field named, by the very pattern the chaincode would refuse it by.
import { Type, type TLiteral, type TUnion } from 'typebox';
import { CERTIFICATE_NO, CERTIFICATE_STATUSES, EVIDENCE_ID, HASH_ALGS, HEX64, MSP_ID, RECORD_ID, SCHEMES } from '../../../chaincode/src/api/values';

/** One TLiteral per value, in order. */
type Literals<T extends readonly string[]> = T extends readonly [infer Head extends string, ...infer Rest extends readonly string[]]
  ? [TLiteral<Head>, ...Literals<Rest>]
  : [];

/** One of the values (anyOf of constants), its static type their union. */
export function literalUnion<const T extends readonly [string, ...string[]]>(values: T): TUnion<Literals<T>> {
  // map loses the tuple's element types; Literals restores them, so Static<> is the union of the values (inferred, the
  // return type would be fixed at T's constraint: a union of one string literal, whose static type is string)
  return Type.Union<Literals<T>>(values.map((value) => Type.Literal(value)) as unknown as Literals<T>);
}

/** 64 lowercase hex characters; `description` says what the digest is of. */
export const hex64 = (description = '64 lowercase hex characters') => Type.String({ pattern: HEX64.source, description });
export const Hex64 = hex64();

export const Alg = literalUnion(HASH_ALGS);
export const Digest = Type.Object({ alg: Alg, value: Hex64 }, { additionalProperties: false });

export const certificateNo = (description?: string) =>
  Type.String({ minLength: CERTIFICATE_NO.min, maxLength: CERTIFICATE_NO.max, pattern: CERTIFICATE_NO.source, ...(description !== undefined ? { description } : {}) });

export const MspId = Type.String({ minLength: 1, maxLength: MSP_ID.max, pattern: MSP_ID.source });
export const RecordId = Type.String({ minLength: 1, maxLength: RECORD_ID.max, pattern: RECORD_ID.source });
export const EvidenceId = Type.String({ minLength: 3, maxLength: EVIDENCE_ID.max, pattern: EVIDENCE_ID.source, description: '<MSP ID>:<clientRef> as evidence:anchor returned it' });

export const Scheme = literalUnion(SCHEMES);
export const CertificateStatus = literalUnion(CERTIFICATE_STATUSES);

export const ScopeCodes = Type.Array(Type.Integer({ minimum: 1, maximum: 39 }), { minItems: 1, maxItems: 39, description: 'IAF scope codes' });
export const Time = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z$', description: 'ISO-8601 UTC, e.g. 2025-03-20T00:00:00Z' });
