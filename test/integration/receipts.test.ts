// Receipts against the real network: a record anchored through cb1's running gateway, its
// receipt fetched from that gateway's GET /v1/evidence/{id}/receipt, then verified offline — and
// each single-byte tamper, or another channel's roots, must fail.
import { createHash, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { common, peer } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import type { Receipt } from '../../gateway/src/receipts/receipt';
import { RECEIPT_METADATA, rootsOf, verifyReceipt, type VerifyResult } from '../../gateway/src/receipts/verify';
import { createOrgCa } from '../support/identities';
import { CHANNEL, ROOT, requireNetwork, topology } from './support/network';
import { apiKey, call } from './support/http';

const run = randomUUID().slice(0, 8);

function gatewayUrl(org: string): string {
  const o = topology.orgs.find((x) => x.name === org) as unknown as { gateway: { host: string; port: number } };
  return `http://${o.gateway.host}:${o.gateway.port}`;
}


const clone = (receipt: Receipt): Receipt => JSON.parse(JSON.stringify(receipt)) as Receipt;
const failed = (result: VerifyResult): string[] => result.checks.filter((c) => !c.ok).map((c) => c.name);

/** Replaces the envelope everywhere the receipt holds it (its own field and block.data[index]). */
function withEnvelope(receipt: Receipt, envelope: Buffer): Receipt {
  const copy = clone(receipt);
  copy.transaction.envelope = envelope.toString('base64');
  copy.block.data[copy.transaction.index] = copy.transaction.envelope;
  return copy;
}

function flipAt(bytes: Buffer, offset: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[offset] = (copy[offset] as number) ^ 0x01;
  return copy;
}

/** A fresh P-256 root CA (test/support/identities, @peculiar/x509): the roots of some other channel. */
async function foreignRoot(): Promise<string> {
  return (await createOrgCa('OtherChannelMSP', { name: `ca.other-${run}` })).caCertPem;
}

describe('receipts: offline-verifiable proof of an anchored record', function () {
  this.timeout(300_000);
  let recorder: string;
  let id: string;
  let txId: string;
  let receipt: Receipt;

  before(async function () {
    await requireNetwork(this);
    recorder = apiKey('cb1', 'recorder1');
    const ref = `receipt-${run}`;
    const response = await fetch(`${gatewayUrl('cb1')}/v1/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${recorder}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ clientRef: ref, kind: 'AUDIT_REPORT', subject: { auditId: `AUD-${ref}` }, digest: { alg: 'sha256', value: createHash('sha256').update(ref).digest('hex') } }),
    });
    const body = await response.json() as { result: { id: string }; txId: string };
    expect(response.status, JSON.stringify(body)).to.equal(201);
    id = body.result.id;
    txId = body.txId;
  });

  it('serves the receipt of the anchoring transaction, and it verifies offline', async () => {
    const served = await call('cb1', 'GET', `/v1/evidence/${encodeURIComponent(id)}/receipt`, { key: recorder });
    expect(served.status, JSON.stringify(served.body)).to.equal(200);
    receipt = served.body as unknown as Receipt;
    expect(receipt.txId).to.equal(txId);
    expect(receipt.channel).to.equal(CHANNEL);
    expect(receipt.transaction.validationCodeName).to.equal('VALID');
    expect(receipt.msp.orgs.map((o) => o.mspId)).to.include.members(topology.orgs.map((o) => o.mspId));
    const result = verifyReceipt(receipt, { expectedChannel: CHANNEL });
    for (const check of result.checks) console.log(`      ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
    expect(result.valid, JSON.stringify(result.checks, null, 2)).to.equal(true);
    expect(result.checks.map((c) => c.name)).to.deep.equal(['transaction-id', 'channel', 'creator-signature', 'endorsements', 'block-data', 'orderer-signatures', 'config-height', 'validation-code', 'metadata']);
  });

  it('says which fields are metadata: issuedAt and validationCodeName, checked for consistency only', () => {
    expect(RECEIPT_METADATA).to.deep.equal(['issuedAt', 'transaction.validationCodeName']);
    const later = clone(receipt);
    later.issuedAt = new Date(Date.parse(receipt.issuedAt) + 60_000).toISOString();
    const stillValid = verifyReceipt(later, { expectedChannel: CHANNEL });
    expect(stillValid.valid, 'a later issuedAt is consistent: no signature covers it').to.equal(true);
    expect(stillValid.checks.find((c) => c.name === 'metadata')?.detail).to.contain('not signed');
    for (const issuedAt of ['2001-01-01T00:00:00.000Z', 'yesterday', new Date(Date.now() + 86_400_000).toISOString()]) {
      const tampered = clone(receipt);
      tampered.issuedAt = issuedAt;
      expect(failed(verifyReceipt(tampered, { expectedChannel: CHANNEL })), issuedAt).to.deep.equal(['metadata']);
    }
    const renamed = clone(receipt);
    renamed.transaction.validationCodeName = 'MVCC_READ_CONFLICT';
    expect(failed(verifyReceipt(renamed, { expectedChannel: CHANNEL }))).to.deep.equal(['metadata']);
  });

  it('verifies against roots the verifier holds itself (each org\'s CA certificate from run/)', () => {
    const own = Object.fromEntries(topology.orgs.map((o) => [o.mspId, [readFileSync(join(ROOT, 'run', o.name, 'msp', 'cacerts', 'ca.pem'), 'utf8')]]));
    for (const [mspId, pems] of Object.entries(rootsOf(receipt))) own[mspId] ??= pems; // orderer-only MSPs, if any
    const result = verifyReceipt(receipt, { expectedChannel: CHANNEL, trustedRoots: own });
    expect(result.valid, JSON.stringify(result.checks, null, 2)).to.equal(true);
    expect(result.roots).to.equal('caller');
  });

  it('the CLI prints every check and exits 0 for the receipt, 1 for a tampered one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'receipt-'));
    writeFileSync(join(dir, 'good.json'), JSON.stringify(receipt));
    const bad = clone(receipt);
    bad.block.header = flipAt(Buffer.from(bad.block.header, 'base64'), 10).toString('base64');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    writeFileSync(join(dir, 'roots.json'), JSON.stringify(rootsOf(receipt)));
    const cli = (...args: string[]) => spawnSync(process.execPath, [require.resolve('ts-node/dist/bin.js'), join(ROOT, 'gateway', 'src', 'receipts', 'cli.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    const good = cli(join(dir, 'good.json'), '--roots', join(dir, 'roots.json'), '--channel', CHANNEL);
    expect(good.status, good.stdout + good.stderr).to.equal(0);
    expect(good.stdout).to.match(/^VALID: /m);
    expect(good.stdout).to.match(/ok\s+orderer-signatures/);
    const tampered = cli(join(dir, 'bad.json'));
    expect(tampered.status, tampered.stdout + tampered.stderr).to.equal(1);
    expect(tampered.stdout).to.match(/FAIL\s+orderer-signatures/);
  });

  it('fails when one byte of the envelope changes (the chaincode input, still well-formed)', () => {
    const envelope = Buffer.from(receipt.transaction.envelope, 'base64');
    const digest = Buffer.from(createHash('sha256').update(`receipt-${run}`).digest('hex'));
    const at = envelope.indexOf(digest);
    expect(at).to.be.greaterThan(0);
    const result = verifyReceipt(withEnvelope(receipt, flipAt(envelope, at)), { expectedChannel: CHANNEL });
    expect(result.valid).to.equal(false);
    expect(failed(result)).to.include.members(['creator-signature', 'block-data']);
    // Also only the receipt's own field changed (block data untouched): the inclusion check catches it.
    const alone = clone(receipt);
    alone.transaction.envelope = flipAt(envelope, at).toString('base64');
    expect(failed(verifyReceipt(alone))).to.include('block-data');
  });

  it('fails when one byte of an endorsement signature changes', () => {
    const envelope = Buffer.from(receipt.transaction.envelope, 'base64');
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelope).getPayload_asU8());
    const action = peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()[0] as peer.TransactionAction;
    const endorsement = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction()?.getEndorsementsList()[0] as peer.Endorsement;
    const signature = Buffer.from(endorsement.getSignature_asU8());
    const at = envelope.indexOf(signature);
    expect(at).to.be.greaterThan(0);
    const result = verifyReceipt(withEnvelope(receipt, flipAt(envelope, at + signature.length - 1)), { expectedChannel: CHANNEL });
    expect(result.valid).to.equal(false);
    const endorsements = result.checks.find((c) => c.name === 'endorsements');
    expect(endorsements?.ok).to.equal(false);
    expect(endorsements?.detail).to.match(/signature does not verify/);
  });

  it('fails when one byte of the block header changes (previous hash: only the orderer signatures cover it; data hash)', () => {
    const header = Buffer.from(receipt.block.header, 'base64');
    const decoded = common.BlockHeader.deserializeBinary(header);
    const previous = header.indexOf(Buffer.from(decoded.getPreviousHash_asU8()));
    const tamperedPrevious = clone(receipt);
    tamperedPrevious.block.header = flipAt(header, previous).toString('base64');
    expect(failed(verifyReceipt(tamperedPrevious, { expectedChannel: CHANNEL }))).to.deep.equal(['orderer-signatures']);
    const dataHash = header.indexOf(Buffer.from(decoded.getDataHash_asU8()));
    const tamperedData = clone(receipt);
    tamperedData.block.header = flipAt(header, dataHash + 5).toString('base64');
    expect(failed(verifyReceipt(tamperedData, { expectedChannel: CHANNEL }))).to.include.members(['block-data', 'orderer-signatures']);
  });

  it('fails when another envelope of the block, the orderer signature or the validation flag changes', () => {
    const signatures = Buffer.from(receipt.block.signatures, 'base64');
    const tamperedSignature = clone(receipt);
    tamperedSignature.block.signatures = flipAt(signatures, signatures.length - 1).toString('base64');
    expect(failed(verifyReceipt(tamperedSignature))).to.include('orderer-signatures');
    const otherData = clone(receipt);
    otherData.block.data.push(Buffer.from('an extra envelope').toString('base64'));
    expect(failed(verifyReceipt(otherData))).to.include('block-data');
    const flag = clone(receipt);
    const filter = Buffer.from(flag.block.transactionsFilter, 'base64');
    filter[flag.transaction.index] = peer.TxValidationCode.MVCC_READ_CONFLICT;
    flag.block.transactionsFilter = filter.toString('base64');
    expect(failed(verifyReceipt(flag))).to.include('validation-code');
  });

  it('fails against another channel\'s roots, and when the expected channel differs', async () => {
    const other = await foreignRoot();
    const trustedRoots = Object.fromEntries(receipt.msp.orgs.map((o) => [o.mspId, [other]]));
    const result = verifyReceipt(receipt, { expectedChannel: CHANNEL, trustedRoots });
    expect(result.valid).to.equal(false);
    expect(failed(result)).to.include.members(['creator-signature', 'endorsements', 'orderer-signatures']);
    // The same roots planted in the receipt itself (a forged config) fail too.
    const planted = clone(receipt);
    for (const org of planted.msp.orgs) org.rootCerts = [other];
    expect(verifyReceipt(planted).valid).to.equal(false);
    const elsewhere = verifyReceipt(receipt, { expectedChannel: 'otherchannel' });
    expect(failed(elsewhere)).to.deep.equal(['channel']);
  });

  it('answers 404 for an unknown record and 401 without an API key', async () => {
    expect((await call('cb1', 'GET', `/v1/evidence/${encodeURIComponent(`Cb1MSP:none-${run}`)}/receipt`, { key: recorder })).status).to.equal(404);
    expect((await call('cb1', 'GET', `/v1/evidence/${encodeURIComponent(id)}/receipt`)).status).to.equal(401);
  });
});
