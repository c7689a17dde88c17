// The chaincode's tuning of fabric-shim: a log line below the level is dropped before winston's
// format chain runs (a line at or above it is still formatted and written), and the caller's
// certificate is parsed once per distinct certificate, with the same identity as before.
import { expect } from 'chai';
import { ClientIdentity } from 'fabric-shim';
import type { ChaincodeStub } from 'fabric-shim';
import { dropDisabledLogLinesEarly, parseShimCertificatesOnce } from '../../../../chaincode/src/shared/shim-tuning';
import { createOrgCa } from '../../../support/identities';

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

describe('chaincode: caller certificates parsed once', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Certificate } = require('@fidm/x509') as { Certificate: { fromPEM(pem: string): { subject: { commonName: string } } } };

  before(() => {
    parseShimCertificatesOnce();
    parseShimCertificatesOnce(); // a second install changes nothing
  });

  function stubFor(mspid: string, pem: string): ChaincodeStub {
    return { getChannelID: () => 'ch', getTxID: () => 'tx', getCreator: () => ({ mspid, idBytes: Buffer.from(pem) }) } as unknown as ChaincodeStub;
  }

  it('hands the shim the certificate it parsed before for the same text, and another one for another text', async () => {
    const ca = await createOrgCa('Cb1MSP');
    const alice = await ca.enroll('alice@cb1', { 'certledger.role': 'issuer' });
    const bob = await ca.enroll('bob@cb1', { 'certledger.role': 'reader' });
    expect(Certificate.fromPEM(alice.certPem)).to.equal(Certificate.fromPEM(alice.certPem));
    expect(Certificate.fromPEM(bob.certPem)).to.not.equal(Certificate.fromPEM(alice.certPem));
    expect(Certificate.fromPEM(bob.certPem).subject.commonName).to.equal('bob@cb1');
  });

  it('gives ClientIdentity the same id, MSP and attributes on every transaction', async () => {
    const ca = await createOrgCa('Cb1MSP');
    const alice = await ca.enroll('alice@cb1', { 'certledger.role': 'issuer' });
    const bob = await ca.enroll('bob@cb1', { 'certledger.role': 'reader' });
    for (let i = 0; i < 3; i += 1) {
      const a = new ClientIdentity(stubFor('Cb1MSP', alice.certPem));
      const b = new ClientIdentity(stubFor('Cb1MSP', bob.certPem));
      expect(a.getMSPID()).to.equal('Cb1MSP');
      expect(a.getID()).to.contain('CN=alice@cb1');
      expect(a.getAttributeValue('certledger.role')).to.equal('issuer');
      expect(b.getID()).to.contain('CN=bob@cb1');
      expect(b.getAttributeValue('certledger.role')).to.equal('reader');
    }
  });
});
