// Unit tests for certificate-number validation and the optional convention parse.

import { expect } from 'chai';
import {
  cbCodeOfApprovalNo, cbCodeOfCertificateNo, checkCertificateNoIssuer, parseCertificateNo, validateCertificateNo,
} from '../../../../chaincode/src/domain/certificate-number';
import { expectInvalid } from '../../../support/expect-code';


describe('domain/certificate-number', () => {
  describe('validateCertificateNo', () => {
    it('accepts uppercase numbers with digits, / and -', () => {
      for (const no of ['00122Q31234R1M', '03410Q10286R0S', '00115Q212345R0S/3100', '001OP2312345-1', 'CNCA-R-2002-001']) {
        expect(validateCertificateNo(no, 'certificate.certificateNo')).to.equal(no);
      }
    });

    it('rejects lowercase, saying numbers are uppercase', () => {
      expectInvalid(() => validateCertificateNo('00122q31234R1M', 'certificate.certificateNo'), 'certificate.certificateNo', 'certificate numbers are uppercase', 'position 6', '"00122Q31234R1M"');
    });

    it('rejects spaces without trimming them away', () => {
      expectInvalid(() => validateCertificateNo('00122Q 31234R1M', 'certificateNo'), 'certificateNo', 'must not contain spaces', 'position 7');
      expectInvalid(() => validateCertificateNo(' 00122Q31234R1M', 'certificateNo'), 'certificateNo', 'must not contain spaces');
    });

    it('rejects other characters', () => {
      expectInvalid(() => validateCertificateNo('00122Q_31234', 'certificateNo'), 'certificateNo', "only uppercase letters, digits, '/' and '-'", '"_"');
      expectInvalid(() => validateCertificateNo('证书00122Q', 'certificateNo'), 'certificateNo', '"证"');
    });

    it('enforces 4 to 64 characters', () => {
      expect(validateCertificateNo('A-1/', 'certificateNo')).to.equal('A-1/');
      expect(validateCertificateNo('A'.repeat(64), 'certificateNo')).to.have.length(64);
      expectInvalid(() => validateCertificateNo('A12', 'certificateNo'), 'certificateNo', '4 to 64 characters; got 3');
      expectInvalid(() => validateCertificateNo('A'.repeat(65), 'certificateNo'), 'certificateNo', 'got 65');
      expectInvalid(() => validateCertificateNo('', 'certificateNo'), 'certificateNo');
      expectInvalid(() => validateCertificateNo(122, 'certificateNo'), 'certificateNo', 'must be a string');
    });
  });

  describe('parseCertificateNo', () => {
    it('parses the three docs/domain.md §4.3 examples', () => {
      expect(parseCertificateNo('00122Q31234R1M')).to.deep.equal({ cb: '001', yy: '22', type: 'Q', serial: '31234', cycle: 1, size: 'M' });
      expect(parseCertificateNo('03410Q10286R0S')).to.deep.equal({ cb: '034', yy: '10', type: 'Q', serial: '10286', cycle: 0, size: 'S' });
      expect(parseCertificateNo('00115Q212345R0S/3100')).to.deep.equal({
        cb: '001', yy: '15', type: 'Q', serial: '212345', cycle: 0, size: 'S', suffix: '3100',
      });
    });

    it('parses foreign-CB numbers and omits absent parts', () => {
      const parsed = parseCertificateNo('F0724EQ123456R12');
      expect(parsed).to.deep.equal({ cb: 'F07', yy: '24', type: 'EQ', serial: '123456', cycle: 12 });
      expect(parsed).not.to.have.property('size');
      expect(parsed).not.to.have.property('suffix');
    });

    it('returns undefined for numbers in other forms', () => {
      expect(parseCertificateNo('001OP2312345-1')).to.equal(undefined);
      expect(parseCertificateNo('00122Q1234R1M')).to.equal(undefined); // 4-digit serial
      expect(parseCertificateNo('00122q31234R1M')).to.equal(undefined);
      expect(parseCertificateNo('')).to.equal(undefined);
    });
  });

  describe('the issuing body\'s CNCA code (docs/domain.md §4.3)', () => {
    const cb1 = { mspId: 'Cb1MSP', credentials: { cncaApprovalNo: 'CNCA-R-2002-001', accreditationNo: 'CNAS C001-M' } };
    const foreignCb = { mspId: 'FcbMSP', credentials: { cncaApprovalNo: 'CNCA-RF-2010-07' } };

    it('reads the CB code of a CNCA approval number', () => {
      expect(cbCodeOfApprovalNo('CNCA-R-2002-001')).to.equal('001');
      expect(cbCodeOfApprovalNo('CNCA-R-2003-034')).to.equal('034');
      expect(cbCodeOfApprovalNo('CNCA-RF-2010-07')).to.equal('F07');
      for (const other of ['x', 'CNCA-R-02-001', 'CNCA-R-2002-1', undefined, 1]) expect(cbCodeOfApprovalNo(other), String(other)).to.equal(undefined);
    });

    it('reads the CB code of a number in the CB convention or the organic rule, and nothing else', () => {
      expect(cbCodeOfCertificateNo('00125Q31234R0M')).to.equal('001');
      expect(cbCodeOfCertificateNo('F0725Q31234R0M')).to.equal('F07');
      expect(cbCodeOfCertificateNo('034OP2312345-1')).to.equal('034');
      expect(cbCodeOfCertificateNo('CB1-0001')).to.equal(undefined);
    });

    it('requires a number in the convention to carry the issuer\'s code', () => {
      expect(() => checkCertificateNoIssuer('00125Q31234R0M', cb1, 'certificate.certificateNo')).not.to.throw();
      expect(() => checkCertificateNoIssuer('001OP2312345', cb1, 'certificate.certificateNo')).not.to.throw();
      expect(() => checkCertificateNoIssuer('F0725Q31234R0M', foreignCb, 'certificate.certificateNo')).not.to.throw();
      expectInvalid(() => checkCertificateNoIssuer('03425Q31234R0M', cb1, 'certificate.certificateNo'), 'certificate.certificateNo',
        '03425Q31234R0M carries the CB code 034', "Cb1MSP's CNCA approval number CNCA-R-2002-001 gives 001");
      expectInvalid(() => checkCertificateNoIssuer('00725Q31234R0M', foreignCb, 'newCertificateNo'), 'newCertificateNo', 'gives F07');
      expectInvalid(() => checkCertificateNoIssuer('034OP2312345', cb1, 'n'), 'n', 'CB code 034');
    });

    it('accepts an opaque number, and any number of a body without a CNCA-R approval number', () => {
      expect(() => checkCertificateNoIssuer('CB1-0001', cb1, 'n')).not.to.throw();
      expect(() => checkCertificateNoIssuer('03425Q31234R0M', { mspId: 'X', credentials: {} }, 'n')).not.to.throw();
      expect(() => checkCertificateNoIssuer('03425Q31234R0M', { mspId: 'X', credentials: { cncaApprovalNo: 'x' } }, 'n')).not.to.throw();
    });
  });
});
