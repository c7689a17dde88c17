// The rest of the evidence routes through real HTTP against cb1's gateway: batches and their
// inclusion proofs, digest verification, listing by subject, private content, and audits — each
// with its success and its errors.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { auditBody, freshAuditor, httpWriter } from './support/audits';
import { sha256, USCC } from './support/certificates';
import { apiKey as key, call } from './support/http';
import { requireNetwork } from './support/network';

const run = randomUUID().slice(0, 8);
const path = (id: string): string => encodeURIComponent(id);

describe('gateway: batches, digest checks, listings, private content and audits over HTTP', function () {
  this.timeout(120_000);
  let recorder: string;
  let reader: string;
  let cb2Reader: string;
  let regulatorReader: string;

  before(async function () {
    await requireNetwork(this);
    recorder = key('cb1', 'recorder1');
    reader = key('cb1', 'reader1');
    cb2Reader = key('cb2', 'reader1');
    regulatorReader = key('regulator', 'reader1');
  });

  describe('batches', function () {
    const digests = Array.from({ length: 5 }, (_, i) => sha256(`batch ${run} ${i}`));
    let batchId: string;
    let proofs: { side: string; hash: string }[][];

    it('201 anchors a root-only batch and returns a proof per item; 409 for the same clientRef', async () => {
      const created = await call('cb1', 'POST', '/v1/evidence/batches', { key: recorder, body: { clientRef: `batch-${run}`, alg: 'sha256', digests, indexed: false, subject: { uscc: USCC } } });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      const result = created.body.result as { batch: { id: string; count: number; indexed: boolean }; proofs: typeof proofs };
      expect(result.batch).to.include({ count: 5, indexed: false });
      expect(result.proofs).to.have.length(5);
      batchId = result.batch.id;
      proofs = result.proofs;
      const again = await call('cb1', 'POST', '/v1/evidence/batches', { key: recorder, body: { clientRef: `batch-${run}`, alg: 'sha256', digests: [sha256('other')] } });
      expect(again.status).to.equal(409);
    });

    it('400 names the field of a digest that is not hex; 403 for a reader', async () => {
      const bad = await call('cb1', 'POST', '/v1/evidence/batches', { key: recorder, body: { clientRef: `bad-${run}`, alg: 'sha256', digests: ['XYZ'] } });
      expect(bad.status).to.equal(400);
      expect((bad.body.fields ?? []).map((f) => f.field).join(' ')).to.contain('digests');
      const forbidden = await call('cb1', 'POST', '/v1/evidence/batches', { key: reader, body: { clientRef: `reader-${run}`, alg: 'sha256', digests } });
      expect(forbidden.status).to.equal(403);
    });

    it('reads the batch (200) and 404 for one that does not exist', async () => {
      const read = await call('cb1', 'GET', `/v1/evidence/batches/${path(batchId)}`, { key: reader });
      expect(read.status, JSON.stringify(read.body)).to.equal(200);
      expect(read.body).to.include({ id: batchId, count: 5 });
      expect((await call('cb1', 'GET', `/v1/evidence/batches/${path(`${batchId}-none`)}`, { key: reader })).status).to.equal(404);
    });

    it('verifies an item with its proof (included) and refuses a wrong proof or an unknown batch', async () => {
      const item = await call('cb1', 'POST', `/v1/evidence/batches/${path(batchId)}/verify-item`, { key: reader, body: { digest: digests[2], proof: proofs[2] } });
      expect(item.status, JSON.stringify(item.body)).to.equal(200);
      expect(item.body.included).to.equal(true);
      const wrong = await call('cb1', 'POST', `/v1/evidence/batches/${path(batchId)}/verify-item`, { key: reader, body: { digest: digests[2], proof: proofs[3] } });
      expect(wrong.status).to.equal(200);
      expect(wrong.body.included).to.equal(false);
      const badSide = await call('cb1', 'POST', `/v1/evidence/batches/${path(batchId)}/verify-item`, { key: reader, body: { digest: digests[2], proof: [{ side: 'X', hash: digests[0] }] } });
      expect(badSide.status).to.equal(400);
      const unknown = await call('cb1', 'POST', `/v1/evidence/batches/${path(`${batchId}-none`)}/verify-item`, { key: reader, body: { digest: digests[2], proof: proofs[2] } });
      expect(unknown.status).to.equal(404);
    });

    it('finds an item of an indexed batch by its digest (POST /v1/evidence/verify); a root-only item needs its proof; 400 for md5', async () => {
      const indexed = Array.from({ length: 3 }, (_, i) => sha256(`indexed ${run} ${i}`));
      const created = await call('cb1', 'POST', '/v1/evidence/batches', { key: recorder, body: { clientRef: `indexed-${run}`, alg: 'sha256', digests: indexed, indexed: true } });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      const found = await call('cb1', 'POST', '/v1/evidence/verify', { key: reader, body: { alg: 'sha256', value: indexed[1] } });
      expect(found.status, JSON.stringify(found.body)).to.equal(200);
      const batches = found.body.batches as { batchId: string; index: number }[];
      expect(batches.map((b) => [b.batchId, b.index])).to.deep.equal([[`Cb1MSP:indexed-${run}`, 1]]);
      const rootOnly = await call('cb1', 'POST', '/v1/evidence/verify', { key: reader, body: { alg: 'sha256', value: digests[4] } });
      expect(rootOnly.status).to.equal(200);
      expect(rootOnly.body).to.deep.equal({ records: [], batches: [] });
      const bad = await call('cb1', 'POST', '/v1/evidence/verify', { key: reader, body: { alg: 'md5', value: digests[4] } });
      expect(bad.status).to.equal(400);
    });
  });

  describe('listings and private content', function () {
    const uscc = '91110000600037341L';
    const content = Buffer.from(`private audit notes ${run}`, 'utf8');
    let privateId: string;

    it('lists the records of an organisation a page at a time (200); 400 for an unknown field', async () => {
      for (const i of [1, 2, 3]) {
        const created = await call('cb1', 'POST', '/v1/evidence', { key: recorder, body: { clientRef: `list-${run}-${i}`, kind: 'OTHER', subject: { uscc, auditId: `AUD-LIST-${run}` }, digest: { alg: 'sha256', value: sha256(`list ${run} ${i}`) } } });
        expect(created.status, JSON.stringify(created.body)).to.equal(201);
      }
      const first = await call('cb1', 'GET', `/v1/evidence?field=auditId&value=AUD-LIST-${run}&pageSize=2`, { key: reader });
      expect(first.status, JSON.stringify(first.body)).to.equal(200);
      expect(first.body.items).to.have.length(2);
      const second = await call('cb1', 'GET', `/v1/evidence?field=auditId&value=AUD-LIST-${run}&pageSize=2&bookmark=${encodeURIComponent(String(first.body.bookmark))}`, { key: reader });
      expect(second.status).to.equal(200);
      expect(second.body.items).to.have.length(1);
      expect((await call('cb1', 'GET', `/v1/evidence?field=colour&value=x`, { key: reader })).status).to.equal(400);
    });

    it('anchors private content (only its digest on the channel) and serves it to the submitting body and the regulator', async () => {
      const created = await call('cb1', 'POST', '/v1/evidence', { key: recorder, body: {
        clientRef: `private-${run}`, kind: 'AUDIT_REPORT', subject: { uscc, auditId: `AUD-PRIV-${run}` }, form: 'private',
        digest: { alg: 'sha256', value: sha256(content) }, privateContentBase64: content.toString('base64'),
      } });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      privateId = (created.body.result as { id: string }).id;
      const own = await call('cb1', 'GET', `/v1/evidence/${path(privateId)}/private-content`, { key: reader });
      expect(own.status, JSON.stringify(own.body)).to.equal(200);
      expect(Buffer.from(String(own.body.content), 'base64').equals(content)).to.equal(true);
      const regulator = await call('regulator', 'GET', `/v1/evidence/${path(privateId)}/private-content`, { key: regulatorReader });
      expect(regulator.status, JSON.stringify(regulator.body)).to.equal(200);
    });

    it('403 for another certification body; 409 for a record without private content; 404 for none', async () => {
      const other = await call('cb2', 'GET', `/v1/evidence/${path(privateId)}/private-content`, { key: cb2Reader });
      expect(other.status, JSON.stringify(other.body)).to.equal(403);
      const plain = await call('cb1', 'GET', `/v1/evidence/${path(`Cb1MSP:list-${run}-1`)}/private-content`, { key: reader });
      expect(plain.status).to.equal(409);
      expect((await call('cb1', 'GET', `/v1/evidence/${path(`Cb1MSP:none-${run}`)}/private-content`, { key: reader })).status).to.equal(404);
      expect((await call('cb1', 'GET', `/v1/evidence/${path(`Cb1MSP:none-${run}`)}/history`, { key: reader })).status).to.equal(404);
    });
  });

  describe('audits', function () {
    const auditId = `AUD-HTTP-${run}`;
    let audit: Record<string, unknown>;

    it('201 records an audit by two registered auditors; 409 for the same id; 400 names the field of a bad date', async () => {
      const writer = httpWriter('cb1', recorder);
      audit = { ...auditBody(auditId, USCC, [await freshAuditor(writer), await freshAuditor(writer)], { type: 'SURVEILLANCE' }) };
      const created = await call('cb1', 'POST', '/v1/audits', { key: recorder, body: audit });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      expect((created.body.result as { audit: { body: string } }).audit.body).to.equal('Cb1MSP');
      expect((await call('cb1', 'POST', '/v1/audits', { key: recorder, body: audit })).status).to.equal(409);
      const bad = await call('cb1', 'POST', '/v1/audits', { key: recorder, body: { ...audit, auditId: `${auditId}-bad`, startDate: '2026-13-40' } });
      expect(bad.status).to.equal(400);
      expect((bad.body.fields ?? []).map((f) => f.field).join(' ')).to.contain('startDate');
    });

    it('reads the audit (200) and its open nonconformities: one MAJOR after it is recorded; 404 for an unknown audit', async () => {
      const read = await call('cb1', 'GET', `/v1/audits/${path(auditId)}`, { key: reader });
      expect(read.status, JSON.stringify(read.body)).to.equal(200);
      expect(read.body).to.include({ auditId, type: 'SURVEILLANCE', manDays: 2, mode: 'ON_SITE', scheme: 'QMS' });
      const nc = await call('cb1', 'POST', '/v1/evidence', { key: recorder, body: { clientRef: `nc-http-${run}`, kind: 'NONCONFORMITY', severity: 'MAJOR', subject: { uscc: USCC, auditId }, digest: { alg: 'sha256', value: sha256(`nc ${run}`) } } });
      expect(nc.status, JSON.stringify(nc.body)).to.equal(201);
      const open = await call('cb1', 'GET', `/v1/audits/${path(auditId)}/open-nonconformities`, { key: reader });
      expect(open.status, JSON.stringify(open.body)).to.equal(200);
      expect(open.body).to.deep.equal([{ id: `Cb1MSP:nc-http-${run}`, severity: 'MAJOR' }]);
      expect((await call('cb1', 'GET', `/v1/audits/${path(`${auditId}-none`)}`, { key: reader })).status).to.equal(404);
      // A control character can never be part of a ledger key: 400 naming the field.
      const bad = await call('cb1', 'GET', `/v1/audits/${path(`AUD\u0001${run}`)}/open-nonconformities`, { key: reader });
      expect(bad.status, JSON.stringify(bad.body)).to.equal(400);
      expect(bad.body.message).to.contain('auditId');
    });
  });
});
