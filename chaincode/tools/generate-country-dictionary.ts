// Generates chaincode/src/domain/dictionaries/countries.data.json from the pinned i18n-iso-countries package.
//
// Run: npx ts-node chaincode/tools/generate-country-dictionary.ts
// The output is committed; the chaincode never reads i18n-iso-countries itself (a devDependency,
// 788 KB with every locale). GB/T 2659.1-2022 is ISO 3166-1:2020, MOD (docs/domain.md §2.3): the
// dictionary holds the ISO 3166-1 alpha-2 codes with alpha-3, numeric, Chinese and English names.
// XK (Kosovo) is left out: it is a user-assigned code, not part of ISO 3166-1 (docs/domain.md §2.3).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { dictionaryJson } from './dictionary-json';

export const I18N_ISO_COUNTRIES_VERSION = '7.14.0';
export const SOURCE = `i18n-iso-countries@${I18N_ISO_COUNTRIES_VERSION} (ISO 3166-1, GB/T 2659.1-2022)`;
export const NOTES = [
  'Entries: alpha-2 → [alpha-3, numeric, Chinese name, English name].',
  'XK (Kosovo) is not an ISO 3166-1 code and is left out.',
  'CN is listed for completeness; an organisation registered in mainland China is identified by its USCC, not by country and registration number.',
];
export const OUTPUT = path.join(__dirname, '..', 'src', 'domain', 'dictionaries', 'countries.data.json');
const EXCLUDED = new Set(['XK']);

interface Locale {
  countries: Record<string, string | string[]>;
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the shape of the package's data file it reads
function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function packageDir(): string {
  const dir = path.dirname(require.resolve('i18n-iso-countries/package.json'));
  const { version } = readJson<{ version: string }>(path.join(dir, 'package.json'));
  if (version !== I18N_ISO_COUNTRIES_VERSION) {
    throw new Error(`i18n-iso-countries ${version} is installed; this generator is pinned to ${I18N_ISO_COUNTRIES_VERSION}`);
  }
  return dir;
}

function firstName(locale: Locale, code: string): string {
  const name = locale.countries[code];
  const first = Array.isArray(name) ? name[0] : name;
  if (typeof first !== 'string' || first === '') throw new Error(`no name for ${code}`);
  return first;
}

/** The dictionary file's full text; deterministic for a given package version. */
export function buildCountryDictionary(dir: string = packageDir()): string {
  const codes = readJson<[string, string, string, string][]>(path.join(dir, 'codes.json'));
  const zh = readJson<Locale>(path.join(dir, 'langs', 'zh.json'));
  const en = readJson<Locale>(path.join(dir, 'langs', 'en.json'));
  const rows = codes
    .filter(([alpha2]) => !EXCLUDED.has(alpha2))
    .map(([alpha2, alpha3, numeric]) => {
      if (!/^[A-Z]{2}$/.test(alpha2) || !/^[A-Z]{3}$/.test(alpha3) || !/^\d{3}$/.test(numeric)) {
        throw new Error(`unexpected codes ${alpha2} ${alpha3} ${numeric}`);
      }
      return [alpha2, [alpha3, numeric, firstName(zh, alpha2), firstName(en, alpha2)]] as const;
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return dictionaryJson(SOURCE, NOTES, rows);
}

if (require.main === module) {
  const text = buildCountryDictionary();
  fs.writeFileSync(OUTPUT, text);
  const count = (text.match(/^"[A-Z]{2}"/gm) ?? []).length;
  process.stdout.write(`wrote ${count} entries (${Buffer.byteLength(text)} bytes) to ${path.relative(process.cwd(), OUTPUT)}\n`);
}
