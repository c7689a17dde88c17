// The inspection contract as the gateway calls it (chaincode/src/api/inspection.ts).
import { inspectionApi, type InspectionResultArg, type SampleCriteriaArg } from '../../../../chaincode/src/api/inspection';
import { ContractClient, type FabricCalls } from './client';

export class Inspection extends ContractClient<typeof inspectionApi> {
  constructor(fabric: FabricCalls) {
    super(fabric, inspectionApi);
  }

  registerInspector(identity: string, inspector: { inspectorId: string; name: string }) {
    return this.submit(identity, 'registerInspector', inspector);
  }

  openSample(identity: string, sample: { sampleId: string; commitment: string; criteria: SampleCriteriaArg }) {
    return this.submit(identity, 'openSample', { sampleId: sample.sampleId, commitment: sample.commitment, criteriaJson: sample.criteria });
  }

  commitSample(identity: string, sampleId: string, commitment: string) {
    return this.submit(identity, 'commitSample', { sampleId, commitment });
  }

  closeSample(identity: string, sampleId: string) {
    return this.submit(identity, 'closeSample', { sampleId });
  }

  revealSample(identity: string, sampleId: string, secret: string) {
    return this.submit(identity, 'revealSample', { sampleId, secret });
  }

  settleSample(identity: string, sampleId: string) {
    return this.submit(identity, 'settleSample', { sampleId });
  }

  recordResult(identity: string, sampleId: string, certificateNo: string, result: InspectionResultArg) {
    return this.submit(identity, 'recordInspectionResult', { sampleId, certNo: certificateNo, resultJson: result });
  }

  getSample(identity: string, sampleId: string) {
    return this.evaluate(identity, 'getSample', { sampleId });
  }

  /** The public report: the draw, recomputable by anyone, and the results. */
  getSampleReport(identity: string, sampleId: string) {
    return this.evaluate(identity, 'getSampleReport', { sampleId });
  }
}
