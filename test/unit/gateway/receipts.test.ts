// The receipt verifier without a network: the ASN.1 block header encoding the orderers sign
// (Fabric protoutil.BlockHeaderBytes) and the handling of malformed receipts — every check fails,
// none throws. Signatures on real blocks are covered by test/integration/receipts.test.ts.
import { createHash } from 'node:crypto';
import { common } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { RECEIPT_VERSION, type Receipt } from '../../../gateway/src/receipts/receipt';
import { blockHeaderAsn1, verifyReceipt } from '../../../gateway/src/receipts/verify';

function header(number: number, previous: Uint8Array, data: Uint8Array): common.BlockHeader {
  const h = new common.BlockHeader();
  h.setNumber(number);
  h.setPreviousHash(previous);
  h.setDataHash(data);
  return h;
}

describe('receipts: block header ASN.1 (what orderers sign)', () => {
  const dataHash = createHash('sha256').update('x').digest();

  it('encodes block 0 as SEQUENCE { INTEGER 0, OCTET STRING (empty), OCTET STRING data_hash }', () => {
    const der = blockHeaderAsn1(header(0, new Uint8Array(), dataHash));
    expect(der.subarray(0, 9).toString('hex')).to.equal('3027020100040004' + '20');
    expect(der.subarray(9).equals(dataHash)).to.equal(true);
  });

  it('encodes numbers as minimal two\'s complement (a leading 00 when the top bit is set)', () => {
    expect(blockHeaderAsn1(header(127, dataHash, dataHash)).subarray(2, 5).toString('hex')).to.equal('02017f');
    expect(blockHeaderAsn1(header(128, dataHash, dataHash)).subarray(2, 6).toString('hex')).to.equal('02020080');
    expect(blockHeaderAsn1(header(65_536, dataHash, dataHash)).subarray(2, 7).toString('hex')).to.equal('0203010000');
  });
});

describe('receipts: malformed receipts', () => {
  const garbage: Receipt = {
    version: RECEIPT_VERSION, channel: 'c', txId: 't',
    transaction: { index: 0, envelope: Buffer.from('not an envelope').toString('base64'), validationCode: 0, validationCodeName: 'VALID' },
    block: { number: '1', header: 'AAAA', data: [], signatures: '', transactionsFilter: '' },
    msp: { configBlockNumber: '0', orgs: [] },
    issuedAt: new Date(0).toISOString(),
  };

  it('fails every check and throws nothing', () => {
    const result = verifyReceipt(garbage, { expectedChannel: 'c' });
    expect(result.valid).to.equal(false);
    expect(result.checks.filter((c) => c.ok).map((c) => c.name)).to.deep.equal([]);
  });

  it('refuses another receipt version outright', () => {
    const result = verifyReceipt({ ...garbage, version: 'certledger-receipt/2' } as unknown as Receipt);
    expect(result).to.deep.include({ valid: false });
    expect(result.checks[0]?.name).to.equal('format');
  });
});
