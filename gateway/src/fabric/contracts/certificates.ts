// The certificate contract as the gateway calls it (chaincode/src/api/certificate.ts).
import { certificateApi, type StatusReasonArg } from '../../../../chaincode/src/api/certificate';
import type { ArgsOf } from '../../../../chaincode/src/api/transaction';
import { ContractClient, type FabricCalls } from './client';

type Args<F extends keyof typeof certificateApi.transactions> = ArgsOf<(typeof certificateApi.transactions)[F]>;

export class Certificates extends ContractClient<typeof certificateApi> {
  constructor(fabric: FabricCalls) {
    super(fabric, certificateApi);
  }

  issue(identity: string, certificate: Args<'issue'>['certificateJson']) {
    return this.submit(identity, 'issue', { certificateJson: certificate });
  }

  suspend(identity: string, no: string, measure: { reason: StatusReasonArg; until: string }) {
    return this.submit(identity, 'suspend', { certNo: no, reason: measure.reason, suspendedUntil: measure.until });
  }

  restore(identity: string, no: string, evidenceIds: string[]) {
    return this.submit(identity, 'restore', { certNo: no, evidenceIdsJson: evidenceIds });
  }

  withdraw(identity: string, no: string, reason: StatusReasonArg) {
    return this.submit(identity, 'withdraw', { certNo: no, reason });
  }

  cancel(identity: string, no: string, cancellation: { reason: string; note?: string | undefined }) {
    return this.submit(identity, 'cancel', { certNo: no, reason: cancellation.reason, note: cancellation.note });
  }

  expire(identity: string, no: string) {
    return this.submit(identity, 'expire', { certNo: no });
  }

  recordSurveillance(identity: string, no: string, surveillance: { auditId: string; evidenceIds?: string[] | undefined }) {
    return this.submit(identity, 'recordSurveillance', { certNo: no, auditId: surveillance.auditId, evidenceIdsJson: surveillance.evidenceIds ?? [] });
  }

  recertify(identity: string, no: string, renewal: { decisionEvidenceId: string; expiresAt: string; newCertificateNo?: string | undefined }) {
    return this.submit(identity, 'recertify', { certNo: no, decisionEvidenceId: renewal.decisionEvidenceId, newExpiresAt: renewal.expiresAt, newCertificateNo: renewal.newCertificateNo });
  }

  changeScope(identity: string, no: string, change: { scope: string; scopeCodes: number[]; reason: string }) {
    return this.submit(identity, 'changeScope', { certNo: no, scope: change.scope, scopeCodesJson: change.scopeCodes, reason: change.reason });
  }

  changeOrganization(identity: string, no: string, change: { changes: Args<'changeOrganization'>['changesJson']; reasonCode: string }) {
    return this.submit(identity, 'changeOrganization', { certNo: no, changesJson: change.changes, reasonCode: change.reasonCode });
  }

  consentToTransfer(identity: string, no: string, acceptingBody: string) {
    return this.submit(identity, 'consentToTransfer', { certNo: no, acceptingBody });
  }

  transfer(identity: string, no: string, transfer: { newCertificateNo: string; evidenceIds: string[] }) {
    return this.submit(identity, 'transfer', { sourceNo: no, newCertificateNo: transfer.newCertificateNo, evidenceIdsJson: transfer.evidenceIds });
  }

  sweep(identity: string, page: { limit: number; bookmark: string }) {
    return this.submit(identity, 'sweep', page);
  }

  /** What a sweep of this page would change, without committing it. */
  previewSweep(identity: string, page: { limit: number; bookmark: string }) {
    return this.preview(identity, 'sweep', page);
  }

  recordCreditEvent(identity: string, event: Args<'creditEvent'>['eventJson']) {
    return this.submit(identity, 'creditEvent', { eventJson: event });
  }

  closeCreditEvent(identity: string, uscc: string, id: string, note: string) {
    return this.submit(identity, 'closeCreditEvent', { uscc, eventId: id, note });
  }

  reviseCreditEvent(identity: string, uscc: string, id: string, revision: Args<'reviseCreditEvent'>['revisionJson']) {
    return this.submit(identity, 'reviseCreditEvent', { uscc, eventId: id, revisionJson: revision });
  }

  listCreditEvents(identity: string, uscc: string) {
    return this.evaluate(identity, 'listCreditEvents', { uscc });
  }

  creditEventHistory(identity: string, uscc: string, id: string) {
    return this.evaluate(identity, 'creditEventHistory', { uscc, eventId: id });
  }

  recordAccreditation(identity: string, accreditation: { body: string; state: string; reason: string }) {
    return this.submit(identity, 'recordAccreditation', accreditation);
  }

  /** The verification view; `at` for the view as at a past moment. */
  verify(identity: string, no: string, at?: string) {
    return this.evaluate(identity, 'verify', { certNo: no, at });
  }

  get(identity: string, no: string) {
    return this.evaluate(identity, 'get', { certNo: no });
  }

  listByOrganization(identity: string, uscc: string, page: { pageSize: string; bookmark: string }) {
    return this.evaluate(identity, 'listByOrganization', { uscc, ...page });
  }

  listByIssuer(identity: string, mspId: string, page: { pageSize: string; bookmark: string }) {
    return this.evaluate(identity, 'listByIssuer', { mspId, ...page });
  }
}
