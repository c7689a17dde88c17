// The error codes a transaction refuses with, and their one wire form: only an error's message
// reaches a client, so the message is the JSON {"code","message"}. The chaincode writes it
// (shared/errors.ts), the gateway and the tests read it back with parseChaincodeError.

export const ERROR_CODES = ['INVALID_ARGUMENT', 'NOT_FOUND', 'ALREADY_EXISTS', 'FORBIDDEN', 'CONFLICT', 'PRECONDITION_FAILED'] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorCodes: { readonly [C in ErrorCode]: C } = {
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** The wire form of a refusal. */
export function formatChaincodeError(code: ErrorCode, message: string): string {
  return JSON.stringify({ code, message });
}

/**
 * Reads a refusal back from a text that carries it (the peer wraps the chaincode's message in its
 * own words): the code and message, or undefined when the text holds none.
 */
export function parseChaincodeError(text: string): { code: ErrorCode; message: string } | undefined {
  const start = text.indexOf('{"code"');
  if (start < 0) return undefined;
  try {
    const parsed = JSON.parse(text.slice(start, text.lastIndexOf('}') + 1)) as { code?: unknown; message?: unknown };
    if (isErrorCode(parsed.code) && typeof parsed.message === 'string') return { code: parsed.code, message: parsed.message };
  } catch {
    return undefined;
  }
  return undefined;
}

// Short names the declarations use for the codes a transaction refuses with (docs/errors.md).
/** a malformed argument, named */
export const ARG = ErrorCodes.INVALID_ARGUMENT;
/** a record the call names does not exist */
export const MISSING = ErrorCodes.NOT_FOUND;
/** the record to create exists already */
export const TAKEN = ErrorCodes.ALREADY_EXISTS;
/** the caller's member, role or ownership does not allow the call */
export const NOT_YOURS = ErrorCodes.FORBIDDEN;
/** the record is not in a state the change starts from */
export const STATE = ErrorCodes.CONFLICT;
/** a rule of the charter or the standards refuses it (a deadline, a quorum, a pause) */
export const RULE = ErrorCodes.PRECONDITION_FAILED;
