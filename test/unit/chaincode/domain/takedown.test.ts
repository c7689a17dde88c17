// Unit tests of the takedown rules (domain/takedown.ts) and of the pause-of-writes rules
// (domain/membership-rules.ts) [BSC 6.2c, 6.4].

import { expect } from 'chai';
import { DEFAULT_CHARTER } from '../../../../chaincode/src/domain/charter';
import { checkPauseProposal, checkRegulatorPause, checkRegulatorResume } from '../../../../chaincode/src/domain/membership-rules';
import { checkTakedownApproval, checkTakedownRejection, checkTakedownRequest, takenDownRecord, type TakedownRequest } from '../../../../chaincode/src/domain/takedown';
import type { EvidenceRecord } from '../../../../chaincode/src/domain/types';
import { expectCode } from '../../../support/expect-code';

const record: EvidenceRecord = {
  id: 'Cb1MSP:r1', clientRef: 'r1', kind: 'OTHER', subject: { uscc: '91350100M000100Y43' }, digest: { alg: 'sha256', value: 'a'.repeat(64) },
  form: 'plaintext', content: 'unlawful', submitter: { mspId: 'Cb1MSP', subject: 'CN=r', fingerprint: 'f' }, txId: 'tx1', timestamp: '2025-01-01T00:00:00.000Z',
};
const request: TakedownRequest = { id: record.id, reason: 'please', requestedBy: 'Cb1MSP', requestedAt: '2025-01-02T00:00:00.000Z', requestTxId: 'tx2', status: 'REQUESTED' };

describe('domain/takedown', () => {
  it('rewrites the record without its content, keeping the digest, the ids and the request', () => {
    const taken = takenDownRecord(record, { reason: 'unlawful', approvedBy: 'RegulatorMSP', now: '2025-01-03T00:00:00.000Z', txId: 'tx3', request });
    expect(taken).not.to.have.property('content');
    expect(taken).to.deep.include({ id: record.id, digest: record.digest, txId: 'tx1', form: 'plaintext' });
    expect(taken.takedown).to.deep.equal({ reason: 'unlawful', approvedBy: 'RegulatorMSP', at: '2025-01-03T00:00:00.000Z', txId: 'tx3', requestedBy: 'Cb1MSP', requestReason: 'please' });
    expect(record.content, 'the input is not changed').to.equal('unlawful');
    expect(takenDownRecord(record, { reason: 'r', approvedBy: 'R', now: 'n', txId: 't', request: { ...request, status: 'REJECTED' } }).takedown).not.to.have.property('requestedBy');
  });

  it('lets only the submitter request, once at a time, for a record that holds content and was not taken down', () => {
    checkTakedownRequest(record, 'Cb1MSP', undefined);
    checkTakedownRequest(record, 'Cb1MSP', { ...request, status: 'REJECTED' });
    expectCode(() => checkTakedownRequest(record, 'Cb2MSP', undefined), 'FORBIDDEN', 'only its submitter');
    expectCode(() => checkTakedownRequest(record, 'Cb1MSP', request), 'CONFLICT', 'already requested');
    expectCode(() => checkTakedownRequest({ ...record, form: 'digest', content: undefined } as unknown as EvidenceRecord, 'Cb1MSP', undefined), 'CONFLICT', 'no content');
    const taken = takenDownRecord(record, { reason: 'r', approvedBy: 'RegulatorMSP', now: 'n', txId: 't' });
    expectCode(() => checkTakedownRequest(taken, 'Cb1MSP', undefined), 'CONFLICT', 'already taken down');
    expectCode(() => checkTakedownApproval(taken), 'CONFLICT', 'already taken down');
    checkTakedownApproval({ ...record, form: 'private', content: undefined } as unknown as EvidenceRecord);
    expectCode(() => checkTakedownRejection(record, undefined), 'CONFLICT', 'no takedown request');
    checkTakedownRejection(record, request);
  });
});

describe('domain/membership-rules: pause of writes', () => {
  const regulatorPause = { paused: true, by: 'REGULATOR' as const, source: 'RegulatorMSP' };
  const votedPause = { paused: true, by: 'VOTE' as const, source: 'P-1' };
  const lifted = { paused: false, by: 'VOTE' as const, source: 'P-2' };

  it('lets the regulator pause when the charter says so and writes are not paused', () => {
    checkRegulatorPause(undefined, DEFAULT_CHARTER);
    checkRegulatorPause(lifted, DEFAULT_CHARTER);
    expectCode(() => checkRegulatorPause(regulatorPause, DEFAULT_CHARTER), 'CONFLICT', 'already paused');
    expectCode(() => checkRegulatorPause(undefined, { ...DEFAULT_CHARTER, regulatorMayPauseWrites: false }), 'FORBIDDEN', 'PAUSE_WRITES');
  });

  it('lets the regulator lift only its own pause', () => {
    checkRegulatorResume(regulatorPause);
    expectCode(() => checkRegulatorResume(votedPause), 'FORBIDDEN', 'RESUME_WRITES');
    expectCode(() => checkRegulatorResume(undefined), 'CONFLICT', 'not paused');
    expectCode(() => checkRegulatorResume(lifted), 'CONFLICT', 'not paused');
  });

  it('opens PAUSE_WRITES unless members already voted a pause, and RESUME_WRITES only while paused', () => {
    checkPauseProposal('PAUSE_WRITES', undefined);
    checkPauseProposal('PAUSE_WRITES', regulatorPause);
    expectCode(() => checkPauseProposal('PAUSE_WRITES', votedPause), 'CONFLICT', 'P-1');
    checkPauseProposal('RESUME_WRITES', regulatorPause);
    checkPauseProposal('RESUME_WRITES', votedPause);
    expectCode(() => checkPauseProposal('RESUME_WRITES', lifted), 'CONFLICT', 'not paused');
  });
});
