// The inspection contract: the regulator's inspector pool and random inspection by commit/reveal
// (docs/random-inspection.md, docs/contracts.md §3).
import type { Inspector } from '../inspection/types';
import type { SampleView } from '../inspection/sampling';
import type { InspectionResult, SampleCommitment } from '../domain/sample-rules';
import { ARG, MISSING, NOT_YOURS, RULE, STATE, TAKEN } from './errors';
import { evaluate, submit } from './transaction';

export interface SampleCriteriaArg {
  scheme?: string;
  issuer?: string;
  /** a GB/T 2260 province, prefecture or county code */
  region?: string;
  count: number;
  inspectorCount: number;
}
export interface InspectionResultArg {
  outcome: string;
  note: string;
  evidenceId?: string;
}
export type { Inspector, SampleView };

export const inspectionApi = {
  name: 'inspection',
  transactions: {
    registerInspector: submit<{ inspectorId: string; name: string }, Inspector>()(['inspectorId', 'name'], ARG, TAKEN, NOT_YOURS, RULE),
    openSample: submit<{ sampleId: string; commitment: string; criteriaJson: SampleCriteriaArg }, SampleView>()(['sampleId', 'commitment', 'criteriaJson'],
      ARG, TAKEN, NOT_YOURS, STATE, RULE),
    commitSample: submit<{ sampleId: string; commitment: string }, Omit<SampleCommitment, 'committedBy'>>()(['sampleId', 'commitment'], ARG, MISSING, TAKEN, NOT_YOURS, STATE, RULE),
    closeSample: submit<{ sampleId: string }, SampleView>()(['sampleId'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    revealSample: submit<{ sampleId: string; secret: string }, SampleView | Omit<SampleCommitment, 'committedBy'>>()(['sampleId', 'secret'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    settleSample: submit<{ sampleId: string }, SampleView>()(['sampleId'], ARG, MISSING, NOT_YOURS, STATE, RULE),
    recordInspectionResult: submit<{ sampleId: string; certNo: string; resultJson: InspectionResultArg }, InspectionResult>()(['sampleId', 'certNo', 'resultJson'],
      ARG, MISSING, TAKEN, NOT_YOURS, STATE, RULE),
    getSample: evaluate<{ sampleId: string }, SampleView>()(['sampleId'], ARG, MISSING, NOT_YOURS),
    getSampleReport: evaluate<{ sampleId: string }, SampleView>()(['sampleId'], ARG, MISSING, NOT_YOURS, STATE),
  },
} as const;
