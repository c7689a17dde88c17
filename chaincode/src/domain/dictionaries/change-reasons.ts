// Reason codes of certificate changes (变更) and cancellations (注销), docs/domain.md §4.4. The tables come
// from a certification body's system and are UNVERIFIED as the official CNCA lists; they are the
// code list the contracts accept until an official one is shipped. The suspension and withdrawal
// codes (暂停 01xx, 撤销 01xx) live in reason-codes.ts.
//
// The change table writes some codes with three digits (103 … 109, 196, 199) next to four-digit
// ones (0101, 0102, 0110) of the same series; here every change code has four digits (0103 …).
// Its 97_xx rows are status changes (暂停, 恢复, 撤销, 过期失效), not changes, and are left out.

import { invalidArgument } from '../../shared/errors';

/** 变更 reasons [docs/domain.md §4.4]. */
export const CHANGE_REASONS = {
  '0101': '组织更名',
  '0102': '地址变更',
  '0103': '其他信息',
  '0104': '更换标志',
  '0105': '扩大范围',
  '0106': '缩小范围',
  '0107': '变更产品型号规格',
  '0108': '认证依据标准变更',
  '0109': '变更获证组织机构代码',
  '0110': '勘误',
  '0196': '取消使用CNAS标志',
  '0199': '其他',
} as const;
export type ChangeReasonCode = keyof typeof CHANGE_REASONS;

export const ORGANIZATION_FIELDS = ['name', 'address', 'regionCode'] as const;
export type OrganizationField = (typeof ORGANIZATION_FIELDS)[number];

/**
 * The change reasons certificate:changeOrganization accepts, and the organisation fields each may
 * change [DIGI (七) 地址变更、兼并重组]: a rename (a merger or reorganisation included) changes the
 * name, a move changes the address and its region code, an erratum corrects any of them. The
 * identifier (USCC, or country and registration number) is not changed this way: 0109 means a new
 * organisation key, and the ledger's indexes are keyed by it.
 */
export const ORGANIZATION_CHANGE_REASONS: Readonly<Partial<Record<ChangeReasonCode, readonly OrganizationField[]>>> = {
  '0101': ['name'],
  '0102': ['address', 'regionCode'],
  '0110': ['name', 'address', 'regionCode'],
};

/** 注销 reasons (product-certification table) [docs/domain.md §4.4]. */
export const CANCELLATION_REASONS = {
  '0201': '有效期届满未申请延期',
  '0202': '不再生产/主动放弃',
  '0203': '列入淘汰目录',
  '0204': '申请注销',
  '0299': '其他',
} as const;
export type CancellationReasonCode = keyof typeof CANCELLATION_REASONS;
export const CANCELLATION_REASON_CODES = Object.keys(CANCELLATION_REASONS) as CancellationReasonCode[];

/** `0101 组织更名`: a code with its label, as a status or history reason reads. */
export function changeReasonText(code: ChangeReasonCode): string {
  return `${code} ${CHANGE_REASONS[code]}`;
}

export function cancellationReasonText(code: CancellationReasonCode): string {
  return `${code} ${CANCELLATION_REASONS[code]}`;
}

/** A change reason for certificate:changeOrganization, with the fields it may change. */
export function validateOrganizationChangeReason(input: unknown, field: string): { code: ChangeReasonCode; fields: readonly OrganizationField[] } {
  const allowed = Object.keys(ORGANIZATION_CHANGE_REASONS) as ChangeReasonCode[];
  const list = allowed.map((c) => changeReasonText(c)).join(', ');
  if (typeof input !== 'string' || !Object.hasOwn(ORGANIZATION_CHANGE_REASONS, input)) {
    const known = typeof input === 'string' && Object.hasOwn(CHANGE_REASONS, input);
    throw invalidArgument(
      field,
      known
        ? `${changeReasonText(input as ChangeReasonCode)} does not change the organisation's name or address; use one of ${list}`
        : `must be a change reason code for the organisation's data: ${list}; got ${JSON.stringify(input)}`,
    );
  }
  const code = input as ChangeReasonCode;
  return { code, fields: ORGANIZATION_CHANGE_REASONS[code] as readonly OrganizationField[] };
}
