// Auditor workload rules [DIGI (六)]: no auditor on two overlapping audits, man-days charged per
// auditor and plausible for the audit's days, and a rolling man-day total against the charter threshold.

import { invalidArgument } from '../shared/errors';
import { parseIso } from './time';
import { Audit, Charter } from './types';

const DAY_SECONDS = 86_400;

/** Milliseconds of a calendar date (YYYY-MM-DD) at 00:00 UTC; audit dates carry no time or zone. */
function parseDate(date: string, field: string): number {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw invalidArgument(field, `must be a date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
  return parseIso(`${date}T00:00:00Z`, field);
}

/**
 * An audit of the same auditor whose dates overlap the candidate's, both ranges inclusive (an audit
 * ending on the day another starts overlaps it: the auditor cannot be on two sites that day). The
 * candidate's own earlier record (same auditId) is not an overlap, so re-recording is possible.
 * The earliest-starting clash is returned, so the answer does not depend on the order of the list.
 */
export function findOverlappingAudit(
  candidate: Pick<Audit, 'auditId' | 'startDate' | 'endDate'>,
  auditorAudits: Audit[],
): Audit | undefined {
  const start = parseDate(candidate.startDate, 'startDate');
  const end = parseDate(candidate.endDate, 'endDate');
  if (end < start) throw invalidArgument('endDate', `must not be before startDate (${candidate.startDate})`);
  const clashes = auditorAudits.filter(
    (a) =>
      a.auditId !== candidate.auditId &&
      parseDate(a.startDate, 'audit.startDate') <= end &&
      start <= parseDate(a.endDate, 'audit.endDate'),
  );
  clashes.sort((a, b) => (a.startDate === b.startDate ? compare(a.auditId, b.auditId) : compare(a.startDate, b.startDate)));
  return clashes[0] === undefined ? undefined : structuredClone(clashes[0]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The calendar days an audit spans, both dates included (2025-01-06 to 2025-01-08 is 3). */
export function auditCalendarDays(startDate: string, endDate: string): number {
  const start = parseDate(startDate, 'startDate');
  const end = parseDate(endDate, 'endDate');
  if (end < start) throw invalidArgument('endDate', `must not be before startDate (${startDate})`);
  return (end - start) / (DAY_SECONDS * 1000) + 1;
}

/**
 * Man-days are charged per auditor, and one auditor works at most one man-day per calendar day of
 * the audit: more is implausible and refused [EMS #11, #17]. `field` names the auditor list.
 */
export function checkManDaysPlausible(audit: Pick<Audit, 'startDate' | 'endDate' | 'auditors'>, field: string): void {
  const days = auditCalendarDays(audit.startDate, audit.endDate);
  audit.auditors.forEach((a, i) => {
    if (a.manDays > days) {
      throw invalidArgument(
        `${field}[${i}].manDays`,
        `${a.manDays} man-days for auditor ${a.registrationNo} is more than the ${days} calendar day${days === 1 ? '' : 's'} ` +
          `of the audit (${audit.startDate} to ${audit.endDate}); one auditor works at most one man-day a day`,
      );
    }
  });
}

/** The man-days charged to `auditor` on an audit (0 when not on its team). */
export function manDaysOf(audit: Pick<Audit, 'auditors'>, auditor: string): number {
  return audit.auditors.find((a) => a.registrationNo === auditor)?.manDays ?? 0;
}

/**
 * The man-days charged to `auditor` on their audits that end inside the window of `windowSeconds`
 * ending on `windowEndDate` (inclusive). Audits are dated by day, so the window is whole days: the
 * end date and the days before it, ceil(windowSeconds / 1 day) days in all (at least one). With the
 * default 30 days, a window ending 2025-01-30 holds audits ending 2025-01-01 to 2025-01-30.
 *
 * Each audit counts with the auditor's own man-days, not the team's. An audit counts in full on its
 * end date, when its man-days are known and final, rather than being spread over its days: the rule
 * stays simple to check by hand, and a long audit still counts in the window in which it ends.
 * Audits ending after `windowEndDate` are not counted. Each auditId is counted once, as its last
 * entry in the list (the contract appends the audit being recorded).
 */
export function rollingManDays(auditor: string, auditorAudits: Audit[], windowEndDate: string, windowSeconds: number): number {
  const end = parseDate(windowEndDate, 'windowEndDate');
  if (!Number.isFinite(windowSeconds) || windowSeconds <= 0) {
    throw invalidArgument('windowSeconds', `must be a positive number of seconds, got ${windowSeconds}`);
  }
  const days = Math.max(1, Math.ceil(windowSeconds / DAY_SECONDS));
  const start = end - (days - 1) * DAY_SECONDS * 1000;
  // a later entry with the same auditId is the newer record of that audit and replaces the earlier one
  const latest = new Map<string, Audit>();
  for (const audit of auditorAudits) latest.set(audit.auditId, audit);
  const inWindow = [...latest.values()].filter((audit) => {
    const ended = parseDate(audit.endDate, 'audit.endDate');
    return ended >= start && ended <= end;
  });
  // summed in a fixed order so fractional man-days round the same way whatever order state returned
  inWindow.sort((a, b) => compare(a.auditId, b.auditId));
  return inWindow.reduce((sum, a) => sum + manDaysOf(a, auditor), 0);
}

/** True when the total is strictly above the charter threshold: reaching it exactly is still allowed. */
export function workloadExceeded(total: number, charter: Charter): boolean {
  return total > charter.auditorWorkload.maxManDays;
}
