// Shared helpers of the evidence contract tests (evidence*.test.ts): digests, record builders, and
// the one way a refusal is checked — its error code, and a ledger exactly as it was before.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { errorOf } from '../../../support/consortium';
import type { TestNetwork } from '../../../support/invoke';
import type { TestIdentity } from '../../../support/identities';
import type { EvidenceRecord } from '../../../../chaincode/src/domain/types';

/** Valid unified social credit codes (GB 32100 check character correct). */
export const USCC_A = '91350100M000100Y43';
export const USCC_B = '91110000600037341L';
/** USCC_A with a wrong check character (position 18 must be "3"). */
export const USCC_BAD_CHECK = '91350100M000100Y44';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sm3(data: string | Uint8Array): string {
  return createHash('sm3').update(data).digest('hex');
}

/** A deterministic, distinct digest per label. */
export function digestOf(label: string): string {
  return sha256(`evidence-test:${label}`);
}

export type RecordInput = Record<string, unknown>;

/** A minimal valid anchor record: digest form, kind OTHER, subject USCC_A. */
export function recordOf(clientRef: string, over: RecordInput = {}): RecordInput {
  return {
    clientRef,
    kind: 'OTHER',
    subject: { uscc: USCC_A },
    digest: { alg: 'sha256', value: digestOf(clientRef) },
    ...over,
  };
}

export type StoredRecord = EvidenceRecord & { supersededBy?: string };

export async function anchor(net: TestNetwork, who: TestIdentity, record: RecordInput, opts: Parameters<TestNetwork['submit']>[3] = {}): Promise<StoredRecord> {
  const result = await net.submit(who, 'evidence:anchor', [JSON.stringify(record)], opts);
  return JSON.parse(result.payload) as StoredRecord;
}

export async function query<T>(net: TestNetwork, who: TestIdentity, fn: string, args: string[], opts: Parameters<TestNetwork['evaluate']>[3] = {}): Promise<T> {
  return JSON.parse((await net.evaluate(who, fn, args, opts)).payload) as T;
}

/**
 * Runs a call that must be refused: checks the error code (and, for INVALID_ARGUMENT, that the
 * message names `field` first), any message fragments, and that the ledger — state, private data,
 * block height and events — is exactly what it was before.
 */
export async function expectRefused(
  net: TestNetwork,
  call: () => Promise<unknown>,
  code: string,
  opts: { field?: string; includes?: string[] } = {},
): Promise<{ code: string; message: string }> {
  const before = net.ledger.snapshot();
  const eventsBefore = net.ledger.events();
  const outcome = await call().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) expect.fail(`expected ${code}, but the call succeeded: ${JSON.stringify(outcome.value)}`);
  const error = errorOf(outcome.error);
  expect(error.code, error.message).to.equal(code);
  if (opts.field !== undefined) expect(error.message, error.message).to.match(new RegExp(`^${escapeRegExp(opts.field)}: `));
  for (const fragment of opts.includes ?? []) expect(error.message).to.include(fragment);
  expect(net.ledger.snapshot()).to.deep.equal(before);
  expect(net.ledger.events()).to.deep.equal(eventsBefore);
  return error;
}

/** The anchor of `record` by `who` must be refused with `code` (see expectRefused). */
export function expectAnchorRefused(
  net: TestNetwork,
  who: TestIdentity,
  record: RecordInput,
  code: string,
  opts: { field?: string; includes?: string[]; transient?: Record<string, string> } = {},
): Promise<{ code: string; message: string }> {
  const { transient, ...rest } = opts;
  return expectRefused(net, () => net.submit(who, 'evidence:anchor', [JSON.stringify(record)], transient ? { transient } : {}), code, rest);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The last event on the ledger, its payload parsed. */
export function lastEvent(net: TestNetwork): { name: string; payload: Record<string, unknown>; txId: string } {
  const events = net.ledger.events();
  const last = events[events.length - 1];
  if (last === undefined) expect.fail('no event on the ledger');
  return { name: last.name, payload: JSON.parse(last.payload) as Record<string, unknown>, txId: last.txId };
}

/** A small deterministic PRNG (mulberry32), so sampled checks are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every IAF sector, 1–39. */
export const ALL_SECTORS = Array.from({ length: 39 }, (_, i) => i + 1);

/** The registerAuditor argument: an AUDITOR competent for every IAF sector unless told. */
export function auditorOf(registrationNo: string, over: RecordInput = {}): RecordInput {
  return { registrationNo, name: `审核员 ${registrationNo}`, level: 'AUDITOR', scopeCodes: ALL_SECTORS, ...over };
}

/** Registers each auditor in the register of `who`'s body. */
export async function registerAuditors(net: TestNetwork, who: TestIdentity, ...registrationNos: string[]): Promise<void> {
  for (const no of registrationNos) await net.submit(who, 'evidence:registerAuditor', [JSON.stringify(auditorOf(no))]);
}

/**
 * A recordAudit argument: a QMS audit of USCC_A on site covering IAF 18, each auditor charged
 * `manDays` (a number for all, or one per auditor).
 */
export function auditArg(auditId: string, startDate: string, endDate: string, manDays: number | number[], auditors: string[], over: RecordInput = {}): RecordInput {
  return {
    auditId, type: 'STAGE2', scheme: 'QMS', uscc: USCC_A, startDate, endDate, mode: 'ON_SITE', scopeCodes: [18],
    auditors: auditors.map((registrationNo, i) => ({ registrationNo, manDays: Array.isArray(manDays) ? manDays[i] : manDays })),
    ...over,
  };
}
