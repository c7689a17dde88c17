// Transfer between certification bodies (IAF MD 2), accreditation, and the regulator's credit
// events on the harness. Every refusal is checked for its code and for a ledger left as it was.
import { expect } from 'chai';
import type { Accreditation, Certificate, CreditEvent } from '../../../../chaincode/src/domain/types';
import { newConsortium, type Consortium } from '../../../support/consortium';
import {
  DAY, USCC_A, USCC_B, anchorEvidence, getCertificate, inDays, inPeriod, issue, parsed, query, refused, setMemberStatus,
} from './helpers';

type TransferResult = { certificate: Certificate; source: Certificate; withoutConsent: boolean };

/** The accepting body's pre-transfer review, anchored as its evidence. */
function review(c: Consortium, ref: string): Promise<string> {
  return anchorEvidence(c, 'cb2', ref, 'TRANSFER');
}

describe('certificate contract: transfer, accreditation and credit events', () => {
  describe('transfer', () => {
    let c: Consortium;
    beforeEach(async () => {
      c = await newConsortium();
      await issue(c, 'cb1', 'CB1-0001');
    });

    it('moves a VALID certificate with the issuer\'s consent: a new certificate continuing the cycle, the source CANCELLED/TRANSFERRED, in one transaction', async () => {
      const source = await getCertificate(c, 'CB1-0001');
      c.net.advance(100 * DAY);
      const consent = await c.net.submit(c.orgs.cb1.issuer, 'certificate:consentToTransfer', ['CB1-0001', 'Cb2MSP']);
      expect(consent.event?.name).to.equal('TransferConsented');
      expect(parsed(consent)).to.include({ certificateNo: 'CB1-0001', issuer: 'Cb1MSP', acceptingBody: 'Cb2MSP' });
      const evidence = await review(c, 'review-1');

      const height = c.net.ledger.height;
      const result = await c.net.submit(c.orgs.cb2.issuer, 'certificate:transfer', ['CB1-0001', 'CB2-0001', JSON.stringify([evidence])]);
      expect(c.net.ledger.height, 'one transaction').to.equal(height + 1);
      const { certificate, source: cancelled, withoutConsent } = parsed(result) as TransferResult;
      expect(withoutConsent).to.equal(false);
      expect(certificate).to.deep.include({
        certificateNo: 'CB2-0001', issuer: 'Cb2MSP', status: 'VALID', statusReason: 'TRANSFERRED_IN',
        transferredFrom: { issuer: 'Cb1MSP', certificateNo: 'CB1-0001' },
        // same cycle: expiry, scope and surveillance clock carry over
        expiresAt: source.expiresAt, scope: source.scope, scopeCodes: source.scopeCodes, lastSurveillanceAt: source.issuedAt,
        issuedAt: c.net.now().toISOString(), evidenceIds: [evidence],
      });
      expect(cancelled).to.include({ status: 'CANCELLED', statusReason: 'TRANSFERRED: to Cb2MSP as CB2-0001' });
      expect(await getCertificate(c, 'CB1-0001')).to.deep.equal(cancelled);
      expect(await getCertificate(c, 'CB2-0001')).to.deep.equal(certificate);
      expect(result.event?.name).to.equal('CertificateTransferred');
      expect(JSON.parse(result.event?.payload ?? '{}')).to.deep.equal({
        source: 'CB1-0001', certificateNo: 'CB2-0001', from: 'Cb1MSP', to: 'Cb2MSP', uscc: USCC_A, withoutConsent: false,
      });
      const cb2 = await query<{ items: Certificate[] }>(c.net, c.orgs.cb1.reader, 'certificate:listByIssuer', ['Cb2MSP', '10', '']);
      expect(cb2.items.map((x) => x.certificateNo)).to.deep.equal(['CB2-0001']);
      const view = await query<Record<string, unknown>>(c.net, c.orgs.regulator.reader, 'certificate:verify', ['CB2-0001', '']);
      expect(view).to.deep.include({ transferredFrom: { issuer: 'Cb1MSP', certificateNo: 'CB1-0001' }, status: 'VALID' });
      // the source is gone: no second transfer
      await refused(c.net, 'CONFLICT', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:transfer', ['CB1-0001', 'CB2-0002', JSON.stringify([evidence])]));
    });

    it('refuses a transfer without the issuer\'s consent', async () => {
      const evidence = await review(c, 'review-1');
      await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:transfer', ['CB1-0001', 'CB2-0001', JSON.stringify([evidence])]),
        'Cb1MSP has not consented to transfer certificate CB1-0001 to Cb2MSP');
    });

    it('refuses a SUSPENDED certificate even with consent (IAF MD 2)', async () => {
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:consentToTransfer', ['CB1-0001', 'Cb2MSP']);
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', 'r', inDays(c, 30)]);
      const evidence = await review(c, 'review-1');
      await refused(c.net, 'CONFLICT', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:transfer', ['CB1-0001', 'CB2-0001', JSON.stringify([evidence])]),
        'is SUSPENDED', 'IAF MD 2');
      await refused(c.net, 'CONFLICT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:consentToTransfer', ['CB1-0001', 'Cb2MSP']));
    });

    it('refuses a transfer to its own issuer, a taken or equal number, no review evidence, and callers other than an issuer user', async () => {
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:consentToTransfer', ['CB1-0001', 'Cb2MSP']);
      const evidence = JSON.stringify([await review(c, 'review-1')]);
      await issue(c, 'cb2', 'CB2-0001', { uscc: USCC_B });
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:transfer', ['CB1-0001', 'CB1-0002', evidence]), 'already issues');
      await refused(c.net, 'ALREADY_EXISTS', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:transfer', ['CB1-0001', 'CB2-0001', evidence]), 'CB2-0001');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:transfer', ['CB1-0001', 'CB1-0001', evidence]), 'newCertificateNo');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:transfer', ['CB1-0001', 'CB2-0002', '[]']), 'evidenceIds');
      await refused(c.net, 'NOT_FOUND', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:transfer', ['CB1-0001', 'CB2-0002', '["Cb2MSP:none"]']), 'Cb2MSP:none');
      await refused(c.net, 'NOT_FOUND', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:transfer', ['CB1-9999', 'CB2-0002', evidence]), 'CB1-9999');
      for (const who of [c.orgs.cb2.recorder, c.orgs.cb2.reader, c.orgs.regulator.issuer]) {
        await refused(c.net, 'FORBIDDEN', () => c.net.submit(who, 'certificate:transfer', ['CB1-0001', 'CB2-0002', evidence]));
      }
    });

    it('refuses consent to itself, to a body that is not a certification body, to an unknown one, and twice', async () => {
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:consentToTransfer', ['CB1-0001', 'Cb1MSP']));
      await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:consentToTransfer', ['CB1-0001', 'RegulatorMSP']), 'CERTIFICATION_BODY');
      await refused(c.net, 'NOT_FOUND', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:consentToTransfer', ['CB1-0001', 'NoSuchMSP']), 'member NoSuchMSP');
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:consentToTransfer', ['CB1-0001', 'Cb2MSP']);
      await refused(c.net, 'ALREADY_EXISTS', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:consentToTransfer', ['CB1-0001', 'Cb2MSP']));
    });

    it('needs no consent once the issuer is expelled', async () => {
      // the member record is set by a committed ledger transaction until membership:expel exists (see certificate/helpers.ts)
      await setMemberStatus(c, 'cb1', 'EXPELLED');
      const evidence = await review(c, 'review-1');
      const result = await c.net.submit(c.orgs.cb2.issuer, 'certificate:transfer', ['CB1-0001', 'CB2-0001', JSON.stringify([evidence])]);
      expect((parsed(result) as TransferResult).withoutConsent).to.equal(true);
      expect((await getCertificate(c, 'CB1-0001')).status).to.equal('CANCELLED');
    });
  });

  describe('accreditation', () => {
    let c: Consortium;
    beforeEach(async () => {
      c = await newConsortium({ founders: ['regulator', 'cb1', 'cb2', 'ab'] });
      await issue(c, 'cb1', 'CB1-0001');
      await issue(c, 'cb1', 'CB1-0002');
    });

    it('is recorded by an accreditation body, shown by verify, and its withdrawal waives consent for the transfer window', async () => {
      const accredited = await c.net.submit(c.orgs.ab.admin, 'certificate:recordAccreditation', ['Cb1MSP', 'ACCREDITED', 'CNAS C001-M']);
      expect(accredited.event?.name).to.equal('AccreditationChanged');
      expect(JSON.parse(accredited.event?.payload ?? '{}')).to.include({ body: 'Cb1MSP', state: 'ACCREDITED', previous: null, recordedBy: 'AbMSP' });
      const accreditedAt = c.net.now().toISOString();
      c.net.advance(DAY);
      const withdrawn = parsed(await c.net.submit(c.orgs.ab.issuer, 'certificate:recordAccreditation', ['Cb1MSP', 'WITHDRAWN', '认可撤销'])) as Accreditation;
      expect(withdrawn).to.deep.equal({ body: 'Cb1MSP', state: 'WITHDRAWN', recordedBy: 'AbMSP', since: c.net.now().toISOString(), reason: '认可撤销' });

      const view = await query<{ issuer: unknown }>(c.net, c.orgs.cb2.reader, 'certificate:verify', ['CB1-0001', '']);
      expect(view.issuer).to.deep.equal({
        mspId: 'Cb1MSP', name: 'cb1 (test)', memberStatus: 'ACTIVE', accreditation: { state: 'WITHDRAWN', since: withdrawn.since, recordedBy: 'AbMSP' },
      });
      const before = await query<{ issuer: unknown }>(c.net, c.orgs.cb2.reader, 'certificate:verify', ['CB1-0001', accreditedAt]);
      expect(before.issuer).to.deep.include({ accreditation: { state: 'ACCREDITED', since: accreditedAt, recordedBy: 'AbMSP' } });

      const result = await c.net.submit(c.orgs.cb2.issuer, 'certificate:transfer', ['CB1-0001', 'CB2-0001', JSON.stringify([await review(c, 'review-1')])]);
      expect((parsed(result) as TransferResult).withoutConsent).to.equal(true);

      // past the transfer window (six calendar months) consent is needed again
      c.net.advance(184 * DAY);
      await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:transfer', ['CB1-0002', 'CB2-0002', JSON.stringify(['Cb2MSP:review-1'])]), 'has not consented');
    });

    it('refuses other members, users without the admin or issuer role, a body that is not a certification body, and an unchanged state', async () => {
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb2.admin, 'certificate:recordAccreditation', ['Cb1MSP', 'WITHDRAWN', 'r']), 'ACCREDITATION_BODY');
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.regulator.admin, 'certificate:recordAccreditation', ['Cb1MSP', 'WITHDRAWN', 'r']));
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.ab.reader, 'certificate:recordAccreditation', ['Cb1MSP', 'WITHDRAWN', 'r']));
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.ab.recorder, 'certificate:recordAccreditation', ['Cb1MSP', 'WITHDRAWN', 'r']));
      await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.ab.admin, 'certificate:recordAccreditation', ['RegulatorMSP', 'WITHDRAWN', 'r']), 'REGULATOR');
      await refused(c.net, 'NOT_FOUND', () => c.net.submit(c.orgs.ab.admin, 'certificate:recordAccreditation', ['NoSuchMSP', 'WITHDRAWN', 'r']));
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.ab.admin, 'certificate:recordAccreditation', ['Cb1MSP', 'REVOKED', 'r']), 'state');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.ab.admin, 'certificate:recordAccreditation', ['Cb1MSP', 'SUSPENDED', '']), 'reason');
      await c.net.submit(c.orgs.ab.admin, 'certificate:recordAccreditation', ['Cb1MSP', 'SUSPENDED', 'r']);
      // re-recording would restart a withdrawal's transfer window
      await refused(c.net, 'CONFLICT', () => c.net.submit(c.orgs.ab.admin, 'certificate:recordAccreditation', ['Cb1MSP', 'SUSPENDED', 'again']), 'already SUSPENDED');
    });
  });

  describe('credit events', () => {
    let c: Consortium;
    beforeEach(async () => {
      c = await newConsortium();
      await issue(c, 'cb1', 'CB1-0001'); // USCC_A, VALID
      await issue(c, 'cb2', 'CB2-0001'); // USCC_A, VALID, another issuer
      await issue(c, 'cb1', 'CB1-0002'); // USCC_A, withdrawn below
      await issue(c, 'cb1', 'CB1-0003', { uscc: USCC_B }); // another organisation
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:withdraw', ['CB1-0002', 'r']);
      c.net.advance(DAY);
    });

    const event = (severity: string, over: Record<string, unknown> = {}): string => JSON.stringify({
      uscc: USCC_A, type: 'ADMINISTRATIVE_PENALTY', severity, source: '国家企业信用信息公示系统 行政处罚决定书 2025-001', occurredAt: '2025-01-01T12:00:00Z', ...over,
    });

    it('a SERIOUS event suspends every VALID certificate of the organisation in the same transaction, naming the event', async () => {
      const height = c.net.ledger.height;
      const result = await c.net.submit(c.orgs.regulator.regulator, 'certificate:creditEvent', [event('SERIOUS')], {
        endorsingOrganizations: ['Cb1MSP', 'Cb2MSP', 'RegulatorMSP'],
      });
      expect(c.net.ledger.height, 'one transaction').to.equal(height + 1);
      const recorded = parsed(result) as CreditEvent;
      expect(recorded).to.deep.include({
        id: result.txId, uscc: USCC_A, severity: 'SERIOUS', recordedBy: 'RegulatorMSP', suspended: ['CB1-0001', 'CB2-0001'],
        occurredAt: '2025-01-01T12:00:00.000Z', timestamp: c.net.now().toISOString(),
      });
      expect(result.event?.name).to.equal('CreditEventRecorded');
      expect(JSON.parse(result.event?.payload ?? '{}')).to.deep.equal({
        id: result.txId, uscc: USCC_A, type: 'ADMINISTRATIVE_PENALTY', severity: 'SERIOUS',
        suspended: [{ certificateNo: 'CB1-0001', issuer: 'Cb1MSP' }, { certificateNo: 'CB2-0001', issuer: 'Cb2MSP' }],
      });
      for (const no of ['CB1-0001', 'CB2-0001']) {
        expect(await getCertificate(c, no)).to.include({
          status: 'SUSPENDED', statusReason: `CREDIT_EVENT ${result.txId} (ADMINISTRATIVE_PENALTY)`,
          statusSince: c.net.now().toISOString(), suspendedUntil: inPeriod(c, 'P6M'),
        });
      }
      expect((await getCertificate(c, 'CB1-0002')).status).to.equal('WITHDRAWN');
      expect((await getCertificate(c, 'CB1-0003')).status).to.equal('VALID');

      const view = await query<{ creditEvents: unknown[] }>(c.net, c.orgs.cb2.norole, 'certificate:verify', ['CB2-0001', '']);
      expect(view.creditEvents).to.deep.equal([{
        id: result.txId, uscc: USCC_A, type: 'ADMINISTRATIVE_PENALTY', severity: 'SERIOUS',
        source: '国家企业信用信息公示系统 行政处罚决定书 2025-001', occurredAt: '2025-01-01T12:00:00.000Z', timestamp: c.net.now().toISOString(),
        status: 'OPEN',
      }]);
      // the regulator's measure: the issuer cannot lift it (docs/contracts.md §3.4 restore; certificate/measures.test.ts)
      const evidence = await anchorEvidence(c, 'cb1', 'special-audit', 'AUDIT_REPORT');
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:restore', ['CB1-0001', JSON.stringify([evidence])]), 'only the regulator');
    });

    it('INFO and MINOR events are recorded without suspending anything', async () => {
      for (const severity of ['INFO', 'MINOR']) {
        const result = await c.net.submit(c.orgs.regulator.regulator, 'certificate:creditEvent', [event(severity)]);
        expect((parsed(result) as CreditEvent).suspended).to.deep.equal([]);
      }
      expect((await getCertificate(c, 'CB1-0001')).status).to.equal('VALID');
      const view = await query<{ creditEvents: { severity: string }[] }>(c.net, c.orgs.cb1.reader, 'certificate:verify', ['CB1-0001', '']);
      expect(view.creditEvents.map((e) => e.severity).sort()).to.deep.equal(['INFO', 'MINOR']);
    });

    it('is refused to anyone but a regulator user of the regulator, and for bad input', async () => {
      for (const who of [c.orgs.cb1.regulator, c.orgs.cb1.issuer, c.orgs.regulator.reader, c.orgs.regulator.admin, c.orgs.regulator.norole]) {
        await refused(c.net, 'FORBIDDEN', () => c.net.submit(who, 'certificate:creditEvent', [event('SERIOUS')]));
      }
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:creditEvent', [event('FATAL')]), 'event.severity');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:creditEvent', [event('SERIOUS', { uscc: '91350100M000100Y44' })]), 'event.uscc');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:creditEvent', [event('SERIOUS', { occurredAt: inDays(c, 1) })]), 'event.occurredAt', 'future');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:creditEvent', [event('SERIOUS', { extra: 1 })]), 'unknown key');
      expect((await getCertificate(c, 'CB1-0001')).status).to.equal('VALID');
    });
  });
});
