// The records the three contracts keep in world state. Times are ISO-8601 UTC strings taken from
// the transaction timestamp; durations are whole seconds, or ISO-8601 durations for the calendar
// periods of the certification rules (charter `durations`, time.ts parseDuration).

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

/** Where the audit was done; recertification must be on site (CNCA-QMS-01:2025 5.8.2). */
export const AUDIT_MODES = ['ON_SITE', 'REMOTE'] as const;
export type AuditMode = (typeof AUDIT_MODES)[number];
/** An auditor's part in an audit team: at most one LEADER (审核组长). */
export const AUDIT_ROLES = ['LEADER', 'MEMBER'] as const;
export type AuditRole = (typeof AUDIT_ROLES)[number];

/** One auditor of an audit team and the man-days charged to that auditor [EMS #11, #17]. */
export interface AuditAssignment {
  /** CCAA registration number of an auditor in the recording body's register (domain/auditors.ts) */
  registrationNo: string;
  manDays: number;
  role: AuditRole;
}

export interface Audit {
  auditId: string;
  type: AuditType;
  scheme: Scheme;
  uscc: string;
  certificateNo?: string;
  /** ISO dates (YYYY-MM-DD, Asia/Shanghai calendar), inclusive; never after the recording date */
  startDate: string;
  endDate: string;
  mode: AuditMode;
  /** IAF sectors 1..39 the audit covered, sorted */
  scopeCodes: number[];
  /** the team's man-days: the sum of the auditors' */
  manDays: number;
  /** the team, sorted by registration number */
  auditors: AuditAssignment[];
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

/**
 * The certified organisation. It has a USCC, or — an organisation without one, such as a foreign
 * organisation — a GB/T 2659.1 country code and its own registration number (organization.ts).
 */
export interface Organization {
  name: string;
  /** GB 32100 unified social credit code */
  uscc?: string;
  /** without a USCC: ISO 3166-1 alpha-2 (GB/T 2659.1-2022) country of registration */
  country?: string;
  /** without a USCC: the registration number in that country */
  registrationNo?: string;
  address: string;
  /** GB/T 2260 county-level (or prefecture/province) code; required with a USCC */
  regionCode?: string;
}

/** One change of the organisation's name or address: the organisation as it was, and why. */
export interface OrganizationChangeEntry {
  previous: Organization;
  at: string;
  /** a change reason code (dictionaries/change-reasons.ts), e.g. 0101 */
  reasonCode: string;
  /** the code with its label, e.g. "0101 组织更名" */
  reason: string;
}

export interface StatusChange {
  status: CertificateStatus;
  reason: string;
  at: string;
  txId: string;
}

/** One suspension within a certification cycle: from its start to suspendedUntil, or to the restore. */
export interface SuspensionPeriod {
  from: string;
  until: string;
  /** when it was lifted before `until` (restore) */
  endedAt?: string;
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
  /** the suspensions of the current certification cycle, oldest first; absent until the first one */
  suspensions?: SuspensionPeriod[];
  /** the end (Asia/Shanghai) of the last surveillance audit's last day: the surveillance clock runs on audit dates */
  lastSurveillanceAt?: string;
  evidenceIds: string[];
  transferredFrom?: { issuer: string; certificateNo: string };
  /** scope changes, oldest first */
  scopeHistory: { scope: string; scopeCodes: number[]; at: string; reason: string }[];
  /** certification cycle: 0 (or absent) for the initial one, n after the n-th recertification */
  cycle?: number;
  /** the cycle this one renewed (certificate:recertify) */
  previousCycle?: PreviousCycle;
  /** the surveillance audits of the current cycle, oldest first */
  surveillances?: SurveillanceEntry[];
  /** changes of the organisation's name or address, oldest first; absent until the first */
  organizationHistory?: OrganizationChangeEntry[];
  /** the reason code of the current status (docs/domain.md §4.4 lists), when the change gave one */
  statusReasonCode?: string;
  /** while SUSPENDED: who imposed the suspension, and so who may lift it (docs/contracts.md §3.4 suspend, restore) */
  suspendedBy?: SuspensionAuthority;
}

/**
 * Who imposed a suspension. A REGULATOR or CREDIT_EVENT suspension is lifted only by the regulator,
 * or by closing (or downgrading) the credit event [DIGI (六)三]. A suspension without this field
 * (the sweep's, or one recorded before it existed) is the issuer's.
 */
export interface SuspensionAuthority {
  authority: 'ISSUER' | 'REGULATOR' | 'CREDIT_EVENT';
  mspId: string;
  creditEventId?: string;
}

export interface SurveillanceEntry {
  auditId: string;
  startDate: string;
  endDate: string;
  recordedAt: string;
}

export interface PreviousCycle {
  certificateNo: string;
  cycle: number;
  issuedAt: string;
  expiresAt: string;
  surveillances: number;
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
  /** certificates suspended by this event (SERIOUS only), in the order it suspended them */
  suspended: string[];
  /** absent on events recorded before events could be closed: read as OPEN */
  status?: CreditEventStatus;
  closed?: { at: string; by: string; note: string; txId: string } & CreditEventLift;
  /** every revision, oldest first, each with the version it replaced */
  revisions?: CreditEventRevision[];
}

export type CreditEventStatus = 'OPEN' | 'CLOSED';

/** What closing (or downgrading) a SERIOUS event did to the certificates it suspended. */
export interface CreditEventLift {
  /** restored to VALID */
  restored: string[];
  /** still suspended, now on behalf of another open SERIOUS event of the organisation */
  movedTo: { certificateNo: string; creditEventId: string }[];
  /** past suspendedUntil or expiry: left to the sweep (withdrawal 0115, or expiry) */
  leftForSweep: string[];
}

/** One revision: the version it replaced, and what it did (revised up to SERIOUS: suspended; down from it: the lift). */
export interface CreditEventRevision extends CreditEventLift {
  previous: { type: string; severity: CreditSeverity; source: string };
  note: string;
  revisedAt: string;
  revisedBy: string;
  txId: string;
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
  /** a certification body whose right to issue the regulator suspended (docs/contracts.md §4.4) */
  issuingSuspension?: IssuingSuspension;
}

/** The regulator's administrative measure on a certification body: no new certificates until lifted or `until`. */
export interface IssuingSuspension {
  reasonCode: string;
  /** the code and its label, or the code and the note */
  reason: string;
  since: string;
  /** absent: until the regulator reinstates the body */
  until?: string;
  by: string;
  txId: string;
  /** when imposed by a vote: the APPROVED SUSPEND_ISSUING proposal */
  proposalId?: string;
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
  // a body's right to issue, when the charter lists the measure in measuresNeedingVote (or members want a vote anyway)
  'SUSPEND_ISSUING', 'REINSTATE_ISSUING',
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
  /**
   * The calendar periods of the certification rules, as ISO-8601 durations ("P6M", "P3Y"; "PT30S"
   * on a compressed test clock): Y/M/D on the Asia/Shanghai calendar, the T part exact seconds.
   */
  durations: {
    /** total suspension within a certification cycle; also the length of an automatic suspension */
    maxSuspension: string;
    /** from issue or the last surveillance until surveillance is overdue */
    surveillanceInterval: string;
    /** longest validity, per scheme [docs/domain.md §4.5; BSC 8.1b] */
    maxValidity: Record<Scheme, string>;
    /** how long a withdrawn body's certificates move without its consent (IAF MD 2) */
    transferWindow: string;
  };
  /** how far a transaction timestamp may be from the endorser's clock */
  maxClockSkewSeconds: number;
  /**
   * The measures on a member that only an APPROVED proposal takes; the others the regulator takes
   * alone, as administrative measures (docs/contracts.md §4.4). EXPEL_MEMBER is always listed.
   */
  measuresNeedingVote: MemberMeasure[];
  /** CNCA-QMS-01:2025 5.1.2, docs/domain.md §4.5: no new certificate of a scheme for a while after a withdrawal for the organisation's own reasons */
  issueBar: {
    /** ISO-8601 duration on the Asia/Shanghai calendar, e.g. P1Y */
    afterWithdrawal: string;
    /** the withdrawal reason codes (docs/domain.md §4.4) that count as the organisation's own reasons */
    withdrawalReasonCodes: string[];
  };
  /** surveillance audits a cycle needs before it is recertified (CNCA-QMS-01:2025 5.4.1.4) */
  minSurveillancesPerCycle: number;
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

export const MEMBER_MEASURES = ['EXPEL_MEMBER', 'SUSPEND_MEMBER', 'REINSTATE_MEMBER', 'SUSPEND_ISSUING', 'REINSTATE_ISSUING'] as const;
export type MemberMeasure = (typeof MEMBER_MEASURES)[number];
