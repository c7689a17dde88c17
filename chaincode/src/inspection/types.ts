// Records the inspection contract keeps besides its samples (domain/sample-rules.ts).

/** An inspector in the regulator's random-inspection pool. */
export interface Inspector {
  inspectorId: string;
  name: string;
  registeredBy: string;
  registeredAt: string;
  txId: string;
}
