// What the HTTP suites need to issue certificates through a gateway: the GRANT decision evidence a
// certificate rests on, and a valid issue body (override any field).
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { call } from './http';

export const USCC = '91350100M000100Y43';

export const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/** ISO-8601 UTC without milliseconds, the form the certificate rules expect. */
export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Anchors a CERTIFICATION_DECISION GRANT for `uscc` through `org`'s gateway; returns its evidence id. */
export async function grantDecision(org: string, key: string, ref: string, uscc = USCC): Promise<string> {
  const decision = await call(org, 'POST', '/v1/evidence', {
    key,
    body: { clientRef: ref, kind: 'CERTIFICATION_DECISION', decision: 'GRANT', subject: { uscc, auditId: `AUD-${ref}` }, digest: { alg: 'sha256', value: sha256(`decision ${ref}`) } },
  });
  expect(decision.status, JSON.stringify(decision.body)).to.equal(201);
  return (decision.body.result as { id: string }).id;
}

/** A valid issue body for certificate `no`, valid from a minute ago for a year. */
export function certificateBody(no: string, decisionId: string, label: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Date.now();
  return {
    certificateNo: no, scheme: 'QMS', standard: 'GB/T 19001-2016/ISO 9001:2015',
    organization: { name: `网关测试 ${label}`, uscc: USCC, address: '福州市鼓楼区五四路 1 号', regionCode: '350102' },
    scope: '通用机械零部件的设计和生产', scopeCodes: [17, 18], sectorCode: 'C3411',
    issuedAt: iso(now - 60_000), expiresAt: iso(now + 365 * 86_400_000), decisionEvidenceId: decisionId, ...over,
  };
}
