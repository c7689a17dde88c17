// Parsing of the evidence contract's untrusted JSON arguments into typed inputs.
import { validateDigest } from '../domain/hash';
import { MAX_BATCH_ITEMS } from '../domain/merkle';
import { validateOrganizationKey } from '../domain/organization';
import { validateCertificateNo } from '../domain/certificate-number';
import {
  AUDIT_TYPES,
  DECISION_OUTCOMES,
  EVIDENCE_FORMS,
  EVIDENCE_KINDS,
  HASH_ALGS,
  NONCONFORMITY_SEVERITIES,
  type AuditType,
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
const AUDITOR_NO = { max: 64, pattern: /^[A-Za-z0-9-]+$/, patternHint: 'letters, digits and -' };

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

const HEX64 = /^[0-9a-f]{64}$/;

export function parseBatchInput(arg: string): BatchInput {
  const raw = requireObject(parseJsonArg(arg, 'batch', 256 * 1024), 'batch', [
    'clientRef', 'alg', 'digests', 'indexed', 'kind', 'subject', 'uri',
  ]);
  const digests = requireArray(raw.digests, 'batch.digests', { min: 1, max: MAX_BATCH_ITEMS }).map((value, i) => {
    if (typeof value !== 'string' || !HEX64.test(value)) {
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

export interface AuditInput {
  auditId: string;
  type: AuditType;
  uscc: string;
  certificateNo?: string;
  startDate: string;
  endDate: string;
  manDays: number;
  auditors: string[];
}

export function parseAuditInput(arg: string): AuditInput {
  const raw = requireObject(parseJsonArg(arg, 'audit'), 'audit', [
    'auditId', 'type', 'uscc', 'certificateNo', 'startDate', 'endDate', 'manDays', 'auditors',
  ]);
  const auditors = requireArray(raw.auditors, 'audit.auditors', { min: 1, max: 50 }).map((value, i) =>
    keyPart(requireString(value, `audit.auditors[${i}]`, AUDITOR_NO), `audit.auditors[${i}]`),
  );
  if (new Set(auditors).size !== auditors.length) {
    throw invalidArgument('audit.auditors', 'lists the same auditor twice');
  }
  const input: AuditInput = {
    auditId: keyPart(requireString(raw.auditId, 'audit.auditId', AUDIT_ID), 'audit.auditId'),
    type: requireEnum(raw.type, 'audit.type', AUDIT_TYPES),
    uscc: validateOrganizationKey(raw.uscc, 'audit.uscc').key,
    startDate: requireIsoDate(raw.startDate, 'audit.startDate'),
    endDate: requireIsoDate(raw.endDate, 'audit.endDate'),
    // Man-days are counted in halves in audit programmes; store tenths as an integer-safe number.
    manDays: requireManDays(raw.manDays),
    auditors: [...auditors].sort(),
  };
  if (input.endDate < input.startDate) {
    throw invalidArgument('audit.endDate', `${input.endDate} is before startDate ${input.startDate}`);
  }
  if (raw.certificateNo !== undefined) input.certificateNo = validateCertificateNo(raw.certificateNo, 'audit.certificateNo');
  return input;
}

function requireManDays(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 365 || Math.round(value * 2) !== value * 2) {
    throw invalidArgument('audit.manDays', 'must be a positive number of days in steps of 0.5, at most 365');
  }
  return value;
}

export function parsePageSize(value: string, field = 'pageSize'): number {
  if (!/^\d{1,4}$/.test(value)) throw invalidArgument(field, 'must be a whole number from 1 to 200');
  return requireInt(Number(value), field, { min: 1, max: 200 });
}
