// A member's backup manifest without a network (scripts/lib/backup.sh): the manifest lists every
// file with its size and SHA-256; the check a restore makes first refuses a changed byte, a
// missing file, an extra file, a link, another member's backup and a file listed twice, each time
// naming the first file that does not match; and scripts/restore.sh refuses such a backup before
// it changes anything in the member's folder.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

const ROOT = join(__dirname, '..', '..', '..');

function bash(body: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const script = `set -euo pipefail; source scripts/lib/member.sh; source scripts/lib/backup.sh; ${body}`;
  const result = spawnSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { ...process.env, CERTLEDGER_RUN_DIR: mkdtempSync(join(tmpdir(), 'backup-run-')), ...env } });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

interface Manifest { format: string; org: string; files: { path: string; size: number; sha256: string }[] }

/** A small backup of cb2 with the shape scripts/backup.sh writes, and its manifest. */
function backup(): string {
  const dir = mkdtempSync(join(tmpdir(), 'backup-'));
  const files: Record<string, string> = {
    'snapshot/41/public_state.data': 'state',
    'snapshot/41/_snapshot_additional_metadata.json': '{"snapshot_hash":"ab"}',
    'files/ca/server/fabric-ca-server.db': 'SQLite format 3\u0000',
    'files/users/admin1/msp/keystore/key.pem': 'key',
    'files/gateway/api-keys.json': '{"keys":[]}',
    'files/gateway/file with space.json': '{}',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const meta = JSON.stringify({ format: 'certledger-backup/1', org: 'cb2', snapshot: { lastBlockNumber: 41 } });
  const result = bash(`backup_secure "$1"; backup_write_manifest "$1" '${meta}'`.replace(/\$1/g, dir));
  expect(result.status, result.stderr).to.equal(0);
  return dir;
}

function verify(dir: string, org = 'cb2'): { status: number | null; stderr: string } {
  return bash(`backup_verify '${dir}' ${org}`);
}

function copyOf(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'backup-copy-'));
  cpSync(dir, copy, { recursive: true });
  return copy;
}

describe('member backup manifest (scripts/lib/backup.sh)', function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = backup();
  });

  it('lists every file but itself with its size and SHA-256, sorted; the backup is mode 700 folders and 600 files', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest).to.include({ format: 'certledger-backup/1', org: 'cb2' });
    const paths = manifest.files.map((f) => f.path);
    expect(paths).to.deep.equal([...paths].sort());
    expect(paths).to.have.length(6).and.to.include('files/gateway/file with space.json').and.not.include('manifest.json');
    const db = manifest.files.find((f) => f.path === 'files/ca/server/fabric-ca-server.db');
    expect(db).to.deep.equal({ path: 'files/ca/server/fabric-ca-server.db', size: 16, sha256: createHash('sha256').update('SQLite format 3\u0000').digest('hex') });
    expect(statSync(join(dir, 'files', 'ca')).mode & 0o777).to.equal(0o700);
    expect(statSync(join(dir, 'files', 'ca', 'server', 'fabric-ca-server.db')).mode & 0o777).to.equal(0o600);
    expect(statSync(join(dir, 'manifest.json')).mode & 0o777).to.equal(0o600);
  });

  it('accepts the backup as written', () => {
    const result = verify(dir);
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stderr).to.match(/the backup matches its manifest \(manifest SHA-256 [0-9a-f]{64}\)/);
  });

  it('refuses one flipped byte, naming the file', () => {
    const copy = copyOf(dir);
    const file = join(copy, 'files', 'ca', 'server', 'fabric-ca-server.db');
    const bytes = readFileSync(file);
    bytes[3] = (bytes[3] as number) ^ 0x01;
    writeFileSync(file, bytes);
    const result = verify(copy);
    expect(result.status).to.equal(1);
    expect(result.stderr).to.match(/FATAL .*files\/ca\/server\/fabric-ca-server\.db does not have the SHA-256 the manifest gives/);
    expect(result.stderr).to.match(/FIX +\S/);
  });

  it('refuses a missing file and an extra one, naming each', () => {
    const missing = copyOf(dir);
    spawnSync('rm', [join(missing, 'files', 'users', 'admin1', 'msp', 'keystore', 'key.pem')]);
    expect(verify(missing).stderr).to.match(/FATAL .*files\/users\/admin1\/msp\/keystore\/key\.pem is missing/);
    const extra = copyOf(dir);
    writeFileSync(join(extra, 'snapshot', '41', 'planted'), 'x');
    expect(verify(extra).stderr).to.match(/FATAL .*snapshot\/41\/planted is not in the manifest/);
  });

  it('refuses a link, a file listed twice, a malformed digest and another member\'s backup', () => {
    const link = copyOf(dir);
    symlinkSync('/etc/passwd', join(link, 'files', 'gateway', 'webhooks.json'));
    expect(verify(link).stderr).to.match(/FATAL .*files\/gateway\/webhooks\.json is not a regular file/);

    const edit = (change: (m: Manifest) => void): string => {
      const copy = copyOf(dir);
      const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as Manifest;
      change(manifest);
      writeFileSync(join(copy, 'manifest.json'), JSON.stringify(manifest));
      return copy;
    };
    expect(verify(edit((m) => { m.files.push({ ...(m.files[0] as Manifest['files'][number]) }); })).stderr).to.match(/FATAL .*lists files\/ca\/server\/fabric-ca-server\.db twice/);
    expect(verify(edit((m) => { (m.files[1] as { sha256: string }).sha256 = 'not-a-digest'; })).stderr).to.match(/FATAL .*digest of .* is malformed/);
    expect(verify(dir, 'cb1').stderr).to.match(/FATAL .*the backup in .* is cb2's, not cb1's/);
    expect(verify(edit((m) => { m.format = 'other/1'; })).stderr).to.match(/FATAL .*is not a certledger-backup\/1 manifest/);
  });

  it('scripts/restore.sh refuses a changed backup before it touches the member\'s folder', () => {
    const copy = copyOf(dir);
    writeFileSync(join(copy, 'files', 'gateway', 'api-keys.json'), '{"keys":[{"id":"planted"}]}');
    const runDir = mkdtempSync(join(tmpdir(), 'restore-run-'));
    const result = spawnSync(join(ROOT, 'scripts', 'restore.sh'), ['cb2', copy], { cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { ...process.env, CERTLEDGER_RUN_DIR: runDir } });
    expect(result.status, result.stderr).to.equal(1);
    expect(result.stderr).to.match(/FATAL .*files\/gateway\/api-keys\.json does not have the SHA-256 the manifest gives/);
    expect(readdirSync(runDir)).to.deep.equal([]);
  });
});
