// Parsing of the membership contract's untrusted JSON arguments.
import { HEX64 } from '../api/values';
import { X509Certificate } from 'node:crypto';
import { validateCharter } from '../domain/charter';
import { parseStatusReason, type StatusReason } from '../domain/dictionaries/reason-codes';
import { MEMBER_ROLES, NODE_TYPES, PROPOSAL_TYPES, type Charter, type Member, type MemberRole, type NodeType, type ProposalType } from '../domain/types';
import { keyPart, parseJsonArg, requireArray, requireEnum, requireInt, requireObject, requireString } from '../domain/validate';
import { invalidArgument } from '../shared/errors';

const MSP_ID = { max: 64, pattern: /^[A-Za-z][A-Za-z0-9.-]*$/, patternHint: 'letters, digits, . and - starting with a letter' };

export interface MemberInput {
  mspId: string;
  name: string;
  role: MemberRole;
  caRootPem: string;
  tlsRootPem: string;
  credentials: Record<string, string>;
}

export function requirePem(value: unknown, field: string): string {
  const pem = requireString(value, field, { max: 16 * 1024 });
  try {
    const cert = new X509Certificate(pem);
    if (!cert.ca) throw invalidArgument(field, 'must be a CA certificate (basicConstraints CA:TRUE)');
  } catch (error) {
    if (error instanceof Error && error.name === 'ChaincodeError') throw error;
    throw invalidArgument(field, 'must be a PEM X.509 certificate');
  }
  return pem;
}

export function parseMemberInput(value: unknown, field: string): MemberInput {
  const raw = requireObject(value, field, ['mspId', 'name', 'role', 'caRootPem', 'tlsRootPem', 'credentials']);
  const credentialsRaw = requireObject(raw.credentials ?? {}, `${field}.credentials`, [
    'cncaApprovalNo', 'accreditationNo', 'recognitionNo',
  ]);
  const credentials: Record<string, string> = {};
  for (const key of Object.keys(credentialsRaw).sort()) {
    credentials[key] = requireString(credentialsRaw[key], `${field}.credentials.${key}`, { max: 128 });
  }
  return {
    mspId: keyPart(requireString(raw.mspId, `${field}.mspId`, MSP_ID), `${field}.mspId`),
    name: requireString(raw.name, `${field}.name`, { max: 256 }),
    role: requireEnum(raw.role, `${field}.role`, MEMBER_ROLES),
    caRootPem: requirePem(raw.caRootPem, `${field}.caRootPem`),
    tlsRootPem: requirePem(raw.tlsRootPem, `${field}.tlsRootPem`),
    credentials,
  };
}

export interface FounderNodeInput {
  nodeId: string;
  type: NodeType;
  endpoint: string;
  tlsCertPem: string;
}

/** A founder is a member plus, optionally, the nodes it starts the network with. */
export type FounderInput = MemberInput & { nodes: FounderNodeInput[] };

export function parseFounders(arg: string): FounderInput[] {
  const founders = requireArray(parseJsonArg(arg, 'founders'), 'founders', { min: 1, max: 50 }).map((value, i) => {
    const field = `founders[${i}]`;
    const { nodes, ...member } = requireObject(value, field, ['mspId', 'name', 'role', 'caRootPem', 'tlsRootPem', 'credentials', 'nodes']);
    const parsedNodes = requireArray(nodes ?? [], `${field}.nodes`, { max: 20 }).map((node, j): FounderNodeInput => {
      const raw = requireObject(node, `${field}.nodes[${j}]`, ['nodeId', 'type', 'endpoint', 'tlsCertPem']);
      return {
        nodeId: parseNodeId(raw.nodeId, `${field}.nodes[${j}].nodeId`),
        type: requireEnum(raw.type, `${field}.nodes[${j}].type`, NODE_TYPES),
        endpoint: parseEndpoint(raw.endpoint, `${field}.nodes[${j}].endpoint`),
        tlsCertPem: parseTlsCertPem(raw.tlsCertPem, `${field}.nodes[${j}].tlsCertPem`),
      };
    });
    return { ...parseMemberInput(member, field), nodes: parsedNodes };
  });
  const ids = founders.map((f) => f.mspId);
  if (new Set(ids).size !== ids.length) throw invalidArgument('founders', 'lists the same mspId twice');
  return founders;
}

export function newMember(input: MemberInput, status: Member['status'], now: string): Member {
  return { ...input, status, appliedAt: now, statusSince: now, ...(status === 'ACTIVE' ? { activeSince: now } : {}) };
}

// ---- governance: proposals, votes, nodes ----

const PROPOSAL_ID = { max: 128, pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]*$/, patternHint: 'letters, digits, . _ : - (starting with a letter or digit)' };
const NODE_ID = { max: 128, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/, patternHint: 'letters, digits, . _ - (a host name such as peer0.ab.example.com)' };
const ENDPOINT = { max: 260, pattern: /^[A-Za-z0-9][A-Za-z0-9.-]*:\d{1,5}$/, patternHint: 'host:port (e.g. peer0.ab.example.com:7051)' };
const CHAINCODE_VERSION = { max: 64, pattern: /^[A-Za-z0-9][A-Za-z0-9._+-]*$/, patternHint: 'letters, digits, . _ + -' };
const CODE_DIGEST = { ...HEX64, patternHint: '64 lowercase hex characters (the digest of the built chaincode)' };
const REASON = { max: 1024 };
const PEM_MAX = 16 * 1024;

/** A reason or note in free text: required, not blank, at most 1,024 characters. */
export function parseReasonText(value: unknown, field: string): string {
  const text = requireString(value, field, REASON).trim();
  if (text === '') throw invalidArgument(field, 'is required (a non-empty text)');
  return text;
}

/** The reason for suspending a body's right to issue: an issuing-suspension code (CB01–CB99), with an optional note. */
export function parseIssuingReason(value: unknown, field = 'reason'): StatusReason {
  return parseStatusReason(value, field, 'ISSUING_SUSPENSION', { requireCode: true });
}

export function parseProposalId(value: unknown, field: string): string {
  return keyPart(requireString(value, field, PROPOSAL_ID), field);
}

export function parseMspId(value: unknown, field: string): string {
  return keyPart(requireString(value, field, MSP_ID), field);
}

export function parseNodeId(value: unknown, field: string): string {
  return keyPart(requireString(value, field, NODE_ID), field);
}

export function parseEndpoint(value: unknown, field: string): string {
  const endpoint = requireString(value, field, ENDPOINT);
  const port = Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
  if (port < 1 || port > 65535) throw invalidArgument(field, `has port ${port}; a port is from 1 to 65535`);
  return endpoint;
}

export function parseTlsCertPem(value: unknown, field: string): string {
  return requireString(value, field, { max: PEM_MAX });
}

export function parseCodeDigest(value: unknown, field: string): string {
  return requireString(value, field, CODE_DIGEST);
}

/** A chaincode definition sequence: a positive integer, given as a JSON number or a string of digits. */
export function parseSequence(value: unknown, field: string): number {
  if (typeof value === 'string') {
    if (!/^[1-9]\d{0,14}$/.test(value)) throw invalidArgument(field, `must be a positive whole number (the chaincode definition sequence); got ${JSON.stringify(value.slice(0, 40))}`);
    return requireInt(Number(value), field, { min: 1 });
  }
  return requireInt(value, field, { min: 1 });
}

export function parsePageSize(value: unknown, field = 'pageSize'): number {
  if (typeof value !== 'string' || !/^\d{1,4}$/.test(value)) throw invalidArgument(field, 'must be a whole number from 1 to 200');
  return requireInt(Number(value), field, { min: 1, max: 200 });
}

export type MemberActionType = 'EXPEL_MEMBER' | 'SUSPEND_MEMBER' | 'REINSTATE_MEMBER';

interface ProposalBase {
  id: string;
}

/** A proposal as the client asked for it, validated in shape; rules that need state come later. */
export type ProposalInput = ProposalBase & (
  | { type: 'ADMIT_MEMBER'; target: string; member: MemberInput }
  | { type: MemberActionType; target: string; reason: string }
  | { type: 'AMEND_CHARTER'; charter: Charter }
  | { type: 'ADD_ORDERER'; target: string; nodeId: string; endpoint: string; tlsCertPem: string }
  | { type: 'REMOVE_ORDERER'; target: string; nodeId: string; endpoint?: string }
  | { type: 'APPROVE_CHAINCODE'; codeDigest: string; sequence: number; version: string }
  | { type: 'SUSPEND_ISSUING'; target: string; reason: StatusReason }
  | { type: 'REINSTATE_ISSUING'; target: string; reason: string }
  | { type: 'PAUSE_WRITES' | 'RESUME_WRITES'; reason: string }
);

function noTarget(target: unknown, type: ProposalType): void {
  if (target !== undefined) throw invalidArgument('proposal.target', `is not used by a ${type} proposal; leave it out`);
}

export function parseProposalInput(arg: string): ProposalInput {
  const raw = requireObject(parseJsonArg(arg, 'proposal'), 'proposal', ['id', 'type', 'target', 'payload']);
  const id = parseProposalId(raw.id, 'proposal.id');
  const type = requireEnum(raw.type, 'proposal.type', PROPOSAL_TYPES);
  const target = raw.target === undefined ? undefined : parseMspId(raw.target, 'proposal.target');
  const requiredTarget = (): string => {
    if (target === undefined) throw invalidArgument('proposal.target', `is required for a ${type} proposal: the MSP ID of the member it is about`);
    return target;
  };
  switch (type) {
    case 'ADMIT_MEMBER': {
      const payload = requireObject(raw.payload, 'proposal.payload', ['member']);
      const member = parseMemberInput(payload.member, 'proposal.payload.member');
      if (target !== undefined && target !== member.mspId) {
        throw invalidArgument('proposal.target', `is ${target} but the applicant is ${member.mspId}; leave target out or make them equal`);
      }
      return { id, type, target: member.mspId, member };
    }
    case 'EXPEL_MEMBER':
    case 'SUSPEND_MEMBER':
    case 'REINSTATE_MEMBER': {
      const payload = requireObject(raw.payload, 'proposal.payload', ['reason']);
      return { id, type, target: requiredTarget(), reason: requireString(payload.reason, 'proposal.payload.reason', REASON) };
    }
    case 'SUSPEND_ISSUING': {
      const payload = requireObject(raw.payload, 'proposal.payload', ['reason']);
      return { id, type, target: requiredTarget(), reason: parseIssuingReason(payload.reason, 'proposal.payload.reason') };
    }
    case 'REINSTATE_ISSUING': {
      const payload = requireObject(raw.payload, 'proposal.payload', ['reason']);
      return { id, type, target: requiredTarget(), reason: parseReasonText(payload.reason, 'proposal.payload.reason') };
    }
    case 'AMEND_CHARTER': {
      noTarget(raw.target, type);
      const payload = requireObject(raw.payload, 'proposal.payload', ['charter']);
      return { id, type, charter: validateCharter(payload.charter, 'proposal.payload.charter') };
    }
    case 'ADD_ORDERER': {
      const payload = requireObject(raw.payload, 'proposal.payload', ['nodeId', 'endpoint', 'tlsCertPem']);
      return {
        id, type, target: requiredTarget(),
        nodeId: parseNodeId(payload.nodeId, 'proposal.payload.nodeId'),
        endpoint: parseEndpoint(payload.endpoint, 'proposal.payload.endpoint'),
        tlsCertPem: parseTlsCertPem(payload.tlsCertPem, 'proposal.payload.tlsCertPem'),
      };
    }
    case 'REMOVE_ORDERER': {
      const payload = requireObject(raw.payload, 'proposal.payload', ['nodeId', 'endpoint']);
      const input: ProposalInput = { id, type, target: requiredTarget(), nodeId: parseNodeId(payload.nodeId, 'proposal.payload.nodeId') };
      if (payload.endpoint !== undefined) input.endpoint = parseEndpoint(payload.endpoint, 'proposal.payload.endpoint');
      return input;
    }
    case 'APPROVE_CHAINCODE': {
      noTarget(raw.target, type);
      const payload = requireObject(raw.payload, 'proposal.payload', ['codeDigest', 'sequence', 'version']);
      return {
        id, type,
        codeDigest: parseCodeDigest(payload.codeDigest, 'proposal.payload.codeDigest'),
        sequence: parseSequence(payload.sequence, 'proposal.payload.sequence'),
        version: requireString(payload.version, 'proposal.payload.version', CHAINCODE_VERSION),
      };
    }
    case 'PAUSE_WRITES':
    case 'RESUME_WRITES': {
      noTarget(raw.target, type);
      const payload = requireObject(raw.payload, 'proposal.payload', ['reason']);
      const reason = requireString(payload.reason, 'proposal.payload.reason', REASON);
      if (reason.trim() === '') throw invalidArgument('proposal.payload.reason', 'is required (a non-empty text)');
      return { id, type, reason: reason.trim() };
    }
    default:
      throw invalidArgument('proposal.type', `unknown proposal type ${JSON.stringify(type)}`);
  }
}
