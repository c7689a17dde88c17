// The certified organisation (docs/contracts.md §1.8): its identifier — a USCC, or for an organisation
// without one (a foreign organisation) a GB/T 2659.1 country code and its own registration number —
// the stable key the ledger's indexes use, and changes of its name and address, with history
// [DIGI (七) 地址变更、兼并重组].
//
// The organisation key is the USCC itself for an organisation that has one, exactly as before,
// and `FOREIGN:<country>:<registrationNo>` otherwise (e.g. FOREIGN:DE:HRB86891). It is what the
// certificate-by-organisation index, credit events, evidence subjects and audits name in their
// `uscc` field.

import { conflict, invalidArgument, preconditionFailed } from '../shared/errors';
import { validateOrganizationChangeReason, changeReasonText, ORGANIZATION_FIELDS, type OrganizationField } from './dictionaries/change-reasons';
import { validateCountryCode } from './dictionaries/countries';
import { validateRegionCode } from './dictionaries/regions';
import { canonicalIso, parseIso } from './time';
import type { Certificate, Organization } from './types';
import { validateUscc } from './uscc';
import { requireObject, requireString } from './validate';

export const FOREIGN_KEY_PREFIX = 'FOREIGN';
const REGISTRATION_NO = /^[A-Z0-9][A-Z0-9./-]{0,63}$/;

/**
 * An organisation's registration number in its own country (e.g. HRB 86891, 12345678): spaces
 * are removed and letters capitalised, so one number is always one key; then 1–64 letters, digits,
 * '.', '/' and '-', starting with a letter or digit.
 */
export function validateRegistrationNo(input: unknown, field: string): string {
  const no = requireString(input, field, { max: 128 }).replace(/\s+/g, '').toUpperCase();
  if (!REGISTRATION_NO.test(no)) {
    throw invalidArgument(
      field,
      `must be the organisation's registration number in its country: 1–64 letters, digits, '.', '/' or '-' (spaces are removed); got ${JSON.stringify(input)}`,
    );
  }
  return no;
}

/** The stable key of an organisation: its USCC, or FOREIGN:<country>:<registrationNo>. */
export function organizationKey(org: Pick<Organization, 'uscc' | 'country' | 'registrationNo'>): string {
  if (org.uscc !== undefined) return org.uscc;
  if (org.country === undefined || org.registrationNo === undefined) {
    throw invalidArgument('organization', 'has neither a USCC nor a country and registration number');
  }
  return `${FOREIGN_KEY_PREFIX}:${org.country}:${org.registrationNo}`;
}

/**
 * An organisation named by its key where a USCC used to be the only way (listByOrganization, credit
 * events, evidence subjects, audits): a USCC (checked as always, with its soft-check warnings), or
 * FOREIGN:<country>:<registrationNo>, returned in its normal form.
 */
export function validateOrganizationKey(input: unknown, field: string): { key: string; warnings: string[] } {
  if (typeof input === 'string' && input.trim().toUpperCase().startsWith(`${FOREIGN_KEY_PREFIX}:`)) {
    const parts = input.trim().split(':');
    if (parts.length !== 3) {
      throw invalidArgument(field, `must be a USCC or ${FOREIGN_KEY_PREFIX}:<country>:<registrationNo>, e.g. FOREIGN:DE:HRB86891; got ${JSON.stringify(input)}`);
    }
    const country = validateCountryCode(parts[1], `${field} (country)`);
    const registrationNo = validateRegistrationNo(parts[2], `${field} (registrationNo)`);
    return { key: organizationKey({ country: country.code, registrationNo }), warnings: [] };
  }
  const { uscc, warnings } = validateUscc(input, field);
  return { key: uscc, warnings };
}

function text(value: unknown, field: string, max: number): string {
  const s = requireString(value, field, { max });
  if (s.trim() === '') throw invalidArgument(field, 'is required (a non-empty text)');
  return s.trim();
}

/**
 * The organisation of certificate:issue. With a USCC: {name, uscc, address, regionCode}, exactly as
 * before. Without one: {name, country, registrationNo, address, regionCode?} — a GB/T 2659.1 country
 * code other than CN, the registration number, and a GB/T 2260 region only when it has a site in
 * China. Giving both identifiers, or neither, is refused.
 */
export function parseOrganization(value: unknown, field: string): { organization: Organization; warnings: string[] } {
  const raw = requireObject(value, field, ['name', 'uscc', 'country', 'registrationNo', 'address', 'regionCode']);
  const foreign = raw.country !== undefined || raw.registrationNo !== undefined;
  if (raw.uscc !== undefined && foreign) {
    throw invalidArgument(field, 'gives both a USCC and a country or registration number; an organisation with a USCC is identified by it alone');
  }
  if (raw.uscc === undefined && !foreign) {
    throw invalidArgument(`${field}.uscc`, 'is required, or for an organisation without a USCC (a foreign organisation) country and registrationNo');
  }
  const name = text(raw.name, `${field}.name`, 256);
  const address = text(raw.address, `${field}.address`, 512);
  const warnings: string[] = [];
  let organization: Organization;
  if (raw.uscc !== undefined) {
    const uscc = validateUscc(raw.uscc, `${field}.uscc`);
    const region = validateRegionCode(raw.regionCode, `${field}.regionCode`);
    warnings.push(...uscc.warnings.map((w) => `${field}.uscc: ${w}`), ...region.warnings.map((w) => `${field}.regionCode: ${w}`));
    organization = { name, uscc: uscc.uscc, address, regionCode: region.code };
  } else {
    if (raw.country === undefined) throw invalidArgument(`${field}.country`, 'is required with registrationNo: the GB/T 2659.1 (ISO 3166-1 alpha-2) code of the country of registration');
    if (raw.registrationNo === undefined) throw invalidArgument(`${field}.registrationNo`, 'is required with country: the organisation\'s registration number in that country');
    const country = validateCountryCode(raw.country, `${field}.country`);
    const registrationNo = validateRegistrationNo(raw.registrationNo, `${field}.registrationNo`);
    organization = { name, country: country.code, registrationNo, address };
    if (raw.regionCode !== undefined) {
      const region = validateRegionCode(raw.regionCode, `${field}.regionCode`);
      warnings.push(...region.warnings.map((w) => `${field}.regionCode: ${w}`));
      organization.regionCode = region.code;
    }
  }
  return { organization, warnings };
}

// ---------------------------------------------------------------------------------------------
// changes of name and address

export type OrganizationChange = Partial<Pick<Organization, OrganizationField>>;

/** The changes argument of certificate:changeOrganization: {name?, address?, regionCode?}, at least one. */
export function parseOrganizationChange(value: unknown, field: string): { changes: OrganizationChange; warnings: string[] } {
  const raw = requireObject(value, field, ORGANIZATION_FIELDS);
  const changes: OrganizationChange = {};
  const warnings: string[] = [];
  if (raw.name !== undefined) changes.name = text(raw.name, `${field}.name`, 256);
  if (raw.address !== undefined) changes.address = text(raw.address, `${field}.address`, 512);
  if (raw.regionCode !== undefined) {
    const region = validateRegionCode(raw.regionCode, `${field}.regionCode`);
    warnings.push(...region.warnings.map((w) => `${field}.regionCode: ${w}`));
    changes.regionCode = region.code;
  }
  if (Object.keys(changes).length === 0) {
    throw invalidArgument(field, `must change at least one of ${ORGANIZATION_FIELDS.join(', ')}`);
  }
  return { changes, warnings };
}

/**
 * A new name, address or region of the certified organisation [DIGI (七) 地址变更、兼并重组], on a
 * VALID or SUSPENDED certificate not past expiry, with a change reason of the code list that covers
 * the fields changed (0101 组织更名: the name; 0102 地址变更: address and region; 0110 勘误: any).
 * The organisation as it was goes to organizationHistory; its identifier never changes.
 */
export function changeOrganization(cert: Certificate, changes: OrganizationChange, reasonCode: unknown, now: string): Certificate {
  const { code, fields } = validateOrganizationChangeReason(reasonCode, 'reasonCode');
  if (cert.status !== 'VALID' && cert.status !== 'SUSPENDED') {
    throw conflict(`certificate ${cert.certificateNo} is ${cert.status}; change organisation is allowed only from VALID or SUSPENDED`);
  }
  const changed = ORGANIZATION_FIELDS.filter((f) => changes[f] !== undefined && changes[f] !== cert.organization[f]);
  if (changed.length === 0) {
    throw invalidArgument('changes', 'is the same as the organisation on the certificate; there is nothing to change');
  }
  const outside = changed.filter((f) => !fields.includes(f));
  if (outside.length > 0) {
    throw invalidArgument(
      'reasonCode',
      `${changeReasonText(code)} changes ${fields.join(', ')} only, not ${outside.join(', ')}; ` +
        'change it in another call with its own reason (0101 组织更名, 0102 地址变更), or correct an error with 0110 勘误',
    );
  }
  if (parseIso(now, 'now') >= parseIso(cert.expiresAt, 'certificate.expiresAt')) {
    throw preconditionFailed(`certificate ${cert.certificateNo} expired at ${cert.expiresAt}; change organisation is no longer possible — expire it instead`);
  }
  const copy = structuredClone(cert);
  const organization: Organization = { ...copy.organization };
  for (const f of changed) organization[f] = changes[f] as string;
  return {
    ...copy,
    organization,
    organizationHistory: [
      ...(copy.organizationHistory ?? []),
      { previous: structuredClone(cert.organization), at: canonicalIso(now, 'now'), reasonCode: code, reason: changeReasonText(code) },
    ],
  };
}
