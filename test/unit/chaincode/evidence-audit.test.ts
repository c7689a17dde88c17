// evidence:recordAudit on the harness — who may record, overlapping assignments of an auditor,
// the rolling workload against the charter threshold (AuditorWorkloadExceeded), duplicates.
import { expect } from 'chai';
import { newConsortium, type Consortium } from '../../support/consortium';
import type { TestIdentity } from '../../support/identities';
import type { TestNetwork } from '../../support/invoke';
import type { Audit } from '../../../chaincode/src/domain/types';
import { USCC_A, USCC_B, expectRefused, lastEvent, query } from './evidence-helpers';

const DAY = 86_400;
const ZHANG = '2019-N1QMS-1234567';
const WANG = '2020-N1EMS-7654321';
const LI = '2021-N2QMS-1000003';

function auditOf(auditId: string, startDate: string, endDate: string, manDays: number, auditors: string[], over: Record<string, unknown> = {}): Record<string, unknown> {
  return { auditId, type: 'STAGE2', uscc: USCC_A, startDate, endDate, manDays, auditors, ...over };
}

interface AuditResult { audit: Audit; workloadExceeded: { auditor: string; manDays: number }[] }

async function record(net: TestNetwork, who: TestIdentity, audit: Record<string, unknown>): Promise<AuditResult> {
  return JSON.parse((await net.submit(who, 'evidence:recordAudit', [JSON.stringify(audit)])).payload) as AuditResult;
}

function refuse(net: TestNetwork, who: TestIdentity, audit: Record<string, unknown> | string, code: string, opts: { field?: string; includes?: string[] } = {}): Promise<unknown> {
  return expectRefused(net, () => net.submit(who, 'evidence:recordAudit', [typeof audit === 'string' ? audit : JSON.stringify(audit)]), code, opts);
}

describe('evidence:recordAudit', function () {
  this.timeout(30_000);

  describe('with the default charter', () => {
    let c: Consortium;
    beforeEach(async () => {
      c = await newConsortium();
    });

    it('records an audit by a certification body\'s recorder and emits AuditRecorded', async () => {
      const { net, orgs } = c;
      const result = await record(net, orgs.cb1.recorder, auditOf('CB1-2025-0001', '2025-01-06', '2025-01-08', 4.5, [WANG, ZHANG], { certificateNo: '00122Q31234R1M', type: 'STAGE1' }));
      expect(result.workloadExceeded).to.deep.equal([]);
      const { audit } = result;
      expect(audit).to.deep.include({
        auditId: 'CB1-2025-0001', type: 'STAGE1', uscc: USCC_A, certificateNo: '00122Q31234R1M',
        startDate: '2025-01-06', endDate: '2025-01-08', manDays: 4.5, auditors: [ZHANG, WANG], body: 'Cb1MSP',
      });
      expect(audit.timestamp).to.equal(net.now().toISOString());
      expect(await query<Audit>(net, orgs.cb2.reader, 'evidence:getAudit', ['CB1-2025-0001'])).to.deep.equal(audit);
      const event = lastEvent(net);
      expect(event.name).to.equal('AuditRecorded');
      expect(event.txId).to.equal(audit.txId);
      expect(event.payload).to.deep.equal({ auditId: 'CB1-2025-0001', body: 'Cb1MSP', auditors: [ZHANG, WANG] });
      // an admin of a certification body may record too
      await record(net, orgs.cb2.admin, auditOf('CB2-2025-0001', '2025-01-06', '2025-01-08', 3, [LI]));
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

    it('refuses an auditor on two overlapping audits: CONFLICT, also across bodies; adjacent days are fine', async () => {
      const { net, orgs } = c;
      await record(net, orgs.cb1.recorder, auditOf('A-1', '2025-02-10', '2025-02-12', 3, [ZHANG, WANG]));
      // overlapping in the middle, at the edges (inclusive), enclosing
      for (const [start, end] of [['2025-02-11', '2025-02-11'], ['2025-02-12', '2025-02-14'], ['2025-02-08', '2025-02-10'], ['2025-02-01', '2025-02-28']] as const) {
        await refuse(net, orgs.cb1.recorder, auditOf('A-2', start, end, 1, [LI, ZHANG]), 'CONFLICT', { includes: [ZHANG, 'A-1'] });
      }
      // another body cannot book the same auditor on those days either
      await refuse(net, orgs.cb2.recorder, auditOf('B-1', '2025-02-12', '2025-02-12', 1, [WANG]), 'CONFLICT', { includes: [WANG, 'A-1'] });
      // the day before and the day after are free
      await record(net, orgs.cb1.recorder, auditOf('A-3', '2025-02-13', '2025-02-14', 2, [ZHANG]));
      await record(net, orgs.cb2.recorder, auditOf('B-2', '2025-02-07', '2025-02-09', 2, [WANG, LI]));
      // other auditors are not affected by ZHANG's schedule
      await record(net, orgs.cb1.recorder, auditOf('A-4', '2025-02-11', '2025-02-11', 1, [LI]));
    });

    it('refuses a duplicate auditId: ALREADY_EXISTS, whoever sends it', async () => {
      const { net, orgs } = c;
      await record(net, orgs.cb1.recorder, auditOf('DUP-1', '2025-03-03', '2025-03-04', 2, [ZHANG]));
      await refuse(net, orgs.cb1.recorder, auditOf('DUP-1', '2025-03-03', '2025-03-04', 2, [ZHANG]), 'ALREADY_EXISTS', { includes: ['DUP-1'] });
      await refuse(net, orgs.cb1.recorder, auditOf('DUP-1', '2025-05-01', '2025-05-01', 1, [LI]), 'ALREADY_EXISTS');
      await refuse(net, orgs.cb2.recorder, auditOf('DUP-1', '2025-05-01', '2025-05-01', 1, [LI]), 'ALREADY_EXISTS');
    });

    it('does not warn below the default threshold of 20 man-days', async () => {
      const { net, orgs } = c;
      await record(net, orgs.cb1.recorder, auditOf('W-1', '2025-01-06', '2025-01-10', 10, [ZHANG]));
      const second = await record(net, orgs.cb1.recorder, auditOf('W-2', '2025-01-13', '2025-01-17', 10, [ZHANG]));
      expect(second.workloadExceeded).to.deep.equal([]); // exactly 20 is allowed
      expect(lastEvent(net).name).to.equal('AuditRecorded');
    });

    const invalid: [string, Record<string, unknown> | string, string][] = [
      ['endDate before startDate', auditOf('X', '2025-01-10', '2025-01-09', 1, [ZHANG]), 'audit.endDate'],
      ['an impossible date', auditOf('X', '2025-02-30', '2025-03-01', 1, [ZHANG]), 'audit.startDate'],
      ['a timestamp for a date', auditOf('X', '2025-01-10T00:00:00Z', '2025-01-11', 1, [ZHANG]), 'audit.startDate'],
      ['man-days not in halves', auditOf('X', '2025-01-10', '2025-01-11', 1.3, [ZHANG]), 'audit.manDays'],
      ['zero man-days', auditOf('X', '2025-01-10', '2025-01-11', 0, [ZHANG]), 'audit.manDays'],
      ['man-days as a string', auditOf('X', '2025-01-10', '2025-01-11', '2' as unknown as number, [ZHANG]), 'audit.manDays'],
      ['no auditors', auditOf('X', '2025-01-10', '2025-01-11', 1, []), 'audit.auditors'],
      ['the same auditor twice', auditOf('X', '2025-01-10', '2025-01-11', 1, [ZHANG, ZHANG]), 'audit.auditors'],
      ['a bad auditor number', auditOf('X', '2025-01-10', '2025-01-11', 1, ['ZHANG San']), 'audit.auditors[0]'],
      ['an unknown type', auditOf('X', '2025-01-10', '2025-01-11', 1, [ZHANG], { type: 'STAGE3' }), 'audit.type'],
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
      c = await newConsortium({ charter: { auditorWorkload: { windowSeconds: 30 * DAY, maxManDays: 10 } } });
    });

    it('emits AuditorWorkloadExceeded above the threshold, naming each auditor over it, and still records the audit', async () => {
      const { net, orgs } = c;
      const a1 = await record(net, orgs.cb1.recorder, auditOf('T-1', '2025-01-06', '2025-01-10', 6, [ZHANG, WANG]));
      expect(a1.workloadExceeded).to.deep.equal([]);
      expect(lastEvent(net).name).to.equal('AuditRecorded');
      // 6 + 4 = 10: at the threshold, still no warning
      const a2 = await record(net, orgs.cb2.recorder, auditOf('T-2', '2025-01-13', '2025-01-15', 4, [ZHANG]));
      expect(a2.workloadExceeded).to.deep.equal([]);
      expect(lastEvent(net).name).to.equal('AuditRecorded');

      // 10 + 1.5 for ZHANG (across both bodies) is above; WANG has 6 + 1.5, LI 1.5
      const before = net.ledger.events().length;
      const a3 = await record(net, orgs.cb1.recorder, auditOf('T-3', '2025-01-20', '2025-01-21', 1.5, [LI, WANG, ZHANG]));
      expect(a3.workloadExceeded).to.deep.equal([{ auditor: ZHANG, manDays: 11.5 }]);
      expect(net.ledger.events()).to.have.length(before + 1);
      const event = lastEvent(net);
      expect(event.name).to.equal('AuditorWorkloadExceeded');
      expect(event.txId).to.equal(a3.audit.txId);
      expect(event.payload).to.deep.equal({ auditId: 'T-3', body: 'Cb1MSP', threshold: 10, auditors: [{ auditor: ZHANG, manDays: 11.5 }] });
      expect((await query<Audit>(net, orgs.cb2.reader, 'evidence:getAudit', ['T-3'])).auditors).to.deep.equal([ZHANG, LI, WANG].sort());

      // two auditors over at once
      const a4 = await record(net, orgs.cb1.recorder, auditOf('T-4', '2025-01-22', '2025-01-24', 3, [WANG, ZHANG]));
      expect(a4.workloadExceeded).to.deep.equal([{ auditor: ZHANG, manDays: 14.5 }, { auditor: WANG, manDays: 10.5 }]);
      expect(lastEvent(net).payload.auditors).to.deep.equal(a4.workloadExceeded);
    });

    it('counts only audits ending in the 30-day window up to the new audit\'s end', async () => {
      const { net, orgs } = c;
      await record(net, orgs.cb1.recorder, auditOf('R-1', '2025-01-01', '2025-01-05', 8, [ZHANG]));
      // ends 2025-02-04: the window is 2025-01-06 .. 2025-02-04, so R-1 (ended 01-05) has left it
      const later = await record(net, orgs.cb1.recorder, auditOf('R-2', '2025-02-03', '2025-02-04', 8, [ZHANG]));
      expect(later.workloadExceeded).to.deep.equal([]);
      expect(lastEvent(net).name).to.equal('AuditRecorded');
      // ends 2025-02-03 (the window 2025-01-05 .. 2025-02-03 holds R-1), but overlaps R-2
      await refuse(net, orgs.cb1.recorder, auditOf('R-3', '2025-02-03', '2025-02-03', 3, [ZHANG]), 'CONFLICT');
      // ends 2025-02-02: R-1 (8) is in the window, R-2 not yet → 8 + 3 = 11
      const earlier = await record(net, orgs.cb1.recorder, auditOf('R-4', '2025-02-01', '2025-02-02', 3, [ZHANG]));
      expect(earlier.workloadExceeded).to.deep.equal([{ auditor: ZHANG, manDays: 11 }]);
    });
  });

  it('lists USCC_B audits independently of USCC_A ones (getAudit NOT_FOUND for unknown)', async () => {
    const { net, orgs } = await newConsortium();
    await record(net, orgs.cb1.recorder, auditOf('U-1', '2025-04-01', '2025-04-02', 2, [ZHANG], { uscc: USCC_B, type: 'SURVEILLANCE' }));
    expect((await query<Audit>(net, orgs.cb1.reader, 'evidence:getAudit', ['U-1'])).uscc).to.equal(USCC_B);
    await expectRefused(net, () => net.evaluate(orgs.cb1.reader, 'evidence:getAudit', ['U-404']), 'NOT_FOUND');
  });
});
