// evidence:recordAudit and the auditor registers on the harness — who may record, the register
// (registration, competence, ACTIVE/INACTIVE, history, one body at a time), an audit's team taken
// from the register, man-days per auditor and their plausibility, audit dates not in the future,
// overlapping assignments of an auditor, the rolling workload (AuditorWorkloadExceeded), duplicates.
import { expect } from 'chai';
import { newConsortium, type Consortium } from '../../../support/consortium';
import { defined } from '../../../support/defined';
import type { TestIdentity } from '../../../support/identities';
import type { TestNetwork } from '../../../support/invoke';
import type { Auditor } from '../../../../chaincode/src/domain/auditors';
import type { Audit } from '../../../../chaincode/src/domain/types';
import { USCC_A, USCC_B, auditArg, auditorOf, expectRefused, lastEvent, query, registerAuditors } from './helpers';

const DAY = 86_400;
const ZHANG = '2019-N1QMS-1234567';
const WANG = '2020-N1EMS-7654321';
const LI = '2021-N2QMS-1000003';
/** Every audit below is dated before this. */
const START = '2025-06-01T00:00:00.000Z';

/** An audit of USCC_A covering IAF 18, each auditor charged `manDays` (one for all, or one each). */
function auditOf(auditId: string, startDate: string, endDate: string, manDays: number | number[], auditors: string[], over: Record<string, unknown> = {}): Record<string, unknown> {
  return auditArg(auditId, startDate, endDate, manDays, auditors, over);
}

interface AuditResult { audit: Audit; workloadExceeded: { auditor: string; manDays: number }[] }

async function record(net: TestNetwork, who: TestIdentity, audit: Record<string, unknown>): Promise<AuditResult> {
  return JSON.parse((await net.submit(who, 'evidence:recordAudit', [JSON.stringify(audit)])).payload) as AuditResult;
}

function refuse(net: TestNetwork, who: TestIdentity, audit: Record<string, unknown> | string, code: string, opts: { field?: string; includes?: string[] } = {}): Promise<unknown> {
  return expectRefused(net, () => net.submit(who, 'evidence:recordAudit', [typeof audit === 'string' ? audit : JSON.stringify(audit)]), code, opts);
}

async function register(net: TestNetwork, who: TestIdentity, auditor: Record<string, unknown>): Promise<{ auditor: Auditor; warnings: string[] }> {
  return JSON.parse((await net.submit(who, 'evidence:registerAuditor', [JSON.stringify(auditor)])).payload) as { auditor: Auditor; warnings: string[] };
}

async function update(net: TestNetwork, who: TestIdentity, no: string, changes: Record<string, unknown>): Promise<Auditor> {
  return JSON.parse((await net.submit(who, 'evidence:updateAuditor', [no, JSON.stringify(changes)])).payload) as Auditor;
}

describe('evidence:recordAudit', function () {
  this.timeout(30_000);

  describe('with the default charter', () => {
    let c: Consortium;
    beforeEach(async () => {
      c = await newConsortium({ startTime: START });
      await registerAuditors(c.net, c.orgs.cb1.recorder, ZHANG, WANG, LI);
    });

    it('records an audit by a certification body\'s recorder, its team and man-days per auditor, and emits AuditRecorded', async () => {
      const { net, orgs } = c;
      const input = auditOf('CB1-2025-0001', '2025-01-06', '2025-01-08', [3, 1.5], [WANG, ZHANG], { certificateNo: '00122Q31234R1M', type: 'STAGE1', mode: 'REMOTE', scopeCodes: [19, 18] });
      defined((input.auditors as Record<string, unknown>[])[1], 'a second auditor').role = 'LEADER';
      const result = await record(net, orgs.cb1.recorder, input);
      expect(result.workloadExceeded).to.deep.equal([]);
      const { audit } = result;
      expect(audit).to.deep.include({
        auditId: 'CB1-2025-0001', type: 'STAGE1', scheme: 'QMS', uscc: USCC_A, certificateNo: '00122Q31234R1M', mode: 'REMOTE', scopeCodes: [18, 19],
        startDate: '2025-01-06', endDate: '2025-01-08', manDays: 4.5, body: 'Cb1MSP',
        auditors: [{ registrationNo: ZHANG, manDays: 1.5, role: 'LEADER' }, { registrationNo: WANG, manDays: 3, role: 'MEMBER' }],
      });
      expect(audit.timestamp).to.equal(net.now().toISOString());
      expect(await query<Audit>(net, orgs.cb2.reader, 'evidence:getAudit', ['CB1-2025-0001'])).to.deep.equal(audit);
      const event = lastEvent(net);
      expect(event.name).to.equal('AuditRecorded');
      expect(event.txId).to.equal(audit.txId);
      expect(event.payload).to.deep.equal({ auditId: 'CB1-2025-0001', body: 'Cb1MSP', auditors: [ZHANG, WANG] });
      // an admin of a certification body may record too, with its own register
      await registerAuditors(net, orgs.cb2.admin, '2018-N1QMS-0000009');
      await record(net, orgs.cb2.admin, auditOf('CB2-2025-0001', '2025-01-06', '2025-01-08', 3, ['2018-N1QMS-0000009']));
    });

    it('is for certification bodies\' recorders only: FORBIDDEN for the regulator, readers, issuers, users without role, non-members', async () => {
      const { net, orgs } = c;
      const audit = auditOf('A-who', '2025-01-06', '2025-01-07', 2, [ZHANG]);
      await refuse(net, orgs.regulator.recorder, audit, 'FORBIDDEN', { includes: ['CERTIFICATION_BODY'] });
      await refuse(net, orgs.regulator.admin, audit, 'FORBIDDEN');
      await refuse(net, orgs.cb1.reader, audit, 'FORBIDDEN');
      await refuse(net, orgs.cb1.issuer, audit, 'FORBIDDEN');
      await refuse(net, orgs.cb1.norole, audit, 'FORBIDDEN');
      await refuse(net, orgs.ab.recorder, audit, 'FORBIDDEN', { includes: ['not a member'] });
    });

    it('refuses an audit that has not taken place: the end date is at most today in Asia/Shanghai', async () => {
      const { net, orgs } = c;
      // START is 08:00 on 1 June in Shanghai: an audit ending today is fine, tomorrow is refused
      await refuse(net, orgs.cb1.recorder, auditOf('F-1', '2025-06-01', '2025-06-02', 1, [ZHANG]), 'INVALID_ARGUMENT', { field: 'audit.endDate', includes: ['2025-06-01 in Asia/Shanghai'] });
      await refuse(net, orgs.cb1.recorder, auditOf('F-2099', '2099-01-01', '2099-01-02', 1, [ZHANG]), 'INVALID_ARGUMENT', { field: 'audit.endDate' });
      await record(net, orgs.cb1.recorder, auditOf('F-3', '2025-06-01', '2025-06-01', 1, [ZHANG]));
      // at 23:59:59 UTC on 31 May it is already 1 June in Shanghai; at 15:59:59 UTC it was still 31 May
      const d = await newConsortium({ startTime: '2025-05-31T15:59:59.000Z' });
      await registerAuditors(d.net, d.orgs.cb1.recorder, ZHANG);
      await refuse(d.net, d.orgs.cb1.recorder, auditOf('G-1', '2025-06-01', '2025-06-01', 1, [ZHANG]), 'INVALID_ARGUMENT', { field: 'audit.endDate' });
      d.net.advance(1);
      await record(d.net, d.orgs.cb1.recorder, auditOf('G-1', '2025-06-01', '2025-06-01', 1, [ZHANG]));
    });

    it('refuses more man-days for an auditor than the calendar days of the audit', async () => {
      const { net, orgs } = c;
      await refuse(net, orgs.cb1.recorder, auditOf('M-1', '2025-01-06', '2025-01-08', [3, 3.5], [ZHANG, WANG]), 'INVALID_ARGUMENT', {
        field: 'audit.auditors[1].manDays', includes: [WANG, '3 calendar days'],
      });
      await refuse(net, orgs.cb1.recorder, auditOf('M-2', '2025-01-06', '2025-01-06', 1.5, [ZHANG]), 'INVALID_ARGUMENT', { field: 'audit.auditors[0].manDays' });
      // the team's 6 man-days over 3 days is two auditors' full days, not implausible
      expect((await record(net, orgs.cb1.recorder, auditOf('M-3', '2025-01-06', '2025-01-08', 3, [ZHANG, WANG]))).audit.manDays).to.equal(6);
    });

    it('names registered, ACTIVE auditors of the recording body: NOT_FOUND for an unregistered one, PRECONDITION_FAILED for another body\'s or an INACTIVE one', async () => {
      const { net, orgs } = c;
      await refuse(net, orgs.cb1.recorder, auditOf('R-1', '2025-01-06', '2025-01-06', 1, [ZHANG, '2018-N1QMS-0000404']), 'NOT_FOUND', { includes: ['auditor 2018-N1QMS-0000404', 'evidence:registerAuditor'] });
      await refuse(net, orgs.cb2.recorder, auditOf('R-2', '2025-01-06', '2025-01-06', 1, [ZHANG]), 'PRECONDITION_FAILED', { includes: [ZHANG, 'registered at Cb1MSP'] });
      await update(net, orgs.cb1.recorder, LI, { status: 'INACTIVE', reason: 'left the body' });
      await refuse(net, orgs.cb1.recorder, auditOf('R-3', '2025-01-06', '2025-01-06', 1, [LI]), 'PRECONDITION_FAILED', { includes: [LI, 'INACTIVE'] });
    });

    it('needs a team competent for the audit\'s IAF sectors, with a qualified auditor, led by no trainee', async () => {
      const { net, orgs } = c;
      await update(net, orgs.cb1.recorder, ZHANG, { scopeCodes: [17, 18], reason: '专业能力评价 2025' });
      await update(net, orgs.cb1.recorder, WANG, { scopeCodes: [19], reason: '专业能力评价 2025' });
      await register(net, orgs.cb1.recorder, auditorOf('2024-N1QMS-0000001', { level: 'TRAINEE' }));
      const trainee = '2024-N1QMS-0000001';
      // ZHANG covers 17 and 18; 19 is WANG's; 20 is nobody's; the trainee's competence does not count
      await refuse(net, orgs.cb1.recorder, auditOf('C-1', '2025-01-06', '2025-01-06', 1, [ZHANG, trainee], { scopeCodes: [18, 19] }), 'PRECONDITION_FAILED', { includes: ['IAF sector 19'] });
      await refuse(net, orgs.cb1.recorder, auditOf('C-2', '2025-01-06', '2025-01-06', 1, [ZHANG, WANG], { scopeCodes: [18, 19, 20, 21] }), 'PRECONDITION_FAILED', { includes: ['IAF sectors 20, 21'] });
      await refuse(net, orgs.cb1.recorder, auditOf('C-3', '2025-01-06', '2025-01-06', 1, [trainee]), 'PRECONDITION_FAILED', { includes: ['only TRAINEE auditors'] });
      const led = auditOf('C-4', '2025-01-06', '2025-01-06', 1, [ZHANG, trainee]);
      defined((led.auditors as Record<string, unknown>[])[1], 'a second auditor').role = 'LEADER';
      await refuse(net, orgs.cb1.recorder, led, 'PRECONDITION_FAILED', { includes: [trainee, 'cannot lead'] });
      const team = await record(net, orgs.cb1.recorder, auditOf('C-5', '2025-01-06', '2025-01-06', 1, [ZHANG, WANG, trainee], { scopeCodes: [17, 18, 19] }));
      expect(team.audit.auditors.map((a) => a.registrationNo)).to.deep.equal([WANG, ZHANG, trainee].sort());
    });

    it('refuses an auditor on two overlapping audits: CONFLICT, also after moving to another body; adjacent days are fine', async () => {
      const { net, orgs } = c;
      await record(net, orgs.cb1.recorder, auditOf('A-1', '2025-02-10', '2025-02-12', 3, [ZHANG, WANG]));
      // overlapping in the middle, at the edges (inclusive), enclosing
      for (const [start, end] of [['2025-02-11', '2025-02-11'], ['2025-02-12', '2025-02-14'], ['2025-02-08', '2025-02-10'], ['2025-02-01', '2025-02-28']] as const) {
        await refuse(net, orgs.cb1.recorder, auditOf('A-2', start, end, 1, [LI, ZHANG]), 'CONFLICT', { includes: [ZHANG, 'A-1'] });
      }
      // WANG moves to cb2: cb2 cannot book WANG on those days either
      await update(net, orgs.cb1.recorder, WANG, { status: 'INACTIVE', reason: '离职' });
      await registerAuditors(net, orgs.cb2.recorder, WANG);
      await refuse(net, orgs.cb2.recorder, auditOf('B-1', '2025-02-12', '2025-02-12', 1, [WANG]), 'CONFLICT', { includes: [WANG, 'A-1'] });
      // the day before and the day after are free
      await record(net, orgs.cb1.recorder, auditOf('A-3', '2025-02-13', '2025-02-14', 2, [ZHANG]));
      await record(net, orgs.cb2.recorder, auditOf('B-2', '2025-02-07', '2025-02-09', 2, [WANG]));
      // other auditors are not affected by ZHANG's schedule
      await record(net, orgs.cb1.recorder, auditOf('A-4', '2025-02-11', '2025-02-11', 1, [LI]));
    });

    it('refuses a duplicate auditId: ALREADY_EXISTS, whoever sends it', async () => {
      const { net, orgs } = c;
      await registerAuditors(net, orgs.cb2.recorder, '2018-N1QMS-0000009');
      await record(net, orgs.cb1.recorder, auditOf('DUP-1', '2025-03-03', '2025-03-04', 2, [ZHANG]));
      await refuse(net, orgs.cb1.recorder, auditOf('DUP-1', '2025-03-03', '2025-03-04', 2, [ZHANG]), 'ALREADY_EXISTS', { includes: ['DUP-1'] });
      await refuse(net, orgs.cb1.recorder, auditOf('DUP-1', '2025-05-01', '2025-05-01', 1, [LI]), 'ALREADY_EXISTS');
      await refuse(net, orgs.cb2.recorder, auditOf('DUP-1', '2025-05-01', '2025-05-01', 1, ['2018-N1QMS-0000009']), 'ALREADY_EXISTS');
    });

    it('does not warn below the default threshold of 20 man-days', async () => {
      const { net, orgs } = c;
      await record(net, orgs.cb1.recorder, auditOf('W-1', '2025-01-06', '2025-01-15', 10, [ZHANG]));
      const second = await record(net, orgs.cb1.recorder, auditOf('W-2', '2025-01-16', '2025-01-25', 10, [ZHANG]));
      expect(second.workloadExceeded).to.deep.equal([]); // exactly 20 is allowed
      expect(lastEvent(net).name).to.equal('AuditRecorded');
    });

    const invalid: [string, Record<string, unknown> | string, string][] = [
      ['endDate before startDate', auditOf('X', '2025-01-10', '2025-01-09', 1, [ZHANG]), 'audit.endDate'],
      ['an impossible date', auditOf('X', '2025-02-30', '2025-03-01', 1, [ZHANG]), 'audit.startDate'],
      ['a timestamp for a date', auditOf('X', '2025-01-10T00:00:00Z', '2025-01-11', 1, [ZHANG]), 'audit.startDate'],
      ['man-days not in halves', auditOf('X', '2025-01-10', '2025-01-11', 1.3, [ZHANG]), 'audit.auditors[0].manDays'],
      ['zero man-days', auditOf('X', '2025-01-10', '2025-01-11', 0, [ZHANG]), 'audit.auditors[0].manDays'],
      ['man-days as a string', auditOf('X', '2025-01-10', '2025-01-11', '2' as unknown as number, [ZHANG]), 'audit.auditors[0].manDays'],
      ['a team total instead of man-days per auditor', auditOf('X', '2025-01-10', '2025-01-11', 1, [ZHANG], { manDays: 2 }), 'audit.manDays'],
      ['no auditors', auditOf('X', '2025-01-10', '2025-01-11', 1, []), 'audit.auditors'],
      ['the same auditor twice', auditOf('X', '2025-01-10', '2025-01-11', 1, [ZHANG, ZHANG]), 'audit.auditors[1]'],
      ['a bare registration number', auditOf('X', '2025-01-10', '2025-01-11', 1, [ZHANG], { auditors: [ZHANG] }), 'audit.auditors[0]'],
      ['a bad auditor number', auditOf('X', '2025-01-10', '2025-01-11', 1, ['ZHANG San']), 'audit.auditors[0].registrationNo'],
      ['a lowercase auditor number', auditOf('X', '2025-01-10', '2025-01-11', 1, ['2019-n1qms-1234567']), 'audit.auditors[0].registrationNo'],
      ['an unknown role', auditOf('X', '2025-01-10', '2025-01-11', 1, [ZHANG], { auditors: [{ registrationNo: ZHANG, manDays: 1, role: 'BOSS' }] }), 'audit.auditors[0].role'],
      ['two leaders', auditOf('X', '2025-01-10', '2025-01-11', 1, [ZHANG], { auditors: [{ registrationNo: ZHANG, manDays: 1, role: 'LEADER' }, { registrationNo: WANG, manDays: 1, role: 'LEADER' }] }), 'audit.auditors'],
      ['an unknown type', auditOf('X', '2025-01-10', '2025-01-11', 1, [ZHANG], { type: 'STAGE3' }), 'audit.type'],
      ['no scheme', auditOf('X', '2025-01-10', '2025-01-11', 1, [ZHANG], { scheme: undefined }), 'audit.scheme'],
      ['an unknown mode', auditOf('X', '2025-01-10', '2025-01-11', 1, [ZHANG], { mode: 'BY_PHONE' }), 'audit.mode'],
      ['no scope codes', auditOf('X', '2025-01-10', '2025-01-11', 1, [ZHANG], { scopeCodes: [] }), 'audit.scopeCodes'],
      ['an IAF code out of range', auditOf('X', '2025-01-10', '2025-01-11', 1, [ZHANG], { scopeCodes: [40] }), 'audit.scopeCodes[0]'],
      ['a bad USCC', auditOf('X', '2025-01-10', '2025-01-11', 1, [ZHANG], { uscc: '91350100M000100Y44' }), 'audit.uscc'],
      ['an unknown key', auditOf('X', '2025-01-10', '2025-01-11', 1, [ZHANG], { leadAuditor: ZHANG }), 'audit'],
      ['a bad auditId', auditOf('bad id', '2025-01-10', '2025-01-11', 1, [ZHANG]), 'audit.auditId'],
      ['not JSON', '{', 'audit'],
    ];
    for (const [title, audit, field] of invalid) {
      it(`refuses ${title}: INVALID_ARGUMENT naming ${field}`, async () => {
        await refuse(c.net, c.orgs.cb1.recorder, audit, 'INVALID_ARGUMENT', { field });
      });
    }
  });

  describe('with a 10 man-day threshold over 30 days', () => {
    let c: Consortium;
    beforeEach(async () => {
      c = await newConsortium({ startTime: START, charter: { auditorWorkload: { windowSeconds: 30 * DAY, maxManDays: 10 } } });
      await registerAuditors(c.net, c.orgs.cb1.recorder, ZHANG, WANG, LI);
    });

    it('emits AuditorWorkloadExceeded above the threshold, naming each auditor over it with their own man-days, and still records the audit', async () => {
      const { net, orgs } = c;
      const a1 = await record(net, orgs.cb1.recorder, auditOf('T-1', '2025-01-06', '2025-01-11', 6, [ZHANG, WANG]));
      expect(a1.workloadExceeded).to.deep.equal([]);
      expect(lastEvent(net).name).to.equal('AuditRecorded');
      // 6 + 4 = 10: at the threshold, still no warning (the team's 12 man-days of T-1 are not charged to each)
      const a2 = await record(net, orgs.cb1.recorder, auditOf('T-2', '2025-01-13', '2025-01-16', 4, [ZHANG]));
      expect(a2.workloadExceeded).to.deep.equal([]);
      expect(lastEvent(net).name).to.equal('AuditRecorded');

      // 10 + 1.5 for ZHANG is above; WANG has 6 + 1.5, LI 1.5
      const before = net.ledger.events().length;
      const a3 = await record(net, orgs.cb1.recorder, auditOf('T-3', '2025-01-20', '2025-01-21', 1.5, [LI, WANG, ZHANG]));
      expect(a3.workloadExceeded).to.deep.equal([{ auditor: ZHANG, manDays: 11.5 }]);
      expect(net.ledger.events()).to.have.length(before + 1);
      const event = lastEvent(net);
      expect(event.name).to.equal('AuditorWorkloadExceeded');
      expect(event.txId).to.equal(a3.audit.txId);
      expect(event.payload).to.deep.equal({ auditId: 'T-3', body: 'Cb1MSP', threshold: 10, auditors: [{ auditor: ZHANG, manDays: 11.5 }] });
      expect((await query<Audit>(net, orgs.cb2.reader, 'evidence:getAudit', ['T-3'])).auditors.map((a) => a.registrationNo)).to.deep.equal([ZHANG, LI, WANG].sort());

      // two auditors over at once, each charged their own share
      const a4 = await record(net, orgs.cb1.recorder, auditOf('T-4', '2025-01-22', '2025-01-24', [3, 2.5], [WANG, ZHANG]));
      expect(a4.workloadExceeded).to.deep.equal([{ auditor: ZHANG, manDays: 14 }, { auditor: WANG, manDays: 10.5 }]);
      expect(lastEvent(net).payload.auditors).to.deep.equal(a4.workloadExceeded);
    });

    it('counts only audits ending in the 30-day window up to the new audit\'s end', async () => {
      const { net, orgs } = c;
      await record(net, orgs.cb1.recorder, auditOf('R-1', '2024-12-28', '2025-01-05', 8, [ZHANG]));
      // ends 2025-02-04: the window is 2025-01-06 .. 2025-02-04, so R-1 (ended 01-05) has left it
      const later = await record(net, orgs.cb1.recorder, auditOf('R-2', '2025-01-27', '2025-02-04', 8, [ZHANG]));
      expect(later.workloadExceeded).to.deep.equal([]);
      expect(lastEvent(net).name).to.equal('AuditRecorded');
      // ends 2025-02-03 (the window 2025-01-05 .. 2025-02-03 holds R-1), but overlaps R-2
      await refuse(net, orgs.cb1.recorder, auditOf('R-3', '2025-02-01', '2025-02-03', 3, [ZHANG]), 'CONFLICT');
      // ends 2025-01-26: R-1 (8) is in the window, R-2 not yet → 8 + 3 = 11
      const earlier = await record(net, orgs.cb1.recorder, auditOf('R-4', '2025-01-24', '2025-01-26', 3, [ZHANG]));
      expect(earlier.workloadExceeded).to.deep.equal([{ auditor: ZHANG, manDays: 11 }]);
    });
  });

  it('lists USCC_B audits independently of USCC_A ones (getAudit NOT_FOUND for unknown)', async () => {
    const { net, orgs } = await newConsortium({ startTime: START });
    await registerAuditors(net, orgs.cb1.recorder, ZHANG);
    await record(net, orgs.cb1.recorder, auditOf('U-1', '2025-04-01', '2025-04-02', 2, [ZHANG], { uscc: USCC_B, type: 'SURVEILLANCE' }));
    expect((await query<Audit>(net, orgs.cb1.reader, 'evidence:getAudit', ['U-1'])).uscc).to.equal(USCC_B);
    await expectRefused(net, () => net.evaluate(orgs.cb1.reader, 'evidence:getAudit', ['U-404']), 'NOT_FOUND');
  });
});

describe('the auditor registers', function () {
  this.timeout(30_000);
  let c: Consortium;
  beforeEach(async () => {
    c = await newConsortium({ startTime: START });
  });

  it('registers an ACTIVE auditor with level and competence, readable by anyone; a number outside the CCAA form is a warning', async () => {
    const { net, orgs } = c;
    const { auditor, warnings } = await register(net, orgs.cb1.recorder, auditorOf(ZHANG, { name: '张三', level: 'SENIOR', scopeCodes: [18, 17] }));
    expect(warnings).to.deep.equal([]);
    expect(auditor).to.deep.include({ registrationNo: ZHANG, body: 'Cb1MSP', name: '张三', level: 'SENIOR', scopeCodes: [17, 18], status: 'ACTIVE', registeredAt: START });
    expect(auditor.history).to.deep.equal([
      { at: START, txId: auditor.txId, body: 'Cb1MSP', name: '张三', level: 'SENIOR', scopeCodes: [17, 18], status: 'ACTIVE', reason: 'REGISTERED' },
    ]);
    const event = lastEvent(net);
    expect(event.name).to.equal('AuditorRegistered');
    expect(event.payload).to.deep.equal({ registrationNo: ZHANG, body: 'Cb1MSP', level: 'SENIOR', scopeCodes: [17, 18], previousBody: null });
    expect(await query<Auditor>(net, orgs.cb2.norole, 'evidence:getAuditor', [ZHANG])).to.deep.equal(auditor);

    const odd = await register(net, orgs.cb1.admin, auditorOf('CB1-AUD-0042'));
    expect(odd.warnings).to.deep.equal(['auditor.registrationNo: not in the CCAA form YYYY-N<digit><scheme>-<7 digits> (e.g. 2019-N1QMS-1234567)']);
  });

  it('is written by certification bodies\' recorders and admins only', async () => {
    const { net, orgs } = c;
    for (const who of [orgs.cb1.issuer, orgs.cb1.reader, orgs.cb1.norole, orgs.regulator.recorder, orgs.regulator.admin]) {
      await expectRefused(net, () => net.submit(who, 'evidence:registerAuditor', [JSON.stringify(auditorOf(ZHANG))]), 'FORBIDDEN');
    }
  });

  it('keeps one record per person: ALREADY_EXISTS at the same body, CONFLICT while ACTIVE at another, a move once INACTIVE, history kept', async () => {
    const { net, orgs } = c;
    await register(net, orgs.cb1.recorder, auditorOf(ZHANG, { scopeCodes: [18] }));
    await expectRefused(net, () => net.submit(orgs.cb1.recorder, 'evidence:registerAuditor', [JSON.stringify(auditorOf(ZHANG))]), 'ALREADY_EXISTS', { includes: ['evidence:updateAuditor'] });
    await expectRefused(net, () => net.submit(orgs.cb2.recorder, 'evidence:registerAuditor', [JSON.stringify(auditorOf(ZHANG))]), 'CONFLICT', { includes: ['ACTIVE at Cb1MSP', 'one body at a time'] });
    // only cb1 changes cb1's record
    await expectRefused(net, () => net.submit(orgs.cb2.recorder, 'evidence:updateAuditor', [ZHANG, JSON.stringify({ status: 'INACTIVE', reason: 'x' })]), 'FORBIDDEN', { includes: ['Cb1MSP'] });

    net.advance(DAY);
    const upgraded = await update(net, orgs.cb1.recorder, ZHANG, { level: 'SENIOR', scopeCodes: [18, 19], reason: '晋级 高级审核员' });
    expect(upgraded).to.deep.include({ level: 'SENIOR', scopeCodes: [18, 19], status: 'ACTIVE', registeredAt: START, updatedAt: net.now().toISOString() });
    expect(lastEvent(net).name).to.equal('AuditorUpdated');
    await expectRefused(net, () => net.submit(orgs.cb1.recorder, 'evidence:updateAuditor', [ZHANG, JSON.stringify({ level: 'SENIOR', reason: 'again' })]), 'INVALID_ARGUMENT', { field: 'changes' });
    net.advance(DAY);
    await update(net, orgs.cb1.recorder, ZHANG, { status: 'INACTIVE', reason: '离职' });
    net.advance(DAY);
    const moved = await register(net, orgs.cb2.recorder, auditorOf(ZHANG, { scopeCodes: [18, 19, 28] }));
    expect(moved.auditor).to.deep.include({ body: 'Cb2MSP', status: 'ACTIVE', scopeCodes: [18, 19, 28] });
    expect(moved.auditor.history.map((v) => [v.body, v.status, v.level, v.reason])).to.deep.equal([
      ['Cb1MSP', 'ACTIVE', 'AUDITOR', 'REGISTERED'],
      ['Cb1MSP', 'ACTIVE', 'SENIOR', '晋级 高级审核员'],
      ['Cb1MSP', 'INACTIVE', 'SENIOR', '离职'],
      ['Cb2MSP', 'ACTIVE', 'AUDITOR', 'REGISTERED (from Cb1MSP)'],
    ]);
    expect(lastEvent(net).payload).to.include({ previousBody: 'Cb1MSP' });
    // the registers follow: cb1's no longer lists the auditor, cb2's does
    const list = (body: string): Promise<{ items: Auditor[]; bookmark: string }> => query(net, orgs.cb1.reader, 'evidence:listAuditors', [body, '10', '']);
    expect((await list('Cb1MSP')).items).to.deep.equal([]);
    expect((await list('Cb2MSP')).items.map((a) => a.registrationNo)).to.deep.equal([ZHANG]);
  });

  it('lists one body\'s register a page at a time, in registration-number order', async () => {
    const { net, orgs } = c;
    await registerAuditors(net, orgs.cb1.recorder, LI, ZHANG, WANG);
    await registerAuditors(net, orgs.cb2.recorder, '2018-N1QMS-0000009');
    const first = await query<{ items: Auditor[]; bookmark: string }>(net, orgs.cb2.reader, 'evidence:listAuditors', ['Cb1MSP', '2', '']);
    expect(first.items.map((a) => a.registrationNo)).to.deep.equal([ZHANG, WANG]);
    const second = await query<{ items: Auditor[]; bookmark: string }>(net, orgs.cb2.reader, 'evidence:listAuditors', ['Cb1MSP', '2', first.bookmark]);
    expect(second.items.map((a) => a.registrationNo)).to.deep.equal([LI]);
    // a bookmark of another list, or none the peer gave, is refused: the peer itself fails on a range that starts outside
    const cb2Page = await query<{ items: Auditor[]; bookmark: string }>(net, orgs.cb2.reader, 'evidence:listAuditors', ['Cb1MSP', '1', '']);
    for (const bookmark of ['|F', cb2Page.bookmark.replace('Cb1MSP', 'Cb2MSP')]) {
      await expectRefused(net, () => net.evaluate(orgs.cb2.reader, 'evidence:listAuditors', ['Cb1MSP', '2', bookmark]), 'INVALID_ARGUMENT', { field: 'bookmark' });
    }
    await expectRefused(net, () => net.evaluate(orgs.cb1.reader, 'evidence:getAuditor', ['2018-N1QMS-0000404']), 'NOT_FOUND');
    await expectRefused(net, () => net.evaluate(orgs.cb1.reader, 'evidence:getAuditor', ['bad no']), 'INVALID_ARGUMENT', { field: 'registrationNo' });
  });

  const invalid: [string, Record<string, unknown> | string, string][] = [
    ['a lowercase number', auditorOf('2019-n1qms-1234567'), 'auditor.registrationNo'],
    ['a number with a space', auditorOf('2019 N1QMS 1234567'), 'auditor.registrationNo'],
    ['a too short number', auditorOf('A-1'), 'auditor.registrationNo'],
    ['an unknown level', auditorOf(ZHANG, { level: 'EXPERT' }), 'auditor.level'],
    ['no competence', auditorOf(ZHANG, { scopeCodes: [] }), 'auditor.scopeCodes'],
    ['a repeated IAF code', auditorOf(ZHANG, { scopeCodes: [18, 18] }), 'auditor.scopeCodes[1]'],
    ['a blank name', auditorOf(ZHANG, { name: '  ' }), 'auditor.name'],
    ['a status at registration', auditorOf(ZHANG, { status: 'INACTIVE' }), 'auditor'],
    ['not JSON', '[', 'auditor'],
  ];
  for (const [title, auditor, field] of invalid) {
    it(`refuses to register ${title}: INVALID_ARGUMENT naming ${field}`, async () => {
      await expectRefused(c.net, () => c.net.submit(c.orgs.cb1.recorder, 'evidence:registerAuditor', [typeof auditor === 'string' ? auditor : JSON.stringify(auditor)]), 'INVALID_ARGUMENT', { field });
    });
  }

  it('refuses an update without a reason, with an unknown status, or of an unknown auditor', async () => {
    const { net, orgs } = c;
    await registerAuditors(net, orgs.cb1.recorder, ZHANG);
    const upd = (no: string, changes: unknown): Promise<unknown> => net.submit(orgs.cb1.recorder, 'evidence:updateAuditor', [no, JSON.stringify(changes)]);
    await expectRefused(net, () => upd(ZHANG, { status: 'INACTIVE' }), 'INVALID_ARGUMENT', { field: 'changes.reason' });
    await expectRefused(net, () => upd(ZHANG, { status: 'RETIRED', reason: 'r' }), 'INVALID_ARGUMENT', { field: 'changes.status' });
    await expectRefused(net, () => upd('2018-N1QMS-0000404', { status: 'INACTIVE', reason: 'r' }), 'NOT_FOUND');
  });
});
