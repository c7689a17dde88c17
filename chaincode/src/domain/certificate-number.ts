// Certificate numbers: the format rule every number must meet, and an optional parse of the common CB convention.

import { invalidArgument } from '../shared/errors';
import { requireString } from './validate';

const MIN_LENGTH = 4;
const MAX_LENGTH = 64;

/**
 * CNCA reporting rule: letters in numbers are uppercase and there are no spaces. The number is
 * otherwise an opaque key, unique per issuing body, so nothing is normalised: a lowercase or
 * spaced number is refused rather than silently becoming a different key.
 */
export function validateCertificateNo(input: unknown, field: string): string {
  const no = requireString(input, field, { min: 1, max: 256 });
  const space = /\s/.exec(no);
  if (space) {
    throw invalidArgument(field, `must not contain spaces (found one at position ${space.index + 1})`);
  }
  const lower = /[a-z]/.exec(no);
  if (lower) {
    throw invalidArgument(
      field,
      `certificate numbers are uppercase (CNCA reporting rule); got ${JSON.stringify(lower[0])} at position ${lower.index + 1} — send ${JSON.stringify(no.toUpperCase())}`,
    );
  }
  const bad = /[^A-Z0-9/-]/.exec(no);
  if (bad) {
    throw invalidArgument(
      field,
      `may contain only uppercase letters, digits, '/' and '-'; got ${JSON.stringify(bad[0])} at position ${bad.index + 1}`,
    );
  }
  if (no.length < MIN_LENGTH || no.length > MAX_LENGTH) {
    throw invalidArgument(field, `must be ${MIN_LENGTH} to ${MAX_LENGTH} characters; got ${no.length}`);
  }
  return no;
}

export interface ParsedCertificateNo {
  /** CB code: the serial of its CNCA approval number, or F + 2 digits for a foreign CB */
  cb: string;
  /** year of the initial or latest recertification audit */
  yy: string;
  /** certification type letters, e.g. Q for QMS */
  type: string;
  serial: string;
  /** 0 = initial certification, n = n-th recertification */
  cycle: number;
  /** organisation size letter */
  size?: string;
  suffix?: string;
}

const CONVENTION =
  /^(?<cb>\d{3}|F\d{2})(?<yy>\d{2})(?<type>[A-Z]{1,3})(?<serial>\d{5,6})R(?<cycle>\d{1,2})(?<size>[SML])?(?:\/(?<suffix>[0-9A-Z]+))?$/;

/** Splits a number written in the common CB convention (docs/domain.md §4.3); undefined for any other form. */
export function parseCertificateNo(no: string): ParsedCertificateNo | undefined {
  if (typeof no !== 'string') return undefined;
  const g = CONVENTION.exec(no)?.groups;
  if (!g || g.cb === undefined || g.yy === undefined || g.type === undefined || g.serial === undefined || g.cycle === undefined) {
    return undefined;
  }
  const parsed: ParsedCertificateNo = { cb: g.cb, yy: g.yy, type: g.type, serial: g.serial, cycle: Number(g.cycle) };
  if (g.size !== undefined) parsed.size = g.size;
  if (g.suffix !== undefined) parsed.suffix = g.suffix;
  return parsed;
}

// ---------------------------------------------------------------------------------------------
// the issuing body's code (docs/domain.md §4.3)

const APPROVAL_NO = /^CNCA-R-(\d{4})-(\d{3})$/;
const FOREIGN_APPROVAL_NO = /^CNCA-RF-(\d{4})-(\d{2})$/;
/** CNCA's organic-product numbering (docs/domain.md §4.3): NNN (or F+NN) OP YY serial[-n]. */
const ORGANIC = /^(?<cb>\d{3}|F\d{2})OP\d{2}\d{5}(?:-\d+)?$/;

/**
 * The CB code a CNCA approval number gives (docs/domain.md §4.3): the serial part of CNCA-R-YYYY-NNN
 * (NNN), or of a foreign body's CNCA-RF-YYYY-NN (F + NN). Undefined for any other form.
 */
export function cbCodeOfApprovalNo(approvalNo: unknown): string | undefined {
  if (typeof approvalNo !== 'string') return undefined;
  const domestic = APPROVAL_NO.exec(approvalNo.trim());
  if (domestic) return domestic[2];
  const foreign = FOREIGN_APPROVAL_NO.exec(approvalNo.trim());
  return foreign ? `F${foreign[2]}` : undefined;
}

/** The CB code a certificate number carries when it follows the CB convention or the organic rule. */
export function cbCodeOfCertificateNo(no: string): string | undefined {
  return parseCertificateNo(no)?.cb ?? ORGANIC.exec(no)?.groups?.cb;
}

/**
 * Where the numbering rule gives one, the certificate number's CB code must be the issuing body's
 * (docs/domain.md §4.3: its first 3 digits, or F + 2, are the serial of the body's CNCA approval number,
 * the member's credentials.cncaApprovalNo). A number outside the convention, or a body whose
 * approval number is not in the CNCA-R / CNCA-RF form, is an opaque key and is not checked.
 */
export function checkCertificateNoIssuer(
  no: string,
  issuer: { mspId: string; credentials: Record<string, string> },
  field: string,
): void {
  const numberCode = cbCodeOfCertificateNo(no);
  const approvalNo = issuer.credentials.cncaApprovalNo;
  const bodyCode = cbCodeOfApprovalNo(approvalNo);
  if (numberCode === undefined || bodyCode === undefined || numberCode === bodyCode) return;
  throw invalidArgument(
    field,
    `${no} carries the CB code ${numberCode}, but ${issuer.mspId}'s CNCA approval number ${approvalNo ?? ''} gives ${bodyCode}: ` +
      `a number in the CNCA convention starts with the issuing body's code (${bodyCode}…)`,
  );
}
