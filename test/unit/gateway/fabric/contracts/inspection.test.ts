// The inspection contract's typed client: each method's arguments in the chaincode's order.
import { inspectionApi } from '../../../../../chaincode/src/api/inspection';
import { Inspection } from '../../../../../gateway/src/fabric/contracts';
import { RecordingFabric, checkMappings } from './recording-fabric';

describe('gateway fabric/contracts: Inspection', () => {
  const fabric = new RecordingFabric();
  const c = new Inspection(fabric);
  const me = 'alice';
  checkMappings(fabric, 'inspection', Object.keys(inspectionApi.transactions), [
    { call: () => c.registerInspector(me, { inspectorId: 'I1', name: 'N' }), kind: 'submit', fn: 'registerInspector', args: ['I1', 'N'] },
    { call: () => c.openSample(me, { sampleId: 'S1', commitment: 'h', criteria: { count: 2, inspectorCount: 1, region: '350102' } }), kind: 'submit', fn: 'openSample', args: ['S1', 'h', '{"count":2,"inspectorCount":1,"region":"350102"}'] },
    { call: () => c.commitSample(me, 'S1', 'h2'), kind: 'submit', fn: 'commitSample', args: ['S1', 'h2'] },
    { call: () => c.closeSample(me, 'S1'), kind: 'submit', fn: 'closeSample', args: ['S1'] },
    { call: () => c.revealSample(me, 'S1', 'secret'), kind: 'submit', fn: 'revealSample', args: ['S1', 'secret'] },
    { call: () => c.settleSample(me, 'S1'), kind: 'submit', fn: 'settleSample', args: ['S1'] },
    { call: () => c.recordResult(me, 'S1', 'CN-1', { outcome: 'CONFORMING', note: 'ok', evidenceId: 'M:e' }), kind: 'submit', fn: 'recordInspectionResult', args: ['S1', 'CN-1', '{"outcome":"CONFORMING","note":"ok","evidenceId":"M:e"}'] },
    { call: () => c.getSample(me, 'S1'), kind: 'evaluate', fn: 'getSample', args: ['S1'] },
    { call: () => c.getSampleReport(me, 'S1'), kind: 'evaluate', fn: 'getSampleReport', args: ['S1'] },
  ]);
});
