// The certificate contract's typed client: each method's arguments in the chaincode's order.
import { certificateApi } from '../../../../../chaincode/src/api/certificate';
import { Certificates } from '../../../../../gateway/src/fabric/contracts';
import { RecordingFabric, checkMappings } from './recording-fabric';

describe('gateway fabric/contracts: Certificates', () => {
  const fabric = new RecordingFabric();
  const c = new Certificates(fabric);
  const me = 'alice';
  const page = { pageSize: '50', bookmark: 'b1' };
  const certificate = {
    certificateNo: 'CN-1', scheme: 'QMS' as const, standard: 'GB/T 19001-2016/ISO 9001:2015', organization: { name: 'O', uscc: 'U', address: 'A', regionCode: '110000' },
    scope: 'S', scopeCodes: [17], sectorCode: 'C34', issuedAt: 'I', expiresAt: 'E', decisionEvidenceId: 'M:d',
  };
  const creditEvent = { uscc: 'U', type: 'FRAUD', severity: 'SERIOUS' as const, source: 'S', occurredAt: 'T' };
  checkMappings(fabric, 'certificate', Object.keys(certificateApi.transactions), [
    { call: () => c.issue(me, certificate), kind: 'submit', fn: 'issue', args: [JSON.stringify(certificate)] },
    { call: () => c.suspend(me, 'CN-1', { reason: '0111', until: '2026-01-01T00:00:00Z' }), kind: 'submit', fn: 'suspend', args: ['CN-1', '0111', '2026-01-01T00:00:00Z'] },
    { call: () => c.suspend(me, 'CN-1', { reason: { code: '0111', note: 'n' }, until: 'U' }), kind: 'submit', fn: 'suspend', args: ['CN-1', '{"code":"0111","note":"n"}', 'U'] },
    { call: () => c.restore(me, 'CN-1', ['M:e1', 'M:e2']), kind: 'submit', fn: 'restore', args: ['CN-1', '["M:e1","M:e2"]'] },
    { call: () => c.withdraw(me, 'CN-1', 'ceased'), kind: 'submit', fn: 'withdraw', args: ['CN-1', 'ceased'] },
    { call: () => c.cancel(me, 'CN-1', { reason: 'HOLDER_REQUEST' }), kind: 'submit', fn: 'cancel', args: ['CN-1', 'HOLDER_REQUEST', ''] },
    { call: () => c.cancel(me, 'CN-1', { reason: 'TRANSFERRED', note: 'to X' }), kind: 'submit', fn: 'cancel', args: ['CN-1', 'TRANSFERRED', 'to X'] },
    { call: () => c.expire(me, 'CN-1'), kind: 'submit', fn: 'expire', args: ['CN-1'] },
    { call: () => c.recordSurveillance(me, 'CN-1', { auditId: 'A1' }), kind: 'submit', fn: 'recordSurveillance', args: ['CN-1', 'A1', '[]'] },
    { call: () => c.recordSurveillance(me, 'CN-1', { auditId: 'A1', evidenceIds: ['M:e'] }), kind: 'submit', fn: 'recordSurveillance', args: ['CN-1', 'A1', '["M:e"]'] },
    { call: () => c.recertify(me, 'CN-1', { decisionEvidenceId: 'M:d', expiresAt: 'E' }), kind: 'submit', fn: 'recertify', args: ['CN-1', 'M:d', 'E', ''] },
    { call: () => c.recertify(me, 'CN-1', { decisionEvidenceId: 'M:d', expiresAt: 'E', newCertificateNo: 'CN-2' }), kind: 'submit', fn: 'recertify', args: ['CN-1', 'M:d', 'E', 'CN-2'] },
    { call: () => c.changeScope(me, 'CN-1', { scope: 'S', scopeCodes: [17, 19], reason: 'R' }), kind: 'submit', fn: 'changeScope', args: ['CN-1', 'S', '[17,19]', 'R'] },
    { call: () => c.changeOrganization(me, 'CN-1', { changes: { name: 'N' }, reasonCode: '0101' }), kind: 'submit', fn: 'changeOrganization', args: ['CN-1', '{"name":"N"}', '0101'] },
    { call: () => c.consentToTransfer(me, 'CN-1', 'Cb2MSP'), kind: 'submit', fn: 'consentToTransfer', args: ['CN-1', 'Cb2MSP'] },
    { call: () => c.transfer(me, 'CN-1', { newCertificateNo: 'CN-9', evidenceIds: ['M:e'] }), kind: 'submit', fn: 'transfer', args: ['CN-1', 'CN-9', '["M:e"]'] },
    { call: () => c.sweep(me, { limit: 200, bookmark: '' }), kind: 'submit', fn: 'sweep', args: ['200', ''] },
    { call: () => c.recordCreditEvent(me, creditEvent), kind: 'submit', fn: 'creditEvent', args: [JSON.stringify(creditEvent)] },
    { call: () => c.closeCreditEvent(me, 'U', 'E1', 'done'), kind: 'submit', fn: 'closeCreditEvent', args: ['U', 'E1', 'done'] },
    { call: () => c.reviseCreditEvent(me, 'U', 'E1', { severity: 'MINOR', note: 'n' }), kind: 'submit', fn: 'reviseCreditEvent', args: ['U', 'E1', '{"severity":"MINOR","note":"n"}'] },
    { call: () => c.listCreditEvents(me, 'U'), kind: 'evaluate', fn: 'listCreditEvents', args: ['U'] },
    { call: () => c.creditEventHistory(me, 'U', 'E1'), kind: 'evaluate', fn: 'creditEventHistory', args: ['U', 'E1'] },
    { call: () => c.recordAccreditation(me, { body: 'Cb1MSP', state: 'ACCREDITED', reason: 'R' }), kind: 'submit', fn: 'recordAccreditation', args: ['Cb1MSP', 'ACCREDITED', 'R'] },
    { call: () => c.verify(me, 'CN-1'), kind: 'evaluate', fn: 'verify', args: ['CN-1', ''] },
    { call: () => c.verify(me, 'CN-1', '2025-01-01T00:00:00Z'), kind: 'evaluate', fn: 'verify', args: ['CN-1', '2025-01-01T00:00:00Z'] },
    { call: () => c.get(me, 'CN-1'), kind: 'evaluate', fn: 'get', args: ['CN-1'] },
    { call: () => c.listByOrganization(me, 'U', page), kind: 'evaluate', fn: 'listByOrganization', args: ['U', '50', 'b1'] },
    { call: () => c.listByIssuer(me, 'Cb1MSP', page), kind: 'evaluate', fn: 'listByIssuer', args: ['Cb1MSP', '50', 'b1'] },
  ]);
});
