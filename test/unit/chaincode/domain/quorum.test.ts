// Unit tests of quorum maths: required yes votes, electorates, tallies and finalisation.

import { expect } from 'chai';
import { DEFAULT_CHARTER } from '../../../../chaincode/src/domain/charter';
import {
  canFinalize, checkCanVote, electorateFor, finalizeProposal, quorumFor, requiredYes, tallyVotes,
} from '../../../../chaincode/src/domain/quorum';
import { Charter, Proposal, PROPOSAL_TYPES, ProposalType, Vote, VoteChoice } from '../../../../chaincode/src/domain/types';
import { expectCode } from '../../../support/expect-code';


const charter: Charter = structuredClone(DEFAULT_CHARTER);
const OPENED = '2025-03-01T00:00:00.000Z';
const DEADLINE = '2025-03-08T00:00:00.000Z';
const BEFORE_DEADLINE = '2025-03-07T23:59:59.999Z';

function proposal(type: ProposalType, electorate: string[], overrides: Partial<Proposal> = {}): Proposal {
  return {
    id: 'P-1',
    type,
    payload: {},
    proposer: electorate[0] ?? 'Org1MSP',
    openedAt: OPENED,
    deadline: DEADLINE,
    electorate,
    status: 'OPEN',
    ...overrides,
  };
}

function vote(mspId: string, choice: VoteChoice, castAt = '2025-03-02T00:00:00.000Z', proposalId = 'P-1'): Vote {
  return { proposalId, mspId, choice, castBy: `admin@${mspId}`, castAt };
}

describe('domain/quorum', () => {
  describe('quorumFor', () => {
    it('maps each proposal type to its charter quorum', () => {
      const expected: Record<ProposalType, [number, number]> = {
        ADMIT_MEMBER: [2, 3], EXPEL_MEMBER: [2, 3], AMEND_CHARTER: [3, 4], SUSPEND_MEMBER: [1, 2],
        REINSTATE_MEMBER: [1, 2], ADD_ORDERER: [1, 2], REMOVE_ORDERER: [1, 2], APPROVE_CHAINCODE: [1, 2],
        SUSPEND_ISSUING: [1, 2], REINSTATE_ISSUING: [1, 2],
        PAUSE_WRITES: [1, 2], RESUME_WRITES: [1, 2],
      };
      for (const type of PROPOSAL_TYPES) {
        const f = quorumFor(type, charter);
        expect([f.numerator, f.denominator], type).to.deep.equal(expected[type]);
      }
    });

    it('follows the charter given, and returns a copy', () => {
      const custom = structuredClone(charter);
      custom.quorum.expulsion = { numerator: 4, denominator: 5 };
      const f = quorumFor('EXPEL_MEMBER', custom);
      expect(f).to.deep.equal({ numerator: 4, denominator: 5 });
      f.numerator = 1;
      expect(custom.quorum.expulsion.numerator).to.equal(4);
    });

    it('refuses an unknown type', () => {
      expectCode(() => quorumFor('DISSOLVE' as ProposalType, charter), 'INVALID_ARGUMENT', 'type');
    });
  });

  describe('requiredYes', () => {
    const twoThirds = { numerator: 2, denominator: 3 };
    const half = { numerator: 1, denominator: 2 };
    const threeQuarters = { numerator: 3, denominator: 4 };

    it('is the smallest y with y/n ≥ fraction', () => {
      expect([1, 2, 3, 4, 5, 6, 7, 9].map((n) => requiredYes(n, twoThirds))).to.deep.equal([1, 2, 2, 3, 4, 4, 5, 6]);
      expect([1, 2, 3, 4, 5, 8].map((n) => requiredYes(n, threeQuarters))).to.deep.equal([1, 2, 3, 3, 4, 6]);
      expect(requiredYes(10, { numerator: 1, denominator: 1 })).to.equal(10);
      expect(requiredYes(10, { numerator: 1, denominator: 3 })).to.equal(4);
    });

    it('demands a strict majority at exactly one half: a tie is not a decision', () => {
      expect([1, 2, 3, 4, 5, 6].map((n) => requiredYes(n, half))).to.deep.equal([1, 2, 2, 3, 3, 4]);
      // 2/4 is also exactly one half
      expect(requiredYes(4, { numerator: 2, denominator: 4 })).to.equal(3);
    });

    it('is never below 1', () => {
      expect(requiredYes(0, twoThirds)).to.equal(1);
      expect(requiredYes(0, half)).to.equal(1);
    });

    it('uses exact integer arithmetic where floats would round wrongly', () => {
      // 7 / 100 * 100 is 7.000000000000001 in floating point, so Math.ceil of it would give 8
      expect(requiredYes(100, { numerator: 7, denominator: 100 })).to.equal(7);
      expect(requiredYes(10, { numerator: 7, denominator: 10 })).to.equal(7);
    });

    it('refuses bad arguments', () => {
      expectCode(() => requiredYes(-1, half), 'INVALID_ARGUMENT', 'electorateSize');
      expectCode(() => requiredYes(2.5, half), 'INVALID_ARGUMENT', 'electorateSize');
      expectCode(() => requiredYes(3, { numerator: 0, denominator: 2 }), 'INVALID_ARGUMENT', 'fraction');
      expectCode(() => requiredYes(3, { numerator: 3, denominator: 2 }), 'INVALID_ARGUMENT', 'fraction');
    });
  });

  describe('electorateFor', () => {
    it('is the sorted, de-duplicated ACTIVE set', () => {
      const active = ['RegulatorMSP', 'Cb2MSP', 'Cb1MSP', 'Cb2MSP'];
      expect(electorateFor('ADMIT_MEMBER', 'AbMSP', active)).to.deep.equal(['Cb1MSP', 'Cb2MSP', 'RegulatorMSP']);
      expect(active).to.deep.equal(['RegulatorMSP', 'Cb2MSP', 'Cb1MSP', 'Cb2MSP']);
    });

    it('leaves out the target of an expulsion only', () => {
      const active = ['D', 'C', 'B', 'A'];
      expect(electorateFor('EXPEL_MEMBER', 'C', active)).to.deep.equal(['A', 'B', 'D']);
      expect(electorateFor('SUSPEND_MEMBER', 'C', active)).to.deep.equal(['A', 'B', 'C', 'D']);
      expect(electorateFor('EXPEL_MEMBER', undefined, active)).to.deep.equal(['A', 'B', 'C', 'D']);
    });
  });

  describe('tallyVotes', () => {
    it('3 members at 2/3: 2 yes approves, 1 does not', () => {
      const p = proposal('ADMIT_MEMBER', ['A', 'B', 'C']);
      const two = tallyVotes(p, [vote('A', 'YES'), vote('B', 'YES'), vote('C', 'NO')], charter);
      expect(two).to.deep.equal({ electorate: 3, yes: 2, no: 1, abstain: 0, notVoted: 0, required: 2, approved: true });
      const one = tallyVotes(p, [vote('A', 'YES'), vote('B', 'NO')], charter);
      expect(one).to.deep.equal({ electorate: 3, yes: 1, no: 1, abstain: 0, notVoted: 1, required: 2, approved: false });
    });

    it('a tie under the 1/2 rule is rejected: 2 of 4', () => {
      const p = proposal('ADD_ORDERER', ['A', 'B', 'C', 'D']);
      const tie = tallyVotes(p, [vote('A', 'YES'), vote('B', 'YES'), vote('C', 'NO'), vote('D', 'NO')], charter);
      expect(tie.required).to.equal(3);
      expect(tie.approved).to.equal(false);
      const majority = tallyVotes(p, [vote('A', 'YES'), vote('B', 'YES'), vote('C', 'YES')], charter);
      expect(majority.approved).to.equal(true);
    });

    it('counts abstentions as not-yes', () => {
      const p = proposal('ADMIT_MEMBER', ['A', 'B', 'C']);
      const t = tallyVotes(p, [vote('A', 'YES'), vote('B', 'ABSTAIN'), vote('C', 'ABSTAIN')], charter);
      expect(t).to.include({ yes: 1, abstain: 2, no: 0, notVoted: 0, approved: false });
    });

    it('expulsion: 4 members, target excluded → 3 electors, 2 yes approves', () => {
      const electorate = electorateFor('EXPEL_MEMBER', 'D', ['A', 'B', 'C', 'D']);
      const p = proposal('EXPEL_MEMBER', electorate, { target: 'D' });
      const t = tallyVotes(p, [vote('A', 'YES'), vote('B', 'YES'), vote('D', 'NO')], charter);
      expect(t).to.deep.equal({ electorate: 3, yes: 2, no: 0, abstain: 0, notVoted: 1, required: 2, approved: true });
      expect(tallyVotes(p, [vote('A', 'YES'), vote('D', 'YES')], charter).approved).to.equal(false);
    });

    it('a member leaving mid-vote: denominator fixed, its cast vote still counts', () => {
      // C voted and then left; the electorate stays 3 (fixed at opening)
      const p = proposal('ADMIT_MEMBER', ['A', 'B', 'C']);
      const withC = tallyVotes(p, [vote('A', 'YES'), vote('C', 'YES')], charter);
      expect(withC).to.include({ electorate: 3, yes: 2, approved: true });
      // had C left without voting, one yes would not reach 2 of 3
      const withoutC = tallyVotes(p, [vote('A', 'YES')], charter);
      expect(withoutC).to.include({ electorate: 3, yes: 1, notVoted: 2, approved: false });
    });

    it('ignores votes from outside the electorate and for other proposals', () => {
      const p = proposal('ADMIT_MEMBER', ['A', 'B', 'C']);
      const t = tallyVotes(
        p,
        [vote('A', 'YES'), vote('NewcomerMSP', 'YES'), vote('Z', 'YES'), vote('B', 'YES', undefined, 'P-2')],
        charter,
      );
      expect(t).to.include({ yes: 1, notVoted: 2, approved: false });
    });

    it('keeps one vote per member, the latest; at equal times the later entry', () => {
      const p = proposal('ADMIT_MEMBER', ['A', 'B', 'C']);
      const changed = [
        vote('A', 'YES', '2025-03-02T00:00:00Z'),
        vote('B', 'YES', '2025-03-05T00:00:00Z'),
        vote('B', 'NO', '2025-03-03T00:00:00Z'), // older, listed later: B's latest is still YES
        vote('A', 'NO', '2025-03-04T00:00:00Z'),
      ];
      expect(tallyVotes(p, changed, charter)).to.include({ yes: 1, no: 1, notVoted: 1 });
      const sameTime = [vote('A', 'NO', '2025-03-02T00:00:00Z'), vote('A', 'YES', '2025-03-02T00:00:00Z')];
      expect(tallyVotes(p, sameTime, charter)).to.include({ yes: 1, no: 0 });
    });

    it('ignores a vote cast at or after the deadline', () => {
      const p = proposal('ADMIT_MEMBER', ['A', 'B', 'C']);
      const t = tallyVotes(p, [vote('A', 'YES', BEFORE_DEADLINE), vote('B', 'YES', DEADLINE)], charter);
      expect(t).to.include({ yes: 1, approved: false });
    });

    it('does not change its inputs', () => {
      const p = proposal('ADMIT_MEMBER', ['C', 'A', 'B']);
      const votes = [vote('A', 'YES')];
      const before = structuredClone({ p, votes });
      tallyVotes(p, votes, charter);
      expect({ p, votes }).to.deep.equal(before);
    });
  });

  describe('checkCanVote', () => {
    const p = proposal('ADMIT_MEMBER', ['A', 'B', 'C']);

    it('accepts an elector until just before the deadline', () => {
      expect(() => checkCanVote(p, 'A', BEFORE_DEADLINE)).not.to.throw();
    });

    it('refuses at the deadline, outside the electorate, and after the decision', () => {
      expectCode(() => checkCanVote(p, 'A', DEADLINE), 'PRECONDITION_FAILED', 'closed');
      expectCode(() => checkCanVote(p, 'Z', OPENED), 'FORBIDDEN', 'electorate');
      expectCode(() => checkCanVote({ ...p, status: 'APPROVED' }, 'A', OPENED), 'CONFLICT', 'APPROVED');
    });
  });

  describe('canFinalize / finalizeProposal', () => {
    const p = proposal('ADMIT_MEMBER', ['A', 'B', 'C']);
    const votes = [vote('A', 'YES'), vote('B', 'YES')];

    it('deadline edges: not 1 ms before, from the deadline on', () => {
      expect(canFinalize(p, BEFORE_DEADLINE)).to.equal(false);
      expect(canFinalize(p, DEADLINE)).to.equal(true);
      expect(canFinalize(p, '2025-03-08T00:00:00Z')).to.equal(true);
      expect(canFinalize({ ...p, status: 'REJECTED' }, DEADLINE)).to.equal(false);
    });

    it('approves at the deadline with the tally and decidedAt', () => {
      const before = structuredClone(p);
      const done = finalizeProposal(p, votes, DEADLINE, charter);
      expect(done).to.deep.equal({
        ...p,
        status: 'APPROVED',
        decidedAt: DEADLINE,
        tally: { electorate: 3, yes: 2, no: 0, abstain: 0, notVoted: 1, required: 2, approved: true },
      });
      expect(p).to.deep.equal(before);
      done.electorate.push('X');
      expect(p.electorate).to.have.length(3);
    });

    it('rejects when the quorum is not reached', () => {
      const done = finalizeProposal(p, [vote('A', 'YES')], '2025-03-09T00:00:00.000Z', charter);
      expect(done.status).to.equal('REJECTED');
      expect(done.tally?.approved).to.equal(false);
    });

    it('refuses before the deadline (PRECONDITION_FAILED) and when not OPEN (CONFLICT)', () => {
      const before = structuredClone(p);
      expectCode(() => finalizeProposal(p, votes, BEFORE_DEADLINE, charter), 'PRECONDITION_FAILED', DEADLINE);
      expect(p).to.deep.equal(before);
      for (const status of ['APPROVED', 'REJECTED'] as const) {
        const decided = { ...p, status };
        const snapshot = structuredClone(decided);
        expectCode(() => finalizeProposal(decided, votes, DEADLINE, charter), 'CONFLICT', `is ${status}; finalize is allowed only from OPEN`);
        expect(decided).to.deep.equal(snapshot);
      }
    });
  });
});
