// A gateway app built over a temporary run/ folder with test identities and one API key, for
// unit tests that need no peer: the Fabric client connects lazily, so nothing here reaches one.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
 * public routes run as it) and issuer1 enrolled at a test CA, and an API key for issuer1.
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
  const state = join(runDir, ORG, 'gateway');
  mkdirSync(state, { recursive: true });
  writeFileSync(join(state, 'api-keys.json'), JSON.stringify({ keys: [{ id: 'unit-test', sha256: hashKey(key), user: 'issuer1', createdAt: new Date().toISOString() }] }));
  await options.prepare?.(runDir, ca);

  const config = loadConfig({
    CERTLEDGER_ORG: ORG,
    CERTLEDGER_TOPOLOGY: join(ROOT, 'network', 'topology.json'),
    CERTLEDGER_RUN_DIR: runDir,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await buildApp(config);
  await app.ready();
  return {
    app, key, runDir,
    close: async () => {
      await app.close();
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}
