// Unit tests for the certified organisation: identifier, key, and name/address changes with
// history (docs/contracts.md §1.8, §3.4 changeOrganization).

import { expect } from 'chai';
import {
  changeOrganization, organizationKey, parseOrganization, parseOrganizationChange, validateOrganizationKey, validateRegistrationNo,
} from '../../../../chaincode/src/domain/organization';
import type { Certificate } from '../../../../chaincode/src/domain/types';
import { expectCode, expectInvalid } from '../../../support/expect-code';
import { certificateRecord } from './fixtures';

const NOW = '2025-06-01T00:00:00.000Z';

function cert(overrides: Partial<Certificate> = {}): Certificate {
  return certificateRecord({
    organization: { name: '示例制造有限公司', uscc: '91350100M000100Y43', address: '福州市鼓楼区五四路 1 号', regionCode: '350102' }, scope: 'Valves', scopeCodes: [18], ...overrides,
  });
}

describe('domain/organization', () => {
  describe('parseOrganization', () => {
    it('keeps an organisation with a USCC exactly as before', () => {
      const { organization, warnings } = parseOrganization(
        { name: ' 示例制造有限公司 ', uscc: '91350100M000100Y43', address: '福州市鼓楼区五四路 1 号', regionCode: '350102' }, 'certificate.organization');
      expect(organization).to.deep.equal({ name: '示例制造有限公司', uscc: '91350100M000100Y43', address: '福州市鼓楼区五四路 1 号', regionCode: '350102' });
      expect(Object.keys(organization)).to.deep.equal(['name', 'uscc', 'address', 'regionCode']);
      expect(warnings).to.deep.equal([]);
      expect(organizationKey(organization)).to.equal('91350100M000100Y43');
    });

    it('certifies an organisation without a USCC by GB/T 2659.1 country and its registration number', () => {
      const { organization } = parseOrganization(
        { name: 'Beispiel Maschinenbau GmbH', country: 'de', registrationNo: 'hrb 86891', address: 'Industriestraße 1, 70173 Stuttgart' }, 'o');
      expect(organization).to.deep.equal({ name: 'Beispiel Maschinenbau GmbH', country: 'DE', registrationNo: 'HRB86891', address: 'Industriestraße 1, 70173 Stuttgart' });
      expect(organizationKey(organization)).to.equal('FOREIGN:DE:HRB86891');
      // a site in China may give its region
      const withSite = parseOrganization({ name: 'X', country: 'HK', registrationNo: '12345678', address: 'Y', regionCode: '440305' }, 'o');
      expect(withSite.organization).to.include({ country: 'HK', regionCode: '440305' });
    });

    it('refuses both identifiers, neither, half a foreign identifier, XK, CN and a USCC without region', () => {
      const base = { name: 'X', address: 'Y' };
      expectInvalid(() => parseOrganization({ ...base, uscc: '91350100M000100Y43', regionCode: '350102', country: 'DE' }, 'o'), 'o', 'both a USCC and a country');
      expectInvalid(() => parseOrganization({ ...base, regionCode: '350102' }, 'o'), 'o.uscc', 'country and registrationNo');
      expectInvalid(() => parseOrganization({ ...base, country: 'DE' }, 'o'), 'o.registrationNo', 'is required');
      expectInvalid(() => parseOrganization({ ...base, registrationNo: 'HRB 1' }, 'o'), 'o.country', 'is required');
      expectInvalid(() => parseOrganization({ ...base, country: 'XK', registrationNo: '1' }, 'o'), 'o.country', 'Kosovo');
      expectInvalid(() => parseOrganization({ ...base, country: 'CN', registrationNo: '1' }, 'o'), 'o.country', 'USCC');
      expectInvalid(() => parseOrganization({ ...base, uscc: '91350100M000100Y43' }, 'o'), 'o.regionCode');
      expectInvalid(() => parseOrganization({ ...base, country: 'DE', registrationNo: '1', regionCode: '999999' }, 'o'), 'o.regionCode');
      expectInvalid(() => parseOrganization({ ...base, uscc: '91350100M000100Y43', regionCode: '350102', taxId: '1' }, 'o'), 'o', 'unknown key');
      expectInvalid(() => parseOrganization({ name: ' ', uscc: '91350100M000100Y43', address: 'Y', regionCode: '350102' }, 'o'), 'o.name');
    });
  });

  describe('registration numbers and organisation keys', () => {
    it('normalises a registration number and refuses other characters', () => {
      expect(validateRegistrationNo(' B 123 456 789 ', 'r')).to.equal('B123456789');
      expect(validateRegistrationNo('0108-01-012345', 'r')).to.equal('0108-01-012345');
      expect(validateRegistrationNo('c.12/34', 'r')).to.equal('C.12/34');
      for (const bad of ['', '   ', '-123', 'AB:12', 'Nr. 12 ü', 'x'.repeat(65)]) expectInvalid(() => validateRegistrationNo(bad, 'r'), 'r');
    });

    it('reads a USCC or a FOREIGN key in its normal form', () => {
      expect(validateOrganizationKey('91350100M000100Y43', 'uscc')).to.deep.equal({ key: '91350100M000100Y43', warnings: [] });
      expect(validateOrganizationKey('FOREIGN:de:hrb 86891', 'uscc').key).to.equal('FOREIGN:DE:HRB86891');
      expect(validateOrganizationKey('foreign:JP:1234567890123', 'uscc').key).to.equal('FOREIGN:JP:1234567890123');
    });

    it('refuses a bad USCC and a malformed FOREIGN key', () => {
      expectInvalid(() => validateOrganizationKey('91350100M000100Y44', 'uscc'), 'uscc', 'check character');
      expectInvalid(() => validateOrganizationKey('FOREIGN:DE', 'uscc'), 'uscc', 'FOREIGN:<country>:<registrationNo>');
      expectInvalid(() => validateOrganizationKey('FOREIGN:DE:A:B', 'uscc'), 'uscc');
      expectInvalid(() => validateOrganizationKey('FOREIGN:XK:1', 'uscc'), 'uscc (country)', 'Kosovo');
      expectInvalid(() => validateOrganizationKey('FOREIGN:DE:', 'uscc'), 'uscc (registrationNo)');
    });
  });

  describe('changeOrganization [DIGI (七) 地址变更、兼并重组]', () => {
    it('renames with 0101 and keeps the organisation as it was in the history', () => {
      const c = cert();
      const before = structuredClone(c);
      const out = changeOrganization(c, { name: '示例智能装备有限公司' }, '0101', NOW);
      expect(out.organization).to.deep.equal({ ...before.organization, name: '示例智能装备有限公司' });
      expect(out.organizationHistory).to.deep.equal([{ previous: before.organization, at: NOW, reasonCode: '0101', reason: '0101 组织更名' }]);
      expect(c).to.deep.equal(before);
      const moved = changeOrganization(out, { address: '福州市仓山区示例路 9 号', regionCode: '350104' }, '0102', '2025-07-01T00:00:00Z');
      expect(moved.organization).to.include({ name: '示例智能装备有限公司', address: '福州市仓山区示例路 9 号', regionCode: '350104', uscc: '91350100M000100Y43' });
      expect(moved.organizationHistory?.map((h) => h.reason)).to.deep.equal(['0101 组织更名', '0102 地址变更']);
      expect(moved.organizationHistory?.[1]?.previous.name).to.equal('示例智能装备有限公司');
      expect(moved.organizationHistory?.[1]?.at).to.equal('2025-07-01T00:00:00.000Z');
    });

    it('corrects any field with 0110 勘误, and changes a SUSPENDED certificate too', () => {
      const out = changeOrganization(cert({ status: 'SUSPENDED', suspendedUntil: '2025-09-01T00:00:00.000Z' }), { name: '示例制造股份有限公司', address: 'Z' }, '0110', NOW);
      expect(out.organization).to.include({ name: '示例制造股份有限公司', address: 'Z' });
      expect(out.status).to.equal('SUSPENDED');
    });

    it('refuses a reason that does not cover the fields changed, and nothing to change', () => {
      expectInvalid(() => changeOrganization(cert(), { name: 'N', address: 'A' }, '0101', NOW), 'reasonCode', '0101 组织更名 changes name only, not address');
      expectInvalid(() => changeOrganization(cert(), { name: 'N' }, '0102', NOW), 'reasonCode', 'not name');
      expectInvalid(() => changeOrganization(cert(), { name: '示例制造有限公司' }, '0101', NOW), 'changes', 'nothing to change');
      expectInvalid(() => changeOrganization(cert(), { name: 'N' }, '0106', NOW), 'reasonCode', 'does not change the organisation');
    });

    it('refuses a terminal certificate (CONFLICT) and one past expiry (PRECONDITION_FAILED)', () => {
      for (const status of ['WITHDRAWN', 'CANCELLED', 'EXPIRED'] as const) {
        expectCode(() => changeOrganization(cert({ status }), { name: 'N' }, '0101', NOW), 'CONFLICT', `is ${status}`);
      }
      expectCode(() => changeOrganization(cert({ expiresAt: NOW }), { name: 'N' }, '0101', NOW), 'PRECONDITION_FAILED', 'expired');
    });

    it('parses the changes argument: only name, address, regionCode, and at least one', () => {
      expect(parseOrganizationChange({ name: ' N ', regionCode: '350104' }, 'changes').changes).to.deep.equal({ name: 'N', regionCode: '350104' });
      expectInvalid(() => parseOrganizationChange({}, 'changes'), 'changes', 'at least one of name, address, regionCode');
      expectInvalid(() => parseOrganizationChange({ uscc: '91110000600037341L' }, 'changes'), 'changes', 'unknown key');
      expectInvalid(() => parseOrganizationChange({ regionCode: '999999' }, 'changes'), 'changes.regionCode');
      expectInvalid(() => parseOrganizationChange({ name: '' }, 'changes'), 'changes.name');
    });
  });
});
