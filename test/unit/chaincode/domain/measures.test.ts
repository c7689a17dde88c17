// Unit tests of the rules of docs/contracts.md §3.4, §3.5, §3.7 and §4.4 as pure functions: reason codes,
// credential forms, who lifts a suspension, credit-event close and revision, the body's
// qualification, the organisation's history, the consent waiver and the measures needing a vote.
import { expect } from 'chai';
import { DEFAULT_CHARTER } from '../../../../chaincode/src/domain/charter';
import { checkCredentialForms } from '../../../../chaincode/src/domain/credentials';
import {
  OWN_FAULT_WITHDRAWAL_CODES, parseStatusReason, reasonCodeOf, reasonCodes, WITHDRAWAL_REASON_CODES,
} from '../../../../chaincode/src/domain/dictionaries/reason-codes';
import {
  actorOf, checkLiftSuspension, checkMeasureWithoutVote, checkRevision, closedCreditEvent, creditEventVersionAt, imposeSuspension,
  imposeWithdrawal, liftCreditEventSuspensions, reinstateIssuingRight, revisedCreditEvent, suspendIssuingRight, type Actor,
} from '../../../../chaincode/src/domain/measures';
import {
  checkIssuerQualification, checkOrganisationHistory, consentWaiver, issuingSuspensionAt, openSeriousEvents,
} from '../../../../chaincode/src/domain/qualification';
import { addDuration, addSeconds } from '../../../../chaincode/src/domain/time';
import type { Accreditation, Certificate, Charter, CreditEvent, Member } from '../../../../chaincode/src/domain/types';
import { expectCode, expectInvalid } from '../../../support/expect-code';
import { certificateRecord } from './fixtures';

const DAY = 86_400;
const charter = structuredClone(DEFAULT_CHARTER) as Charter;
const NOW = '2025-06-01T00:00:00.000Z';
const USCC = '91350100M000100Y43';
const ISSUER: Actor = { authority: 'ISSUER', mspId: 'Cb1MSP' };
const REGULATOR: Actor = { authority: 'REGULATOR', mspId: 'RegulatorMSP' };

function cert(over: Partial<Certificate> = {}): Certificate {
  return certificateRecord({
    certificateNo: 'CB1-0001', organization: { name: '示例', uscc: USCC, address: '福州', regionCode: '350102' }, scope: 's', scopeCodes: [17], evidenceIds: ['ev'], ...over,
  });
}

function member(over: Partial<Member> = {}): Member {
  return {
    mspId: 'Cb1MSP', name: 'CB One', role: 'CERTIFICATION_BODY', status: 'ACTIVE', caRootPem: '', tlsRootPem: '',
    credentials: {}, appliedAt: NOW, statusSince: NOW, ...over,
  };
}

function event(over: Partial<CreditEvent> = {}): CreditEvent {
  return {
    id: 'ev1', uscc: USCC, type: 'ADMINISTRATIVE_PENALTY', severity: 'SERIOUS', source: 'src', occurredAt: NOW, recordedBy: 'RegulatorMSP',
    txId: 'ev1', timestamp: NOW, suspended: [], status: 'OPEN', revisions: [], ...over,
  };
}

const byEvent = (id = 'ev1') => ({ authority: 'CREDIT_EVENT' as const, mspId: 'RegulatorMSP', creditEventId: id });
const suspended = (over: Partial<Certificate> = {}): Certificate =>
  cert({ status: 'SUSPENDED', statusReason: 'CREDIT_EVENT ev1 (ADMINISTRATIVE_PENALTY)', statusSince: NOW, suspendedUntil: addSeconds(NOW, 90 * DAY), suspendedBy: byEvent(), ...over });

describe('domain/dictionaries/reason-codes', () => {
  it('holds the suspension (0111–0199) and withdrawal (0101–0199) lists of docs/domain.md §4.4', () => {
    expect(reasonCodes('SUSPENSION')).to.deep.equal(['0111', '0112', '0113', '0114', '0115', '0116', '0117', '0118', '0199']);
    expect(reasonCodes('WITHDRAWAL')).to.deep.equal(['0101', '0111', '0112', '0113', '0114', '0115', '0116', '0117', '0118', '0119', '0120', '0121', '0122', '0199']);
    for (const code of OWN_FAULT_WITHDRAWAL_CODES) expect(WITHDRAWAL_REASON_CODES).to.have.property(code);
  });

  it('parses a code, a code with a note, {code, note} and its JSON, and free text when no code is required', () => {
    expect(parseStatusReason('0111', 'reason', 'SUSPENSION', { requireCode: true })).to.deep.equal({ code: '0111', text: '0111 体系持续或严重不满足认证要求' });
    expect(parseStatusReason('0111  体系不满足 ', 'reason', 'SUSPENSION', { requireCode: true })).to.deep.equal({ code: '0111', note: '体系不满足', text: '0111 体系不满足' });
    expect(parseStatusReason({ code: '0122' }, 'reason', 'WITHDRAWAL', { requireCode: true })).to.deep.equal({ code: '0122', text: '0122 主动放弃' });
    expect(parseStatusReason('{"code":"0122","note":"n"}', 'reason', 'WITHDRAWAL', { requireCode: true })).to.deep.equal({ code: '0122', note: 'n', text: '0122 n' });
    expect(parseStatusReason('客户要求暂停', 'reason', 'SUSPENSION', { requireCode: false })).to.deep.equal({ note: '客户要求暂停', text: '客户要求暂停' });
    // digits not followed by a space are text, not a code
    expect(parseStatusReason('2025年监督审核未通过', 'reason', 'SUSPENSION', { requireCode: false }).code).to.equal(undefined);
  });

  it('refuses free text when a code is required, a code of another list, unknown keys and blank input', () => {
    expectInvalid(() => parseStatusReason('pause', 'reason', 'SUSPENSION', { requireCode: true }), 'reason', '0111');
    expectInvalid(() => parseStatusReason('0120', 'reason', 'SUSPENSION', { requireCode: false }), 'reason', '"0120"');
    expectInvalid(() => parseStatusReason('0120 x', 'reason', 'SUSPENSION', { requireCode: false }), 'reason', '"0120"');
    expectInvalid(() => parseStatusReason({ code: '0111', why: 'x' }, 'reason', 'SUSPENSION', { requireCode: false }), 'reason.why');
    expectInvalid(() => parseStatusReason({ note: 'x' }, 'reason', 'SUSPENSION', { requireCode: false }), 'reason.code');
    expectInvalid(() => parseStatusReason('{bad', 'reason', 'SUSPENSION', { requireCode: false }), 'reason');
    expectInvalid(() => parseStatusReason('  ', 'reason', 'SUSPENSION', { requireCode: false }), 'reason');
    expectInvalid(() => parseStatusReason(7, 'reason', 'SUSPENSION', { requireCode: false }), 'reason');
  });

  it('reads the reason code of a status, also from reasons written before codes were stored', () => {
    expect(reasonCodeOf({ statusReasonCode: '0112', statusReason: 'x' })).to.equal('0112');
    expect(reasonCodeOf({ statusReason: '0112 拒绝配合监督检查' })).to.equal('0112');
    expect(reasonCodeOf({ statusReason: 'SUSPENSION_EXPIRED (0115)' })).to.equal('0115');
    expect(reasonCodeOf({ statusReason: 'Organisation ceased operation' })).to.equal(undefined);
  });
});

describe('domain/credentials', () => {
  it('accepts CNCA approval numbers of domestic and foreign bodies and CNAS numbers, and refuses anything else', () => {
    for (const ok of [{ cncaApprovalNo: 'CNCA-R-2002-001' }, { cncaApprovalNo: 'CNCA-RF-2005-01' }, { accreditationNo: 'CNAS C001-M' }, { accreditationNo: 'CNAS C1001-P' }, { recognitionNo: 'anything' }] as Record<string, string>[]) {
      expect(() => checkCredentialForms(ok)).not.to.throw();
    }
    for (const [name, bad] of [['cncaApprovalNo', 'x'], ['cncaApprovalNo', 'CNCA-R-2002-01'], ['cncaApprovalNo', 'CNCA-RF-2005-001'], ['cncaApprovalNo', 'CNCA-R-1999-001'],
      ['accreditationNo', 'y'], ['accreditationNo', 'CNAS C001'], ['accreditationNo', 'UKAS 0001'], ['accreditationNo', 'CNAS C001-m']] as const) {
      expectInvalid(() => checkCredentialForms({ [name]: bad }), `credentials.${name}`);
    }
  });
});

describe('domain/measures: who lifts a suspension (item 1)', () => {
  it('maps the caller to an actor: an issuer user of a body, a regulator user of the regulator, nobody else', () => {
    expect(actorOf('issuer', member())).to.deep.equal(ISSUER);
    expect(actorOf('regulator', member({ mspId: 'RegulatorMSP', role: 'REGULATOR' }))).to.deep.equal(REGULATOR);
    expectCode(() => actorOf('regulator', member()), 'FORBIDDEN', 'regulator user of the regulator');
    expectCode(() => actorOf('issuer', member({ role: 'REGULATOR' })), 'FORBIDDEN');
  });

  it('records who suspended, and requires a code of the regulator only', () => {
    const reason = parseStatusReason('0113', 'reason', 'SUSPENSION', { requireCode: false });
    const out = imposeSuspension(cert(), { reason, suspendedUntil: addSeconds(NOW, 30 * DAY) }, REGULATOR, NOW, charter);
    expect(out).to.deep.include({ status: 'SUSPENDED', statusReasonCode: '0113', suspendedBy: { authority: 'REGULATOR', mspId: 'RegulatorMSP' } });
    const text = parseStatusReason('please pause', 'reason', 'SUSPENSION', { requireCode: false });
    expectInvalid(() => imposeSuspension(cert(), { reason: text, suspendedUntil: addSeconds(NOW, 30 * DAY) }, REGULATOR, NOW, charter), 'reason', 'reason code');
    expect(imposeSuspension(cert(), { reason: text, suspendedUntil: addSeconds(NOW, 30 * DAY) }, ISSUER, NOW, charter)).to.deep.include({
      statusReason: 'please pause', suspendedBy: { authority: 'ISSUER', mspId: 'Cb1MSP' },
    });
    expectInvalid(() => imposeWithdrawal(cert(), parseStatusReason('x', 'reason', 'WITHDRAWAL', { requireCode: false }), REGULATOR, NOW), 'reason');
    const withdrawn = imposeWithdrawal(suspended(), parseStatusReason('0112', 'reason', 'WITHDRAWAL', { requireCode: false }), REGULATOR, NOW);
    expect(withdrawn).to.deep.include({ status: 'WITHDRAWN', statusReasonCode: '0112' });
    expect(withdrawn.suspendedBy, 'leaving SUSPENDED clears suspendedBy').to.equal(undefined);
  });

  it('lets only the regulator lift the regulator\'s and a credit event\'s suspensions, and only the issuer its own', () => {
    for (const by of [byEvent(), { authority: 'REGULATOR' as const, mspId: 'RegulatorMSP' }]) {
      expectCode(() => checkLiftSuspension({ cert: suspended({ suspendedBy: by }), actor: ISSUER, openSerious: [], action: 'restore' }), 'FORBIDDEN', 'only the regulator');
      expectCode(() => checkLiftSuspension({ cert: suspended({ suspendedBy: by }), actor: ISSUER, openSerious: [], action: 'cancel' }), 'FORBIDDEN', 'cannot cancel');
      expect(() => checkLiftSuspension({ cert: suspended({ suspendedBy: by }), actor: REGULATOR, openSerious: [event()], action: 'restore' })).not.to.throw();
    }
    const own = suspended({ suspendedBy: { authority: 'ISSUER', mspId: 'Cb1MSP' } });
    expect(() => checkLiftSuspension({ cert: own, actor: ISSUER, openSerious: [], action: 'restore' })).not.to.throw();
    expectCode(() => checkLiftSuspension({ cert: own, actor: ISSUER, openSerious: [event()], action: 'restore' }), 'FORBIDDEN', 'open SERIOUS credit event ev1');
    expect(() => checkLiftSuspension({ cert: own, actor: ISSUER, openSerious: [event()], action: 'cancel' })).not.to.throw();
    expectCode(() => checkLiftSuspension({ cert: own, actor: REGULATOR, openSerious: [], action: 'restore' }), 'FORBIDDEN', 'suspended by its issuer');
    // the sweep's suspensions (no suspendedBy) are the issuer's
    const { suspendedBy: _, ...swept } = own;
    expect(() => checkLiftSuspension({ cert: swept, actor: ISSUER, openSerious: [], action: 'restore' })).not.to.throw();
  });
});

describe('domain/measures: closing and revising credit events (item 1)', () => {
  const later = addSeconds(NOW, 10 * DAY);

  it('lifts: restores what is still suspended by the event, hands over to another open SERIOUS event, leaves lapsed ones to the sweep', () => {
    const certificates = [
      suspended({ certificateNo: 'A' }),
      suspended({ certificateNo: 'B', suspendedBy: byEvent('other') }),
      suspended({ certificateNo: 'C', suspendedUntil: addSeconds(NOW, DAY) }),
      cert({ certificateNo: 'D', status: 'WITHDRAWN' }),
    ];
    const before = structuredClone(certificates);
    const { updates, lift } = liftCreditEventSuspensions({ event: event(), certificates, otherOpenSerious: [], now: later, charter });
    expect(certificates).to.deep.equal(before);
    expect(lift).to.deep.equal({ restored: ['A'], movedTo: [], leftForSweep: ['C'] });
    expect(updates).to.have.length(1);
    expect(updates[0]).to.include({ certificateNo: 'A', status: 'VALID', statusReason: 'RESTORED (credit event ev1 closed)', statusSince: later });
    expect(updates[0]?.suspendedUntil).to.equal(undefined);
    // the suspension ended at the close: the cycle's allowance is charged 10 days, not its full length
    const withPeriod = suspended({ certificateNo: 'E', suspensions: [{ from: NOW, until: addSeconds(NOW, 180 * DAY) }] });
    const closed = liftCreditEventSuspensions({ event: event(), certificates: [withPeriod], otherOpenSerious: [], now: later, charter });
    expect(closed.updates[0]?.suspensions).to.deep.equal([{ from: NOW, until: addSeconds(NOW, 180 * DAY), endedAt: later }]);

    const handedOver = liftCreditEventSuspensions({ event: event(), certificates, otherOpenSerious: [event({ id: 'ev2', type: 'LISTED' })], now: later, charter });
    expect(handedOver.lift).to.deep.equal({ restored: [], movedTo: [{ certificateNo: 'A', creditEventId: 'ev2' }], leftForSweep: ['C'] });
    expect(handedOver.updates[0]).to.deep.include({ status: 'SUSPENDED', statusReason: 'CREDIT_EVENT ev2 (LISTED)', suspendedBy: byEvent('ev2') });
  });

  it('closes once, keeping the event', () => {
    const lift = { restored: ['A'], movedTo: [], leftForSweep: [] };
    const closed = closedCreditEvent(event(), { note: 'done', by: 'RegulatorMSP', now: later, txId: 'tx2' }, lift);
    expect(closed).to.deep.include({ id: 'ev1', status: 'CLOSED', closed: { at: later, by: 'RegulatorMSP', note: 'done', txId: 'tx2', ...lift } });
    expectCode(() => closedCreditEvent(closed, { note: 'again', by: 'RegulatorMSP', now: later, txId: 'tx3' }, lift), 'CONFLICT', 'CLOSED');
  });

  it('revises with history; says whether the event becomes or stops being SERIOUS; refuses a revision that changes nothing', () => {
    const minor = event({ severity: 'MINOR' });
    expect(checkRevision(minor, { severity: 'SERIOUS', note: 'n' })).to.deep.include({ becomesSerious: true, leavesSerious: false });
    expect(checkRevision(event(), { severity: 'INFO', note: 'n' })).to.deep.include({ becomesSerious: false, leavesSerious: true });
    expect(checkRevision(event(), { source: 'other', note: 'n' })).to.deep.include({ becomesSerious: false, leavesSerious: false });
    expectInvalid(() => checkRevision(event(), { severity: 'SERIOUS', type: 'ADMINISTRATIVE_PENALTY', note: 'n' }), 'revision', 'changes nothing');
    expectCode(() => checkRevision(event({ status: 'CLOSED' }), { severity: 'INFO', note: 'n' }), 'CONFLICT', 'CLOSED');
    const revised = revisedCreditEvent(minor, { severity: 'SERIOUS', note: 'why' }, {
      by: 'RegulatorMSP', now: later, txId: 'tx2', suspended: ['A', 'B'], lift: { restored: [], movedTo: [], leftForSweep: [] },
    });
    expect(revised).to.deep.include({ severity: 'SERIOUS', suspended: ['A', 'B'] });
    expect(revised.revisions).to.deep.equal([{
      previous: { type: 'ADMINISTRATIVE_PENALTY', severity: 'MINOR', source: 'src' }, note: 'why', revisedAt: later, revisedBy: 'RegulatorMSP', txId: 'tx2',
      suspended: ['A', 'B'], restored: [], movedTo: [], leftForSweep: [],
    }]);
    // the public version at a moment before the revision is the one replaced
    expect(creditEventVersionAt(revised, NOW)).to.include({ severity: 'MINOR', status: 'OPEN' });
    expect(creditEventVersionAt(revised)).to.include({ severity: 'SERIOUS', status: 'OPEN' });
    const closed = closedCreditEvent(revised, { note: 'n', by: 'RegulatorMSP', now: addSeconds(later, DAY), txId: 'tx3' }, { restored: [], movedTo: [], leftForSweep: [] });
    expect(creditEventVersionAt(closed, later)).to.include({ status: 'OPEN' });
    expect(creditEventVersionAt(closed)).to.include({ status: 'CLOSED', closedAt: addSeconds(later, DAY) });
  });

  it('orders open SERIOUS events oldest first and ignores closed and lesser ones', () => {
    const events = [event({ id: 'b', timestamp: later }), event({ id: 'a' }), event({ id: 'c', status: 'CLOSED' }), event({ id: 'd', severity: 'MINOR' })];
    expect(openSeriousEvents(events).map((e) => e.id)).to.deep.equal(['a', 'b']);
    // an event recorded before closing existed has no status: open
    const { status: _, ...legacy } = event({ id: 'old' });
    expect(openSeriousEvents([legacy]).map((e) => e.id)).to.deep.equal(['old']);
  });
});

describe('domain/qualification and measures on a body (item 5)', () => {
  const withdrawn: Accreditation = { body: 'Cb1MSP', state: 'WITHDRAWN', recordedBy: 'AbMSP', since: NOW, reason: '认可撤销' };

  it('refuses issuing when the accreditation is SUSPENDED or WITHDRAWN, or the right to issue is suspended; no record is allowed', () => {
    expect(() => checkIssuerQualification({ body: member(), accreditation: undefined, now: NOW })).not.to.throw();
    expect(() => checkIssuerQualification({ body: member(), accreditation: { ...withdrawn, state: 'ACCREDITED' }, now: NOW })).not.to.throw();
    expectCode(() => checkIssuerQualification({ body: member(), accreditation: withdrawn, now: NOW }), 'FORBIDDEN', 'WITHDRAWN');
    expectCode(() => checkIssuerQualification({ body: member(), accreditation: { ...withdrawn, state: 'SUSPENDED' }, now: NOW }), 'FORBIDDEN', 'SUSPENDED');
    const reason = parseStatusReason('CB01', 'reason', 'ISSUING_SUSPENSION', { requireCode: true });
    const stopped = suspendIssuingRight(member(), { reason, until: addSeconds(NOW, DAY), by: 'RegulatorMSP', now: NOW, txId: 't' });
    expectCode(() => checkIssuerQualification({ body: stopped, accreditation: undefined, now: NOW }), 'FORBIDDEN', 'right to issue');
    expect(issuingSuspensionAt(stopped, addSeconds(NOW, DAY)), 'ends at until').to.equal(undefined);
    expect(() => checkIssuerQualification({ body: stopped, accreditation: undefined, now: addSeconds(NOW, DAY) })).not.to.throw();
  });

  it('suspends and reinstates a body\'s right to issue; refuses other roles, a past end, a second suspension and a needless reinstatement', () => {
    const reason = parseStatusReason('CB02 超范围', 'reason', 'ISSUING_SUSPENSION', { requireCode: true });
    const stopped = suspendIssuingRight(member(), { reason, by: 'RegulatorMSP', now: NOW, txId: 't' });
    expect(stopped.issuingSuspension).to.deep.equal({ reasonCode: 'CB02', reason: 'CB02 超范围', since: NOW, by: 'RegulatorMSP', txId: 't' });
    expectCode(() => suspendIssuingRight(stopped, { reason, by: 'RegulatorMSP', now: NOW, txId: 't' }), 'CONFLICT', 'already suspended');
    expectCode(() => suspendIssuingRight(member({ role: 'ACCREDITATION_BODY' }), { reason, by: 'RegulatorMSP', now: NOW, txId: 't' }), 'PRECONDITION_FAILED', 'CERTIFICATION_BODY');
    expectInvalid(() => suspendIssuingRight(member(), { reason, until: NOW, by: 'RegulatorMSP', now: NOW, txId: 't' }), 'until');
    expect(reinstateIssuingRight(stopped, NOW).issuingSuspension).to.equal(undefined);
    expectCode(() => reinstateIssuingRight(member(), NOW), 'CONFLICT', 'not suspended');
  });

  it('checks the charter before a measure taken without a vote; an expulsion always needs one', () => {
    expect(() => checkMeasureWithoutVote('SUSPEND_ISSUING', charter)).not.to.throw();
    expectCode(() => checkMeasureWithoutVote('SUSPEND_MEMBER', charter), 'PRECONDITION_FAILED', 'measuresNeedingVote');
    expectCode(() => checkMeasureWithoutVote('EXPEL_MEMBER', { ...charter, measuresNeedingVote: [] }), 'PRECONDITION_FAILED');
    expect(() => checkMeasureWithoutVote('SUSPEND_MEMBER', { ...charter, measuresNeedingVote: ['EXPEL_MEMBER'] })).not.to.throw();
  });

  it('waives consent for a body that cannot give it, and for a suspended or withdrawn accreditation within the window (IAF MD 2)', () => {
    const run = (sourceIssuer: Member | undefined, issuerAccreditation?: Accreditation, now = NOW) => consentWaiver({ sourceIssuer, issuerAccreditation, now, charter }).waived;
    for (const status of ['EXPELLED', 'EXITED', 'SUSPENDED', 'EXITING'] as const) expect(run(member({ status })), status).to.equal(true);
    expect(run(member())).to.equal(false);
    expect(run(undefined)).to.equal(false);
    const end = addDuration(NOW, charter.durations.transferWindow);
    for (const state of ['SUSPENDED', 'WITHDRAWN'] as const) {
      expect(run(member(), { ...withdrawn, state }, end), state).to.equal(true);
      expect(run(member(), { ...withdrawn, state }, addSeconds(end, 1)), state).to.equal(false);
    }
    expect(run(member(), { ...withdrawn, state: 'ACCREDITED' })).to.equal(false);
  });
});

describe('domain/qualification: the organisation\'s past (item 6)', () => {
  const run = (certificates: Certificate[], creditEvents: CreditEvent[] = [], now = NOW, scheme: Certificate['scheme'] = 'QMS') =>
    checkOrganisationHistory({ uscc: USCC, scheme, creditEvents, certificates, now, charter });
  const withdrawnAt = (code: string, at = NOW, over: Partial<Certificate> = {}) =>
    cert({ status: 'WITHDRAWN', statusReason: `${code} x`, statusReasonCode: code, statusSince: at, ...over });

  it('refuses an open SERIOUS credit event, not a closed or lesser one, nor another organisation\'s', () => {
    expectCode(() => run([], [event()]), 'PRECONDITION_FAILED', 'SERIOUS credit event ev1');
    expect(() => run([], [event({ status: 'CLOSED' }), event({ id: 'm', severity: 'MINOR' }), event({ id: 'o', uscc: '91110000600037341L' })])).not.to.throw();
  });

  it('refuses within the bar after a withdrawal for the organisation\'s own reasons, for the same scheme only', () => {
    const barEnd = addDuration(NOW, charter.issueBar.afterWithdrawal);
    expectCode(() => run([withdrawnAt('0112')], [], addSeconds(NOW, 300)), 'PRECONDITION_FAILED', `before ${barEnd}`);
    expectCode(() => run([withdrawnAt('0112')], [], addSeconds(barEnd, -0.001)), 'PRECONDITION_FAILED');
    expect(() => run([withdrawnAt('0112')], [], barEnd)).not.to.throw();
    expect(() => run([withdrawnAt('0112')], [], NOW, 'EMS')).not.to.throw();
    for (const code of ['0111', '0120', '0122', '0199']) expect(() => run([withdrawnAt(code)]), code).not.to.throw();
    expect(() => run([cert({ status: 'WITHDRAWN', statusReason: 'ceased operation', statusSince: NOW })])).not.to.throw();
    expectCode(() => run([cert({ status: 'WITHDRAWN', statusReason: 'SUSPENSION_EXPIRED (0115)', statusSince: NOW })]), 'PRECONDITION_FAILED', '0115');
    expect(() => run([withdrawnAt('0112', NOW, { status: 'CANCELLED' })]), 'a cancellation is not a withdrawal').not.to.throw();
    // the charter's list and length decide
    expect(() => checkOrganisationHistory({ uscc: USCC, scheme: 'QMS', creditEvents: [], certificates: [withdrawnAt('0112')], now: NOW, charter: { ...charter, issueBar: { afterWithdrawal: 'PT60S', withdrawalReasonCodes: [] } } })).not.to.throw();
  });
});
