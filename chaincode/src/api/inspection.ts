// The inspection contract: the regulator's inspector pool and random inspection by commit/reveal
// (docs/random-inspection.md, docs/contracts.md §3).
import type { Inspector } from '../inspection/types';
import type { SampleView } from '../inspection/sampling';
import type { InspectionResult, SampleCommitment } from '../domain/sample-rules';
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
    registerInspector: submit<{ inspectorId: string; name: string }, Inspector>()(['inspectorId', 'name'], 'INVALID_ARGUMENT', 'ALREADY_EXISTS', 'FORBIDDEN', 'PRECONDITION_FAILED'),
    openSample: submit<{ sampleId: string; commitment: string; criteriaJson: SampleCriteriaArg }, SampleView>()(['sampleId', 'commitment', 'criteriaJson'],
      'INVALID_ARGUMENT', 'ALREADY_EXISTS', 'FORBIDDEN', 'CONFLICT', 'PRECONDITION_FAILED'),
    commitSample: submit<{ sampleId: string; commitment: string }, Omit<SampleCommitment, 'committedBy'>>()(['sampleId', 'commitment'], 'INVALID_ARGUMENT', 'NOT_FOUND', 'ALREADY_EXISTS', 'FORBIDDEN', 'CONFLICT', 'PRECONDITION_FAILED'),
    closeSample: submit<{ sampleId: string }, SampleView>()(['sampleId'], 'INVALID_ARGUMENT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'PRECONDITION_FAILED'),
    revealSample: submit<{ sampleId: string; secret: string }, SampleView | Omit<SampleCommitment, 'committedBy'>>()(['sampleId', 'secret'], 'INVALID_ARGUMENT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'PRECONDITION_FAILED'),
    settleSample: submit<{ sampleId: string }, SampleView>()(['sampleId'], 'INVALID_ARGUMENT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'PRECONDITION_FAILED'),
    recordInspectionResult: submit<{ sampleId: string; certNo: string; resultJson: InspectionResultArg }, InspectionResult>()(['sampleId', 'certNo', 'resultJson'],
      'INVALID_ARGUMENT', 'NOT_FOUND', 'ALREADY_EXISTS', 'FORBIDDEN', 'CONFLICT', 'PRECONDITION_FAILED'),
    getSample: evaluate<{ sampleId: string }, SampleView>()(['sampleId'], 'INVALID_ARGUMENT', 'NOT_FOUND', 'FORBIDDEN'),
    getSampleReport: evaluate<{ sampleId: string }, SampleView>()(['sampleId'], 'INVALID_ARGUMENT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT'),
  },
} as const;
