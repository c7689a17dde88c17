// fabric-shim and fabric-contract-api log through winston, and winston runs a logger's whole
// format chain (timestamp, metadata, colours, padding) on every message before its transports
// drop the ones below the level. With the chaincode at `warning`, that formatting of debug and
// info lines the shim writes on every call was about a quarter of the chaincode server's CPU
// under load. This makes a winston logger drop a message below its level before formatting it.
import { createRequire } from 'node:module';

interface WinstonLogger {
  isLevelEnabled(level: string): boolean;
  write(info: unknown, ...rest: unknown[]): boolean;
}

const LEVEL = Symbol.for('level');
const PATCHED = Symbol.for('certledger.levelFilterBeforeFormat');

/** Installs the early level check on the winston instance fabric-shim uses; safe to call twice. */
export function dropDisabledLogLinesEarly(): void {
  const shimRequire = createRequire(require.resolve('fabric-shim'));
  const winston = shimRequire('winston') as { Logger: { prototype: WinstonLogger & Record<symbol, boolean> } };
  const prototype = winston.Logger.prototype;
  if (prototype[PATCHED]) return;
  const write = prototype.write;
  prototype.write = function writeEnabled(this: WinstonLogger, info: unknown, ...rest: unknown[]): boolean {
    const level = typeof info === 'object' && info !== null ? ((info as Record<symbol | string, unknown>)[LEVEL] ?? (info as Record<string, unknown>).level) : undefined;
    if (typeof level === 'string' && !this.isLevelEnabled(level)) {
      const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      if (done !== undefined) process.nextTick(done);
      return true;
    }
    return write.call(this, info, ...rest);
  };
  prototype[PATCHED] = true;
}
