// Unit tests of the auditor register rules and the audit team check (docs/contracts.md §2.3).

import { expect } from 'chai';
import {
  checkAuditTeam, registerAuditor, updateAuditor, validateRegistrationNo, type Auditor, type AuditorInput,
} from '../../../../chaincode/src/domain/auditors';
import type { AuditAssignment } from '../../../../chaincode/src/domain/types';
import { expectCode } from '../../../support/expect-code';

const NOW = '2025-06-01T00:00:00.000Z';
const LATER = '2025-07-01T00:00:00.000Z';
const ZHANG = '2019-N1QMS-1234567';
const WANG = '2020-N1EMS-7654321';

function input(registrationNo: string, over: Partial<AuditorInput> = {}): AuditorInput {
  return { registrationNo, name: `审核员 ${registrationNo}`, level: 'AUDITOR', scopeCodes: [17, 18], ...over };
}

function team(...members: [string, AuditAssignment['role']?][]): AuditAssignment[] {
  return members.map(([registrationNo, role]) => ({ registrationNo, manDays: 1, role: role ?? 'MEMBER' }));
}

describe('domain/auditors', () => {
  describe('validateRegistrationNo', () => {
    it('accepts the CCAA form without a warning and another capital form with one', () => {
      expect(validateRegistrationNo(ZHANG, 'no')).to.deep.equal({ registrationNo: ZHANG, warnings: [] });
      expect(validateRegistrationNo('CB1-AUDITOR-7', 'no').warnings).to.have.length(1);
    });

    it('refuses lowercase, spaces, too short or too long numbers, and non-strings', () => {
      for (const bad of ['2019-n1qms-1234567', '2019 N1QMS 1234567', 'A-1', 'A'.repeat(65), '-2019-N1QMS', 42]) {
        expectCode(() => validateRegistrationNo(bad, 'auditor.registrationNo'), 'INVALID_ARGUMENT', 'auditor.registrationNo');
      }
    });
  });

  describe('registerAuditor and updateAuditor', () => {
    it('registers an ACTIVE auditor with its first version in the history', () => {
      const a = registerAuditor(undefined, input(ZHANG), 'Cb1MSP', NOW, 'tx-1');
      expect(a).to.deep.include({ registrationNo: ZHANG, body: 'Cb1MSP', status: 'ACTIVE', registeredAt: NOW, updatedAt: NOW, txId: 'tx-1' });
      expect(a.history).to.deep.equal([{ at: NOW, txId: 'tx-1', body: 'Cb1MSP', name: `审核员 ${ZHANG}`, level: 'AUDITOR', scopeCodes: [17, 18], status: 'ACTIVE', reason: 'REGISTERED' }]);
    });

    it('refuses a second registration at the same body and one while ACTIVE at another; moves an INACTIVE one', () => {
      const a = registerAuditor(undefined, input(ZHANG), 'Cb1MSP', NOW, 'tx-1');
      expectCode(() => registerAuditor(a, input(ZHANG), 'Cb1MSP', LATER, 'tx-2'), 'ALREADY_EXISTS', 'evidence:updateAuditor');
      expectCode(() => registerAuditor(a, input(ZHANG), 'Cb2MSP', LATER, 'tx-2'), 'CONFLICT', 'ACTIVE at Cb1MSP');
      const left = updateAuditor(a, { status: 'INACTIVE', reason: '离职' }, 'Cb1MSP', LATER, 'tx-2');
      const before = structuredClone(left);
      const moved = registerAuditor(left, input(ZHANG, { level: 'SENIOR' }), 'Cb2MSP', LATER, 'tx-3');
      expect(left).to.deep.equal(before);
      expect(moved).to.deep.include({ body: 'Cb2MSP', status: 'ACTIVE', level: 'SENIOR', registeredAt: LATER });
      expect(moved.history.map((v) => v.reason)).to.deep.equal(['REGISTERED', '离职', 'REGISTERED (from Cb1MSP)']);
    });

    it('updates only for the registering body, only when something changes, keeping every version', () => {
      const a = registerAuditor(undefined, input(ZHANG), 'Cb1MSP', NOW, 'tx-1');
      expectCode(() => updateAuditor(a, { status: 'INACTIVE', reason: 'x' }, 'Cb2MSP', LATER, 'tx-2'), 'FORBIDDEN', 'Cb1MSP');
      expectCode(() => updateAuditor(a, { level: 'AUDITOR', scopeCodes: [17, 18], reason: 'x' }, 'Cb1MSP', LATER, 'tx-2'), 'INVALID_ARGUMENT', 'changes');
      const b = updateAuditor(a, { scopeCodes: [17, 18, 19], reason: '专业能力扩大' }, 'Cb1MSP', LATER, 'tx-2');
      expect(b).to.deep.include({ scopeCodes: [17, 18, 19], level: 'AUDITOR', updatedAt: LATER, registeredAt: NOW, txId: 'tx-2' });
      expect(b.history).to.have.length(2);
      expect(a.history).to.have.length(1);
    });
  });

  describe('checkAuditTeam', () => {
    const zhang = registerAuditor(undefined, input(ZHANG, { scopeCodes: [17, 18] }), 'Cb1MSP', NOW, 'tx-1');
    const wang = registerAuditor(undefined, input(WANG, { scopeCodes: [19] }), 'Cb1MSP', NOW, 'tx-2');
    const trainee = registerAuditor(undefined, input('2024-N1QMS-0000001', { level: 'TRAINEE', scopeCodes: [20] }), 'Cb1MSP', NOW, 'tx-3');
    const audit = (auditors: AuditAssignment[], scopeCodes: number[]): { auditId: string; auditors: AuditAssignment[]; scopeCodes: number[]; body: string } =>
      ({ auditId: 'A-1', auditors, scopeCodes, body: 'Cb1MSP' });

    it('accepts registered ACTIVE auditors of the body who together cover the sectors', () => {
      checkAuditTeam(audit(team([ZHANG, 'LEADER'], [WANG]), [17, 18, 19]), [zhang, wang]);
      checkAuditTeam(audit(team([ZHANG], [trainee.registrationNo]), [18]), [zhang, trainee]);
    });

    it('refuses an unregistered auditor, another body\'s, an INACTIVE one', () => {
      expectCode(() => checkAuditTeam(audit(team([ZHANG]), [18]), [undefined]), 'NOT_FOUND', ZHANG);
      const elsewhere: Auditor = { ...zhang, body: 'Cb2MSP' };
      expectCode(() => checkAuditTeam(audit(team([ZHANG]), [18]), [elsewhere]), 'PRECONDITION_FAILED', 'registered at Cb2MSP');
      expectCode(() => checkAuditTeam(audit(team([ZHANG]), [18]), [{ ...zhang, status: 'INACTIVE' }]), 'PRECONDITION_FAILED', 'INACTIVE');
    });

    it('refuses a trainee leader, a team of trainees only, and sectors no qualified auditor covers', () => {
      expectCode(() => checkAuditTeam(audit(team([ZHANG], [trainee.registrationNo, 'LEADER']), [18]), [zhang, trainee]), 'PRECONDITION_FAILED', 'cannot lead');
      expectCode(() => checkAuditTeam(audit(team([trainee.registrationNo]), [20]), [trainee]), 'PRECONDITION_FAILED', 'only TRAINEE');
      // the trainee's sector 20 does not count
      expectCode(() => checkAuditTeam(audit(team([ZHANG], [trainee.registrationNo]), [18, 20]), [zhang, trainee]), 'PRECONDITION_FAILED', 'IAF sector 20');
      expectCode(() => checkAuditTeam(audit(team([ZHANG], [WANG]), [1, 18, 19, 39]), [zhang, wang]), 'PRECONDITION_FAILED', 'IAF sectors 1, 39');
    });
  });
});
