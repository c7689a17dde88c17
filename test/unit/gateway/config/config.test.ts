// The gateway's configuration: every variable validated at start, each problem named.
import { join } from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../../gateway/src/config';

const ROOT = join(__dirname, '..', '..', '..', '..');
const base = { CERTLEDGER_ORG: 'cb1', CERTLEDGER_TOPOLOGY: join(ROOT, 'network', 'topology.json'), CERTLEDGER_RUN_DIR: '/tmp/certledger-run' };

describe('gateway configuration', () => {
  it('takes the member\'s addresses from the topology and applies defaults', () => {
    const config = loadConfig(base);
    expect(config).to.include({ org: 'cb1', mspId: 'Cb1MSP', host: '127.0.0.3', port: 8080, channel: 'certchannel', chaincode: 'certledger', mvccRetries: 3, requestTimeoutMs: 30_000 });
    expect(config.peer).to.deep.equal({ address: '127.0.0.3:8051', tlsRootCertPath: '/tmp/certledger-run/cb1/msp/tlscacerts/ca.pem' });
    expect(config.stateDir).to.equal('/tmp/certledger-run/cb1/gateway');
  });

  it('lets the environment override the listen port and limits', () => {
    const config = loadConfig({ ...base, CERTLEDGER_GATEWAY_PORT: '28080', REQUEST_TIMEOUT_MS: '5000', MVCC_RETRIES: '0' });
    expect(config).to.include({ port: 28080, requestTimeoutMs: 5000, mvccRetries: 0 });
  });

  it('lists every problem, naming the variable', () => {
    let caught: unknown;
    try {
      loadConfig({ CERTLEDGER_TOPOLOGY: base.CERTLEDGER_TOPOLOGY, REQUEST_TIMEOUT_MS: 'soon', MVCC_RETRIES: '99', LOG_LEVEL: 'loud' });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(ConfigError);
    const message = (caught as Error).message;
    for (const name of ['REQUEST_TIMEOUT_MS', 'MVCC_RETRIES', 'LOG_LEVEL', 'CERTLEDGER_ORG', 'CERTLEDGER_RUN_DIR']) expect(message).to.include(name);
  });

  it('refuses an org the topology does not have', () => {
    expect(() => loadConfig({ ...base, CERTLEDGER_ORG: 'cb9' })).to.throw(ConfigError, /no org "cb9".*regulator, cb1, cb2/);
  });
});
