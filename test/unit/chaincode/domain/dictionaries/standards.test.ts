// Unit tests for the dictionary of certification standards per scheme (docs/contracts.md §1.8).

import { expect } from 'chai';
import { STANDARDS, lookupStandard, standardsFor, validateStandard } from '../../../../../chaincode/src/domain/dictionaries/standards';
import { SCHEMES } from '../../../../../chaincode/src/domain/types';
import { expectInvalid } from '../../../../support/expect-code';

describe('domain/dictionaries/standards', () => {
  it('lists each code once, for one scheme, and every management-system scheme and SERVICE has one', () => {
    const codes = STANDARDS.map((s) => s.code);
    expect(new Set(codes).size).to.equal(codes.length);
    for (const scheme of SCHEMES.filter((s) => s !== 'PRODUCT' && s !== 'OTHER')) expect(standardsFor(scheme), scheme).not.to.have.lengthOf(0);
    expect(standardsFor('PRODUCT')).to.deep.equal([]);
  });

  it('pairs each standard with its scheme', () => {
    const pairs: [string, string][] = [
      ['GB/T 19001-2016/ISO 9001:2015', 'QMS'], ['GB/T 24001-2016/ISO 14001:2015', 'EMS'], ['GB/T 45001-2020/ISO 45001:2018', 'OHSMS'],
      ['GB/T 22080-2016/ISO/IEC 27001:2013', 'ISMS'], ['ISO/IEC 27001:2022', 'ISMS'], ['ISO/IEC 20000-1:2018', 'ITSMS'],
      ['GB/T 23331-2020/ISO 50001:2018', 'EnMS'], ['GB/T 22000-2006/ISO 22000:2005', 'FSMS'], ['GB/T 27341-2009', 'HACCP'],
      ['T/STIC130010-2022', 'SERVICE'],
    ];
    for (const [code, scheme] of pairs) {
      expect(lookupStandard(code)?.scheme, code).to.equal(scheme);
      expect(validateStandard(code, scheme as never, 'certificate.standard')).to.deep.equal({ code, warnings: [] });
    }
  });

  it('normalises full-width characters and spacing to the dictionary code', () => {
    expect(validateStandard('GB/T 19001－2016／ISO 9001：2015', 'QMS', 's').code).to.equal('GB/T 19001-2016/ISO 9001:2015');
    expect(validateStandard('  GB/T  19001-2016 / ISO 9001 : 2015 ', 'QMS', 's').code).to.equal('GB/T 19001-2016/ISO 9001:2015');
  });

  it('refuses a standard of another scheme, naming the scheme it belongs to', () => {
    expectInvalid(() => validateStandard('GB/T 24001-2016/ISO 14001:2015', 'QMS', 'certificate.standard'), 'certificate.standard', 'is a EMS standard, not a basis for a QMS certificate');
    expectInvalid(() => validateStandard('ISO 9001:2015', 'PRODUCT', 'certificate.standard'), 'certificate.standard', 'is a QMS standard');
    expectInvalid(() => validateStandard('GB 4706.1-2005; ISO 9001:2015', 'PRODUCT', 'certificate.standard'), 'certificate.standard', 'ISO 9001:2015 is a QMS standard');
  });

  it('refuses free text and unknown codes for a listed scheme, listing the accepted ones', () => {
    expectInvalid(() => validateStandard('质量管理体系', 'QMS', 'certificate.standard'), 'certificate.standard', 'not a QMS standard of the dictionary', 'GB/T 19001-2016/ISO 9001:2015 | ISO 9001:2015');
    expectInvalid(() => validateStandard('ISO 9001:2008', 'QMS', 'certificate.standard'), 'certificate.standard', 'ISO 9001:2008');
    expectInvalid(() => validateStandard('', 'QMS', 'certificate.standard'), 'certificate.standard');
  });

  it('checks PRODUCT and OTHER for form only, with a warning', () => {
    expect(validateStandard('GB 4706.1-2005', 'PRODUCT', 's')).to.deep.equal({
      code: 'GB 4706.1-2005', warnings: ['GB 4706.1-2005: PRODUCT standards are not in the dictionary; checked for form only'],
    });
    expect(validateStandard('CNCA-C01-01:2014;GB 4943.1-2022', 'PRODUCT', 's').code).to.equal('CNCA-C01-01:2014; GB 4943.1-2022');
    expect(validateStandard('RB/T 314-2017', 'OTHER', 's').warnings).to.have.length(1);
    expectInvalid(() => validateStandard('家用电器安全标准', 'PRODUCT', 's'), 's', 'not free text');
    expectInvalid(() => validateStandard('Safety of household appliances', 'PRODUCT', 's'), 's', 'not free text');
    expectInvalid(() => validateStandard('GB 4706.1-2005;', 'PRODUCT', 's'), 's', 'not free text');
  });
});
