// A gateway app built over a temporary run/ folder with test identities and one API key, for
// unit tests that need no peer: the Fabric client connects lazily, so nothing here reaches one.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../gateway/src/app';
import { loadConfig } from '../../../gateway/src/config';
import { hashKey } from '../../../gateway/src/plugins/auth';
import { createOrgCa, type OrgCa } from '../../support/identities';

export const ROOT = join(__dirname, '..', '..', '..');
export const ORG = 'cb1';

export interface Fixture {
  app: FastifyInstance;
  /** an API key acting as issuer1, valid for this app */
  key: string;
  /** an API key acting as reader1: a second caller */
  readerKey: string;
  runDir: string;
  close: () => Promise<void>;
}

export interface FixtureOptions {
  /** runs after the run/ folder is written and before the app is built (more users, state files) */
  prepare?: (runDir: string, ca: OrgCa) => Promise<void> | void;
}

/** Writes an enrolled user's MSP as scripts/lib/ca.sh leaves it: run/<org>/users/<user>/msp. */
export function writeUser(runDir: string, user: string, identity: { certPem: string; privateKeyPem: string }): void {
  const msp = join(runDir, ORG, 'users', user, 'msp');
  mkdirSync(join(msp, 'signcerts'), { recursive: true });
  mkdirSync(join(msp, 'keystore'), { recursive: true });
  writeFileSync(join(msp, 'signcerts', 'cert.pem'), identity.certPem);
  writeFileSync(join(msp, 'keystore', 'key.pem'), identity.privateKeyPem);
}

/**
 * Builds the cb1 gateway over a fresh run/ folder: its TLS root, reader1 (the events listener and
 * public routes run as it) and issuer1 enrolled at a test CA, an API key for each, and a copy of
 * the topology whose cb1 peer is a closed local port: a call that reaches Fabric is a quick 503,
 * whatever network runs on the topology's addresses.
 */
export async function buildTestApp(env: Record<string, string> = {}, options: FixtureOptions = {}): Promise<Fixture> {
  const runDir = mkdtempSync(join(tmpdir(), 'certledger-gw-unit-'));
  const ca = await createOrgCa('Cb1MSP');
  const org = join(runDir, ORG);
  mkdirSync(join(org, 'msp', 'tlscacerts'), { recursive: true });
  writeFileSync(join(org, 'msp', 'tlscacerts', 'ca.pem'), ca.tlsCaCertPem);
  for (const user of ['reader1', 'issuer1']) {
    writeUser(runDir, user, await ca.enroll(user, { 'certledger.role': user.replace(/\d+$/, '') }));
  }
  const key = randomBytes(32).toString('base64url');
  const readerKey = randomBytes(32).toString('base64url');
  const state = join(runDir, ORG, 'gateway');
  mkdirSync(state, { recursive: true });
  writeFileSync(join(state, 'api-keys.json'), JSON.stringify({ keys: [
    { id: 'unit-test', sha256: hashKey(key), user: 'issuer1', createdAt: new Date().toISOString() },
    { id: 'unit-test-reader', sha256: hashKey(readerKey), user: 'reader1', createdAt: new Date().toISOString() },
  ] }));
  const topology = JSON.parse(readFileSync(join(ROOT, 'network', 'topology.json'), 'utf8')) as { orgs: { name: string; peer: { host: string; port: number }; gateway: { host: string; port: number; metricsPort?: number } }[] };
  for (const o of topology.orgs) {
    if (o.name !== ORG) continue;
    o.peer = { ...o.peer, host: '127.0.0.1', port: 9 };
    o.gateway = { host: '127.0.0.1', port: 1, metricsPort: 2 }; // tests that listen pick their own ports
  }
  const topologyPath = join(runDir, 'topology.json');
  writeFileSync(topologyPath, JSON.stringify(topology));
  await options.prepare?.(runDir, ca);

  const config = loadConfig({
    CERTLEDGER_ORG: ORG,
    CERTLEDGER_TOPOLOGY: topologyPath,
    CERTLEDGER_RUN_DIR: runDir,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await buildApp(config);
  await app.ready();
  return {
    app, key, readerKey, runDir,
    close: async () => {
      await app.close();
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}
