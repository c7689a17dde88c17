// The measures of docs/contracts.md §4.4 on the membership contract: credentials checked in form at admission, the
// regulator's administrative measures on a body (its right to issue) without a vote, and the
// charter's list of the measures that do need one.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contracts } from '../../../../chaincode/src';
import { checkAdmissionCredentials } from '../../../../chaincode/src/domain/membership-rules';
import type { MemberRole } from '../../../../chaincode/src/domain/types';
import { TestNetwork } from '../../../support/invoke';
import { DEFAULT_CHARTER } from '../../../../chaincode/src/domain/charter';
import type { Charter, Member } from '../../../../chaincode/src/domain/types';
import { errorOf, newConsortium, ORGS, type Consortium } from '../../../support/consortium';
import { DAY, carry, eventOf, expectRefused, memberOf, openProposal, parse, pastDeadline, finalize, statusOf } from './fixtures';

function admitCb2(c: Consortium, id: string, credentials: Record<string, string>): Record<string, unknown> {
  return { id, type: 'ADMIT_MEMBER', payload: { member: { ...c.memberInput('cb2'), credentials } } };
}

const inDays = (c: Consortium, days: number): string => new Date(c.net.now().getTime() + days * DAY * 1000).toISOString();

describe('membership: credentials are checked in form', () => {
  it('Found: refuses credentials x / y at admission, naming the form of each', async () => {
    const c = await newConsortium({ founders: ['regulator', 'cb1', 'ab'] });
    await expectRefused(c.net, () => openProposal(c, 'cb1', admitCb2(c, 'xy', { cncaApprovalNo: 'x', accreditationNo: 'y' })), 'INVALID_ARGUMENT',
      'credentials.accreditationNo', 'CNAS C');
    await expectRefused(c.net, () => openProposal(c, 'cb1', admitCb2(c, 'x', { cncaApprovalNo: 'x', accreditationNo: 'CNAS C034-M' })), 'INVALID_ARGUMENT',
      'credentials.cncaApprovalNo', 'CNCA-R-YYYY-NNN', 'CNCA-RF-YYYY-NN');
    for (const [cnca, cnas] of [['CNCA-R-03-034', 'CNAS C034-M'], ['CNCA-RF-2005-001', 'CNAS C034-M'], ['cnca-r-2003-034', 'CNAS C034-M'], ['CNCA-R-2003-034', 'CNAS C34-M'], ['CNCA-R-2003-034', 'CNASC034-M']]) {
      await expectRefused(c.net, () => openProposal(c, 'cb1', admitCb2(c, 'bad', { cncaApprovalNo: cnca as string, accreditationNo: cnas as string })), 'INVALID_ARGUMENT', 'credentials.');
    }
    // a foreign body's approval number has two digits
    await openProposal(c, 'cb1', admitCb2(c, 'foreign', { cncaApprovalNo: 'CNCA-RF-2005-01', accreditationNo: 'CNAS C167-M' }));
  });

  it('refuses a founder with malformed credentials at bootstrap', async () => {
    const { orgs, charter, memberInput } = await newConsortium({ founders: ['regulator'] });
    // a second, empty ledger: the fixture's ledger already has a consortium
    const fresh = new TestNetwork(contracts);
    const before = fresh.ledger.snapshot();
    const founders = [{ ...memberInput('cb1'), credentials: { cncaApprovalNo: 'x', accreditationNo: 'CNAS C001-M' } }, memberInput('regulator')];
    const refused = await fresh.submit(orgs.cb1.admin, 'membership:initConsortium', [JSON.stringify(charter), JSON.stringify(founders)]).catch((e: unknown) => e);
    expect(errorOf(refused)).to.deep.include({ code: 'INVALID_ARGUMENT' });
    expect(errorOf(refused).message).to.include('credentials.cncaApprovalNo');
    expect(fresh.ledger.snapshot()).to.deep.equal(before);
  });

  it('the topology and the test fixtures use well-formed credentials', () => {
    const topology = JSON.parse(readFileSync(join(__dirname, '../../../../network/topology.json'), 'utf8')) as { orgs: { role: string; credentials?: Record<string, string> }[] };
    const given = [...topology.orgs.map((o) => ({ role: o.role, credentials: o.credentials ?? {} })), ...Object.values(ORGS)];
    for (const { role, credentials } of given) {
      expect(() => checkAdmissionCredentials(role as MemberRole, credentials, DEFAULT_CHARTER), JSON.stringify(credentials)).not.to.throw();
    }
  });
});

describe('membership: the regulator suspends a body\'s right to issue without a vote', () => {
  let c: Consortium;
  beforeEach(async () => {
    c = await newConsortium({ founders: ['regulator', 'cb1', 'cb2', 'ab'] });
  });

  it('suspends and reinstates, shown on the member record, one event each', async () => {
    const until = inDays(c, 90);
    const suspended = await c.net.submit(c.orgs.regulator.regulator, 'membership:suspendIssuing', ['Cb1MSP', JSON.stringify({ code: 'CB01', note: '出具虚假认证结论' }), until]);
    expect(eventOf(suspended)).to.deep.equal({
      name: 'IssuingSuspended', payload: { mspId: 'Cb1MSP', reasonCode: 'CB01', until, by: 'RegulatorMSP' },
    });
    const member = await memberOf(c, 'cb1');
    expect(member.status, 'the member stays ACTIVE').to.equal('ACTIVE');
    expect(member.issuingSuspension).to.deep.equal({
      reasonCode: 'CB01', reason: 'CB01 出具虚假认证结论', since: c.net.now().toISOString(), until, by: 'RegulatorMSP', txId: suspended.txId,
    });
    await expectRefused(c.net, () => c.net.submit(c.orgs.regulator.regulator, 'membership:suspendIssuing', ['Cb1MSP', 'CB02', '']), 'CONFLICT', 'already suspended');
    const reinstated = await c.net.submit(c.orgs.regulator.regulator, 'membership:reinstateIssuing', ['Cb1MSP', '整改完成']);
    expect(eventOf(reinstated).name).to.equal('IssuingReinstated');
    expect((await memberOf(c, 'cb1')).issuingSuspension).to.equal(undefined);
    await expectRefused(c.net, () => c.net.submit(c.orgs.regulator.regulator, 'membership:reinstateIssuing', ['Cb1MSP', 'again']), 'CONFLICT', 'not suspended');
  });

  it('a suspension whose end has passed counts as over: it can be imposed again', async () => {
    await c.net.submit(c.orgs.regulator.regulator, 'membership:suspendIssuing', ['Cb1MSP', 'CB03', inDays(c, 1)]);
    c.net.advance(2 * DAY);
    await c.net.submit(c.orgs.regulator.regulator, 'membership:suspendIssuing', ['Cb1MSP', 'CB03', '']);
    expect((await memberOf(c, 'cb1')).issuingSuspension?.until).to.equal(undefined);
  });

  it('refuses anyone but a regulator user of the regulator, other targets than a certification body, and bad input', async () => {
    for (const who of [c.orgs.regulator.admin, c.orgs.regulator.issuer, c.orgs.cb2.regulator, c.orgs.cb2.admin, c.orgs.ab.admin]) {
      await expectRefused(c.net, () => c.net.submit(who, 'membership:suspendIssuing', ['Cb1MSP', 'CB01', '']), 'FORBIDDEN');
    }
    await expectRefused(c.net, () => c.net.submit(c.orgs.regulator.regulator, 'membership:suspendIssuing', ['AbMSP', 'CB01', '']), 'PRECONDITION_FAILED', 'CERTIFICATION_BODY');
    await expectRefused(c.net, () => c.net.submit(c.orgs.regulator.regulator, 'membership:suspendIssuing', ['NoSuchMSP', 'CB01', '']), 'NOT_FOUND', 'NoSuchMSP');
    await expectRefused(c.net, () => c.net.submit(c.orgs.regulator.regulator, 'membership:suspendIssuing', ['Cb1MSP', 'because', '']), 'INVALID_ARGUMENT', 'reason', 'CB01');
    await expectRefused(c.net, () => c.net.submit(c.orgs.regulator.regulator, 'membership:suspendIssuing', ['Cb1MSP', 'CB01', inDays(c, -1)]), 'INVALID_ARGUMENT', 'until');
    await expectRefused(c.net, () => c.net.submit(c.orgs.regulator.regulator, 'membership:reinstateIssuing', ['Cb1MSP', '']), 'INVALID_ARGUMENT', 'note');
  });

  it('refuses a direct measure while a proposal about the member is open', async () => {
    await openProposal(c, 'cb2', { id: 'suspend-cb1', type: 'SUSPEND_MEMBER', target: 'Cb1MSP', payload: { reason: 'r' } });
    await expectRefused(c.net, () => c.net.submit(c.orgs.regulator.regulator, 'membership:suspendIssuing', ['Cb1MSP', 'CB01', '']), 'CONFLICT', 'suspend-cb1');
  });
});

describe('membership: the charter says which measures need a vote', () => {
  it('by default suspending or reinstating a member needs a vote, suspending the right to issue does not', async () => {
    const c = await newConsortium();
    expect(c.charter.measuresNeedingVote).to.deep.equal(['EXPEL_MEMBER', 'SUSPEND_MEMBER', 'REINSTATE_MEMBER']);
    await expectRefused(c.net, () => c.net.submit(c.orgs.regulator.regulator, 'membership:suspendMember', ['Cb1MSP', '0113 违规']), 'PRECONDITION_FAILED',
      'SUSPEND_MEMBER', 'measuresNeedingVote', 'proposal');
    await c.net.submit(c.orgs.regulator.regulator, 'membership:suspendIssuing', ['Cb1MSP', 'CB01', '']);
  });

  it('a charter that lists SUSPEND_ISSUING refuses the direct call; a SUSPEND_ISSUING proposal then does it', async () => {
    const c = await newConsortium({ charter: { measuresNeedingVote: ['EXPEL_MEMBER', 'SUSPEND_MEMBER', 'REINSTATE_MEMBER', 'SUSPEND_ISSUING'] } });
    await expectRefused(c.net, () => c.net.submit(c.orgs.regulator.regulator, 'membership:suspendIssuing', ['Cb1MSP', 'CB01', '']), 'PRECONDITION_FAILED', 'SUSPEND_ISSUING', 'vote');
    const decided = await carry(c, 'regulator', { id: 'stop-cb1', type: 'SUSPEND_ISSUING', target: 'Cb1MSP', payload: { reason: { code: 'CB05', note: '拒绝监督检查' } } }, ['regulator', 'cb2']);
    expect(eventOf(decided).payload).to.deep.include({ outcome: 'APPROVED', effect: { member: 'Cb1MSP', issuingSuspended: true, reasonCode: 'CB05' } });
    expect((await memberOf(c, 'cb1')).issuingSuspension).to.include({ reasonCode: 'CB05', by: 'RegulatorMSP' });
    // reinstating is not listed: the regulator does it alone
    await c.net.submit(c.orgs.regulator.regulator, 'membership:reinstateIssuing', ['Cb1MSP', '整改完成']);
  });

  it('a charter that does not list SUSPEND_MEMBER lets the regulator suspend and reinstate a member alone', async () => {
    const c = await newConsortium({ founders: ['regulator', 'cb1', 'cb2', 'ab'], charter: { measuresNeedingVote: ['EXPEL_MEMBER'] } });
    const result = await c.net.submit(c.orgs.regulator.regulator, 'membership:suspendMember', ['Cb1MSP', 'CB05 拒绝监督检查']);
    expect(eventOf(result)).to.deep.include({ name: 'MemberStatusChanged' });
    expect(eventOf(result).payload).to.deep.include({ mspId: 'Cb1MSP', from: 'ACTIVE', to: 'SUSPENDED', by: 'RegulatorMSP' });
    expect(await statusOf(c, 'cb1')).to.equal('SUSPENDED');
    await expectRefused(c.net, () => c.net.submit(c.orgs.regulator.regulator, 'membership:suspendMember', ['RegulatorMSP', 'CB99']), 'FORBIDDEN', 'itself');
    await c.net.submit(c.orgs.regulator.regulator, 'membership:reinstateMember', ['Cb1MSP', '整改完成']);
    expect(await statusOf(c, 'cb1')).to.equal('ACTIVE');
    // expulsion always needs a vote: there is no direct call for it, and a proposal still works
    await openProposal(c, 'cb2', { id: 'expel-cb1', type: 'EXPEL_MEMBER', target: 'Cb1MSP', payload: { reason: 'r' } });
    await pastDeadline(c);
    await finalize(c, 'expel-cb1');
  });

  it('a charter without EXPEL_MEMBER in measuresNeedingVote is refused', async () => {
    const c = await newConsortium();
    const charter = parse(await c.net.evaluate(c.orgs.cb1.reader, 'membership:getCharter', [])) as Charter;
    await expectRefused(c.net, () => openProposal(c, 'cb1', { id: 'amend', type: 'AMEND_CHARTER', payload: { charter: { ...charter, version: 2, measuresNeedingVote: ['SUSPEND_MEMBER'] } } }),
      'INVALID_ARGUMENT', 'measuresNeedingVote', 'EXPEL_MEMBER');
    const member: Member = await memberOf(c, 'cb1');
    expect(member.mspId).to.equal(ORGS.cb1.mspId);
  });
});
