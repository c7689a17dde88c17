// The chaincode's refusals: only an error's message reaches the client, so the message itself is
// the JSON {"code","message"} of api/errors.ts, which the gateway parses and maps to HTTP.

import { ErrorCodes, formatChaincodeError, parseChaincodeError, type ErrorCode } from '../api/errors';

export { ErrorCodes, parseChaincodeError, type ErrorCode };

export class ChaincodeError extends Error {
  readonly code: ErrorCode;
  readonly reason: string;

  constructor(code: ErrorCode, reason: string) {
    super(formatChaincodeError(code, reason));
    this.name = 'ChaincodeError';
    this.code = code;
    this.reason = reason;
  }
}

/** Bad input: `field` names the offending argument (dotted path) so the caller knows what to fix. */
export function invalidArgument(field: string, problem: string): ChaincodeError {
  return new ChaincodeError(ErrorCodes.INVALID_ARGUMENT, `${field}: ${problem}`);
}

export function notFound(what: string): ChaincodeError {
  return new ChaincodeError(ErrorCodes.NOT_FOUND, `${what} does not exist`);
}

export function alreadyExists(what: string): ChaincodeError {
  return new ChaincodeError(ErrorCodes.ALREADY_EXISTS, `${what} already exists`);
}

export function forbidden(reason: string): ChaincodeError {
  return new ChaincodeError(ErrorCodes.FORBIDDEN, reason);
}

/** A state-machine refusal: the record exists but is not in a state that allows the change. */
export function conflict(reason: string): ChaincodeError {
  return new ChaincodeError(ErrorCodes.CONFLICT, reason);
}

export function preconditionFailed(reason: string): ChaincodeError {
  return new ChaincodeError(ErrorCodes.PRECONDITION_FAILED, reason);
}
