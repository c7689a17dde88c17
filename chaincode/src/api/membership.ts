// The membership contract: the consortium's members, their nodes, proposals and votes, measures,
// the write pause and chaincode approvals (docs/contracts.md §4-§6).
import type { Charter, Member, MemberStatus, NetworkNode, Proposal, Tally, Vote, VoteChoice } from '../domain/types';
import type { CodeDigest } from '../shared/code-digest';
import type { WritePause } from '../shared/write-pause';
import type { StatusReasonArg } from './certificate';
import { ARG, MISSING, NOT_YOURS, RULE, STATE, TAKEN } from './errors';
import { evaluate, submit, type NoArguments } from './transaction';

/** A proposal as stored: the charter version it was opened under. */
export interface StoredProposal extends Proposal {
  charterVersion: number;
}
/** A proposal as a client opens it: its id, type, target and the type's payload. */
export interface ProposalArg {
  id: string;
  type: string;
  target?: string;
  payload?: object;
}
/** A founding member, with the nodes it starts with (membership/inputs.ts parseFounders). */
export interface FounderArg {
  mspId: string;
  name: string;
  role: Member['role'];
  caRootPem: string;
  tlsRootPem: string;
  credentials: Record<string, string>;
  nodes?: { nodeId: string; type: NetworkNode['type']; endpoint: string; tlsCertPem: string }[];
}
export type { Charter, CodeDigest, Member, NetworkNode, WritePause };


export const membershipApi = {
  name: 'membership',
  transactions: {
    initConsortium: submit<{ charterJson: Charter; foundersJson: FounderArg[] }, { charter: Charter; founders: string[] }>()(['charterJson', 'foundersJson'], ARG, TAKEN, NOT_YOURS, STATE, RULE),
    getCharter: evaluate<NoArguments, Charter>()([], MISSING),
    getMember: evaluate<{ mspId: string }, Member>()(['mspId'], ARG, MISSING),
    listMembers: evaluate<NoArguments, Member[]>()([]),
    openProposal: submit<{ proposalJson: ProposalArg }, StoredProposal>()(['proposalJson'], ARG, MISSING, TAKEN, NOT_YOURS, STATE, RULE),
    vote: submit<{ proposalId: string; choice: string }, Vote & { previousChoice: VoteChoice | undefined }>()(['proposalId', 'choice'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    finalizeProposal: submit<{ proposalId: string }, { proposal: StoredProposal; effect: Record<string, unknown> | null }>()(['proposalId'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    getProposal: evaluate<{ id: string }, { proposal: StoredProposal; votes: Vote[]; tally: Tally }>()(['id'], ARG, MISSING),
    listProposals: evaluate<{ status?: string; pageSize: string; bookmark: string }, { items: StoredProposal[]; bookmark: string }>()(['status', 'pageSize', 'bookmark'], ARG),
    registerPeer: submit<{ nodeId: string; endpoint: string; tlsCertPem: string }, { node: NetworkNode; memberAdmitted: boolean; memberStatus: MemberStatus }>()(
      ['nodeId', 'endpoint', 'tlsCertPem'], ARG, MISSING, TAKEN, NOT_YOURS, STATE, RULE),
    removePeer: submit<{ nodeId: string }, { node: NetworkNode }>()(['nodeId'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    getNode: evaluate<{ nodeId: string }, NetworkNode>()(['nodeId'], ARG, MISSING),
    listNodes: evaluate<{ mspId?: string }, NetworkNode[]>()(['mspId'], ARG),
    checkOrgJoin: evaluate<{ mspId: string }, { mspId: string; name: string; role: Member['role']; proposalId: string | undefined; caRootPem: string; tlsRootPem: string }>()(
      ['mspId'], ARG, MISSING, STATE, RULE),
    requestExit: submit<NoArguments, { member: Member; noticeEnds: string }>()([], MISSING, NOT_YOURS, STATE, RULE),
    completeExit: submit<NoArguments, { member: Member; removedNodes: string[] }>()([], MISSING, NOT_YOURS, STATE, RULE),
    suspendIssuing: submit<{ mspId: string; reason: StatusReasonArg; until?: string }, Member>()(['mspId', 'reason', 'until'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    reinstateIssuing: submit<{ mspId: string; note: string }, Member>()(['mspId', 'note'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    suspendMember: submit<{ mspId: string; reason: string }, Member>()(['mspId', 'reason'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    reinstateMember: submit<{ mspId: string; reason: string }, Member>()(['mspId', 'reason'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    pauseWrites: submit<{ reason: string }, WritePause>()(['reason'], ARG, NOT_YOURS, STATE, RULE),
    resumeWrites: submit<{ reason: string }, WritePause>()(['reason'], ARG, NOT_YOURS, STATE, RULE),
    getWritePause: evaluate<NoArguments, WritePause | { paused: boolean }>()([]),
    isChaincodeApproved: evaluate<{ codeDigest: string; sequence: string }, { approved: boolean; proposalId: string | null; codeDigest: string; sequence: number }>()(['codeDigest', 'sequence'], ARG),
    codeDigest: evaluate<NoArguments, CodeDigest>()([]),
  },
} as const;
