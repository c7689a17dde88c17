// What a Fabric call can fail with, in the terms the HTTP layer maps: one place reads the
// library's errors and the chaincode's JSON error messages.
import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitError, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';
import { parseChaincodeError, type ErrorCode } from '../../../chaincode/src/api/errors';

/** The codes a chaincode refusal carries (chaincode/src/api/errors.ts). */
export type ChaincodeCode = ErrorCode;

export type FabricFailure =
  /** the chaincode refused: its own code and message */
  | { kind: 'chaincode'; code: ChaincodeCode; message: string }
  /** the transaction was ordered but invalidated (MVCC conflicts after retries, endorsement policy) */
  | { kind: 'invalidated'; validationCode: string; txId: string }
  /** the peer or the ordering service did not answer */
  | { kind: 'unavailable'; message: string }
  /** anything else: a bug or a misconfiguration, never shown to the client */
  | { kind: 'internal'; message: string };

export class FabricCallError extends Error {
  readonly failure: FabricFailure;

  constructor(failure: FabricFailure, options?: { cause?: unknown }) {
    super(failure.kind === 'chaincode' ? `${failure.code}: ${failure.message}` : `${failure.kind}: ${'message' in failure ? failure.message : failure.validationCode}`, options);
    this.name = 'FabricCallError';
    this.failure = failure;
  }
}

const UNAVAILABLE = new Set<number>([GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.CANCELLED, GrpcStatus.RESOURCE_EXHAUSTED]);

function chaincodeError(texts: string[]): { code: ChaincodeCode; message: string } | undefined {
  for (const text of texts) {
    const refusal = parseChaincodeError(text);
    if (refusal !== undefined) return refusal;
  }
  return undefined;
}

/** Turns whatever a fabric-gateway call threw into a FabricCallError. */
export function classify(error: unknown): FabricCallError {
  if (error instanceof FabricCallError) return error;
  if (error instanceof CommitError) {
    return new FabricCallError({ kind: 'invalidated', validationCode: statusName(error.code), txId: error.transactionId }, { cause: error });
  }
  // EndorseError, SubmitError and CommitStatusError are all GatewayErrors.
  if (error instanceof GatewayError) {
    const texts = [error.message, ...error.details.map((d) => d.message)];
    const refused = chaincodeError(texts);
    if (refused !== undefined) return new FabricCallError({ kind: 'chaincode', ...refused }, { cause: error });
    if (UNAVAILABLE.has(error.code) || error.details.some((d) => /connection|unavailable|no combination of peers/i.test(d.message)) || /no combination of peers/i.test(error.message)) {
      return new FabricCallError({ kind: 'unavailable', message: error.message }, { cause: error });
    }
    return new FabricCallError({ kind: 'internal', message: texts.join(' | ') }, { cause: error });
  }
  return new FabricCallError({ kind: 'internal', message: error instanceof Error ? error.message : String(error) }, { cause: error });
}

/** The name of a transaction validation code, e.g. MVCC_READ_CONFLICT. */
export function statusName(code: number): string {
  return Object.entries(StatusCode).find(([, value]) => value === code)?.[0] ?? String(code);
}
