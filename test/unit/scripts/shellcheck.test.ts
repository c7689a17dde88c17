// Every operator script stays shellcheck clean (style level, following sourced libraries).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';

const ROOT = join(__dirname, '..', '..', '..');

function scripts(): string[] {
  const inDir = (dir: string, filter: (name: string) => boolean): string[] =>
    readdirSync(join(ROOT, dir)).filter(filter).map((name) => join(dir, name));
  return [
    ...inDir('scripts', (n) => n.endsWith('.sh')),
    ...inDir('scripts/lib', (n) => n.endsWith('.sh')),
    ...inDir('scripts/ccaas-builder/bin', () => true),
    '.ci/run',
  ];
}

describe('operator scripts', function () {
  // -x follows every sourced library from each entry script: about 15 s on a busy 2-core machine
  this.timeout(120_000);

  it('pass shellcheck', () => {
    const files = scripts();
    expect(files.length).to.be.greaterThan(8);
    const result = spawnSync('shellcheck', ['-x', '-S', 'style', ...files], { cwd: ROOT, encoding: 'utf8' });
    if (result.error !== undefined) {
      throw new Error(`shellcheck is not installed (${result.error.message}); scripts/install-fabric.sh installs it`);
    }
    expect(result.stdout + result.stderr, 'shellcheck findings').to.equal('');
    expect(result.status).to.equal(0);
  });
});
