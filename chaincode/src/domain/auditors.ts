// The auditor register of each certification body and the rules an audit team meets: auditors are
// real people with a record — registration number, qualification, competence by IAF scope, active
// or not, with history [BULLETIN: 记录认证人员的能力信息; EMS #11, #17].

import { alreadyExists, conflict, forbidden, invalidArgument, notFound, preconditionFailed } from '../shared/errors';
import type { Audit } from './types';
import { requireString } from './validate';

/** CCAA qualification levels: 实习审核员, 审核员, 高级审核员. */
export const AUDITOR_LEVELS = ['TRAINEE', 'AUDITOR', 'SENIOR'] as const;
export type AuditorLevel = (typeof AUDITOR_LEVELS)[number];
export const AUDITOR_STATUSES = ['ACTIVE', 'INACTIVE'] as const;
export type AuditorStatus = (typeof AUDITOR_STATUSES)[number];

/** One version of an auditor's record. */
export interface AuditorVersion {
  at: string;
  txId: string;
  body: string;
  name: string;
  level: AuditorLevel;
  scopeCodes: number[];
  status: AuditorStatus;
  reason: string;
}

export interface Auditor {
  registrationNo: string;
  /** MSP ID of the certification body the auditor practises at */
  body: string;
  name: string;
  level: AuditorLevel;
  /** IAF sectors 1..39 the auditor is competent for, sorted */
  scopeCodes: number[];
  status: AuditorStatus;
  registeredAt: string;
  updatedAt: string;
  txId: string;
  /** every version of the record, oldest first; the last one is the current one */
  history: AuditorVersion[];
}

export interface AuditorInput {
  registrationNo: string;
  name: string;
  level: AuditorLevel;
  scopeCodes: number[];
}

export interface AuditorChanges {
  name?: string;
  level?: AuditorLevel;
  scopeCodes?: number[];
  status?: AuditorStatus;
  reason: string;
}

// Hard rule: the CNCA reporting rule for numbers (capital letters, no spaces) and a bounded key.
const REGISTRATION_NO = /^[0-9A-Z][0-9A-Z-]{4,62}[0-9A-Z]$/;
// The CCAA form seen in the project's data and CB records: year of first registration, N and a
// digit, the scheme's letters, 7 digits (2019-N1QMS-1234567). UNVERIFIED against a CCAA text, so
// it is a soft check (docs/domain.md §0: warn, never reject).
const CCAA_FORM = /^(19|20)\d{2}-N\d[A-Z]{2,8}-\d{7}$/;

/** A registration number: refused unless 6–64 capital letters, digits and '-'; warned unless in the CCAA form. */
export function validateRegistrationNo(value: unknown, field: string): { registrationNo: string; warnings: string[] } {
  const no = requireString(value, field, {
    min: 6, max: 64, pattern: REGISTRATION_NO, patternHint: '6 to 64 capital letters, digits and - (e.g. 2019-N1QMS-1234567)',
  });
  const warnings = CCAA_FORM.test(no) ? [] : [`${field}: not in the CCAA form YYYY-N<digit><scheme>-<7 digits> (e.g. 2019-N1QMS-1234567)`];
  return { registrationNo: no, warnings };
}

function version(a: Omit<AuditorVersion, 'reason'>, reason: string): AuditorVersion {
  return { at: a.at, txId: a.txId, body: a.body, name: a.name, level: a.level, scopeCodes: [...a.scopeCodes], status: a.status, reason };
}

/**
 * A body registers an auditor, ACTIVE. An auditor practises at one body at a time: a number ACTIVE
 * at another body is refused until that body sets it INACTIVE; an INACTIVE one moves to the new
 * body and keeps its history.
 */
export function registerAuditor(existing: Auditor | undefined, input: AuditorInput, body: string, now: string, txId: string): Auditor {
  if (existing !== undefined) {
    if (existing.body === body) {
      throw alreadyExists(`auditor ${input.registrationNo} in ${body}'s register (${existing.status}; change it with evidence:updateAuditor)`);
    }
    if (existing.status === 'ACTIVE') {
      throw conflict(
        `auditor ${input.registrationNo} is ACTIVE at ${existing.body}; an auditor practises at one body at a time, ` +
          `so ${existing.body} sets the record INACTIVE before another body registers it`,
      );
    }
  }
  const current = { at: now, txId, body, name: input.name, level: input.level, scopeCodes: [...input.scopeCodes], status: 'ACTIVE' as const };
  return {
    registrationNo: input.registrationNo,
    body,
    name: input.name,
    level: input.level,
    scopeCodes: [...input.scopeCodes],
    status: 'ACTIVE',
    registeredAt: now,
    updatedAt: now,
    txId,
    history: [...(existing?.history ?? []).map((v) => ({ ...v, scopeCodes: [...v.scopeCodes] })), version(current, existing === undefined ? 'REGISTERED' : `REGISTERED (from ${existing.body})`)],
  };
}

/** The registering body changes an auditor's name, level, competence or status; the old version stays in history. */
export function updateAuditor(existing: Auditor, changes: AuditorChanges, body: string, now: string, txId: string): Auditor {
  if (existing.body !== body) {
    throw forbidden(`auditor ${existing.registrationNo} is in ${existing.body}'s register; only that body changes the record`);
  }
  const next = {
    name: changes.name ?? existing.name,
    level: changes.level ?? existing.level,
    scopeCodes: changes.scopeCodes === undefined ? [...existing.scopeCodes] : [...changes.scopeCodes],
    status: changes.status ?? existing.status,
  };
  const same = next.name === existing.name && next.level === existing.level && next.status === existing.status &&
    next.scopeCodes.length === existing.scopeCodes.length && next.scopeCodes.every((c, i) => c === existing.scopeCodes[i]);
  if (same) throw invalidArgument('changes', `change nothing in auditor ${existing.registrationNo}'s record; give a new name, level, scopeCodes or status`);
  return {
    ...structuredClone(existing),
    ...next,
    updatedAt: now,
    txId,
    history: [...structuredClone(existing.history), version({ at: now, txId, body, ...next }, changes.reason)],
  };
}

/**
 * An audit's team as the register holds it: every auditor registered at the recording body and
 * ACTIVE; a LEADER is no trainee; at least one auditor is not a trainee; and the qualified
 * (non-trainee) auditors together are competent for every IAF sector of the audit.
 */
export function checkAuditTeam(audit: Pick<Audit, 'auditId' | 'auditors' | 'scopeCodes' | 'body'>, register: readonly (Auditor | undefined)[]): void {
  const qualified = new Set<number>();
  audit.auditors.forEach((assignment, i) => {
    const auditor = register[i];
    const no = assignment.registrationNo;
    if (auditor === undefined) throw notFound(`auditor ${no} in ${audit.body}'s register (register the auditor with evidence:registerAuditor first)`);
    if (auditor.body !== audit.body) {
      throw preconditionFailed(`auditor ${no} is registered at ${auditor.body}, not ${audit.body}; an audit names auditors of the body that records it`);
    }
    if (auditor.status !== 'ACTIVE') throw preconditionFailed(`auditor ${no} is ${auditor.status} in ${audit.body}'s register; only ACTIVE auditors audit`);
    if (auditor.level === 'TRAINEE') {
      if (assignment.role === 'LEADER') throw preconditionFailed(`auditor ${no} is a TRAINEE (实习审核员) and cannot lead audit ${audit.auditId}`);
      return;
    }
    for (const code of auditor.scopeCodes) qualified.add(code);
  });
  if (!audit.auditors.some((_, i) => register[i]?.level !== 'TRAINEE')) {
    throw preconditionFailed(`audit ${audit.auditId} has only TRAINEE auditors; a team needs at least one qualified auditor (AUDITOR or SENIOR)`);
  }
  const uncovered = audit.scopeCodes.filter((code) => !qualified.has(code));
  if (uncovered.length > 0) {
    throw preconditionFailed(
      `no qualified auditor of audit ${audit.auditId} is competent for IAF sector${uncovered.length > 1 ? 's' : ''} ${uncovered.join(', ')}; ` +
        'add a competent auditor or record the competence in the register (evidence:updateAuditor)',
    );
  }
}
