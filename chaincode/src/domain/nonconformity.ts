// The open/closed state of nonconformities, which a certification decision waits on: a MAJOR
// nonconformity of an audit must be closed before a decision on that audit [QMS-BC App. A;
// ISO/IEC 17021-1 9.4.9, 9.5.1.2] (docs/architecture.md §3). A pure function of the record
// being anchored and the state it meets; the evidence contract reads the state and writes the
// changes this returns.
import type { EvidenceRecord, NonconformitySeverity } from './types';

/** An entry of the open set: the audit and the nonconformity's record id. */
export interface OpenNonconformity {
  auditId: string;
  id: string;
}

export interface NonconformityChanges {
  /** entries to add, with the severity they carry */
  open: (OpenNonconformity & { severity: NonconformitySeverity | undefined })[];
  /** entries to remove */
  close: OpenNonconformity[];
}

/** What anchoring a record meets: the record it supersedes and the nonconformity it closes, with whether each is open. */
export interface NonconformityContext {
  /** the record this one supersedes, and whether it is an open nonconformity */
  superseded?: { record: Pick<EvidenceRecord, 'id' | 'kind' | 'subject'>; open: boolean };
  /** for a corrective action: the nonconformity it names, when that one is still open */
  closesOpen?: Pick<EvidenceRecord, 'id' | 'subject'>;
}

/**
 * The changes to the open set when `record` is anchored:
 * - a nonconformity of an audit opens, unless it corrects a nonconformity that was closed;
 * - a corrected nonconformity hands its state to its correction: an open one stops counting (its
 *   correction is open in its place), a closed one stays closed and so does its correction;
 * - a corrective action closes the open nonconformity it names.
 */
export function nonconformityChanges(
  record: Pick<EvidenceRecord, 'id' | 'kind' | 'subject' | 'severity' | 'closes'>,
  context: NonconformityContext,
): NonconformityChanges {
  const changes: NonconformityChanges = { open: [], close: [] };
  const older = context.superseded?.record.kind === 'NONCONFORMITY' ? context.superseded : undefined;
  if (older?.open === true) changes.close.push({ auditId: older.record.subject.auditId ?? '', id: older.record.id });
  if (record.kind === 'NONCONFORMITY' && record.subject.auditId !== undefined && (older === undefined || older.open)) {
    changes.open.push({ auditId: record.subject.auditId, id: record.id, severity: record.severity });
  }
  if (record.kind === 'CORRECTIVE_ACTION' && record.closes !== undefined && context.closesOpen !== undefined) {
    changes.close.push({ auditId: context.closesOpen.subject.auditId ?? '', id: context.closesOpen.id });
  }
  return changes;
}
