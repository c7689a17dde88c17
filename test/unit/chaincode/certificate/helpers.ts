// Shared helpers of the certificate contract tests (certificate*.test.ts): the evidence a
// certificate needs, issuing one, reading results, changing a member's status, and the one way a
// refusal is checked — its error code, and a ledger exactly as it was before.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { standardsFor } from '../../../../chaincode/src/domain/dictionaries/standards';
import { addDuration } from '../../../../chaincode/src/domain/time';
import type { Certificate, Member, MemberStatus, Scheme } from '../../../../chaincode/src/domain/types';
import { Keys } from '../../../../chaincode/src/shared/keys';
import { marshal } from '../../../../chaincode/src/shared/marshal';
import { errorOf, ORGS, type Consortium } from '../../../support/consortium';
import type { TestIdentity } from '../../../support/identities';
import type { TestNetwork } from '../../../support/invoke';

export const DAY = 86_400;

/** Valid unified social credit codes (GB 32100 check character correct). */
export const USCC_A = '91350100M000100Y43';
export const USCC_B = '91110000600037341L';
/** USCC_A with a wrong check character (position 18 must be "3"). */
export const USCC_BAD_CHECK = '91350100M000100Y44';

export type CbName = 'cb1' | 'cb2';

export function sha256(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

/** The JSON a transaction answered; the caller names its type (`parsed(result) as T`). */
export function parsed(result: { payload: string }): unknown {
  return JSON.parse(result.payload);
}

export async function query<T>(net: TestNetwork, who: TestIdentity, fn: string, args: string[]): Promise<T> {
  return parsed(await net.evaluate(who, fn, args)) as T;
}

/**
 * Runs a call that must be refused: checks the error code, any message fragments, and that the
 * ledger — state, private data and block height — is exactly what it was before.
 */
export async function refused(net: TestNetwork, code: string, call: () => Promise<unknown>, ...fragments: string[]): Promise<string> {
  const before = net.ledger.snapshot();
  let caught: unknown;
  try {
    await call();
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected a ${code} refusal, but the call succeeded`).to.be.instanceOf(Error);
  const { code: actual, message } = errorOf(caught);
  expect(actual, message).to.equal(code);
  for (const fragment of fragments) expect(message).to.include(fragment);
  expect(net.ledger.snapshot(), 'a refused call must not change the ledger').to.deep.equal(before);
  return message;
}

/** Anchors a record of `kind` as the body's recorder and returns its id. */
export async function anchorEvidence(
  c: Consortium, org: CbName | 'regulator', clientRef: string, kind = 'OTHER', subject: Record<string, string> = { uscc: USCC_A },
): Promise<string> {
  const record = { clientRef, kind, subject, digest: { alg: 'sha256', value: sha256(`certificate-test:${org}:${clientRef}`) } };
  const who = org === 'regulator' ? c.orgs.regulator.regulator : c.orgs[org].recorder;
  return (parsed(await c.net.submit(who, 'evidence:anchor', [JSON.stringify(record)])) as { id: string }).id;
}

/** The Asia/Shanghai calendar date of the network clock, `days` from now. */
export function shanghaiToday(c: Consortium, days = 0): string {
  return new Date(c.net.now().getTime() + 8 * 3600 * 1000 + days * DAY * 1000).toISOString().slice(0, 10);
}

const auditorCounters = new WeakMap<Consortium, number>();

/** Registers an ACTIVE auditor in `org`'s register (AUDITOR level, competent for IAF 1–39 unless told). */
export async function registerAuditor(
  c: Consortium, org: CbName, registrationNo: string, opts: { level?: string; scopeCodes?: number[]; name?: string } = {},
): Promise<void> {
  const auditor = {
    registrationNo, name: opts.name ?? `审核员 ${registrationNo}`, level: opts.level ?? 'AUDITOR',
    scopeCodes: opts.scopeCodes ?? Array.from({ length: 39 }, (_, i) => i + 1),
  };
  await c.net.submit(c.orgs[org].recorder, 'evidence:registerAuditor', [JSON.stringify(auditor)]);
}

/** Registers a new auditor in `org`'s register, with a registration number no other call uses. */
export async function freshAuditor(c: Consortium, org: CbName): Promise<string> {
  const n = (auditorCounters.get(c) ?? 0) + 1;
  auditorCounters.set(c, n);
  const no = `2020-N1QMS-${String(n).padStart(7, '0')}`;
  await registerAuditor(c, org, no);
  return no;
}

export interface AuditOpts {
  type?: string;
  uscc?: string;
  scheme?: string;
  certificateNo?: string;
  startDate?: string;
  endDate?: string;
  mode?: string;
  scopeCodes?: number[];
  /** registration numbers (one man-day each); a fresh auditor when absent */
  auditors?: string[];
}

/** Records an audit as `org`'s recorder: by default a one-day ON_SITE QMS STAGE2 audit of USCC_A today, by a fresh auditor. */
export async function recordAudit(c: Consortium, org: CbName, auditId: string, opts: AuditOpts = {}): Promise<void> {
  const auditors = opts.auditors ?? [await freshAuditor(c, org)];
  const audit: Record<string, unknown> = {
    auditId,
    type: opts.type ?? 'STAGE2',
    scheme: opts.scheme ?? 'QMS',
    uscc: opts.uscc ?? USCC_A,
    startDate: opts.startDate ?? opts.endDate ?? shanghaiToday(c),
    endDate: opts.endDate ?? shanghaiToday(c),
    mode: opts.mode ?? 'ON_SITE',
    scopeCodes: opts.scopeCodes ?? [17, 18],
    auditors: auditors.map((registrationNo) => ({ registrationNo, manDays: 1 })),
  };
  if (opts.certificateNo !== undefined) audit.certificateNo = opts.certificateNo;
  await c.net.submit(c.orgs[org].recorder, 'evidence:recordAudit', [JSON.stringify(audit)]);
}

/**
 * Anchors the body's CERTIFICATION_DECISION (GRANT unless told) for an organisation. A GRANT rests
 * on a recorded audit: unless `auditId` names one, a STAGE2 audit `AUDIT-<clientRef>` of the
 * organisation is recorded first (`audit` tunes it).
 */
export async function anchorDecision(
  c: Consortium, org: CbName, clientRef: string,
  opts: { uscc?: string; decision?: 'GRANT' | 'REFUSE'; auditId?: string; audit?: AuditOpts } = {},
): Promise<string> {
  const auditId = opts.auditId ?? `AUDIT-${clientRef}`;
  if (opts.auditId === undefined && (opts.decision ?? 'GRANT') === 'GRANT') {
    await recordAudit(c, org, auditId, { uscc: opts.uscc ?? USCC_A, ...opts.audit });
  }
  const record = {
    clientRef,
    kind: 'CERTIFICATION_DECISION',
    subject: { uscc: opts.uscc ?? USCC_A, auditId },
    digest: { alg: 'sha256', value: sha256(`certificate-test:decision:${org}:${clientRef}`) },
    decision: opts.decision ?? 'GRANT',
  };
  return (parsed(await c.net.submit(c.orgs[org].recorder, 'evidence:anchor', [JSON.stringify(record)])) as { id: string }).id;
}

/** The issue argument: a QMS certificate for USCC_A from now, valid 3 years (1095 days). */
export function certificateInput(c: Consortium, certificateNo: string, decisionEvidenceId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const now = c.net.now();
  return {
    certificateNo,
    scheme: 'QMS',
    standard: 'GB/T 19001-2016/ISO 9001:2015',
    organization: { name: '示例制造有限公司', uscc: USCC_A, address: '福州市鼓楼区五四路 1 号', regionCode: '350102' },
    scope: 'Design and manufacture of industrial valves',
    scopeCodes: [18, 17],
    sectorCode: 'C3443',
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 1095 * DAY * 1000).toISOString(),
    decisionEvidenceId,
    ...over,
  };
}

/** Anchors a decision and issues a certificate as the body's issuer. */
export async function issue(
  c: Consortium, org: CbName, certificateNo: string, opts: { uscc?: string; validityDays?: number; scheme?: string } = {},
): Promise<Certificate> {
  const decision = await anchorDecision(c, org, `decision-${certificateNo}`, { uscc: opts.uscc ?? USCC_A, audit: { ...(opts.scheme !== undefined ? { scheme: opts.scheme } : {}) } });
  const over: Record<string, unknown> = {};
  if (opts.uscc !== undefined) over.organization = { name: `Holder of ${certificateNo}`, uscc: opts.uscc, address: '北京市东城区', regionCode: '110101' };
  if (opts.validityDays !== undefined) over.expiresAt = new Date(c.net.now().getTime() + opts.validityDays * DAY * 1000).toISOString();
  if (opts.scheme !== undefined) {
    over.scheme = opts.scheme;
    // the basis must be a standard of that scheme (dictionaries/standards.ts)
    over.standard = standardsFor(opts.scheme as Scheme)[0] ?? 'GB 4706.1-2005';
  }
  const input = certificateInput(c, certificateNo, decision, over);
  return (parsed(await c.net.submit(c.orgs[org].issuer, 'certificate:issue', [JSON.stringify(input)])) as { certificate: Certificate }).certificate;
}

export async function getCertificate(c: Consortium, certificateNo: string): Promise<Certificate> {
  return query<Certificate>(c.net, c.orgs.cb1.reader, 'certificate:get', [certificateNo]);
}

/** The network clock moved by an ISO-8601 duration on the Asia/Shanghai calendar (e.g. P6M). */
export function inPeriod(c: Consortium, duration: string): string {
  return addDuration(c.net.now().toISOString(), duration);
}

/** ISO time `days` from the network clock. */
export function inDays(c: Consortium, days: number): string {
  return new Date(c.net.now().getTime() + days * DAY * 1000).toISOString();
}

/**
 * Sets a member's status by a transaction committed straight on the ledger. The membership
 * contract's expulsion and exit are being built separately; until they exist this is how a test
 * puts a member in the state they would leave it in. It is a real committed transaction (fabric-
 * shim's stub, write set, block, history), written with the chaincode's own serialization —
 * nothing edits the ledger's state behind its back.
 */
export async function setMemberStatus(c: Consortium, org: keyof typeof ORGS, status: MemberStatus): Promise<void> {
  const tx = await c.net.ledger.beginTransaction({ creator: c.orgs.regulator.admin, timestamp: c.net.now() });
  const key = tx.stub.createCompositeKey(Keys.member, [ORGS[org].mspId]);
  const member = JSON.parse(Buffer.from(await tx.stub.getState(key)).toString('utf8')) as Member;
  const now = c.net.now().toISOString();
  const updated: Member = { ...member, status, statusSince: now, ...(status === 'EXPELLED' || status === 'EXITED' ? { leftAt: now } : {}) };
  await tx.stub.putState(key, marshal(updated));
  tx.commit();
}
