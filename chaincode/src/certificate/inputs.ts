// Parsing of the certificate contract's untrusted arguments into typed inputs, before any state is read.
import { CANCEL_REASONS, type CancelReason } from '../domain/certificate-rules';
import { validateCertificateNo } from '../domain/certificate-number';
import { validateScopeCodes } from '../domain/dictionaries/iaf';
import { validateSectorCode } from '../domain/dictionaries/sectors';
import { validateStandard } from '../domain/dictionaries/standards';
import { parseStatusReason, type ReasonList, type StatusReason } from '../domain/dictionaries/reason-codes';
import type { CreditEventRevisionInput } from '../domain/measures';
import {
  ACCREDITATION_STATES,
  CREDIT_SEVERITIES,
  SCHEMES,
  type AccreditationState,
  type Certificate,
  type CreditSeverity,
} from '../domain/types';
import { parseOrganization, parseOrganizationChange, validateOrganizationKey, type OrganizationChange } from '../domain/organization';
import { validateUscc } from '../domain/uscc';
import {
  keyPart,
  parseJsonArg,
  requireArray,
  requireEnum,
  requireInt,
  requireIsoTimestamp,
  requireObject,
  requireString,
} from '../domain/validate';
import { EVIDENCE_ID, MSP_ID, RECORD_ID } from '../api/values';
import { invalidArgument } from '../shared/errors';
import { MAX_PAGE_SIZE } from '../shared/state';

const AUDIT_ID = { max: 128, pattern: /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, patternHint: 'letters, digits, . _ : / -' };
const CREDIT_TYPE = { max: 64, pattern: /^[A-Z][A-Z0-9_]*$/, patternHint: 'an uppercase code such as ADMINISTRATIVE_PENALTY' };
const CREDIT_EVENT_ID = { max: 128, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/, patternHint: 'the id certificate:creditEvent returned (its transaction id)' };
const MAX_REASON = 2000;
const MAX_LINKED_EVIDENCE = 100;

/** Free text that must say something: blank or whitespace-only text is refused. */
export function parseText(value: unknown, field: string, max = MAX_REASON): string {
  const text = requireString(value, field, { max });
  if (text.trim() === '') throw invalidArgument(field, 'is required (a non-empty text)');
  return text.trim();
}

export function parseCertificateNo(value: unknown, field = 'certificateNo'): string {
  return keyPart(validateCertificateNo(value, field), field);
}

export function parseMspId(value: unknown, field: string): string {
  return keyPart(requireString(value, field, MSP_ID), field);
}

export function parseRecordId(value: unknown, field: string): string {
  return keyPart(requireString(value, field, RECORD_ID), field);
}

export function parseAuditId(value: unknown, field = 'auditId'): string {
  return keyPart(requireString(value, field, AUDIT_ID), field);
}

export function parseTimestamp(value: unknown, field: string): string {
  return requireIsoTimestamp(value, field);
}

/** An optional moment: '' means "now". */
export function parseOptionalTimestamp(value: unknown, field: string): string | undefined {
  return value === '' ? undefined : requireIsoTimestamp(value, field);
}

function evidenceIdList(value: unknown, field: string, min: number): string[] {
  const ids = requireArray(value, field, { min, max: MAX_LINKED_EVIDENCE }).map((id, i) =>
    keyPart(requireString(id, `${field}[${i}]`, EVIDENCE_ID), `${field}[${i}]`),
  );
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) throw invalidArgument(`${field}[${i}]`, `repeats evidence ${id}; link each record once`);
  });
  return ids;
}

/** One evidence id as a plain argument (certificate:recertify's decision). */
export function parseEvidenceId(value: unknown, field: string): string {
  return keyPart(requireString(value, field, EVIDENCE_ID), field);
}

/** A JSON array of evidence ids; `min` 1 where the rule needs the evidence of an activity. */
export function parseEvidenceIds(arg: string, field: string, min: number): string[] {
  return evidenceIdList(parseJsonArg(arg, field), field, min);
}

export function parseScope(value: unknown, field = 'scope'): string {
  return parseText(value, field, 4000);
}

export function parseScopeCodes(arg: string, field = 'scopeCodes'): number[] {
  return validateScopeCodes(parseJsonArg(arg, field), field);
}

/** A whole number 1–200 given as a string argument. */
export function parseLimit(value: unknown, field: string): number {
  if (typeof value !== 'string' || !/^\d{1,4}$/.test(value)) {
    throw invalidArgument(field, `must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  return requireInt(Number(value), field, { min: 1, max: MAX_PAGE_SIZE });
}

/** The certificate number a sweep continues after; '' starts from the first certificate. */
export function parseSweepBookmark(value: unknown): string {
  return value === '' ? '' : parseCertificateNo(value, 'bookmark');
}

export function parseUscc(value: unknown, field = 'uscc'): string {
  return validateUscc(value, field).uscc;
}

/** An organisation key: a USCC, or FOREIGN:<country>:<registrationNo> for an organisation without one. */
export function parseOrganizationKey(value: unknown, field = 'uscc'): string {
  return keyPart(validateOrganizationKey(value, field).key, field);
}

// ---------------------------------------------------------------------------------------------
// issue

/** The certificate's own fields as the issuer gives them, plus the linked decision. */
export type IssueInput = Pick<Certificate, 'certificateNo' | 'scheme' | 'standard' | 'organization' | 'scope' | 'scopeCodes' | 'sectorCode' | 'issuedAt' | 'expiresAt'> & {
  decisionEvidenceId: string;
  /** the decision first, then the other linked records */
  evidenceIds: string[];
};

/** The certificate to issue, and the soft-check warnings of its dictionary checks (not errors). */
export function parseIssueInput(arg: string): { input: IssueInput; warnings: string[] } {
  const raw = requireObject(parseJsonArg(arg, 'certificate'), 'certificate', [
    'certificateNo', 'scheme', 'standard', 'organization', 'scope', 'scopeCodes', 'sectorCode',
    'issuedAt', 'expiresAt', 'decisionEvidenceId', 'evidenceIds',
  ]);
  const org = parseOrganization(raw.organization, 'certificate.organization');
  const scheme = requireEnum(raw.scheme, 'certificate.scheme', SCHEMES);
  const standard = validateStandard(raw.standard, scheme, 'certificate.standard');
  const sector = validateSectorCode(raw.sectorCode, 'certificate.sectorCode');
  const decisionEvidenceId = keyPart(
    requireString(raw.decisionEvidenceId, 'certificate.decisionEvidenceId', EVIDENCE_ID),
    'certificate.decisionEvidenceId',
  );
  const others = raw.evidenceIds === undefined ? [] : evidenceIdList(raw.evidenceIds, 'certificate.evidenceIds', 0);
  const input: IssueInput = {
    certificateNo: parseCertificateNo(raw.certificateNo, 'certificate.certificateNo'),
    scheme,
    standard: standard.code,
    organization: org.organization,
    scope: parseScope(raw.scope, 'certificate.scope'),
    scopeCodes: validateScopeCodes(raw.scopeCodes, 'certificate.scopeCodes'),
    sectorCode: sector.code,
    issuedAt: requireIsoTimestamp(raw.issuedAt, 'certificate.issuedAt'),
    expiresAt: requireIsoTimestamp(raw.expiresAt, 'certificate.expiresAt'),
    decisionEvidenceId,
    evidenceIds: [decisionEvidenceId, ...others.filter((id) => id !== decisionEvidenceId)],
  };
  const warnings = [
    ...org.warnings,
    ...sector.warnings.map((w) => `certificate.sectorCode: ${w}`),
    ...standard.warnings.map((w) => `certificate.standard: ${w}`),
  ];
  return { input, warnings };
}

// ---------------------------------------------------------------------------------------------
// organisation changes

/** certificate:changeOrganization's changes: a JSON object {name?, address?, regionCode?}. */
export function parseOrganizationChangeArg(arg: string): { changes: OrganizationChange; warnings: string[] } {
  return parseOrganizationChange(parseJsonArg(arg, 'changes'), 'changes');
}

// ---------------------------------------------------------------------------------------------
// status changes

export function parseCancel(reason: unknown, note: unknown): { reason: CancelReason; note?: string } {
  const cancelReason = requireEnum(reason, 'reason', CANCEL_REASONS);
  const text = note === '' || note === undefined ? undefined : parseText(note, 'note');
  if (cancelReason === 'TRANSFERRED' && text === undefined) {
    // a transfer inside the consortium is certificate:transfer, which cancels the source itself;
    // cancelling by hand is for a body outside it, and the record must say which
    throw invalidArgument('note', 'is required for TRANSFERRED: name the accepting body and its new certificate number');
  }
  return text === undefined ? { reason: cancelReason } : { reason: cancelReason, note: text };
}

// ---------------------------------------------------------------------------------------------
// credit events and accreditation

export interface CreditEventInput {
  uscc: string;
  type: string;
  severity: CreditSeverity;
  source: string;
  occurredAt: string;
}

export function parseCreditEventInput(arg: string): CreditEventInput {
  const raw = requireObject(parseJsonArg(arg, 'event'), 'event', ['uscc', 'type', 'severity', 'source', 'occurredAt']);
  return {
    uscc: parseOrganizationKey(raw.uscc, 'event.uscc'),
    type: requireString(raw.type, 'event.type', CREDIT_TYPE),
    severity: requireEnum(raw.severity, 'event.severity', CREDIT_SEVERITIES),
    source: parseText(raw.source, 'event.source', 512),
    occurredAt: requireIsoTimestamp(raw.occurredAt, 'event.occurredAt'),
  };
}

/**
 * A status reason (docs/contracts.md §1.8, docs/domain.md §4.4): {code, note?} as JSON, a code ("0111"), a code and a
 * note ("0111 体系不满足要求"), or free text. Whether a code is required depends on who calls
 * (measures.ts requireReasonCode), which is known only after the caller is checked.
 */
export function parseReason(value: unknown, list: ReasonList, field = 'reason'): StatusReason {
  return parseStatusReason(value, field, list, { requireCode: false });
}

/** A revision of a credit event: any of type, severity, source, and a note saying why. */
export function parseCreditEventRevision(arg: string): CreditEventRevisionInput {
  const raw = requireObject(parseJsonArg(arg, 'revision'), 'revision', ['type', 'severity', 'source', 'note']);
  const revision: CreditEventRevisionInput = { note: parseText(raw.note, 'revision.note') };
  if (raw.type !== undefined) revision.type = requireString(raw.type, 'revision.type', CREDIT_TYPE);
  if (raw.severity !== undefined) revision.severity = requireEnum(raw.severity, 'revision.severity', CREDIT_SEVERITIES);
  if (raw.source !== undefined) revision.source = parseText(raw.source, 'revision.source', 512);
  return revision;
}

/** A credit event id: the transaction id that recorded it (lowercase hex). */
export function parseCreditEventId(value: unknown, field = 'eventId'): string {
  return keyPart(requireString(value, field, CREDIT_EVENT_ID), field);
}

export function parseAccreditationState(value: unknown): AccreditationState {
  return requireEnum(value, 'state', ACCREDITATION_STATES);
}
