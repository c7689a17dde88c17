// The certification cycle cannot be bypassed (docs/contracts.md §2.3, §3.4): a decision rests on a
// recorded audit, a certificate on one decision, surveillance on a real, dated audit that counts
// once. Each "Found" test is a way round the cycle that is refused.
import { expect } from 'chai';
import { addDuration, secondsBetween } from '../../../../chaincode/src/domain/time';
import type { Certificate } from '../../../../chaincode/src/domain/types';
import { newConsortium, type Consortium } from '../../../support/consortium';
import {
  DAY, USCC_A, anchorDecision, anchorEvidence, certificateInput, getCertificate, parsed, query, recordAudit, refused, registerAuditor, sha256, type CbName,
} from './helpers';

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
  return (parsed(await c.net.submit(c.orgs.cb1.recorder, 'evidence:anchor', [JSON.stringify(decisionRecord(clientRef, auditId))])) as { id: string }).id;
}

function issueCall(c: Consortium, input: Record<string, unknown>): Promise<unknown> {
  return c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(input)]);
}

describe('the certification cycle cannot be bypassed', () => {
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
      const cert = parsed(await c.net.submit(c.orgs.cb1.issuer, 'certificate:recordSurveillance', ['CB1-0001', 'SV-1', '[]'])) as Certificate;
      // the end of 2 June 2025 in Asia/Shanghai
      expect(cert.lastSurveillanceAt).to.equal('2025-06-02T16:00:00.000Z');
      // 12 months after the audit (not after the recording, 107 days later) the certificate is overdue
      c.net.advance((Date.parse('2026-06-02T16:00:00.000Z') - c.net.now().getTime()) / 1000);
      const quiet = parsed(await c.net.submit(c.orgs.cb2.reader, 'certificate:sweep', ['50', ''])) as { changed: unknown[] };
      expect(quiet.changed).to.deep.equal([]);
      c.net.advance(1);
      const swept = parsed(await c.net.submit(c.orgs.cb2.reader, 'certificate:sweep', ['50', ''])) as { changed: { certificateNo: string; to: string }[] };
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

  describe('what issue checks on the decision\'s audit', () => {
    it('refuses an audit of another scheme, one not covering the certificate\'s sectors, or of another certificate number', async () => {
      const ems = await anchorDecision(c, 'cb1', 'dec-ems', { audit: { scheme: 'EMS' } });
      await refused(c.net, 'PRECONDITION_FAILED', () => issueCall(c, certificateInput(c, 'CB1-0001', ems)), 'EMS audit', 'is QMS');
      const narrow = await anchorDecision(c, 'cb1', 'dec-narrow', { audit: { scopeCodes: [18] } });
      await refused(c.net, 'PRECONDITION_FAILED', () => issueCall(c, certificateInput(c, 'CB1-0001', narrow)), 'IAF sector 17', 'not covered');
      const numbered = await anchorDecision(c, 'cb1', 'dec-no', { audit: { certificateNo: 'CB1-0777' } });
      await refused(c.net, 'PRECONDITION_FAILED', () => issueCall(c, certificateInput(c, 'CB1-0001', numbered)), 'of certificate CB1-0777');
      await issueCall(c, certificateInput(c, 'CB1-0777', numbered));
    });

    it('issues on a TRANSFER audit (a transfer from outside the consortium) and links the audit\'s use', async () => {
      const decision = await anchorDecision(c, 'cb1', 'dec-tr', { audit: { type: 'TRANSFER' } });
      await issueCall(c, certificateInput(c, 'CB1-0001', decision));
      // the audit has counted: no other decision may rest on it
      await refused(c.net, 'CONFLICT', () => anchorGrant(c, 'dec-tr-2', 'AUDIT-dec-tr'), 'already counts for certificate CB1-0001');
    });

    it('refuses to issue on a RECERTIFICATION audit: that bypassed recertify (its surveillances, on site, before expiry)', async () => {
      await issueCall(c, certificateInput(c, 'CB1-0001', await anchorDecision(c, 'cb1', 'dec-1')));
      const decision = await anchorDecision(c, 'cb1', 'dec-rc', { audit: { type: 'RECERTIFICATION', mode: 'REMOTE' } });
      await refused(c.net, 'PRECONDITION_FAILED', () => issueCall(c, certificateInput(c, 'CB1-0002', decision)), 'RECERTIFICATION');
    });

    it('refuses a new number on a TRANSFER audit of a certificate the consortium holds (that one moves with transfer)', async () => {
      await issueCall(c, certificateInput(c, 'CB1-0001', await anchorDecision(c, 'cb1', 'dec-1')));
      const decision = await anchorDecision(c, 'cb2', 'dec-tr-live', { audit: { type: 'TRANSFER', certificateNo: 'CB1-0001' } });
      const input = certificateInput(c, 'CB2-0001', decision);
      await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:issue', [JSON.stringify(input)]), 'is of certificate CB1-0001, not CB2-0001');
    });

    it('refuses a second certificate on a corrected decision, whose correction is still accepted', async () => {
      const decision = await anchorDecision(c, 'cb1', 'dec-1');
      await issueCall(c, certificateInput(c, 'CB1-0001', decision));
      const correction = { ...decisionRecord('dec-1-v2', 'AUDIT-dec-1'), supersedes: decision };
      const corrected = (parsed(await c.net.submit(c.orgs.cb1.recorder, 'evidence:anchor', [JSON.stringify(correction)])) as { id: string }).id;
      await refused(c.net, 'ALREADY_EXISTS', () => issueCall(c, certificateInput(c, 'CB1-0002', corrected)), 'CB1-0001', 'exactly one certificate');
    });

    it('counts only the audit body\'s MAJOR nonconformities at issue, and issues once they are closed', async () => {
      const decision = await anchorDecision(c, 'cb1', 'dec-1');
      const nc = { clientRef: 'nc-1', kind: 'NONCONFORMITY', severity: 'MAJOR', subject: { uscc: USCC_A, auditId: 'AUDIT-dec-1' }, digest: { alg: 'sha256', value: sha256('nc-1') } };
      await c.net.submit(c.orgs.cb1.recorder, 'evidence:anchor', [JSON.stringify(nc)]);
      // another body's MAJOR under the same audit id does not block (only cb1 could close its own)
      await c.net.submit(c.orgs.cb2.recorder, 'evidence:anchor', [JSON.stringify({ ...nc, clientRef: 'nc-cb2' })]);
      await refused(c.net, 'PRECONDITION_FAILED', () => issueCall(c, certificateInput(c, 'CB1-0001', decision)), 'Cb1MSP:nc-1');
      const ca = { clientRef: 'ca-1', kind: 'CORRECTIVE_ACTION', closes: 'Cb1MSP:nc-1', subject: { uscc: USCC_A }, digest: { alg: 'sha256', value: sha256('ca-1') } };
      await c.net.submit(c.orgs.cb1.recorder, 'evidence:anchor', [JSON.stringify(ca)]);
      await issueCall(c, certificateInput(c, 'CB1-0001', decision));
    });
  });

  describe('surveillance after a deadline, and its order', () => {
    it('records the late audit on the suspended certificate, which is then restored with its clock on the late audit', async () => {
      await issueCall(c, certificateInput(c, 'CB1-0001', await anchorDecision(c, 'cb1', 'dec-1')));
      c.net.advance(380 * DAY);
      await c.net.submit(c.orgs.cb2.reader, 'certificate:sweep', ['50', '']);
      expect((await getCertificate(c, 'CB1-0001'))).to.include({ status: 'SUSPENDED', statusReason: 'SURVEILLANCE_OVERDUE' });
      await recordAuditOf(c, 'cb1', 'SV-LATE', 'SURVEILLANCE', '2026-03-10', '2026-03-11');
      const surveilled = parsed(await c.net.submit(c.orgs.cb1.issuer, 'certificate:recordSurveillance', ['CB1-0001', 'SV-LATE', '[]'])) as Certificate;
      expect(surveilled).to.include({ status: 'SUSPENDED', lastSurveillanceAt: '2026-03-11T16:00:00.000Z' });
      const report = await anchorEvidence(c, 'cb1', 'sv-late-report', 'SURVEILLANCE');
      const restored = parsed(await c.net.submit(c.orgs.cb1.issuer, 'certificate:restore', ['CB1-0001', JSON.stringify([report])])) as Certificate;
      expect(restored.status).to.equal('VALID');
      // nothing is due until 12 months after the late audit
      c.net.advance((Date.parse('2027-03-11T16:00:00.000Z') - c.net.now().getTime()) / 1000);
      expect((parsed(await c.net.submit(c.orgs.cb2.reader, 'certificate:sweep', ['50', ''])) as { changed: unknown[] }).changed).to.deep.equal([]);
    });

    it('refuses an audit that began before the cycle, or not after the last surveillance', async () => {
      await recordAuditOf(c, 'cb1', 'SV-OLD', 'SURVEILLANCE', '2025-02-01', '2025-02-01');
      await issueCall(c, certificateInput(c, 'CB1-0001', await anchorDecision(c, 'cb1', 'dec-1')));
      c.net.advance(200 * DAY);
      await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:recordSurveillance', ['CB1-0001', 'SV-OLD', '[]']), 'before the cycle');
      await recordAuditOf(c, 'cb1', 'SV-1', 'SURVEILLANCE', '2025-09-01', '2025-09-03');
      await recordAuditOf(c, 'cb1', 'SV-EARLIER', 'SURVEILLANCE', '2025-08-01', '2025-08-01');
      await registerAuditor(c, 'cb1', '2020-N1QMS-0000777');
      await recordAuditOf(c, 'cb1', 'SV-SAME-DAY', 'SURVEILLANCE', '2025-09-03', '2025-09-03', '2020-N1QMS-0000777');
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:recordSurveillance', ['CB1-0001', 'SV-1', '[]']);
      await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:recordSurveillance', ['CB1-0001', 'SV-EARLIER', '[]']), 'not after the last surveillance SV-1');
      await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:recordSurveillance', ['CB1-0001', 'SV-SAME-DAY', '[]']), 'ended (2025-09-03)');
    });
  });

  describe('recertification renews a certificate into a new cycle', () => {
    // issued 2025-03-01, valid until 2028-02-29; surveillance in each of the two years, then the recertification audit
    async function cycleWithSurveillances(): Promise<void> {
      await issueCall(c, certificateInput(c, 'CB1-0001', await anchorDecision(c, 'cb1', 'dec-1')));
      const dates = [['2025-12-20', 300], ['2026-11-15', 330]] as const;
      for (const [date, days] of dates) {
        c.net.advance(days * DAY);
        await recordAuditOf(c, 'cb1', `SV-${date}`, 'SURVEILLANCE', date, date);
        await c.net.submit(c.orgs.cb1.issuer, 'certificate:recordSurveillance', ['CB1-0001', `SV-${date}`, '[]']);
      }
      c.net.advance((Date.parse('2027-11-06T00:00:00.000Z') - c.net.now().getTime()) / 1000);
    }
    const recertDecision = (ref: string, audit: Record<string, unknown> = {}): Promise<string> =>
      anchorDecision(c, 'cb1', ref, { audit: { type: 'RECERTIFICATION', certificateNo: 'CB1-0001', startDate: '2027-11-01', endDate: '2027-11-03', ...audit } });
    const recertify = (decision: string, expiresAt: string, newNo = ''): Promise<{ payload: string; event?: { name: string; payload: string } }> =>
      c.net.submit(c.orgs.cb1.issuer, 'certificate:recertify', ['CB1-0001', decision, expiresAt, newNo]);
    const OLD_EXPIRY = '2028-02-29T00:00:00.000Z';
    const NEW_EXPIRY = '2031-02-28T00:00:00.000Z';

    it('is refused while the body may not issue (its right to issue suspended by the regulator), and takes a new number only with the body\'s CB code', async () => {
      await cycleWithSurveillances();
      const decision = await recertDecision('rc-dec');
      await c.net.submit(c.orgs.regulator.regulator, 'membership:suspendIssuing', ['Cb1MSP', 'CB01', '']);
      await refused(c.net, 'FORBIDDEN', () => recertify(decision, NEW_EXPIRY), 'Cb1MSP');
      await c.net.submit(c.orgs.regulator.regulator, 'membership:reinstateIssuing', ['Cb1MSP', 'the measure is lifted']);
      // cb2's approval number is CNCA-R-2003-034: a number in the CNCA convention with 034 is not cb1's
      await refused(c.net, 'INVALID_ARGUMENT', () => recertify(decision, NEW_EXPIRY, '03425Q10001R1M'), 'newCertificateNo');
      await recertify(decision, NEW_EXPIRY);
    });

    it('keeps the number: cycle 1, issued now, the expiry based on the old one, previousCycle linked, surveillance afresh', async () => {
      await cycleWithSurveillances();
      const before = await getCertificate(c, 'CB1-0001');
      expect(before.expiresAt).to.equal(OLD_EXPIRY);
      const decision = await recertDecision('rc-dec');
      const result = await recertify(decision, NEW_EXPIRY);
      const { certificate } = parsed(result) as { certificate: Certificate };
      const now = c.net.now().toISOString();
      expect(certificate).to.deep.include({
        certificateNo: 'CB1-0001', status: 'VALID', statusReason: 'RECERTIFIED', statusSince: now, issuedAt: now, expiresAt: NEW_EXPIRY, cycle: 1, surveillances: [],
        previousCycle: { certificateNo: 'CB1-0001', cycle: 0, issuedAt: before.issuedAt, expiresAt: OLD_EXPIRY, surveillances: 2 },
      });
      expect(certificate.lastSurveillanceAt).to.equal(undefined);
      expect(certificate.evidenceIds).to.deep.equal([...before.evidenceIds, decision]);
      expect(result.event?.name).to.equal('CertificateRecertified');
      expect(JSON.parse(result.event?.payload ?? '{}')).to.deep.include({ certificateNo: 'CB1-0001', previousCertificateNo: 'CB1-0001', cycle: 1, expiresAt: NEW_EXPIRY });
      expect(await getCertificate(c, 'CB1-0001')).to.deep.equal(certificate);
      // the first surveillance of the new cycle is due 12 calendar months after its issue
      c.net.advance(secondsBetween(now, addDuration(now, 'P12M')));
      expect((parsed(await c.net.submit(c.orgs.cb2.reader, 'certificate:sweep', ['50', ''])) as { changed: unknown[] }).changed).to.deep.equal([]);
      c.net.advance(1);
      expect((parsed(await c.net.submit(c.orgs.cb2.reader, 'certificate:sweep', ['50', ''])) as { changed: unknown[] }).changed).to.have.length(1);
    });

    it('with a new number: a new record continues the cycle, the old one is CANCELLED (RECERTIFIED)', async () => {
      await cycleWithSurveillances();
      const decision = await recertDecision('rc-dec');
      const { certificate, previous } = parsed(await recertify(decision, NEW_EXPIRY, 'CB1-0001R1')) as { certificate: Certificate; previous: Certificate };
      expect(certificate).to.deep.include({ certificateNo: 'CB1-0001R1', status: 'VALID', cycle: 1, evidenceIds: [decision], scopeHistory: [] });
      expect(certificate.previousCycle).to.include({ certificateNo: 'CB1-0001', cycle: 0 });
      expect(previous).to.include({ certificateNo: 'CB1-0001', status: 'CANCELLED', statusReason: 'RECERTIFIED: renewed as CB1-0001R1 (cycle 1)' });
      const byOrg = await query<{ items: Certificate[] }>(c.net, c.orgs.cb2.reader, 'certificate:listByOrganization', [USCC_A, '10', '']);
      expect(byOrg.items.map((x) => [x.certificateNo, x.status])).to.deep.equal([['CB1-0001', 'CANCELLED'], ['CB1-0001R1', 'VALID']]);
    });

    it('refuses a cycle with fewer surveillances than the charter asks, and accepts it when the charter asks fewer', async () => {
      await issueCall(c, certificateInput(c, 'CB1-0001', await anchorDecision(c, 'cb1', 'dec-1')));
      c.net.advance(300 * DAY);
      await recordAuditOf(c, 'cb1', 'SV-1', 'SURVEILLANCE', '2025-12-20', '2025-12-20');
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:recordSurveillance', ['CB1-0001', 'SV-1', '[]']);
      c.net.advance(20 * DAY);
      const decision = await anchorDecision(c, 'cb1', 'rc-dec', { audit: { type: 'RECERTIFICATION', startDate: '2026-01-10', endDate: '2026-01-12' } });
      await refused(c.net, 'PRECONDITION_FAILED', () => recertify(decision, NEW_EXPIRY), 'had 1 surveillance audit', 'requires 2', '5.4.1.4');

      const d = await newConsortium({ startTime: '2025-03-01T00:00:00.000Z', charter: { minSurveillancesPerCycle: 0 } });
      await d.net.submit(d.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(certificateInput(d, 'CB1-0001', await anchorDecision(d, 'cb1', 'dec-1')))]);
      d.net.advance(30 * DAY);
      const early = await anchorDecision(d, 'cb1', 'rc-dec', { audit: { type: 'RECERTIFICATION' } });
      await d.net.submit(d.orgs.cb1.issuer, 'certificate:recertify', ['CB1-0001', early, NEW_EXPIRY, '']);
    });

    it('refuses a remote audit, a STAGE2 audit, another certificate\'s audit, an open MAJOR, a used decision', async () => {
      await cycleWithSurveillances();
      const remote = await recertDecision('rc-remote', { mode: 'REMOTE' });
      await refused(c.net, 'PRECONDITION_FAILED', () => recertify(remote, NEW_EXPIRY), 'REMOTE', 'on site', '5.8.2');
      const other = await recertDecision('rc-other', { certificateNo: 'CB1-0999' });
      await refused(c.net, 'PRECONDITION_FAILED', () => recertify(other, NEW_EXPIRY), 'of certificate CB1-0999');
      const stage2 = await anchorDecision(c, 'cb1', 'rc-stage2');
      await refused(c.net, 'PRECONDITION_FAILED', () => recertify(stage2, NEW_EXPIRY), 'a STAGE2 audit', 'RECERTIFICATION');
      const held = await recertDecision('rc-held');
      const nc = { clientRef: 'nc-rc', kind: 'NONCONFORMITY', severity: 'MAJOR', subject: { uscc: USCC_A, auditId: 'AUDIT-rc-held' }, digest: { alg: 'sha256', value: sha256('nc-rc') } };
      await c.net.submit(c.orgs.cb1.recorder, 'evidence:anchor', [JSON.stringify(nc)]);
      await refused(c.net, 'PRECONDITION_FAILED', () => recertify(held, NEW_EXPIRY), 'Cb1MSP:nc-rc');
      const good = await recertDecision('rc-good');
      await recertify(good, NEW_EXPIRY);
      await refused(c.net, 'ALREADY_EXISTS', () => recertify(good, '2031-06-01T00:00:00.000Z'), 'exactly one certificate');
    });

    it('refuses a new expiry not after the current one or more than the maximum validity after it, a taken number, and bad arguments', async () => {
      await cycleWithSurveillances();
      const decision = await recertDecision('rc-dec');
      await refused(c.net, 'INVALID_ARGUMENT', () => recertify(decision, OLD_EXPIRY), 'expiresAt', 'after the current expiry');
      // 29 February 2028 + P3Y is 28 February 2031 on the calendar (the end of month clamps, §1.7)
      await refused(c.net, 'INVALID_ARGUMENT', () => recertify(decision, '2031-02-28T00:00:00.001Z'), 'expiresAt', 'at most P3Y');
      await refused(c.net, 'INVALID_ARGUMENT', () => recertify(decision, 'soon'), 'newExpiresAt');
      await refused(c.net, 'INVALID_ARGUMENT', () => recertify(decision, NEW_EXPIRY, 'CB1-0001'), 'newCertificateNo');
      await refused(c.net, 'INVALID_ARGUMENT', () => recertify('not an id', NEW_EXPIRY), 'decisionEvidenceId');
      await issueCall(c, certificateInput(c, 'CB1-TAKEN', await anchorDecision(c, 'cb1', 'dec-taken')));
      await refused(c.net, 'ALREADY_EXISTS', () => recertify(decision, NEW_EXPIRY, 'CB1-TAKEN'), 'CB1-TAKEN');
      // exactly the maximum after the current expiry is fine
      await recertify(decision, NEW_EXPIRY);
    });

    it('is the issuer\'s, on a VALID certificate before it expires', async () => {
      await cycleWithSurveillances();
      const decision = await recertDecision('rc-dec');
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:recertify', ['CB1-0001', decision, NEW_EXPIRY, '']), 'was issued by Cb1MSP');
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.recorder, 'certificate:recertify', ['CB1-0001', decision, NEW_EXPIRY, '']));
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', '0116 主动请求暂停', new Date(c.net.now().getTime() + 10 * DAY * 1000).toISOString()]);
      await refused(c.net, 'CONFLICT', () => recertify(decision, NEW_EXPIRY), 'is SUSPENDED');
      c.net.advance(9 * DAY);
      const report = await anchorEvidence(c, 'cb1', 'resume', 'OTHER');
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:restore', ['CB1-0001', JSON.stringify([report])]);
      c.net.advance((Date.parse(OLD_EXPIRY) - c.net.now().getTime()) / 1000);
      await refused(c.net, 'PRECONDITION_FAILED', () => recertify(decision, NEW_EXPIRY), 'before expiry', '5.8.2');
    });
  });
});
