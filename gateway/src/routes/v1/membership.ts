// /v1/charter, members, proposals, nodes and chaincode approvals: the membership contract, one
// route per function (initConsortium excepted: the operator's bootstrap script runs it once).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { EmptyBody, ERRORS, IdempotencyHeaders, PageSize, evaluate, submit, submitted } from './call';
import { Hex64, Time } from '../../schemas/values';

const MspId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9.-]*$', description: 'an MSP ID, e.g. Cb1MSP' });
const ProposalId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$' });
const NodeId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
const ProposalType = Type.Union(['ADMIT_MEMBER', 'EXPEL_MEMBER', 'SUSPEND_MEMBER', 'REINSTATE_MEMBER', 'AMEND_CHARTER', 'ADD_ORDERER', 'REMOVE_ORDERER', 'APPROVE_CHAINCODE', 'SUSPEND_ISSUING', 'REINSTATE_ISSUING', 'PAUSE_WRITES', 'RESUME_WRITES'].map((t) => Type.Literal(t)));
const ProposalStatus = Type.Union([Type.Literal('OPEN'), Type.Literal('APPROVED'), Type.Literal('REJECTED')]);

const Fraction = Type.Object({ numerator: Type.Integer(), denominator: Type.Integer() });
// Calendar periods in Asia/Shanghai dates, or exact seconds after T (docs/contracts.md §1.7).
const Duration = Type.String({ description: 'ISO-8601 duration, e.g. P6M, P3Y, PT30S' });
export const Charter = Type.Object({
  version: Type.Integer(),
  quorum: Type.Object({ admission: Fraction, expulsion: Fraction, charterChange: Fraction, other: Fraction }),
  votingPeriodSeconds: Type.Integer(),
  exitNoticeSeconds: Type.Integer(),
  minActiveMembers: Type.Integer(),
  minOrderers: Type.Integer(),
  admissionRequirements: Type.Record(Type.String(), Type.Array(Type.String())),
  auditorWorkload: Type.Object({ windowSeconds: Type.Integer(), maxManDays: Type.Number() }),
  durations: Type.Object({
    maxSuspension: Duration,
    surveillanceInterval: Duration,
    maxValidity: Type.Record(Type.String(), Duration, { description: 'per scheme (QMS … OTHER)' }),
    transferWindow: Duration,
  }),
  maxClockSkewSeconds: Type.Integer(),
  measuresNeedingVote: Type.Array(Type.String()),
  issueBar: Type.Object({ afterWithdrawal: Type.String(), withdrawalReasonCodes: Type.Array(Type.String()) }),
  minSurveillancesPerCycle: Type.Integer(),
  inspection: Type.Object({ commitPeriodSeconds: Type.Integer(), revealPeriodSeconds: Type.Integer(), minOtherReveals: Type.Integer() }),
  regulatorMayPauseWrites: Type.Boolean(),
});
const Member = Type.Object({
  mspId: Type.String(),
  name: Type.String(),
  role: Type.String(),
  status: Type.String(),
  caRootPem: Type.String(),
  tlsRootPem: Type.String(),
  credentials: Type.Record(Type.String(), Type.String()),
  appliedAt: Type.String(),
  statusSince: Type.String(),
  activeSince: Type.Optional(Type.String()),
  exitRequestedAt: Type.Optional(Type.String()),
  leftAt: Type.Optional(Type.String()),
  issuingSuspension: Type.Optional(Type.Object({
    reasonCode: Type.String(), reason: Type.String(), since: Type.String(), until: Type.Optional(Type.String()), by: Type.String(), txId: Type.String(),
    proposalId: Type.Optional(Type.String()),
  })),
});
export const Node = Type.Object({
  nodeId: Type.String(), owner: Type.String(), type: Type.String(), endpoint: Type.String(), tlsCertFingerprint: Type.String(),
  status: Type.String(), registeredAt: Type.String(), removedAt: Type.Optional(Type.String()),
});
const Tally = Type.Object({
  electorate: Type.Integer(), yes: Type.Integer(), no: Type.Integer(), abstain: Type.Integer(), notVoted: Type.Integer(), required: Type.Integer(), approved: Type.Boolean(),
});
const Proposal = Type.Object({
  id: Type.String(),
  type: Type.String(),
  target: Type.Optional(Type.String()),
  // type-specific (a member, a charter, an orderer, a build): documented in docs/contracts.md §4.5
  payload: Type.Unknown(),
  proposer: Type.String(),
  openedAt: Type.String(),
  deadline: Type.String(),
  electorate: Type.Array(Type.String()),
  status: Type.String(),
  decidedAt: Type.Optional(Type.String()),
  tally: Type.Optional(Tally),
  charterVersion: Type.Integer(),
});
export const WritePause = Type.Object({
  paused: Type.Boolean(),
  by: Type.Optional(Type.Union([Type.Literal('REGULATOR'), Type.Literal('VOTE')])),
  source: Type.Optional(Type.String({ description: 'the regulator member, or the proposal id' })),
  reason: Type.Optional(Type.String()),
  since: Type.Optional(Type.String()),
  txId: Type.Optional(Type.String()),
});
const Vote = Type.Object({ proposalId: Type.String(), mspId: Type.String(), choice: Type.String(), castBy: Type.String(), castAt: Type.String() });

const ProposalBody = Type.Object({
  id: ProposalId,
  type: ProposalType,
  target: Type.Optional(MspId),
  payload: Type.Object({}, { additionalProperties: true, description: 'depends on type (docs/contracts.md §4.5): {member}, {reason}, {charter}, {nodeId, endpoint, tlsCertPem}, {nodeId, endpoint?}, {codeDigest, sequence, version}; SUSPEND_ISSUING {reason: code or {code, note}}; PAUSE_WRITES and RESUME_WRITES: {reason}' }),
}, { additionalProperties: false });

const MspParams = Type.Object({ mspId: MspId });
const Reason = Type.String({ minLength: 1, maxLength: 1024 });
const IssuingReason = Type.Union([
  Type.String({ minLength: 4, maxLength: 1024, description: 'an issuing-suspension code (CB01–CB99), optionally followed by a note' }),
  Type.Object({ code: Type.String({ pattern: '^CB\\d{2}$' }), note: Type.Optional(Type.String({ maxLength: 1024 })) }, { additionalProperties: false }),
]);
const ProposalParams = Type.Object({ id: ProposalId });
const tags = ['membership'];
const security = [{ apiKey: [] }];

export default async function membershipRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/charter', {
    schema: { tags, security, summary: 'The charter in force', response: { 200: Charter, ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.membership.getCharter(me)));

  app.get('/members', {
    schema: { tags, security, summary: 'Every member, in every status', response: { 200: Type.Array(Member), ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.membership.listMembers(me)));

  app.get('/members/:mspId', {
    schema: { tags, security, summary: 'One member', params: MspParams, response: { 200: Member, ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.membership.getMember(me, request.params.mspId)));

  app.get('/members/:mspId/join-check', {
    schema: { tags, security, summary: 'Rule 1: the data a channel configuration update needs for an APPROVED applicant', params: MspParams,
      response: { 200: Type.Object({ mspId: Type.String(), name: Type.String(), role: Type.String(), proposalId: Type.Optional(Type.String()), caRootPem: Type.String(), tlsRootPem: Type.String() }), ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.membership.checkOrgJoin(me, request.params.mspId)));

  // No body: the caller's own organisation is the subject (send no Content-Type, or {}; any field is refused).
  app.post('/members/self/exit-request', {
    schema: { tags, security, summary: 'Rule 4: give notice that the caller\'s organisation leaves (ACTIVE → EXITING)', headers: IdempotencyHeaders, body: EmptyBody,
      response: { 200: submitted(Type.Object({ member: Member, noticeEnds: Type.String() })), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.membership.requestExit(me), { businessEvent: 'member_exit_requested' }));

  app.post('/members/self/exit-completion', {
    schema: { tags, security, summary: 'Rule 4: leave once the notice period is over and no certificate is live (EXITING → EXITED)', headers: IdempotencyHeaders, body: EmptyBody,
      response: { 200: submitted(Type.Object({ member: Member, removedNodes: Type.Array(Type.String()) })), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.membership.completeExit(me), { businessEvent: 'member_exited' }));

  // The regulator's administrative measures (docs/contracts.md §4.4): without a vote unless the charter's
  // measuresNeedingVote lists them.
  app.post('/members/:mspId/issuing-suspension', {
    schema: { tags, security, summary: 'The regulator suspends a certification body\'s right to issue (an administrative measure)', headers: IdempotencyHeaders, params: MspParams,
      body: Type.Object({ reason: IssuingReason, until: Type.Optional(Time) }, { additionalProperties: false }),
      response: { 200: submitted(Member), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.membership.suspendIssuing(me, request.params.mspId, request.body), { businessEvent: 'issuing_suspended' }));

  app.post('/members/:mspId/issuing-reinstatement', {
    schema: { tags, security, summary: 'The regulator lifts its suspension of a body\'s right to issue', headers: IdempotencyHeaders, params: MspParams,
      body: Type.Object({ note: Reason }, { additionalProperties: false }), response: { 200: submitted(Member), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.membership.reinstateIssuing(me, request.params.mspId, request.body.note), { businessEvent: 'issuing_reinstated' }));

  app.post('/members/:mspId/suspension', {
    schema: { tags, security, summary: 'The regulator suspends a member alone (only when the charter does not list SUSPEND_MEMBER in measuresNeedingVote)', headers: IdempotencyHeaders, params: MspParams,
      body: Type.Object({ reason: Reason }, { additionalProperties: false }), response: { 200: submitted(Member), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.membership.suspendMember(me, request.params.mspId, request.body.reason), { businessEvent: 'member_suspended' }));

  app.post('/members/:mspId/reinstatement', {
    schema: { tags, security, summary: 'The regulator reinstates a SUSPENDED member alone (only when the charter does not list REINSTATE_MEMBER)', headers: IdempotencyHeaders, params: MspParams,
      body: Type.Object({ reason: Reason }, { additionalProperties: false }), response: { 200: submitted(Member), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.membership.reinstateMember(me, request.params.mspId, request.body.reason), { businessEvent: 'member_reinstated' }));

  app.post('/proposals', {
    schema: { tags, security, summary: 'Open a proposal for the ACTIVE members to vote on', headers: IdempotencyHeaders, body: ProposalBody,
      response: { 201: submitted(Proposal), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.membership.openProposal(me, request.body), { statusCode: 201, businessEvent: 'proposal_opened' }));

  app.post('/proposals/:id/votes', {
    schema: { tags, security, summary: 'Cast (or replace) the caller\'s member\'s vote', headers: IdempotencyHeaders, params: ProposalParams,
      body: Type.Object({ choice: Type.Union([Type.Literal('YES'), Type.Literal('NO'), Type.Literal('ABSTAIN')]) }, { additionalProperties: false }),
      response: { 201: submitted(Type.Object({ ...Vote.properties, previousChoice: Type.Optional(Type.String()) })), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.membership.vote(me, request.params.id, request.body.choice), { statusCode: 201, businessEvent: 'vote_cast' }));

  app.post('/proposals/:id/finalize', {
    schema: { tags, security, summary: 'Count the votes after the deadline and apply an approved proposal\'s effect', headers: IdempotencyHeaders, params: ProposalParams, body: EmptyBody,
      response: { 200: submitted(Type.Object({ proposal: Proposal, effect: Type.Unknown() })), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.membership.finalizeProposal(me, request.params.id), { businessEvent: 'proposal_decided' }));

  app.get('/proposals/:id', {
    schema: { tags, security, summary: 'A proposal with its votes and tally', params: ProposalParams,
      response: { 200: Type.Object({ proposal: Proposal, votes: Type.Array(Vote), tally: Tally }), ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.membership.getProposal(me, request.params.id)));

  app.get('/proposals', {
    schema: { tags, security, summary: 'Proposals of one status (all when none is given), a page at a time',
      querystring: Type.Object({ status: Type.Optional(ProposalStatus), pageSize: PageSize, bookmark: Type.String({ maxLength: 1024, default: '' }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Proposal), bookmark: Type.String() }), ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.membership.listProposals(me, request.query)));

  app.post('/nodes/peers', {
    schema: { tags, security, summary: 'Rule 2: register one of the caller\'s own peers (an APPROVED member becomes ACTIVE)', headers: IdempotencyHeaders,
      body: Type.Object({
        nodeId: NodeId,
        endpoint: Type.String({ maxLength: 260, pattern: '^[A-Za-z0-9][A-Za-z0-9.-]*:\\d{1,5}$', description: 'host:port' }),
        tlsCertPem: Type.String({ minLength: 1, maxLength: 16384, description: 'the peer\'s TLS certificate, optionally followed by one intermediate CA' }),
      }, { additionalProperties: false }),
      response: { 201: submitted(Type.Object({ node: Node, memberAdmitted: Type.Boolean(), memberStatus: Type.String() })), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.membership.registerPeer(me, request.body), { statusCode: 201, businessEvent: 'peer_registered' }));

  // No body: the path names the peer, and the caller's own organisation must own it. A POST, not a
  // DELETE, like every write here: it carries an Idempotency-Key, and the node is kept as REMOVED.
  app.post('/nodes/peers/:nodeId/removal', {
    schema: { tags, security, summary: 'Rule 2: take one of the caller\'s own peers out of service (ACTIVE or EXITING member; an ACTIVE member keeps one ACTIVE peer)',
      description: 'membership:removePeer. The peer is kept on the ledger with status REMOVED and removedAt. 403: not an admin, not the owner, or the member is neither ACTIVE nor EXITING; '
        + '400: the node is an orderer (orderers leave by a REMOVE_ORDERER proposal); 404: no such node; 409: already REMOVED; 412: the last ACTIVE peer of an ACTIVE member, or writes paused.',
      headers: IdempotencyHeaders, params: Type.Object({ nodeId: NodeId }), body: EmptyBody,
      response: { 200: submitted(Type.Object({ node: Node })), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.membership.removePeer(me, request.params.nodeId), { businessEvent: 'peer_removed' }));

  app.get('/nodes', {
    schema: { tags, security, summary: 'The nodes of one member (every node when mspId is not given)',
      querystring: Type.Object({ mspId: Type.Optional(MspId) }, { additionalProperties: false }), response: { 200: Type.Array(Node), ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.membership.listNodes(me, request.query.mspId)));

  app.get('/nodes/:nodeId', {
    schema: { tags, security, summary: 'One node', params: Type.Object({ nodeId: NodeId }), response: { 200: Node, ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.membership.getNode(me, request.params.nodeId)));

  // The pause of writes [BSC 6.2c, 6.4]: the regulator's emergency measure (when the charter allows
  // it); members pause and resume by PAUSE_WRITES / RESUME_WRITES proposals.
  app.post('/writes/pause', {
    schema: { tags, security, summary: 'The regulator pauses every write but governance, takedowns and the resumption (charter regulatorMayPauseWrites)', headers: IdempotencyHeaders,
      body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false }), response: { 200: submitted(WritePause), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.membership.pauseWrites(me, request.body.reason), { businessEvent: 'writes_paused' }));

  app.post('/writes/resume', {
    schema: { tags, security, summary: 'The regulator lifts its own pause (a voted pause is lifted by a RESUME_WRITES proposal)', headers: IdempotencyHeaders,
      body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false }), response: { 200: submitted(WritePause), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.membership.resumeWrites(me, request.body.reason), { businessEvent: 'writes_resumed' }));

  app.get('/writes/pause', {
    schema: { tags, security, summary: 'Whether writes are paused, by whom and why', response: { 200: WritePause, ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.membership.getWritePause(me)));

  app.get('/chaincode/approvals', {
    schema: { tags, security, summary: 'Rule 6: is this chaincode build (code digest, definition sequence) approved?',
      querystring: Type.Object({ codeDigest: Hex64, sequence: Type.String({ pattern: '^[1-9][0-9]{0,14}$', description: 'the chaincode definition sequence, a positive whole number' }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ approved: Type.Boolean(), proposalId: Type.Union([Type.String(), Type.Null()]), codeDigest: Type.String(), sequence: Type.Integer() }), ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.membership.isChaincodeApproved(me, request.query)));

  app.get('/chaincode/digest', {
    schema: { tags, security, summary: 'Rule 6: the digest of the chaincode build this member\'s peer runs',
      response: { 200: Type.Object({ available: Type.Boolean(), algorithm: Type.Optional(Type.String()), digest: Type.Optional(Type.String()), files: Type.Optional(Type.Integer()), reason: Type.Optional(Type.String()) }), ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.membership.codeDigest(me)));
}
