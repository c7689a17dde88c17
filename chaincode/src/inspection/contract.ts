// The inspection contract: the regulator's inspector pool and random inspection by commit/reveal
// (双随机一公开, docs/random-inspection.md). The transactions delegate to ./sampling.ts; the rules
// are in domain/sample-rules.ts and the draw in domain/draw.ts.
import { Info, Returns, Transaction } from 'fabric-contract-api';
import type { inspectionApi } from '../api/inspection';
import type { Implementation } from '../api/transaction';
import { CertledgerContext } from '../shared/context';
import { CertledgerContract } from '../shared/contract';
import {
  closeSampleTx,
  commitSampleTx,
  getSampleReportTx,
  getSampleTx,
  openSampleTx,
  recordInspectionResultTx,
  registerInspectorTx,
  revealSampleTx,
  settleSampleTx,
} from './sampling';

@Info({ title: 'inspection', description: 'Random inspection: the inspector pool, samples drawn by commit/reveal, their results' })
export class InspectionContract extends CertledgerContract implements Implementation<typeof inspectionApi, CertledgerContext> {
  constructor() {
    super('inspection');
  }

  /** The regulator adds an inspector to the pool random inspections draw from. */
  @Transaction()
  @Returns('string')
  async registerInspector(ctx: CertledgerContext, inspectorId: string, name: string) {
    return registerInspectorTx(ctx, inspectorId, name);
  }

  // The sample flow lives in ./sampling.ts (docs/random-inspection.md): the regulator opens with its
  // commitment, members commit, the population is frozen at close, members reveal, the regulator
  // reveals last and the draw is made; anyone settles a sample past its deadlines.

  /** The regulator opens a sample with sha256 of its secret (bound to sample and member) and the criteria. */
  @Transaction()
  @Returns('string')
  async openSample(ctx: CertledgerContext, sampleId: string, commitment: string, criteriaJson: string) {
    return openSampleTx(ctx, sampleId, commitment, criteriaJson);
  }

  /** Another ACTIVE member commits to its secret before the commit deadline. */
  @Transaction()
  @Returns('string')
  async commitSample(ctx: CertledgerContext, sampleId: string, commitment: string) {
    return commitSampleTx(ctx, sampleId, commitment);
  }

  /** After the commit deadline: the populations are frozen (or the sample is VOID). */
  @Transaction()
  @Returns('string')
  async closeSample(ctx: CertledgerContext, sampleId: string) {
    return closeSampleTx(ctx, sampleId);
  }

  /** A committed member reveals its secret; the regulator's reveal comes last and makes the draw. */
  @Transaction()
  @Returns('string')
  async revealSample(ctx: CertledgerContext, sampleId: string, secret: string) {
    return revealSampleTx(ctx, sampleId, secret);
  }

  /** A sample past its deadlines: VOID with too few member reveals, else drawn without a withholding regulator. */
  @Transaction()
  @Returns('string')
  async settleSample(ctx: CertledgerContext, sampleId: string) {
    return settleSampleTx(ctx, sampleId);
  }

  /** The regulator records the result of inspecting a drawn certificate [BULLETIN: 向社会公开抽查结果]. */
  @Transaction()
  @Returns('string')
  async recordInspectionResult(ctx: CertledgerContext, sampleId: string, certNo: string, resultJson: string) {
    return recordInspectionResultTx(ctx, sampleId, certNo, resultJson);
  }

  @Transaction(false)
  @Returns('string')
  async getSample(ctx: CertledgerContext, sampleId: string) {
    return getSampleTx(ctx, sampleId);
  }

  /** The public report of a sample: its draw, recomputable by anyone, and its results. */
  @Transaction(false)
  @Returns('string')
  async getSampleReport(ctx: CertledgerContext, sampleId: string) {
    return getSampleReportTx(ctx, sampleId);
  }
}
