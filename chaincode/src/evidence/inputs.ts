// Parsing of the evidence contract's untrusted JSON arguments into typed inputs.
import { HEX64 } from '../api/values';
import { validateDigest } from '../domain/hash';
import { MAX_BATCH_ITEMS } from '../domain/merkle';
import { validateOrganizationKey } from '../domain/organization';
import { validateCertificateNo } from '../domain/certificate-number';
import { AUDITOR_LEVELS, AUDITOR_STATUSES, validateRegistrationNo, type AuditorChanges, type AuditorInput } from '../domain/auditors';
import { validateScopeCodes } from '../domain/dictionaries/iaf';
import { checkManDaysPlausible } from '../domain/workload';
import {
  AUDIT_MODES,
  AUDIT_ROLES,
  AUDIT_TYPES,
  DECISION_OUTCOMES,
  EVIDENCE_FORMS,
  EVIDENCE_KINDS,
  HASH_ALGS,
  NONCONFORMITY_SEVERITIES,
  SCHEMES,
  type Audit,
  type AuditAssignment,
  type EvidenceKind,
  type EvidenceRecord,
  type EvidenceSubject,
  type HashAlg,
} from '../domain/types';
import {
  MAX_PLAINTEXT_BYTES,
  keyPart,
  optionalString,
  parseJsonArg,
  requireArray,
  requireEnum,
  requireInt,
  requireIsoDate,
  requireObject,
  requireString,
} from '../domain/validate';
import { invalidArgument } from '../shared/errors';

/** A caller's reference: the stable part of a record id, so a retried request finds its record. */
const CLIENT_REF = { max: 128, pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]*$/, patternHint: 'letters, digits, . _ : - (starting with a letter or digit)' };
const AUDIT_ID = { max: 128, pattern: /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, patternHint: 'letters, digits, . _ : / -' };

/** What a caller gives: the record less what the chaincode adds (id, submitter, tx id, time). */
export type AnchorInput = Omit<EvidenceRecord, 'id' | 'submitter' | 'txId' | 'timestamp'>;

export function parseSubject(value: unknown, field: string): EvidenceSubject {
  const raw = requireObject(value ?? {}, field, ['uscc', 'certificateNo', 'auditId']);
  const subject: EvidenceSubject = {};
  // the organisation: its USCC, or FOREIGN:<country>:<registrationNo> without one (organization.ts)
  if (raw.uscc !== undefined) subject.uscc = validateOrganizationKey(raw.uscc, `${field}.uscc`).key;
  if (raw.certificateNo !== undefined) subject.certificateNo = validateCertificateNo(raw.certificateNo, `${field}.certificateNo`);
  if (raw.auditId !== undefined) subject.auditId = requireString(raw.auditId, `${field}.auditId`, AUDIT_ID);
  return subject;
}

export function parseAnchorInput(arg: string): AnchorInput {
  const raw = requireObject(parseJsonArg(arg, 'record'), 'record', [
    'clientRef', 'kind', 'subject', 'digest', 'form', 'content', 'uri', 'supersedes', 'severity', 'closes', 'decision',
  ]);
  const input: AnchorInput = {
    clientRef: keyPart(requireString(raw.clientRef, 'record.clientRef', CLIENT_REF), 'record.clientRef'),
    kind: requireEnum(raw.kind, 'record.kind', EVIDENCE_KINDS),
    subject: parseSubject(raw.subject, 'record.subject'),
    digest: validateDigest(raw.digest, 'record.digest'),
    form: raw.form === undefined ? 'digest' : requireEnum(raw.form, 'record.form', EVIDENCE_FORMS),
  };
  const content = optionalString(raw.content, 'record.content', { max: MAX_PLAINTEXT_BYTES, document: true });
  if (content !== undefined) {
    if (input.form !== 'plaintext') {
      throw invalidArgument('record.content', `only the plaintext form carries content on the channel; for form ${input.form} leave it out (private content goes in the transient field "content")`);
    }
    if (Buffer.byteLength(content, 'utf8') > MAX_PLAINTEXT_BYTES) {
      throw invalidArgument('record.content', `is ${Buffer.byteLength(content, 'utf8')} bytes; plaintext evidence is capped at ${MAX_PLAINTEXT_BYTES} bytes — anchor a digest instead`);
    }
    input.content = content;
  } else if (input.form === 'plaintext') {
    throw invalidArgument('record.content', 'is required for the plaintext form');
  }
  const uri = optionalString(raw.uri, 'record.uri', { max: 2048 });
  if (uri !== undefined) input.uri = uri;
  const supersedes = optionalString(raw.supersedes, 'record.supersedes', { max: 400 });
  if (supersedes !== undefined) input.supersedes = keyPart(supersedes, 'record.supersedes');

  const severity = raw.severity === undefined ? undefined : requireEnum(raw.severity, 'record.severity', NONCONFORMITY_SEVERITIES);
  const closes = raw.closes === undefined ? undefined : keyPart(requireString(raw.closes, 'record.closes', { max: 400 }), 'record.closes');
  const decision = raw.decision === undefined ? undefined : requireEnum(raw.decision, 'record.decision', DECISION_OUTCOMES);
  requireOnlyFor(input.kind, 'NONCONFORMITY', 'severity', severity);
  requireOnlyFor(input.kind, 'CORRECTIVE_ACTION', 'closes', closes);
  requireOnlyFor(input.kind, 'CERTIFICATION_DECISION', 'decision', decision);
  if (severity !== undefined) input.severity = severity;
  if (closes !== undefined) input.closes = closes;
  if (decision !== undefined) input.decision = decision;
  if ((input.kind === 'NONCONFORMITY' || input.kind === 'CERTIFICATION_DECISION') && input.subject.auditId === undefined) {
    throw invalidArgument('record.subject.auditId', `is required for a ${input.kind} record: it links the record to its audit`);
  }
  if (input.kind === 'CERTIFICATION_DECISION' && input.subject.uscc === undefined) {
    throw invalidArgument('record.subject.uscc', 'is required for a CERTIFICATION_DECISION record: it names the certified organisation');
  }
  return input;
}

/** `field` is required for records of `kind` and refused on every other kind. */
function requireOnlyFor(actual: EvidenceKind, kind: EvidenceKind, field: string, value: unknown): void {
  if (actual === kind && value === undefined) {
    throw invalidArgument(`record.${field}`, `is required for a ${kind} record`);
  }
  if (actual !== kind && value !== undefined) {
    throw invalidArgument(`record.${field}`, `is only for ${kind} records; this record is ${actual}`);
  }
}

export interface BatchInput {
  clientRef: string;
  alg: HashAlg;
  digests: string[];
  indexed: boolean;
  kind: EvidenceKind;
  subject: EvidenceSubject;
  uri?: string;
}


export function parseBatchInput(arg: string): BatchInput {
  const raw = requireObject(parseJsonArg(arg, 'batch', 256 * 1024), 'batch', [
    'clientRef', 'alg', 'digests', 'indexed', 'kind', 'subject', 'uri',
  ]);
  const digests = requireArray(raw.digests, 'batch.digests', { min: 1, max: MAX_BATCH_ITEMS }).map((value, i) => {
    if (typeof value !== 'string' || !HEX64.pattern.test(value)) {
      throw invalidArgument(`batch.digests[${i}]`, 'must be 64 lowercase hex characters');
    }
    return value;
  });
  if (raw.indexed !== undefined && typeof raw.indexed !== 'boolean') {
    throw invalidArgument('batch.indexed', 'must be true or false');
  }
  const input: BatchInput = {
    clientRef: keyPart(requireString(raw.clientRef, 'batch.clientRef', CLIENT_REF), 'batch.clientRef'),
    alg: requireEnum(raw.alg, 'batch.alg', HASH_ALGS),
    digests,
    indexed: raw.indexed !== false,
    kind: raw.kind === undefined ? 'OTHER' : requireEnum(raw.kind, 'batch.kind', EVIDENCE_KINDS),
    subject: parseSubject(raw.subject, 'batch.subject'),
  };
  const uri = optionalString(raw.uri, 'batch.uri', { max: 2048 });
  if (uri !== undefined) input.uri = uri;
  return input;
}

/** What a caller gives for an audit: the record less what the chaincode adds (body, tx id, time). */
export type AuditInput = Omit<Audit, 'body' | 'txId' | 'timestamp'>;

export function parseAuditInput(arg: string): AuditInput {
  const raw = requireObject(parseJsonArg(arg, 'audit'), 'audit', [
    'auditId', 'type', 'scheme', 'uscc', 'certificateNo', 'startDate', 'endDate', 'mode', 'scopeCodes', 'auditors', 'manDays',
  ]);
  if (raw.manDays !== undefined) {
    throw invalidArgument('audit.manDays', 'man-days are charged per auditor: give auditors[i].manDays for each auditor instead of a team total');
  }
  const auditors = requireArray(raw.auditors, 'audit.auditors', { min: 1, max: 50 }).map((value, i) => parseAssignment(value, `audit.auditors[${i}]`));
  const numbers = auditors.map((a) => a.registrationNo);
  numbers.forEach((no, i) => {
    if (numbers.indexOf(no) !== i) throw invalidArgument(`audit.auditors[${i}]`, `lists auditor ${no} twice`);
  });
  if (auditors.filter((a) => a.role === 'LEADER').length > 1) {
    throw invalidArgument('audit.auditors', 'names more than one LEADER; an audit team has one leader (审核组长)');
  }
  const input: AuditInput = {
    auditId: keyPart(requireString(raw.auditId, 'audit.auditId', AUDIT_ID), 'audit.auditId'),
    type: requireEnum(raw.type, 'audit.type', AUDIT_TYPES),
    scheme: requireEnum(raw.scheme, 'audit.scheme', SCHEMES),
    uscc: validateOrganizationKey(raw.uscc, 'audit.uscc').key,
    startDate: requireIsoDate(raw.startDate, 'audit.startDate'),
    endDate: requireIsoDate(raw.endDate, 'audit.endDate'),
    mode: requireEnum(raw.mode, 'audit.mode', AUDIT_MODES),
    scopeCodes: validateScopeCodes(raw.scopeCodes, 'audit.scopeCodes'),
    // summed in registration-number order, so fractional man-days add up the same on every endorser
    auditors: [...auditors].sort((a, b) => (a.registrationNo < b.registrationNo ? -1 : a.registrationNo > b.registrationNo ? 1 : 0)),
    manDays: 0,
  };
  input.manDays = input.auditors.reduce((sum, a) => sum + a.manDays, 0);
  if (input.endDate < input.startDate) {
    throw invalidArgument('audit.endDate', `${input.endDate} is before startDate ${input.startDate}`);
  }
  // checked on the list as given, so the index in the message is the caller's
  checkManDaysPlausible({ startDate: input.startDate, endDate: input.endDate, auditors }, 'audit.auditors');
  if (raw.certificateNo !== undefined) input.certificateNo = validateCertificateNo(raw.certificateNo, 'audit.certificateNo');
  return input;
}

function parseAssignment(value: unknown, field: string): AuditAssignment {
  const raw = requireObject(value, field, ['registrationNo', 'manDays', 'role']);
  return {
    registrationNo: keyPart(validateRegistrationNo(raw.registrationNo, `${field}.registrationNo`).registrationNo, `${field}.registrationNo`),
    manDays: requireManDays(raw.manDays, `${field}.manDays`),
    role: raw.role === undefined ? 'MEMBER' : requireEnum(raw.role, `${field}.role`, AUDIT_ROLES),
  };
}

function requireManDays(value: unknown, field: string): number {
  // Man-days are counted in halves in audit programmes.
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 365 || Math.round(value * 2) !== value * 2) {
    throw invalidArgument(field, 'must be a positive number of days in steps of 0.5, at most 365');
  }
  return value;
}

/** A registration number as a function argument (evidence:getAuditor, evidence:updateAuditor). */
export function parseRegistrationNo(value: unknown, field = 'registrationNo'): string {
  return keyPart(validateRegistrationNo(value, field).registrationNo, field);
}

/** The auditor to register, and the soft-check warnings on its number. */
export function parseAuditorInput(arg: string): { input: AuditorInput; warnings: string[] } {
  const raw = requireObject(parseJsonArg(arg, 'auditor'), 'auditor', ['registrationNo', 'name', 'level', 'scopeCodes']);
  const no = validateRegistrationNo(raw.registrationNo, 'auditor.registrationNo');
  return {
    input: {
      registrationNo: keyPart(no.registrationNo, 'auditor.registrationNo'),
      name: requireText(raw.name, 'auditor.name', 128),
      level: requireEnum(raw.level, 'auditor.level', AUDITOR_LEVELS),
      scopeCodes: validateScopeCodes(raw.scopeCodes, 'auditor.scopeCodes'),
    },
    warnings: no.warnings,
  };
}

/** Changes to an auditor's record: any of name, level, scopeCodes, status, and always a reason. */
export function parseAuditorChanges(arg: string): AuditorChanges {
  const raw = requireObject(parseJsonArg(arg, 'changes'), 'changes', ['name', 'level', 'scopeCodes', 'status', 'reason']);
  const changes: AuditorChanges = { reason: requireText(raw.reason, 'changes.reason', 2000) };
  if (raw.name !== undefined) changes.name = requireText(raw.name, 'changes.name', 128);
  if (raw.level !== undefined) changes.level = requireEnum(raw.level, 'changes.level', AUDITOR_LEVELS);
  if (raw.scopeCodes !== undefined) changes.scopeCodes = validateScopeCodes(raw.scopeCodes, 'changes.scopeCodes');
  if (raw.status !== undefined) changes.status = requireEnum(raw.status, 'changes.status', AUDITOR_STATUSES);
  return changes;
}

/** Text that must say something: blank or whitespace-only text is refused. */
function requireText(value: unknown, field: string, max: number): string {
  const text = requireString(value, field, { max });
  if (text.trim() === '') throw invalidArgument(field, 'is required (a non-empty text)');
  return text.trim();
}

export function parsePageSize(value: string, field = 'pageSize'): number {
  if (!/^\d{1,4}$/.test(value)) throw invalidArgument(field, 'must be a whole number from 1 to 200');
  return requireInt(Number(value), field, { min: 1, max: 200 });
}
