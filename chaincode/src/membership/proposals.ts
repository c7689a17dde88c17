// The membership proposals, one handler per type: what a proposal of that type checks and stores
// when it opens, and what it does once APPROVED (or REJECTED). The contract dispatches through
// PROPOSAL_HANDLERS; the stored payload of each type has its own type (Payloads), read back once
// where a stored proposal is handed to its handler.
import type { StoredProposal } from '../api/membership';
import { MEMBER_TRANSITIONS, checkAdmissionCredentials, checkOrdererChange, checkPauseProposal, checkPeerRegistration, transitionMember } from '../domain/membership-rules';
import type { StatusReason } from '../domain/dictionaries/reason-codes';
import { reinstateIssuingRight, suspendIssuingRight } from '../domain/measures';
import type { Charter, Member, MemberStatus, NetworkNode, ProposalType } from '../domain/types';
import type { CertledgerContext } from '../shared/context';
import { alreadyExists, conflict, invalidArgument, preconditionFailed } from '../shared/errors';
import { Keys } from '../shared/keys';
import { loadWritePause, type WritePause } from '../shared/write-pause';
import type { MemberActionType, MemberInput, ProposalInput } from './inputs';

/** What each member proposal does, and from which statuses (a subset of MEMBER_TRANSITIONS). */
export const MEMBER_ACTIONS: Readonly<Record<MemberActionType, { to: MemberStatus; from: readonly MemberStatus[] }>> = {
  EXPEL_MEMBER: { to: 'EXPELLED', from: allowedFrom('EXPELLED') },
  SUSPEND_MEMBER: { to: 'SUSPENDED', from: allowedFrom('SUSPENDED') },
  // APPROVED → ACTIVE is also a transition to ACTIVE, but that one is a first peer's registration (rule 1)
  REINSTATE_MEMBER: { to: 'ACTIVE', from: ['SUSPENDED'] },
};

function allowedFrom(to: MemberStatus): MemberStatus[] {
  return (Object.keys(MEMBER_TRANSITIONS) as MemberStatus[]).filter((from) => MEMBER_TRANSITIONS[from].includes(to));
}

/** The final statuses (EXITED, EXPELLED, REJECTED): after one the MSP may apply again, as a new application. */
export const FINAL_MEMBER_STATUSES: readonly MemberStatus[] = (Object.keys(MEMBER_TRANSITIONS) as MemberStatus[]).filter(
  (status) => MEMBER_TRANSITIONS[status].length === 0,
);


/** The one thing a proposal is about; only one proposal per subject may be open at a time. */
export type Subject = [kind: 'member' | 'node' | 'charter' | 'chaincode' | 'writes', id: string];



/** What a decided proposal changed, as the ProposalDecided event and the finalize answer report it. */
export type Effect = Record<string, unknown> | undefined;

/** What each type stores in its proposal's payload. */
interface Payloads {
  ADMIT_MEMBER: { member: MemberInput };
  EXPEL_MEMBER: { reason: string };
  SUSPEND_MEMBER: { reason: string };
  REINSTATE_MEMBER: { reason: string };
  SUSPEND_ISSUING: { reason: StatusReason };
  REINSTATE_ISSUING: { reason: string };
  AMEND_CHARTER: { charter: Charter };
  ADD_ORDERER: { nodeId: string; endpoint: string; tlsCertFingerprint: string };
  REMOVE_ORDERER: { nodeId: string; endpoint: string };
  APPROVE_CHAINCODE: { codeDigest: string; sequence: number; version: string };
  PAUSE_WRITES: { reason: string };
  RESUME_WRITES: { reason: string };
}

/** What an opening proposal stores (payload P), besides what every proposal has. */
interface Prepared<P> {
  target?: string;
  payload: P;
  subject: Subject;
}

/** A stored proposal as its handler reads it: its payload P typed, its target (where the type has one) known. */
interface Decided<P> {
  proposal: StoredProposal;
  payload: P;
  target: string;
}

/** The validated input of an opening proposal of type T. */
type InputOf<T extends ProposalType> = ProposalInput & { type: T };

/** The handler of one proposal type: its input I as parsed, its payload P as stored. */
interface Handler<I, P> {
  /** Type-specific checks that need the charter or state, at opening; returns what the proposal stores. */
  prepare(ctx: CertledgerContext, input: I, charter: Charter, now: string): Promise<Prepared<P>>;
  /** The effect of an APPROVED proposal; throws (and nothing is stored) when it can no longer be applied. */
  approved(ctx: CertledgerContext, decided: Decided<P>, now: string, charter: Charter): Promise<Effect>;
  /** The effect of a REJECTED proposal: none, unless the type says otherwise. */
  rejected?(ctx: CertledgerContext, decided: Decided<P>, now: string): Promise<Effect>;
}
type ProposalHandler<T extends ProposalType> = Handler<InputOf<T>, Payloads[T]>;

const memberAction = (type: MemberActionType): ProposalHandler<MemberActionType> => ({
  async prepare(ctx, input) {
    const target = await ctx.state.mustGet<Member>(Keys.member, [input.target], `member ${input.target}`);
    checkMemberAction(type, target);
    return { target: input.target, payload: { reason: input.reason }, subject: ['member', input.target] };
  },
  async approved(ctx, { target: mspId }, now) {
    const target = await ctx.state.mustGet<Member>(Keys.member, [mspId], `member ${mspId}`);
    checkMemberAction(type, target);
    return changeMember(ctx, target.mspId, MEMBER_ACTIONS[type].to, now);
  },
});

const writesPause = (type: 'PAUSE_WRITES' | 'RESUME_WRITES'): ProposalHandler<'PAUSE_WRITES' | 'RESUME_WRITES'> => ({
  async prepare(ctx, input) {
    checkPauseProposal(type, await loadWritePause(ctx.state));
    return { payload: { reason: input.reason }, subject: ['writes', 'pause'] };
  },
  async approved(ctx, { proposal, payload }, now) {
    // a vote's pause replaces a regulator's (only a vote lifts it then); a resumption of writes
    // the regulator already resumed changes nothing
    const paused = type === 'PAUSE_WRITES';
    const current = await loadWritePause(ctx.state);
    if (!paused && current?.paused !== true) return { paused: false, unchanged: true };
    await ctx.state.put(Keys.writePause, [], {
      paused, by: 'VOTE', source: proposal.id, reason: payload.reason, since: now, txId: ctx.txId,
    } satisfies WritePause);
    return { paused };
  },
});

export const PROPOSAL_HANDLERS: { readonly [T in ProposalType]: ProposalHandler<T> } = {
  ADMIT_MEMBER: {
    async prepare(ctx, { member }, charter) {
      checkAdmissionCredentials(member.role, member.credentials, charter);
      const existing = await ctx.state.get<Member>(Keys.member, [member.mspId]);
      if (existing !== undefined && !FINAL_MEMBER_STATUSES.includes(existing.status)) {
        throw alreadyExists(`member ${member.mspId} (it is ${existing.status}; only an organisation that is not a member, or has left, can apply)`);
      }
      return { target: member.mspId, payload: { member }, subject: ['member', member.mspId] };
    },
    async approved(ctx, { target }, now) {
      return changeMember(ctx, target, 'APPROVED', now);
    },
    /** A rejected admission rejects the applicant. */
    async rejected(ctx, { target }, now) {
      return changeMember(ctx, target, 'REJECTED', now);
    },
  },
  EXPEL_MEMBER: memberAction('EXPEL_MEMBER'),
  SUSPEND_MEMBER: memberAction('SUSPEND_MEMBER'),
  REINSTATE_MEMBER: memberAction('REINSTATE_MEMBER'),
  SUSPEND_ISSUING: {
    async prepare(ctx, input, _charter, now) {
      const target = await ctx.state.mustGet<Member>(Keys.member, [input.target], `member ${input.target}`);
      // the same check the effect will make, so a proposal that could never apply is not opened
      suspendIssuingRight(target, { reason: input.reason, by: ctx.caller.mspId, now, txId: ctx.txId });
      return { target: input.target, payload: { reason: input.reason }, subject: ['member', input.target] };
    },
    async approved(ctx, { proposal, payload: { reason }, target: mspId }, now) {
      const target = await ctx.state.mustGet<Member>(Keys.member, [mspId], `member ${mspId}`);
      const next = suspendIssuingRight(target, { reason, by: proposal.proposer, now, txId: ctx.txId });
      await ctx.state.put(Keys.member, [target.mspId], { ...next, issuingSuspension: { ...next.issuingSuspension, proposalId: proposal.id } });
      return { member: target.mspId, issuingSuspended: true, reasonCode: reason.code };
    },
  },
  REINSTATE_ISSUING: {
    async prepare(ctx, input, _charter, now) {
      const target = await ctx.state.mustGet<Member>(Keys.member, [input.target], `member ${input.target}`);
      reinstateIssuingRight(target, now);
      return { target: input.target, payload: { reason: input.reason }, subject: ['member', input.target] };
    },
    async approved(ctx, { target: mspId }, now) {
      const target = await ctx.state.mustGet<Member>(Keys.member, [mspId], `member ${mspId}`);
      await ctx.state.put(Keys.member, [target.mspId], reinstateIssuingRight(target, now));
      return { member: target.mspId, issuingSuspended: false };
    },
  },
  AMEND_CHARTER: {
    async prepare(_ctx, input, charter) {
      if (input.charter.version !== charter.version + 1) {
        throw invalidArgument(
          'proposal.payload.charter.version',
          `must be ${charter.version + 1} (the charter in force is v${charter.version}); got ${input.charter.version}`,
        );
      }
      return { payload: { charter: input.charter }, subject: ['charter', 'next'] };
    },
    async approved(ctx, { proposal, payload: { charter: next } }, _now, charter) {
      if (next.version !== charter.version + 1) {
        throw conflict(`the charter is now v${charter.version}; proposal ${proposal.id} amends v${next.version - 1} — propose the amendment again`);
      }
      await ctx.state.put(Keys.charter, [], next);
      await ctx.state.put(Keys.charterVersion, [String(next.version)], next);
      return { charterVersion: next.version, previousVersion: charter.version };
    },
  },
  ADD_ORDERER: {
    async prepare(ctx, input, _charter, now) {
      const owner = await ctx.state.mustGet<Member>(Keys.member, [input.target], `member ${input.target}`);
      requireActiveOwner(owner);
      await refuseTakenNodeId(ctx, input.nodeId);
      const { fingerprint } = checkPeerRegistration({ owner, callerMsp: owner.mspId, tlsCertPem: input.tlsCertPem, now });
      return {
        target: owner.mspId,
        payload: { nodeId: input.nodeId, endpoint: input.endpoint, tlsCertFingerprint: fingerprint },
        subject: ['node', input.nodeId],
      };
    },
    async approved(ctx, { proposal, payload, target }, now, charter) {
      const { nodeId } = payload;
      const owner = await ctx.state.mustGet<Member>(Keys.member, [target], `member ${target}`);
      requireActiveOwner(owner);
      await refuseTakenNodeId(ctx, nodeId);
      checkOrdererChange({ proposal, type: 'ADD_ORDERER', nodeId, activeOrderers: (await activeOrderers(ctx)).length, charter });
      const node: NetworkNode = {
        nodeId,
        owner: owner.mspId,
        type: 'ORDERER',
        endpoint: payload.endpoint,
        tlsCertFingerprint: payload.tlsCertFingerprint,
        status: 'ACTIVE',
        registeredAt: now,
      };
      await ctx.state.put(Keys.node, [nodeId], node);
      await ctx.state.putIndex(Keys.nodeByOwner, [owner.mspId, nodeId]);
      return { nodeId, owner: owner.mspId, type: 'ORDERER', status: 'ACTIVE' };
    },
  },
  REMOVE_ORDERER: {
    async prepare(ctx, input, charter) {
      const node = await ctx.state.mustGet<NetworkNode>(Keys.node, [input.nodeId], `node ${input.nodeId}`);
      checkRemovableOrderer(node, input.target, input.endpoint);
      const count = (await activeOrderers(ctx)).length;
      if (count - 1 < charter.minOrderers) {
        throw preconditionFailed(
          `removing orderer ${node.nodeId} would leave ${count - 1} orderers; the charter minimum is ${charter.minOrderers} — add one first`,
        );
      }
      return { target: node.owner, payload: { nodeId: node.nodeId, endpoint: node.endpoint }, subject: ['node', node.nodeId] };
    },
    async approved(ctx, { proposal, payload: { nodeId }, target }, now, charter) {
      const node = await ctx.state.mustGet<NetworkNode>(Keys.node, [nodeId], `node ${nodeId}`);
      checkRemovableOrderer(node, target, undefined);
      checkOrdererChange({ proposal, type: 'REMOVE_ORDERER', nodeId, activeOrderers: (await activeOrderers(ctx)).length, charter });
      await ctx.state.put(Keys.node, [nodeId], { ...node, status: 'REMOVED', removedAt: now });
      return { nodeId, owner: node.owner, type: 'ORDERER', status: 'REMOVED' };
    },
  },
  APPROVE_CHAINCODE: {
    async prepare(ctx, input) {
      const build = `${input.codeDigest}:${input.sequence}`;
      const approval = await ctx.state.get<{ proposalId: string }>(Keys.chaincodeApproval, [input.codeDigest, String(input.sequence)]);
      if (approval !== undefined) {
        throw alreadyExists(`an approval of digest ${input.codeDigest} at sequence ${input.sequence} (proposal ${approval.proposalId})`);
      }
      return {
        payload: { codeDigest: input.codeDigest, sequence: input.sequence, version: input.version },
        subject: ['chaincode', build],
      };
    },
    async approved(ctx, { proposal, payload: { codeDigest, sequence, version } }, now) {
      await ctx.state.put(Keys.chaincodeApproval, [codeDigest, String(sequence)], {
        proposalId: proposal.id, codeDigest, sequence, version, approvedAt: now,
      });
      return { codeDigest, sequence, version, approved: true };
    },
  },
  PAUSE_WRITES: writesPause('PAUSE_WRITES'),
  RESUME_WRITES: writesPause('RESUME_WRITES'),
};

/** Any type's handler, as the dispatch below holds it. */
type AnyHandler = Handler<ProposalInput, Payloads[ProposalType]>;

function handlerOf(type: ProposalType): AnyHandler {
  // the type was checked against PROPOSAL_TYPES when the proposal was opened (membership/inputs.ts)
  return PROPOSAL_HANDLERS[type];
}

/**
 * A stored proposal as its handler reads it. The one place a payload is read back as its type's:
 * it was written by that type's prepare, and stored proposals are never written otherwise.
 */
function decided(proposal: StoredProposal): Decided<Payloads[ProposalType]> {
  return { proposal, payload: proposal.payload as unknown as Payloads[ProposalType], target: proposal.target ?? '' };
}

/** The checks of an opening proposal's type; what it stores. */
export async function prepareProposal(ctx: CertledgerContext, input: ProposalInput, charter: Charter, now: string): Promise<Prepared<Payloads[ProposalType]>> {
  return handlerOf(input.type).prepare(ctx, input, charter, now);
}

/** The effect of an APPROVED proposal. */
export async function applyApproved(ctx: CertledgerContext, proposal: StoredProposal, now: string, charter: Charter): Promise<Effect> {
  return handlerOf(proposal.type).approved(ctx, decided(proposal), now, charter);
}

/** The effect of a REJECTED proposal (only a rejected admission has one). */
export async function applyRejected(ctx: CertledgerContext, proposal: StoredProposal, now: string): Promise<Effect> {
  return handlerOf(proposal.type).rejected?.(ctx, decided(proposal), now);
}

export function checkMemberAction(type: MemberActionType, target: Member): void {
  const { from } = MEMBER_ACTIONS[type];
  if (!from.includes(target.status)) {
    throw conflict(`member ${target.mspId} is ${target.status}; ${type} applies only to a member that is ${from.join(' or ')}`);
  }
}

function requireActiveOwner(owner: Member): void {
  if (owner.status !== 'ACTIVE') {
    throw conflict(`member ${owner.mspId} is ${owner.status}; an orderer is added only for an ACTIVE member`);
  }
}

function checkRemovableOrderer(node: NetworkNode, target: string, endpoint: string | undefined): void {
  if (node.type !== 'ORDERER') {
    throw invalidArgument('proposal.payload.nodeId', `node ${node.nodeId} is a ${node.type}; REMOVE_ORDERER removes orderers only`);
  }
  if (node.owner !== target) {
    throw invalidArgument('proposal.target', `is ${target} but orderer ${node.nodeId} belongs to ${node.owner}`);
  }
  if (endpoint !== undefined && endpoint !== node.endpoint) {
    throw invalidArgument('proposal.payload.endpoint', `is ${endpoint} but orderer ${node.nodeId} is registered at ${node.endpoint}`);
  }
  if (node.status !== 'ACTIVE') {
    throw conflict(`orderer ${node.nodeId} is already ${node.status}`);
  }
}

async function refuseTakenNodeId(ctx: CertledgerContext, nodeId: string): Promise<void> {
  const existing = await ctx.state.get<NetworkNode>(Keys.node, [nodeId]);
  if (existing !== undefined) {
    throw alreadyExists(`node ${nodeId} (registered by ${existing.owner} as a ${existing.type}; node ids are never reused, choose another)`);
  }
}

async function changeMember(ctx: CertledgerContext, mspId: string, to: MemberStatus, now: string): Promise<Effect> {
  const member = await ctx.state.mustGet<Member>(Keys.member, [mspId], `member ${mspId}`);
  const next = transitionMember(member, to, now);
  await ctx.state.put(Keys.member, [mspId], next);
  return { member: mspId, from: member.status, to };
}

export async function allNodes(ctx: CertledgerContext): Promise<NetworkNode[]> {
  const entries = await ctx.state.list<NetworkNode>(Keys.node, []);
  return entries.flatMap(({ value }) => (value === undefined ? [] : [value]));
}

export async function activeOrderers(ctx: CertledgerContext): Promise<NetworkNode[]> {
  return (await allNodes(ctx)).filter((n) => n.type === 'ORDERER' && n.status === 'ACTIVE');
}
