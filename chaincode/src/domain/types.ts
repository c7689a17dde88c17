// The records the three contracts keep in world state. Times are ISO-8601 UTC strings taken from
// the transaction timestamp; durations are whole seconds (charter parameters).

export const HASH_ALGS = ['sha256', 'sm3'] as const;
export type HashAlg = (typeof HASH_ALGS)[number];

export interface Digest {
  alg: HashAlg;
  /** lowercase hex, 64 characters */
  value: string;
}

/** The key activities of a certification cycle [QMS-BC App. A; DIGI (一)], plus OTHER. */
export const EVIDENCE_KINDS = [
  'APPLICATION_REVIEW',
  'CONTRACT_REVIEW',
  'AUDIT_PROGRAMME',
  'AUDIT_PLAN',
  'AUDIT_TEAM',
  'STAGE1_AUDIT',
  'STAGE2_AUDIT',
  'AUDIT_REPORT',
  'NONCONFORMITY',
  'CORRECTIVE_ACTION',
  'CERTIFICATION_DECISION',
  'CERTIFICATE_ISSUE',
  'SURVEILLANCE',
  'RECERTIFICATION',
  'SUSPENSION',
  'WITHDRAWAL',
  'SCOPE_CHANGE',
  'TRANSFER',
  'OTHER',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const EVIDENCE_FORMS = ['digest', 'plaintext', 'private'] as const;
export type EvidenceForm = (typeof EVIDENCE_FORMS)[number];

export const NONCONFORMITY_SEVERITIES = ['MAJOR', 'MINOR'] as const;
export type NonconformitySeverity = (typeof NONCONFORMITY_SEVERITIES)[number];

export const DECISION_OUTCOMES = ['GRANT', 'REFUSE'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export interface EvidenceSubject {
  uscc?: string;
  certificateNo?: string;
  auditId?: string;
}

export interface Submitter {
  mspId: string;
  /** the X.509 subject DN of the signing identity */
  subject: string;
  /** SHA-256 of the DER certificate, lowercase hex */
  fingerprint: string;
}

export interface EvidenceRecord {
  id: string;
  clientRef: string;
  kind: EvidenceKind;
  subject: EvidenceSubject;
  digest: Digest;
  form: EvidenceForm;
  content?: string;
  uri?: string;
  supersedes?: string;
  /** NONCONFORMITY only */
  severity?: NonconformitySeverity;
  /** CORRECTIVE_ACTION only: id of the NONCONFORMITY record it closes */
  closes?: string;
  /** CERTIFICATION_DECISION only */
  decision?: DecisionOutcome;
  submitter: Submitter;
  txId: string;
  timestamp: string;
  /** set when the regulator took the content down (domain/takedown.ts): `content` is gone, the digest stays */
  takedown?: Takedown;
}

/** A regulator-approved takedown of a record's content [BSC 6.2c]. */
export interface Takedown {
  /** the regulator's reason */
  reason: string;
  /** MSP ID of the regulator member that approved it */
  approvedBy: string;
  at: string;
  txId: string;
  /** when it answered the submitter's request */
  requestedBy?: string;
  requestReason?: string;
}

export const AUDIT_TYPES = ['STAGE1', 'STAGE2', 'SURVEILLANCE', 'RECERTIFICATION', 'TRANSFER', 'SPECIAL'] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

export interface Audit {
  auditId: string;
  type: AuditType;
  uscc: string;
  certificateNo?: string;
  /** ISO dates (YYYY-MM-DD), inclusive */
  startDate: string;
  endDate: string;
  manDays: number;
  /** CCAA registration numbers */
  auditors: string[];
  body: string; // MSP ID of the certification body that ran it
  txId: string;
  timestamp: string;
}

export const SCHEMES = [
  'QMS', 'EMS', 'OHSMS', 'ISMS', 'ITSMS', 'EnMS', 'FSMS', 'HACCP', 'SERVICE', 'PRODUCT', 'OTHER',
] as const;
export type Scheme = (typeof SCHEMES)[number];

/** Management-system schemes: validity capped by the charter (3 years by default). */
export const MANAGEMENT_SYSTEM_SCHEMES: readonly Scheme[] = ['QMS', 'EMS', 'OHSMS', 'ISMS', 'ITSMS', 'EnMS', 'FSMS', 'HACCP'];

export const CERTIFICATE_STATUSES = ['VALID', 'SUSPENDED', 'WITHDRAWN', 'CANCELLED', 'EXPIRED'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];
export const TERMINAL_STATUSES: readonly CertificateStatus[] = ['WITHDRAWN', 'CANCELLED', 'EXPIRED'];

export interface Organization {
  name: string;
  uscc: string;
  address: string;
  /** GB/T 2260 county-level (or prefecture/province) code */
  regionCode: string;
}

export interface StatusChange {
  status: CertificateStatus;
  reason: string;
  at: string;
  txId: string;
}

export interface Certificate {
  certificateNo: string;
  issuer: string;
  scheme: Scheme;
  standard: string;
  organization: Organization;
  scope: string;
  /** IAF sectors 1..39 */
  scopeCodes: number[];
  /** GB/T 4754-2017, 2 to 4 digits, normalised without the section letter */
  sectorCode: string;
  issuedAt: string;
  expiresAt: string;
  status: CertificateStatus;
  statusReason: string;
  statusSince: string;
  suspendedUntil?: string;
  lastSurveillanceAt?: string;
  evidenceIds: string[];
  transferredFrom?: { issuer: string; certificateNo: string };
  /** scope changes, oldest first */
  scopeHistory: { scope: string; scopeCodes: number[]; at: string; reason: string }[];
}

export const CREDIT_SEVERITIES = ['INFO', 'MINOR', 'SERIOUS'] as const;
export type CreditSeverity = (typeof CREDIT_SEVERITIES)[number];

export interface CreditEvent {
  id: string;
  uscc: string;
  type: string;
  severity: CreditSeverity;
  source: string;
  occurredAt: string;
  recordedBy: string;
  txId: string;
  timestamp: string;
  /** certificates suspended by this event (SERIOUS only) */
  suspended: string[];
}

export const ACCREDITATION_STATES = ['ACCREDITED', 'SUSPENDED', 'WITHDRAWN'] as const;
export type AccreditationState = (typeof ACCREDITATION_STATES)[number];

export interface Accreditation {
  body: string; // MSP ID of the certification body
  state: AccreditationState;
  recordedBy: string; // MSP ID of the accreditation body
  since: string;
  reason: string;
}

export const MEMBER_ROLES = ['REGULATOR', 'CERTIFICATION_BODY', 'ACCREDITATION_BODY', 'OBSERVER'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const MEMBER_STATUSES = [
  'APPLIED', 'APPROVED', 'ACTIVE', 'EXITING', 'EXITED', 'SUSPENDED', 'EXPELLED', 'REJECTED',
] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export interface Member {
  mspId: string;
  name: string;
  role: MemberRole;
  status: MemberStatus;
  caRootPem: string;
  tlsRootPem: string;
  /** e.g. cncaApprovalNo, accreditationNo for a certification body */
  credentials: Record<string, string>;
  appliedAt: string;
  statusSince: string;
  activeSince?: string;
  exitRequestedAt?: string;
  /** set when expelled or exited: its certificates become transferable without its consent */
  leftAt?: string;
}

export const NODE_TYPES = ['PEER', 'ORDERER'] as const;
export type NodeType = (typeof NODE_TYPES)[number];
export const NODE_STATUSES = ['ACTIVE', 'REMOVED'] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

export interface NetworkNode {
  nodeId: string;
  owner: string;
  type: NodeType;
  endpoint: string;
  tlsCertFingerprint: string;
  status: NodeStatus;
  registeredAt: string;
  removedAt?: string;
}

export const PROPOSAL_TYPES = [
  'ADMIT_MEMBER', 'EXPEL_MEMBER', 'SUSPEND_MEMBER', 'REINSTATE_MEMBER', 'AMEND_CHARTER',
  'ADD_ORDERER', 'REMOVE_ORDERER', 'APPROVE_CHAINCODE',
  // the charter-governed pause of writes [BSC 6.2c, 6.4] (shared/write-pause.ts)
  'PAUSE_WRITES', 'RESUME_WRITES',
] as const;
export type ProposalType = (typeof PROPOSAL_TYPES)[number];
export const PROPOSAL_STATUSES = ['OPEN', 'APPROVED', 'REJECTED'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export interface Proposal {
  id: string;
  type: ProposalType;
  /** MSP ID the proposal is about (member proposals, orderer proposals) */
  target?: string;
  /** type-specific: AMEND_CHARTER → { charter }, ADD_ORDERER → { nodeId, endpoint, tlsCertFingerprint },
   *  APPROVE_CHAINCODE → { codeDigest, sequence, version } */
  payload: Record<string, unknown>;
  proposer: string;
  openedAt: string;
  deadline: string;
  /** MSP IDs of the ACTIVE members when the proposal opened (the target excluded for EXPEL) */
  electorate: string[];
  status: ProposalStatus;
  decidedAt?: string;
  tally?: Tally;
}

export const VOTE_CHOICES = ['YES', 'NO', 'ABSTAIN'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

export interface Vote {
  proposalId: string;
  mspId: string;
  choice: VoteChoice;
  castBy: string;
  castAt: string;
}

export interface Tally {
  electorate: number;
  yes: number;
  no: number;
  abstain: number;
  notVoted: number;
  required: number;
  approved: boolean;
}

export interface Fraction {
  numerator: number;
  denominator: number;
}

export interface Charter {
  version: number;
  quorum: {
    admission: Fraction;
    expulsion: Fraction;
    charterChange: Fraction;
    /** every other proposal type */
    other: Fraction;
  };
  votingPeriodSeconds: number;
  exitNoticeSeconds: number;
  minActiveMembers: number;
  minOrderers: number;
  /** credential names a member of each role must give at admission */
  admissionRequirements: Record<MemberRole, string[]>;
  auditorWorkload: {
    /** rolling window */
    windowSeconds: number;
    /** man-days in the window above which AuditorWorkloadExceeded is emitted */
    maxManDays: number;
  };
  durations: {
    maxSuspensionSeconds: number;
    surveillanceIntervalSeconds: number;
    maxValiditySeconds: number;
    transferWindowSeconds: number;
  };
  /** how far a transaction timestamp may be from the endorser's clock */
  maxClockSkewSeconds: number;
  /** random inspection by the multi-party draw (docs/random-inspection.md) */
  inspection: {
    /** from opening: other members commit to their secrets until then; the population is frozen at close */
    commitPeriodSeconds: number;
    /** from close: members reveal; then the regulator reveals within as long again */
    revealPeriodSeconds: number;
    /** members other than the regulator whose reveals a draw needs */
    minOtherReveals: number;
  };
  /** the regulator may pause every non-governance write at once, without a vote [BSC 6.2c, 6.4] */
  regulatorMayPauseWrites: boolean;
}
