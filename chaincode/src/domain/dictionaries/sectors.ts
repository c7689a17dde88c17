// GB/T 4754-2017 economic sectors (国民经济行业分类): the 20 sections, the 97 divisions, code validation.
//
// Validated to the division (大类, 2 digits) only: no official 中类/小类 table is shipped yet
// (docs/domain.md §3.3), so 3- and 4-digit codes pass on their division with a warning. Names are the
// 2017 edition's (with the 2019 修改单 the division list is unchanged); the 2011 edition had 96
// divisions and numbers everything from 79 up one lower, which is why 79 = 土地管理业 and
// 97 = 国际组织 are the edition's tell.

import { invalidArgument } from '../../shared/errors';
import { requireString } from '../validate';

export const SECTOR_EDITION = 'GB/T 4754-2017';

/** 门类 */
export const SECTOR_SECTIONS: Readonly<Record<string, string>> = Object.freeze({
  A: '农、林、牧、渔业',
  B: '采矿业',
  C: '制造业',
  D: '电力、热力、燃气及水生产和供应业',
  E: '建筑业',
  F: '批发和零售业',
  G: '交通运输、仓储和邮政业',
  H: '住宿和餐饮业',
  I: '信息传输、软件和信息技术服务业',
  J: '金融业',
  K: '房地产业',
  L: '租赁和商务服务业',
  M: '科学研究和技术服务业',
  N: '水利、环境和公共设施管理业',
  O: '居民服务、修理和其他服务业',
  P: '教育',
  Q: '卫生和社会工作',
  R: '文化、体育和娱乐业',
  S: '公共管理、社会保障和社会组织',
  T: '国际组织',
});

// [section, first division, division names in order]
const TABLE: ReadonlyArray<readonly [string, number, readonly string[]]> = [
  ['A', 1, ['农业', '林业', '畜牧业', '渔业', '农、林、牧、渔专业及辅助性活动']],
  ['B', 6, [
    '煤炭开采和洗选业', '石油和天然气开采业', '黑色金属矿采选业', '有色金属矿采选业', '非金属矿采选业',
    '开采专业及辅助性活动', '其他采矿业',
  ]],
  ['C', 13, [
    '农副食品加工业', // 13
    '食品制造业',
    '酒、饮料和精制茶制造业',
    '烟草制品业',
    '纺织业',
    '纺织服装、服饰业',
    '皮革、毛皮、羽毛及其制品和制鞋业',
    '木材加工和木、竹、藤、棕、草制品业', // 20
    '家具制造业',
    '造纸和纸制品业',
    '印刷和记录媒介复制业',
    '文教、工美、体育和娱乐用品制造业',
    '石油、煤炭及其他燃料加工业', // 25
    '化学原料和化学制品制造业',
    '医药制造业',
    '化学纤维制造业',
    '橡胶和塑料制品业',
    '非金属矿物制品业', // 30
    '黑色金属冶炼和压延加工业',
    '有色金属冶炼和压延加工业',
    '金属制品业',
    '通用设备制造业',
    '专用设备制造业', // 35
    '汽车制造业',
    '铁路、船舶、航空航天和其他运输设备制造业',
    '电气机械和器材制造业',
    '计算机、通信和其他电子设备制造业',
    '仪器仪表制造业', // 40
    '其他制造业',
    '废弃资源综合利用业',
    '金属制品、机械和设备修理业', // 43
  ]],
  ['D', 44, ['电力、热力生产和供应业', '燃气生产和供应业', '水的生产和供应业']],
  ['E', 47, ['房屋建筑业', '土木工程建筑业', '建筑安装业', '建筑装饰、装修和其他建筑业']],
  ['F', 51, ['批发业', '零售业']],
  ['G', 53, [
    '铁路运输业', '道路运输业', '水上运输业', '航空运输业', '管道运输业', '多式联运和运输代理业',
    '装卸搬运和仓储业', '邮政业',
  ]],
  ['H', 61, ['住宿业', '餐饮业']],
  ['I', 63, ['电信、广播电视和卫星传输服务', '互联网和相关服务', '软件和信息技术服务业']],
  ['J', 66, ['货币金融服务', '资本市场服务', '保险业', '其他金融业']],
  ['K', 70, ['房地产业']],
  ['L', 71, ['租赁业', '商务服务业']],
  ['M', 73, ['研究和试验发展', '专业技术服务业', '科技推广和应用服务业']],
  ['N', 76, ['水利管理业', '生态保护和环境治理业', '公共设施管理业', '土地管理业']],
  ['O', 80, ['居民服务业', '机动车、电子产品和日用产品修理业', '其他服务业']],
  ['P', 83, ['教育']],
  ['Q', 84, ['卫生', '社会工作']],
  ['R', 86, ['新闻和出版业', '广播、电视、电影和录音制作业', '文化艺术业', '体育', '娱乐业']],
  ['S', 91, [
    '中国共产党机关', '国家机构', '人民政协、民主党派', '社会保障', '群众团体、社会团体和其他成员组织',
    '基层群众自治组织及其他组织',
  ]],
  ['T', 97, ['国际组织']],
];

export interface SectorDivision {
  section: string;
  name: string;
}

/** 大类: two-digit code → its section letter and name. */
export const SECTOR_DIVISIONS: Readonly<Record<string, Readonly<SectorDivision>>> = Object.freeze(
  Object.fromEntries(
    TABLE.flatMap(([section, first, names]) =>
      names.map((name, i) => [String(first + i).padStart(2, '0'), Object.freeze({ section, name })] as const),
    ),
  ),
);

function division(code: string): Readonly<SectorDivision> | undefined {
  return Object.hasOwn(SECTOR_DIVISIONS, code) ? SECTOR_DIVISIONS[code] : undefined;
}

export interface SectorCode {
  /** digits only, 2 to 4 */
  code: string;
  /** section letter A–T */
  section: string;
  /** two-digit division code */
  division: string;
  sectionName: string;
  divisionName: string;
  warnings: string[];
}

export function validateSectorCode(input: unknown, field: string): SectorCode {
  const raw = requireString(input, field, {
    min: 2,
    max: 5,
    pattern: /^([A-T])?(\d{2}|\d{3}|\d{4})$/,
    patternHint: `a ${SECTOR_EDITION} code: an optional section letter A–T, then 2, 3 or 4 digits (e.g. C3511 or 3511)`,
  });
  const letter = /^[A-T]/.test(raw) ? raw.charAt(0) : undefined;
  const code = letter ? raw.slice(1) : raw;
  const div = code.slice(0, 2);
  const found = division(div);
  if (!found) {
    throw invalidArgument(field, `division (大类) ${div} does not exist in ${SECTOR_EDITION} (01–97)`);
  }
  if (letter && letter !== found.section) {
    // 2011 codes from 79 up are one lower than 2017's; say so when that explains the mismatch
    const next = division(String(Number(div) + 1).padStart(2, '0'));
    const hint = Number(div) >= 79 && next?.section === letter
      ? `; ${letter}${div} looks like a GB/T 4754-2011 code (the 2017 edition numbers it ${Number(div) + 1})`
      : '';
    throw invalidArgument(
      field,
      `section letter ${letter} does not match division ${div} ${found.name}, which is in section ${found.section} ${SECTOR_SECTIONS[found.section] ?? ''}${hint}`,
    );
  }
  const warnings = code.length > 2 ? ['not checked below the division (大类)'] : [];
  return {
    code,
    section: found.section,
    division: div,
    sectionName: SECTOR_SECTIONS[found.section] ?? '',
    divisionName: found.name,
    warnings,
  };
}
