// The one error shape of the chaincode: only an error's message reaches the client, so the
// message itself is the JSON {"code","message"} that the gateway parses and maps to HTTP.

export const ErrorCodes = {
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export class ChaincodeError extends Error {
  readonly code: ErrorCode;
  readonly reason: string;

  constructor(code: ErrorCode, reason: string) {
    super(JSON.stringify({ code, message: reason }));
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

/** Parses an error message produced by ChaincodeError back into its parts (gateway and tests). */
export function parseChaincodeError(message: string): { code: ErrorCode; message: string } | undefined {
  const start = message.indexOf('{"code"');
  if (start < 0) return undefined;
  const end = message.lastIndexOf('}');
  try {
    const parsed = JSON.parse(message.slice(start, end + 1)) as { code?: unknown; message?: unknown };
    if (typeof parsed.code === 'string' && typeof parsed.message === 'string' && parsed.code in ErrorCodes) {
      return { code: parsed.code as ErrorCode, message: parsed.message };
    }
  } catch {
    return undefined;
  }
  return undefined;
}
