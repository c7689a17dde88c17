// Quorum maths for consortium proposals: who votes, how many yes votes carry, and the final tally.

import { conflict, forbidden, invalidArgument, preconditionFailed } from '../shared/errors';
import { parseIso } from './time';
import { Charter, Fraction, Proposal, ProposalType, Tally, Vote } from './types';

/** The charter quorum that applies to a proposal type. */
export function quorumFor(type: ProposalType, charter: Charter): Fraction {
  switch (type) {
    case 'ADMIT_MEMBER':
      return { ...charter.quorum.admission };
    case 'EXPEL_MEMBER':
      return { ...charter.quorum.expulsion };
    case 'AMEND_CHARTER':
      return { ...charter.quorum.charterChange };
    case 'SUSPEND_MEMBER':
    case 'REINSTATE_MEMBER':
    case 'ADD_ORDERER':
    case 'REMOVE_ORDERER':
    case 'APPROVE_CHAINCODE':
    case 'SUSPEND_ISSUING':
    case 'REINSTATE_ISSUING':
    case 'PAUSE_WRITES':
    case 'RESUME_WRITES':
      return { ...charter.quorum.other };
    default:
      throw invalidArgument('type', `unknown proposal type ${JSON.stringify(type)}`);
  }
}

/**
 * The smallest number of yes votes y out of n electors with y/n ≥ numerator/denominator, computed
 * as y·d ≥ n·p in integers so that every endorser gets the same answer.
 *
 * A quorum of exactly one half demands a strict majority (y > n/2): with 2 of 4 in favour as many
 * members are against (or silent) as for, and a tie is not a decision. Any other fraction is read as
 * "at least". The answer is never below 1, so an empty electorate can approve nothing.
 */
export function requiredYes(electorateSize: number, fraction: Fraction): number {
  const { numerator: p, denominator: d } = fraction;
  if (!Number.isSafeInteger(electorateSize) || electorateSize < 0) {
    throw invalidArgument('electorateSize', `must be a non-negative integer, got ${electorateSize}`);
  }
  if (!Number.isSafeInteger(p) || !Number.isSafeInteger(d) || p < 1 || d < 1 || p > d) {
    throw invalidArgument('fraction', `must be n/d with integers 0 < n ≤ d, got ${p}/${d}`);
  }
  if (!Number.isSafeInteger(electorateSize * p + d)) {
    throw invalidArgument('electorateSize', 'is too large for exact arithmetic');
  }
  const n = electorateSize;
  const atLeast = Math.floor((n * p + d - 1) / d); // ceil(n·p/d) on integers
  const required = 2 * p === d ? Math.floor(n / 2) + 1 : atLeast;
  return Math.max(1, required);
}

/**
 * The MSP IDs that vote on a new proposal: the ACTIVE members when it opens, sorted and without
 * repeats so the stored electorate is identical on every endorser. The member an EXPEL_MEMBER
 * proposal is about does not vote on its own expulsion.
 */
export function electorateFor(type: ProposalType, target: string | undefined, activeMembers: string[]): string[] {
  const electorate = [...new Set(activeMembers)];
  const voters = type === 'EXPEL_MEMBER' && target !== undefined ? electorate.filter((m) => m !== target) : electorate;
  return voters.sort();
}

/**
 * Counts the votes of a proposal. Only members of the electorate fixed at opening count, one vote
 * each (the latest cast before the deadline; votes are changeable until then). Abstentions and
 * missing votes are not yes votes.
 *
 * The denominator stays the electorate fixed at opening even when a member leaves mid-vote: the
 * quorum cannot be lowered by pushing members out. A departed member's vote cast before it left
 * still counts — it was cast while a member — and one that never voted counts as not-yes.
 *
 * The quorum comes from `charter`: the contract passes the charter in force when the proposal
 * opened if it wants a later amendment not to change a running vote.
 */
export function tallyVotes(proposal: Proposal, votes: Vote[], charter: Charter): Tally {
  const electorate = [...new Set(proposal.electorate)];
  const electors = new Set(electorate);
  const deadline = parseIso(proposal.deadline, 'proposal.deadline');
  const latest = new Map<string, { at: number; choice: Vote['choice'] }>();
  for (const vote of votes) {
    if (vote.proposalId !== proposal.id || !electors.has(vote.mspId)) continue;
    const at = parseIso(vote.castAt, 'vote.castAt');
    if (at >= deadline) continue;
    const previous = latest.get(vote.mspId);
    // at equal times the later entry wins: it was written later in the same ordering
    if (previous === undefined || at >= previous.at) latest.set(vote.mspId, { at, choice: vote.choice });
  }
  let yes = 0;
  let no = 0;
  let abstain = 0;
  for (const { choice } of latest.values()) {
    if (choice === 'YES') yes += 1;
    else if (choice === 'NO') no += 1;
    else abstain += 1;
  }
  const required = requiredYes(electorate.length, quorumFor(proposal.type, charter));
  return {
    electorate: electorate.length,
    yes,
    no,
    abstain,
    notVoted: electorate.length - latest.size,
    required,
    approved: yes >= required,
  };
}

/**
 * Refuses a vote that may not be cast now: the proposal must be OPEN, before its deadline, and the
 * voter in its electorate. Voting closes at the deadline, the instant finalisation opens.
 */
export function checkCanVote(proposal: Proposal, mspId: string, now: string): void {
  if (proposal.status !== 'OPEN') {
    throw conflict(`proposal ${proposal.id} is ${proposal.status}; votes are accepted only while it is OPEN`);
  }
  if (parseIso(now, 'now') >= parseIso(proposal.deadline, 'proposal.deadline')) {
    throw preconditionFailed(`voting on proposal ${proposal.id} closed at ${proposal.deadline}; finalize it instead`);
  }
  if (!proposal.electorate.includes(mspId)) {
    throw forbidden(
      `${mspId} is not in the electorate of proposal ${proposal.id} (the ACTIVE members when it opened, ` +
        'without the member an expulsion is about)',
    );
  }
}

/** True when the proposal is OPEN and its deadline has been reached. */
export function canFinalize(proposal: Proposal, now: string): boolean {
  return proposal.status === 'OPEN' && parseIso(now, 'now') >= parseIso(proposal.deadline, 'proposal.deadline');
}

/** Closes a proposal at or after its deadline with the final tally. Results are final. */
export function finalizeProposal(proposal: Proposal, votes: Vote[], now: string, charter: Charter): Proposal {
  if (proposal.status !== 'OPEN') {
    throw conflict(`proposal ${proposal.id} is ${proposal.status}; finalize is allowed only from OPEN (results are final)`);
  }
  if (!canFinalize(proposal, now)) {
    throw preconditionFailed(`proposal ${proposal.id} is open for voting until ${proposal.deadline}; finalize it after then`);
  }
  const tally = tallyVotes(proposal, votes, charter);
  return {
    ...proposal,
    electorate: [...proposal.electorate],
    payload: structuredClone(proposal.payload),
    status: tally.approved ? 'APPROVED' : 'REJECTED',
    decidedAt: now,
    tally,
  };
}
