// Unit tests of the certification-cycle rules (docs/contracts.md §2.3, §3.4): the audit a decision rests on,
// one certificate per decision, one use per audit, surveillance on audit dates, recertification.

import { expect } from 'chai';
import {
  checkDecisionAudit, checkIssueBasis, checkRecertification, checkSurveillanceAudit, recertifiedCertificate, requireAuditTookPlace,
  type AuditUse,
} from '../../../../chaincode/src/domain/certification-cycle';
import { DEFAULT_CHARTER } from '../../../../chaincode/src/domain/charter';
import type { Audit, Certificate, Charter, EvidenceRecord } from '../../../../chaincode/src/domain/types';
import { expectCode } from '../../../support/expect-code';
import { certificateRecord } from './fixtures';

const charter: Charter = structuredClone(DEFAULT_CHARTER);
const USCC = '91350100M000100Y43';
const ISSUED = '2025-03-01T00:00:00.000Z';
const EXPIRES = '2028-02-29T00:00:00.000Z';

function cert(over: Partial<Certificate> = {}): Certificate {
  return certificateRecord({
    certificateNo: 'CB1-0001', organization: { name: '示例', uscc: USCC, address: '福州', regionCode: '350102' }, scope: 'Valves',
    issuedAt: ISSUED, expiresAt: EXPIRES, statusSince: ISSUED, evidenceIds: ['Cb1MSP:dec-1'], ...over,
  });
}

function audit(over: Partial<Audit> = {}): Audit {
  return {
    auditId: 'S2-1', type: 'STAGE2', scheme: 'QMS', uscc: USCC, startDate: '2025-02-10', endDate: '2025-02-12', mode: 'ON_SITE', scopeCodes: [17, 18],
    manDays: 3, auditors: [{ registrationNo: '2019-N1QMS-1234567', manDays: 3, role: 'LEADER' }], body: 'Cb1MSP', txId: 'tx-a', timestamp: '2025-02-20T00:00:00.000Z',
    ...over,
  };
}

function decision(over: Partial<EvidenceRecord> = {}): EvidenceRecord {
  return {
    id: 'Cb1MSP:dec-1', clientRef: 'dec-1', kind: 'CERTIFICATION_DECISION', subject: { uscc: USCC, auditId: 'S2-1' }, digest: { alg: 'sha256', value: 'a'.repeat(64) },
    form: 'digest', decision: 'GRANT', submitter: { mspId: 'Cb1MSP', subject: 'CN=x', fingerprint: 'f'.repeat(64) }, txId: 'tx-d', timestamp: '2025-02-25T00:00:00.000Z',
    ...over,
  };
}

const used: AuditUse = { auditId: 'S2-1', use: 'SURVEILLANCE', certificateNo: 'CB1-0009', at: '2025-02-26T00:00:00.000Z', txId: 'tx-u' };

describe('domain/certification-cycle', () => {
  it('requireAuditTookPlace: the end date is at most today in Asia/Shanghai', () => {
    requireAuditTookPlace({ endDate: '2025-06-01' }, '2025-05-31T16:00:00.000Z');
    expectCode(() => requireAuditTookPlace({ endDate: '2025-06-01' }, '2025-05-31T15:59:59.999Z'), 'INVALID_ARGUMENT', 'audit.endDate');
  });

  describe('checkDecisionAudit', () => {
    const at = { auditId: 'S2-1', uscc: USCC, body: 'Cb1MSP' };
    it('accepts a recorded, unused STAGE2, RECERTIFICATION or TRANSFER audit of the body and organisation', () => {
      for (const type of ['STAGE2', 'RECERTIFICATION', 'TRANSFER'] as const) checkDecisionAudit(at, audit({ type }), undefined);
    });
    it('refuses the rest', () => {
      expectCode(() => checkDecisionAudit(at, undefined, undefined), 'NOT_FOUND', 'audit S2-1');
      expectCode(() => checkDecisionAudit(at, audit({ type: 'STAGE1' }), undefined), 'PRECONDITION_FAILED', 'STAGE1');
      expectCode(() => checkDecisionAudit(at, audit({ body: 'Cb2MSP' }), undefined), 'PRECONDITION_FAILED', 'Cb2MSP');
      expectCode(() => checkDecisionAudit(at, audit({ uscc: '91110000600037341L' }), undefined), 'PRECONDITION_FAILED', '91110000600037341L');
      expectCode(() => checkDecisionAudit(at, audit(), used), 'CONFLICT', 'the surveillance of certificate CB1-0009');
    });
  });

  describe('checkIssueBasis', () => {
    const base = { certificate: cert({ issuedAt: '2025-03-01T00:00:00.000Z' }), decision: decision(), audit: audit(), openMajor: [], decisionUse: undefined, auditUse: undefined };
    it('accepts a fitting audit and an issue on or after the decision', () => {
      checkIssueBasis(base);
      checkIssueBasis({ ...base, certificate: cert({ issuedAt: '2025-02-25T00:00:00.000Z' }) });
    });
    it('refuses a used decision first, then a missing or unfitting audit, a used audit, an open MAJOR, an issue before the decision', () => {
      expectCode(() => checkIssueBasis({ ...base, audit: undefined, decisionUse: { certificateNo: 'CB1-0000', at: ISSUED } }), 'ALREADY_EXISTS', 'CB1-0000');
      expectCode(() => checkIssueBasis({ ...base, decision: decision({ subject: { uscc: USCC } }) }), 'PRECONDITION_FAILED', 'names no audit');
      expectCode(() => checkIssueBasis({ ...base, audit: undefined }), 'NOT_FOUND', 'audit S2-1');
      expectCode(() => checkIssueBasis({ ...base, audit: audit({ type: 'SURVEILLANCE' }) }), 'PRECONDITION_FAILED', 'SURVEILLANCE');
      expectCode(() => checkIssueBasis({ ...base, audit: audit({ scheme: 'EMS' }) }), 'PRECONDITION_FAILED', 'EMS');
      expectCode(() => checkIssueBasis({ ...base, audit: audit({ body: 'Cb2MSP' }) }), 'PRECONDITION_FAILED', 'Cb2MSP');
      expectCode(() => checkIssueBasis({ ...base, audit: audit({ scopeCodes: [17] }) }), 'PRECONDITION_FAILED', 'IAF sector 18');
      expectCode(() => checkIssueBasis({ ...base, audit: audit({ certificateNo: 'CB1-0002' }) }), 'PRECONDITION_FAILED', 'CB1-0002');
      expectCode(() => checkIssueBasis({ ...base, auditUse: used }), 'CONFLICT', 'one audit counts once');
      expectCode(() => checkIssueBasis({ ...base, openMajor: ['Cb1MSP:nc-1'] }), 'PRECONDITION_FAILED', 'Cb1MSP:nc-1');
      expectCode(() => checkIssueBasis({ ...base, certificate: cert({ issuedAt: '2025-02-24T23:59:59.000Z' }) }), 'INVALID_ARGUMENT', 'certificate.issuedAt');
    });
  });

  describe('checkSurveillanceAudit', () => {
    const sv = audit({ auditId: 'SV-1', type: 'SURVEILLANCE', startDate: '2025-12-01', endDate: '2025-12-02', scopeCodes: [18] });
    it('accepts a sampled scope, on a VALID certificate in time or a SUSPENDED one', () => {
      checkSurveillanceAudit({ cert: cert(), audit: sv, use: undefined, now: '2025-12-10T00:00:00.000Z', charter });
      checkSurveillanceAudit({ cert: cert({ status: 'SUSPENDED' }), audit: sv, use: undefined, now: '2026-04-10T00:00:00.000Z', charter });
    });
    it('refuses a RECERTIFICATION audit, a used one, an overdue VALID certificate, an audit before the cycle or the last surveillance', () => {
      expectCode(() => checkSurveillanceAudit({ cert: cert(), audit: { ...sv, type: 'RECERTIFICATION' }, use: undefined, now: '2025-12-10T00:00:00.000Z', charter }), 'PRECONDITION_FAILED', 'certificate:recertify');
      expectCode(() => checkSurveillanceAudit({ cert: cert(), audit: sv, use: used, now: '2025-12-10T00:00:00.000Z', charter }), 'CONFLICT', 'CB1-0009');
      expectCode(() => checkSurveillanceAudit({ cert: cert(), audit: sv, use: undefined, now: '2026-03-01T00:00:01.000Z', charter }), 'PRECONDITION_FAILED', 'must be suspended first');
      expectCode(() => checkSurveillanceAudit({ cert: cert(), audit: { ...sv, startDate: '2025-02-28' }, use: undefined, now: '2025-12-10T00:00:00.000Z', charter }), 'PRECONDITION_FAILED', 'before the cycle');
      const surveilled = cert({ surveillances: [{ auditId: 'SV-0', startDate: '2025-11-30', endDate: '2025-12-01', recordedAt: '2025-12-01T10:00:00.000Z' }] });
      expectCode(() => checkSurveillanceAudit({ cert: surveilled, audit: sv, use: undefined, now: '2025-12-10T00:00:00.000Z', charter }), 'PRECONDITION_FAILED', 'SV-0');
    });
  });

  describe('checkRecertification and recertifiedCertificate', () => {
    const NOW = '2027-11-06T00:00:00.000Z';
    const surveilled = cert({
      surveillances: [
        { auditId: 'SV-1', startDate: '2025-12-20', endDate: '2025-12-20', recordedAt: '2025-12-26T00:00:00.000Z' },
        { auditId: 'SV-2', startDate: '2026-11-15', endDate: '2026-11-15', recordedAt: '2026-11-21T00:00:00.000Z' },
      ],
      lastSurveillanceAt: '2026-11-15T16:00:00.000Z',
    });
    const rc = audit({ auditId: 'RC-1', type: 'RECERTIFICATION', startDate: '2027-11-01', endDate: '2027-11-03' });
    const base = {
      cert: surveilled, decision: decision({ id: 'Cb1MSP:rc', subject: { uscc: USCC, auditId: 'RC-1' } }), decisionSuperseded: false, audit: rc, openMajor: [],
      decisionUse: undefined, auditUse: undefined, expiresAt: '2031-02-28T00:00:00.000Z', newCertificateNo: undefined, now: NOW, charter,
    };
    it('accepts a fitting recertification and builds the new cycle under the same number', () => {
      checkRecertification(base);
      const { renewed, previous } = recertifiedCertificate(surveilled, { decisionEvidenceId: 'Cb1MSP:rc', expiresAt: '2031-02-28T00:00:00Z', now: NOW });
      expect(previous).to.equal(undefined);
      expect(renewed).to.deep.include({ certificateNo: 'CB1-0001', issuedAt: NOW, expiresAt: '2031-02-28T00:00:00.000Z', cycle: 1, surveillances: [], statusReason: 'RECERTIFIED' });
      expect(renewed.previousCycle).to.deep.equal({ certificateNo: 'CB1-0001', cycle: 0, issuedAt: ISSUED, expiresAt: EXPIRES, surveillances: 2 });
      expect(renewed.lastSurveillanceAt).to.equal(undefined);
      expect(renewed.evidenceIds).to.deep.equal(['Cb1MSP:dec-1', 'Cb1MSP:rc']);
      // the second cycle counts on from the first
      expect(recertifiedCertificate(renewed, { decisionEvidenceId: 'Cb1MSP:rc2', expiresAt: '2034-02-28T00:00:00Z', now: '2030-11-01T00:00:00.000Z' }).renewed.cycle).to.equal(2);
      // the suspensions of the old cycle do not count against the new one's allowance (docs/domain.md §4.5)
      const suspendedBefore = { ...surveilled, suspensions: [{ from: '2026-03-01T00:00:00.000Z', until: '2026-06-01T00:00:00.000Z', endedAt: '2026-04-01T00:00:00.000Z' }] };
      expect(recertifiedCertificate(suspendedBefore, { decisionEvidenceId: 'Cb1MSP:rc', expiresAt: '2031-02-28T00:00:00Z', now: NOW }).renewed.suspensions).to.equal(undefined);
    });
    it('builds a new record under a new number and cancels the old one', () => {
      const { renewed, previous } = recertifiedCertificate(surveilled, { decisionEvidenceId: 'Cb1MSP:rc', expiresAt: '2031-02-28T00:00:00Z', newCertificateNo: 'CB1-0001R1', now: NOW });
      expect(renewed).to.deep.include({ certificateNo: 'CB1-0001R1', evidenceIds: ['Cb1MSP:rc'], scopeHistory: [] });
      expect(previous).to.deep.include({ certificateNo: 'CB1-0001', status: 'CANCELLED', statusReason: 'RECERTIFIED: renewed as CB1-0001R1 (cycle 1)', statusSince: NOW });
    });
    it('refuses each broken rule', () => {
      expectCode(() => checkRecertification({ ...base, newCertificateNo: 'CB1-0001' }), 'INVALID_ARGUMENT', 'newCertificateNo');
      expectCode(() => checkRecertification({ ...base, expiresAt: EXPIRES }), 'INVALID_ARGUMENT', 'after the current expiry');
      expectCode(() => checkRecertification({ ...base, expiresAt: '2031-03-01T00:00:01.000Z' }), 'INVALID_ARGUMENT', 'expiresAt');
      // every scheme is capped, SERVICE included [BSC 8.1b]
      expectCode(() => checkRecertification({ ...base, cert: { ...surveilled, scheme: 'SERVICE' }, audit: { ...rc, scheme: 'SERVICE' }, expiresAt: '2040-01-01T00:00:00.000Z' }), 'INVALID_ARGUMENT', 'a SERVICE certificate runs at most P3Y');
      expectCode(() => checkRecertification({ ...base, cert: { ...surveilled, status: 'SUSPENDED' } }), 'CONFLICT', 'SUSPENDED');
      expectCode(() => checkRecertification({ ...base, now: EXPIRES }), 'PRECONDITION_FAILED', 'before expiry');
      expectCode(() => checkRecertification({ ...base, now: '2027-11-16T00:00:00.000Z' }), 'PRECONDITION_FAILED', 'SURVEILLANCE_OVERDUE');
      expectCode(() => checkRecertification({ ...base, decision: undefined }), 'PRECONDITION_FAILED', 'no CERTIFICATION_DECISION');
      expectCode(() => checkRecertification({ ...base, decision: decision({ decision: 'REFUSE' }) }), 'PRECONDITION_FAILED', 'REFUSE');
      expectCode(() => checkRecertification({ ...base, decisionSuperseded: true }), 'PRECONDITION_FAILED', 'corrected');
      expectCode(() => checkRecertification({ ...base, decisionUse: { certificateNo: 'CB1-0001', at: NOW } }), 'ALREADY_EXISTS', 'exactly one certificate');
      expectCode(() => checkRecertification({ ...base, audit: { ...rc, mode: 'REMOTE' } }), 'PRECONDITION_FAILED', 'on site');
      expectCode(() => checkRecertification({ ...base, audit: { ...rc, type: 'STAGE2' } }), 'PRECONDITION_FAILED', 'RECERTIFICATION');
      expectCode(() => checkRecertification({ ...base, audit: { ...rc, startDate: '2025-02-28' } }), 'PRECONDITION_FAILED', 'before the current cycle');
      expectCode(() => checkRecertification({ ...base, auditUse: used }), 'CONFLICT', 'counts once');
      expectCode(() => checkRecertification({ ...base, openMajor: ['Cb1MSP:nc'] }), 'PRECONDITION_FAILED', 'Cb1MSP:nc');
      expectCode(() => checkRecertification({ ...base, cert: { ...surveilled, surveillances: surveilled.surveillances?.slice(0, 1) } }), 'PRECONDITION_FAILED', 'had 1 surveillance audit');
      checkRecertification({ ...base, cert: { ...surveilled, surveillances: [] }, charter: { ...charter, minSurveillancesPerCycle: 0 } });
    });
  });
});
