// scripts/install-fabric.sh refuses a Fabric source it cannot trust before it builds anything:
// an archive whose SHA-256 differs from the pinned one (one byte changed), a source tree of another
// release, a path that does not exist; and it installs the Debian packages it lacks (monitoring
// included) through apt-get. Each run has an empty cache of its own, so nothing here
// touches the real build cache or the checkout's .fabric/ links.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

const ROOT = join(__dirname, '..', '..', '..');
const INSTALLER = join(ROOT, 'scripts', 'install-fabric.sh');
/** Fabric's own source archive, where this machine has it (CI always does, beside its clone). */
const REAL_ARCHIVE = join(ROOT, '..', 'shared', 'fabric', 'fabric-3.1.5-src.tar.xz');

function install(env: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync('bash', [INSTALLER], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, SKIP_APT: '1', FABRIC_BIN_DIR: '', ...env },
  });
  return { status: result.status, stderr: result.stderr };
}

describe('scripts/install-fabric.sh: FABRIC_SOURCE', function () {
  this.timeout(60_000);
  let dir: string;
  let cache: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'certledger-install-'));
    cache = join(dir, 'cache');
    mkdirSync(cache);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses an archive with one byte changed before unpacking or building anything', () => {
    const archive = join(dir, 'fabric-3.1.5-src.tar.xz');
    if (existsSync(REAL_ARCHIVE)) {
      copyFileSync(REAL_ARCHIVE, archive);
      // the copy keeps the original's mode, and CI's original is read-only: make the copy writable
      chmodSync(archive, 0o600);
    } else {
      // Without Fabric's archive on this machine, any other archive stands in for a corrupted one.
      mkdirSync(join(dir, 'fabric-3.1.5'));
      writeFileSync(join(dir, 'fabric-3.1.5', 'Makefile'), 'FABRIC_VER ?= 3.1.5\n');
      expect(spawnSync('tar', ['-cJf', archive, '-C', dir, 'fabric-3.1.5']).status).to.equal(0);
    }
    // Flip one byte in the middle of the archive.
    const fd = openSync(archive, 'r+');
    const byte = Buffer.alloc(1);
    const at = 4096;
    readSync(fd, byte, 0, 1, at);
    byte[0] = (byte[0] as number) ^ 0xff;
    writeSync(fd, byte, 0, 1, at);
    closeSync(fd);

    const { status, stderr } = install({ CERTLEDGER_CACHE: cache, FABRIC_SOURCE: archive });
    expect(status).to.equal(1);
    expect(stderr).to.match(/FATAL .*is not Fabric v3\.1\.5's source archive: its SHA-256 is [0-9a-f]{64}, the pinned one is 384fc6f4/);
    expect(stderr).to.match(/FIX +.*sha256sum -c SHA256SUMS/);
    expect(stderr).not.to.match(/Unpacking|Building/);
    expect(readdirSync(cache), 'nothing unpacked or built in the cache').to.deep.equal([]);
  });

  it('refuses a source tree of another release', () => {
    const tree = join(dir, 'fabric-2.5.0');
    mkdirSync(join(tree, 'vendor'), { recursive: true });
    mkdirSync(join(tree, 'cmd', 'peer'), { recursive: true });
    writeFileSync(join(tree, 'go.mod'), 'module github.com/hyperledger/fabric\n');
    writeFileSync(join(tree, 'Makefile'), 'FABRIC_VER ?= 2.5.0\n');
    const { status, stderr } = install({ CERTLEDGER_CACHE: cache, FABRIC_SOURCE: tree });
    expect(status).to.equal(1);
    expect(stderr).to.match(/FATAL .*is Fabric '2\.5\.0', not v3\.1\.5/);
    expect(stderr).not.to.match(/Building/);
    expect(readdirSync(cache)).to.deep.equal([]);
  });

  it('refuses a tree without its vendor/ folder (it could not build offline)', () => {
    const tree = join(dir, 'fabric');
    mkdirSync(join(tree, 'cmd', 'peer'), { recursive: true });
    writeFileSync(join(tree, 'go.mod'), 'module github.com/hyperledger/fabric\n');
    writeFileSync(join(tree, 'Makefile'), 'FABRIC_VER ?= 3.1.5\n');
    const { status, stderr } = install({ CERTLEDGER_CACHE: cache, FABRIC_SOURCE: tree });
    expect(status).to.equal(1);
    expect(stderr).to.match(/FATAL .*is not a Fabric source tree with its vendor\/ folder/);
  });

  it('names the fix when FABRIC_SOURCE does not exist', () => {
    const { status, stderr } = install({ CERTLEDGER_CACHE: cache, FABRIC_SOURCE: join(dir, 'missing.tar.xz') });
    expect(status).to.equal(1);
    expect(stderr).to.match(/FATAL FABRIC_SOURCE=.*missing\.tar\.xz does not exist/);
    expect(stderr).to.match(/FIX +point FABRIC_SOURCE at fabric-3\.1\.5-src\.tar\.xz/);
  });

  it('installs the missing Debian packages, monitoring included, through apt-get (dpkg and apt-get stubbed)', () => {
    // Stand-ins on PATH: dpkg knows the four packages of before, apt-get and sudo record the call.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const calls = join(dir, 'apt-calls');
    const stub = (name: string, body: string) => writeFileSync(join(bin, name), `#!/usr/bin/env bash\n${body}\n`, { mode: 0o755 });
    stub('dpkg', 'case "$2" in jq|shellcheck|curl|chromium) exit 0 ;; *) exit 1 ;; esac');
    stub('apt-get', `echo "$*" >>'${calls}'`);
    stub('sudo', 'exec "$@"');
    const { status, stderr } = install({
      SKIP_APT: '0',
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      CERTLEDGER_CACHE: cache,
      FABRIC_SOURCE: join(dir, 'missing.tar.xz'),
    });
    // the install then stops at the missing Fabric source, after the Debian packages
    expect(status).to.equal(1);
    expect(stderr).to.match(/Installing Debian packages: prometheus prometheus-alertmanager prometheus-node-exporter prometheus-blackbox-exporter$/m);
    const lines = readFileSync(calls, 'utf8').trim().split('\n');
    expect(lines[0]).to.equal('update -qq');
    expect(lines[1]).to.equal('install -y -qq prometheus prometheus-alertmanager prometheus-node-exporter prometheus-blackbox-exporter');
  });
});
