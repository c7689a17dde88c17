// A charter-governed pause of writes [BSC 6.4: 当区块链服务无法满足适用的法律法规要求
// 时，经营者应暂停区块链服务直至相关法律法规要求得到满足; 6.2c 即时和应急处置]. While writes are paused
// every write is refused except governance (proposals, votes, finalizing), takedowns and the
// resumption.
import { expect } from 'chai';
import { newConsortium, type Consortium } from '../../../support/consortium';
import { anchorEvidence, issue } from '../certificate/helpers';
import { carry, eventOf, expectRefused, finalize, openProposal, parse, pastDeadline, query, vote } from './fixtures';
import { sha256 } from '../evidence/helpers';

interface Pause { paused: boolean; by?: string; source?: string; reason?: string }

describe('membership: pause of writes [BSC 6.2c, 6.4]', function () {
  this.timeout(30_000);
  let c: Consortium;
  beforeEach(async () => {
    c = await newConsortium();
  });

  const pause = (reason = 'unlawful content is being spread through evidence records') => c.net.submit(c.orgs.regulator.regulator, 'membership:pauseWrites', [reason]);
  const resume = (reason = 'the content was taken down') => c.net.submit(c.orgs.regulator.regulator, 'membership:resumeWrites', [reason]);
  const anchorPlain = (ref: string, content: string) => c.net.submit(c.orgs.cb1.recorder, 'evidence:anchor', [JSON.stringify({
    clientRef: ref, kind: 'OTHER', subject: { uscc: '91350100M000100Y43' }, form: 'plaintext', content, digest: { alg: 'sha256', value: sha256(content) },
  })]);

  it('lets the regulator pause at once; then every write but governance, takedowns and the resumption is refused with the reason', async () => {
    await issue(c, 'cb1', 'CB1-0001');
    const unlawful = parse(await anchorPlain('bad-1', 'an unlawful text')) as { id: string };
    const paused = await pause();
    expect(eventOf(paused)).to.deep.include({ name: 'WritesPaused' });
    expect(await query<Pause>(c, 'getWritePause')).to.include({ paused: true, by: 'REGULATOR', source: 'RegulatorMSP' });

    const refusals: [string, () => Promise<unknown>][] = [
      ['evidence:anchor', () => anchorEvidence(c, 'cb1', 'during-pause')],
      ['certificate:issue', () => issue(c, 'cb2', 'CB2-0001')],
      ['certificate:suspend', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0001', 'r', new Date(c.net.now().getTime() + 86_400_000).toISOString()])],
      ['certificate:sweep', () => c.net.submit(c.orgs.cb1.reader, 'certificate:sweep', ['10', ''])],
      ['inspection:registerInspector', () => c.net.submit(c.orgs.regulator.regulator, 'inspection:registerInspector', ['INS-1', 'x'])],
      ['membership:requestExit', () => c.net.submit(c.orgs.cb2.admin, 'membership:requestExit', [])],
    ];
    for (const [name, call] of refusals) {
      const error = await expectRefused(c.net, call, 'PRECONDITION_FAILED', 'writes are paused', 'unlawful content is being spread', 'RESUME_WRITES');
      expect(error.message, name).to.include('the regulator RegulatorMSP');
    }
    await expectRefused(c.net, () => pause(), 'CONFLICT', 'already paused');

    // the emergency handling itself goes on: the content is taken down during the pause
    await c.net.submit(c.orgs.regulator.regulator, 'evidence:approveTakedown', [unlawful.id, 'unlawful']);
    // governance goes on: proposals, votes, finalizing
    await openProposal(c, 'cb1', { id: 'P-NOTE', type: 'SUSPEND_MEMBER', target: 'Cb2MSP', payload: { reason: 'x' } });
    await vote(c, 'regulator', 'P-NOTE', 'NO');
    await pastDeadline(c);
    await finalize(c, 'P-NOTE');

    const resumed = await resume();
    expect(eventOf(resumed)).to.deep.include({ name: 'WritesResumed' });
    expect(await query<Pause>(c, 'getWritePause')).to.include({ paused: false });
    await anchorEvidence(c, 'cb1', 'after-pause');
    await expectRefused(c.net, () => resume(), 'CONFLICT', 'not paused');
  });

  it('pauses and resumes by vote; a voted pause is not lifted by the regulator alone', async () => {
    const decided = await carry(c, 'cb1', { id: 'P-PAUSE', type: 'PAUSE_WRITES', payload: { reason: 'the service cannot meet 《区块链信息服务管理规定》 until the audit' } }, ['regulator', 'cb1', 'cb2']);
    expect(eventOf(decided).payload).to.deep.include({ outcome: 'APPROVED', effect: { paused: true } });
    const error = await expectRefused(c.net, () => anchorEvidence(c, 'cb1', 'x'), 'PRECONDITION_FAILED', 'proposal P-PAUSE');
    expect(error.message).not.to.include('the regulator resumes');
    await expectRefused(c.net, () => resume(), 'FORBIDDEN', 'P-PAUSE');
    await expectRefused(c.net, () => openProposal(c, 'cb2', { id: 'P-PAUSE-2', type: 'PAUSE_WRITES', payload: { reason: 'x' } }), 'CONFLICT', 'already paused');

    await carry(c, 'cb2', { id: 'P-RESUME', type: 'RESUME_WRITES', payload: { reason: 'the audit is done' } }, ['regulator', 'cb1']);
    expect(await query<Pause>(c, 'getWritePause')).to.include({ paused: false, by: 'VOTE', source: 'P-RESUME' });
    await anchorEvidence(c, 'cb1', 'after-vote');
    await expectRefused(c.net, () => openProposal(c, 'cb2', { id: 'P-RESUME-2', type: 'RESUME_WRITES', payload: { reason: 'x' } }), 'CONFLICT', 'not paused');
  });

  it('turns a regulator\'s pause into the members\' by a PAUSE_WRITES vote, and a RESUME_WRITES vote lifts a regulator\'s pause', async () => {
    await pause();
    await carry(c, 'cb1', { id: 'P-CONFIRM', type: 'PAUSE_WRITES', payload: { reason: 'confirmed' } }, ['regulator', 'cb1']);
    expect(await query<Pause>(c, 'getWritePause')).to.include({ paused: true, by: 'VOTE', source: 'P-CONFIRM' });
    await expectRefused(c.net, () => resume(), 'FORBIDDEN');
    await carry(c, 'cb1', { id: 'P-LIFT', type: 'RESUME_WRITES', payload: { reason: 'lifted' } }, ['cb1', 'cb2']);
    await pause('again');
    await carry(c, 'cb2', { id: 'P-LIFT-2', type: 'RESUME_WRITES', payload: { reason: 'members lift the regulator\'s pause' } }, ['cb1', 'cb2']);
    expect(await query<Pause>(c, 'getWritePause')).to.include({ paused: false });
  });

  it('refuses a pause by anyone but the regulator, and by the regulator when the charter says no', async () => {
    for (const who of [c.orgs.cb1.admin, c.orgs.cb1.regulator, c.orgs.regulator.admin, c.orgs.regulator.reader]) {
      await expectRefused(c.net, () => c.net.submit(who, 'membership:pauseWrites', ['x']), 'FORBIDDEN');
    }
    await expectRefused(c.net, () => pause('  '), 'INVALID_ARGUMENT', 'reason');
    const strict = await newConsortium({ charter: { regulatorMayPauseWrites: false } });
    await expectRefused(strict.net, () => strict.net.submit(strict.orgs.regulator.regulator, 'membership:pauseWrites', ['x']), 'FORBIDDEN', 'regulatorMayPauseWrites', 'PAUSE_WRITES');
    expect(await query<Pause>(strict, 'getWritePause')).to.deep.equal({ paused: false });
  });
});
