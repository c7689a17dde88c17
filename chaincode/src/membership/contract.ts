// The membership contract: the consortium's charter, its members and nodes, and the votes and
// rules by which members and their nodes join and exit [BSC 5.4, 5.6; EXPERT; BULLETIN].
import { Info, Returns, Transaction } from 'fabric-contract-api';
import type { membershipApi, StoredProposal } from '../api/membership';
import type { Implementation } from '../api/transaction';
import {
  checkAdmissionCredentials,
  checkChaincodeApproval,
  checkCompleteExit,
  checkMinimums,
  checkOrgJoinPreparation,
  checkPeerRegistration,
  checkPeerRemoval,
  checkRegulatorPause,
  checkRegulatorResume,
  transitionMember,
} from '../domain/membership-rules';
import { validateCharter } from '../domain/charter';
import { checkMeasureWithoutVote, reinstateIssuingRight, suspendIssuingRight } from '../domain/measures';
import { checkCanVote, electorateFor, finalizeProposal as decideProposal, tallyVotes } from '../domain/quorum';
import { addSeconds } from '../domain/time';
import {
  PROPOSAL_STATUSES,
  VOTE_CHOICES,
  type Certificate,
  type Charter,
  type IssuingSuspension,
  type Member,
  type MemberMeasure,
  type NetworkNode,
  type ProposalStatus,
  type Tally,
  type Vote,
} from '../domain/types';
import { keyPart, parseJsonArg, requireEnum, requireIsoTimestamp, requireString } from '../domain/validate';
import { loadCharter } from '../shared/charter';
import { runningCodeDigest } from '../shared/code-digest';
import { CertledgerContext, ROLE_ATTRIBUTE, USER_ROLES } from '../shared/context';
import { CertledgerContract } from '../shared/contract';
import { alreadyExists, conflict, forbidden, invalidArgument, preconditionFailed } from '../shared/errors';
import { Events } from '../shared/events';
import { Keys } from '../shared/keys';
import { toJson } from '../shared/marshal';
import { loadWritePause, requireWritesOpen, type WritePause } from '../shared/write-pause';
import { MEMBER_ACTIONS, activeOrderers, allNodes, applyApproved, applyRejected, checkMemberAction, prepareProposal, type Subject } from './proposals';
import {
  newMember,
  parseCodeDigest,
  parseEndpoint,
  parseFounders,
  parseIssuingReason,
  parseMspId,
  parseNodeId,
  parsePageSize,
  parseProposalId,
  parseProposalInput,
  parseReasonText,
  parseSequence,
  parseTlsCertPem,
} from './inputs';

/** Governance acts (proposals, votes, exits, node registration and removal) are done by a member's admin users. */
const GOVERNORS = ['admin'] as const;

@Info({ title: 'membership', description: 'Consortium governance: charter, members, nodes, proposals and votes' })
export class MembershipContract extends CertledgerContract implements Implementation<typeof membershipApi, CertledgerContext> {
  constructor() {
    super('membership');
  }

  /** Bootstrap, once, on an empty ledger: the charter and the founding members, all ACTIVE. */
  @Transaction()
  @Returns('string')
  async initConsortium(ctx: CertledgerContext, charterJson: string, foundersJson: string) {
    const charter: Charter = validateCharter(parseJsonArg(charterJson, 'charter'), 'charter');
    const founders = parseFounders(foundersJson);
    const now = ctx.checkedTime(charter.maxClockSkewSeconds);
    if (ctx.caller.role !== 'admin') {
      throw forbidden(`initConsortium needs an admin user (certledger.role admin); the caller has ${ctx.caller.role ?? 'no role'}`);
    }
    if (!founders.some((f) => f.mspId === ctx.caller.mspId)) {
      throw forbidden(`${ctx.caller.mspId} is not among the founders it is initialising`);
    }
    if (await ctx.state.exists(Keys.consortium, [])) {
      throw preconditionFailed('the consortium is already initialised; change the charter with an AMEND_CHARTER proposal');
    }
    for (const founder of founders) checkAdmissionCredentials(founder.role, founder.credentials, charter);
    await ctx.state.put(Keys.consortium, [], { initializedAt: now, initializedBy: ctx.caller.mspId, txId: ctx.txId });
    await ctx.state.put(Keys.charter, [], charter);
    await ctx.state.put(Keys.charterVersion, [String(charter.version)], charter);
    const nodeIds = new Set<string>();
    for (const { nodes, ...input } of founders) {
      const member = newMember(input, 'ACTIVE', now);
      await ctx.state.put(Keys.member, [member.mspId], member);
      // The founders' own peers and orderers, each TLS certificate chained to its member's TLS root
      // (rule 2), so the orderer minimum and exits count them from the start.
      for (const [j, node] of nodes.entries()) {
        if (nodeIds.has(node.nodeId)) throw invalidArgument(`founders.nodes[${j}].nodeId`, `${node.nodeId} is listed twice`);
        nodeIds.add(node.nodeId);
        const { fingerprint } = checkPeerRegistration({ owner: member, callerMsp: member.mspId, tlsCertPem: node.tlsCertPem, now });
        const record: NetworkNode = {
          nodeId: node.nodeId, owner: member.mspId, type: node.type, endpoint: node.endpoint, tlsCertFingerprint: fingerprint, status: 'ACTIVE', registeredAt: now,
        };
        await ctx.state.put(Keys.node, [node.nodeId], record);
        await ctx.state.putIndex(Keys.nodeByOwner, [member.mspId, node.nodeId]);
      }
    }
    ctx.emit(Events.ConsortiumInitialized, { charterVersion: charter.version, founders: founders.map((f) => f.mspId), nodes: [...nodeIds].sort() });
    return toJson({ charter, founders: founders.map((f) => f.mspId) });
  }

  @Transaction(false)
  @Returns('string')
  async getCharter(ctx: CertledgerContext) {
    return toJson(await loadCharter(ctx));
  }

  @Transaction(false)
  @Returns('string')
  async getMember(ctx: CertledgerContext, mspId: string) {
    const id = keyPart(mspId, 'mspId');
    return toJson(await ctx.state.mustGet<Member>(Keys.member, [id], `member ${id}`));
  }

  @Transaction(false)
  @Returns('string')
  async listMembers(ctx: CertledgerContext) {
    const members = await ctx.state.list<Member>(Keys.member, []);
    return toJson(members.flatMap(({ value }) => (value === undefined ? [] : [value])));
  }

  // ---- proposals and votes ----

  /**
   * Opens a proposal for the ACTIVE members to vote on until now + the charter's voting period.
   * An ADMIT_MEMBER proposal also records the applicant as an APPLIED member.
   */
  @Transaction()
  @Returns('string')
  async openProposal(ctx: CertledgerContext, proposalJson: string) {
    const input = parseProposalInput(proposalJson);
    const charter = await loadCharter(ctx);
    const now = ctx.checkedTime(charter.maxClockSkewSeconds);
    // governance goes on while writes are paused [BSC 6.4]: it is how members resume them
    const proposer = await ctx.requireWriter(GOVERNORS, undefined, false, true);

    if (await ctx.state.exists(Keys.proposal, [input.id])) {
      throw alreadyExists(`proposal ${input.id} (proposal ids are never reused; open it under a new id)`);
    }
    const prepared = await prepareProposal(ctx, input, charter, now);
    await refuseSecondOpenProposal(ctx, prepared.subject);
    const proposal: StoredProposal = {
      id: input.id,
      type: input.type,
      payload: prepared.payload,
      proposer: proposer.mspId,
      openedAt: now,
      deadline: addSeconds(now, charter.votingPeriodSeconds),
      electorate: electorateFor(input.type, prepared.target, await activeMemberIds(ctx)),
      status: 'OPEN',
      charterVersion: charter.version,
    };
    if (prepared.target !== undefined) proposal.target = prepared.target;

    await ctx.state.put(Keys.proposal, [proposal.id], proposal);
    await ctx.state.putIndex(Keys.proposalByStatus, ['OPEN', proposal.id]);
    await ctx.state.putIndex(Keys.proposalBySubject, [...prepared.subject, proposal.id]);
    if (input.type === 'ADMIT_MEMBER') {
      await ctx.state.put(Keys.member, [input.member.mspId], newMember(input.member, 'APPLIED', now));
    }
    ctx.emit(Events.ProposalOpened, {
      id: proposal.id,
      type: proposal.type,
      target: proposal.target,
      proposer: proposal.proposer,
      deadline: proposal.deadline,
      electorate: proposal.electorate,
      charterVersion: charter.version,
    });
    return toJson(proposal);
  }

  /** Casts (or changes) the caller's org's vote; one vote per member, changeable until the deadline. */
  @Transaction()
  @Returns('string')
  async vote(ctx: CertledgerContext, proposalId: string, choice: string) {
    const id = parseProposalId(proposalId, 'proposalId');
    const chosen = requireEnum(choice, 'choice', VOTE_CHOICES);
    const charter = await loadCharter(ctx);
    const now = ctx.checkedTime(charter.maxClockSkewSeconds);
    const voter = await ctx.requireWriter(GOVERNORS, undefined, false, true);

    const proposal = await mustGetProposal(ctx, id);
    checkCanVote(proposal, voter.mspId, now);
    const previous = await ctx.state.get<Vote>(Keys.vote, [id, voter.mspId]);
    const vote: Vote = { proposalId: id, mspId: voter.mspId, choice: chosen, castBy: ctx.caller.subject, castAt: now };
    await ctx.state.put(Keys.vote, [id, voter.mspId], vote);
    ctx.emit(Events.VoteCast, { proposalId: id, mspId: voter.mspId, choice: chosen, previousChoice: previous?.choice });
    return toJson({ ...vote, previousChoice: previous?.choice });
  }

  /**
   * Closes a proposal once its deadline has passed and, when APPROVED, applies its effect in the
   * same transaction. If the effect cannot be applied (e.g. removing an orderer would now go below
   * the charter minimum) nothing is stored and the proposal stays OPEN until it can be.
   */
  @Transaction()
  @Returns('string')
  async finalizeProposal(ctx: CertledgerContext, proposalId: string) {
    const id = parseProposalId(proposalId, 'proposalId');
    const charter = await loadCharter(ctx);
    const now = ctx.checkedTime(charter.maxClockSkewSeconds);
    await ctx.requireWriter(USER_ROLES, undefined, false, true);

    const proposal = await mustGetProposal(ctx, id);
    const votes = await votesOf(ctx, id);
    const decided = decideProposal(proposal, votes, now, await charterOf(ctx, proposal)) as StoredProposal;
    const effect = decided.status === 'APPROVED'
      ? await applyApproved(ctx, decided, now, charter)
      : await applyRejected(ctx, decided, now);

    await ctx.state.put(Keys.proposal, [id], decided);
    await ctx.state.delete(Keys.proposalByStatus, ['OPEN', id]);
    await ctx.state.putIndex(Keys.proposalByStatus, [decided.status, id]);
    ctx.emit(Events.ProposalDecided, {
      id, type: decided.type, target: decided.target, outcome: decided.status, tally: decided.tally, effect,
    });
    // `effect` is always present (null when the outcome has none), so the answer keeps one shape
    return toJson({ proposal: decided, effect: effect ?? null });
  }

  /** A proposal with its votes and its tally (the current one while OPEN, the final one after). */
  @Transaction(false)
  @Returns('string')
  async getProposal(ctx: CertledgerContext, id: string) {
    const key = parseProposalId(id, 'id');
    const proposal = await mustGetProposal(ctx, key);
    const votes = await votesOf(ctx, key);
    const tally: Tally = proposal.tally ?? tallyVotes(proposal, votes, await charterOf(ctx, proposal));
    return toJson({ proposal, votes, tally });
  }

  /** Proposals of one status (OPEN, APPROVED, REJECTED; empty for all), a page at a time. */
  @Transaction(false)
  @Returns('string')
  async listProposals(ctx: CertledgerContext, status: string, pageSize: string, bookmark: string) {
    const wanted: ProposalStatus | '' = status === '' ? '' : requireEnum(status, 'status', PROPOSAL_STATUSES);
    const size = parsePageSize(pageSize);
    if (typeof bookmark !== 'string') throw invalidArgument('bookmark', 'must be a string (empty for the first page)');
    if (wanted === '') {
      const page = await ctx.state.page<StoredProposal, StoredProposal | undefined>(Keys.proposal, [], size, bookmark, (_, value) => value);
      return toJson({ items: page.items.flatMap((item) => (item === undefined ? [] : [item])), bookmark: page.bookmark });
    }
    const page = await ctx.state.page(Keys.proposalByStatus, [wanted], size, bookmark, (parts) => keyPartAt(parts, 1));
    const items: StoredProposal[] = [];
    for (const id of page.items) items.push(await mustGetProposal(ctx, id));
    return toJson({ items, bookmark: page.bookmark });
  }

  // ---- nodes ----

  /**
   * Registers a peer of the caller's org (rule 2): its TLS certificate must chain to the TLS root
   * the member registered. An APPROVED member becomes ACTIVE with its first peer (rule 1).
   */
  @Transaction()
  @Returns('string')
  async registerPeer(ctx: CertledgerContext, nodeId: string, endpoint: string, tlsCertPem: string) {
    const id = parseNodeId(nodeId, 'nodeId');
    const address = parseEndpoint(endpoint, 'endpoint');
    const pem = parseTlsCertPem(tlsCertPem, 'tlsCertPem');
    const charter = await loadCharter(ctx);
    const now = ctx.checkedTime(charter.maxClockSkewSeconds);
    requireAdmin(ctx, 'registering a peer');

    // not requireWriter: an APPROVED member is not ACTIVE yet, and this is how it becomes so
    const owner = await ctx.state.get<Member>(Keys.member, [ctx.caller.mspId]);
    await requireWritesOpen(ctx.state);
    const { fingerprint } = checkPeerRegistration({ owner, callerMsp: ctx.caller.mspId, tlsCertPem: pem, now });
    const member = owner as Member;
    const existing = await ctx.state.get<NetworkNode>(Keys.node, [id]);
    if (existing !== undefined) {
      throw alreadyExists(`node ${id} (registered by ${existing.owner} as a ${existing.type}; node ids are never reused, choose another)`);
    }
    const node: NetworkNode = {
      nodeId: id, owner: member.mspId, type: 'PEER', endpoint: address, tlsCertFingerprint: fingerprint, status: 'ACTIVE', registeredAt: now,
    };
    await ctx.state.put(Keys.node, [id], node);
    await ctx.state.putIndex(Keys.nodeByOwner, [member.mspId, id]);
    const admitted = member.status === 'APPROVED';
    if (admitted) await ctx.state.put(Keys.member, [member.mspId], transitionMember(member, 'ACTIVE', now));
    ctx.emit(Events.NodeRegistered, {
      nodeId: id, owner: member.mspId, type: 'PEER', endpoint: address, tlsCertFingerprint: fingerprint, memberAdmitted: admitted,
    });
    return toJson({ node, memberAdmitted: admitted, memberStatus: admitted ? 'ACTIVE' : member.status });
  }

  /**
   * Takes one of the caller's own peers out of service (rule 2, the inverse of registerPeer): the
   * node stays on the ledger as REMOVED. An ACTIVE member keeps at least one ACTIVE peer; an
   * EXITING member may retire them all. Orderers leave only by a REMOVE_ORDERER proposal.
   */
  @Transaction()
  @Returns('string')
  async removePeer(ctx: CertledgerContext, nodeId: string) {
    const id = parseNodeId(nodeId, 'nodeId');
    const charter = await loadCharter(ctx);
    const now = ctx.checkedTime(charter.maxClockSkewSeconds);
    requireAdmin(ctx, 'removing a peer');

    // not requireWriter: an EXITING member is not ACTIVE, and retiring its peers is part of winding down
    const member = await ctx.state.get<Member>(Keys.member, [ctx.caller.mspId]);
    await requireWritesOpen(ctx.state);
    const existing = await ctx.state.get<NetworkNode>(Keys.node, [id]);
    const activePeersOfOwner = (await nodesOf(ctx, ctx.caller.mspId)).filter((n) => n.type === 'PEER' && n.status === 'ACTIVE').length;
    checkPeerRemoval({ member, callerMsp: ctx.caller.mspId, nodeId: id, node: existing, activePeersOfOwner });
    const node: NetworkNode = { ...(existing as NetworkNode), status: 'REMOVED', removedAt: now };
    await ctx.state.put(Keys.node, [id], node);
    ctx.emit(Events.NodeRemoved, { nodeId: id, owner: node.owner, type: node.type });
    return toJson({ node });
  }

  @Transaction(false)
  @Returns('string')
  async getNode(ctx: CertledgerContext, nodeId: string) {
    const id = parseNodeId(nodeId, 'nodeId');
    return toJson(await ctx.state.mustGet<NetworkNode>(Keys.node, [id], `node ${id}`));
  }

  /** The nodes of one member (every node when mspId is empty), in node id order. */
  @Transaction(false)
  @Returns('string')
  async listNodes(ctx: CertledgerContext, mspId: string) {
    if (mspId === '') return toJson(await allNodes(ctx));
    return toJson(await nodesOf(ctx, parseMspId(mspId, 'mspId')));
  }

  // ---- join and exit ----

  /**
   * Rule 1, for operator scripts before they prepare a channel config update: the org is an
   * APPROVED member under an APPROVED ADMIT_MEMBER proposal. Answers with what the config update needs.
   */
  @Transaction(false)
  @Returns('string')
  async checkOrgJoin(ctx: CertledgerContext, mspId: string) {
    const id = parseMspId(mspId, 'mspId');
    const member = await ctx.state.get<Member>(Keys.member, [id]);
    const proposal = await latestAdmission(ctx, id);
    checkOrgJoinPreparation(member, proposal);
    const { name, role, caRootPem, tlsRootPem } = member as Member;
    return toJson({ mspId: id, name, role, proposalId: proposal?.id, caRootPem, tlsRootPem });
  }

  /** Rule 4 and 7: the caller's org gives notice (ACTIVE → EXITING), unless that leaves the consortium below its minimums. */
  @Transaction()
  @Returns('string')
  async requestExit(ctx: CertledgerContext) {
    const charter = await loadCharter(ctx);
    const now = ctx.checkedTime(charter.maxClockSkewSeconds);
    const member = await ctx.requireWriter(GOVERNORS);

    const suspension = (await openProposalsAbout(ctx, member.mspId)).find((p) => p.type === 'SUSPEND_MEMBER');
    if (suspension !== undefined) {
      throw preconditionFailed(
        `proposal ${suspension.id} to suspend ${member.mspId} is open until ${suspension.deadline}; an exit can be requested once it is finalized`,
      );
    }
    const orderers = await activeOrderers(ctx);
    checkMinimums({
      activeMembersAfter: (await activeMemberIds(ctx)).length - 1,
      activeOrderersAfter: orderers.filter((n) => n.owner !== member.mspId).length,
      charter,
    });
    const next = transitionMember(member, 'EXITING', now);
    await ctx.state.put(Keys.member, [member.mspId], next);
    const noticeEnds = addSeconds(now, charter.exitNoticeSeconds);
    ctx.emit(Events.MemberStatusChanged, { mspId: member.mspId, from: member.status, to: next.status, noticeEnds });
    return toJson({ member: next, noticeEnds });
  }

  /**
   * Rule 4: after the notice period, with no VALID or SUSPENDED certificates left, the caller's
   * EXITING org becomes EXITED and its nodes are marked REMOVED (the org leaves the channel config).
   */
  @Transaction()
  @Returns('string')
  async completeExit(ctx: CertledgerContext) {
    const charter = await loadCharter(ctx);
    const now = ctx.checkedTime(charter.maxClockSkewSeconds);
    requireAdmin(ctx, 'completing an exit');

    // not requireWriter: the member is EXITING, not ACTIVE, and completing its own exit is the one act left to it
    const member = await ctx.state.get<Member>(Keys.member, [ctx.caller.mspId]);
    if (member === undefined) throw forbidden(`${ctx.caller.mspId} is not a member of the consortium`);
    await requireWritesOpen(ctx.state);
    const orderers = await activeOrderers(ctx);
    checkCompleteExit({
      member,
      liveCertificates: await liveCertificateCount(ctx, member.mspId),
      now,
      charter,
      activeMembersAfter: (await activeMemberIds(ctx)).length,
      activeOrderersAfter: orderers.filter((n) => n.owner !== member.mspId).length,
    });
    const expulsion = (await openProposalsAbout(ctx, member.mspId)).find((p) => p.type === 'EXPEL_MEMBER');
    if (expulsion !== undefined) {
      throw preconditionFailed(
        `proposal ${expulsion.id} to expel ${member.mspId} is open until ${expulsion.deadline}; the exit can be completed only once it is finalized (no member slips out of an expulsion)`,
      );
    }
    const next = transitionMember(member, 'EXITED', now);
    await ctx.state.put(Keys.member, [member.mspId], next);
    const removed: string[] = [];
    for (const { parts } of await ctx.state.list(Keys.nodeByOwner, [member.mspId])) {
      const id = keyPartAt(parts, 1);
      const node = await ctx.state.get<NetworkNode>(Keys.node, [id]);
      if (node === undefined || node.status !== 'ACTIVE') continue;
      await ctx.state.put(Keys.node, [id], { ...node, status: 'REMOVED', removedAt: now });
      removed.push(id);
    }
    ctx.emit(Events.MemberStatusChanged, { mspId: member.mspId, from: member.status, to: next.status, removedNodes: removed });
    return toJson({ member: next, removedNodes: removed });
  }

  // ---- the regulator's administrative measures (docs/contracts.md §4.4) ----

  /**
   * The regulator suspends a certification body's right to issue, with a reason code (CB01–CB99)
   * and an optional end (`until`, '' for until reinstated) — without a vote unless the charter lists
   * SUSPEND_ISSUING in measuresNeedingVote. The body stays ACTIVE for everything else.
   */
  @Transaction()
  @Returns('string')
  async suspendIssuing(ctx: CertledgerContext, mspId: string, reason: string, until: string) {
    const id = parseMspId(mspId, 'mspId');
    const parsedReason = parseIssuingReason(reason);
    const end = until === '' ? undefined : requireIsoTimestamp(until, 'until');
    const { now, regulator } = await this.#beginMeasure(ctx, 'SUSPEND_ISSUING');
    const target = await ctx.state.mustGet<Member>(Keys.member, [id], `member ${id}`);
    await refuseSecondOpenProposal(ctx, ['member', id]);
    const next = suspendIssuingRight(target, { reason: parsedReason, ...(end === undefined ? {} : { until: end }), by: regulator.mspId, now, txId: ctx.txId });
    await ctx.state.put(Keys.member, [id], next);
    const suspension = next.issuingSuspension as IssuingSuspension;
    ctx.emit(Events.IssuingSuspended, { mspId: id, reasonCode: suspension.reasonCode, until: suspension.until, by: regulator.mspId });
    return toJson(next);
  }

  /** The regulator lifts its suspension of a body's right to issue (a vote when the charter lists REINSTATE_ISSUING). */
  @Transaction()
  @Returns('string')
  async reinstateIssuing(ctx: CertledgerContext, mspId: string, note: string) {
    const id = parseMspId(mspId, 'mspId');
    const text = parseReasonText(note, 'note');
    const { now, regulator } = await this.#beginMeasure(ctx, 'REINSTATE_ISSUING');
    const target = await ctx.state.mustGet<Member>(Keys.member, [id], `member ${id}`);
    await refuseSecondOpenProposal(ctx, ['member', id]);
    const next = reinstateIssuingRight(target, now);
    await ctx.state.put(Keys.member, [id], next);
    ctx.emit(Events.IssuingReinstated, { mspId: id, by: regulator.mspId, note: text });
    return toJson(next);
  }

  /** The regulator suspends a member (ACTIVE → SUSPENDED) alone — only when the charter does not list SUSPEND_MEMBER. */
  @Transaction()
  @Returns('string')
  async suspendMember(ctx: CertledgerContext, mspId: string, reason: string) {
    return this.#memberMeasure(ctx, 'SUSPEND_MEMBER', mspId, reason);
  }

  /** The regulator reinstates a SUSPENDED member alone — only when the charter does not list REINSTATE_MEMBER. */
  @Transaction()
  @Returns('string')
  async reinstateMember(ctx: CertledgerContext, mspId: string, reason: string) {
    return this.#memberMeasure(ctx, 'REINSTATE_MEMBER', mspId, reason);
  }

  // ---- pause of writes [BSC 6.2c, 6.4] (shared/write-pause.ts) ----

  /**
   * The regulator pauses every write but governance, takedowns and the resumption, at once, as an
   * emergency measure — when the charter gives it that right (regulatorMayPauseWrites).
   */
  @Transaction()
  @Returns('string')
  async pauseWrites(ctx: CertledgerContext, reason: string) {
    const text = parseReason(reason);
    const charter = await loadCharter(ctx);
    const now = ctx.checkedTime(charter.maxClockSkewSeconds);
    const regulator = await ctx.requireWriter(['regulator'], ['REGULATOR'], false, true);
    checkRegulatorPause(await loadWritePause(ctx.state), charter);
    const pause: WritePause = { paused: true, by: 'REGULATOR', source: regulator.mspId, reason: text, since: now, txId: ctx.txId };
    await ctx.state.put(Keys.writePause, [], pause);
    ctx.emit(Events.WritesPaused, { by: 'REGULATOR', source: regulator.mspId, reason: text });
    return toJson(pause);
  }

  /** The regulator lifts its own pause (a pause the members voted is lifted only by RESUME_WRITES). */
  @Transaction()
  @Returns('string')
  async resumeWrites(ctx: CertledgerContext, reason: string) {
    const text = parseReason(reason);
    const charter = await loadCharter(ctx);
    const now = ctx.checkedTime(charter.maxClockSkewSeconds);
    const regulator = await ctx.requireWriter(['regulator'], ['REGULATOR'], false, true);
    checkRegulatorResume(await loadWritePause(ctx.state));
    const pause: WritePause = { paused: false, by: 'REGULATOR', source: regulator.mspId, reason: text, since: now, txId: ctx.txId };
    await ctx.state.put(Keys.writePause, [], pause);
    ctx.emit(Events.WritesResumed, { by: 'REGULATOR', source: regulator.mspId, reason: text });
    return toJson(pause);
  }

  /** Whether writes are paused, by whom and why; `{paused: false}` when they never were. */
  @Transaction(false)
  @Returns('string')
  async getWritePause(ctx: CertledgerContext) {
    return toJson((await loadWritePause(ctx.state)) ?? { paused: false });
  }

  // ---- chaincode approval (rule 6) ----

  /** Whether an APPROVE_CHAINCODE proposal for this exact build (digest and sequence) was APPROVED. */
  @Transaction(false)
  @Returns('string')
  async isChaincodeApproved(ctx: CertledgerContext, codeDigest: string, sequence: string) {
    const digest = parseCodeDigest(codeDigest, 'codeDigest');
    const seq = parseSequence(sequence, 'sequence');
    const approval = await ctx.state.get<{ proposalId: string }>(Keys.chaincodeApproval, [digest, String(seq)]);
    if (approval === undefined) return toJson({ approved: false, proposalId: null, codeDigest: digest, sequence: seq });
    checkChaincodeApproval(await ctx.state.get<StoredProposal>(Keys.proposal, [approval.proposalId]), digest, seq);
    return toJson({ approved: true, proposalId: approval.proposalId, codeDigest: digest, sequence: seq });
  }

  /** The digest of the chaincode build this endorser runs, computed as the operator script does. */
  @Transaction(false)
  @Returns('string')
  async codeDigest(_ctx: CertledgerContext) {
    return toJson(runningCodeDigest());
  }

  // ---- helpers (not transactions: ES private methods are invisible to the contract API) ----

  /** The start of a measure the regulator takes alone: the charter must not reserve it for a vote. */
  async #beginMeasure(ctx: CertledgerContext, measure: MemberMeasure): Promise<{ charter: Charter; now: string; regulator: Member }> {
    const charter = await loadCharter(ctx);
    const now = ctx.checkedTime(charter.maxClockSkewSeconds);
    const regulator = await ctx.requireWriter(['regulator'], ['REGULATOR']);
    checkMeasureWithoutVote(measure, charter);
    return { charter, now, regulator };
  }

  async #memberMeasure(ctx: CertledgerContext, measure: 'SUSPEND_MEMBER' | 'REINSTATE_MEMBER', mspId: string, reason: string) {
    const id = parseMspId(mspId, 'mspId');
    const text = parseReasonText(reason, 'reason');
    const { now, regulator } = await this.#beginMeasure(ctx, measure);
    if (id === regulator.mspId) throw forbidden(`the regulator cannot ${measure === 'SUSPEND_MEMBER' ? 'suspend' : 'reinstate'} itself`);
    const target = await ctx.state.mustGet<Member>(Keys.member, [id], `member ${id}`);
    checkMemberAction(measure, target);
    await refuseSecondOpenProposal(ctx, ['member', id]);
    const next = transitionMember(target, MEMBER_ACTIONS[measure].to, now);
    await ctx.state.put(Keys.member, [id], next);
    ctx.emit(Events.MemberStatusChanged, { mspId: id, from: target.status, to: next.status, by: regulator.mspId, reason: text });
    return toJson(next);
  }
}

// ---- access checks and reads shared by the transactions above ----

/** Part i of a composite key an index listed (the index's own layout says it is there). */
function keyPartAt(parts: readonly string[], i: number): string {
  const part = parts[i];
  if (part === undefined) throw new Error(`composite key ${parts.join('/')} has no part ${i}`);
  return part;
}

function parseReason(value: unknown): string {
  const text = requireString(value, 'reason', { max: 1024 });
  if (text.trim() === '') throw invalidArgument('reason', 'is required (a non-empty text)');
  return text.trim();
}

/** The user must be an admin of its org; the org's status is checked by the caller of this. */
function requireAdmin(ctx: CertledgerContext, action: string): void {
  const { role, mspId } = ctx.caller;
  if (role !== 'admin') {
    throw forbidden(`${action} needs a user with ${ROLE_ATTRIBUTE} admin; the caller (${mspId}) has ${role ?? 'no role'}`);
  }
}

async function mustGetProposal(ctx: CertledgerContext, id: string): Promise<StoredProposal> {
  return ctx.state.mustGet<StoredProposal>(Keys.proposal, [id], `proposal ${id}`);
}

async function votesOf(ctx: CertledgerContext, proposalId: string): Promise<Vote[]> {
  const entries = await ctx.state.list<Vote>(Keys.vote, [proposalId]);
  return entries.flatMap(({ value }) => (value === undefined ? [] : [value]));
}

/** The charter a proposal opened under: its quorum decides the vote, whatever was amended since. */
async function charterOf(ctx: CertledgerContext, proposal: StoredProposal): Promise<Charter> {
  const atOpening = await ctx.state.get<Charter>(Keys.charterVersion, [String(proposal.charterVersion)]);
  return atOpening ?? loadCharter(ctx);
}

async function activeMemberIds(ctx: CertledgerContext): Promise<string[]> {
  const members = await ctx.state.list<Member>(Keys.member, []);
  return members.flatMap(({ value }) => (value?.status === 'ACTIVE' ? [value.mspId] : []));
}

/** The nodes of one member, in node id order, through the node.owner index [owner, nodeId]. */
async function nodesOf(ctx: CertledgerContext, owner: string): Promise<NetworkNode[]> {
  const nodes: NetworkNode[] = [];
  for (const { parts } of await ctx.state.list(Keys.nodeByOwner, [owner])) {
    const id = keyPartAt(parts, 1);
    nodes.push(await ctx.state.mustGet<NetworkNode>(Keys.node, [id], `node ${id}`));
  }
  return nodes;
}

async function proposalsAbout(ctx: CertledgerContext, subject: Subject): Promise<StoredProposal[]> {
  const out: StoredProposal[] = [];
  for (const { parts } of await ctx.state.list(Keys.proposalBySubject, subject)) {
    out.push(await mustGetProposal(ctx, keyPartAt(parts, 2)));
  }
  return out;
}

async function openProposalsAbout(ctx: CertledgerContext, mspId: string): Promise<StoredProposal[]> {
  return (await proposalsAbout(ctx, ['member', mspId])).filter((p) => p.status === 'OPEN');
}

/**
 * One open proposal per subject: two open proposals about the same member, node, charter or
 * build could each pass and then contradict each other, leaving one impossible to apply.
 */
async function refuseSecondOpenProposal(ctx: CertledgerContext, subject: Subject): Promise<void> {
  const open = (await proposalsAbout(ctx, subject)).find((p) => p.status === 'OPEN');
  if (open !== undefined) {
    const about = subject[0] === 'charter' ? 'the charter' : `${subject[0]} ${subject[1]}`;
    throw conflict(`proposal ${open.id} (${open.type}) about ${about} is still open until ${open.deadline}; finalize it before opening another`);
  }
}

/** The ADMIT_MEMBER proposal of an org's latest application. */
async function latestAdmission(ctx: CertledgerContext, mspId: string): Promise<StoredProposal | undefined> {
  const admissions = (await proposalsAbout(ctx, ['member', mspId])).filter((p) => p.type === 'ADMIT_MEMBER');
  admissions.sort((a, b) => (a.openedAt === b.openedAt ? (a.id < b.id ? -1 : 1) : a.openedAt < b.openedAt ? -1 : 1));
  return admissions[admissions.length - 1];
}

/**
 * VALID or SUSPENDED certificates issued by `mspId`, counted through the certificate contract's
 * index (certificate.issuer [issuer, certNo] → certificate [certNo]).
 */
async function liveCertificateCount(ctx: CertledgerContext, mspId: string): Promise<number> {
  let live = 0;
  for (const { parts } of await ctx.state.list(Keys.certificateByIssuer, [mspId])) {
    const certificate = await ctx.state.get<Certificate>(Keys.certificate, [keyPartAt(parts, 1)]);
    if (certificate !== undefined && certificate.issuer === mspId && (certificate.status === 'VALID' || certificate.status === 'SUSPENDED')) {
      live += 1;
    }
  }
  return live;
}
