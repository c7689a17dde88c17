// The audit a certificate rests on, for every integration suite (docs/contracts.md §2.3): a GRANT
// decision names a recorded STAGE2 (RECERTIFICATION, TRANSFER) audit of the same body,
// organisation and scheme, run by registered, ACTIVE auditors of that body, dated no later than
// today in Asia/Shanghai; each audit counts once and each decision backs one certificate. So each
// certificate a suite issues gets its own auditor, audit and decision from here, over HTTP (the
// gateway) or straight through the contracts (Fabric Gateway SDK).
import { randomInt } from 'node:crypto';
import { expect } from 'chai';
import { call } from './http';
import { submitAs } from './network';

export const ALL_SECTORS = Array.from({ length: 39 }, (_, i) => i + 1);

/** Today's date in Asia/Shanghai (UTC+8), the calendar audit dates are in. */
export function shanghaiToday(ms = Date.now()): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

// Registration numbers in the CCAA form, new on every call: a random 4-digit base per process
// (the ledger keeps earlier runs' auditors) and a 3-digit counter.
const base = randomInt(0, 10_000);
let counter = 0;

/** A registration number no other call of this run uses (2020-N1QMS-<7 digits>). */
export function newRegistrationNo(): string {
  counter += 1;
  return `2020-N1QMS-${String(base).padStart(4, '0')}${String(counter % 1000).padStart(3, '0')}`;
}

/** How a suite writes audits: the recorder of `org` over HTTP, or over the Fabric Gateway SDK. */
export interface AuditWriter {
  org: string;
  /** registers an auditor; resolves with the HTTP-like status */
  registerAuditor(auditor: Record<string, unknown>): Promise<number>;
  recordAudit(audit: Record<string, unknown>): Promise<void>;
}

/** Writes through `org`'s gateway with the API key of a recorder (or admin) user. */
export function httpWriter(org: string, recorderKey: string): AuditWriter {
  return {
    org,
    async registerAuditor(auditor) {
      const answer = await call(org, 'POST', '/v1/auditors', { key: recorderKey, body: auditor });
      if (answer.status !== 201 && answer.status !== 409) expect.fail(`POST /v1/auditors: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.status;
    },
    async recordAudit(audit) {
      const answer = await call(org, 'POST', '/v1/audits', { key: recorderKey, body: audit });
      expect(answer.status, `POST /v1/audits: ${JSON.stringify(answer.body)}`).to.equal(201);
    },
  };
}

/** Writes straight through the evidence contract as `org`'s recorder1. */
export function contractWriter(org: string): AuditWriter {
  return {
    org,
    async registerAuditor(auditor) {
      try {
        await submitAs(org, 'recorder1', 'evidence:registerAuditor', [JSON.stringify(auditor)]);
        return 201;
      } catch (err) {
        const message = err instanceof Error ? err.message : '';
        if (message.includes('ALREADY_EXISTS') || message.includes('CONFLICT')) return 409;
        throw err;
      }
    },
    async recordAudit(audit) {
      await submitAs(org, 'recorder1', 'evidence:recordAudit', [JSON.stringify(audit)]);
    },
  };
}

/** Registers a new ACTIVE AUDITOR competent for every IAF sector in the writer's body; returns its number. */
export async function freshAuditor(writer: AuditWriter): Promise<string> {
  // a number taken by an earlier run (409) is skipped for the next one
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const registrationNo = newRegistrationNo();
    const status = await writer.registerAuditor({ registrationNo, name: `集成测试审核员 ${registrationNo}`, level: 'AUDITOR', scopeCodes: ALL_SECTORS });
    if (status === 201) return registrationNo;
  }
  throw new Error('no free auditor registration number after 5 tries');
}

export interface AuditOptions {
  type?: 'STAGE2' | 'RECERTIFICATION' | 'TRANSFER' | 'SURVEILLANCE' | 'STAGE1' | 'SPECIAL';
  scheme?: string;
  certificateNo?: string;
  scopeCodes?: number[];
  mode?: 'ON_SITE' | 'REMOTE';
  /** YYYY-MM-DD, default today in Asia/Shanghai (start and end) */
  date?: string;
  /** registered auditors to use instead of a fresh one */
  auditors?: string[];
}

/** The recordAudit body: a one-day audit of `uscc` by `auditors`, one man-day each, the first one leading. */
export function auditBody(auditId: string, uscc: string, auditors: string[], options: AuditOptions = {}): Record<string, unknown> {
  const date = options.date ?? shanghaiToday();
  const body: Record<string, unknown> = {
    auditId, type: options.type ?? 'STAGE2', scheme: options.scheme ?? 'QMS', uscc, startDate: date, endDate: date,
    mode: options.mode ?? 'ON_SITE', scopeCodes: options.scopeCodes ?? ALL_SECTORS,
    auditors: auditors.map((registrationNo, i) => ({ registrationNo, manDays: 1, role: i === 0 ? 'LEADER' : 'MEMBER' })),
  };
  if (options.certificateNo !== undefined) body.certificateNo = options.certificateNo;
  return body;
}

/**
 * Records audit `auditId` of `uscc` (a STAGE2 QMS audit on site today, covering every IAF sector,
 * unless told) by a fresh auditor of the writer's body; returns the audit id.
 */
export async function recordAuditFor(writer: AuditWriter, auditId: string, uscc: string, options: AuditOptions = {}): Promise<string> {
  const auditors = options.auditors ?? [await freshAuditor(writer)];
  await writer.recordAudit(auditBody(auditId, uscc, auditors, options));
  return auditId;
}
