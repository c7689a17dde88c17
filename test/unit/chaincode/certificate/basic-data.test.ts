// On the harness (docs/contracts.md §1.8): basic data is complete — foreign organisations, the standards
// dictionary, organisation changes with history, cancellation codes, and the certificate number
// checked against the issuing body's CNCA code.
import { expect } from 'chai';
import type { Certificate, CreditEvent } from '../../../../chaincode/src/domain/types';
import { newConsortium, type Consortium } from '../../../support/consortium';
import {
  USCC_A, anchorDecision, anchorEvidence, certificateInput, getCertificate, issue, parsed, query, recordAudit, refused,
} from './helpers';

const FOREIGN = { name: 'Beispiel Maschinenbau GmbH', country: 'DE', registrationNo: 'HRB 86891', address: 'Industriestraße 1, 70173 Stuttgart' };
const FOREIGN_KEY = 'FOREIGN:DE:HRB86891';

async function issueInput(c: Consortium, org: 'cb1' | 'cb2', input: Record<string, unknown>): Promise<{ certificate: Certificate; warnings: string[] }> {
  return parsed(await c.net.submit(c.orgs[org].issuer, 'certificate:issue', [JSON.stringify(input)])) as { certificate: Certificate; warnings: string[] };
}

describe('certificate contract: basic data', () => {
  describe('organisations without a USCC', () => {
    let c: Consortium;
    beforeEach(async () => {
      c = await newConsortium();
    });

    it('certifies a foreign organisation by GB/T 2659.1 country and registration number, keyed FOREIGN:<CC>:<regNo>', async () => {
      const decision = await anchorDecision(c, 'cb1', 'dec-de', { uscc: FOREIGN_KEY });
      const { certificate } = await issueInput(c, 'cb1', certificateInput(c, '00125Q40001R0M', decision, { organization: FOREIGN }));
      expect(certificate.organization).to.deep.equal({ ...FOREIGN, registrationNo: 'HRB86891' });
      const byOrg = await query<{ items: Certificate[] }>(c.net, c.orgs.cb2.reader, 'certificate:listByOrganization', ['FOREIGN:de:hrb 86891', '10', '']);
      expect(byOrg.items.map((x) => x.certificateNo)).to.deep.equal(['00125Q40001R0M']);
      const view = await query<{ holder: unknown }>(c.net, c.orgs.cb2.norole, 'certificate:verify', ['00125Q40001R0M', '']);
      expect(view.holder).to.deep.equal({ name: FOREIGN.name, country: 'DE', registrationNo: 'HRB86891' });
      // a USCC organisation is listed exactly as before, apart from the foreign one
      await issue(c, 'cb1', 'CB1-0001');
      const byUscc = await query<{ items: Certificate[] }>(c.net, c.orgs.cb2.reader, 'certificate:listByOrganization', [USCC_A, '10', '']);
      expect(byUscc.items.map((x) => x.certificateNo)).to.deep.equal(['CB1-0001']);
      expect(byUscc.items[0]?.organization).to.have.keys(['name', 'uscc', 'address', 'regionCode']);
    });

    it('audits and credit events name a foreign organisation by its key', async () => {
      const decision = await anchorDecision(c, 'cb1', 'dec-de', { uscc: FOREIGN_KEY });
      await issueInput(c, 'cb1', certificateInput(c, 'CB1-DE', decision, { organization: FOREIGN }));
      // the key as written with the registration number's own spacing is the same key
      await recordAudit(c, 'cb1', 'SV-DE', { type: 'SURVEILLANCE', uscc: 'FOREIGN:DE:HRB 86891', certificateNo: 'CB1-DE' });
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:recordSurveillance', ['CB1-DE', 'SV-DE', '[]']);
      const event = { uscc: FOREIGN_KEY, type: 'ADMINISTRATIVE_PENALTY', severity: 'SERIOUS', source: 'CNCA notice', occurredAt: '2025-01-01T00:00:00Z' };
      const recorded = parsed(await c.net.submit(c.orgs.regulator.regulator, 'certificate:creditEvent', [JSON.stringify(event)])) as CreditEvent;
      expect(recorded.suspended).to.deep.equal(['CB1-DE']);
      expect((await getCertificate(c, 'CB1-DE')).status).to.equal('SUSPENDED');
    });

    it('refuses XK, CN, both identifiers or neither, and a decision for the USCC of another organisation', async () => {
      const decision = await anchorDecision(c, 'cb1', 'dec-de', { uscc: FOREIGN_KEY });
      const cases: [Record<string, unknown>, string][] = [
        [{ ...FOREIGN, country: 'XK' }, 'Kosovo'],
        [{ ...FOREIGN, country: 'CN' }, 'USCC'],
        [{ ...FOREIGN, uscc: USCC_A }, 'both a USCC'],
        [{ name: 'X', address: 'Y' }, 'certificate.organization.uscc'],
      ];
      for (const [organization, fragment] of cases) {
        await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(certificateInput(c, 'CB1-DE', decision, { organization }))]), fragment);
      }
      const uscc = await anchorDecision(c, 'cb1', 'dec-uscc');
      await refused(c.net, 'PRECONDITION_FAILED', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(certificateInput(c, 'CB1-DE', uscc, { organization: FOREIGN }))]), FOREIGN_KEY);
    });
  });

  describe('the certification basis is a code of the standards dictionary', () => {
    it('refuses free text and a standard of another scheme; takes full-width spelling as the code', async () => {
      const c = await newConsortium();
      const decision = await anchorDecision(c, 'cb1', 'dec-std');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(certificateInput(c, 'CB1-S', decision, { standard: '质量管理体系标准' }))]), 'certificate.standard', 'not a QMS standard');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:issue', [JSON.stringify(certificateInput(c, 'CB1-S', decision, { scheme: 'EMS' }))]), 'is a QMS standard, not a basis for a EMS certificate');
      const { certificate } = await issueInput(c, 'cb1', certificateInput(c, 'CB1-S', decision, { standard: 'GB/T 19001－2016／ISO 9001：2015' }));
      expect(certificate.standard).to.equal('GB/T 19001-2016/ISO 9001:2015');
      const product = await issueInput(c, 'cb1', certificateInput(c, 'CB1-P', await anchorDecision(c, 'cb1', 'dec-p', { audit: { scheme: 'PRODUCT' } }), { scheme: 'PRODUCT', standard: 'GB 4706.1-2005' }));
      expect(product.warnings).to.include('certificate.standard: GB 4706.1-2005: PRODUCT standards are not in the dictionary; checked for form only');
    });
  });

  describe('certificate:changeOrganization [DIGI (七) 地址变更、兼并重组]', () => {
    let c: Consortium;
    beforeEach(async () => {
      c = await newConsortium();
      await issue(c, 'cb1', 'CB1-0001');
    });

    it('renames and moves the organisation with change reasons, keeping the history, one event each', async () => {
      const before = await getCertificate(c, 'CB1-0001');
      const renamed = await c.net.submit(c.orgs.cb1.issuer, 'certificate:changeOrganization', ['CB1-0001', JSON.stringify({ name: '示例智能装备有限公司' }), '0101']);
      const { certificate } = parsed(renamed) as { certificate: Certificate };
      expect(certificate.organization).to.deep.equal({ ...before.organization, name: '示例智能装备有限公司' });
      expect(certificate.organizationHistory).to.deep.equal([
        { previous: before.organization, at: c.net.now().toISOString(), reasonCode: '0101', reason: '0101 组织更名' },
      ]);
      expect(renamed.event?.name).to.equal('CertificateOrganizationChanged');
      expect(JSON.parse(renamed.event?.payload ?? '{}')).to.deep.equal({
        certificateNo: 'CB1-0001', issuer: 'Cb1MSP', organization: USCC_A, reasonCode: '0101', changed: ['name'],
      });
      c.net.advance(60);
      const moved = (parsed(await c.net.submit(c.orgs.cb1.issuer, 'certificate:changeOrganization', [
        'CB1-0001', JSON.stringify({ address: '福州市仓山区示例路 9 号', regionCode: '350104' }), '0102',
      ])) as { certificate: Certificate }).certificate;
      expect(moved.organization).to.include({ name: '示例智能装备有限公司', address: '福州市仓山区示例路 9 号', regionCode: '350104', uscc: USCC_A });
      expect(moved.organizationHistory).to.have.length(2);
      expect(await getCertificate(c, 'CB1-0001')).to.deep.equal(moved);
      // the organisation key does not change: still listed under its USCC
      const byOrg = await query<{ items: Certificate[] }>(c.net, c.orgs.cb2.reader, 'certificate:listByOrganization', [USCC_A, '10', '']);
      expect(byOrg.items.map((x) => x.organization.name)).to.deep.equal(['示例智能装备有限公司']);
      const view = await query<{ holder: unknown }>(c.net, c.orgs.cb2.norole, 'certificate:verify', ['CB1-0001', '']);
      expect(view.holder).to.deep.equal({ name: '示例智能装备有限公司', uscc: USCC_A });
    });

    it('refuses another body, a reason that does not cover the change, an identifier change, and a terminal certificate', async () => {
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:changeOrganization', ['CB1-0001', '{"name":"N"}', '0101']), 'was issued by Cb1MSP');
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.recorder, 'certificate:changeOrganization', ['CB1-0001', '{"name":"N"}', '0101']));
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:changeOrganization', ['CB1-0001', '{"name":"N"}', '0102']), 'reasonCode', 'not name');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:changeOrganization', ['CB1-0001', '{"name":"N"}', '组织更名']), 'reasonCode');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:changeOrganization', ['CB1-0001', '{"uscc":"91110000600037341L"}', '0110']), 'changes', 'unknown key');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:changeOrganization', ['CB1-0001', '{}', '0110']), 'changes');
      await refused(c.net, 'NOT_FOUND', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:changeOrganization', ['CB1-9999', '{"name":"N"}', '0101']));
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:withdraw', ['CB1-0001', 'r']);
      await refused(c.net, 'CONFLICT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:changeOrganization', ['CB1-0001', '{"name":"N"}', '0101']), 'is WITHDRAWN');
    });
  });

  describe('cancellation reason codes', () => {
    it('cancels with a code of the 注销 list, written with its label', async () => {
      const c = await newConsortium();
      await issue(c, 'cb1', 'CB1-0001');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:cancel', ['CB1-0001', '0205', '']), 'reason');
      const cancelled = parsed(await c.net.submit(c.orgs.cb1.issuer, 'certificate:cancel', ['CB1-0001', '0202', '停产'])) as Certificate;
      expect(cancelled).to.include({ status: 'CANCELLED', statusReason: '0202 不再生产/主动放弃: 停产' });
    });
  });

  describe('the certificate number and the issuing body\'s CNCA code (docs/domain.md §4.3)', () => {
    it('refuses a number in the CNCA convention that carries another body\'s code, at issue and at transfer', async () => {
      const c = await newConsortium();
      // cb1 is CNCA-R-2002-001, cb2 CNCA-R-2003-034
      const decision = await anchorDecision(c, 'cb2', 'dec-cb2');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:issue', [JSON.stringify(certificateInput(c, '00125Q31234R0M', decision))]),
        'certificate.certificateNo: 00125Q31234R0M carries the CB code 001', "Cb2MSP's CNCA approval number CNCA-R-2003-034 gives 034");
      await issueInput(c, 'cb2', certificateInput(c, '03425Q31234R0M', decision));
      // an opaque number is not checked
      await issue(c, 'cb1', 'CB1-0001');
      await c.net.submit(c.orgs.cb1.issuer, 'certificate:consentToTransfer', ['CB1-0001', 'Cb2MSP']);
      const review = await anchorEvidence(c, 'cb2', 'review-1', 'TRANSFER');
      await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.cb2.issuer, 'certificate:transfer', ['CB1-0001', '00125Q40002R0M', JSON.stringify([review])]), 'newCertificateNo', 'CB code 001');
      const moved = parsed(await c.net.submit(c.orgs.cb2.issuer, 'certificate:transfer', ['CB1-0001', '03425Q40002R0M', JSON.stringify([review])])) as { certificate: Certificate };
      expect(moved.certificate.certificateNo).to.equal('03425Q40002R0M');
    });
  });
});
