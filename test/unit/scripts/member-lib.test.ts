// The per-member operator library without a network: process names and the member they belong
// to, a member's nodes from the topology (first and later ones), founders and the member that
// joins later, the signatures the channel's Admins policy needs, the chaincode's message out of a
// peer CLI error, identities' roles as the CA lists them, who submits a CRL update, a user's API
// keys revoked together, and the refusals of the entry scripts before they touch anything.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

const ROOT = join(__dirname, '..', '..', '..');

/** Runs bash with the member library sourced over an empty run folder. */
function lib(body: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const runDir = mkdtempSync(join(tmpdir(), 'member-lib-'));
  const script = `set -euo pipefail; source scripts/lib/member.sh; source scripts/lib/updates.sh; source scripts/lib/procedures.sh; ${body}`;
  const result = spawnSync('bash', ['-c', script, 'bash', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { ...process.env, CERTLEDGER_RUN_DIR: runDir } });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

function out(body: string, ...args: string[]): string {
  const result = lib(body, ...args);
  expect(result.status, result.stderr).to.equal(0);
  return result.stdout;
}

describe('per-member operator library (scripts/lib/member.sh)', function () {
  this.timeout(60_000);

  it('names processes KIND-ORG for a member\'s first node and KIND-ORG-NAME for a later one, and finds the member of each', () => {
    expect(out('peer_process cb1; peer_process cb1 peer1; orderer_process cb1 orderer1; orderer_process cb1 orderer0').split('\n'))
      .to.deep.equal(['peer-cb1', 'peer-cb1-peer1', 'orderer-cb1-orderer1', 'orderer-cb1']);
    expect(out('process_org peer-cb1; process_org peer-cb1-peer1; process_org ca-regulator; process_org gateway-ab').split('\n'))
      .to.deep.equal(['cb1', 'cb1', 'regulator', 'ab']);
    expect(out('pid_file peer-cb1-peer1')).to.match(/\/cb1\/pids\/peer-cb1-peer1\.pid$/);
    expect(out('log_file orderer-regulator')).to.match(/\/regulator\/logs\/orderer-regulator\.log$/);
  });

  it('reads a member\'s first and later nodes from the topology, and refuses an unknown one with the fix', () => {
    expect(out('peer_address cb1; peer_address cb1 peer1; orderer_address cb1 orderer1').split('\n'))
      .to.deep.equal(['127.0.0.3:8051', '127.0.0.3:8056', '127.0.0.3:8057']);
    expect(out('node_field cb1 orderer orderer1 adminPort')).to.equal('8058');
    const unknown = lib('node_spec cb1 peer peer9');
    expect(unknown.status).to.equal(1);
    expect(unknown.stderr).to.match(/FATAL .*cb1 has no peer peer9/);
    expect(unknown.stderr).to.match(/FIX .*extraPeers/);
  });

  it('tells founders from the member that joins later, which has no orderer and reaches the founders\' ordering service', () => {
    expect(out('founder_names').split('\n')).to.deep.equal(['regulator', 'cb1', 'cb2']);
    expect(out('org_names').split('\n')).to.include('ab');
    expect(lib('has_orderer ab').status).to.equal(1);
    expect(lib('is_founder ab').status).to.equal(1);
    expect(lib('is_founder cb2').status).to.equal(0);
    const runDir = mkdtempSync(join(tmpdir(), 'member-lib-ex-'));
    // ab has no orderer: it sends to the first founder's, as published in the exchange folder
    const body = `mkdir -p "$(exchange_org_dir regulator)/msp/tlscacerts"; echo '{"orderer":{"endpoint":"127.0.0.2:7050"}}' >"$(exchange_org_dir regulator)/definition.json"; ordering_service ab`;
    const result = spawnSync('bash', ['-c', `set -euo pipefail; source scripts/lib/member.sh; ${body}`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CERTLEDGER_RUN_DIR: runDir } });
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout.trim()).to.equal(`127.0.0.2:7050 ${runDir}/exchange/orgs/regulator/msp/tlscacerts/ca.pem`);
  });

  it('gives each member\'s chaincode server two slots and stages each build as an immutable copy named by its digest', () => {
    expect(out('cc_slot_port cb1 a; cc_slot_port cb1 b; cc_slot_process cb1 a; cc_slot_process cb1 b; cc_current_slot cb1; cc_other_slot a').split('\n'))
      .to.deep.equal(['8052', '8152', 'chaincode-cb1', 'chaincode-cb1-b', 'a', 'b']);
    expect(out('cc_version_of 55d5484186fe4fef683ebfb268d641688a244c0b8db3a77f2ea9f60b6691ca76')).to.equal('0.1.0-55d5484186fe');
    const build = mkdtempSync(join(tmpdir(), 'member-lib-build-'));
    mkdirSync(join(build, 'dist', 'chaincode', 'src'), { recursive: true });
    writeFileSync(join(build, 'dist', 'chaincode', 'src', 'index.js'), 'module.exports = {};\n');
    const runDir = mkdtempSync(join(tmpdir(), 'member-lib-stage-'));
    const stage = (): { status: number | null; stdout: string; stderr: string } => {
      const result = spawnSync('bash', ['-c', 'set -euo pipefail; source scripts/lib/member.sh; d=$(cc_digest_of "$1"); s=$(cc_stage_build cb1 "$1"); echo "$d"; echo "$s"; cc_digest_of "$s"', 'bash', build], {
        cwd: ROOT, encoding: 'utf8', env: { ...process.env, CERTLEDGER_RUN_DIR: runDir },
      });
      return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
    };
    const first = stage();
    expect(first.status, first.stderr).to.equal(0);
    const [digest, staged, stagedDigest] = first.stdout.split('\n');
    expect(digest).to.match(/^[0-9a-f]{64}$/);
    expect(staged).to.equal(join(runDir, 'cb1', 'chaincode', 'builds', digest as string));
    expect(stagedDigest).to.equal(digest);
    // staging the same build again reuses the copy; a copy changed afterwards is refused
    expect(stage().stdout).to.equal(first.stdout);
    writeFileSync(join(staged as string, 'dist', 'chaincode', 'src', 'index.js'), 'module.exports = { changed: true };\n');
    const tampered = stage();
    expect(tampered.status).to.equal(1);
    expect(tampered.stderr).to.match(/FATAL .*does not have digest/);
  });

  it('counts the signatures a MAJORITY Admins policy needs: more than half of the application or orderer orgs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'member-lib-cfg-'));
    const config = (app: number, orderer: number): string => {
      const file = join(dir, `c${app}-${orderer}.json`);
      const groups = (n: number): Record<string, unknown> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`Org${i}MSP`, {}]));
      writeFileSync(file, JSON.stringify({ channel_group: { groups: { Application: { groups: groups(app) }, Orderer: { groups: groups(orderer) } } } }));
      return file;
    };
    expect(out('required_signatures "$1" application', config(3, 3))).to.equal('2');
    expect(out('required_signatures "$1" application', config(4, 3))).to.equal('3');
    expect(out('required_signatures "$1" orderer', config(4, 3))).to.equal('2');
    expect(out('required_signatures "$1" application', config(2, 3))).to.equal('2');
    // an org's own MSP (its CRL): its own Admins policy, one admin of that org
    expect(out('required_signatures "$1" org', config(4, 3))).to.equal('1');
  });

  it('reads a user\'s role and type from the CA\'s identity list, and refuses a role that is not one of the five', () => {
    const line = 'Name: rev-1, Type: client, Affiliation: , Max Enrollments: -1, Attributes: [{Name:certledger.role Value:recorder ECert:true} {Name:hf.EnrollmentID Value:rev-1 ECert:true}]';
    expect(out('ca_identity_role "$1"; ca_identity_type "$1"', line).split('\n')).to.deep.equal(['recorder', 'client']);
    expect(out('ca_identity_role "$1"', 'Name: peer0, Type: peer, Affiliation: , Max Enrollments: -1, Attributes: [{Name:hf.Type Value:peer ECert:true}]')).to.equal('-');
    expect(out('ca_roles').split('\n')).to.deep.equal(['admin', 'issuer', 'recorder', 'regulator', 'reader']);
    const bad = lib('ca_require_role auditor');
    expect(bad.status).to.equal(1);
    expect(bad.stderr).to.match(/FATAL .*unknown role 'auditor'/);
    expect(bad.stderr).to.match(/FIX .*admin issuer recorder regulator reader/);
  });

  it('lets only the org whose CA revoked an identity submit its CRL update', () => {
    const body = 'mkdir -p "$(update_dir revoke-u.cb1-at-5)"; echo \'{"subject": "cb1/u", "kind": "revoke"}\' >"$(update_dir revoke-u.cb1-at-5)/about.json"; precheck_revoke revoke-u.cb1-at-5 regulator';
    const result = lib(body);
    expect(result.status).to.equal(1);
    expect(result.stderr).to.match(/FATAL .*only cb1, whose CA revoked the identity, submits it/);
    expect(result.stderr).to.match(/FIX .*config-update\.sh submit revoke-u\.cb1-at-5 cb1/);
  });

  it('gateway-key.sh revoke-user removes every key of one user and no other; a rerun changes nothing', () => {
    const runDir = mkdtempSync(join(tmpdir(), 'member-lib-keys-'));
    const file = join(runDir, 'cb1', 'gateway', 'api-keys.json');
    mkdirSync(join(runDir, 'cb1', 'gateway'), { recursive: true });
    const key = (id: string, user: string): Record<string, string> => ({ id, sha256: 'a'.repeat(64), user, createdAt: '2026-01-01T00:00:00Z' });
    writeFileSync(file, JSON.stringify({ keys: [key('key-1', 'rev'), key('key-2', 'recorder1'), key('key-3', 'rev'), key('key-4', 'rev-2')] }));
    const env = { ...process.env, CERTLEDGER_RUN_DIR: runDir };
    const first = spawnSync(join(ROOT, 'scripts', 'gateway-key.sh'), ['revoke-user', 'cb1', 'rev'], { cwd: ROOT, encoding: 'utf8', env });
    expect(first.status, first.stderr).to.equal(0);
    expect(first.stderr).to.match(/revoked every API key of rev at cb1: key-1 key-3/);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { keys: { id: string }[] }).keys.map((k) => k.id)).to.deep.equal(['key-2', 'key-4']);
    const again = spawnSync(join(ROOT, 'scripts', 'gateway-key.sh'), ['revoke-user', 'cb1', 'rev'], { cwd: ROOT, encoding: 'utf8', env });
    expect(again.status, again.stderr).to.equal(0);
    expect(again.stderr).to.match(/rev has no API key at cb1's gateway; nothing changed/);
  });

  it('takes the chaincode\'s own message out of a peer CLI error', () => {
    const text = 'Error: endorsement failure during query. response: status:500 message:"PRECONDITION_FAILED: member AbMSP is APPLIED; only an APPROVED member joins"';
    expect(out('chain_error "$1"', text)).to.equal('PRECONDITION_FAILED: member AbMSP is APPLIED; only an APPROVED member joins');
    expect(out('chain_error "$1"', 'Error: connection refused')).to.equal('Error: connection refused');
  });

  it('compares certificates whatever their line breaks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'member-lib-pem-'));
    writeFileSync(join(dir, 'a.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\nAAAA\n-----END CERTIFICATE-----\n');
    expect(lib('same_pem "$1" "$2"', join(dir, 'a.pem'), '-----BEGIN CERTIFICATE-----\r\nMIIBAAAA\r\n-----END CERTIFICATE-----').status).to.equal(0);
    expect(lib('same_pem "$1" "$2"', join(dir, 'a.pem'), '-----BEGIN CERTIFICATE-----\nMIIBAAAB\n-----END CERTIFICATE-----').status).to.equal(1);
  });

  it('refuses an unknown member, process or update before acting, naming what there is', () => {
    const member = spawnSync(join(ROOT, 'scripts', 'member.sh'), ['up', 'cb9'], { cwd: ROOT, encoding: 'utf8' });
    expect(member.status).to.equal(1);
    expect(member.stderr).to.match(/FATAL .*no member 'cb9'/);
    expect(member.stderr).to.match(/FIX .*regulator cb1 cb2 ab/);
    const update = spawnSync(join(ROOT, 'scripts', 'config-update.sh'), ['sign', 'join-xx-at-1', 'cb1'], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, CERTLEDGER_RUN_DIR: mkdtempSync(join(tmpdir(), 'member-lib-up-')) },
    });
    expect(update.status).to.equal(1);
    expect(update.stderr).to.match(/FATAL no config update 'join-xx-at-1'/);
    const usage = spawnSync(join(ROOT, 'scripts', 'node.sh'), [], { cwd: ROOT, encoding: 'utf8' });
    expect(usage.status).to.equal(2);
    expect(usage.stdout).to.match(/add-peer ORG NAME/);
  });
});
