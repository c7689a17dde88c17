// scripts/lib/channel-config.sh against a real genesis block built offline: three members' MSP
// folders from throwaway CAs (test/support/identities.ts), the project's configtx.yaml
// (render_configtx over a temporary run folder), configtxgen -outputBlock; then every function
// of the library through bash, its refusals, an org's CRL from its CA set in its MSP, and the
// signers of an envelope signed with `peer channel signconfigtx` (which needs only a local MSP, no
// running peer).
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { defined } from '../../support/defined';
import { createOrgCa, type OrgCa } from '../../support/identities';

const ROOT = join(__dirname, '..', '..', '..');
const FABRIC_BIN = join(ROOT, '.fabric', 'bin');
const FABRIC_CONFIG = join(ROOT, '.fabric', 'config');
const TOOLS = ['configtxlator', 'configtxgen', 'peer'];

interface TopologyOrg {
  name: string;
  mspId: string;
  peer: { host: string; port: number };
  orderer: { name: string; host: string; port: number };
}
const full = JSON.parse(readFileSync(join(ROOT, 'network', 'topology.json'), 'utf8')) as { channel: string; orgs: (TopologyOrg & { founder?: boolean })[] };
// the founders, whose definitions make the genesis block
const topology = { ...full, orgs: full.orgs.filter((o) => o.founder !== false) };
const CHANNEL = topology.channel;
const MSP_IDS = topology.orgs.map((o) => o.mspId).sort();
const CONSENTERS = topology.orgs.map((o) => `${o.orderer.host}:${o.orderer.port}`);

const NODE_OUS = `NodeOUs:
  Enable: true
  ClientOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: client
  PeerOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: peer
  AdminOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: admin
  OrdererOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: orderer
`;

// configtxlator's JSON of the channel config messages (common.Config, and common.ConfigUpdate in
// an Envelope), down to the fields these tests read.
interface ConfigValue<T> {
  mod_policy: string;
  value: T;
  version: string;
}
/** An organisation's policies are signature policies over its members' roles. */
interface SignaturePolicy {
  mod_policy: string;
  policy: { type: number; value: { identities: { principal: { msp_identifier: string; role: string } }[]; rule: { n_out_of: { n: number } } } };
  version: string;
}
interface MspValue {
  type: number;
  config: { name: string; root_certs: string[]; tls_root_certs: string[]; revocation_list: string[]; fabric_node_ous: { enable: boolean } };
}
interface Consenter {
  host: string;
  port: number;
  client_tls_cert: string;
  server_tls_cert: string;
}
/** An organisation's group, under Application or Orderer. */
interface OrgGroup {
  mod_policy: string;
  version: string;
  policies: Record<string, SignaturePolicy>;
  values: {
    MSP: ConfigValue<MspValue>;
    AnchorPeers?: ConfigValue<{ anchor_peers: { host: string; port: number }[] }>;
    Endpoints?: ConfigValue<{ addresses: string[] }>;
  };
}
/** The Application or the Orderer group: one group per organisation. */
interface OrgsGroup {
  version: string;
  groups: Record<string, OrgGroup>;
}
interface OrdererGroup extends OrgsGroup {
  values: { ConsensusType: ConfigValue<{ metadata: { consenters: Consenter[] } }> };
}
interface ChannelConfig {
  sequence: string;
  channel_group: { groups: { Application: OrgsGroup; Orderer: OrdererGroup } };
}
/** A read or write set: only the groups the update reads or writes. */
interface ConfigSet {
  groups: { Application?: OrgsGroup; Orderer?: OrdererGroup };
}
interface ConfigUpdateEnvelope {
  payload: {
    header: { channel_header: { type: number; channel_id: string } };
    data: { config_update: { channel_id: string; read_set: ConfigSet; write_set: ConfigSet }; signatures?: unknown[] };
  };
}

/** The group of organisation MSP_ID in ORGS (an Application or Orderer group), which must be there. */
function orgGroup(orgs: OrgsGroup | undefined, mspId: string): OrgGroup {
  return defined(defined(orgs, `the organisations' group holding ${mspId}`).groups[mspId], `the group of ${mspId}`);
}

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `FN ARGS...` in bash with scripts/lib/env.sh and the library sourced; arguments are passed as-is. */
function call(fn: string, ...args: string[]): Result {
  return callWith({}, fn, ...args);
}

function callWith(env: Record<string, string>, fn: string, ...args: string[]): Result {
  const script = 'set -euo pipefail; source scripts/lib/env.sh; source scripts/lib/channel-config.sh; "$@"';
  const result = spawnSync('bash', ['-c', script, 'bash', fn, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Like call, but the function must succeed; returns its output lines. */
function ok(fn: string, ...args: string[]): string[] {
  const result = call(fn, ...args);
  expect(result.status, `${fn} failed:\n${result.stderr}`).to.equal(0);
  return result.stdout.split('\n').filter((line) => line !== '');
}

/** The function must fail through log::fatal with a message matching `reason` and a FIX line. */
function refused(result: Result, reason: RegExp): void {
  expect(result.status, result.stdout).to.equal(1);
  expect(result.stderr).to.match(/FATAL /);
  expect(result.stderr).to.match(reason);
  expect(result.stderr).to.match(/\bFIX +\S/);
}

function tool(name: string, ...args: string[]): void {
  const result = spawnSync(join(FABRIC_BIN, name), args, { encoding: 'utf8', timeout: 60_000 });
  expect(result.status, `${name} ${args.join(' ')}:\n${result.stderr}`).to.equal(0);
}

/**
 * A protobuf file decoded by configtxlator (loose JSON, as configtxlator prints messages). It is
 * decoded into a file: configtxlator's default output, /dev/stdout, cannot be opened when stdout
 * is a socket, as node's child process stdio is ("open /dev/stdout: no such device or address").
 */
function decode(type: string, file: string): unknown {
  const out = `${file}.${type}.json`;
  tool('configtxlator', 'proto_decode', '--type', type, '--input', file, '--output', out);
  return json(out);
}

function json(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

const readConfig = (file: string): ChannelConfig => json(file) as ChannelConfig;
const readOrgGroup = (file: string): OrgGroup => json(file) as OrgGroup;
const decodeEnvelope = (file: string): ConfigUpdateEnvelope => decode('common.Envelope', file) as ConfigUpdateEnvelope;

/** A founder's entry in network/topology.json. */
const topologyOrg = (mspId: string): TopologyOrg => defined(topology.orgs.find((o) => o.mspId === mspId), `${mspId} in network/topology.json`);

/** An MSP folder as scripts/lib/ca.sh lays it out: cacerts/ca.pem, tlscacerts/ca.pem, NodeOUs. */
function writeMsp(dir: string, ca: OrgCa): void {
  mkdirSync(join(dir, 'cacerts'), { recursive: true });
  mkdirSync(join(dir, 'tlscacerts'), { recursive: true });
  writeFileSync(join(dir, 'cacerts', 'ca.pem'), ca.caCertPem);
  writeFileSync(join(dir, 'tlscacerts', 'ca.pem'), ca.tlsCaCertPem);
  writeFileSync(join(dir, 'config.yaml'), NODE_OUS);
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe('scripts/lib/channel-config.sh', function () {
  this.timeout(120_000);
  let dir: string | undefined; // stays unset when the suite is skipped
  let block: string;
  let config: string;
  const cas = new Map<string, OrgCa>();
  const at = (name: string): string => join(defined(dir, 'the suite\'s temporary folder'), name);
  const ca = (mspId: string): OrgCa => defined(cas.get(mspId), `the CA of ${mspId}`);

  before(async function () {
    // Without Fabric installed at all (no configtxlator) the suite is skipped on a developer's
    // machine; in CI, or with a partial install, it fails.
    const missing = TOOLS.filter((name) => !existsSync(join(FABRIC_BIN, name)));
    if (missing.includes('configtxlator') && process.env.CI !== 'true') this.skip();
    if (missing.length > 0) {
      throw new Error(`Fabric binaries missing in .fabric/bin (${missing.join(', ')}): run scripts/install-fabric.sh`);
    }
    dir = mkdtempSync(join(tmpdir(), 'channel-config-'));
    const runDir = at('run');
    for (const org of topology.orgs) {
      const ca = await createOrgCa(`Cfg${org.mspId}`, { name: `ca.cfg.${org.name}` });
      cas.set(org.mspId, ca);
      // what each founder publishes in the exchange folder: its MSP definition and node certificates
      const published = join(runDir, 'exchange', 'orgs', org.name);
      writeMsp(join(published, 'msp'), ca);
      const tls = await ca.issueTlsCert(`${org.orderer.name}.${org.name}`);
      mkdirSync(join(published, 'nodes'), { recursive: true });
      writeFileSync(join(published, 'nodes', `${org.orderer.name}.crt`), tls.certPem);
    }
    // The project's own configtx.yaml, rendered over the temporary run folder.
    const render = spawnSync('bash', ['-c', 'set -euo pipefail; source scripts/lib/env.sh; source scripts/lib/render.sh; render_configtx "$1"', 'bash', at('channel')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CERTLEDGER_RUN_DIR: runDir },
    });
    expect(render.status, render.stderr).to.equal(0);
    block = at('genesis.block');
    const gen = spawnSync(join(FABRIC_BIN, 'configtxgen'), ['-profile', 'CertChannel', '-channelID', CHANNEL, '-outputBlock', block], {
      encoding: 'utf8',
      env: { ...process.env, FABRIC_CFG_PATH: at('channel') },
    });
    expect(gen.status, gen.stderr).to.equal(0);
    config = at('config.json');
    ok('cfg_block_to_config', block, config);

    // A fourth organisation, Cb3MSP, with a CA of its own.
    const ca3 = await createOrgCa('CfgCb3MSP', { name: 'ca.cfg.cb3' });
    cas.set('Cb3MSP', ca3);
    writeMsp(at('cb3-msp'), ca3);
  });

  after(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  describe('reading a config block', () => {
    it('gives the config of the genesis block: every member, every consenter', () => {
      const cfg = json(config);
      expect(cfg).to.have.property('channel_group');
      expect(cfg).not.to.have.property('data');
      expect(ok('cfg_app_orgs', config)).to.deep.equal(MSP_IDS);
      expect(ok('cfg_consenters', config)).to.deep.equal(CONSENTERS);
    });

    it('refuses a missing block, a block that is not a config block, and a whole block as config', () => {
      refused(call('cfg_block_to_config', at('no-such.block'), at('x.json')), /config block '.*no-such\.block' does not exist/);
      writeFileSync(at('junk.block'), 'not a protobuf at all');
      refused(call('cfg_block_to_config', at('junk.block'), at('x.json')), /is not a common\.Block/);
      tool('configtxlator', 'proto_decode', '--type', 'common.Block', '--input', block, '--output', at('block.json'));
      refused(call('cfg_app_orgs', at('block.json')), /is not a channel config JSON/);
      refused(call('cfg_block_to_config', block, at(join('no-such-dir', 'x.json'))), /folder of output file .* does not exist/);
      expect(existsSync(at('x.json'))).to.equal(false);
    });

    it('digests a config the same way every time and whatever its formatting', () => {
      ok('cfg_block_to_config', block, at('config-again.json'));
      const digest = ok('cfg_digest', config);
      expect(digest).to.have.length(1);
      expect(digest[0]).to.match(/^[0-9a-f]{64}$/);
      expect(ok('cfg_digest', at('config-again.json'))).to.deep.equal(digest);
      // Same content, compact and with keys in another order.
      const cfg = readConfig(config);
      writeFileSync(at('config-reordered.json'), JSON.stringify({ sequence: cfg.sequence, channel_group: cfg.channel_group }));
      expect(ok('cfg_digest', at('config-reordered.json'))).to.deep.equal(digest);
    });
  });

  describe('organisations', () => {
    it('prints an organisation group with the founders\' policies and its anchor peer', () => {
      ok('cfg_org_group', at('cb3-msp'), 'Cb3MSP', at('cb3.json'), '127.0.0.5', '10051');
      const group = readOrgGroup(at('cb3.json'));
      expect(group.mod_policy).to.equal('Admins');
      expect(Object.keys(group.policies).sort()).to.deep.equal(['Admins', 'Endorsement', 'Readers', 'Writers']);
      const roles = (policy: string): string[] =>
        defined(group.policies[policy], `the ${policy} policy`).policy.value.identities.map((i) => `${i.principal.msp_identifier}.${i.principal.role}`);
      expect(roles('Readers')).to.deep.equal(['Cb3MSP.ADMIN', 'Cb3MSP.PEER', 'Cb3MSP.CLIENT', 'Cb3MSP.ORDERER']);
      expect(roles('Writers')).to.deep.equal(['Cb3MSP.ADMIN', 'Cb3MSP.CLIENT', 'Cb3MSP.ORDERER']);
      expect(roles('Admins')).to.deep.equal(['Cb3MSP.ADMIN']);
      expect(roles('Endorsement')).to.deep.equal(['Cb3MSP.PEER']);
      const msp = group.values.MSP.value.config;
      expect(msp.name).to.equal('Cb3MSP');
      expect(msp.root_certs).to.deep.equal([b64(ca('Cb3MSP').caCertPem)]);
      expect(msp.tls_root_certs).to.deep.equal([b64(ca('Cb3MSP').tlsCaCertPem)]);
      expect(msp.fabric_node_ous.enable).to.equal(true);
      expect(group.values.AnchorPeers).to.deep.equal({ mod_policy: 'Admins', value: { anchor_peers: [{ host: '127.0.0.5', port: 10051 }] }, version: '0' });
      // The founders' groups in the genesis block have the same shape.
      const founder = orgGroup(readConfig(config).channel_group.groups.Application, 'Cb1MSP');
      expect(Object.keys(founder.values).sort()).to.deep.equal(Object.keys(group.values).sort());
      expect(Object.keys(founder.policies).sort()).to.deep.equal(Object.keys(group.policies).sort());
    });

    it('prints no anchor peer when none is given, and refuses a bad MSP folder, ID or port', () => {
      ok('cfg_org_group', at('cb3-msp'), 'Cb3MSP', at('cb3-no-anchor.json'));
      expect(readOrgGroup(at('cb3-no-anchor.json')).values).not.to.have.property('AnchorPeers');
      refused(call('cfg_org_group', at('no-such-msp'), 'Cb3MSP', at('x.json')), /MSP folder .* does not exist/);
      mkdirSync(at('bare-msp/cacerts'), { recursive: true });
      refused(call('cfg_org_group', at('bare-msp'), 'Cb3MSP', at('x.json')), /has no CA certificate in cacerts/);
      refused(call('cfg_org_group', at('cb3-msp'), "Cb3MSP'; rm", at('x.json')), /is not a valid MSP ID/);
      refused(call('cfg_org_group', at('cb3-msp'), 'Cb3MSP', at('x.json'), '127.0.0.5', '70000'), /'70000' is not a TCP port/);
      refused(call('cfg_org_group', at('cb3-msp'), 'Cb3MSP', at('x.json'), '127.0.0.5'), /'' is not a TCP port/);
    });

    it('adds an organisation; the update envelope writes exactly the new group', () => {
      ok('cfg_add_app_org', config, at('cb3.json'), 'Cb3MSP', at('added.json'));
      expect(ok('cfg_app_orgs', at('added.json'))).to.deep.equal([...MSP_IDS, 'Cb3MSP'].sort());
      expect(readConfig(at('added.json')).channel_group.groups.Application.groups.Cb3MSP).to.deep.equal(json(at('cb3.json')));
      expect(ok('cfg_digest', at('added.json'))).not.to.deep.equal(ok('cfg_digest', config));

      ok('cfg_update_envelope', CHANNEL, config, at('added.json'), at('add-org.pb'));
      const envelope = decodeEnvelope(at('add-org.pb'));
      expect(envelope.payload.header.channel_header.type).to.equal(2);
      expect(envelope.payload.header.channel_header.channel_id).to.equal(CHANNEL);
      const update = envelope.payload.data.config_update;
      expect(update.channel_id).to.equal(CHANNEL);
      expect(Object.keys(update.write_set.groups)).to.deep.equal(['Application']);
      const app = defined(update.write_set.groups.Application, 'the Application group in the write set');
      expect(app.version).to.equal('1');
      expect(Object.keys(app.groups).sort()).to.deep.equal([...MSP_IDS, 'Cb3MSP'].sort());
      expect(orgGroup(app, 'Cb3MSP').values.MSP.value.config.name).to.equal('Cb3MSP');
      expect(Object.keys(defined(update.read_set.groups.Application, 'the Application group in the read set').groups).sort()).to.deep.equal(MSP_IDS);
      expect(envelope.payload.data.signatures ?? []).to.deep.equal([]);

      expect(ok('cfg_envelope_signers', at('add-org.pb'))).to.deep.equal([]);
      expect(ok('cfg_envelope_summary', at('add-org.pb'))).to.deep.equal([
        `channel: ${CHANNEL}`,
        `writes: modifies group /Channel/Application (groups: ${[...MSP_IDS, 'Cb3MSP'].sort().join(', ')})`,
        'writes: adds group /Channel/Application/Cb3MSP',
        'signers: none',
      ]);
    });

    it('refuses to add an organisation twice, or a group under another MSP ID', () => {
      refused(call('cfg_add_app_org', at('added.json'), at('cb3.json'), 'Cb3MSP', at('x.json')), /Cb3MSP is already an application organisation/);
      refused(call('cfg_add_app_org', config, at('cb3.json'), 'Cb1MSP', at('x.json')), /is not the group of MSP Cb1MSP/);
      refused(call('cfg_add_app_org', config, at('no-such.json'), 'Cb3MSP', at('x.json')), /organisation group JSON .* does not exist/);
      expect(existsSync(at('x.json'))).to.equal(false);
    });

    it('refuses an update envelope when nothing changed', () => {
      refused(call('cfg_update_envelope', CHANNEL, config, at('config-again.json'), at('x.pb')), /does not differ from .*: there is no update to sign/);
      expect(existsSync(at('x.pb'))).to.equal(false);
      refused(call('cfg_update_envelope', 'Bad Channel', config, at('added.json'), at('x.pb')), /is not a channel name/);
    });

    it('removes an organisation that runs no consenter: back to the original config', () => {
      ok('cfg_remove_app_org', at('added.json'), 'Cb3MSP', at('removed.json'));
      expect(ok('cfg_app_orgs', at('removed.json'))).to.deep.equal(MSP_IDS);
      expect(ok('cfg_digest', at('removed.json'))).to.deep.equal(ok('cfg_digest', config));
      refused(call('cfg_remove_app_org', config, 'Cb3MSP', at('x.json')), /Cb3MSP is not an application organisation/);
      // The removal's update: Application's membership changes, the removed org appears nowhere.
      ok('cfg_update_envelope', CHANNEL, at('added.json'), at('removed.json'), at('remove-org.pb'));
      expect(ok('cfg_envelope_summary', at('remove-org.pb'))).to.deep.equal([
        `channel: ${CHANNEL}`,
        `writes: modifies group /Channel/Application (groups: ${MSP_IDS.join(', ')})`,
        'signers: none',
      ]);
    });

    it('refuses to remove an organisation that still runs a consenter; after its consenter goes, removes it from Orderer too', () => {
      const cb1 = topologyOrg('Cb1MSP');
      refused(call('cfg_remove_app_org', config, 'Cb1MSP', at('x.json')), new RegExp(`Cb1MSP still runs Raft consenters \\(${cb1.orderer.host}:${cb1.orderer.port}\\)`));
      ok('cfg_remove_consenter', config, cb1.orderer.host, String(cb1.orderer.port), at('no-cb1-consenter.json'));
      ok('cfg_remove_app_org', at('no-cb1-consenter.json'), 'Cb1MSP', at('no-cb1.json'));
      const groups = readConfig(at('no-cb1.json')).channel_group.groups;
      expect(Object.keys(groups.Application.groups)).not.to.include('Cb1MSP');
      expect(Object.keys(groups.Orderer.groups)).not.to.include('Cb1MSP');
      expect(Object.keys(groups.Orderer.groups)).to.have.length(topology.orgs.length - 1);
    });
  });

  describe('Raft consenters', () => {
    it('adds a consenter with its TLS certificate and the orderer org\'s endpoint', async () => {
      const tls = await ca('Cb1MSP').issueTlsCert('orderer1.cb1');
      writeFileSync(at('orderer1-cb1.crt'), tls.certPem);
      ok('cfg_add_consenter', config, 'Cb1MSP', '127.0.0.3', '8150', at('orderer1-cb1.crt'), at('consenter-added.json'));
      expect(ok('cfg_consenters', at('consenter-added.json'))).to.deep.equal([...CONSENTERS, '127.0.0.3:8150']);
      const orderer = readConfig(at('consenter-added.json')).channel_group.groups.Orderer;
      const added = orderer.values.ConsensusType.value.metadata.consenters.at(-1);
      expect(added).to.deep.equal({ host: '127.0.0.3', port: 8150, client_tls_cert: b64(tls.certPem), server_tls_cert: b64(tls.certPem) });
      const cb1 = topologyOrg('Cb1MSP');
      expect(orgGroup(orderer, 'Cb1MSP').values.Endpoints?.value.addresses).to.deep.equal([`${cb1.orderer.host}:${cb1.orderer.port}`, '127.0.0.3:8150']);
      // The encoded form is what Fabric stores: the certificate decodes back to the PEM text.
      ok('cfg_update_envelope', CHANNEL, config, at('consenter-added.json'), at('add-consenter.pb'));
      const write = decodeEnvelope(at('add-consenter.pb')).payload.data.config_update.write_set;
      const written = defined(defined(write.groups.Orderer, 'the Orderer group in the write set').values.ConsensusType.value.metadata.consenters.at(-1), 'a written consenter');
      expect(Buffer.from(written.client_tls_cert, 'base64').toString('utf8')).to.equal(tls.certPem);
      expect(ok('cfg_envelope_summary', at('add-consenter.pb'))).to.deep.equal([
        `channel: ${CHANNEL}`,
        'writes: modifies value /Channel/Orderer/Cb1MSP/Endpoints',
        'writes: modifies value /Channel/Orderer/ConsensusType',
        'signers: none',
      ]);
    });

    it('creates the Endpoints value when the orderer org has none', () => {
      const cfg = readConfig(config);
      delete orgGroup(cfg.channel_group.groups.Orderer, 'Cb2MSP').values.Endpoints;
      writeFileSync(at('no-endpoints.json'), JSON.stringify(cfg));
      ok('cfg_add_consenter', at('no-endpoints.json'), 'Cb2MSP', '127.0.0.4', '9150', at('orderer1-cb1.crt'), at('endpoints-created.json'));
      expect(orgGroup(readConfig(at('endpoints-created.json')).channel_group.groups.Orderer, 'Cb2MSP').values.Endpoints).to.deep.equal({
        mod_policy: 'Admins',
        value: { addresses: ['127.0.0.4:9150'] },
        version: '0',
      });
    });

    it('refuses an existing consenter, an unknown orderer org and a file that is not a certificate', () => {
      const [host, port] = (CONSENTERS[0] as string).split(':') as [string, string];
      refused(call('cfg_add_consenter', config, 'Cb1MSP', host, port, at('orderer1-cb1.crt'), at('x.json')), new RegExp(`${host}:${port} is already a Raft consenter`));
      refused(call('cfg_add_consenter', config, 'Cb3MSP', '127.0.0.5', '10050', at('orderer1-cb1.crt'), at('x.json')), /Cb3MSP is not an orderer organisation/);
      refused(call('cfg_add_consenter', config, 'Cb1MSP', '127.0.0.3', '8150', config, at('x.json')), /is not a PEM certificate/);
      refused(call('cfg_add_consenter', config, 'Cb1MSP', '127.0.0.3', '8150', at('missing.crt'), at('x.json')), /TLS certificate file .* does not exist/);
      expect(existsSync(at('x.json'))).to.equal(false);
    });

    it('removes a consenter and its endpoint; refuses one that is not a consenter', () => {
      const cb2 = topologyOrg('Cb2MSP');
      ok('cfg_remove_consenter', config, cb2.orderer.host, String(cb2.orderer.port), at('consenter-removed.json'));
      expect(ok('cfg_consenters', at('consenter-removed.json'))).to.deep.equal(CONSENTERS.filter((c) => c !== `${cb2.orderer.host}:${cb2.orderer.port}`));
      expect(orgGroup(readConfig(at('consenter-removed.json')).channel_group.groups.Orderer, 'Cb2MSP').values.Endpoints?.value.addresses).to.deep.equal([]);
      // Removing the consenter just added gives back the original config.
      ok('cfg_remove_consenter', at('consenter-added.json'), '127.0.0.3', '8150', at('consenter-readded.json'));
      expect(ok('cfg_digest', at('consenter-readded.json'))).to.deep.equal(ok('cfg_digest', config));
      refused(call('cfg_remove_consenter', config, '127.0.0.9', '7050', at('x.json')), /127\.0\.0\.9:7050 is not a Raft consenter/);
      refused(call('cfg_remove_consenter', config, cb2.orderer.host, 'port', at('x.json')), /'port' is not a TCP port/);
    });
  });

  describe('revocation lists', () => {
    /** A certificate's serial as Fabric CA and cfg_crl_serials write it: lowercase hex, no leading zeros. */
    const serial = (pem: string): string => new X509Certificate(pem).serialNumber.toLowerCase().replace(/^0+/, '');
    let revoked: string[];

    before(async () => {
      const cb1 = ca('Cb1MSP');
      const gone1 = await cb1.enroll('gone1');
      const users = [gone1, await cb1.enroll('gone2')];
      revoked = users.map((u) => serial(u.certPem)).sort();
      writeFileSync(at('cb1.crl'), await cb1.issueCrl(users.map((u) => u.certPem)));
      writeFileSync(at('cb1-one.crl'), await cb1.issueCrl([gone1.certPem]));
      writeFileSync(at('cb1-empty.crl'), await cb1.issueCrl([]));
      writeFileSync(at('cb2.crl'), await ca('Cb2MSP').issueCrl([gone1.certPem]));
      writeFileSync(at('cb3.crl'), await ca('Cb3MSP').issueCrl([(await ca('Cb3MSP').enroll('gone3')).certPem]));
    });

    it('reads the serials a CRL revokes, as Fabric CA writes serials; none from an empty CRL', () => {
      expect(ok('cfg_crl_serials', at('cb1.crl'))).to.deep.equal(revoked);
      expect(ok('cfg_crl_serials', at('cb1-empty.crl'))).to.deep.equal([]);
      refused(call('cfg_crl_serials', at('cb3-msp/cacerts/ca.pem')), /is not a CRL/);
      refused(call('cfg_crl_serials', at('no-such.crl')), /CRL file .* does not exist/);
    });

    it('sets an org\'s CRL in its application MSP and, for an orderer org, in its orderer MSP too; the update is the org\'s own', () => {
      expect(ok('cfg_org_revoked', config, 'Cb1MSP')).to.deep.equal([]);
      ok('cfg_set_org_crl', config, 'Cb1MSP', at('cb1.crl'), at('crl-set.json'));
      const crl = b64(readFileSync(at('cb1.crl'), 'utf8'));
      const groups = readConfig(at('crl-set.json')).channel_group.groups;
      expect(orgGroup(groups.Application, 'Cb1MSP').values.MSP.value.config.revocation_list).to.deep.equal([crl]);
      expect(orgGroup(groups.Orderer, 'Cb1MSP').values.MSP.value.config.revocation_list).to.deep.equal([crl]);
      // Fabric refuses one MSP ID defined two ways: both MSP values stay equal
      expect(orgGroup(groups.Orderer, 'Cb1MSP').values.MSP).to.deep.equal(orgGroup(groups.Application, 'Cb1MSP').values.MSP);
      // nothing else changes
      const original = readConfig(config);
      for (const msp of MSP_IDS.filter((m) => m !== 'Cb1MSP')) {
        expect(groups.Application.groups[msp]).to.deep.equal(original.channel_group.groups.Application.groups[msp]);
        expect(groups.Orderer.groups[msp]).to.deep.equal(original.channel_group.groups.Orderer.groups[msp]);
      }
      expect(ok('cfg_org_revoked', at('crl-set.json'), 'Cb1MSP')).to.deep.equal(revoked);
      expect(ok('cfg_org_revoked', at('crl-set.json'), 'Cb2MSP')).to.deep.equal([]);

      // the update writes the two MSP values, each under the org's own Admins policy
      ok('cfg_update_envelope', CHANNEL, config, at('crl-set.json'), at('crl.pb'));
      expect(ok('cfg_envelope_summary', at('crl.pb'))).to.deep.equal([
        `channel: ${CHANNEL}`,
        'writes: modifies value /Channel/Application/Cb1MSP/MSP',
        'writes: modifies value /Channel/Orderer/Cb1MSP/MSP',
        'signers: none',
      ]);
      const write = decodeEnvelope(at('crl.pb')).payload.data.config_update.write_set;
      expect(orgGroup(write.groups.Application, 'Cb1MSP').values.MSP.mod_policy).to.equal('Admins');
      expect(orgGroup(write.groups.Orderer, 'Cb1MSP').values.MSP.mod_policy).to.equal('Admins');
      // ... which any one admin of the org satisfies (OR('Cb1MSP.admin')) in both groups
      for (const group of [orgGroup(groups.Application, 'Cb1MSP'), orgGroup(groups.Orderer, 'Cb1MSP')]) {
        const admins = defined(group.policies.Admins, 'the Admins policy').policy.value;
        expect(admins.identities.map((i) => `${i.principal.msp_identifier}.${i.principal.role}`)).to.deep.equal(['Cb1MSP.ADMIN']);
        expect(admins.rule.n_out_of.n).to.equal(1);
      }
      const writtenCrl = defined(orgGroup(write.groups.Application, 'Cb1MSP').values.MSP.value.config.revocation_list[0], 'a written revocation list');
      expect(Buffer.from(writtenCrl, 'base64').toString('utf8')).to.equal(readFileSync(at('cb1.crl'), 'utf8'));
    });

    it('replaces an earlier CRL; an org only in Application gets it there only', () => {
      ok('cfg_set_org_crl', at('crl-set.json'), 'Cb1MSP', at('cb1-one.crl'), at('crl-replaced.json'));
      expect(ok('cfg_org_revoked', at('crl-replaced.json'), 'Cb1MSP')).to.deep.equal([revoked.find((s) => ok('cfg_crl_serials', at('cb1-one.crl')).includes(s))]);
      expect(orgGroup(readConfig(at('crl-replaced.json')).channel_group.groups.Application, 'Cb1MSP').values.MSP.value.config.revocation_list).to.have.length(1);
      ok('cfg_set_org_crl', at('added.json'), 'Cb3MSP', at('cb3.crl'), at('crl-cb3.json'));
      const groups = readConfig(at('crl-cb3.json')).channel_group.groups;
      expect(orgGroup(groups.Application, 'Cb3MSP').values.MSP.value.config.revocation_list).to.have.length(1);
      expect(groups.Orderer.groups).not.to.have.property('Cb3MSP');
      expect(ok('cfg_org_revoked', at('crl-cb3.json'), 'Cb3MSP')).to.have.length(1);
    });

    it('refuses a CRL of another CA, a file that is not a CRL and an org not in the channel', () => {
      refused(call('cfg_set_org_crl', config, 'Cb1MSP', at('cb2.crl'), at('x.json')), /is not signed by a CA of Cb1MSP's MSP/);
      refused(call('cfg_set_org_crl', config, 'Cb1MSP', at('cb3-msp/cacerts/ca.pem'), at('x.json')), /is not a PEM CRL/);
      refused(call('cfg_set_org_crl', config, 'Cb3MSP', at('cb3.crl'), at('x.json')), /Cb3MSP is not an application organisation/);
      refused(call('cfg_set_org_crl', config, 'Cb1MSP', at('no-such.crl'), at('x.json')), /CRL file .* does not exist/);
      refused(call('cfg_org_revoked', config, 'Cb3MSP'), /Cb3MSP is not an application organisation/);
      expect(existsSync(at('x.json'))).to.equal(false);
    });
  });

  describe('signatures', () => {
    /** Signs an envelope in place as an admin of MSP_ID (peer channel signconfigtx, offline). */
    async function signAs(mspId: string, envelope: string): Promise<void> {
      const admin = await ca(mspId).enroll('admin1', {}, { ou: 'admin' });
      const msp = at(`admin-${mspId}`);
      writeMsp(msp, ca(mspId));
      mkdirSync(join(msp, 'signcerts'), { recursive: true });
      mkdirSync(join(msp, 'keystore'), { recursive: true });
      writeFileSync(join(msp, 'signcerts', 'cert.pem'), admin.certPem);
      writeFileSync(join(msp, 'keystore', 'key.pem'), admin.privateKeyPem);
      const result = spawnSync(join(FABRIC_BIN, 'peer'), ['channel', 'signconfigtx', '-f', envelope], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, FABRIC_CFG_PATH: FABRIC_CONFIG, FABRIC_LOGGING_SPEC: 'warning', CORE_PEER_LOCALMSPID: mspId, CORE_PEER_MSPCONFIGPATH: msp },
      });
      expect(result.status, result.stderr).to.equal(0);
    }

    it('lists the MSP ID of each signature on an update, in signing order', async () => {
      ok('cfg_update_envelope', CHANNEL, config, at('added.json'), at('signed.pb'));
      await signAs('RegulatorMSP', at('signed.pb'));
      expect(ok('cfg_envelope_signers', at('signed.pb'))).to.deep.equal(['RegulatorMSP']);
      await signAs('Cb1MSP', at('signed.pb'));
      expect(ok('cfg_envelope_signers', at('signed.pb'))).to.deep.equal(['RegulatorMSP', 'Cb1MSP']);
      expect(ok('cfg_envelope_summary', at('signed.pb')).at(-1)).to.equal('signers: RegulatorMSP, Cb1MSP');
      // Signing leaves the update itself as it was.
      const signed = decodeEnvelope(at('signed.pb')).payload.data.config_update;
      expect(signed).to.deep.equal(decodeEnvelope(at('add-org.pb')).payload.data.config_update);
    });

    it('refuses a file that is not a config update envelope', () => {
      refused(call('cfg_envelope_signers', block), /is not a config update envelope/);
      refused(call('cfg_envelope_summary', at('missing.pb')), /config update envelope .* does not exist/);
    });
  });

  describe('housekeeping', () => {
    it('leaves no temporary files behind, whether it succeeds or fails', () => {
      const scratch = at('scratch');
      mkdirSync(scratch);
      const env = { TMPDIR: scratch };
      expect(callWith(env, 'cfg_org_group', at('cb3-msp'), 'Cb3MSP', at('cb3-again.json'), '127.0.0.5', '10051').status).to.equal(0);
      expect(callWith(env, 'cfg_update_envelope', CHANNEL, config, at('added.json'), at('again.pb')).status).to.equal(0);
      expect(callWith(env, 'cfg_envelope_summary', at('again.pb')).status).to.equal(0);
      refused(callWith(env, 'cfg_update_envelope', CHANNEL, config, config, at('x.pb')), /no update to sign/);
      refused(callWith(env, 'cfg_add_app_org', at('added.json'), at('cb3.json'), 'Cb3MSP', at('x.json')), /already/);
      expect(callWith(env, 'cfg_set_org_crl', config, 'Cb1MSP', at('cb1.crl'), at('crl-again.json')).status).to.equal(0);
      expect(callWith(env, 'cfg_org_revoked', at('crl-again.json'), 'Cb1MSP').status).to.equal(0);
      refused(callWith(env, 'cfg_set_org_crl', config, 'Cb1MSP', at('cb2.crl'), at('x.json')), /not signed/);
      expect(readdirSync(scratch)).to.deep.equal([]);
    });
  });
});
