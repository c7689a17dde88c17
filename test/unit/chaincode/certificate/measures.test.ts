// On the harness (docs/contracts.md §3.4, §3.5, §3.7): what the regulator imposes only the regulator lifts,
// credit events are closed and revised with history, issuing checks the body's qualification and
// the organisation's past, and a body that cannot consent does not strand its clients. Every
// refusal is checked for its code and for a ledger left exactly as it was.
import { expect } from 'chai';
import type { Certificate, CreditEvent } from '../../../../chaincode/src/domain/types';
import { newConsortium, type Consortium } from '../../../support/consortium';
import {
  DAY, USCC_A, USCC_B, anchorDecision, anchorEvidence, certificateInput, getCertificate, inDays, issue, parsed, query, refused, setMemberStatus,
} from './helpers';

const creditEvent = (severity: string, over: Record<string, unknown> = {}): string => JSON.stringify({
  uscc: USCC_A, type: 'ADMINISTRATIVE_PENALTY', severity, source: '福州市市场监督管理局 行政处罚决定书 榕市监罚〔2025〕12号', occurredAt: '2025-01-01T00:00:00Z', ...over,
});

async function recordCreditEvent(c: Consortium, severity: string, over: Record<string, unknown> = {}): Promise<CreditEvent> {
  return parsed(await c.net.submit(c.orgs.regulator.regulator, 'certificate:creditEvent', [creditEvent(severity, over)])) as CreditEvent;
}

async function issueWith(c: Consortium, org: 'cb1' | 'cb2', no: string, over: Record<string, unknown> = {}): Promise<string> {
  // the decision rests on an audit of the certificate's scheme (docs/contracts.md §3.4 issue)
  const decision = await anchorDecision(c, org, `decision-${no}`, typeof over.scheme === 'string' ? { audit: { scheme: over.scheme } } : {});
  return JSON.stringify(certificateInput(c, no, decision, over));
}

describe('certificate contract: the regulator\'s measures', () => {
  let c: Consortium;
  beforeEach(async () => {
    c = await newConsortium();
    await issue(c, 'cb1', 'CB1-0001');
    await issue(c, 'cb1', 'CB1-0002');
    await issue(c, 'cb2', 'CB2-0001');
  });

  it('Found: the issuer cannot lift a SERIOUS credit event\'s suspension by linking an old decision record 60 s later', async () => {
    const event = await recordCreditEvent(c, 'SERIOUS');
    expect(await getCertificate(c, 'CB1-0001')).to.deep.include({
      status: 'SUSPENDED', suspendedBy: { authority: 'CREDIT_EVENT', mspId: 'RegulatorMSP', creditEventId: event.id },
    });
    c.net.advance(60);
    const oldDecision = (await getCertificate(c, 'CB1-0001')).evidenceIds[0] as string;
    await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:restore', ['CB1-0001', JSON.stringify([oldDecision])]),
      `suspended by credit event ${event.id}`, 'only the regulator');
    // fresh evidence does not help either: the measure is the regulator's to lift
    const audit = await anchorEvidence(c, 'cb1', 'special-audit', 'AUDIT_REPORT');
    await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:restore', ['CB1-0001', JSON.stringify([audit])]), 'only the regulator');
    // nor can the issuer turn the suspension into a cancellation at the holder's request
    await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:cancel', ['CB1-0001', 'HOLDER_REQUEST', '']), 'only the regulator');
    // withdrawing is stricter than the measure, so the issuer may
    await c.net.submit(c.orgs.cb1.issuer, 'certificate:withdraw', ['CB1-0002', '0113 重大质量事故']);
    expect((await getCertificate(c, 'CB1-0002')).status).to.equal('WITHDRAWN');
  });

  it('Found: the regulator suspends and withdraws any single certificate with a reason code [DIGI (六)三]', async () => {
    const until = inDays(c, 60);
    const suspended = await c.net.submit(c.orgs.regulator.regulator, 'certificate:suspend', ['CB1-0001', '0113', until]);
    expect(parsed(suspended)).to.deep.include({
      status: 'SUSPENDED', statusReason: '0113 受执法监管部门处罚', statusReasonCode: '0113', suspendedUntil: until,
      suspendedBy: { authority: 'REGULATOR', mspId: 'RegulatorMSP' },
    });
    expect(JSON.parse(suspended.event?.payload ?? '{}')).to.deep.include({
      certificateNo: 'CB1-0001', issuer: 'Cb1MSP', from: 'VALID', to: 'SUSPENDED', reasonCode: '0113', suspendedBy: { authority: 'REGULATOR', mspId: 'RegulatorMSP' },
    });
    const withdrawn = await c.net.submit(c.orgs.regulator.regulator, 'certificate:withdraw', ['CB2-0001', JSON.stringify({ code: '0112', note: '拒绝配合 2025 年专项监督检查' })]);
    expect(parsed(withdrawn)).to.include({ status: 'WITHDRAWN', statusReason: '0112 拒绝配合 2025 年专项监督检查', statusReasonCode: '0112' });
  });

  it('lifts a regulator\'s suspension only by a regulator restore; the issuer is refused with the reason', async () => {
    await c.net.submit(c.orgs.regulator.regulator, 'certificate:suspend', ['CB1-0001', JSON.stringify({ code: '0114', note: '地方监管部门发现问题' }), inDays(c, 30)]);
    const evidence = await anchorEvidence(c, 'cb1', 'corrective', 'AUDIT_REPORT');
    await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:restore', ['CB1-0001', JSON.stringify([evidence])]),
      'suspended by the regulator (RegulatorMSP)', 'only the regulator');
    const decision = await anchorEvidence(c, 'regulator', 'lift-decision');
    const restored = parsed(await c.net.submit(c.orgs.regulator.regulator, 'certificate:restore', ['CB1-0001', JSON.stringify([decision])])) as Certificate;
    expect(restored).to.include({ status: 'VALID', statusReason: 'RESTORED' });
    expect(restored.suspendedBy).to.equal(undefined);
    expect(restored.statusReasonCode).to.equal(undefined);
  });

  it('leaves the issuer\'s own suspension to the issuer: the regulator does not restore it', async () => {
    await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', '0116', inDays(c, 30)]);
    expect(await getCertificate(c, 'CB1-0001')).to.deep.include({ statusReasonCode: '0116', suspendedBy: { authority: 'ISSUER', mspId: 'Cb1MSP' } });
    const decision = await anchorEvidence(c, 'regulator', 'lift-decision');
    await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:restore', ['CB1-0001', JSON.stringify([decision])]), 'suspended by its issuer');
    const evidence = await anchorEvidence(c, 'cb1', 'resolved');
    await c.net.submit(c.orgs.cb1.issuer, 'certificate:restore', ['CB1-0001', JSON.stringify([evidence])]);
  });

  it('the regulator takes over an issuer\'s suspension, keeping its start, so the issuer cannot pre-empt the measure and lift it', async () => {
    await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', '0116', inDays(c, 30)]);
    const started = c.net.now().toISOString();
    c.net.advance(10 * DAY);
    // the six months count from the start of the suspension
    await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:suspend', ['CB1-0001', '0113', inDays(c, 180)]), 'suspendedUntil', started);
    const taken = await c.net.submit(c.orgs.regulator.regulator, 'certificate:suspend', ['CB1-0001', '0113', inDays(c, 170)]);
    expect(parsed(taken)).to.deep.include({
      status: 'SUSPENDED', statusSince: started, statusReasonCode: '0113', suspendedUntil: inDays(c, 170), suspendedBy: { authority: 'REGULATOR', mspId: 'RegulatorMSP' },
    });
    expect(JSON.parse(taken.event?.payload ?? '{}')).to.include({ from: 'SUSPENDED', to: 'SUSPENDED', by: 'RegulatorMSP' });
    const evidence = await anchorEvidence(c, 'cb1', 'resolved');
    await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:restore', ['CB1-0001', JSON.stringify([evidence])]), 'only the regulator');
    await refused(c.net, 'CONFLICT', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:suspend', ['CB1-0001', '0114', inDays(c, 30)]), 'already suspended by the regulator');
  });

  it('refuses the issuer\'s restore of its own suspension while the organisation has an open SERIOUS credit event', async () => {
    await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', '0116', inDays(c, 30)]);
    const event = await recordCreditEvent(c, 'SERIOUS');
    expect(event.suspended).to.deep.equal(['CB1-0002', 'CB2-0001']);
    const evidence = await anchorEvidence(c, 'cb1', 'resolved');
    await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:restore', ['CB1-0001', JSON.stringify([evidence])]), `open SERIOUS credit event ${event.id}`);
    await c.net.submit(c.orgs.regulator.regulator, 'certificate:closeCreditEvent', [USCC_A, event.id, '处罚已履行']);
    await c.net.submit(c.orgs.cb1.issuer, 'certificate:restore', ['CB1-0001', JSON.stringify([evidence])]);
  });

  it('requires a reason code of the regulator and accepts the issuer\'s codes, keeping free text as the note', async () => {
    await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:suspend', ['CB1-0001', 'please pause it', inDays(c, 30)]),
      'reason', 'reason code', '0111');
    await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:withdraw', ['CB1-0001', '{"note":"no code"}']), 'reason.code');
    await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:withdraw', ['CB1-0001', '0100']), 'reason', '0100', 'withdrawal');
    // 0120 is a withdrawal code, not a suspension code
    await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', '0120', inDays(c, 30)]), 'reason', '0120');
    const free = parsed(await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', 'Serious nonconformity found at surveillance', inDays(c, 30)])) as Certificate;
    expect(free).to.include({ statusReason: 'Serious nonconformity found at surveillance' });
    expect(free.statusReasonCode).to.equal(undefined);
    const coded = parsed(await c.net.submit(c.orgs.cb1.issuer, 'certificate:withdraw', ['CB1-0002', '0122'])) as Certificate;
    expect(coded).to.include({ statusReason: '0122 主动放弃', statusReasonCode: '0122' });
  });

  it('refuses the regulator\'s other users, and users of other members holding the regulator role', async () => {
    for (const who of [c.orgs.regulator.issuer, c.orgs.regulator.admin, c.orgs.regulator.reader, c.orgs.cb1.regulator, c.orgs.cb2.regulator]) {
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(who, 'certificate:suspend', ['CB1-0001', '0113', inDays(c, 30)]));
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(who, 'certificate:withdraw', ['CB1-0001', '0114']));
    }
    // the suspension is still bounded by the charter maximum
    await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:suspend', ['CB1-0001', '0113', inDays(c, 184)]), 'suspendedUntil');
  });

  describe('closing and revising credit events', () => {
    it('closing a SERIOUS event restores the certificates still suspended by it, and keeps the event readable', async () => {
      const event = await recordCreditEvent(c, 'SERIOUS');
      expect(event).to.include({ status: 'OPEN' });
      // one of them was withdrawn meanwhile, another restored case by case by the regulator
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:withdraw', ['CB1-0002', '0113']);
      c.net.advance(10 * DAY);
      const result = await c.net.submit(c.orgs.regulator.regulator, 'certificate:closeCreditEvent', [USCC_A, event.id, '行政处罚已履行完毕']);
      const { event: closed, restored } = parsed(result) as { event: CreditEvent; restored: string[] };
      expect(restored).to.deep.equal(['CB1-0001', 'CB2-0001']);
      expect(closed).to.deep.include({
        status: 'CLOSED', closed: { at: c.net.now().toISOString(), by: 'RegulatorMSP', note: '行政处罚已履行完毕', txId: result.txId, restored: ['CB1-0001', 'CB2-0001'], movedTo: [], leftForSweep: [] },
      });
      expect(result.event?.name).to.equal('CreditEventClosed');
      expect(JSON.parse(result.event?.payload ?? '{}')).to.deep.include({ id: event.id, uscc: USCC_A, restored: ['CB1-0001', 'CB2-0001'] });
      for (const no of ['CB1-0001', 'CB2-0001']) {
        const cert = await getCertificate(c, no);
        expect(cert).to.include({ status: 'VALID', statusReason: `RESTORED (credit event ${event.id} closed)` });
        expect(cert.suspendedBy).to.equal(undefined);
      }
      expect((await getCertificate(c, 'CB1-0002')).status).to.equal('WITHDRAWN');
      const view = await query<{ creditEvents: Record<string, unknown>[] }>(c.net, c.orgs.cb1.reader, 'certificate:verify', ['CB1-0001', '']);
      expect(view.creditEvents[0]).to.include({ id: event.id, status: 'CLOSED', closedAt: c.net.now().toISOString() });
      // closed is final
      await refused(c.net, 'CONFLICT', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:closeCreditEvent', [USCC_A, event.id, 'again']), 'CLOSED');
      await refused(c.net, 'CONFLICT', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:reviseCreditEvent', [USCC_A, event.id, JSON.stringify({ severity: 'MINOR', note: 'n' })]), 'CLOSED');
    });

    it('closing leaves a suspension that ran out to the sweep, and hands a certificate over to another open SERIOUS event', async () => {
      const first = await recordCreditEvent(c, 'SERIOUS');
      c.net.advance(DAY);
      const second = await recordCreditEvent(c, 'SERIOUS', { type: 'SERIOUS_DISHONESTY' });
      expect(second.suspended).to.deep.equal([]);
      const { restored, event } = parsed(
        await c.net.submit(c.orgs.regulator.regulator, 'certificate:closeCreditEvent', [USCC_A, first.id, '第一项处罚已履行'])
      ) as { event: CreditEvent; restored: string[] };
      expect(restored).to.deep.equal([]);
      expect(event.closed?.movedTo).to.deep.equal([
        { certificateNo: 'CB1-0001', creditEventId: second.id }, { certificateNo: 'CB1-0002', creditEventId: second.id }, { certificateNo: 'CB2-0001', creditEventId: second.id },
      ]);
      expect((await getCertificate(c, 'CB1-0001')).suspendedBy).to.deep.equal({ authority: 'CREDIT_EVENT', mspId: 'RegulatorMSP', creditEventId: second.id });
      const stored = await query<{ items: CreditEvent[] }>(c.net, c.orgs.cb1.reader, 'certificate:listCreditEvents', [USCC_A]);
      expect(stored.items.find((e) => e.id === second.id)?.suspended).to.deep.equal(['CB1-0001', 'CB1-0002', 'CB2-0001']);

      // past suspendedUntil (183 days) the rule is withdrawal (0115), not a restore on closing
      c.net.advance(184 * DAY);
      const late = parsed(
        await c.net.submit(c.orgs.regulator.regulator, 'certificate:closeCreditEvent', [USCC_A, second.id, '失信名单已移出'])
      ) as { event: CreditEvent; restored: string[] };
      expect(late.restored).to.deep.equal([]);
      expect(late.event.closed?.leftForSweep).to.deep.equal(['CB1-0001', 'CB1-0002', 'CB2-0001']);
      expect((await getCertificate(c, 'CB1-0001')).status).to.equal('SUSPENDED');
    });

    it('revising keeps every version: SERIOUS → MINOR lifts its suspensions, MINOR → SERIOUS suspends like a new SERIOUS event', async () => {
      const minor = await recordCreditEvent(c, 'MINOR');
      c.net.advance(DAY);
      const up = await c.net.submit(c.orgs.regulator.regulator, 'certificate:reviseCreditEvent', [USCC_A, minor.id, JSON.stringify({ severity: 'SERIOUS', type: 'MAJOR_ACCIDENT', note: '事故调查报告认定为重大事故' })]);
      const { event: serious, suspended } = parsed(up) as { event: CreditEvent; suspended: string[]; restored: string[] };
      expect(suspended).to.deep.equal(['CB1-0001', 'CB1-0002', 'CB2-0001']);
      expect(serious).to.deep.include({ severity: 'SERIOUS', type: 'MAJOR_ACCIDENT', status: 'OPEN', suspended: ['CB1-0001', 'CB1-0002', 'CB2-0001'] });
      expect(serious.revisions).to.deep.equal([{
        previous: { type: 'ADMINISTRATIVE_PENALTY', severity: 'MINOR', source: minor.source }, note: '事故调查报告认定为重大事故',
        revisedAt: c.net.now().toISOString(), revisedBy: 'RegulatorMSP', txId: up.txId, suspended: ['CB1-0001', 'CB1-0002', 'CB2-0001'], restored: [], movedTo: [], leftForSweep: [],
      }]);
      expect(up.event?.name).to.equal('CreditEventRevised');
      expect((await getCertificate(c, 'CB2-0001')).suspendedBy).to.deep.equal({ authority: 'CREDIT_EVENT', mspId: 'RegulatorMSP', creditEventId: minor.id });

      c.net.advance(DAY);
      const down = parsed(
        await c.net.submit(c.orgs.regulator.regulator, 'certificate:reviseCreditEvent', [USCC_A, minor.id, JSON.stringify({ severity: 'MINOR', note: '复核后降级' })])
      ) as { event: CreditEvent; suspended: string[]; restored: string[] };
      expect(down.restored).to.deep.equal(['CB1-0001', 'CB1-0002', 'CB2-0001']);
      expect(down.event).to.include({ severity: 'MINOR', type: 'MAJOR_ACCIDENT', status: 'OPEN' });
      expect(down.event.revisions?.map((r) => r.previous.severity)).to.deep.equal(['MINOR', 'SERIOUS']);
      expect((await getCertificate(c, 'CB1-0001')).status).to.equal('VALID');
      // every version stays readable in the key's history as well
      const history = await query<{ value: CreditEvent }[]>(c.net, c.orgs.cb1.reader, 'certificate:creditEventHistory', [USCC_A, minor.id]);
      expect(history.map((h) => h.value.severity)).to.deep.equal(['MINOR', 'SERIOUS', 'MINOR']);
    });

    it('refuses closing or revising to anyone but a regulator user, an unknown event, a revision that changes nothing, and bad input', async () => {
      const event = await recordCreditEvent(c, 'INFO');
      for (const who of [c.orgs.cb1.issuer, c.orgs.cb1.regulator, c.orgs.regulator.admin, c.orgs.regulator.reader]) {
        await refused(c.net, 'FORBIDDEN', () => c.net.submit(who, 'certificate:closeCreditEvent', [USCC_A, event.id, 'n']));
        await refused(c.net, 'FORBIDDEN', () => c.net.submit(who, 'certificate:reviseCreditEvent', [USCC_A, event.id, JSON.stringify({ severity: 'MINOR', note: 'n' })]));
      }
      await refused(c.net, 'NOT_FOUND', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:closeCreditEvent', [USCC_B, event.id, 'n']), 'credit event');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:closeCreditEvent', [USCC_A, event.id, ' ']), 'note');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:reviseCreditEvent', [USCC_A, event.id, JSON.stringify({ severity: 'INFO', note: 'n' })]), 'changes nothing');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:reviseCreditEvent', [USCC_A, event.id, JSON.stringify({ severity: 'FATAL', note: 'n' })]), 'revision.severity');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:reviseCreditEvent', [USCC_A, event.id, JSON.stringify({ severity: 'MINOR' })]), 'revision.note');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:reviseCreditEvent', [USCC_A, event.id, JSON.stringify({ occurredAt: '2025-01-01T00:00:00Z', note: 'n' })]), 'unknown key');
    });
  });
});

describe('certificate contract: qualification is enforced', () => {
  it('Found: a body whose accreditation was WITHDRAWN or SUSPENDED cannot issue; with no record, or ACCREDITED again, it can', async () => {
    const c = await newConsortium({ founders: ['regulator', 'cb1', 'cb2', 'ab'] });
    await c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [await issueWith(c, 'cb1', 'CB1-0001')]);
    await c.net.submit(c.orgs.ab.admin, 'certificate:recordAccreditation', ['Cb1MSP', 'WITHDRAWN', '认可撤销']);
    const input = await issueWith(c, 'cb1', 'CB1-0002');
    await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [input]), 'accreditation', 'WITHDRAWN');
    await c.net.submit(c.orgs.ab.admin, 'certificate:recordAccreditation', ['Cb1MSP', 'SUSPENDED', '认可暂停']);
    await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [input]), 'accreditation', 'SUSPENDED');
    await c.net.submit(c.orgs.ab.admin, 'certificate:recordAccreditation', ['Cb1MSP', 'ACCREDITED', '认可恢复']);
    await c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [input]);
  });

  it('refuses the accepting body of a transfer whose accreditation is withdrawn', async () => {
    const c = await newConsortium({ founders: ['regulator', 'cb1', 'cb2', 'ab'] });
    await issue(c, 'cb1', 'CB1-0001');
    await c.net.submit(c.orgs.cb1.issuer, 'certificate:consentToTransfer', ['CB1-0001', 'Cb2MSP']);
    await c.net.submit(c.orgs.ab.admin, 'certificate:recordAccreditation', ['Cb2MSP', 'WITHDRAWN', '认可撤销']);
    const evidence = await anchorEvidence(c, 'cb2', 'review', 'TRANSFER');
    await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:transfer', ['CB1-0001', 'CB2-0001', JSON.stringify([evidence])]), 'Cb2MSP', 'WITHDRAWN');
  });

  it('refuses issuing while the regulator has suspended the body\'s right to issue, until it is reinstated or the suspension ends', async () => {
    const c = await newConsortium();
    const input = await issueWith(c, 'cb1', 'CB1-0001');
    await c.net.submit(c.orgs.regulator.regulator, 'membership:suspendIssuing', ['Cb1MSP', 'CB01', inDays(c, 30)]);
    await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [input]), 'right to issue', 'CB01');
    // the rest of its work goes on: an issuing suspension is not a member suspension
    await anchorEvidence(c, 'cb1', 'still-recording');
    c.net.advance(31 * DAY);
    await c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [input]);

    await c.net.submit(c.orgs.regulator.regulator, 'membership:suspendIssuing', ['Cb1MSP', JSON.stringify({ code: 'CB04', note: '未按认证规则实施认证' }), '']);
    const later = await issueWith(c, 'cb1', 'CB1-0002');
    c.net.advance(400 * DAY);
    await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [later]), 'right to issue');
    await c.net.submit(c.orgs.regulator.regulator, 'membership:reinstateIssuing', ['Cb1MSP', '整改完成']);
    await c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify({ ...JSON.parse(later), issuedAt: c.net.now().toISOString(), expiresAt: inDays(c, 1000) })]);
  });

  describe('consent to transfer is waived when the source body cannot give it (IAF MD 2)', () => {
    let c: Consortium;
    beforeEach(async () => {
      c = await newConsortium({ founders: ['regulator', 'cb1', 'cb2', 'ab'] });
      await issue(c, 'cb1', 'CB1-0001');
    });

    it('Found: a SUSPENDED body\'s client transfers without its consent', async () => {
      await setMemberStatus(c, 'cb1', 'SUSPENDED');
      const evidence = await anchorEvidence(c, 'cb2', 'review', 'TRANSFER');
      const result = parsed(await c.net.submit(c.orgs.cb2.issuer, 'certificate:transfer', ['CB1-0001', 'CB2-0001', JSON.stringify([evidence])])) as { withoutConsent: boolean };
      expect(result.withoutConsent).to.equal(true);
    });

    it('an EXITING body\'s client transfers without its consent', async () => {
      await setMemberStatus(c, 'cb1', 'EXITING');
      const evidence = await anchorEvidence(c, 'cb2', 'review', 'TRANSFER');
      const result = parsed(await c.net.submit(c.orgs.cb2.issuer, 'certificate:transfer', ['CB1-0001', 'CB2-0001', JSON.stringify([evidence])])) as { withoutConsent: boolean };
      expect(result.withoutConsent).to.equal(true);
    });

    it('a SUSPENDED accreditation waives consent within the transfer window only', async () => {
      await issue(c, 'cb1', 'CB1-0002');
      await c.net.submit(c.orgs.ab.admin, 'certificate:recordAccreditation', ['Cb1MSP', 'SUSPENDED', '认可暂停']);
      const evidence = await anchorEvidence(c, 'cb2', 'review', 'TRANSFER');
      const result = parsed(await c.net.submit(c.orgs.cb2.issuer, 'certificate:transfer', ['CB1-0001', 'CB2-0001', JSON.stringify([evidence])])) as { withoutConsent: boolean };
      expect(result.withoutConsent).to.equal(true);
      c.net.advance(184 * DAY);
      await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:transfer', ['CB1-0002', 'CB2-0002', JSON.stringify([evidence])]), 'has not consented');
    });
  });
});

describe('certificate contract: issuing looks at the organisation\'s past', () => {
  let c: Consortium;
  beforeEach(async () => {
    c = await newConsortium();
    await issue(c, 'cb1', 'CB1-0001');
  });

  it('Found: refuses a certificate to an organisation with an open SERIOUS credit event, from any body, until it is closed', async () => {
    const event = await recordCreditEvent(c, 'SERIOUS');
    const input = await issueWith(c, 'cb2', 'CB2-0001');
    await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:issue', [input]), USCC_A, `SERIOUS credit event ${event.id}`);
    await c.net.submit(c.orgs.regulator.regulator, 'certificate:closeCreditEvent', [USCC_A, event.id, '信用修复完成']);
    await c.net.submit(c.orgs.cb2.issuer, 'certificate:issue', [input]);
  });

  it('does not bar an organisation for an INFO or MINOR event, nor another organisation', async () => {
    await recordCreditEvent(c, 'MINOR');
    await recordCreditEvent(c, 'SERIOUS', { uscc: USCC_B });
    await c.net.submit(c.orgs.cb2.issuer, 'certificate:issue', [await issueWith(c, 'cb2', 'CB2-0001')]);
  });

  it('Found: refuses a certificate minutes after a withdrawal for the organisation\'s own reasons, from any body, for one year (CNCA-QMS-01:2025 5.1.2)', async () => {
    await c.net.submit(c.orgs.cb1.issuer, 'certificate:withdraw', ['CB1-0001', '0112 拒绝配合监督检查']);
    c.net.advance(5 * 60);
    const input = await issueWith(c, 'cb2', 'CB2-0001');
    await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:issue', [input]), 'CB1-0001', '0112', 'withdrawn');
    const byTheSameBody = await issueWith(c, 'cb1', 'CB1-0002');
    await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [byTheSameBody]), '0112');
    // another scheme is another certification
    await c.net.submit(c.orgs.cb2.issuer, 'certificate:issue', [await issueWith(c, 'cb2', 'CB2-E001', { scheme: 'EMS', standard: 'GB/T 24001-2016/ISO 14001:2015' })]);
    // the bar is a calendar year by default (P1Y)
    c.net.advance(366 * DAY);
    await c.net.submit(c.orgs.cb2.issuer, 'certificate:issue', [JSON.stringify({ ...JSON.parse(input), issuedAt: c.net.now().toISOString(), expiresAt: inDays(c, 1000) })]);
  });

  it('bars after the sweep\'s withdrawal of an unresolved suspension (0115), but not after a withdrawal at the organisation\'s request (0122) or without a code', async () => {
    await issue(c, 'cb1', 'CB1-0002', { uscc: USCC_B });
    await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', '0111', inDays(c, 10)]);
    c.net.advance(11 * DAY);
    await c.net.submit(c.orgs.cb1.reader, 'certificate:sweep', ['50', '']);
    expect(await getCertificate(c, 'CB1-0001')).to.include({ status: 'WITHDRAWN' });
    const again = await issueWith(c, 'cb1', 'CB1-0003');
    await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [again]), '0115');

    await c.net.submit(c.orgs.cb1.issuer, 'certificate:withdraw', ['CB1-0002', '0122']);
    const decision = await anchorDecision(c, 'cb2', 'dec-b', { uscc: USCC_B });
    const other = { organization: { name: 'Holder B', uscc: USCC_B, address: '北京市东城区', regionCode: '110101' } };
    await c.net.submit(c.orgs.cb2.issuer, 'certificate:issue', [JSON.stringify(certificateInput(c, 'CB2-B001', decision, other))]);
  });

  it('takes the bar and its reason codes from the charter', async () => {
    const short = await newConsortium({ charter: { issueBar: { afterWithdrawal: 'PT3600S', withdrawalReasonCodes: ['0122'] } } });
    await issue(short, 'cb1', 'CB1-0001');
    await short.net.submit(short.orgs.cb1.issuer, 'certificate:withdraw', ['CB1-0001', '0122']);
    const input = await issueWith(short, 'cb2', 'CB2-0001');
    await refused(short.net, 'PRECONDITION_FAILED', () => short.net.submit(short.orgs.cb2.issuer, 'certificate:issue', [input]), '0122');
    short.net.advance(3601);
    await short.net.submit(short.orgs.cb2.issuer, 'certificate:issue', [JSON.stringify({ ...JSON.parse(input), issuedAt: short.net.now().toISOString() })]);
  });
});
