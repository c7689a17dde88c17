// Unit tests of the auditor workload rules: overlapping audits, plausible per-auditor man-days and the rolling man-day total.

import { expect } from 'chai';
import { DEFAULT_CHARTER } from '../../../../chaincode/src/domain/charter';
import { Audit, Charter } from '../../../../chaincode/src/domain/types';
import { auditCalendarDays, checkManDaysPlausible, findOverlappingAudit, manDaysOf, rollingManDays, workloadExceeded } from '../../../../chaincode/src/domain/workload';
import { defined } from '../../../support/defined';
import { expectCode } from '../../../support/expect-code';


const DAY = 86_400;
const charter: Charter = structuredClone(DEFAULT_CHARTER);

const ZHANG = '2021-N1QMS-1234567';
const WANG = '2020-N1EMS-7654321';

/** An audit of ZHANG (`manDays`) and WANG (1 man-day). */
function audit(auditId: string, startDate: string, endDate: string, manDays = 2): Audit {
  return {
    auditId, type: 'SURVEILLANCE', scheme: 'QMS', uscc: '91350100M000100Y43', startDate, endDate, mode: 'ON_SITE', scopeCodes: [18],
    manDays: manDays + 1,
    auditors: [{ registrationNo: ZHANG, manDays, role: 'LEADER' }, { registrationNo: WANG, manDays: 1, role: 'MEMBER' }],
    body: 'Cb1MSP', txId: `tx-${auditId}`, timestamp: `${endDate}T12:00:00.000Z`,
  };
}

describe('domain/workload', () => {
  describe('findOverlappingAudit', () => {
    const existing = [audit('A1', '2025-03-10', '2025-03-12'), audit('A2', '2025-03-20', '2025-03-20')];

    it('finds no clash on free days, touching neither end', () => {
      const list = structuredClone(existing);
      expect(findOverlappingAudit({ auditId: 'N', startDate: '2025-03-13', endDate: '2025-03-19' }, list)).to.equal(undefined);
      expect(findOverlappingAudit({ auditId: 'N', startDate: '2025-03-01', endDate: '2025-03-09' }, list)).to.equal(undefined);
      expect(list).to.deep.equal(existing);
    });

    it('ranges are inclusive: sharing a single day is an overlap', () => {
      expect(findOverlappingAudit({ auditId: 'N', startDate: '2025-03-12', endDate: '2025-03-14' }, existing)?.auditId).to.equal('A1');
      expect(findOverlappingAudit({ auditId: 'N', startDate: '2025-03-08', endDate: '2025-03-10' }, existing)?.auditId).to.equal('A1');
      expect(findOverlappingAudit({ auditId: 'N', startDate: '2025-03-20', endDate: '2025-03-20' }, existing)?.auditId).to.equal('A2');
      expect(findOverlappingAudit({ auditId: 'N', startDate: '2025-03-11', endDate: '2025-03-11' }, existing)?.auditId).to.equal('A1');
      expect(findOverlappingAudit({ auditId: 'N', startDate: '2025-03-01', endDate: '2025-03-31' }, existing)?.auditId).to.equal('A1');
    });

    it('the same auditId is not an overlap', () => {
      expect(findOverlappingAudit({ auditId: 'A1', startDate: '2025-03-10', endDate: '2025-03-12' }, existing)).to.equal(undefined);
    });

    it('returns the earliest-starting clash whatever the order of the list, as a copy', () => {
      const reversed = [...existing].reverse();
      const found = findOverlappingAudit({ auditId: 'N', startDate: '2025-03-01', endDate: '2025-03-31' }, reversed);
      expect(found?.auditId).to.equal('A1');
      defined(found, 'the earliest clash').manDays = 99;
      expect(existing[0]?.manDays).to.equal(3);
    });

    it('refuses bad dates and an end before the start', () => {
      expectCode(() => findOverlappingAudit({ auditId: 'N', startDate: '2025-3-1', endDate: '2025-03-02' }, existing), 'INVALID_ARGUMENT', 'startDate');
      expectCode(() => findOverlappingAudit({ auditId: 'N', startDate: '2025-02-28', endDate: '2025-02-29' }, existing), 'INVALID_ARGUMENT', 'endDate');
      expectCode(() => findOverlappingAudit({ auditId: 'N', startDate: '2025-03-05', endDate: '2025-03-04' }, existing), 'INVALID_ARGUMENT', 'endDate');
    });
  });

  describe('rollingManDays', () => {
    const window = charter.auditorWorkload.windowSeconds; // 30 days: the end date and the 29 days before it

    it('counts audits ending within the window, both boundary days included', () => {
      const audits = [
        audit('before', '2025-01-01', '2025-01-01', 5), // one day before the window
        audit('first', '2024-12-30', '2025-01-02', 3), // ends on the first day of the window (01-02 … 01-31)
        audit('mid', '2025-01-15', '2025-01-16', 4),
        audit('last', '2025-01-31', '2025-01-31', 2.5), // ends on the window's end date
        audit('after', '2025-01-31', '2025-02-01', 7), // ends after the window
      ];
      const before = structuredClone(audits);
      expect(rollingManDays(ZHANG, audits, '2025-01-31', window)).to.equal(9.5);
      expect(audits).to.deep.equal(before);
      // one day later the window is 01-03 … 02-01: 'first' drops out, 'after' comes in
      expect(rollingManDays(ZHANG, audits, '2025-02-01', window)).to.equal(4 + 2.5 + 7);
    });

    it('charges each auditor their own man-days, not the team\'s, and nothing to an auditor not on the team', () => {
      const audits = [audit('A', '2025-01-10', '2025-01-12', 3), audit('B', '2025-01-20', '2025-01-21', 2)];
      expect(rollingManDays(ZHANG, audits, '2025-01-31', window)).to.equal(5);
      expect(rollingManDays(WANG, audits, '2025-01-31', window)).to.equal(2);
      expect(rollingManDays('2019-N1QMS-0000001', audits, '2025-01-31', window)).to.equal(0);
      expect(manDaysOf(audits[0] as Audit, WANG)).to.equal(1);
    });

    it('counts each auditId once, as its last entry', () => {
      const audits = [audit('A', '2025-01-10', '2025-01-10', 2), audit('A', '2025-01-10', '2025-01-11', 3)];
      expect(rollingManDays(ZHANG, audits, '2025-01-31', window)).to.equal(3);
      // the newer record moved the audit's end out of the window
      const moved = [audit('A', '2025-01-10', '2025-01-10', 2), audit('A', '2025-02-10', '2025-02-10', 2)];
      expect(rollingManDays(ZHANG, moved, '2025-01-31', window)).to.equal(0);
    });

    it('rounds a window shorter than a day up to one day (compressed test clocks)', () => {
      const audits = [audit('A', '2025-01-30', '2025-01-30', 1), audit('B', '2025-01-31', '2025-01-31', 2)];
      expect(rollingManDays(ZHANG, audits, '2025-01-31', 60)).to.equal(2);
      expect(rollingManDays(ZHANG, audits, '2025-01-31', DAY + 1)).to.equal(3);
    });

    it('refuses a bad end date or window', () => {
      expectCode(() => rollingManDays(ZHANG, [], '31/01/2025', window), 'INVALID_ARGUMENT', 'windowEndDate');
      expectCode(() => rollingManDays(ZHANG, [], '2025-01-31', 0), 'INVALID_ARGUMENT', 'windowSeconds');
    });
  });

  describe('auditCalendarDays and checkManDaysPlausible', () => {
    it('counts the calendar days of an audit, both ends included, across month ends and 29 February', () => {
      expect(auditCalendarDays('2025-01-06', '2025-01-08')).to.equal(3);
      expect(auditCalendarDays('2025-01-06', '2025-01-06')).to.equal(1);
      expect(auditCalendarDays('2024-02-28', '2024-03-01')).to.equal(3);
      expectCode(() => auditCalendarDays('2025-01-08', '2025-01-06'), 'INVALID_ARGUMENT', 'endDate');
    });

    it('accepts at most one man-day per auditor per calendar day, and names the auditor over it', () => {
      checkManDaysPlausible({ startDate: '2025-01-06', endDate: '2025-01-08', auditors: [{ registrationNo: ZHANG, manDays: 3, role: 'LEADER' }, { registrationNo: WANG, manDays: 0.5, role: 'MEMBER' }] }, 'audit.auditors');
      const message = expectCode(
        () => checkManDaysPlausible({ startDate: '2025-01-06', endDate: '2025-01-08', auditors: [{ registrationNo: ZHANG, manDays: 3, role: 'LEADER' }, { registrationNo: WANG, manDays: 3.5, role: 'MEMBER' }] }, 'audit.auditors'),
        'INVALID_ARGUMENT', 'audit.auditors[1].manDays',
      );
      expect(message).to.include(WANG).and.to.include('3 calendar days');
    });
  });

  describe('workloadExceeded', () => {
    it('is strictly above the charter maximum', () => {
      expect(workloadExceeded(19.5, charter)).to.equal(false);
      expect(workloadExceeded(20, charter)).to.equal(false);
      expect(workloadExceeded(20.5, charter)).to.equal(true);
      const tight = structuredClone(charter);
      tight.auditorWorkload.maxManDays = 5;
      expect(workloadExceeded(6, tight)).to.equal(true);
    });
  });
});
