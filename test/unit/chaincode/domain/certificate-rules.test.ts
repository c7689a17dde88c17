// Unit tests of the certificate state machine (docs/architecture.md §4): every row from every status, issue, transfer, sweep and history.

import { expect } from 'chai';
import {
  applySweep, CANCEL_REASONS, cancelCertificate, changeScope, checkIssueRules, checkTransfer, expireCertificate,
  recordSurveillance, restoreCertificate, statusAt, suspendCertificate, sweepAction, transferredCertificate,
  withdrawCertificate,
} from '../../../../chaincode/src/domain/certificate-rules';
import { DEFAULT_CHARTER } from '../../../../chaincode/src/domain/charter';
import { addDuration, addSeconds } from '../../../../chaincode/src/domain/time';
import {
  Accreditation, Certificate, CERTIFICATE_STATUSES, CertificateStatus, Charter, EvidenceRecord, Member,
} from '../../../../chaincode/src/domain/types';
import { defined } from '../../../support/defined';
import { expectCode } from '../../../support/expect-code';
import { certificateRecord } from './fixtures';


const DAY = 86_400;
const charter: Charter = structuredClone(DEFAULT_CHARTER);
const ISSUED = '2025-01-01T00:00:00.000Z';
const EXPIRES = '2027-12-31T00:00:00.000Z';
const NOW = '2025-06-01T00:00:00.000Z';
const SUSPENDED_UNTIL = '2025-09-01T00:00:00.000Z';
const AFTER_EXPIRY = '2028-01-01T00:00:00.000Z';

function cert(status: CertificateStatus = 'VALID', overrides: Partial<Certificate> = {}): Certificate {
  const c = certificateRecord({
    issuedAt: ISSUED,
    expiresAt: EXPIRES,
    status,
    statusReason: status === 'VALID' ? 'ISSUED' : `${status} earlier`,
    statusSince: status === 'VALID' ? ISSUED : '2025-05-01T00:00:00.000Z',
  });
  if (status === 'SUSPENDED') c.suspendedUntil = SUSPENDED_UNTIL;
  return { ...c, ...overrides };
}

/** Calls fn on a certificate and checks that the certificate was not changed. */
function unchanged<T>(c: Certificate, fn: (c: Certificate) => T): T {
  const before = structuredClone(c);
  try {
    return fn(c);
  } finally {
    expect(c, 'the input certificate must not change').to.deep.equal(before);
  }
}

describe('domain/certificate-rules', () => {
  describe('the §5.3 table from every status', () => {
    const rows: {
      change: string;
      allowed: CertificateStatus[];
      run: (c: Certificate) => Certificate;
      /** UNCHANGED: the status stays what it was */
      to: CertificateStatus | 'UNCHANGED';
    }[] = [
      {
        change: 'suspend', allowed: ['VALID'], to: 'SUSPENDED',
        run: (c) => suspendCertificate(c, { reason: '0111 体系持续或严重不满足认证要求', suspendedUntil: SUSPENDED_UNTIL }, NOW, charter),
      },
      { change: 'restore', allowed: ['SUSPENDED'], to: 'VALID', run: (c) => restoreCertificate(c, { evidenceIds: ['ev-2'] }, NOW) },
      { change: 'withdraw', allowed: ['VALID', 'SUSPENDED'], to: 'WITHDRAWN', run: (c) => withdrawCertificate(c, { reason: '0116 未运行体系' }, NOW) },
      { change: 'cancel', allowed: ['VALID', 'SUSPENDED'], to: 'CANCELLED', run: (c) => cancelCertificate(c, { reason: 'HOLDER_REQUEST' }, NOW) },
      { change: 'expire', allowed: ['VALID', 'SUSPENDED'], to: 'EXPIRED', run: (c) => expireCertificate(c, AFTER_EXPIRY) },
      { change: 'surveillance', allowed: ['VALID', 'SUSPENDED'], to: 'UNCHANGED', run: (c) => recordSurveillance(c, { auditId: 'A-7', startDate: '2025-06-01', endDate: '2025-06-02' }, NOW) },
      {
        change: 'change scope', allowed: ['VALID'], to: 'VALID',
        run: (c) => changeScope(c, { scope: 'Manufacture of valves', scopeCodes: [17], reason: '106 缩小范围' }, NOW),
      },
    ];
    for (const row of rows) {
      for (const status of CERTIFICATE_STATUSES) {
        if (row.allowed.includes(status)) {
          it(`${row.change} is allowed from ${status}`, () => {
            const c = cert(status);
            const out = unchanged(c, row.run);
            expect(out.status).to.equal(row.to === 'UNCHANGED' ? status : row.to);
            expect(out).not.to.equal(c);
          });
        } else {
          it(`${row.change} is refused from ${status}`, () => {
            const c = cert(status);
            const message = unchanged(c, (x) => expectCode(() => row.run(x), 'CONFLICT'));
            expect(message).to.equal(
              `certificate ${c.certificateNo} is ${status}; ${row.change} is allowed only from ${row.allowed.join(' or ')}`,
            );
          });
        }
      }
    }

    for (const status of CERTIFICATE_STATUSES) {
      it(`transfer ${status === 'VALID' ? 'is allowed' : 'is refused'} from ${status}`, () => {
        const c = cert(status);
        const run = (x: Certificate) =>
          checkTransfer({ source: x, acceptingBody: 'Cb2MSP', sourceIssuer: undefined, issuerAccreditation: undefined, now: NOW, charter });
        if (status === 'VALID') expect(unchanged(c, run)).to.deep.equal({ withoutConsent: false });
        else unchanged(c, (x) => expectCode(() => run(x), 'CONFLICT', `is ${status}`));
      });
    }
  });

  describe('suspend', () => {
    it('sets status, reason, statusSince and suspendedUntil', () => {
      const out = suspendCertificate(cert(), { reason: ' 0116 主动请求暂停 ', suspendedUntil: '2025-09-01T00:00:00Z' }, NOW, charter);
      expect(out).to.deep.equal({
        ...cert(),
        status: 'SUSPENDED',
        statusReason: '0116 主动请求暂停',
        statusSince: NOW,
        suspendedUntil: SUSPENDED_UNTIL,
        suspensions: [{ from: NOW, until: SUSPENDED_UNTIL }],
      });
    });

    it('accepts exactly the charter maximum and refuses 1 ms more', () => {
      const max = addDuration(NOW, charter.durations.maxSuspension);
      expect(max).to.equal('2025-12-01T00:00:00.000Z');
      expect(suspendCertificate(cert(), { reason: 'r', suspendedUntil: max }, NOW, charter).suspendedUntil).to.equal(max);
      const c = cert();
      unchanged(c, (x) =>
        expectCode(
          () => suspendCertificate(x, { reason: 'r', suspendedUntil: addSeconds(max, 0.001) }, NOW, charter),
          'INVALID_ARGUMENT',
          `suspendedUntil: must be no later than ${max}`,
        ),
      );
    });

    it('refuses a suspendedUntil not after now, a bad timestamp and a missing reason', () => {
      const c = cert();
      unchanged(c, (x) => expectCode(() => suspendCertificate(x, { reason: 'r', suspendedUntil: NOW }, NOW, charter), 'INVALID_ARGUMENT', 'suspendedUntil'));
      unchanged(c, (x) => expectCode(() => suspendCertificate(x, { reason: 'r', suspendedUntil: '2025-09-01' }, NOW, charter), 'INVALID_ARGUMENT', 'suspendedUntil'));
      unchanged(c, (x) => expectCode(() => suspendCertificate(x, { reason: '  ', suspendedUntil: SUSPENDED_UNTIL }, NOW, charter), 'INVALID_ARGUMENT', 'reason'));
    });

    it('refuses a certificate whose expiry has passed but was not yet swept', () => {
      const c = cert('VALID', { expiresAt: '2025-06-01T00:00:00.000Z' });
      unchanged(c, (x) => expectCode(() => suspendCertificate(x, { reason: 'r', suspendedUntil: SUSPENDED_UNTIL }, NOW, charter), 'PRECONDITION_FAILED', 'expired'));
    });
  });

  describe('restore', () => {
    it('links new evidence without duplicates and clears suspendedUntil', () => {
      const out = restoreCertificate(cert('SUSPENDED'), { evidenceIds: ['ev-1', 'ev-2', 'ev-2', 'ev-3'] }, NOW);
      expect(out.status).to.equal('VALID');
      expect(out.statusReason).to.equal('RESTORED');
      expect(out.statusSince).to.equal(NOW);
      expect(out.evidenceIds).to.deep.equal(['ev-1', 'ev-2', 'ev-3']);
      expect(out).not.to.have.property('suspendedUntil');
    });

    it('needs at least one evidence id', () => {
      const c = cert('SUSPENDED');
      unchanged(c, (x) => expectCode(() => restoreCertificate(x, { evidenceIds: [] }, NOW), 'INVALID_ARGUMENT', 'evidenceIds'));
      unchanged(c, (x) => expectCode(() => restoreCertificate(x, { evidenceIds: [''] }, NOW), 'INVALID_ARGUMENT', 'evidenceIds.0'));
    });

    it('is possible at suspendedUntil and refused after it (the rule is then withdrawal)', () => {
      expect(restoreCertificate(cert('SUSPENDED'), { evidenceIds: ['ev-2'] }, SUSPENDED_UNTIL).status).to.equal('VALID');
      const c = cert('SUSPENDED');
      unchanged(c, (x) =>
        expectCode(() => restoreCertificate(x, { evidenceIds: ['ev-2'] }, addSeconds(SUSPENDED_UNTIL, 0.001)), 'PRECONDITION_FAILED', '0115'),
      );
    });
  });

  describe('withdraw and cancel', () => {
    it('withdraw keeps the reason and clears suspendedUntil', () => {
      const out = withdrawCertificate(cert('SUSPENDED'), { reason: '0115 暂停期满问题未解决' }, NOW);
      expect(out).to.include({ status: 'WITHDRAWN', statusReason: '0115 暂停期满问题未解决', statusSince: NOW });
      expect(out).not.to.have.property('suspendedUntil');
      expectCode(() => withdrawCertificate(cert(), { reason: '' }, NOW), 'INVALID_ARGUMENT', 'reason');
    });

    it('cancel takes a reason code and an optional note', () => {
      expect(CANCEL_REASONS).to.deep.equal(['HOLDER_REQUEST', 'TRANSFERRED', '0201', '0202', '0203', '0204', '0299']);
      expect(cancelCertificate(cert(), { reason: 'TRANSFERRED' }, NOW).statusReason).to.equal('TRANSFERRED');
      // a code of the 注销 list is written with its label [docs/domain.md §4.4]
      expect(cancelCertificate(cert(), { reason: '0202' }, NOW).statusReason).to.equal('0202 不再生产/主动放弃');
      expect(cancelCertificate(cert(), { reason: '0204', note: '客户书面申请' }, NOW).statusReason).to.equal('0204 申请注销: 客户书面申请');
      expect(cancelCertificate(cert(), { reason: 'HOLDER_REQUEST', note: 'plant closed' }, NOW).statusReason)
        .to.equal('HOLDER_REQUEST: plant closed');
    });

    it('cancel refuses an unknown reason and an empty note', () => {
      const c = cert();
      unchanged(c, (x) => expectCode(() => cancelCertificate(x, { reason: 'FRAUD' as 'TRANSFERRED' }, NOW), 'INVALID_ARGUMENT', 'reason'));
      unchanged(c, (x) => expectCode(() => cancelCertificate(x, { reason: 'TRANSFERRED', note: '' }, NOW), 'INVALID_ARGUMENT', 'note'));
    });
  });

  describe('expire', () => {
    it('is possible from the instant expiresAt is reached, not 1 ms before', () => {
      expect(expireCertificate(cert(), EXPIRES)).to.include({ status: 'EXPIRED', statusReason: 'VALIDITY_ENDED', statusSince: EXPIRES });
      const c = cert();
      unchanged(c, (x) => expectCode(() => expireCertificate(x, addSeconds(EXPIRES, -0.001)), 'PRECONDITION_FAILED', EXPIRES));
    });
  });

  describe('surveillance', () => {
    it('sets lastSurveillanceAt to the end of the audit\'s last day in Asia/Shanghai, adds the audit to the cycle and links evidence, keeping the status', () => {
      const out = recordSurveillance(cert(), { auditId: 'A-7', startDate: '2025-06-01', endDate: '2025-06-02', evidenceIds: ['ev-1', 'ev-5'] }, NOW);
      expect(out).to.deep.equal({
        ...cert(), lastSurveillanceAt: '2025-06-02T16:00:00.000Z', evidenceIds: ['ev-1', 'ev-5'],
        surveillances: [{ auditId: 'A-7', startDate: '2025-06-01', endDate: '2025-06-02', recordedAt: NOW }],
      });
      const second = recordSurveillance(out, { auditId: 'A-8', startDate: '2026-05-01', endDate: '2026-05-01' }, NOW);
      expect(second.surveillances?.map((e) => e.auditId)).to.deep.equal(['A-7', 'A-8']);
      expect(second.lastSurveillanceAt).to.equal('2026-05-01T16:00:00.000Z');
    });

    it('is recorded on a SUSPENDED certificate too, which stays SUSPENDED (the late audit before the restore)', () => {
      const suspended = { ...cert(), status: 'SUSPENDED' as const, statusReason: 'SURVEILLANCE_OVERDUE', suspendedUntil: '2026-06-01T00:00:00.000Z' };
      expect(recordSurveillance(suspended, { auditId: 'A-7', startDate: '2025-06-01', endDate: '2025-06-02' }, NOW)).to.include({ status: 'SUSPENDED', suspendedUntil: suspended.suspendedUntil });
    });

    it('needs an audit id and a real end date', () => {
      expectCode(() => recordSurveillance(cert(), { auditId: '', startDate: '2025-06-01', endDate: '2025-06-02' }, NOW), 'INVALID_ARGUMENT', 'auditId');
      expectCode(() => recordSurveillance(cert(), { auditId: 'A-7', startDate: '2025-06-01', endDate: '2025-06-31' }, NOW), 'INVALID_ARGUMENT', 'audit.endDate');
    });
  });

  describe('change scope', () => {
    it('pushes the old scope to the history', () => {
      const first = changeScope(cert(), { scope: 'Valves', scopeCodes: [17], reason: '106 缩小范围' }, NOW);
      const second = changeScope(first, { scope: 'Valves and pumps', scopeCodes: [17, 18, 19], reason: '105 扩大范围' }, AFTER_EXPIRY.replace('2028', '2026'));
      expect(second.scope).to.equal('Valves and pumps');
      expect(second.scopeCodes).to.deep.equal([17, 18, 19]);
      expect(second.scopeHistory).to.deep.equal([
        { scope: 'Design and manufacture of valves', scopeCodes: [17, 18], at: NOW, reason: '106 缩小范围' },
        { scope: 'Valves', scopeCodes: [17], at: '2026-01-01T00:00:00.000Z', reason: '105 扩大范围' },
      ]);
      expect(first.scopeHistory).to.have.length(1);
    });

    it('refuses bad sectors, an empty list, no change, and a missing reason', () => {
      const c = cert();
      const run = (p: { scope: string; scopeCodes: number[]; reason: string }) => unchanged(c, (x) => changeScope(x, p, NOW));
      expectCode(() => run({ scope: 's', scopeCodes: [40], reason: 'r' }), 'INVALID_ARGUMENT', 'scopeCodes.0');
      expectCode(() => run({ scope: 's', scopeCodes: [17, 17], reason: 'r' }), 'INVALID_ARGUMENT', 'scopeCodes.1');
      expectCode(() => run({ scope: 's', scopeCodes: [], reason: 'r' }), 'INVALID_ARGUMENT', 'scopeCodes');
      expectCode(() => run({ scope: c.scope, scopeCodes: [17, 18], reason: 'r' }), 'INVALID_ARGUMENT', 'nothing to change');
      expectCode(() => run({ scope: 's', scopeCodes: [17], reason: '' }), 'INVALID_ARGUMENT', 'reason');
    });
  });

  describe('checkIssueRules', () => {
    const issuer: Member = {
      mspId: 'Cb1MSP', name: 'CB One', role: 'CERTIFICATION_BODY', status: 'ACTIVE', caRootPem: '', tlsRootPem: '',
      credentials: { cncaApprovalNo: 'CNCA-R-2002-001', accreditationNo: 'CNAS C001-M' }, appliedAt: ISSUED, statusSince: ISSUED,
    };
    const decision: EvidenceRecord = {
      id: 'Cb1MSP:dec-1', clientRef: 'dec-1', kind: 'CERTIFICATION_DECISION', subject: { uscc: '91350100M000100Y43', auditId: 'A-1' },
      digest: { alg: 'sha256', value: 'a'.repeat(64) }, form: 'digest', decision: 'GRANT',
      submitter: { mspId: 'Cb1MSP', subject: 'CN=decider', fingerprint: 'b'.repeat(64) }, txId: 'tx1', timestamp: ISSUED,
    };
    const input = (over: Partial<Parameters<typeof checkIssueRules>[0]> = {}) => ({
      certificate: cert(), issuerMember: issuer, decision, now: NOW, charter, ...over,
    });

    it('accepts an ACTIVE certification body with its GRANT decision for the organisation', () => {
      expect(() => checkIssueRules(input())).not.to.throw();
      // product certification has its own cap (P5Y by default)
      expect(() => checkIssueRules(input({ certificate: cert('VALID', { scheme: 'PRODUCT', expiresAt: '2030-01-01T00:00:00.000Z' }) }))).not.to.throw();
    });

    it('refuses an issuer that is not an ACTIVE certification-body member (FORBIDDEN)', () => {
      expectCode(() => checkIssueRules(input({ issuerMember: undefined })), 'FORBIDDEN', 'not a consortium member');
      expectCode(() => checkIssueRules(input({ issuerMember: { ...issuer, mspId: 'Cb2MSP' } })), 'FORBIDDEN');
      expectCode(() => checkIssueRules(input({ issuerMember: { ...issuer, role: 'REGULATOR' } })), 'FORBIDDEN', 'REGULATOR');
      for (const status of ['APPROVED', 'SUSPENDED', 'EXITING', 'EXPELLED', 'EXITED'] as const) {
        expectCode(() => checkIssueRules(input({ issuerMember: { ...issuer, status } })), 'FORBIDDEN', status);
      }
    });

    it('refuses a missing or wrong decision (PRECONDITION_FAILED)', () => {
      expectCode(() => checkIssueRules(input({ decision: undefined })), 'PRECONDITION_FAILED', 'CERTIFICATION_DECISION');
      expectCode(() => checkIssueRules(input({ decision: { ...decision, kind: 'AUDIT_REPORT' } })), 'PRECONDITION_FAILED', 'AUDIT_REPORT');
      expectCode(() => checkIssueRules(input({ decision: { ...decision, decision: 'REFUSE' } })), 'PRECONDITION_FAILED', 'GRANT');
      const { decision: _omit, ...noOutcome } = decision;
      expectCode(() => checkIssueRules(input({ decision: noOutcome })), 'PRECONDITION_FAILED', 'GRANT');
      expectCode(
        () => checkIssueRules(input({ decision: { ...decision, submitter: { ...decision.submitter, mspId: 'Cb2MSP' } } })),
        'PRECONDITION_FAILED', 'Cb2MSP',
      );
      expectCode(
        () => checkIssueRules(input({ decision: { ...decision, subject: { uscc: '91110000600037341L' } } })),
        'PRECONDITION_FAILED', '91110000600037341L',
      );
    });

    it('validity: expiresAt after issuedAt, management systems at most maxValidity', () => {
      expectCode(() => checkIssueRules(input({ certificate: cert('VALID', { expiresAt: ISSUED }) })), 'INVALID_ARGUMENT', 'certificate.expiresAt');
      const max = addDuration(ISSUED, charter.durations.maxValidity.QMS);
      expect(max).to.equal('2028-01-01T00:00:00.000Z');
      expect(() => checkIssueRules(input({ certificate: cert('VALID', { expiresAt: max }) }))).not.to.throw();
      expectCode(
        () => checkIssueRules(input({ certificate: cert('VALID', { expiresAt: addSeconds(max, 1) }) })),
        'INVALID_ARGUMENT', 'certificate.expiresAt: must be no later than',
      );
      expectCode(() => checkIssueRules(input({ now: '2028-06-01T00:00:00.000Z' })), 'INVALID_ARGUMENT', 'already passed');
    });

    it('issuedAt at most maxClockSkew ahead of now', () => {
      const limit = addSeconds(NOW, charter.maxClockSkewSeconds);
      expect(() => checkIssueRules(input({ certificate: cert('VALID', { issuedAt: limit }) }))).not.to.throw();
      expectCode(
        () => checkIssueRules(input({ certificate: cert('VALID', { issuedAt: addSeconds(limit, 1) }) })),
        'INVALID_ARGUMENT', 'certificate.issuedAt',
      );
    });

    it('does not change its inputs', () => {
      const i = input();
      const before = structuredClone(i);
      checkIssueRules(i);
      expect(i).to.deep.equal(before);
    });
  });

  describe('checkTransfer (IAF MD 2)', () => {
    const cb1: Member = {
      mspId: 'Cb1MSP', name: 'CB One', role: 'CERTIFICATION_BODY', status: 'ACTIVE', caRootPem: '', tlsRootPem: '',
      credentials: {}, appliedAt: ISSUED, statusSince: ISSUED,
    };
    const withdrawn: Accreditation = { body: 'Cb1MSP', state: 'WITHDRAWN', recordedBy: 'AbMSP', since: '2025-05-01T00:00:00.000Z', reason: 'r' };
    const run = (over: Partial<Parameters<typeof checkTransfer>[0]> = {}) =>
      checkTransfer({ source: cert(), acceptingBody: 'Cb2MSP', sourceIssuer: cb1, issuerAccreditation: undefined, now: NOW, charter, ...over });

    it('a VALID certificate of an ACTIVE, accredited issuer needs consent', () => {
      expect(run()).to.deep.equal({ withoutConsent: false });
      expect(run({ issuerAccreditation: { ...withdrawn, state: 'ACCREDITED' } })).to.deep.equal({ withoutConsent: false });
    });

    it('a SUSPENDED certificate is refused citing IAF MD 2', () => {
      const c = cert('SUSPENDED');
      unchanged(c, (x) => expectCode(() => run({ source: x }), 'CONFLICT', 'IAF MD 2'));
    });

    it('the issuer cannot accept its own certificate', () => {
      expectCode(() => run({ acceptingBody: 'Cb1MSP' }), 'FORBIDDEN', 'another body');
    });

    it('an expelled, exited, SUSPENDED or EXITING issuer → without consent (it cannot give it); a missing record does not waive it', () => {
      for (const status of ['EXPELLED', 'EXITED', 'SUSPENDED', 'EXITING'] as const) {
        expect(run({ sourceIssuer: { ...cb1, status } }), status).to.deep.equal({ withoutConsent: true });
      }
      expect(run({ sourceIssuer: undefined })).to.deep.equal({ withoutConsent: false });
    });

    it('accreditation suspended: without consent inside the window, not after it (IAF MD 2)', () => {
      const suspended = { ...withdrawn, state: 'SUSPENDED' as const };
      const windowEnd = addDuration(suspended.since, charter.durations.transferWindow);
      expect(run({ issuerAccreditation: suspended })).to.deep.equal({ withoutConsent: true });
      expect(run({ issuerAccreditation: suspended, now: windowEnd })).to.deep.equal({ withoutConsent: true });
      expect(run({ issuerAccreditation: suspended, now: addSeconds(windowEnd, 0.001) })).to.deep.equal({ withoutConsent: false });
    });

    it('accreditation withdrawn: without consent inside the window, not after it', () => {
      const windowEnd = addDuration(withdrawn.since, charter.durations.transferWindow);
      expect(windowEnd).to.equal('2025-11-01T00:00:00.000Z');
      expect(run({ issuerAccreditation: withdrawn })).to.deep.equal({ withoutConsent: true });
      expect(run({ issuerAccreditation: withdrawn, now: windowEnd })).to.deep.equal({ withoutConsent: true });
      expect(run({ issuerAccreditation: withdrawn, now: addSeconds(windowEnd, 0.001) })).to.deep.equal({ withoutConsent: false });
    });

    it('accreditation withdrawn: not once the certificate has expired, even inside the window', () => {
      const source = cert('VALID', { expiresAt: '2025-07-01T00:00:00.000Z' });
      expect(run({ source, issuerAccreditation: withdrawn, now: '2025-06-30T23:59:59.999Z' })).to.deep.equal({ withoutConsent: true });
      expectCode(() => run({ source, issuerAccreditation: withdrawn, now: '2025-07-01T00:00:00.000Z' }), 'PRECONDITION_FAILED', 'expired');
    });

    it('refuses a certificate overdue for surveillance and an accreditation of another body', () => {
      expectCode(() => run({ now: addSeconds(ISSUED, 365 * DAY + 1) }), 'PRECONDITION_FAILED', 'SURVEILLANCE_OVERDUE');
      expectCode(() => run({ issuerAccreditation: { ...withdrawn, body: 'Cb9MSP' } }), 'INVALID_ARGUMENT', 'issuerAccreditation.body');
    });
  });

  describe('transferredCertificate', () => {
    it('continues the source cycle under the accepting body', () => {
      const source = cert('VALID', { lastSurveillanceAt: '2025-03-01T00:00:00.000Z', scopeHistory: [{ scope: 'x', scopeCodes: [1], at: ISSUED, reason: 'r' }] });
      const out = unchanged(source, (s) =>
        transferredCertificate(s, { certificateNo: '03425Q10001R0M', issuer: 'Cb2MSP', now: NOW, evidenceIds: ['ev-t', 'ev-t'] }),
      );
      expect(out).to.deep.equal({
        certificateNo: '03425Q10001R0M',
        issuer: 'Cb2MSP',
        scheme: source.scheme,
        standard: source.standard,
        organization: source.organization,
        scope: source.scope,
        scopeCodes: source.scopeCodes,
        sectorCode: source.sectorCode,
        issuedAt: NOW,
        expiresAt: EXPIRES,
        status: 'VALID',
        statusReason: 'TRANSFERRED_IN',
        statusSince: NOW,
        lastSurveillanceAt: '2025-03-01T00:00:00.000Z',
        evidenceIds: ['ev-t'],
        transferredFrom: { issuer: 'Cb1MSP', certificateNo: '00125Q31234R0M' },
        scopeHistory: [],
      });
      out.scopeCodes.push(30);
      out.organization.name = 'changed';
      expect(source.scopeCodes).to.deep.equal([17, 18]);
      expect(source.organization.name).to.equal('示例制造有限公司');
    });

    it('keeps the surveillance clock of a never-surveilled source running from its issue', () => {
      const out = transferredCertificate(cert(), { certificateNo: 'N', issuer: 'Cb2MSP', now: NOW, evidenceIds: ['ev-t'] });
      expect(out.lastSurveillanceAt).to.equal(ISSUED);
      expect(sweepAction(out, addSeconds(ISSUED, 365 * DAY + 1), charter)?.action).to.equal('SUSPEND');
    });

    it('carries the organisation\'s change history and the cycle it renewed', () => {
      const organizationHistory = [{ previous: { name: '旧名称有限公司', uscc: '91350100M000100Y43', address: '福州市', regionCode: '350102' }, at: NOW, reasonCode: '0101', reason: '0101 组织更名' }];
      const previousCycle = { certificateNo: '00122Q31234R0M', cycle: 0, issuedAt: ISSUED, expiresAt: EXPIRES, surveillances: 2 };
      const out = transferredCertificate(cert('VALID', { organizationHistory, previousCycle, cycle: 1 }), { certificateNo: 'N', issuer: 'Cb2MSP', now: NOW, evidenceIds: ['ev-t'] });
      expect(out).to.deep.include({ organizationHistory, previousCycle, cycle: 1 });
    });

    it('needs the pre-transfer review evidence and a number', () => {
      expectCode(() => transferredCertificate(cert(), { certificateNo: 'N', issuer: 'Cb2MSP', now: NOW, evidenceIds: [] }), 'INVALID_ARGUMENT', 'evidenceIds');
      expectCode(() => transferredCertificate(cert(), { certificateNo: '', issuer: 'Cb2MSP', now: NOW, evidenceIds: ['e'] }), 'INVALID_ARGUMENT', 'certificateNo');
    });
  });

  describe('sweep', () => {
    const ms = 0.001;

    it('terminal certificates need nothing, even long past expiry', () => {
      for (const status of ['WITHDRAWN', 'CANCELLED', 'EXPIRED'] as const) {
        expect(sweepAction(cert(status), AFTER_EXPIRY, charter), status).to.equal(undefined);
      }
    });

    it('EXPIRE from the instant expiresAt is reached', () => {
      const c = cert('VALID', { lastSurveillanceAt: '2027-06-01T00:00:00.000Z' });
      expect(sweepAction(c, addSeconds(EXPIRES, -ms), charter)).to.equal(undefined);
      expect(sweepAction(c, EXPIRES, charter)).to.deep.equal({ action: 'EXPIRE', reason: 'VALIDITY_ENDED' });
      const s = cert('SUSPENDED', { suspendedUntil: '2028-06-01T00:00:00.000Z' });
      expect(sweepAction(s, addSeconds(EXPIRES, -ms), charter)).to.equal(undefined);
      expect(sweepAction(s, EXPIRES, charter)?.action).to.equal('EXPIRE');
    });

    it('expiry takes precedence over an ended suspension', () => {
      const s = cert('SUSPENDED', { suspendedUntil: '2025-07-01T00:00:00.000Z' });
      expect(sweepAction(s, AFTER_EXPIRY, charter)?.action).to.equal('EXPIRE');
    });

    it('WITHDRAW (0115) only after suspendedUntil has passed', () => {
      const s = cert('SUSPENDED');
      expect(sweepAction(s, SUSPENDED_UNTIL, charter)).to.equal(undefined);
      expect(sweepAction(s, addSeconds(SUSPENDED_UNTIL, ms), charter)).to.deep.equal({ action: 'WITHDRAW', reason: 'SUSPENSION_EXPIRED (0115)' });
    });

    it('SUSPEND only after the surveillance interval has passed since issue', () => {
      const due = addDuration(ISSUED, charter.durations.surveillanceInterval);
      expect(due).to.equal('2026-01-01T00:00:00.000Z');
      expect(sweepAction(cert(), due, charter)).to.equal(undefined);
      expect(sweepAction(cert(), addSeconds(due, ms), charter)).to.deep.equal({ action: 'SUSPEND', reason: 'SURVEILLANCE_OVERDUE' });
    });

    it('SUSPEND counts from the last surveillance when there is one', () => {
      const c = cert('VALID', { lastSurveillanceAt: '2025-12-01T00:00:00.000Z' });
      const due = addDuration('2025-12-01T00:00:00.000Z', charter.durations.surveillanceInterval);
      expect(sweepAction(c, addSeconds(ISSUED, 400 * DAY), charter)).to.equal(undefined);
      expect(sweepAction(c, due, charter)).to.equal(undefined);
      expect(sweepAction(c, addSeconds(due, ms), charter)?.action).to.equal('SUSPEND');
    });

    it('applySweep applies each action once', () => {
      const e = cert();
      const expired = unchanged(e, (x) => applySweep(x, { action: 'EXPIRE', reason: 'VALIDITY_ENDED' }, EXPIRES, charter));
      expect(expired).to.include({ status: 'EXPIRED', statusSince: EXPIRES, statusReason: 'VALIDITY_ENDED' });

      const s = cert('SUSPENDED');
      const later = addSeconds(SUSPENDED_UNTIL, 1);
      const withdrawn = unchanged(s, (x) => applySweep(x, defined(sweepAction(x, later, charter), 'a sweep action'), later, charter));
      expect(withdrawn).to.include({ status: 'WITHDRAWN', statusReason: 'SUSPENSION_EXPIRED (0115)', statusSince: later });
      expect(withdrawn).not.to.have.property('suspendedUntil');

      const overdue = addSeconds(ISSUED, 366 * DAY);
      const suspended = applySweep(cert(), { action: 'SUSPEND', reason: 'SURVEILLANCE_OVERDUE' }, overdue, charter);
      expect(suspended).to.include({
        status: 'SUSPENDED', statusReason: 'SURVEILLANCE_OVERDUE', statusSince: overdue,
        suspendedUntil: addDuration(overdue, charter.durations.maxSuspension),
      });
      expect(suspended.suspensions).to.deep.equal([{ from: overdue, until: addDuration(overdue, charter.durations.maxSuspension) }]);
      // idempotent: nothing more is due, and a repeated action is refused
      expect(sweepAction(suspended, overdue, charter)).to.equal(undefined);
      unchanged(suspended, (x) => expectCode(() => applySweep(x, { action: 'SUSPEND', reason: 'SURVEILLANCE_OVERDUE' }, overdue, charter), 'CONFLICT', 'none'));
    });

    it('applySweep refuses an action that is not the one due', () => {
      const c = cert();
      unchanged(c, (x) => expectCode(() => applySweep(x, { action: 'EXPIRE', reason: 'x' }, NOW, charter), 'CONFLICT', 'not EXPIRE'));
      unchanged(c, (x) => expectCode(() => applySweep(x, { action: 'WITHDRAW', reason: 'x' }, AFTER_EXPIRY, charter), 'CONFLICT', 'EXPIRE, not WITHDRAW'));
    });
  });

  describe('statusAt', () => {
    const v1 = cert('VALID');
    const v2 = suspendCertificate(v1, { reason: 'r', suspendedUntil: SUSPENDED_UNTIL }, '2025-05-01T00:00:00.000Z', charter);
    const v3 = restoreCertificate(v2, { evidenceIds: ['ev-2'] }, '2025-06-01T00:00:00.000Z');
    const history = [
      { timestamp: ISSUED, value: v1 },
      { timestamp: '2025-05-01T00:00:00.000Z', value: v2 },
      { timestamp: '2025-06-01T00:00:00.000Z', value: v3 },
    ];

    it('is undefined before issue and the version in force afterwards', () => {
      expect(statusAt(history, '2024-12-31T23:59:59.999Z')).to.equal(undefined);
      expect(statusAt(history, ISSUED)?.status).to.equal('VALID');
      expect(statusAt(history, '2025-04-30T23:59:59.999Z')?.status).to.equal('VALID');
      expect(statusAt(history, '2025-05-01T00:00:00Z')?.status).to.equal('SUSPENDED');
      expect(statusAt(history, '2025-05-31T00:00:00.000Z')?.status).to.equal('SUSPENDED');
      expect(statusAt(history, '2030-01-01T00:00:00.000Z')).to.deep.equal(v3);
      expect(statusAt([], NOW)).to.equal(undefined);
    });

    it('is undefined after a delete, and returns a copy', () => {
      expect(statusAt([...history, { timestamp: '2025-07-01T00:00:00.000Z', value: undefined }], '2025-08-01T00:00:00.000Z')).to.equal(undefined);
      const got = defined(statusAt(history, NOW), 'the status now');
      got.status = 'EXPIRED';
      expect(v3.status).to.equal('VALID');
    });

    it('takes entries in commit order when a later commit carries an earlier client time', () => {
      const skewed = [
        { timestamp: ISSUED, value: v1 },
        { timestamp: '2025-05-01T00:00:10.000Z', value: v2 },
        { timestamp: '2025-05-01T00:00:05.000Z', value: v3 },
      ];
      // v3 was committed after v2, so once its time is reached it is the answer, v2 never shows
      expect(statusAt(skewed, '2025-05-01T00:00:04.999Z')?.statusReason).to.equal('ISSUED');
      expect(statusAt(skewed, '2025-05-01T00:00:07.000Z')?.statusReason).to.equal('RESTORED');
      expect(statusAt(skewed, '2025-05-01T00:00:10.000Z')?.statusReason).to.equal('RESTORED');
    });

    it('refuses a bad `at`', () => {
      expectCode(() => statusAt(history, '2025-05-01'), 'INVALID_ARGUMENT', 'at');
    });
  });
});
