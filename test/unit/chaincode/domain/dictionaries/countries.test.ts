// Unit tests for the GB/T 2659.1 country dictionary and its generator (docs/domain.md §2.3).

import { expect } from 'chai';
import * as fs from 'node:fs';
import { COUNTRY_SOURCE, lookupCountry, validateCountryCode } from '../../../../../chaincode/src/domain/dictionaries/countries';
import data from '../../../../../chaincode/src/domain/dictionaries/countries.data.json';
import { OUTPUT, buildCountryDictionary } from '../../../../../chaincode/tools/generate-country-dictionary';
import { expectInvalid } from '../../../../support/expect-code';

describe('domain/dictionaries/countries', () => {
  it('names its source, and is exactly what the generator produces from the pinned package', () => {
    expect(COUNTRY_SOURCE).to.equal('i18n-iso-countries@7.14.0 (ISO 3166-1, GB/T 2659.1-2022)');
    expect(buildCountryDictionary() === fs.readFileSync(OUTPUT, 'utf8'), 'regenerate with npx ts-node chaincode/tools/generate-country-dictionary.ts').to.equal(true);
  });

  it('holds the 249 ISO 3166-1 codes, sorted, without XK', () => {
    const codes = [...fs.readFileSync(OUTPUT, 'utf8').matchAll(/^"([A-Z]{2})":/gm)].map((m) => m[1] as string);
    expect(codes).to.have.length(249);
    expect(codes).to.deep.equal([...codes].sort());
    expect(Object.keys(data.entries)).not.to.include('XK');
  });

  it('gives alpha-3, numeric and the Chinese and English names', () => {
    expect(lookupCountry('DE')).to.deep.equal({ code: 'DE', alpha3: 'DEU', numeric: '276', nameZh: '德国', nameEn: 'Germany' });
    expect(lookupCountry('HK')).to.deep.include({ alpha3: 'HKG', numeric: '344', nameZh: '香港' });
    expect(lookupCountry('MO')).to.deep.include({ numeric: '446' });
    expect(lookupCountry('TW')).to.deep.include({ numeric: '158', nameZh: '中国台湾省' });
    for (const odd of ['__proto__', 'toString', 'de', 'XK', '']) expect(lookupCountry(odd), odd).to.equal(undefined);
  });

  it('validates a country of registration, capitalising it', () => {
    expect(validateCountryCode('DE', 'c').code).to.equal('DE');
    expect(validateCountryCode('jp', 'c').code).to.equal('JP');
    expect(validateCountryCode('HK', 'c').code).to.equal('HK');
  });

  it('refuses XK, CN (a USCC is required there), unknown and malformed codes', () => {
    expectInvalid(() => validateCountryCode('XK', 'organization.country'), 'organization.country', 'Kosovo', 'not an ISO 3166-1');
    expectInvalid(() => validateCountryCode('cn', 'organization.country'), 'organization.country', 'USCC');
    expectInvalid(() => validateCountryCode('ZZ', 'organization.country'), 'organization.country', 'ZZ is not in the country dictionary');
    expectInvalid(() => validateCountryCode('DEU', 'organization.country'), 'organization.country');
    expectInvalid(() => validateCountryCode('D1', 'organization.country'), 'organization.country');
    expectInvalid(() => validateCountryCode(276, 'organization.country'), 'organization.country');
  });
});
