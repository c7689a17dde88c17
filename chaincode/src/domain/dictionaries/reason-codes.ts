// Reason codes of certificate status changes (docs/domain.md §4.4, from a CB system's code tables; UNVERIFIED
// as the official CNCA lists), and of the regulator's measures on a certification body. Status
// changes carry a code from these lists (docs/contracts.md §1.8); a status reason is given as a
// code, as a code followed by a note, as {code, note}, or — by an issuer only — as free text.
import { invalidArgument } from '../../shared/errors';

/** 暂停 (suspension) reasons. */
export const SUSPENSION_REASON_CODES: Readonly<Record<string, string>> = Object.freeze({
  '0111': '体系持续或严重不满足认证要求',
  '0112': '不履行认证合同',
  '0113': '受执法监管部门处罚',
  '0114': '地方监管部门发现问题',
  '0115': '行政许可/资质过期、换证中',
  '0116': '主动请求暂停',
  '0117': '重大事故',
  '0118': '能源绩效未达标',
  '0199': '其他',
});

/** 撤销 (withdrawal) reasons. */
export const WITHDRAWAL_REASON_CODES: Readonly<Record<string, string>> = Object.freeze({
  '0101': '审核未通过',
  '0111': '法律地位证明被注销/撤销',
  '0112': '拒绝配合监督检查或提供虚假材料',
  '0113': '重大质量/环境/职业健康安全事故',
  '0114': '其他严重违法',
  '0115': '暂停期满问题未解决',
  '0116': '未运行体系',
  '0117': '不正确引用认证信息，超过6个月未纠正',
  '0118': '重大事故',
  '0119': '能源绩效',
  '0120': '换发新证撤销旧证',
  '0121': '不履行合同',
  '0122': '主动放弃',
  '0199': '其他',
});

/** 注销 (cancellation) reasons (the product-certification table of docs/domain.md §4.4). */
export const CANCELLATION_REASON_CODES: Readonly<Record<string, string>> = Object.freeze({
  '0201': '有效期届满未申请延期',
  '0202': '不再生产/主动放弃',
  '0203': '列入淘汰目录',
  '0204': '申请注销',
  '0299': '其他',
});

/**
 * Withdrawal reasons that are the organisation's own (因自身原因, CNCA-QMS-01:2025 5.1.2): after one
 * of these no body may certify the organisation for the same scheme within the charter's bar
 * (`issueBar`). Left out: 0111 (the legal entity is gone: nothing to bar), 0120 (an administrative
 * reissue), 0122 (given up voluntarily, no fault), 0199 (unknown: a fault cannot be presumed).
 */
export const OWN_FAULT_WITHDRAWAL_CODES: readonly string[] = Object.freeze([
  '0101', '0112', '0113', '0114', '0115', '0116', '0117', '0118', '0119', '0121',
]);

/**
 * The regulator's reasons for suspending a certification body's right to issue. The sources give no
 * code list for measures on a body (docs/domain.md §4.4), so these are the project's own, after the grounds of the
 * certification-body rules (认证机构管理办法) for an administrative measure.
 */
export const ISSUING_SUSPENSION_REASON_CODES: Readonly<Record<string, string>> = Object.freeze({
  CB01: '出具虚假或者严重失实的认证结论',
  CB02: '超出批准范围从事认证活动',
  CB03: '认证人员不具备相应能力或资格',
  CB04: '未按认证规则实施认证',
  CB05: '拒绝或者阻碍监督检查',
  CB06: '不再符合认证机构设立条件',
  CB99: '其他',
});

export type ReasonList = 'SUSPENSION' | 'WITHDRAWAL' | 'CANCELLATION' | 'ISSUING_SUSPENSION';

const LISTS: Readonly<Record<ReasonList, { codes: Readonly<Record<string, string>>; name: string }>> = {
  SUSPENSION: { codes: SUSPENSION_REASON_CODES, name: 'suspension' },
  WITHDRAWAL: { codes: WITHDRAWAL_REASON_CODES, name: 'withdrawal' },
  CANCELLATION: { codes: CANCELLATION_REASON_CODES, name: 'cancellation' },
  ISSUING_SUSPENSION: { codes: ISSUING_SUSPENSION_REASON_CODES, name: 'issuing-suspension' },
};

/** A status reason as parsed: `text` is what statusReason stores. */
export interface StatusReason {
  code?: string;
  note?: string;
  text: string;
}

const MAX_NOTE = 2000;
// a code alone, or a code then whitespace then a note: "0111", "0111 体系不满足要求", "CB01 …"
const CODE_FIRST = /^(\d{4}|CB\d{2})(?:\s+([\s\S]*))?$/;

export function reasonCodes(list: ReasonList): string[] {
  return Object.keys(LISTS[list].codes).sort();
}

export function reasonLabel(list: ReasonList, code: string): string | undefined {
  const codes = LISTS[list].codes;
  return Object.prototype.hasOwnProperty.call(codes, code) ? codes[code] : undefined;
}

/** What a reason of `list` must be, listing its codes (for messages). */
export function listHint(list: ReasonList): string {
  const { codes, name } = LISTS[list];
  return `a ${name} reason code (docs/domain.md §4.4): ${Object.keys(codes).sort().map((k) => `${k} ${codes[k]}`).join('; ')}`;
}

function checkedCode(value: unknown, field: string, list: ReasonList): string {
  if (typeof value !== 'string' || reasonLabel(list, value) === undefined) {
    throw invalidArgument(field, `${JSON.stringify(value)} is not ${listHint(list)}`);
  }
  return value;
}

function note(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidArgument(field, 'must be a text');
  const text = value.trim();
  if (text.length > MAX_NOTE) throw invalidArgument(field, `must be at most ${MAX_NOTE} characters, got ${text.length}`);
  return text === '' ? undefined : text;
}

function build(list: ReasonList, code: string | undefined, text: string | undefined): StatusReason {
  if (code === undefined) return { note: text, text: text as string };
  const label = reasonLabel(list, code) as string;
  return text === undefined ? { code, text: `${code} ${label}` } : { code, note: text, text: `${code} ${text}` };
}

/**
 * Parses a status reason given as {code, note?}, as its JSON text, as a code string ("0111", or
 * "0111 note"), or as free text. `requireCode` refuses free text (the regulator's measures); a
 * string that starts like a code must be a code of `list`, so a mistyped code is never stored as
 * free text. The stored text is "<code> <note>", "<code> <label>" or the free text.
 */
export function parseStatusReason(value: unknown, field: string, list: ReasonList, opts: { requireCode: boolean }): StatusReason {
  let raw = value;
  if (typeof raw === 'string' && raw.trim().startsWith('{')) {
    try {
      raw = JSON.parse(raw) as unknown;
    } catch {
      throw invalidArgument(field, 'looks like JSON but does not parse; give {"code": "...", "note": "..."} or a code');
    }
  }
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const obj = raw as Record<string, unknown>;
    const extra = Object.keys(obj).filter((k) => k !== 'code' && k !== 'note').sort();
    if (extra.length > 0) throw invalidArgument(`${field}.${extra[0]}`, 'is an unknown key; a reason is {code, note?}');
    if (obj.code === undefined) throw invalidArgument(`${field}.code`, `is required: ${listHint(list)}`);
    return build(list, checkedCode(obj.code, `${field}.code`, list), note(obj.note, `${field}.note`));
  }
  if (typeof raw !== 'string') throw invalidArgument(field, `must be a reason: {code, note?} or ${listHint(list)}`);
  const text = raw.trim();
  if (text === '') throw invalidArgument(field, 'is required (a reason code, or a non-empty text)');
  if (text.length > MAX_NOTE) throw invalidArgument(field, `must be at most ${MAX_NOTE} characters, got ${text.length}`);
  const match = CODE_FIRST.exec(text);
  if (match !== null) {
    return build(list, checkedCode(match[1], field, list), note(match[2], field));
  }
  if (opts.requireCode) throw invalidArgument(field, `needs ${listHint(list)} — free text goes in the note: {"code": "...", "note": "..."}`);
  return build(list, undefined, text);
}

/**
 * The reason code of a certificate's current status: the stored code, else one a status reason
 * written before codes were stored starts with ("0112 …") or ends with ("SUSPENSION_EXPIRED (0115)").
 */
export function reasonCodeOf(cert: { statusReasonCode?: string; statusReason: string }): string | undefined {
  if (cert.statusReasonCode !== undefined) return cert.statusReasonCode;
  const leading = /^(\d{4})(?:\s|$)/.exec(cert.statusReason);
  if (leading !== null) return leading[1];
  const trailing = /\((\d{4})\)$/.exec(cert.statusReason);
  return trailing?.[1];
}
