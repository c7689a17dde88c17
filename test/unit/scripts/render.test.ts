// The channel configuration and private data collections rendered from network/topology.json by
// the operator scripts (scripts/lib/render.sh), checked without Fabric.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

const ROOT = join(__dirname, '..', '..', '..');

function render(fn: string, out: string): void {
  const runDir = mkdtempSync(join(tmpdir(), 'render-run-'));
  const script = `set -euo pipefail; source scripts/lib/env.sh; source scripts/lib/render.sh; ${fn} "${out}"`;
  const result = spawnSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CERTLEDGER_RUN_DIR: runDir } });
  expect(result.status, result.stderr).to.equal(0);
}

describe('rendered network configuration', () => {
  const full = JSON.parse(readFileSync(join(ROOT, 'network', 'topology.json'), 'utf8')) as {
    orgs: { name: string; mspId: string; founder?: boolean; peer: { host: string; port: number }; orderer: { host: string; port: number } }[];
  };
  // the channel is founded by the founders; a member that joins later (ab) is added by a config update
  const topology = { orgs: full.orgs.filter((o) => o.founder !== false) };
  const joining = full.orgs.filter((o) => o.founder === false);

  it('configtx.yaml has every org with its anchor peer, a Raft consenter per member and majority endorsement', () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-'));
    render('render_configtx', dir);
    const configtx = readFileSync(join(dir, 'configtx.yaml'), 'utf8');
    for (const org of topology.orgs) {
      expect(configtx).to.include(`ID: ${org.mspId}`);
      expect(configtx).to.match(new RegExp(`AnchorPeers:\\n\\s+- Host: ${org.peer.host}\\n\\s+Port: ${org.peer.port}`));
      expect(configtx).to.include(`- *${org.mspId}`);
    }
    const consenters = configtx.split('Consenters:')[1]?.split('Options:')[0] ?? '';
    expect(consenters.match(/- Host:/g) ?? []).to.have.length(topology.orgs.length);
    for (const org of topology.orgs) expect(consenters).to.include(`Port: ${org.orderer.port}`);
    expect(configtx).to.match(/Endorsement:\n\s+Type: ImplicitMeta\n\s+Rule: "MAJORITY Endorsement"/);
    expect(configtx).to.match(/LifecycleEndorsement:\n\s+Type: ImplicitMeta\n\s+Rule: "MAJORITY Endorsement"/);
    expect(configtx).to.include('OrdererType: etcdraft');
    expect(joining, 'the topology has a member that joins later').to.not.have.lengthOf(0);
    for (const org of joining) expect(configtx).to.not.include(`ID: ${org.mspId}`);
    // each founder's MSP and orderer certificate come from what it published, never its own folder
    expect(configtx).to.include('MSPDir: ');
    expect(configtx).to.match(/MSPDir: \S+\/exchange\/orgs\/regulator\/msp/);
    expect(configtx).to.match(/ClientTLSCert: \S+\/exchange\/orgs\/cb1\/nodes\/orderer0\.crt/);
  });

  it('gives every member a private collection shared with the regulator only', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'render-')), 'collections.json');
    render('render_collections', file);
    const collections = JSON.parse(readFileSync(file, 'utf8')) as { name: string; policy: string; memberOnlyRead: boolean }[];
    expect(collections.map((c) => c.name)).to.deep.equal(topology.orgs.map((o) => `private_${o.mspId}`));
    const cb1 = collections.find((c) => c.name === 'private_Cb1MSP');
    expect(cb1?.policy).to.equal("OR('Cb1MSP.member', 'RegulatorMSP.member')");
    expect(collections.find((c) => c.name === 'private_RegulatorMSP')?.policy).to.equal("OR('RegulatorMSP.member')");
    expect(collections.every((c) => c.memberOnlyRead)).to.equal(true);
  });
});
