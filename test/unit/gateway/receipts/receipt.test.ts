// The receipt verifier without a network: the ASN.1 block header encoding the orderers sign
// (Fabric protoutil.BlockHeaderBytes) and the handling of malformed receipts — every check fails,
// none throws. Signatures on real blocks are covered by test/integration/receipts.test.ts.
import { createHash } from 'node:crypto';
import { common } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { RECEIPT_VERSION, blockTransactionIds, firstBlockAfterSnapshot, type Receipt } from '../../../../gateway/src/receipts/receipt';
import { takenDownRefusal } from '../../../../gateway/src/receipts/takedown';
import { blockHeaderAsn1, verifyReceipt } from '../../../../gateway/src/receipts/verify';

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

describe('receipts: blocks holding taken-down content', () => {
  function envelope(txId: string): string {
    const channelHeader = new common.ChannelHeader();
    channelHeader.setTxId(txId);
    const h = new common.Header();
    h.setChannelHeader(channelHeader.serializeBinary());
    const payload = new common.Payload();
    payload.setHeader(h);
    const env = new common.Envelope();
    env.setPayload(payload.serializeBinary());
    return Buffer.from(env.serializeBinary()).toString('base64');
  }

  it('names every transaction of the block a receipt carries, not only the one asked for', () => {
    const block = { number: '7', header: '', data: [envelope('aa11'), Buffer.from('not an envelope').toString('base64'), envelope('bb22')], signatures: '', transactionsFilter: '' };
    expect(blockTransactionIds({ block })).to.deep.equal(['aa11', '', 'bb22']);
  });

  it('refuses with 451 a receipt whose block anchored plaintext the regulator took down, naming the records', () => {
    expect(takenDownRefusal('7', [])).to.equal(undefined);
    const refusal = takenDownRefusal('7', [{ txId: 'bb22', id: 'Cb1MSP:plain-1' }, { txId: 'bb22', id: 'Cb1MSP:plain-1' }]);
    expect(refusal).to.include({ statusCode: 451, code: 'TAKEN_DOWN' });
    expect(refusal?.message).to.include('block 7').and.include('evidence Cb1MSP:plain-1').and.not.include('plain-1, Cb1MSP:plain-1');
  });
});

describe('receipts: a peer that joined the channel by a ledger snapshot (docs/operations.md "Restore a member")', () => {
  it('reads the first block such a peer holds from its refusal, in the message or an endorser\'s detail; any other error is not one', () => {
    const message = 'chaincode response 500, Failed to get block number 0, error cannot serve block [0]. The ledger is bootstrapped from a snapshot. First available block = [14]';
    expect(firstBlockAfterSnapshot(new Error(`2 UNKNOWN: evaluate call to endorser returned error: ${message}`))).to.equal(14);
    const detailed = Object.assign(new Error('2 UNKNOWN: evaluate call to endorser returned error'), {
      details: [{ message: 'details for the TXID [ab] not available. Ledger bootstrapped from a snapshot. First available block = [7]' }],
    });
    expect(firstBlockAfterSnapshot(detailed)).to.equal(7);
    expect(firstBlockAfterSnapshot(new Error('no such transaction ID [ab] in index'))).to.equal(undefined);
    expect(firstBlockAfterSnapshot('unreachable')).to.equal(undefined);
  });
});
