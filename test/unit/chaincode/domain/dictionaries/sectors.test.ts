// Unit tests for GB/T 4754-2017 sector validation.

import { expect } from 'chai';
import { SECTOR_DIVISIONS, SECTOR_SECTIONS, validateSectorCode } from '../../../../../chaincode/src/domain/dictionaries/sectors';
import { expectInvalid } from '../../../../support/expect-code';


describe('domain/dictionaries/sectors', () => {
  describe('the 2017 edition table', () => {
    it('has 20 sections A–T and 97 divisions 01–97 without gaps', () => {
      expect(Object.keys(SECTOR_SECTIONS).join('')).to.equal('ABCDEFGHIJKLMNOPQRST');
      const codes = Object.keys(SECTOR_DIVISIONS).sort();
      expect(codes).to.have.length(97);
      expect(codes).to.deep.equal(Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, '0')));
    });

    it('passes the edition tell: 79 = 土地管理业, 97 = 国际组织', () => {
      expect(SECTOR_DIVISIONS['79']).to.deep.equal({ section: 'N', name: '土地管理业' });
      expect(SECTOR_DIVISIONS['97']).to.deep.equal({ section: 'T', name: '国际组织' });
      expect(SECTOR_DIVISIONS['96']).to.deep.equal({ section: 'S', name: '基层群众自治组织及其他组织' });
    });

    it('matches the section ranges of docs/domain.md §3.2', () => {
      const ranges: Record<string, [number, number]> = {
        A: [1, 5], B: [6, 12], C: [13, 43], D: [44, 46], E: [47, 50], F: [51, 52], G: [53, 60], H: [61, 62],
        I: [63, 65], J: [66, 69], K: [70, 70], L: [71, 72], M: [73, 75], N: [76, 79], O: [80, 82], P: [83, 83],
        Q: [84, 85], R: [86, 90], S: [91, 96], T: [97, 97],
      };
      for (const [code, { section }] of Object.entries(SECTOR_DIVISIONS)) {
        const [lo, hi] = ranges[section] as [number, number];
        expect(Number(code), `${code} in ${section}`).to.be.within(lo, hi);
      }
      expect(SECTOR_DIVISIONS['13']?.name).to.equal('农副食品加工业');
      expect(SECTOR_DIVISIONS['25']?.name).to.equal('石油、煤炭及其他燃料加工业');
      expect(SECTOR_DIVISIONS['36']?.name).to.equal('汽车制造业');
      expect(SECTOR_DIVISIONS['43']?.name).to.equal('金属制品、机械和设备修理业');
      expect(SECTOR_DIVISIONS['05']?.name).to.equal('农、林、牧、渔专业及辅助性活动');
    });
  });

  describe('validateSectorCode', () => {
    it('accepts a division code without warnings', () => {
      expect(validateSectorCode('65', 'certificate.sectorCode')).to.deep.equal({
        code: '65',
        section: 'I',
        division: '65',
        sectionName: '信息传输、软件和信息技术服务业',
        divisionName: '软件和信息技术服务业',
        warnings: [],
      });
      expect(validateSectorCode('I65', 'certificate.sectorCode').code).to.equal('65');
    });

    it("normalises 'A0111' to digits and warns below the division", () => {
      const result = validateSectorCode('A0111', 'certificate.sectorCode');
      expect(result.code).to.equal('0111');
      expect(result.section).to.equal('A');
      expect(result.division).to.equal('01');
      expect(result.divisionName).to.equal('农业');
      expect(result.warnings).to.deep.equal(['not checked below the division (大类)']);
      expect(validateSectorCode('351', 'sectorCode').warnings).to.deep.equal(['not checked below the division (大类)']);
    });

    it('rejects a section letter that does not match the division', () => {
      expectInvalid(() => validateSectorCode('B0111', 'certificate.sectorCode'), 'certificate.sectorCode', 'section letter B does not match division 01 农业', 'section A');
    });

    it('points out 2011-edition codes', () => {
      expectInvalid(() => validateSectorCode('T96', 'sectorCode'), 'sectorCode', 'GB/T 4754-2011', 'numbers it 97');
      expectInvalid(() => validateSectorCode('O79', 'sectorCode'), 'sectorCode', 'numbers it 80');
      const reason = expectInvalid(() => validateSectorCode('A13', 'sectorCode'), 'sectorCode', 'does not match');
      expect(reason).not.to.include('2011');
    });

    it('rejects unknown divisions', () => {
      expectInvalid(() => validateSectorCode('98', 'sectorCode'), 'sectorCode', 'division (大类) 98 does not exist');
      expectInvalid(() => validateSectorCode('00', 'sectorCode'), 'sectorCode', 'division (大类) 00');
    });

    it('rejects malformed codes', () => {
      for (const bad of ['1', '12345', 'a0111', 'U01', 'AB01', 'C 35', '3.5']) {
        expectInvalid(() => validateSectorCode(bad, 'sectorCode'), 'sectorCode');
      }
      expectInvalid(() => validateSectorCode('a0111', 'sectorCode'), 'sectorCode', 'optional section letter A–T');
      expectInvalid(() => validateSectorCode(65, 'sectorCode'), 'sectorCode', 'must be a string');
    });
  });
});
