// The running chaincode's digest (rule 6) must be the operator script's digest, byte for byte:
// compared here with the very shell pipeline of scripts/lib/chaincode.sh on temporary trees.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { codeDigestOf, digestDirectory, runningCodeDigest } from '../../../../chaincode/src/shared/code-digest';

/** What `cc_code_digest` prints for `root`. */
function shellDigest(root: string): string {
  return execFileSync('bash', ['-c', 'set -euo pipefail; cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64', 'digest', root], {
    encoding: 'utf8',
  }).trim();
}

describe('membership: code digest of the built chaincode', () => {
  let work: string;

  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'certledger-digest-'));
  });

  afterEach(() => {
    rmSync(work, { recursive: true, force: true });
  });

  function write(relative: string, content: string | Buffer): void {
    const file = path.join(work, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }

  it('equals the operator pipeline on a tree with nested folders, byte-order edge cases, odd names and a symlink', () => {
    write('src/index.js', 'module.exports = {};\n');
    write('src/shared/code-digest.js', '// code\n');
    write('src/domain/dictionaries/regions.data.json', '{"110000":"北京市"}');
    write('src/a-b.js', 'dash');          // '-' (0x2d) sorts before '/' (0x2f): ./src/a-b.js before ./src/a/…
    write('src/a/b.js', 'slash');
    write('src/B.js', 'upper');           // C order: uppercase before lowercase
    write('src/b.js', 'lower');
    write('src/with space.js', 'space');
    write('src/北京.js', 'utf-8 name');
    write('src/back\\slash.js', 'sha256sum escapes this name');
    write('src/new\nline.js', 'and this one');
    write('empty.txt', '');
    write('bin.dat', Buffer.from([0, 1, 2, 255, 254]));
    mkdirSync(path.join(work, 'empty-dir'));
    symlinkSync(path.join(work, 'src/index.js'), path.join(work, 'src/link.js')); // find -type f skips it
    const ours = digestDirectory(work);
    expect(ours.digest).to.equal(shellDigest(work));
    expect(ours.files).to.equal(13);
  });

  it('equals the pipeline on an empty folder and changes with any byte or name', () => {
    expect(digestDirectory(work).digest).to.equal(shellDigest(work));
    write('x.js', 'a');
    const one = digestDirectory(work).digest;
    expect(one).to.equal(shellDigest(work));
    write('x.js', 'b');
    const content = digestDirectory(work).digest;
    expect(content).to.not.equal(one);
    expect(content).to.equal(shellDigest(work));
    rmSync(path.join(work, 'x.js'));
    write('y.js', 'a');
    const renamed = digestDirectory(work).digest;
    expect(renamed).to.not.equal(one);
    expect(renamed).to.equal(shellDigest(work));
  });

  it('hashes the folder two levels above the compiled module (dist/chaincode for dist/chaincode/src/shared/code-digest.js)', () => {
    write('dist/chaincode/src/shared/code-digest.js', '// compiled\n');
    write('dist/chaincode/src/index.js', 'exports.contracts = [];\n');
    write('dist/other.js', 'outside the chaincode build');
    const answer = codeDigestOf(path.join(work, 'dist/chaincode/src/shared/code-digest.js'));
    expect(answer).to.deep.equal({ available: true, algorithm: 'sha256', digest: shellDigest(path.join(work, 'dist/chaincode')), files: 2 });
  });

  it('is unavailable from TypeScript sources and when the build cannot be read, without naming local paths', () => {
    const fromSources = codeDigestOf(path.join(work, 'chaincode/src/shared/code-digest.ts'));
    expect(fromSources.available).to.equal(false);
    const missing = codeDigestOf(path.join(work, 'nowhere/src/shared/code-digest.js'));
    expect(missing).to.deep.equal({ available: false, reason: 'the chaincode build could not be read (ENOENT)' });
    expect(JSON.stringify(missing)).to.not.contain(work);
    // these tests run under ts-node: the running chaincode has no build
    expect(runningCodeDigest()).to.deep.equal(fromSources);
  });
});
