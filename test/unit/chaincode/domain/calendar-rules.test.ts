// Unit tests of the calendar-exact limits of docs/domain.md §4.5: the suspension allowance of a
// certification cycle (suspension.ts) and the rules that use it, and the validity cap of every scheme.

import { expect } from 'chai';
import {
  applySweep, checkValidityPeriod, restoreCertificate, suspendCertificate, suspendForAllowance, sweepAction, transferredCertificate,
} from '../../../../chaincode/src/domain/certificate-rules';
import { DEFAULT_CHARTER } from '../../../../chaincode/src/domain/charter';
import { closeSuspension, openSuspension, suspensionAllowance } from '../../../../chaincode/src/domain/suspension';
import { Certificate, Charter, SCHEMES } from '../../../../chaincode/src/domain/types';
import { defined } from '../../../support/defined';
import { expectCode } from '../../../support/expect-code';
import { certificateRecord } from './fixtures';

const DAY = 86_400;
const charter: Charter = structuredClone(DEFAULT_CHARTER);
/** 10:00 in Shanghai, the same calendar day in UTC and in Asia/Shanghai. */
const at = (date: string): string => `${date}T02:00:00.000Z`;

function cert(overrides: Partial<Certificate> = {}): Certificate {
  return certificateRecord({ issuedAt: at('2025-01-01'), expiresAt: at('2027-12-31'), statusSince: at('2025-01-01'), ...overrides });
}

describe('domain: calendar-exact limits', () => {
  describe('suspensionAllowance', () => {
    it('a first suspension gets the charter maximum in calendar months from now', () => {
      expect(suspensionAllowance(cert(), at('2025-02-01'), charter)).to.deep.equal({
        countedFrom: at('2025-02-01'), allowedSeconds: 181 * DAY, usedSeconds: 0, remainingSeconds: 181 * DAY, latestUntil: at('2025-08-01'),
      });
      expect(suspensionAllowance(cert(), at('2025-07-01'), charter).latestUntil).to.equal(at('2026-01-01'));
      // 31 August + 6 months is the last day of February
      expect(suspensionAllowance(cert(), at('2025-08-31'), charter).latestUntil).to.equal(at('2026-02-28'));
    });

    it('counts from the cycle\'s first suspension, and each suspension to its restore', () => {
      const suspensions = [
        { from: at('2025-02-01'), until: at('2025-08-01'), endedAt: at('2025-03-01') },
        { from: at('2025-04-01'), until: at('2025-05-01'), endedAt: at('2025-04-11') },
      ];
      const a = suspensionAllowance(cert({ suspensions }), at('2025-06-01'), charter);
      expect(a).to.deep.include({ countedFrom: at('2025-02-01'), allowedSeconds: 181 * DAY, usedSeconds: 38 * DAY, remainingSeconds: 143 * DAY });
      expect(a.latestUntil).to.equal(at('2025-10-22'));
    });

    it('a suspension that was not restored counts to its suspendedUntil', () => {
      const suspensions = [{ from: at('2025-02-01'), until: at('2025-03-01') }];
      expect(suspensionAllowance(cert({ suspensions }), at('2025-06-01'), charter).usedSeconds).to.equal(28 * DAY);
    });

    it('an exhausted allowance leaves nothing: the latest end is now', () => {
      const suspensions = [{ from: at('2025-02-01'), until: at('2025-08-01'), endedAt: at('2025-08-01') }];
      expect(suspensionAllowance(cert({ suspensions }), at('2025-09-01'), charter)).to.deep.include({ remainingSeconds: 0, latestUntil: at('2025-09-01') });
    });

    it('runs on a compressed test clock', () => {
      const fast: Charter = { ...charter, durations: { ...charter.durations, maxSuspension: 'PT20S' } };
      const suspensions = [{ from: '2025-01-01T00:00:00.000Z', until: '2025-01-01T00:00:20.000Z', endedAt: '2025-01-01T00:00:15.000Z' }];
      expect(suspensionAllowance(cert({ suspensions }), '2025-01-01T00:01:00.000Z', fast)).to.deep.include({
        allowedSeconds: 20, usedSeconds: 15, latestUntil: '2025-01-01T00:01:05.000Z',
      });
    });

    it('openSuspension and closeSuspension copy, never change, the certificate\'s list', () => {
      const c = cert({ suspensions: [{ from: at('2025-02-01'), until: at('2025-03-01'), endedAt: at('2025-02-10') }] });
      const before = structuredClone(c);
      const opened = openSuspension(c, '2025-04-01T02:00:00Z', '2025-05-01T02:00:00Z');
      expect(opened).to.deep.equal([...defined(before.suspensions, 'the certificate\'s suspensions'), { from: at('2025-04-01'), until: at('2025-05-01') }]);
      const closed = closeSuspension({ ...c, status: 'SUSPENDED', suspensions: opened, suspendedUntil: at('2025-05-01') }, at('2025-04-03'));
      expect(closed[1]).to.deep.equal({ from: at('2025-04-01'), until: at('2025-05-01'), endedAt: at('2025-04-03') });
      expect(c).to.deep.equal(before);
      expect(opened[1]).not.to.have.property('endedAt');
    });

    it('closeSuspension records a suspension made before suspensions were kept, from statusSince', () => {
      const legacy = cert({ status: 'SUSPENDED', statusSince: at('2025-03-01'), suspendedUntil: at('2025-06-01') });
      expect(closeSuspension(legacy, at('2025-04-01'))).to.deep.equal([{ from: at('2025-03-01'), until: at('2025-06-01'), endedAt: at('2025-04-01') }]);
    });
  });

  describe('suspend, restore and the automatic suspensions use the allowance', () => {
    it('restore then suspend again gets only what is left (the Found: chaining had no limit)', () => {
      const first = suspendCertificate(cert(), { reason: 'r', suspendedUntil: at('2025-08-01') }, at('2025-02-01'), charter);
      const restored = restoreCertificate(first, { evidenceIds: ['ev-2'] }, at('2025-06-01'));
      expect(restored.suspensions).to.deep.equal([{ from: at('2025-02-01'), until: at('2025-08-01'), endedAt: at('2025-06-01') }]);
      const message = expectCode(
        () => suspendCertificate(restored, { reason: 'r', suspendedUntil: at('2025-12-02') }, at('2025-06-02'), charter),
        'INVALID_ARGUMENT',
        `suspendedUntil: must be no later than ${at('2025-08-02')}`,
      );
      expect(message).to.include(`P6M of suspension in a certification cycle (181 days counted from its first suspension at ${at('2025-02-01')}), and 120 days of them are used`);
      const second = suspendCertificate(restored, { reason: 'r', suspendedUntil: at('2025-08-02') }, at('2025-06-02'), charter);
      expect(second.suspensions).to.have.length(2);
    });

    it('an exhausted allowance refuses every issuer suspension', () => {
      const suspensions = [{ from: at('2025-02-01'), until: at('2025-08-01'), endedAt: at('2025-08-01') }];
      expectCode(
        () => suspendCertificate(cert({ suspensions }), { reason: 'r', suspendedUntil: '2025-09-01T02:00:00.001Z' }, at('2025-09-01'), charter),
        'INVALID_ARGUMENT', `must be no later than ${at('2025-09-01')}`,
      );
    });

    it('suspendForAllowance: the charter maximum first, the remainder later, and an immediate end when nothing is left', () => {
      expect(suspendForAllowance(cert(), 'CREDIT_EVENT tx1 (X)', at('2025-07-01'), charter)).to.deep.include({
        status: 'SUSPENDED', statusReason: 'CREDIT_EVENT tx1 (X)', suspendedUntil: at('2026-01-01'),
        suspensions: [{ from: at('2025-07-01'), until: at('2026-01-01') }],
      });
      const usedOnce = { from: at('2025-02-01'), until: at('2025-08-01'), endedAt: at('2025-07-31') };
      expect(suspendForAllowance(cert({ suspensions: [usedOnce] }), 'r', at('2025-09-01'), charter).suspendedUntil).to.equal(at('2025-09-02'));
      const gone = suspendForAllowance(cert({ suspensions: [{ ...usedOnce, endedAt: at('2025-08-01') }] }), 'r', at('2025-09-01'), charter);
      expect(gone.suspendedUntil).to.equal(at('2025-09-01'));
      // nothing left to restore in: the next sweep withdraws (0115)
      expect(sweepAction(gone, '2025-09-01T02:00:00.001Z', charter)).to.deep.equal({ action: 'WITHDRAW', reason: 'SUSPENSION_EXPIRED (0115)' });
      expectCode(() => suspendForAllowance(gone, 'r', at('2025-09-02'), charter), 'CONFLICT', 'is SUSPENDED');
    });

    it('the overdue-surveillance suspension of a sweep uses the allowance too', () => {
      const used = [{ from: at('2025-02-01'), until: at('2025-08-01'), endedAt: at('2025-07-22') }];
      const overdue = '2026-01-01T02:00:00.001Z';
      const swept = applySweep(cert({ suspensions: used }), { action: 'SUSPEND', reason: 'SURVEILLANCE_OVERDUE' }, overdue, charter);
      expect(swept).to.deep.include({ status: 'SUSPENDED', suspendedUntil: '2026-01-11T02:00:00.001Z' });
    });

    it('a transfer continues the cycle with its suspensions', () => {
      const suspensions = [{ from: at('2025-02-01'), until: at('2025-08-01'), endedAt: at('2025-03-01') }];
      const out = transferredCertificate(cert({ suspensions }), { certificateNo: '03425Q10001R0M', issuer: 'Cb2MSP', now: at('2025-06-01'), evidenceIds: ['ev-t'] });
      expect(out.suspensions).to.deep.equal(suspensions);
      expect(transferredCertificate(cert(), { certificateNo: 'N-1', issuer: 'Cb2MSP', now: at('2025-06-01'), evidenceIds: ['ev-t'] })).not.to.have.property('suspensions');
    });
  });

  describe('surveillance and suspension end run on the calendar', () => {
    it('surveillance is overdue only after twelve calendar months, across 29 February (the Found: one day early)', () => {
      const c = cert({ issuedAt: at('2023-06-01'), expiresAt: at('2026-05-31') });
      expect(sweepAction(c, '2024-05-31T12:00:00.000Z', charter)).to.equal(undefined);
      expect(sweepAction(c, at('2024-06-01'), charter)).to.equal(undefined);
      expect(sweepAction(c, '2024-06-01T02:00:00.001Z', charter)).to.deep.equal({ action: 'SUSPEND', reason: 'SURVEILLANCE_OVERDUE' });
    });

    it('a suspension without suspendedUntil (an old record) ends the charter maximum after it began', () => {
      const c = cert({ status: 'SUSPENDED', statusSince: at('2025-07-01') });
      expect(sweepAction(c, at('2026-01-01'), charter)).to.equal(undefined);
      expect(sweepAction(c, '2026-01-01T02:00:00.001Z', charter)?.action).to.equal('WITHDRAW');
    });
  });

  describe('checkValidityPeriod: every scheme is capped [docs/domain.md §4.5; BSC 8.1b]', () => {
    const check = (scheme: Certificate['scheme'], expiresAt: string, c: Charter = charter) =>
      checkValidityPeriod({ scheme, issuedAt: at('2025-01-01'), expiresAt }, c);

    it('3 years + 1 day is refused for management systems, SERVICE and OTHER (the Found: 1,096 days accepted it)', () => {
      for (const scheme of SCHEMES.filter((s) => s !== 'PRODUCT')) {
        expect(() => check(scheme, at('2028-01-01')), scheme).not.to.throw();
        expectCode(() => check(scheme, at('2028-01-02')), 'INVALID_ARGUMENT',
          `certificate.expiresAt: must be no later than ${at('2028-01-01')}: a ${scheme} certificate is valid for at most P3Y (charter durations.maxValidity.${scheme})`);
      }
    });

    it('PRODUCT is capped at 5 years by default', () => {
      expect(() => check('PRODUCT', at('2030-01-01'))).not.to.throw();
      expectCode(() => check('PRODUCT', at('2030-01-02')), 'INVALID_ARGUMENT', 'P5Y');
    });

    it('follows the charter, per scheme', () => {
      const c: Charter = { ...charter, durations: { ...charter.durations, maxValidity: { ...charter.durations.maxValidity, SERVICE: 'P1Y' } } };
      expect(() => check('SERVICE', at('2026-01-01'), c)).not.to.throw();
      expectCode(() => check('SERVICE', '2026-01-01T02:00:00.001Z', c), 'INVALID_ARGUMENT', 'P1Y');
      expect(() => check('QMS', at('2028-01-01'), c)).not.to.throw();
    });
  });
});
