// The certification basis (认证依据): a dictionary of standard codes per scheme (docs/contracts.md §1.8),
// so that `standard` is a code, not free text, and the scheme↔standard pairing is checked.
//
// Each entry is the code as written on Chinese certificates: the national adoption and the
// international standard it is identical to, joined by '/', or the international standard alone
// (for a foreign organisation or a body that certifies to it directly). docs/domain.md §4.2's 7-character
// CNCA 依据 codes (A010102 = ISO 9001:2015 …) are UNVERIFIED against RB/T 188-2015 and are not used.
//
// PRODUCT and OTHER rest on product standards and certification rules too many to list: there
// the code is checked for form (a standard code, not prose), answers with a warning, and may not be
// a standard this dictionary gives to another scheme.

import { invalidArgument } from '../../shared/errors';
import type { Scheme } from '../types';
import { requireString } from '../validate';

export interface StandardEntry {
  code: string;
  scheme: Scheme;
  title: string;
}

export const STANDARDS: readonly StandardEntry[] = [
  { code: 'GB/T 19001-2016/ISO 9001:2015', scheme: 'QMS', title: '质量管理体系 要求' },
  { code: 'ISO 9001:2015', scheme: 'QMS', title: 'Quality management systems — Requirements' },
  { code: 'GB/T 50430-2017', scheme: 'QMS', title: '工程建设施工企业质量管理规范' },
  { code: 'YY/T 0287-2017/ISO 13485:2016', scheme: 'QMS', title: '医疗器械 质量管理体系 用于法规的要求' },
  { code: 'ISO 13485:2016', scheme: 'QMS', title: 'Medical devices — Quality management systems' },
  { code: 'GB/T 24001-2016/ISO 14001:2015', scheme: 'EMS', title: '环境管理体系 要求及使用指南' },
  { code: 'ISO 14001:2015', scheme: 'EMS', title: 'Environmental management systems' },
  { code: 'GB/T 45001-2020/ISO 45001:2018', scheme: 'OHSMS', title: '职业健康安全管理体系 要求及使用指南' },
  { code: 'ISO 45001:2018', scheme: 'OHSMS', title: 'Occupational health and safety management systems' },
  { code: 'GB/T 22080-2016/ISO/IEC 27001:2013', scheme: 'ISMS', title: '信息技术 安全技术 信息安全管理体系 要求' },
  { code: 'ISO/IEC 27001:2013', scheme: 'ISMS', title: 'Information security management systems — Requirements' },
  { code: 'ISO/IEC 27001:2022', scheme: 'ISMS', title: 'Information security, cybersecurity and privacy protection — ISMS — Requirements' },
  { code: 'ISO/IEC 20000-1:2018', scheme: 'ITSMS', title: 'Information technology — Service management — Part 1' },
  { code: 'GB/T 23331-2020/ISO 50001:2018', scheme: 'EnMS', title: '能源管理体系 要求及使用指南' },
  { code: 'ISO 50001:2018', scheme: 'EnMS', title: 'Energy management systems' },
  { code: 'GB/T 22000-2006/ISO 22000:2005', scheme: 'FSMS', title: '食品安全管理体系 食品链中各类组织的要求' },
  { code: 'ISO 22000:2018', scheme: 'FSMS', title: 'Food safety management systems' },
  { code: 'GB/T 27341-2009', scheme: 'HACCP', title: '危害分析与关键控制点(HACCP)体系 食品生产企业通用要求' },
  { code: 'GB/T 27922-2011', scheme: 'SERVICE', title: '商品售后服务评价体系' },
  { code: 'T/STIC130010-2022', scheme: 'SERVICE', title: '区块链服务认证规范 [BSC]' },
];

/** Schemes whose basis must be in the dictionary; the others are checked for form only. */
const LISTED_SCHEMES: readonly Scheme[] = ['QMS', 'EMS', 'OHSMS', 'ISMS', 'ITSMS', 'EnMS', 'FSMS', 'HACCP', 'SERVICE'];

// A standard code, or several joined by '; ': starts with a capital letter, holds a digit, and
// only the characters of standard numbers (no prose, no Chinese title).
const ONE_CODE = /^[A-Z][A-Za-z0-9 .:/()+_-]*[0-9][A-Za-z0-9 .:/()+_-]*$/;

function normalize(text: string): string {
  // NFKC folds full-width '／' '：' and digits into ASCII, as Chinese text often writes them
  return text.normalize('NFKC').replace(/\s+/g, ' ').replace(/\s*([/:])\s*/g, '$1').trim();
}

export function lookupStandard(code: string): StandardEntry | undefined {
  return STANDARDS.find((s) => s.code === code);
}

export function standardsFor(scheme: Scheme): string[] {
  return STANDARDS.filter((s) => s.scheme === scheme).map((s) => s.code);
}

/**
 * The certification basis of a certificate of `scheme`: a code of the dictionary for that scheme
 * (full-width characters and spacing are normalised), or for PRODUCT and OTHER a well-formed
 * standard code, with a warning, that is not another scheme's standard.
 */
export function validateStandard(input: unknown, scheme: Scheme, field: string): { code: string; warnings: string[] } {
  const code = normalize(requireString(input, field, { max: 256 }));
  const entry = lookupStandard(code);
  if (entry !== undefined && entry.scheme !== scheme) {
    throw invalidArgument(field, `${code} is a ${entry.scheme} standard, not a basis for a ${scheme} certificate; give scheme ${entry.scheme} or a ${scheme} standard`);
  }
  if (entry !== undefined) return { code, warnings: [] };
  if (LISTED_SCHEMES.includes(scheme)) {
    throw invalidArgument(field, `${JSON.stringify(code)} is not a ${scheme} standard of the dictionary; use one of: ${standardsFor(scheme).join(' | ')}`);
  }
  const parts = code.split(';').map((p) => p.trim());
  for (const part of parts) {
    if (!ONE_CODE.test(part)) {
      throw invalidArgument(field, `must be a standard code such as GB 4706.1-2005 (several joined by '; '), not free text; got ${JSON.stringify(part)}`);
    }
    const other = lookupStandard(part);
    if (other !== undefined) {
      throw invalidArgument(field, `${part} is a ${other.scheme} standard, not a basis for a ${scheme} certificate`);
    }
  }
  return { code: parts.join('; '), warnings: [`${code}: ${scheme} standards are not in the dictionary; checked for form only`] };
}
