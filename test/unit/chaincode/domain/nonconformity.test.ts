// The open/closed state machine of nonconformities (domain/nonconformity.ts), row by row.
import { expect } from 'chai';
import { nonconformityChanges } from '../../../../chaincode/src/domain/nonconformity';
import type { EvidenceRecord } from '../../../../chaincode/src/domain/types';

type Anchored = Pick<EvidenceRecord, 'id' | 'kind' | 'subject' | 'severity' | 'closes'>;
const nc = (id: string, auditId: string | undefined, severity: 'MAJOR' | 'MINOR' = 'MAJOR'): Anchored => ({
  id, kind: 'NONCONFORMITY', severity, subject: auditId === undefined ? {} : { auditId },
});
const action = (id: string, closes: string): Anchored => ({ id, kind: 'CORRECTIVE_ACTION', closes, subject: { auditId: 'A1' } });

describe('domain/nonconformity: the open set', () => {
  it('a new nonconformity of an audit opens, with its severity', () => {
    expect(nonconformityChanges(nc('M:n1', 'A1'), {})).to.deep.equal({ open: [{ auditId: 'A1', id: 'M:n1', severity: 'MAJOR' }], close: [] });
    expect(nonconformityChanges(nc('M:n2', 'A1', 'MINOR'), {}).open).to.deep.equal([{ auditId: 'A1', id: 'M:n2', severity: 'MINOR' }]);
  });

  it('a nonconformity that names no audit opens nothing', () => {
    expect(nonconformityChanges(nc('M:n1', undefined), {})).to.deep.equal({ open: [], close: [] });
  });

  it('correcting an open nonconformity moves the open entry to the correction', () => {
    const changes = nonconformityChanges(nc('M:n1b', 'A1'), { superseded: { record: nc('M:n1', 'A1'), open: true } });
    expect(changes).to.deep.equal({ open: [{ auditId: 'A1', id: 'M:n1b', severity: 'MAJOR' }], close: [{ auditId: 'A1', id: 'M:n1' }] });
  });

  it('correcting a closed nonconformity leaves the correction closed', () => {
    expect(nonconformityChanges(nc('M:n1b', 'A1'), { superseded: { record: nc('M:n1', 'A1'), open: false } })).to.deep.equal({ open: [], close: [] });
  });

  it('a record superseding another kind is a new nonconformity like any', () => {
    const older = { id: 'M:r', kind: 'AUDIT_REPORT' as const, subject: { auditId: 'A1' } };
    expect(nonconformityChanges(nc('M:n1', 'A1'), { superseded: { record: older, open: false } }).open).to.have.length(1);
  });

  it('a corrective action closes the open nonconformity it names, under that nonconformity\'s audit', () => {
    expect(nonconformityChanges(action('M:c1', 'M:n1'), { closesOpen: nc('M:n1', 'A7') })).to.deep.equal({ open: [], close: [{ auditId: 'A7', id: 'M:n1' }] });
  });

  it('a corrective action of a nonconformity that is not open changes nothing', () => {
    expect(nonconformityChanges(action('M:c1', 'M:n1'), {})).to.deep.equal({ open: [], close: [] });
  });

  it('another kind of record changes nothing', () => {
    const report: Anchored = { id: 'M:r', kind: 'AUDIT_REPORT', subject: { auditId: 'A1' } };
    expect(nonconformityChanges(report, {})).to.deep.equal({ open: [], close: [] });
  });
});
