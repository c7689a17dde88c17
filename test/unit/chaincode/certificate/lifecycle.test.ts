// The certificate contract on the harness: issue, the §5.3 lifecycle, who may change what, the
// sweep's time rules, and verification now and at a past moment. Every refusal is checked for its
// code and for a ledger left exactly as it was.
import { expect } from 'chai';
import type { Certificate } from '../../../../chaincode/src/domain/types';
import { newConsortium, type Consortium } from '../../../support/consortium';
import {
  DAY, USCC_A, USCC_B, USCC_BAD_CHECK, anchorDecision, anchorEvidence, certificateInput, getCertificate, inDays, inPeriod, issue,
  parsed, query, recordAudit, refused, setMemberStatus, type AuditOpts,
} from './helpers';

describe('certificate contract', () => {
  describe('issue', () => {
    let c: Consortium;
    let decision: string;
    beforeEach(async () => {
      c = await newConsortium();
      decision = await anchorDecision(c, 'cb1', 'dec-1');
    });

    it('issues a VALID certificate on a granting decision of the issuer, indexed by organisation and issuer', async () => {
      const input = certificateInput(c, '00125Q31234R0M', decision);
      const result = await c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(input)]);
      const { certificate, warnings } = parsed(result) as { certificate: Certificate; warnings: string[] };
      expect(certificate).to.include({
        certificateNo: '00125Q31234R0M', issuer: 'Cb1MSP', status: 'VALID', statusReason: 'ISSUED', sectorCode: '3443',
      });
      expect(certificate.scopeCodes, 'sorted').to.deep.equal([17, 18]);
      expect(certificate.evidenceIds).to.deep.equal([decision]);
      // a soft check, not an error: the sector is checked only to its division
      expect(warnings).to.deep.equal(['certificate.sectorCode: not checked below the division (大类)']);
      expect(result.event?.name).to.equal('CertificateIssued');
      expect(JSON.parse(result.event?.payload ?? '{}')).to.deep.include({ certificateNo: '00125Q31234R0M', issuer: 'Cb1MSP', uscc: USCC_A });

      expect(await getCertificate(c, '00125Q31234R0M')).to.deep.equal(certificate);
      const byOrg = await query<{ items: Certificate[] }>(c.net, c.orgs.cb2.reader, 'certificate:listByOrganization', [USCC_A, '10', '']);
      expect(byOrg.items.map((x) => x.certificateNo)).to.deep.equal(['00125Q31234R0M']);
      const byIssuer = await query<{ items: Certificate[] }>(c.net, c.orgs.cb2.reader, 'certificate:listByIssuer', ['Cb1MSP', '10', '']);
      expect(byIssuer.items.map((x) => x.certificateNo)).to.deep.equal(['00125Q31234R0M']);
    });

    it('refuses a USCC with a wrong check character, naming the right one', async () => {
      const input = certificateInput(c, 'CB1-0001', decision, {
        organization: { name: 'X', uscc: USCC_BAD_CHECK, address: 'Y', regionCode: '350102' },
      });
      const message = await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(input)]));
      expect(message).to.match(/^certificate\.organization\.uscc: check character .* must be "3"/);
    });

    it('refuses a region code that is not in the dictionary', async () => {
      const input = certificateInput(c, 'CB1-0001', decision, {
        organization: { name: 'X', uscc: USCC_A, address: 'Y', regionCode: '999999' },
      });
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(input)]),
        'certificate.organization.regionCode', '999999');
    });

    it('refuses an unknown IAF sector, an unknown economic sector and a lowercase number', async () => {
      for (const [over, field] of [
        [{ scopeCodes: [40] }, 'certificate.scopeCodes[0]'],
        [{ sectorCode: 'C98' }, 'certificate.sectorCode'],
        [{ certificateNo: 'cb1-0001' }, 'certificate.certificateNo'],
      ] as const) {
        const input = certificateInput(c, 'CB1-0001', decision, over);
        await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(input)]), field);
      }
    });

    it('refuses a management-system certificate valid for more than 3 years', async () => {
      const input = certificateInput(c, 'CB1-0001', decision, { expiresAt: inDays(c, 1097) });
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(input)]),
        'certificate.expiresAt', 'at most P3Y');
    });

    it('refuses without a decision record, with another body\'s decision, a REFUSE decision or one for another organisation', async () => {
      const cb2Decision = await anchorDecision(c, 'cb2', 'dec-cb2');
      const refusal = await anchorDecision(c, 'cb1', 'dec-refused', { decision: 'REFUSE' });
      const otherOrg = await anchorDecision(c, 'cb1', 'dec-other', { uscc: USCC_B });
      const notADecision = await anchorEvidence(c, 'cb1', 'report-1', 'AUDIT_REPORT');
      const cases: [string, string][] = [
        ['Cb1MSP:no-such-record', 'no CERTIFICATION_DECISION record is linked'],
        [cb2Decision, 'was recorded by Cb2MSP'],
        [refusal, 'is REFUSE'],
        [otherOrg, `is about ${USCC_B}`],
        [notADecision, 'is a AUDIT_REPORT record'],
      ];
      for (const [id, fragment] of cases) {
        const input = certificateInput(c, 'CB1-0001', id);
        await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(input)]), fragment);
      }
    });

    it('refuses a decision that a later record corrected, and accepts the correcting one', async () => {
      const correction = {
        clientRef: 'dec-1-corrected', kind: 'CERTIFICATION_DECISION', subject: { uscc: USCC_A, auditId: 'AUDIT-dec-1' },
        digest: { alg: 'sha256', value: 'ab'.repeat(32) }, decision: 'GRANT', supersedes: decision,
      };
      const corrected = (parsed(await c.net.submit(c.orgs.cb1.recorder, 'evidence:anchor', [JSON.stringify(correction)])) as { id: string }).id;
      await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(certificateInput(c, 'CB1-0001', decision))]),
        `was corrected by ${corrected}`);
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(certificateInput(c, 'CB1-0001', corrected))]);
    });

    it('refuses a number already in use, by any body', async () => {
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(certificateInput(c, 'CB1-0001', decision))]);
      await refused(c.net, 'ALREADY_EXISTS', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(certificateInput(c, 'CB1-0001', decision))]));
      const cb2Decision = await anchorDecision(c, 'cb2', 'dec-cb2');
      await refused(c.net, 'ALREADY_EXISTS', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:issue', [JSON.stringify(certificateInput(c, 'CB1-0001', cb2Decision))]));
    });

    it('refuses a linked evidence record that was never anchored', async () => {
      const input = certificateInput(c, 'CB1-0001', decision, { evidenceIds: ['Cb1MSP:missing-report'] });
      await refused(c.net, 'NOT_FOUND', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(input)]),
        'evidence Cb1MSP:missing-report named in certificate.evidenceIds[0]');
    });

    it('refuses callers who are not an issuer user of a certification body', async () => {
      const input = JSON.stringify(certificateInput(c, 'CB1-0001', decision));
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.reader, 'certificate:issue', [input]), 'certledger.role issuer');
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.recorder, 'certificate:issue', [input]));
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.norole, 'certificate:issue', [input]));
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.regulator.issuer, 'certificate:issue', [input]), 'CERTIFICATION_BODY');
    });
  });

  describe('lifecycle', () => {
    let c: Consortium;
    beforeEach(async () => {
      c = await newConsortium();
      await issue(c, 'cb1', 'CB1-0001');
    });

    it('suspends, restores with the resolving evidence and withdraws, one status event each', async () => {
      const until = inDays(c, 90);
      const suspended = await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', '0111 体系持续不满足认证要求', until]);
      expect(parsed(suspended)).to.include({ status: 'SUSPENDED', statusReason: '0111 体系持续不满足认证要求', suspendedUntil: until });
      expect(suspended.event?.name).to.equal('CertificateStatusChanged');
      expect(JSON.parse(suspended.event?.payload ?? '{}')).to.include({ certificateNo: 'CB1-0001', from: 'VALID', to: 'SUSPENDED' });

      c.net.advance(10 * DAY);
      const corrective = await anchorEvidence(c, 'cb1', 'special-audit-1', 'AUDIT_REPORT');
      const restored = await c.net.submit(c.orgs.cb1.issuer, 'certificate:restore', ['CB1-0001', JSON.stringify([corrective])]);
      const restoredCert = parsed(restored) as Certificate;
      expect(restoredCert).to.include({ status: 'VALID', statusReason: 'RESTORED' });
      expect(restoredCert.suspendedUntil).to.equal(undefined);
      expect(restoredCert.evidenceIds).to.include(corrective);
      expect(JSON.parse(restored.event?.payload ?? '{}')).to.include({ from: 'SUSPENDED', to: 'VALID' });

      const withdrawn = await c.net.submit(c.orgs.cb1.issuer, 'certificate:withdraw', ['CB1-0001', '0112 拒绝配合监督检查']);
      expect(parsed(withdrawn)).to.include({ status: 'WITHDRAWN' });
      expect(JSON.parse(withdrawn.event?.payload ?? '{}')).to.include({ from: 'VALID', to: 'WITHDRAWN' });
      // terminal
      await refused(c.net, 'CONFLICT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:withdraw', ['CB1-0001', 'again']), 'is WITHDRAWN');
      await refused(c.net, 'CONFLICT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', 'x', inDays(c, 10)]));
    });

    it('refuses a suspension beyond the charter maximum, without a reason, or of a suspended certificate', async () => {
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', 'r', inDays(c, 184)]), 'suspendedUntil');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', '   ', inDays(c, 30)]), 'reason');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', 'r', 'next week']), 'suspendedUntil');
      await refused(c.net, 'NOT_FOUND', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-9999', 'r', inDays(c, 30)]), 'certificate CB1-9999');
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', 'r', inDays(c, 30)]);
      await refused(c.net, 'CONFLICT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', 'r', inDays(c, 30)]), 'is SUSPENDED');
    });

    it('refuses a restore of a VALID certificate, without evidence, with unanchored evidence, or after suspendedUntil', async () => {
      const evidence = await anchorEvidence(c, 'cb1', 'special-audit-1', 'AUDIT_REPORT');
      await refused(c.net, 'CONFLICT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:restore', ['CB1-0001', JSON.stringify([evidence])]));
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', 'r', inDays(c, 30)]);
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:restore', ['CB1-0001', '[]']), 'evidenceIds');
      await refused(c.net, 'NOT_FOUND', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:restore', ['CB1-0001', '["Cb1MSP:nothing"]']), 'Cb1MSP:nothing');
      c.net.advance(31 * DAY);
      await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:restore', ['CB1-0001', JSON.stringify([evidence])]), 'withdrawn (0115)');
    });

    it('cancels at the holder\'s request; TRANSFERRED by hand needs a note naming the accepting body', async () => {
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:cancel', ['CB1-0001', 'TRANSFERRED', '']), 'note');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:cancel', ['CB1-0001', 'BORED', '']), 'reason');
      const result = await c.net.submit(c.orgs.cb1.issuer, 'certificate:cancel', ['CB1-0001', 'HOLDER_REQUEST', '0204 申请注销']);
      expect(parsed(result)).to.include({ status: 'CANCELLED', statusReason: 'HOLDER_REQUEST: 0204 申请注销' });
      expect(JSON.parse(result.event?.payload ?? '{}')).to.include({ from: 'VALID', to: 'CANCELLED' });
      await refused(c.net, 'CONFLICT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:cancel', ['CB1-0001', 'HOLDER_REQUEST', '']));
    });

    it('expires only once expiresAt has passed', async () => {
      await issue(c, 'cb1', 'CB1-0002', { validityDays: 30 });
      await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:expire', ['CB1-0002']), 'valid until');
      c.net.advance(30 * DAY);
      // from its expiry on, a certificate can only expire: no late suspension
      await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0002', 'r', inDays(c, 10)]), 'expire it instead');
      const result = await c.net.submit(c.orgs.cb1.issuer, 'certificate:expire', ['CB1-0002']);
      expect(parsed(result)).to.include({ status: 'EXPIRED', statusReason: 'VALIDITY_ENDED' });
      expect(JSON.parse(result.event?.payload ?? '{}')).to.include({ from: 'VALID', to: 'EXPIRED' });
      await refused(c.net, 'CONFLICT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:expire', ['CB1-0002']));
    });

    it('records a surveillance audit of the issuer for the holder, restarting the surveillance clock from the audit\'s date', async () => {
      c.net.advance(200 * DAY);
      const audit = (auditId: string, org: 'cb1' | 'cb2', over: AuditOpts = {}): Promise<void> =>
        recordAudit(c, org, auditId, { type: 'SURVEILLANCE', certificateNo: 'CB1-0001', startDate: '2025-06-01', endDate: '2025-06-02', ...over });
      await audit('SV-1', 'cb1');
      await audit('SV-OTHER', 'cb1', { uscc: USCC_B, certificateNo: 'CB1-0099' });
      await audit('S2-1', 'cb1', { type: 'STAGE2' });
      await audit('RC-1', 'cb1', { type: 'RECERTIFICATION' });
      await audit('SV-EMS', 'cb1', { scheme: 'EMS' });
      await audit('SV-NO', 'cb1', { certificateNo: 'CB1-0099' });
      await audit('SV-CB2', 'cb2');
      const report = await anchorEvidence(c, 'cb1', 'sv-report-1', 'SURVEILLANCE');
      const surveil = (auditId: string, evidence = '[]'): Promise<unknown> => c.net.submit(c.orgs.cb1.issuer, 'certificate:recordSurveillance', ['CB1-0001', auditId, evidence]);

      await refused(c.net, 'NOT_FOUND', () => surveil('SV-9'), 'audit SV-9');
      await refused(c.net, 'PRECONDITION_FAILED', () => surveil('SV-OTHER'), USCC_B);
      await refused(c.net, 'PRECONDITION_FAILED', () => surveil('S2-1'), 'STAGE2');
      await refused(c.net, 'PRECONDITION_FAILED', () => surveil('RC-1'), 'certificate:recertify');
      await refused(c.net, 'PRECONDITION_FAILED', () => surveil('SV-EMS'), 'EMS audit');
      await refused(c.net, 'PRECONDITION_FAILED', () => surveil('SV-NO'), 'of certificate CB1-0099');
      await refused(c.net, 'PRECONDITION_FAILED', () => surveil('SV-CB2'), 'Cb2MSP');

      const result = await c.net.submit(c.orgs.cb1.issuer, 'certificate:recordSurveillance', ['CB1-0001', 'SV-1', JSON.stringify([report])]);
      const cert = parsed(result) as Certificate;
      // the end of the audit's last day in Asia/Shanghai, not the recording time
      expect(cert.lastSurveillanceAt).to.equal('2025-06-02T16:00:00.000Z');
      expect(cert.surveillances).to.deep.equal([{ auditId: 'SV-1', startDate: '2025-06-01', endDate: '2025-06-02', recordedAt: c.net.now().toISOString() }]);
      expect(cert.evidenceIds).to.include(report);
      expect(result.event?.name).to.equal('CertificateSurveilled');
      expect(JSON.parse(result.event?.payload ?? '{}')).to.deep.equal({ certificateNo: 'CB1-0001', issuer: 'Cb1MSP', auditId: 'SV-1', lastSurveillanceAt: '2025-06-02T16:00:00.000Z' });
      // 366 days after issue, but 214 after the audit: nothing is due
      c.net.advance(166 * DAY);
      const swept = parsed(await c.net.submit(c.orgs.cb2.reader, 'certificate:sweep', ['50', ''])) as { changed: unknown[] };
      expect(swept.changed).to.deep.equal([]);
    });

    it('changes the scope of a VALID certificate and keeps the old one in scopeHistory', async () => {
      const result = await c.net.submit(c.orgs.cb1.issuer, 'certificate:changeScope', ['CB1-0001', 'Manufacture of valves', '[18]', '106 缩小范围']);
      const cert = parsed(result) as Certificate;
      expect(cert).to.deep.include({ scope: 'Manufacture of valves', scopeCodes: [18] });
      expect(cert.scopeHistory).to.deep.equal([
        { scope: 'Design and manufacture of industrial valves', scopeCodes: [17, 18], at: c.net.now().toISOString(), reason: '106 缩小范围' },
      ]);
      expect(result.event?.name).to.equal('CertificateScopeChanged');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:changeScope', ['CB1-0001', 'Manufacture of valves', '[18]', 'again']), 'nothing to change');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:changeScope', ['CB1-0001', 'More', '[18, 0]', 'r']), 'scopeCodes[1]');
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', 'r', inDays(c, 30)]);
      await refused(c.net, 'CONFLICT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:changeScope', ['CB1-0001', 'More', '[17, 18, 19]', 'r']), 'change scope');
    });
  });

  describe('who may change a certificate', () => {
    let c: Consortium;
    beforeEach(async () => {
      c = await newConsortium();
      await issue(c, 'cb1', 'CB1-0001');
    });

    it('refuses another certification body, even its issuer user: only the issuer changes its certificates', async () => {
      const evidence = await anchorEvidence(c, 'cb2', 'cb2-ev');
      const calls: [string, string[]][] = [
        ['certificate:suspend', ['CB1-0001', 'r', inDays(c, 30)]],
        ['certificate:withdraw', ['CB1-0001', 'r']],
        ['certificate:cancel', ['CB1-0001', 'HOLDER_REQUEST', '']],
        ['certificate:expire', ['CB1-0001']],
        ['certificate:changeScope', ['CB1-0001', 'Other scope', '[18]', 'r']],
        ['certificate:recordSurveillance', ['CB1-0001', 'SV-1', '[]']],
        ['certificate:consentToTransfer', ['CB1-0001', 'Cb2MSP']],
      ];
      for (const [fn, args] of calls) {
        await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb2.issuer, fn, args), 'was issued by Cb1MSP');
      }
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', 'r', inDays(c, 30)]);
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:restore', ['CB1-0001', JSON.stringify([evidence])]));
    });

    it('refuses the issuer\'s own users without the issuer role, and the regulator\'s users other than its regulator users', async () => {
      for (const who of [c.orgs.cb1.reader, c.orgs.cb1.recorder, c.orgs.cb1.admin, c.orgs.cb1.norole, c.orgs.cb1.regulator, c.orgs.regulator.issuer]) {
        await refused(c.net, 'FORBIDDEN', () => c.net.submit(who, 'certificate:suspend', ['CB1-0001', 'r', inDays(c, 30)]));
      }
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.reader, 'certificate:withdraw', ['CB1-0001', 'r']), 'the caller (Cb1MSP) has reader');
    });

    it('refuses every write of a member that is no longer ACTIVE', async () => {
      await setMemberStatus(c, 'cb1', 'EXPELLED');
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', 'r', inDays(c, 30)]), 'Cb1MSP is EXPELLED');
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:withdraw', ['CB1-0001', 'r']));
      const decision = await anchorDecision(c, 'cb2', 'dec-2');
      await setMemberStatus(c, 'cb2', 'SUSPENDED');
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:issue', [JSON.stringify(certificateInput(c, 'CB2-0001', decision))]), 'Cb2MSP is SUSPENDED');
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.reader, 'certificate:sweep', ['10', '']));
      // reading stays open
      expect((await getCertificate(c, 'CB1-0001')).status).to.equal('VALID');
    });

    it('lets an EXITING member wind down its certificates (cancel, withdraw, consent to transfer) but not issue or suspend', async () => {
      await issue(c, 'cb1', 'CB1-0002');
      await issue(c, 'cb1', 'CB1-0003');
      await setMemberStatus(c, 'cb1', 'EXITING');
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:cancel', ['CB1-0001', 'HOLDER_REQUEST', 'holder leaves with its body']);
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:withdraw', ['CB1-0002', 'body exiting the consortium']);
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:consentToTransfer', ['CB1-0003', 'Cb2MSP']);
      expect((await getCertificate(c, 'CB1-0001')).status).to.equal('CANCELLED');
      expect((await getCertificate(c, 'CB1-0002')).status).to.equal('WITHDRAWN');
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0003', 'r', inDays(c, 30)]), 'Cb1MSP is EXITING');
      const decision = await anchorDecision(c, 'cb2', 'dec-exit');
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(certificateInput(c, 'CB1-0009', decision))]));
    });
  });

  describe('sweep', () => {
    it('applies the three time rules, pages by certificate number, and changes nothing on a second run', async () => {
      const c = await newConsortium();
      await issue(c, 'cb1', 'CB1-E', { validityDays: 10 }); // expires
      await issue(c, 'cb1', 'CB1-S'); // surveillance will be overdue
      await issue(c, 'cb2', 'CB2-W'); // suspension will run out
      await c.net.submit(c.orgs.cb2.issuer, 'certificate:suspend', ['CB2-W', '0116 主动请求暂停', inDays(c, 30)]);

      // day 30: the expiry is due, the suspension ends exactly now and is still in time
      c.net.advance(30 * DAY);
      let result = await c.net.submit(c.orgs.regulator.reader, 'certificate:sweep', ['50', '']);
      expect((parsed(result) as { changed: unknown[] }).changed).to.deep.equal([
        { certificateNo: 'CB1-E', issuer: 'Cb1MSP', from: 'VALID', to: 'EXPIRED', reason: 'VALIDITY_ENDED' },
      ]);
      // day 31: the suspension ran out unresolved
      c.net.advance(DAY);
      // deterministic: three endorsers must agree on the result, the event and the write set
      result = await c.net.submit(c.orgs.cb1.reader, 'certificate:sweep', ['50', ''], { endorsingOrganizations: ['Cb1MSP', 'Cb2MSP', 'RegulatorMSP'] });
      expect((parsed(result) as { changed: unknown[] }).changed).to.deep.equal([
        { certificateNo: 'CB2-W', issuer: 'Cb2MSP', from: 'SUSPENDED', to: 'WITHDRAWN', reason: 'SUSPENSION_EXPIRED (0115)' },
      ]);
      expect(result.event?.name).to.equal('CertificatesSwept');

      // day 365: surveillance is due by now, not yet overdue
      c.net.advance(334 * DAY);
      expect((parsed(await c.net.submit(c.orgs.cb1.reader, 'certificate:sweep', ['50', ''])) as { changed: unknown[] }).changed).to.deep.equal([]);
      c.net.advance(1);
      // one certificate per call: the bookmark walks the table in number order
      const seen: string[] = [];
      let bookmark = '';
      const changed: unknown[] = [];
      do {
        result = await c.net.submit(c.orgs.cb2.reader, 'certificate:sweep', ['1', bookmark]);
        const page = parsed(result) as { changed: unknown[]; bookmark: string; scanned: number };
        expect(page.scanned).to.equal(1);
        changed.push(...page.changed);
        seen.push(bookmark);
        bookmark = page.bookmark;
      } while (bookmark !== '');
      expect(seen).to.deep.equal(['', 'CB1-E', 'CB1-S']);
      expect(changed).to.deep.equal([
        { certificateNo: 'CB1-S', issuer: 'Cb1MSP', from: 'VALID', to: 'SUSPENDED', reason: 'SURVEILLANCE_OVERDUE' },
      ]);
      // six calendar months from 2026-01-01 are 181 days, not 183
      expect((await getCertificate(c, 'CB1-S')).suspendedUntil).to.equal(inPeriod(c, 'P6M'));
      expect(inPeriod(c, 'P6M')).to.equal(inDays(c, 181));

      // idempotent: nothing changes, no event, but the transaction still commits
      const before = c.net.ledger.snapshot().state;
      result = await c.net.submit(c.orgs.cb1.reader, 'certificate:sweep', ['50', '']);
      expect(parsed(result)).to.deep.include({ changed: [], scanned: 3 });
      expect(result.event).to.equal(undefined);
      expect(c.net.ledger.snapshot().state).to.deep.equal(before);
    });

    it('refuses a caller whose user has no role, a bad limit and a malformed bookmark', async () => {
      const c = await newConsortium();
      await issue(c, 'cb1', 'CB1-0001', { validityDays: 1 });
      c.net.advance(2 * DAY);
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.norole, 'certificate:sweep', ['10', '']));
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.reader, 'certificate:sweep', ['0', '']), 'limit');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.reader, 'certificate:sweep', ['201', '']), 'limit');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.reader, 'certificate:sweep', ['10', 'cb1 0001']), 'bookmark');
    });
  });

  describe('verify', () => {
    it('shows the public view now and the status the certificate had at a past moment', async () => {
      const c = await newConsortium();
      const issuedAt = c.net.now().toISOString();
      await issue(c, 'cb1', 'CB1-0001');
      c.net.advance(10 * DAY);
      const suspendedAt = c.net.now().toISOString();
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', '0113 受执法监管部门处罚', inDays(c, 60)]);
      c.net.advance(10 * DAY);
      const evidence = await anchorEvidence(c, 'cb1', 'special-audit-1', 'AUDIT_REPORT');
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:restore', ['CB1-0001', JSON.stringify([evidence])]);
      c.net.advance(DAY);

      // anyone on the channel reads it: the gateway's public endpoint uses such an identity
      const now = await query<Record<string, unknown>>(c.net, c.orgs.cb2.norole, 'certificate:verify', ['CB1-0001', '']);
      expect(now).to.deep.include({
        certificateNo: 'CB1-0001', status: 'VALID', effectiveStatus: 'VALID', statusReason: 'RESTORED',
        holder: { name: '示例制造有限公司', uscc: USCC_A }, scheme: 'QMS', scopeCodes: [17, 18], issuedAt,
        issuer: { mspId: 'Cb1MSP', name: 'cb1 (test)', memberStatus: 'ACTIVE', accreditation: null },
        creditEvents: [], asOf: c.net.now().toISOString(),
      });

      const at = (iso: string): Promise<Record<string, unknown>> => query(c.net, c.orgs.cb2.reader, 'certificate:verify', ['CB1-0001', iso]);
      expect(await at(new Date(Date.parse(issuedAt) + 5 * DAY * 1000).toISOString())).to.deep.include({ status: 'VALID', statusReason: 'ISSUED' });
      expect(await at(suspendedAt)).to.deep.include({ status: 'SUSPENDED', statusReason: '0113 受执法监管部门处罚', statusSince: suspendedAt });
      expect(await at(new Date(Date.parse(suspendedAt) + 9 * DAY * 1000).toISOString())).to.deep.include({ status: 'SUSPENDED' });
      expect(await at(c.net.now().toISOString())).to.deep.include({ status: 'VALID', statusReason: 'RESTORED' });

      await refused(c.net, 'NOT_FOUND', () => at('2024-12-31T00:00:00Z'), 'at 2024-12-31T00:00:00.000Z');
      await refused(c.net, 'NOT_FOUND', () => c.net.evaluate(c.orgs.cb2.reader, 'certificate:verify', ['CB1-9999', '']));
      await refused(c.net, 'INVALID_ARGUMENT', () => at('yesterday'), 'at');
    });

    it('says when a time rule is due that no sweep has applied yet', async () => {
      const c = await newConsortium();
      await issue(c, 'cb1', 'CB1-0001', { validityDays: 10 });
      c.net.advance(11 * DAY);
      const view = await query<Record<string, unknown>>(c.net, c.orgs.cb2.reader, 'certificate:verify', ['CB1-0001', '']);
      expect(view).to.deep.include({ status: 'VALID', effectiveStatus: 'EXPIRED', pending: { action: 'EXPIRE', reason: 'VALIDITY_ENDED' } });
    });

    it('lists an organisation\'s and an issuer\'s certificates a page at a time', async () => {
      const c = await newConsortium();
      await issue(c, 'cb1', 'CB1-0001');
      await issue(c, 'cb1', 'CB1-0002');
      await issue(c, 'cb2', 'CB2-0001');
      await issue(c, 'cb1', 'CB1-0003', { uscc: USCC_B });
      const first = await query<{ items: Certificate[]; bookmark: string }>(c.net, c.orgs.cb1.reader, 'certificate:listByOrganization', [USCC_A, '2', '']);
      expect(first.items.map((x) => x.certificateNo)).to.deep.equal(['CB1-0001', 'CB1-0002']);
      const second = await query<{ items: Certificate[]; bookmark: string }>(c.net, c.orgs.cb1.reader, 'certificate:listByOrganization', [USCC_A, '2', first.bookmark]);
      expect(second).to.deep.include({ bookmark: '' });
      expect(second.items.map((x) => x.certificateNo)).to.deep.equal(['CB2-0001']);
      const cb1 = await query<{ items: Certificate[] }>(c.net, c.orgs.cb2.reader, 'certificate:listByIssuer', ['Cb1MSP', '10', '']);
      expect(cb1.items.map((x) => x.certificateNo)).to.deep.equal(['CB1-0001', 'CB1-0002', 'CB1-0003']);
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.evaluate(c.orgs.cb1.reader, 'certificate:listByOrganization', [USCC_BAD_CHECK, '2', '']), 'uscc');
    });
  });
});
