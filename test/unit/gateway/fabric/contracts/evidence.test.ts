// The evidence contract's typed client: each method's arguments in the chaincode's order, and
// private content only in the transient map.
import { expect } from 'chai';
import { evidenceApi } from '../../../../../chaincode/src/api/evidence';
import { Evidence } from '../../../../../gateway/src/fabric/contracts';
import { RecordingFabric, checkMappings } from './recording-fabric';

describe('gateway fabric/contracts: Evidence', () => {
  const fabric = new RecordingFabric();
  const c = new Evidence(fabric);
  const me = 'alice';
  const page = { pageSize: '10', bookmark: '' };
  const digest = { alg: 'sha256', value: 'v' };
  const audit = {
    auditId: 'A1', type: 'STAGE2', scheme: 'QMS', uscc: 'U', startDate: '2026-01-05', endDate: '2026-01-06', mode: 'ON_SITE' as const,
    scopeCodes: [17], auditors: [{ registrationNo: 'R-1', manDays: 2 }],
  };
  checkMappings(fabric, 'evidence', Object.keys(evidenceApi.transactions), [
    { call: () => c.anchor(me, { clientRef: 'r1', kind: 'OTHER', digest }), kind: 'submit', fn: 'anchor', args: ['{"clientRef":"r1","kind":"OTHER","digest":{"alg":"sha256","value":"v"}}'] },
    { call: () => c.anchorBatch(me, { clientRef: 'b1', alg: 'sha256', digests: ['d'] }), kind: 'submit', fn: 'anchorBatch', args: ['{"clientRef":"b1","alg":"sha256","digests":["d"]}'] },
    { call: () => c.verifyDigest(me, { alg: 'sm3', value: 'v' }), kind: 'evaluate', fn: 'verifyDigest', args: ['sm3', 'v'] },
    { call: () => c.verifyBatchItem(me, 'B1', { digest: 'd', proof: [{ side: 'L', hash: 'h' }] }), kind: 'evaluate', fn: 'verifyBatchItem', args: ['B1', 'd', '[{"side":"L","hash":"h"}]'] },
    { call: () => c.get(me, 'M:r1'), kind: 'evaluate', fn: 'get', args: ['M:r1'] },
    { call: () => c.getBatch(me, 'M:b1'), kind: 'evaluate', fn: 'getBatch', args: ['M:b1'] },
    { call: () => c.history(me, 'M:r1'), kind: 'evaluate', fn: 'history', args: ['M:r1'] },
    { call: () => c.listBySubject(me, { field: 'uscc', value: 'U', ...page }), kind: 'evaluate', fn: 'listBySubject', args: ['uscc', 'U', '10', ''] },
    { call: () => c.getPrivateContent(me, 'M:r1'), kind: 'evaluate', fn: 'getPrivateContent', args: ['M:r1'] },
    { call: () => c.recordAudit(me, audit), kind: 'submit', fn: 'recordAudit', args: [JSON.stringify(audit)] },
    { call: () => c.getAudit(me, 'A1'), kind: 'evaluate', fn: 'getAudit', args: ['A1'] },
    { call: () => c.openNonconformities(me, 'A1'), kind: 'evaluate', fn: 'openNonconformities', args: ['A1'] },
    { call: () => c.registerAuditor(me, { registrationNo: 'R-1', name: 'N', level: 'AUDITOR', scopeCodes: [17] }), kind: 'submit', fn: 'registerAuditor', args: ['{"registrationNo":"R-1","name":"N","level":"AUDITOR","scopeCodes":[17]}'] },
    { call: () => c.updateAuditor(me, 'R-1', { reason: 'r' }), kind: 'submit', fn: 'updateAuditor', args: ['R-1', '{"reason":"r"}'] },
    { call: () => c.getAuditor(me, 'R-1'), kind: 'evaluate', fn: 'getAuditor', args: ['R-1'] },
    { call: () => c.listAuditors(me, 'Cb1MSP', page), kind: 'evaluate', fn: 'listAuditors', args: ['Cb1MSP', '10', ''] },
    { call: () => c.requestTakedown(me, 'M:r1', 'why'), kind: 'submit', fn: 'requestTakedown', args: ['M:r1', 'why'] },
    { call: () => c.approveTakedown(me, 'M:r1', 'ok'), kind: 'submit', fn: 'approveTakedown', args: ['M:r1', 'ok'] },
    { call: () => c.rejectTakedown(me, 'M:r1', 'no'), kind: 'submit', fn: 'rejectTakedown', args: ['M:r1', 'no'] },
    { call: () => c.takenDownTransactions(me, ['t1', 't2']), kind: 'evaluate', fn: 'takenDownTransactions', args: ['["t1","t2"]'] },
  ]);

  it('anchor sends private content in the transient map only', async () => {
    await c.anchor(me, { clientRef: 'r2', kind: 'OTHER', digest, form: 'private' }, Buffer.from('secret'));
    const made = fabric.last();
    expect(made.args).to.deep.equal(['{"clientRef":"r2","kind":"OTHER","digest":{"alg":"sha256","value":"v"},"form":"private"}']);
    expect(made.transient?.content?.toString()).to.equal('secret');
  });
});
