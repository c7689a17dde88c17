// Two measured costs of fabric-shim on every transaction, removed without changing its behaviour
// (chaincode/src/index.ts installs both when the peer loads the chaincode):
// - It logs through winston, which runs a logger's whole format chain (timestamp, metadata,
//   colours, padding) on every message before its transports drop the ones below the level: with
//   the chaincode at `warning` that was about a quarter of the chaincode server's CPU under load.
// - Its ClientIdentity parses the creator's certificate with @fidm/x509 on every transaction,
//   about 1 ms each; a member has few distinct callers, so parse each certificate once.
import { createRequire } from 'node:module';

const shimRequire = (id: string): unknown => createRequire(require.resolve('fabric-shim'))(id);

interface WinstonLogger {
  isLevelEnabled(level: string): boolean;
  write: (this: WinstonLogger, info: unknown, ...rest: unknown[]) => boolean;
}

const LEVEL = Symbol.for('level');
const INSTALLED = Symbol.for('certledger.shimTuning');

/** Installs the early level check on the winston instance fabric-shim uses; safe to call twice. */
export function dropDisabledLogLinesEarly(): void {
  const winston = shimRequire('winston') as { Logger: { prototype: WinstonLogger & Record<symbol, boolean> } };
  const prototype = winston.Logger.prototype;
  if (prototype[INSTALLED]) return;
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
  prototype[INSTALLED] = true;
}

const PARSED_LIMIT = 512;

/**
 * Makes @fidm/x509's Certificate.fromPEM, as fabric-shim's ClientIdentity calls it, return the
 * certificate it parsed before for the same PEM text. The shim only reads the parsed certificate
 * (subject, issuer, extensions), and parsing is a pure function of the text, so sharing it keeps
 * every endorsement deterministic. Safe to call twice.
 */
export function parseShimCertificatesOnce(): void {
  type FromPem = (data: unknown) => unknown;
  const { Certificate } = shimRequire('@fidm/x509') as { Certificate: { fromPEM: FromPem } & Record<symbol, boolean> };
  if (Certificate[INSTALLED]) return;
  const parse = Certificate.fromPEM.bind(Certificate);
  const parsed = new Map<string, unknown>();
  Certificate.fromPEM = (data: unknown): unknown => {
    const key = typeof data === 'string' ? `s:${data}` : Buffer.isBuffer(data) ? `b:${data.toString('latin1')}` : undefined;
    if (key === undefined) return parse(data);
    let certificate = parsed.get(key);
    if (certificate === undefined) {
      certificate = parse(data);
      if (parsed.size >= PARSED_LIMIT) parsed.delete(parsed.keys().next().value as string);
      parsed.set(key, certificate);
    }
    return certificate;
  };
  Certificate[INSTALLED] = true;
}
