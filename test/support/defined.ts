// Values whose presence the compiler cannot see. `defined`: a value a test needs to be there (an
// optional field, a map entry, an array element), returned with the narrower type, or the test
// fails at once with an assertion naming what was missing, instead of a TypeError further on or a
// non-null assertion the compiler takes on trust. `ifAssigned`: a variable a before hook assigns,
// as the after hook must see it.

import { assert } from 'chai';

/** VALUE, which must be neither undefined nor null; WHAT names it in the failure. */
export function defined<T>(value: T, what: string): NonNullable<T> {
  if (value === undefined || value === null) assert.fail(`expected ${what}, got ${String(value)}`);
  return value;
}

/**
 * VALUE, typed as possibly undefined: a variable that a suite's before hook assigns is still unset
 * in its after hook when that before hook failed (or skipped the suite) before assigning it.
 */
export function ifAssigned<T>(value: T): T | undefined {
  return value;
}
