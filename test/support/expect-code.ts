// The one way a unit test checks that a pure rule refused: a ChaincodeError with this code, its
// JSON message parsed as the gateway will parse it, and optionally a fragment of that message.
import { expect } from 'chai';
import { ChaincodeError, parseChaincodeError, type ErrorCode } from '../../chaincode/src/shared/errors';

export function expectCode(fn: () => unknown, code: ErrorCode, text?: string): string {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected a ChaincodeError').to.be.instanceOf(ChaincodeError);
  const parsed = parseChaincodeError((caught as Error).message);
  expect(parsed?.code, parsed?.message).to.equal(code);
  expect((caught as ChaincodeError).code).to.equal(code);
  if (text !== undefined) expect(parsed?.message).to.include(text);
  return parsed?.message ?? '';
}

/** A refusal of bad input: INVALID_ARGUMENT whose message starts with the field path and says what to fix. */
export function expectInvalid(fn: () => unknown, field: string, ...fragments: string[]): string {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected an INVALID_ARGUMENT error').to.be.instanceOf(ChaincodeError);
  const err = caught as ChaincodeError;
  expect(err.code).to.equal('INVALID_ARGUMENT');
  expect(err.reason.startsWith(`${field}: `), err.reason).to.equal(true);
  for (const fragment of fragments) expect(err.reason).to.include(fragment);
  return err.reason;
}
