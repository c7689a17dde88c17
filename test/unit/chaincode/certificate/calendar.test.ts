// On the harness (docs/contracts.md §1.7): the time limits of the certificate contract are calendar periods
// in Asia/Shanghai dates, not fixed day counts, and suspensions within a certification cycle add
// up. Each case is a worked example, with its exact dates, under the default charter.
import { expect } from 'chai';
import { DEFAULT_CHARTER } from '../../../../chaincode/src/domain/charter';
import { addSeconds } from '../../../../chaincode/src/domain/time';
import type { Certificate } from '../../../../chaincode/src/domain/types';
import { newConsortium } from '../../../support/consortium';
import { anchorDecision, anchorEvidence, certificateInput, parsed, refused } from './helpers';

/** 10:00 in Shanghai: the same calendar day in UTC and in Asia/Shanghai. */
const at = (date: string): string => `${date}T02:00:00.000Z`;

describe('certificate contract: calendar-exact time limits', () => {
  describe('maximum suspension of six calendar months', () => {
    it('refuses 6 months + 1 day from 2025-02-01 (183 days accepted it)', async () => {
      const c = await newConsortium({ startTime: at('2025-02-01') });
      const decision = await anchorDecision(c, 'cb1', 'dec-feb');
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(certificateInput(c, 'CB1-FEB', decision))]);
      await refused(c.net, 'INVALID_ARGUMENT',
        () => c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-FEB', '0116 主动请求暂停', at('2025-08-02')]),
        `suspendedUntil: must be no later than ${at('2025-08-01')}`);
      const ok = parsed(await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-FEB', '0116 主动请求暂停', at('2025-08-01')])) as Certificate;
      expect(ok).to.include({ status: 'SUSPENDED', suspendedUntil: at('2025-08-01') });
    });

    it('accepts exactly 6 months from 2025-07-01 (183 days refused it)', async () => {
      const c = await newConsortium({ startTime: at('2025-07-01') });
      const decision = await anchorDecision(c, 'cb1', 'dec-jul');
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(certificateInput(c, 'CB1-JUL', decision))]);
      const ok = parsed(await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-JUL', '0116 主动请求暂停', at('2026-01-01')])) as Certificate;
      expect(ok).to.include({ status: 'SUSPENDED', suspendedUntil: at('2026-01-01') });
    });

    it('counts the time suspended in the cycle: restoring and suspending again cannot chain suspensions', async () => {
      const c = await newConsortium({ startTime: at('2025-02-01') });
      const decision = await anchorDecision(c, 'cb1', 'dec-chain');
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(certificateInput(c, 'CB1-CHAIN', decision))]);
      // six months from 2025-02-01 are 181 days; 120 of them are used by the first suspension
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-CHAIN', '0116 主动请求暂停', at('2025-08-01')]);
      c.net.setTime(at('2025-06-01'));
      const resolved = await anchorEvidence(c, 'cb1', 'chain-resolved', 'AUDIT_REPORT');
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:restore', ['CB1-CHAIN', JSON.stringify([resolved])]);
      c.net.setTime(at('2025-06-02'));
      // a fresh six months from 2025-06-02 would run to 2025-12-02; 61 days remain in the cycle
      await refused(c.net, 'INVALID_ARGUMENT',
        () => c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-CHAIN', '0116 主动请求暂停', at('2025-12-02')]),
        `suspendedUntil: must be no later than ${at('2025-08-02')}`, '120 days');
      const second = parsed(await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-CHAIN', '0116 主动请求暂停', at('2025-08-02')])) as Certificate;
      expect(second).to.include({ status: 'SUSPENDED', suspendedUntil: at('2025-08-02') });
      // restored at once: one day of the cycle's six months is used again, 60 days remain
      c.net.setTime(at('2025-06-03'));
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:restore', ['CB1-CHAIN', JSON.stringify([resolved])]);
      await refused(c.net, 'INVALID_ARGUMENT',
        () => c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-CHAIN', 'r', at('2025-08-03')]),
        `must be no later than ${at('2025-08-02')}`);
    });
  });

  describe('maximum validity of three calendar years', () => {
    it('refuses 3 years + 1 day from 2025-01-01 (1,096 days accepted it) and accepts exactly 3 years', async () => {
      const c = await newConsortium({ startTime: at('2025-01-01') });
      const decision = await anchorDecision(c, 'cb1', 'dec-3y');
      const tooLong = certificateInput(c, 'CB1-3Y', decision, { expiresAt: at('2028-01-02') });
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(tooLong)]),
        `certificate.expiresAt: must be no later than ${at('2028-01-01')}`, 'P3Y');
      const exact = certificateInput(c, 'CB1-3Y', decision, { expiresAt: at('2028-01-01') });
      const { certificate } = parsed(await c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(exact)])) as { certificate: Certificate };
      expect(certificate.expiresAt).to.equal(at('2028-01-01'));
    });
  });

  describe('surveillance interval of twelve calendar months', () => {
    it('is not overdue one day early across 29 February: issued 2023-06-01, due by 2024-06-01', async () => {
      const c = await newConsortium({ startTime: at('2023-06-01') });
      const decision = await anchorDecision(c, 'cb1', 'dec-leap');
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(certificateInput(c, 'CB1-LEAP', decision))]);
      // 365 days after issue, but still inside the twelve months
      c.net.setTime('2024-05-31T12:00:00.000Z');
      let swept = parsed(await c.net.submit(c.orgs.cb1.reader, 'certificate:sweep', ['50', ''])) as { changed: unknown[] };
      expect(swept.changed).to.deep.equal([]);
      c.net.setTime(at('2024-06-01'));
      swept = parsed(await c.net.submit(c.orgs.cb1.reader, 'certificate:sweep', ['50', ''])) as { changed: unknown[] };
      expect(swept.changed).to.deep.equal([]);
      c.net.setTime('2024-06-01T02:00:00.001Z');
      swept = parsed(await c.net.submit(c.orgs.cb1.reader, 'certificate:sweep', ['50', ''])) as { changed: unknown[] };
      expect(swept.changed).to.deep.equal([
        { certificateNo: 'CB1-LEAP', issuer: 'Cb1MSP', from: 'VALID', to: 'SUSPENDED', reason: 'SURVEILLANCE_OVERDUE' },
      ]);
    });
  });

  describe('a test consortium on a compressed clock', () => {
    it('runs the same rules with durations of seconds (PT…S)', async () => {
      const durations = {
        ...structuredClone(DEFAULT_CHARTER.durations), maxSuspension: 'PT30S', surveillanceInterval: 'PT60S', transferWindow: 'PT30S',
        maxValidity: { ...DEFAULT_CHARTER.durations.maxValidity, QMS: 'PT600S' },
      };
      const c = await newConsortium({ startTime: at('2025-01-01'), charter: { durations } });
      const decision = await anchorDecision(c, 'cb1', 'dec-fast');
      const issuedAt = c.net.now().toISOString();
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(certificateInput(c, 'CB1-FAST', decision, { expiresAt: addSeconds(issuedAt, 601) }))]), 'PT600S');
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(certificateInput(c, 'CB1-FAST', decision, { expiresAt: addSeconds(issuedAt, 600) }))]);
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-FAST', 'r', addSeconds(issuedAt, 31)]), 'PT30S');
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-FAST', 'r', addSeconds(issuedAt, 30)]);
      c.net.advance(10);
      const resolved = await anchorEvidence(c, 'cb1', 'fast-resolved', 'AUDIT_REPORT');
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:restore', ['CB1-FAST', JSON.stringify([resolved])]);
      // 10 of the 30 s are used: 20 s remain
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-FAST', 'r', addSeconds(issuedAt, 31)]), 'and 10 s of them are used');
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-FAST', 'r', addSeconds(issuedAt, 30)]);
      c.net.advance(21);
      const swept = parsed(await c.net.submit(c.orgs.cb1.reader, 'certificate:sweep', ['50', ''])) as { changed: unknown[] };
      expect(swept.changed).to.deep.equal([
        { certificateNo: 'CB1-FAST', issuer: 'Cb1MSP', from: 'SUSPENDED', to: 'WITHDRAWN', reason: 'SUSPENSION_EXPIRED (0115)' },
      ]);
    });
  });
});
