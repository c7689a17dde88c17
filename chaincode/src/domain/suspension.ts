// The suspension allowance of a certification cycle: "暂停期限不超过六个月"
// (docs/domain.md §4.5) limits the time a certificate spends suspended, not the length of each
// suspension, so restoring and suspending again cannot chain suspensions without end.
//
// The rule, stated once:
// - The allowance of a cycle is the charter's maxSuspension (default P6M) counted on the calendar
//   from the start of the cycle's first suspension: from 2025-02-01 that is 181 days, from
//   2025-07-01 184 days. It is fixed once that first suspension starts.
// - Each suspension uses the time from its start to its restore, or to suspendedUntil when it was
//   not restored.
// - A new suspension may run at most to now + (allowance − used).
// A certificate keeps its suspensions in `suspensions`; a new cycle (a new certificate) starts
// without any, and a transfer carries them over, because it continues the cycle (IAF MD 2).

import { addDuration, addSeconds, canonicalIso, secondsBetween } from './time';
import type { Certificate, Charter, SuspensionPeriod } from './types';

export interface SuspensionAllowance {
  /** the start of the cycle's first suspension (now, when there was none) */
  countedFrom: string;
  /** the allowance of the cycle, in seconds */
  allowedSeconds: number;
  usedSeconds: number;
  remainingSeconds: number;
  /** the latest suspendedUntil a suspension starting now may have */
  latestUntil: string;
}

function periods(cert: Certificate): readonly SuspensionPeriod[] {
  return cert.suspensions ?? [];
}

/** Seconds one suspension used: to its restore, or to suspendedUntil when it ran its course. */
function usedBy(period: SuspensionPeriod): number {
  return Math.max(0, secondsBetween(period.from, period.endedAt ?? period.until));
}

/** How much suspension the certificate's cycle still allows a suspension starting `now`. */
export function suspensionAllowance(cert: Certificate, now: string, charter: Charter): SuspensionAllowance {
  const all = periods(cert);
  const countedFrom = all[0]?.from ?? canonicalIso(now);
  const allowedSeconds = secondsBetween(countedFrom, addDuration(countedFrom, charter.durations.maxSuspension, 'charter.durations.maxSuspension'));
  const usedSeconds = all.reduce((sum, p) => sum + usedBy(p), 0);
  const remainingSeconds = Math.max(0, allowedSeconds - usedSeconds);
  const latestUntil = addSeconds(now, remainingSeconds);
  return { countedFrom, allowedSeconds, usedSeconds, remainingSeconds, latestUntil };
}

/** The suspensions with a new one starting `now` until `until`. */
export function openSuspension(cert: Certificate, now: string, until: string): SuspensionPeriod[] {
  return [...periods(cert).map((p) => ({ ...p })), { from: canonicalIso(now), until: canonicalIso(until) }];
}

/**
 * The suspensions with the current one lifted at `now` (restore). A certificate suspended before
 * suspensions were recorded gets its current suspension recorded from statusSince.
 */
export function closeSuspension(cert: Certificate, now: string): SuspensionPeriod[] {
  const out = periods(cert).map((p) => ({ ...p }));
  const last = out[out.length - 1];
  const at = canonicalIso(now);
  if (last !== undefined && last.endedAt === undefined) {
    last.endedAt = at;
  } else if (cert.suspendedUntil !== undefined) {
    out.push({ from: canonicalIso(cert.statusSince), until: canonicalIso(cert.suspendedUntil), endedAt: at });
  }
  return out;
}

/**
 * The latest suspendedUntil for the suspension the certificate is in now, when the regulator takes
 * it over (docs/contracts.md `suspend`): the takeover keeps the suspension's start, so the cycle's
 * allowance is counted as if this suspension had been asked for that long from the start — the
 * other suspensions of the cycle use what they used, this one may run to its start + the rest.
 * A suspension recorded before `suspensions` existed counts from statusSince.
 */
export function currentSuspensionLatestUntil(cert: Certificate, charter: Charter): string {
  const all = [...periods(cert)];
  const last = all[all.length - 1];
  const current = last !== undefined && last.endedAt === undefined ? (all.pop() as SuspensionPeriod) : undefined;
  const from = current?.from ?? canonicalIso(cert.statusSince);
  const countedFrom = all[0]?.from ?? from;
  const allowedSeconds = secondsBetween(countedFrom, addDuration(countedFrom, charter.durations.maxSuspension, 'charter.durations.maxSuspension'));
  const usedSeconds = all.reduce((sum, p) => sum + usedBy(p), 0);
  return addSeconds(from, Math.max(0, allowedSeconds - usedSeconds));
}

/** The suspensions with the current (open) one now running until `until` (a takeover). */
export function extendCurrentSuspension(cert: Certificate, until: string): SuspensionPeriod[] {
  const out = periods(cert).map((p) => ({ ...p }));
  const last = out[out.length - 1];
  if (last !== undefined && last.endedAt === undefined) {
    last.until = canonicalIso(until);
  } else {
    out.push({ from: canonicalIso(cert.statusSince), until: canonicalIso(until) });
  }
  return out;
}
