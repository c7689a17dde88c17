// The chaincode's early level check on the shim's winston loggers: a line below the level is
// dropped before the format chain runs; a line at or above it is still formatted and written.
import { expect } from 'chai';
import { dropDisabledLogLinesEarly } from '../../../chaincode/src/shared/shim-logging';

interface ShimLogger {
  level: string;
  format: { transform(info: unknown, options?: unknown): unknown; options?: unknown };
  debug(message: string): unknown;
  info(message: string): unknown;
  warn(message: string): unknown;
  error(message: string): unknown;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const shimLogger = require('fabric-shim/lib/logger') as { getLogger(name: string): ShimLogger };

describe('chaincode: shim log lines below the level', () => {
  let logger: ShimLogger;
  let formatted: string[];

  beforeEach(() => {
    dropDisabledLogLinesEarly();
    dropDisabledLogLinesEarly(); // a second install changes nothing
    logger = shimLogger.getLogger('certledger-test');
    logger.level = 'warn';
    formatted = [];
    const format = logger.format;
    // Count what reaches the format chain, and stop it there so the test prints nothing.
    logger.format = {
      transform: (info) => {
        formatted.push(String((info as { message: unknown }).message));
        return false;
      },
      options: format.options,
    };
  });

  it('never formats debug or info lines when the level is warn', () => {
    logger.debug(`debug ${'x'.repeat(10)}`);
    logger.info('info line');
    expect(formatted).to.deep.equal([]);
  });

  it('still formats warn and error lines', () => {
    logger.warn('warn line');
    logger.error('error line');
    expect(formatted).to.deep.equal(['warn line', 'error line']);
  });

  it('follows a level changed at run time', () => {
    logger.level = 'debug';
    logger.debug('now visible');
    expect(formatted).to.deep.equal(['now visible']);
  });
});
