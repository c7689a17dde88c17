// Unified social credit code (统一社会信用代码, GB 32100-2015): normalisation, check character, soft checks.

import { invalidArgument } from '../shared/errors';
import { lookupRegion } from './dictionaries/regions';
import { requireString } from './validate';

/** 表1 代码字符集: digits and uppercase letters without I, O, Z, S, V; index = value. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const CHARSET_HINT = 'digits and uppercase letters except I, O, Z, S, V';
/** W_i = 3^(i-1) mod 31 (表2) */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * Registration authority (pos 1) → entity types (pos 2). From a third-party summary, not the
 * standard's text (docs/domain.md §1.1), so a miss is only a warning.
 */
const AUTHORITY_TYPES: Readonly<Record<string, { authority: string; types: string }>> = {
  '1': { authority: '机构编制', types: '1239' },
  '2': { authority: '外交', types: '19' },
  '3': { authority: '司法行政', types: '123459' },
  '4': { authority: '文化', types: '19' },
  '5': { authority: '民政', types: '1239' },
  '6': { authority: '旅游', types: '129' },
  '7': { authority: '宗教', types: '129' },
  '8': { authority: '工会', types: '19' },
  '9': { authority: '工商', types: '123' },
  A: { authority: '中央军委改革和编制办公室', types: '19' },
  N: { authority: '农业', types: '1239' },
  Y: { authority: '其他', types: '1' },
};

export function normalizeUscc(input: string): string {
  return input.trim().toUpperCase().replace(/[ -]/g, '');
}

export function usccCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || first17.length !== 17) {
    throw invalidArgument('first17', `must be 17 characters of the USCC charset; got ${typeof first17 === 'string' ? first17.length : typeof first17}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const ch = first17.charAt(i);
    const value = USCC_CHARSET.indexOf(ch);
    if (value < 0) {
      throw invalidArgument('first17', `character ${i + 1} ${JSON.stringify(ch)} is not in the USCC charset (${CHARSET_HINT})`);
    }
    sum += value * (WEIGHTS[i] as number);
  }
  return USCC_CHARSET.charAt((31 - (sum % 31)) % 31);
}

/** GB 11714 check character of an 8-character organisation code body (already charset-checked). */
function organisationCheckChar(body8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    // GB 11714 values: 0–9, then A=10 … Z=35 over the full Latin alphabet
    const value = parseInt(body8.charAt(i), 36);
    sum += value * (weights[i] as number);
  }
  const c9 = 11 - (sum % 11);
  return c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9);
}

export function validateUscc(input: unknown, field: string): { uscc: string; warnings: string[] } {
  // generous bound: the raw input may carry spaces and dashes that normalisation drops
  const uscc = normalizeUscc(requireString(input, field, { max: 64 }));
  if (uscc.length !== 18) {
    throw invalidArgument(field, `must be 18 characters of the USCC charset (${CHARSET_HINT}); got ${uscc.length}`);
  }
  if (!USCC_PATTERN.test(uscc)) {
    // position 18 is left to the check-character comparison, whose message names the right one
    for (let i = 0; i < 17; i++) {
      const ch = uscc.charAt(i);
      if (i >= 2 && i < 8 && !/\d/.test(ch)) {
        throw invalidArgument(field, `positions 3–8 (the registering authority's region code) must be digits; got ${JSON.stringify(ch)} at position ${i + 1}`);
      }
      if (!USCC_CHARSET.includes(ch)) {
        throw invalidArgument(field, `character ${JSON.stringify(ch)} at position ${i + 1} is not in the USCC charset (${CHARSET_HINT})`);
      }
    }
  }
  const expected = usccCheckChar(uscc.slice(0, 17));
  const actual = uscc.charAt(17);
  if (actual !== expected) {
    throw invalidArgument(field, `check character (position 18) of ${uscc} must be ${JSON.stringify(expected)}; got ${JSON.stringify(actual)}`);
  }

  const warnings: string[] = [];
  const authority = AUTHORITY_TYPES[uscc.charAt(0)];
  if (!authority) {
    warnings.push(`position 1 ${JSON.stringify(uscc.charAt(0))} is not a known registration authority code`);
  } else if (!authority.types.includes(uscc.charAt(1))) {
    warnings.push(
      `position 2 ${JSON.stringify(uscc.charAt(1))} is not a known entity type for registration authority ${uscc.charAt(0)} (${authority.authority})`,
    );
  }
  const region = uscc.slice(2, 8);
  if (!lookupRegion(region)) {
    // the registering authority's region at registration time; retired codes are legitimate
    warnings.push(`positions 3–8 ${region} are not in the current region dictionary (the code may have been retired)`);
  }
  const orgCheck = organisationCheckChar(uscc.slice(8, 16));
  if (orgCheck !== uscc.charAt(16)) {
    warnings.push(
      `positions 9–17 ${uscc.slice(8, 17)} fail the GB 11714 organisation-code check: position 17 should be ${JSON.stringify(orgCheck)}`,
    );
  }
  return { uscc, warnings };
}
