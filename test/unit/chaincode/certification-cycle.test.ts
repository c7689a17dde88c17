// The certification cycle cannot be bypassed (issue 10 items 2 and 3): a decision rests on a
// recorded audit, a certificate on one decision, surveillance on a real, dated audit that counts
// once. Each "Found" of the issue is a test here.
import { expect } from 'chai';
import type { Certificate } from '../../../chaincode/src/domain/types';
import { newConsortium, type Consortium } from '../../support/consortium';
import { DAY, USCC_A, certificateInput, getCertificate, parsed, recordAudit, refused, registerAuditor, sha256, type CbName } from './certificate-helpers';

const ZHANG = '2019-N1QMS-1234567';

/** Records a one-auditor audit of USCC_A by ZHANG as `org`'s recorder (ZHANG registered at cb1 in beforeEach). */
async function recordAuditOf(c: Consortium, org: CbName, auditId: string, type: string, startDate: string, endDate: string, auditor = ZHANG): Promise<void> {
  await recordAudit(c, org, auditId, { type, startDate, endDate, auditors: [auditor] });
}

function decisionRecord(clientRef: string, auditId: string): Record<string, unknown> {
  return {
    clientRef, kind: 'CERTIFICATION_DECISION', decision: 'GRANT', subject: { uscc: USCC_A, auditId },
    digest: { alg: 'sha256', value: sha256(`cycle-test:${clientRef}`) },
  };
}

async function anchorGrant(c: Consortium, clientRef: string, auditId: string): Promise<string> {
  return parsed<{ id: string }>(await c.net.submit(c.orgs.cb1.recorder, 'evidence:anchor', [JSON.stringify(decisionRecord(clientRef, auditId))])).id;
}

function issueCall(c: Consortium, input: Record<string, unknown>): Promise<unknown> {
  return c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(input)]);
}

describe('the certification cycle (issue 10 items 2, 3)', () => {
  let c: Consortium;
  beforeEach(async () => {
    c = await newConsortium({ startTime: '2025-03-01T00:00:00.000Z' });
    await registerAuditor(c, 'cb1', ZHANG);
  });

  describe('a decision rests on a recorded audit and backs one certificate', () => {
    it('refuses a GRANT decision whose auditId is not a recorded audit', async () => {
      await refused(c.net, 'NOT_FOUND', () => c.net.submit(c.orgs.cb1.recorder, 'evidence:anchor', [JSON.stringify(decisionRecord('dec-ghost', 'NO-SUCH-AUDIT'))]),
        'audit NO-SUCH-AUDIT');
    });

    it('refuses to issue while a MAJOR nonconformity of the decision\'s audit is open, even one raised after the decision', async () => {
      await recordAuditOf(c, 'cb1', 'S2-1', 'STAGE2', '2025-02-10', '2025-02-12');
      const decision = await anchorGrant(c, 'dec-1', 'S2-1');
      const nc = { clientRef: 'nc-major-1', kind: 'NONCONFORMITY', severity: 'MAJOR', subject: { uscc: USCC_A, auditId: 'S2-1' }, digest: { alg: 'sha256', value: sha256('nc-major-1') } };
      await c.net.submit(c.orgs.cb1.recorder, 'evidence:anchor', [JSON.stringify(nc)]);
      await refused(c.net, 'PRECONDITION_FAILED', () => issueCall(c, certificateInput(c, 'CB1-0001', decision)), 'Cb1MSP:nc-major-1');
    });

    it('backs exactly one certificate: a second issue on the same decision is ALREADY_EXISTS naming the first', async () => {
      await recordAuditOf(c, 'cb1', 'S2-1', 'STAGE2', '2025-02-10', '2025-02-12');
      const decision = await anchorGrant(c, 'dec-1', 'S2-1');
      await issueCall(c, certificateInput(c, 'CB1-0001', decision));
      await refused(c.net, 'ALREADY_EXISTS', () => issueCall(c, certificateInput(c, 'CB1-0002', decision)), 'CB1-0001');
    });

    it('refuses an issuedAt before the decision was taken', async () => {
      await recordAuditOf(c, 'cb1', 'S2-1', 'STAGE2', '2025-02-10', '2025-02-12');
      const decision = await anchorGrant(c, 'dec-1', 'S2-1');
      c.net.advance(DAY);
      const issuedAt = c.net.now().getTime() - 2 * DAY * 1000;
      const input = certificateInput(c, 'CB1-0001', decision, {
        issuedAt: new Date(issuedAt).toISOString(), expiresAt: new Date(issuedAt + 365 * DAY * 1000).toISOString(),
      });
      await refused(c.net, 'INVALID_ARGUMENT', () => issueCall(c, input), 'certificate.issuedAt', 'before the certification decision');
    });
  });

  describe('surveillance is a real, dated audit', () => {
    it('refuses an audit dated in the future (2099)', async () => {
      const audit = {
        auditId: 'FUT-1', type: 'SURVEILLANCE', scheme: 'QMS', uscc: USCC_A, startDate: '2099-01-01', endDate: '2099-01-02', mode: 'ON_SITE', scopeCodes: [18],
        auditors: [{ registrationNo: ZHANG, manDays: 1 }],
      };
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.recorder, 'evidence:recordAudit', [JSON.stringify(audit)]), 'audit.endDate', 'future');
    });

    it('counts one audit once: the same audit is refused as next year\'s surveillance', async () => {
      await recordAuditOf(c, 'cb1', 'S2-1', 'STAGE2', '2025-02-10', '2025-02-12');
      await issueCall(c, certificateInput(c, 'CB1-0001', await anchorGrant(c, 'dec-1', 'S2-1')));
      c.net.advance(300 * DAY);
      await recordAuditOf(c, 'cb1', 'SV-1', 'SURVEILLANCE', '2025-12-01', '2025-12-02');
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:recordSurveillance', ['CB1-0001', 'SV-1', '[]']);
      c.net.advance(300 * DAY);
      await refused(c.net, 'CONFLICT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:recordSurveillance', ['CB1-0001', 'SV-1', '[]']), 'SV-1', 'CB1-0001');
    });

    it('runs the surveillance clock on the audit date, not the recording time', async () => {
      await recordAuditOf(c, 'cb1', 'S2-1', 'STAGE2', '2025-02-10', '2025-02-12');
      await issueCall(c, certificateInput(c, 'CB1-0001', await anchorGrant(c, 'dec-1', 'S2-1')));
      c.net.advance(200 * DAY);
      await recordAuditOf(c, 'cb1', 'SV-1', 'SURVEILLANCE', '2025-06-01', '2025-06-02');
      const cert = parsed<Certificate>(await c.net.submit(c.orgs.cb1.issuer, 'certificate:recordSurveillance', ['CB1-0001', 'SV-1', '[]']));
      // the end of 2 June 2025 in Asia/Shanghai
      expect(cert.lastSurveillanceAt).to.equal('2025-06-02T16:00:00.000Z');
      // 12 months after the audit (not after the recording, 107 days later) the certificate is overdue
      c.net.advance((Date.parse('2026-06-02T16:00:00.000Z') - c.net.now().getTime()) / 1000);
      const quiet = parsed<{ changed: unknown[] }>(await c.net.submit(c.orgs.cb2.reader, 'certificate:sweep', ['50', '']));
      expect(quiet.changed).to.deep.equal([]);
      c.net.advance(1);
      const swept = parsed<{ changed: { certificateNo: string; to: string }[] }>(await c.net.submit(c.orgs.cb2.reader, 'certificate:sweep', ['50', '']));
      expect(swept.changed.map((x) => [x.certificateNo, x.to])).to.deep.equal([['CB1-0001', 'SUSPENDED']]);
    });

    it('does not let a late surveillance revive an overdue certificate: it must be suspended first', async () => {
      await recordAuditOf(c, 'cb1', 'S2-1', 'STAGE2', '2025-02-10', '2025-02-12');
      await issueCall(c, certificateInput(c, 'CB1-0001', await anchorGrant(c, 'dec-1', 'S2-1')));
      c.net.advance(380 * DAY);
      await recordAuditOf(c, 'cb1', 'SV-LATE', 'SURVEILLANCE', '2026-03-10', '2026-03-11');
      await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:recordSurveillance', ['CB1-0001', 'SV-LATE', '[]']),
        'must be suspended first');
      expect((await getCertificate(c, 'CB1-0001')).status).to.equal('VALID');
    });
  });
});
