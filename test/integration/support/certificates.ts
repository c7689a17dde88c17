// What the suites need to issue certificates: the GRANT decision evidence a certificate rests on
// (with the recorded audit it names, support/audits.ts), and a valid issue body (override any field).
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { contractWriter, httpWriter, recordAuditFor, type AuditOptions } from './audits';
import { apiKey, call } from './http';
import { submitAs } from './network';

export const USCC = '91350100M000100Y43';

export const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/** ISO-8601 UTC without milliseconds, the form the certificate rules expect. */
export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const recorderKeys = new Map<string, string>();
function recorderKey(org: string): string {
  let key = recorderKeys.get(org);
  if (key === undefined) {
    key = apiKey(org, 'recorder1');
    recorderKeys.set(org, key);
  }
  return key;
}

/**
 * Anchors a CERTIFICATION_DECISION GRANT for `uscc` through `org`'s gateway, on a STAGE2 audit
 * `AUD-<ref>` recorded first by a fresh auditor (support/audits.ts); returns its evidence id. A
 * decision backs one certificate: call it once per certificate.
 */
export async function grantDecision(org: string, key: string, ref: string, uscc = USCC, audit: AuditOptions = {}): Promise<string> {
  const auditId = await recordAuditFor(httpWriter(org, recorderKey(org)), `AUD-${ref}`, uscc, audit);
  const decision = await call(org, 'POST', '/v1/evidence', {
    key,
    body: { clientRef: ref, kind: 'CERTIFICATION_DECISION', decision: 'GRANT', subject: { uscc, auditId }, digest: { alg: 'sha256', value: sha256(`decision ${ref}`) } },
  });
  expect(decision.status, JSON.stringify(decision.body)).to.equal(201);
  return (decision.body.result as { id: string }).id;
}

/** The same through the contracts (Fabric Gateway SDK) as `org`'s recorder1. */
export async function grantDecisionDirect(org: string, ref: string, uscc = USCC, audit: AuditOptions = {}): Promise<string> {
  const auditId = await recordAuditFor(contractWriter(org), `AUD-${ref}`, uscc, audit);
  const decision = await submitAs<{ id: string }>(org, 'recorder1', 'evidence:anchor', [JSON.stringify({
    clientRef: ref, kind: 'CERTIFICATION_DECISION', decision: 'GRANT', subject: { uscc, auditId }, digest: { alg: 'sha256', value: sha256(`decision ${ref}`) },
  })]);
  return decision.result.id;
}

/**
 * The issue time for a certificate on a decision anchored before now: this second, rounded up,
 * since issuedAt may not precede the decision (and iso() drops milliseconds).
 */
export function issueTime(): string {
  return iso(Math.ceil(Date.now() / 1000) * 1000);
}

/** A valid issue body for certificate `no`, valid from now for a year (anchor its decision first). */
export function certificateBody(no: string, decisionId: string, label: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Date.now();
  return {
    certificateNo: no, scheme: 'QMS', standard: 'GB/T 19001-2016/ISO 9001:2015',
    organization: { name: `网关测试 ${label}`, uscc: USCC, address: '福州市鼓楼区五四路 1 号', regionCode: '350102' },
    scope: '通用机械零部件的设计和生产', scopeCodes: [17, 18], sectorCode: 'C3411',
    issuedAt: issueTime(), expiresAt: iso(now + 365 * 86_400_000), decisionEvidenceId: decisionId, ...over,
  };
}
