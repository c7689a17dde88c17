// The member lifecycle and the node join/exit rules 1–7 of docs/architecture.md §5 [BSC 5.4] as pure checks.

import { HEX64 } from '../api/values';
import { createHash, X509Certificate } from 'node:crypto';
import { conflict, forbidden, invalidArgument, notFound, preconditionFailed } from '../shared/errors';
import { checkCredentialForms } from './credentials';
import { addSeconds, parseIso } from './time';
import { Charter, Member, MEMBER_ROLES, MEMBER_STATUSES, MemberRole, MemberStatus, NetworkNode, Proposal, ProposalType } from './types';

/** The allowed member transitions; anything else is a CONFLICT. EXITED, EXPELLED and REJECTED are final. */
export const MEMBER_TRANSITIONS: Readonly<Record<MemberStatus, readonly MemberStatus[]>> = Object.freeze({
  APPLIED: ['APPROVED', 'REJECTED'],
  APPROVED: ['ACTIVE'],
  ACTIVE: ['EXITING', 'SUSPENDED', 'EXPELLED'],
  SUSPENDED: ['ACTIVE', 'EXPELLED'],
  // a member serving its notice can still be expelled; it cannot slip out of an expulsion by leaving
  EXITING: ['EXITED', 'EXPELLED'],
  EXITED: [],
  EXPELLED: [],
  REJECTED: [],
});

/** Moves a member to `to`, recording when: activeSince on first activation, exitRequestedAt, leftAt. */
export function transitionMember(member: Member, to: MemberStatus, now: string): Member {
  if (!(MEMBER_STATUSES as readonly unknown[]).includes(to)) {
    throw invalidArgument('status', `must be one of ${MEMBER_STATUSES.join(', ')}, got ${JSON.stringify(to)}`);
  }
  parseIso(now, 'now');
  const allowedFrom = MEMBER_STATUSES.filter((from) => MEMBER_TRANSITIONS[from].includes(to));
  if (!MEMBER_TRANSITIONS[member.status].includes(to)) {
    const from = allowedFrom.length > 0 ? `only from ${allowedFrom.join(' or ')}` : 'from no status';
    throw conflict(`member ${member.mspId} is ${member.status}; a change to ${to} is allowed ${from}`);
  }
  const next: Member = { ...structuredClone(member), status: to, statusSince: now };
  // reinstatement after a suspension keeps the original activeSince: membership was not interrupted
  if (to === 'ACTIVE' && member.status === 'APPROVED') next.activeSince = now;
  if (to === 'EXITING') next.exitRequestedAt = now;
  if (to === 'EXITED' || to === 'EXPELLED') next.leftAt = now;
  return next;
}

/** Each credential the charter requires of `role` is given and non-empty, and each given one is well formed (credentials.ts). */
export function checkAdmissionCredentials(role: MemberRole, given: unknown, charter: Charter): void {
  if (!(MEMBER_ROLES as readonly unknown[]).includes(role)) {
    throw invalidArgument('role', `must be one of ${MEMBER_ROLES.join(', ')}, got ${JSON.stringify(role)}`);
  }
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw invalidArgument('credentials', 'must be an object of credential name → value');
  }
  const credentials = given as Readonly<Record<string, unknown>>;
  for (const name of charter.admissionRequirements[role]) {
    const value = Object.prototype.hasOwnProperty.call(credentials, name) ? credentials[name] : undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      throw invalidArgument(
        `credentials.${name}`,
        `is required of a ${role} member by charter v${charter.version} ` +
          `(required: ${charter.admissionRequirements[role].join(', ')})`,
      );
    }
  }
  checkCredentialForms(credentials);
}

/**
 * The generic proposal check behind rules 1, 3, 5 and 6: there is a proposal, of `type`, APPROVED,
 * and (when `target` is given) about `target`.
 */
export function checkProposalApproved(
  proposal: Proposal | undefined,
  type: ProposalType,
  target?: string,
): asserts proposal is Proposal {
  const about = target === undefined ? '' : ` for ${target}`;
  if (proposal === undefined) throw preconditionFailed(`no ${type} proposal${about} exists; it must be proposed and APPROVED first`);
  if (proposal.type !== type) {
    throw preconditionFailed(`proposal ${proposal.id} is a ${proposal.type} proposal; this change needs an APPROVED ${type} proposal`);
  }
  if (proposal.status !== 'APPROVED') {
    throw preconditionFailed(`proposal ${proposal.id} is ${proposal.status}; this change needs it APPROVED`);
  }
  if (target !== undefined && proposal.target !== target) {
    throw preconditionFailed(`proposal ${proposal.id} is about ${proposal.target ?? 'no member'}, not ${target}`);
  }
}

/** Rule 1: a new org's channel config update is prepared only for an APPROVED member under an APPROVED ADMIT_MEMBER proposal. */
export function checkOrgJoinPreparation(member: Member | undefined, proposal: Proposal | undefined): void {
  if (member === undefined) throw preconditionFailed('the organisation has no member record; it must apply and be admitted first');
  checkProposalApproved(proposal, 'ADMIT_MEMBER', member.mspId);
  if (member.status !== 'APPROVED') {
    throw conflict(`member ${member.mspId} is ${member.status}; the channel config update is prepared only for an APPROVED member`);
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function parseCertificates(pem: unknown, field: string): X509Certificate[] {
  if (typeof pem !== 'string') throw invalidArgument(field, 'must be a PEM certificate');
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw invalidArgument(field, 'holds no PEM "BEGIN CERTIFICATE" block');
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw invalidArgument(blocks.length > 1 ? `${field}.${i}` : field, 'is not a parseable X.509 certificate');
    }
  });
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

function validAt(cert: X509Certificate, nowMs: number): boolean {
  return Date.parse(cert.validFrom) <= nowMs && nowMs <= Date.parse(cert.validTo);
}

/**
 * Rule 2: a peer is registered by its owner — ACTIVE, or APPROVED when this is the peer whose
 * registration makes it ACTIVE — and its TLS certificate chains to the TLS root the member
 * registered, directly or through one intermediate CA given after the leaf in `tlsCertPem`.
 * With `now` the certificates must also be within their validity. Returns the SHA-256 fingerprint
 * of the leaf's DER (lowercase hex), the value peers are identified by.
 */
export function checkPeerRegistration(input: {
  owner: Member | undefined;
  callerMsp: string;
  tlsCertPem: string;
  now?: string;
}): { fingerprint: string } {
  const { owner, callerMsp, tlsCertPem } = input;
  const certs = parseCertificates(tlsCertPem, 'tlsCertPem');
  if (certs.length > 2) throw invalidArgument('tlsCertPem', 'give the peer TLS certificate and at most one intermediate CA');
  if (owner === undefined) throw forbidden(`${callerMsp} is not a consortium member; only members register peers`);
  if (owner.status !== 'ACTIVE' && owner.status !== 'APPROVED') {
    throw forbidden(`member ${owner.mspId} is ${owner.status}; peers are registered only by an ACTIVE (or newly APPROVED) member`);
  }
  if (callerMsp !== owner.mspId) throw forbidden(`${callerMsp} cannot register a peer of ${owner.mspId}; only the owner can`);

  let roots: X509Certificate[];
  try {
    roots = parseCertificates(owner.tlsRootPem, 'member.tlsRootPem');
  } catch {
    throw preconditionFailed(`member ${owner.mspId} has no usable TLS root certificate on record; it must be corrected first`);
  }
  const [leaf, intermediate] = certs as [X509Certificate, X509Certificate | undefined];
  const chains = roots.some((root) =>
    intermediate === undefined
      ? issuedBy(leaf, root)
      : intermediate.ca && issuedBy(leaf, intermediate) && issuedBy(intermediate, root),
  );
  if (!chains) {
    throw forbidden(
      `the TLS certificate (issuer ${leaf.issuer.replace(/\n/g, ', ')}) does not chain to the TLS root ${owner.mspId} registered; ` +
        'issue it from that CA',
    );
  }
  if (input.now !== undefined) {
    const nowMs = parseIso(input.now, 'now');
    for (const cert of certs) {
      if (!validAt(cert, nowMs)) {
        throw invalidArgument('tlsCertPem', `a certificate is not valid at ${input.now} (valid ${cert.validFrom} to ${cert.validTo})`);
      }
    }
  }
  return { fingerprint: createHash('sha256').update(leaf.raw).digest('hex') };
}

/** The member statuses whose admin may take one of its peers out of service (rule 2). */
export const PEER_REMOVAL_STATUSES: readonly MemberStatus[] = Object.freeze(['ACTIVE', 'EXITING']);

/**
 * Rule 2, its inverse: a peer is removed only by its owner — ACTIVE, or EXITING and retiring its
 * peers during the notice period — and only a peer (orderers leave by a REMOVE_ORDERER proposal)
 * that is still ACTIVE. An ACTIVE member keeps at least one ACTIVE peer: `activePeersOfOwner`
 * counts the owner's ACTIVE peers, this one included.
 */
export function checkPeerRemoval(input: {
  member: Member | undefined;
  callerMsp: string;
  nodeId: string;
  node: NetworkNode | undefined;
  activePeersOfOwner: number;
}): void {
  const { member, callerMsp, nodeId, node, activePeersOfOwner } = input;
  if (member === undefined) throw forbidden(`${callerMsp} is not a consortium member; only members remove peers`);
  if (!PEER_REMOVAL_STATUSES.includes(member.status)) {
    throw forbidden(`member ${member.mspId} is ${member.status}; peers are removed only by an ACTIVE (or EXITING) member`);
  }
  if (node === undefined) throw notFound(`node ${nodeId}`);
  if (node.type !== 'PEER') {
    throw invalidArgument('nodeId', `node ${node.nodeId} is a ${node.type}; an orderer leaves only under an APPROVED REMOVE_ORDERER proposal`);
  }
  if (node.owner !== callerMsp) {
    throw forbidden(`peer ${node.nodeId} belongs to ${node.owner}; ${callerMsp} cannot remove it, only its owner can`);
  }
  if (node.status !== 'ACTIVE') throw conflict(`peer ${node.nodeId} is already ${node.status}`);
  if (!Number.isSafeInteger(activePeersOfOwner) || activePeersOfOwner < 1) {
    throw invalidArgument('activePeersOfOwner', `must be a positive integer (the ACTIVE peer being removed counts), got ${activePeersOfOwner}`);
  }
  if (member.status === 'ACTIVE' && activePeersOfOwner === 1) {
    throw preconditionFailed(
      `peer ${node.nodeId} is the last ACTIVE peer of ${member.mspId}; an ACTIVE member keeps one — register another peer first, or request an exit`,
    );
  }
}

/** Rule 3: consenters change only under an APPROVED proposal naming the node, and never below the charter minimum. */
export function checkOrdererChange(input: {
  proposal: Proposal | undefined;
  type: string;
  nodeId: string;
  activeOrderers: number;
  charter: Charter;
}): void {
  const { proposal, type, nodeId, activeOrderers, charter } = input;
  if (type !== 'ADD_ORDERER' && type !== 'REMOVE_ORDERER') {
    throw invalidArgument('type', `must be ADD_ORDERER or REMOVE_ORDERER, got ${JSON.stringify(type)}`);
  }
  if (typeof nodeId !== 'string' || nodeId.trim() === '') throw invalidArgument('nodeId', 'is required');
  if (!Number.isSafeInteger(activeOrderers) || activeOrderers < 0) {
    throw invalidArgument('activeOrderers', `must be a non-negative integer, got ${activeOrderers}`);
  }
  checkProposalApproved(proposal, type);
  const named = proposal.payload.nodeId;
  if (named !== nodeId) {
    throw preconditionFailed(
      `proposal ${proposal.id} approves ${type} for node ${JSON.stringify(named)}, not ${nodeId}`,
    );
  }
  if (type === 'REMOVE_ORDERER' && activeOrderers - 1 < charter.minOrderers) {
    throw preconditionFailed(
      `removing orderer ${nodeId} would leave ${activeOrderers - 1} orderers; the charter minimum is ${charter.minOrderers} — add one first`,
    );
  }
}

/**
 * Rule 4: an EXITING member completes its exit once the notice period has run, it has no live
 * certificates left (holders are never stranded), and the rule 7 minimums still hold.
 */
export function checkCompleteExit(input: {
  member: Member;
  liveCertificates: number;
  now: string;
  charter: Charter;
  activeMembersAfter: number;
  activeOrderersAfter: number;
}): void {
  const { member, liveCertificates, now, charter } = input;
  if (member.status !== 'EXITING') {
    throw conflict(`member ${member.mspId} is ${member.status}; completing an exit is allowed only from EXITING (request it first)`);
  }
  const requested = member.exitRequestedAt ?? member.statusSince;
  const noticeEnds = addSeconds(requested, charter.exitNoticeSeconds);
  if (parseIso(now, 'now') < parseIso(noticeEnds)) {
    throw preconditionFailed(`the exit notice period of ${member.mspId} runs until ${noticeEnds}; complete the exit after then`);
  }
  if (!Number.isSafeInteger(liveCertificates) || liveCertificates < 0) {
    throw invalidArgument('liveCertificates', `must be a non-negative integer, got ${liveCertificates}`);
  }
  if (liveCertificates > 0) {
    throw preconditionFailed(
      `${member.mspId} still has ${liveCertificates} VALID or SUSPENDED certificate${liveCertificates === 1 ? '' : 's'}; ` +
        'transfer them to another body or cancel them before completing the exit',
    );
  }
  checkMinimums(input);
}

/** Rule 6: a chaincode definition is approved only under an APPROVED APPROVE_CHAINCODE proposal for that exact digest and sequence. */
export function checkChaincodeApproval(proposal: Proposal | undefined, codeDigest: string, sequence: number): void {
  if (typeof codeDigest !== 'string' || !HEX64.pattern.test(codeDigest)) {
    throw invalidArgument('codeDigest', 'must be 64 lowercase hex characters (the digest of the built chaincode)');
  }
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw invalidArgument('sequence', `must be a positive integer, got ${sequence}`);
  }
  checkProposalApproved(proposal, 'APPROVE_CHAINCODE');
  const { id, payload } = proposal;
  if (payload.codeDigest !== codeDigest || payload.sequence !== sequence) {
    throw preconditionFailed(
      `proposal ${id} approves digest ${String(payload.codeDigest)} at sequence ${String(payload.sequence)}, ` +
        `not ${codeDigest} at sequence ${sequence}; members must approve this exact build`,
    );
  }
}

/** Rule 7: an exit (requested or completed) must not leave fewer ACTIVE members or orderers than the charter minimum. */
export function checkMinimums(input: { activeMembersAfter: number; activeOrderersAfter: number; charter: Charter }): void {
  const { activeMembersAfter, activeOrderersAfter, charter } = input;
  if (activeMembersAfter < charter.minActiveMembers) {
    throw preconditionFailed(
      `this would leave ${activeMembersAfter} ACTIVE members; the charter minimum is ${charter.minActiveMembers} — admit a member first`,
    );
  }
  if (activeOrderersAfter < charter.minOrderers) {
    throw preconditionFailed(
      `this would leave ${activeOrderersAfter} orderers; the charter minimum is ${charter.minOrderers} — add an orderer first`,
    );
  }
}

/** Only an ACTIVE member writes; every other status (including SUSPENDED and EXITING) is read-only. */
export function canWrite(member: Member | undefined): boolean {
  return member?.status === 'ACTIVE';
}

/** The state of the pause of writes the rules below read (shared/write-pause.ts stores it). */
export interface PauseState {
  paused: boolean;
  by: 'REGULATOR' | 'VOTE';
  source: string;
}

/**
 * The regulator pauses writes at once, as an emergency measure [BSC 6.2c 即时和应急处置], only
 * when the charter gives it that right; members can always pause by a PAUSE_WRITES vote.
 */
export function checkRegulatorPause(pause: PauseState | undefined, charter: Charter): void {
  if (!charter.regulatorMayPauseWrites) {
    throw forbidden(`charter v${charter.version} does not let the regulator pause writes (regulatorMayPauseWrites is false); open a PAUSE_WRITES proposal`);
  }
  if (pause?.paused === true) throw conflict(`writes are already paused (by ${pause.by === 'REGULATOR' ? 'the regulator' : 'proposal'} ${pause.source})`);
}

/** What the regulator paused, the regulator may resume; a pause the members voted is lifted only by their vote. */
export function checkRegulatorResume(pause: PauseState | undefined): void {
  if (pause?.paused !== true) throw conflict('writes are not paused; there is nothing to resume');
  if (pause.by === 'VOTE') {
    throw forbidden(`writes were paused by proposal ${pause.source}, a vote of the members; only an APPROVED RESUME_WRITES proposal resumes them`);
  }
}

/** A PAUSE_WRITES proposal opens unless the members have already voted a pause; RESUME_WRITES only while paused. */
export function checkPauseProposal(type: 'PAUSE_WRITES' | 'RESUME_WRITES', pause: PauseState | undefined): void {
  if (type === 'PAUSE_WRITES' && pause?.paused === true && pause.by === 'VOTE') {
    throw conflict(`writes are already paused by proposal ${pause.source}`);
  }
  if (type === 'RESUME_WRITES' && pause?.paused !== true) throw conflict('writes are not paused; a RESUME_WRITES proposal has nothing to resume');
}
