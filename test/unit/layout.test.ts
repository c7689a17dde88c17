// test/unit/ mirrors the source tree: every folder of chaincode/src and gateway/src that holds
// TypeScript has its folder of tests under test/unit/chaincode or test/unit/gateway, with at
// least one test in it; and no folder of tests stands for a source folder that is gone.
import { expect } from 'chai';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function folders(dir: string, keep: (names: string[]) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    const entries = readdirSync(d, { withFileTypes: true });
    if (keep(entries.filter((e) => e.isFile()).map((e) => e.name))) out.push(relative(dir, d));
    for (const e of entries) if (e.isDirectory()) walk(join(d, e.name));
  };
  walk(dir);
  return out.sort();
}

describe('test/unit mirrors the source tree', () => {
  for (const side of ['chaincode', 'gateway']) {
    const sources = folders(join(ROOT, side, 'src'), (names) => names.some((n) => n.endsWith('.ts')));

    it(`every ${side}/src folder has its tests under test/unit/${side}/`, () => {
      const untested = sources.filter((f) => {
        const dir = join(ROOT, 'test', 'unit', side, f);
        return !existsSync(dir) || !readdirSync(dir).some((n) => n.endsWith('.test.ts'));
      });
      expect(untested, 'source folders without tests').to.deep.equal([]);
    });

    it(`every folder of tests under test/unit/${side}/ stands for a source folder`, () => {
      const tests = folders(join(ROOT, 'test', 'unit', side), (names) => names.some((n) => n.endsWith('.test.ts')));
      expect(tests.filter((f) => !sources.includes(f)), 'test folders with no source folder').to.deep.equal([]);
    });
  }
});
