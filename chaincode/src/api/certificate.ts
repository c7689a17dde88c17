// The certificate contract: certificates and their lifecycle, the sweep, transfers, credit events,
// accreditation, verification (docs/contracts.md §2).
import type { SweepAction } from '../domain/certificate-rules';
import type { Accreditation, Certificate, CreditEvent, Organization, Scheme } from '../domain/types';
import type { CertificateView, StatusChangeEntry, TransferConsent } from '../certificate/types';
import { ARG, MISSING, NOT_YOURS, RULE, STATE, TAKEN } from './errors';
import { evaluate, submit } from './transaction';

// The JSON objects a client gives, as certificate/inputs.ts reads them (each parser refuses any
// other field); the gateway's request schemas are checked against these types.
/** A certificate to issue (certificate/inputs.ts parseIssueInput): the certificate's own data, and the decision it rests on. */
export type IssueArg = Pick<Certificate, 'certificateNo' | 'standard' | 'organization' | 'scope' | 'scopeCodes' | 'sectorCode' | 'issuedAt' | 'expiresAt'> & {
  /** one of the schemes (api/values.ts SCHEMES); the chaincode checks it again */
  scheme: Scheme;
  decisionEvidenceId: string;
  evidenceIds?: string[];
};
/** A change of the certified organisation's data (parseOrganizationChangeArg). */
export type OrganizationChangesArg = Partial<Pick<Organization, 'name' | 'address' | 'regionCode'>>;
/** A credit event the regulator records (parseCreditEventInput). */
export interface CreditEventArg {
  uscc: string;
  type: string;
  severity: 'INFO' | 'MINOR' | 'SERIOUS';
  source: string;
  occurredAt: string;
}

/** A status reason: a reason code ("0111"), a code and a note, free text, or {code, note}. */
export type StatusReasonArg = string | { code: string; note?: string };

export interface CreditEventLiftAnswer {
  restored: string[];
  movedTo: { certificateNo: string; creditEventId: string }[];
  leftForSweep: string[];
}
export interface Page<T> {
  items: T[];
  bookmark: string;
}
export interface KeyVersion<T> {
  txId: string;
  timestamp: string;
  value: T | undefined;
}
export type { Certificate, CertificateView, SweepAction };


export const certificateApi = {
  name: 'certificate',
  transactions: {
    issue: submit<{ certificateJson: IssueArg }, { certificate: Certificate; warnings: string[] }>()(['certificateJson'], ARG, MISSING, TAKEN, NOT_YOURS, STATE, RULE),
    suspend: submit<{ certNo: string; reason: StatusReasonArg; suspendedUntil: string }, Certificate>()(['certNo', 'reason', 'suspendedUntil'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    restore: submit<{ certNo: string; evidenceIdsJson: string[] }, Certificate>()(['certNo', 'evidenceIdsJson'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    withdraw: submit<{ certNo: string; reason: StatusReasonArg }, Certificate>()(['certNo', 'reason'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    cancel: submit<{ certNo: string; reason: string; note?: string }, Certificate>()(['certNo', 'reason', 'note'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    expire: submit<{ certNo: string }, Certificate>()(['certNo'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    recordSurveillance: submit<{ certNo: string; auditId: string; evidenceIdsJson: string[] }, Certificate>()(['certNo', 'auditId', 'evidenceIdsJson'], ARG, MISSING, TAKEN, NOT_YOURS, STATE, RULE),
    recertify: submit<{ certNo: string; decisionEvidenceId: string; newExpiresAt: string; newCertificateNo?: string }, { certificate: Certificate; previous?: Certificate }>()(
      ['certNo', 'decisionEvidenceId', 'newExpiresAt', 'newCertificateNo'], ARG, MISSING, TAKEN, NOT_YOURS, STATE, RULE),
    changeScope: submit<{ certNo: string; scope: string; scopeCodesJson: number[]; reason: string }, Certificate>()(['certNo', 'scope', 'scopeCodesJson', 'reason'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    changeOrganization: submit<{ certNo: string; changesJson: OrganizationChangesArg; reasonCode: string }, { certificate: Certificate; warnings: string[] }>()(
      ['certNo', 'changesJson', 'reasonCode'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    consentToTransfer: submit<{ certNo: string; acceptingBody: string }, TransferConsent>()(['certNo', 'acceptingBody'], ARG, MISSING, TAKEN, NOT_YOURS, STATE, RULE),
    transfer: submit<{ sourceNo: string; newCertificateNo: string; evidenceIdsJson: string[] }, { certificate: Certificate; source: Certificate; withoutConsent: boolean }>()(
      ['sourceNo', 'newCertificateNo', 'evidenceIdsJson'], ARG, MISSING, TAKEN, NOT_YOURS, STATE, RULE),
    sweep: submit<{ limit: number; bookmark: string }, { changed: StatusChangeEntry[]; scanned: number; bookmark: string }>()(['limit', 'bookmark'], ARG, NOT_YOURS, RULE),
    creditEvent: submit<{ eventJson: CreditEventArg }, CreditEvent>()(['eventJson'], ARG, NOT_YOURS, RULE),
    closeCreditEvent: submit<{ uscc: string; eventId: string; note: string }, CreditEventLiftAnswer & { event: CreditEvent }>()(['uscc', 'eventId', 'note'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    reviseCreditEvent: submit<{ uscc: string; eventId: string; revisionJson: { type?: string; severity?: string; source?: string; note: string } }, CreditEventLiftAnswer & { event: CreditEvent; suspended: string[] }>()(
      ['uscc', 'eventId', 'revisionJson'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    listCreditEvents: evaluate<{ uscc: string }, { items: CreditEvent[] }>()(['uscc'], ARG),
    creditEventHistory: evaluate<{ uscc: string; eventId: string }, KeyVersion<CreditEvent>[]>()(['uscc', 'eventId'], ARG, MISSING),
    recordAccreditation: submit<{ body: string; state: string; reason: string }, Accreditation>()(['body', 'state', 'reason'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    verify: evaluate<{ certNo: string; at?: string }, CertificateView>()(['certNo', 'at'], ARG, MISSING),
    get: evaluate<{ certNo: string }, Certificate>()(['certNo'], ARG, MISSING),
    listByOrganization: evaluate<{ uscc: string; pageSize: string; bookmark: string }, Page<Certificate>>()(['uscc', 'pageSize', 'bookmark'], ARG),
    listByIssuer: evaluate<{ mspId: string; pageSize: string; bookmark: string }, Page<Certificate>>()(['mspId', 'pageSize', 'bookmark'], ARG),
  },
} as const;
