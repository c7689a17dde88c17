// Records the certificate contract keeps besides the certificates themselves, and its public view.
import type { SweepAction } from '../domain/certificate-rules';
import type { AccreditationState, Certificate, CertificateStatus, CreditEvent, MemberStatus } from '../domain/types';

/** The issuer's consent to move one certificate to one accepting body (IAF MD 2). */
export interface TransferConsent {
  certificateNo: string;
  issuer: string;
  acceptingBody: string;
  consentedBy: string;
  at: string;
  txId: string;
}

/** One certificate a transaction changed, as events and sweep results report it. */
export interface StatusChangeEntry {
  certificateNo: string;
  issuer: string;
  from: CertificateStatus;
  to: CertificateStatus;
  reason: string;
}

/** What certificate:verify shows a relying party. */
export interface CertificateView {
  certificateNo: string;
  /** as recorded on the ledger */
  status: CertificateStatus;
  statusReason: string;
  statusSince: string;
  suspendedUntil?: string;
  /** the status once the time rules already due are applied (differs from status until a sweep runs) */
  effectiveStatus: CertificateStatus;
  /** the time rule due but not yet applied by a sweep */
  pending?: SweepAction;
  /** the USCC, or for an organisation without one its country and registration number */
  holder: { name: string; uscc?: string; country?: string; registrationNo?: string };
  scheme: Certificate['scheme'];
  standard: string;
  scope: string;
  scopeCodes: number[];
  issuedAt: string;
  expiresAt: string;
  lastSurveillanceAt?: string;
  issuer: {
    mspId: string;
    name?: string;
    memberStatus?: MemberStatus;
    /** null when no accreditation body has recorded one */
    accreditation: { state: AccreditationState; since: string; recordedBy: string } | null;
  };
  transferredFrom?: Certificate['transferredFrom'];
  /** each as in force at asOf: its type, severity and source then, and whether it was closed by then */
  creditEvents: (Pick<CreditEvent, 'id' | 'uscc' | 'type' | 'severity' | 'source' | 'occurredAt' | 'timestamp'> & { status: 'OPEN' | 'CLOSED'; closedAt?: string })[];
  /** the moment the view describes: the `at` asked for, or the query's own time */
  asOf: string;
}
