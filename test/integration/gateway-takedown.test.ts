// Takedown of unlawful evidence content (docs/contracts.md §2.3) through real HTTP
// against the members' gateways: the submitter asks, the regulator rejects or approves (or acts on
// its own finding). Afterwards no read path of the gateway answers the content, the digest still
// verifies, the receipt of the anchoring block is refused (451), and the content cannot be anchored
// again. Every record is new (a fresh run id); nothing else on the ledger is touched.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { sha256, USCC } from './support/certificates';
import { apiKey as key, call, type Answer } from './support/http';
import { requireNetwork } from './support/network';

const run = randomUUID().replace(/-/g, '').slice(0, 8);
const path = (id: string, tail = ''): string => `/v1/evidence/${encodeURIComponent(id)}${tail}`;

/** The record a read returned, whatever wraps it. */
const resultOf = (answer: Answer): Record<string, unknown> => answer.body.result ?? answer.body;

describe('gateway: takedown of evidence content (real network)', function () {
  this.timeout(120_000);
  let recorder: string;
  let admin: string;
  let reader: string;
  let otherRecorder: string;
  let regulator: string;
  let regulatorAdmin: string;

  // A plaintext record whose content must go, a digest-only record that has none, and a private one.
  const content = `personal data anchored by mistake ${run}: 张三 身份证 350102199001011234`;
  const auditId = `AUD-TD-${run}`;
  const plain = { clientRef: `td-plain-${run}`, kind: 'AUDIT_REPORT', subject: { uscc: USCC, auditId }, form: 'plaintext', content, digest: { alg: 'sha256', value: sha256(content) } };
  const digestOnly = { clientRef: `td-digest-${run}`, kind: 'AUDIT_REPORT', subject: { uscc: USCC, auditId }, digest: { alg: 'sha256', value: sha256(`digest only ${run}`) } };
  const privateContent = `private report ${run} with a holder's home address`;
  const privateRecord = {
    clientRef: `td-private-${run}`, kind: 'AUDIT_REPORT', subject: { uscc: USCC, auditId }, form: 'private',
    privateContentBase64: Buffer.from(privateContent).toString('base64'), digest: { alg: 'sha256', value: sha256(privateContent) },
  };
  const plainId = `Cb1MSP:${plain.clientRef}`;
  const digestId = `Cb1MSP:${digestOnly.clientRef}`;
  const privateId = `Cb1MSP:${privateRecord.clientRef}`;
  let anchorTxId: string;

  before(async function () {
    await requireNetwork(this);
    recorder = key('cb1', 'recorder1');
    admin = key('cb1', 'admin1');
    reader = key('cb1', 'reader1');
    otherRecorder = key('cb2', 'recorder1');
    regulator = key('regulator', 'regulator1');
    regulatorAdmin = key('regulator', 'admin1');
    for (const body of [plain, digestOnly, privateRecord]) {
      const anchored = await call('cb1', 'POST', '/v1/evidence', { key: recorder, body });
      expect(anchored.status, JSON.stringify(anchored.body)).to.equal(201);
      if (body === plain) anchorTxId = String(anchored.body.txId);
    }
  });

  it('the content is readable before any takedown, and the anchoring block has a receipt', async function () {
    const got = await call('cb1', 'GET', path(plainId), { key: reader });
    expect(got.status).to.equal(200);
    expect(got.body).to.include({ id: plainId, form: 'plaintext', content });
    expect(got.body.takedown).to.equal(undefined);
    const receipt = await call('cb1', 'GET', path(plainId, '/receipt'), { key: reader });
    expect(receipt.status, JSON.stringify(receipt.body).slice(0, 300)).to.equal(200);
    expect(receipt.body.txId).to.equal(anchorTxId);
  });

  it('403 when another member asks to take the record down; 409 for a digest-only record (no content); no request is made', async function () {
    const foreign = await call('cb2', 'POST', path(plainId, '/takedown-request'), { key: otherRecorder, body: { reason: 'not ours to ask' } });
    expect(foreign.status, JSON.stringify(foreign.body)).to.equal(403);
    expect(foreign.body.code).to.equal('FORBIDDEN');
    const noContent = await call('cb1', 'POST', path(digestId, '/takedown-request'), { key: recorder, body: { reason: 'nothing to take down' } });
    expect(noContent.status, JSON.stringify(noContent.body)).to.equal(409);
    expect(noContent.body.code).to.equal('CONFLICT');
    expect(noContent.body.message).to.contain('digest form');
    // nothing is pending: the regulator has nothing to reject
    const nothing = await call('regulator', 'POST', path(plainId, '/takedown-rejection'), { key: regulator, body: { reason: 'no request yet' } });
    expect(nothing.status, JSON.stringify(nothing.body)).to.equal(409);
  });

  it('the submitter asks (201 REQUESTED, by its recorder); a second request while one is pending answers 409', async function () {
    const asked = await call('cb1', 'POST', path(plainId, '/takedown-request'), { key: recorder, body: { reason: 'holder asked: personal data' } });
    expect(asked.status, JSON.stringify(asked.body)).to.equal(201);
    expect(asked.body.result).to.include({ id: plainId, status: 'REQUESTED', requestedBy: 'Cb1MSP', reason: 'holder asked: personal data' });
    expect(asked.body.txId).to.match(/^[0-9a-f]{64}$/);
    const again = await call('cb1', 'POST', path(plainId, '/takedown-request'), { key: admin, body: { reason: 'asking twice' } });
    expect(again.status, JSON.stringify(again.body)).to.equal(409);
    expect(again.body.code).to.equal('CONFLICT');
  });

  it('the regulator rejects the pending request (200 REJECTED); the content stays; rejecting again answers 409 (none pending)', async function () {
    const forbidden = await call('cb1', 'POST', path(plainId, '/takedown-rejection'), { key: admin, body: { reason: 'a body does not decide' } });
    expect(forbidden.status, 'only a regulator user decides').to.equal(403);
    const rejected = await call('regulator', 'POST', path(plainId, '/takedown-rejection'), { key: regulator, body: { reason: 'lawful content' } });
    expect(rejected.status, JSON.stringify(rejected.body)).to.equal(200);
    expect(rejected.body.result).to.include({ id: plainId, status: 'REJECTED', requestedBy: 'Cb1MSP', decidedBy: 'RegulatorMSP', decisionReason: 'lawful content' });
    const again = await call('regulator', 'POST', path(plainId, '/takedown-rejection'), { key: regulator, body: { reason: 'twice' } });
    expect(again.status, JSON.stringify(again.body)).to.equal(409);
    expect(again.body.code).to.equal('CONFLICT');
    const got = await call('cb1', 'GET', path(plainId), { key: reader });
    expect(got.body).to.include({ content });
    expect(got.body.takedown).to.equal(undefined);
  });

  it('after a rejection the submitter may ask again (its admin, 201); a body cannot take content down itself (403)', async function () {
    const asked = await call('cb1', 'POST', path(plainId, '/takedown-request'), { key: admin, body: { reason: 'the court ordered removal' } });
    expect(asked.status, JSON.stringify(asked.body)).to.equal(201);
    expect(asked.body.result).to.include({ status: 'REQUESTED', reason: 'the court ordered removal' });
    for (const [org, k] of [['cb1', admin], ['regulator', regulatorAdmin]] as const) {
      const refused = await call(org, 'POST', path(plainId, '/takedown'), { key: k, body: { reason: 'not a regulator user' } });
      expect(refused.status, `${org} admin`).to.equal(403);
    }
    expect((await call('cb1', 'GET', path(plainId), { key: reader })).body).to.include({ content });
  });

  it('the regulator takes the content down (200): the record keeps id, digest and txId, loses content, and names the request', async function () {
    const taken = await call('regulator', 'POST', path(plainId, '/takedown'), { key: regulator, body: { reason: 'unlawful personal data' } });
    expect(taken.status, JSON.stringify(taken.body)).to.equal(200);
    const record = taken.body.result as Record<string, unknown> & { takedown: Record<string, unknown> };
    expect(record).to.include({ id: plainId, form: 'plaintext', txId: anchorTxId });
    expect(record.digest).to.deep.equal(plain.digest);
    expect(record).to.not.have.property('content');
    expect(record.takedown).to.include({ reason: 'unlawful personal data', approvedBy: 'RegulatorMSP', requestedBy: 'Cb1MSP', requestReason: 'the court ordered removal', txId: taken.body.txId });
    expect(JSON.stringify(taken.body)).to.not.contain(content);
  });

  it('no read path shows the content afterwards — get, history, listing, verify (member and public) — while the digest still verifies', async function () {
    const got = await call('cb2', 'GET', path(plainId), { key: otherRecorder });
    expect(got.status).to.equal(200);
    expect(got.body).to.include({ id: plainId, txId: anchorTxId });
    expect(got.body).to.not.have.property('content');
    expect((got.body.takedown as { approvedBy: string }).approvedBy).to.equal('RegulatorMSP');

    const history = await call('cb1', 'GET', path(plainId, '/history'), { key: reader });
    expect(history.status).to.equal(200);
    const chain = history.body.chain as Record<string, unknown>[];
    expect(chain.map((r) => r.id)).to.deep.equal([plainId]);
    expect(chain[0]).to.not.have.property('content');
    expect((history.body.versions as unknown[]).length, 'the anchoring and the takedown').to.equal(2);

    const listed = await call('cb1', 'GET', `/v1/evidence?field=auditId&value=${encodeURIComponent(auditId)}`, { key: reader });
    expect(listed.status).to.equal(200);
    const items = listed.body.items as Record<string, unknown>[];
    expect(items.map((r) => r.id)).to.include.members([plainId, digestId, privateId]);
    expect(items.find((r) => r.id === plainId)).to.not.have.property('content');

    const verified = await call('cb1', 'POST', '/v1/evidence/verify', { key: reader, body: plain.digest });
    expect(verified.status).to.equal(200);
    const records = verified.body.records as Record<string, unknown>[];
    expect(records.map((r) => r.id)).to.deep.equal([plainId]);
    expect(records[0]).to.include({ txId: anchorTxId });
    expect(records[0]).to.not.have.property('content');
    const publicCheck = await call('cb2', 'POST', '/v1/public/evidence/verify', { body: plain.digest });
    expect(publicCheck.status).to.equal(200);
    expect(publicCheck.body.anchored).to.equal(true);

    for (const answer of [got, history, listed, verified, publicCheck]) expect(JSON.stringify(answer.body)).to.not.contain(content);
  });

  it('a second takedown answers 409, and with no request pending a rejection answers 409', async function () {
    const again = await call('regulator', 'POST', path(plainId, '/takedown'), { key: regulator, body: { reason: 'again' } });
    expect(again.status, JSON.stringify(again.body)).to.equal(409);
    expect(again.body.code).to.equal('CONFLICT');
    expect(again.body.message).to.contain('already taken down');
    const reject = await call('regulator', 'POST', path(plainId, '/takedown-rejection'), { key: regulator, body: { reason: 'too late' } });
    expect(reject.status).to.equal(409);
    const ask = await call('cb1', 'POST', path(plainId, '/takedown-request'), { key: recorder, body: { reason: 'once more' } });
    expect(ask.status, 'taken down content cannot be asked for again').to.equal(409);
  });

  it('the receipt of the block that anchored the taken-down plaintext answers 451 TAKEN_DOWN', async function () {
    const receipt = await call('cb1', 'GET', path(plainId, '/receipt'), { key: reader });
    expect(receipt.status, JSON.stringify(receipt.body)).to.equal(451);
    expect(receipt.body.code).to.equal('TAKEN_DOWN');
    expect(receipt.body.message).to.contain(plainId);
    expect(JSON.stringify(receipt.body)).to.not.contain(content);
  });

  it('the same content is not anchored again (403), by the submitter or another member, as plaintext or private; the digest alone still is (201)', async function () {
    const attempts: [string, string, Record<string, unknown>][] = [
      ['cb1', recorder, { ...plain, clientRef: `td-again-${run}` }],
      ['cb2', otherRecorder, { ...plain, clientRef: `td-again-cb2-${run}` }],
      ['cb1', recorder, { clientRef: `td-again-private-${run}`, kind: 'AUDIT_REPORT', subject: { auditId }, form: 'private', privateContentBase64: Buffer.from(content).toString('base64'), digest: plain.digest }],
    ];
    for (const [org, k, body] of attempts) {
      const refused = await call(org, 'POST', '/v1/evidence', { key: k, body });
      expect(refused.status, `${org} ${String(body.clientRef)}: ${JSON.stringify(refused.body)}`).to.equal(403);
      expect(refused.body.code).to.equal('FORBIDDEN');
      expect(refused.body.message).to.contain('taken down');
      const msp = org === 'cb1' ? 'Cb1MSP' : 'Cb2MSP';
      expect((await call(org, 'GET', path(`${msp}:${String(body.clientRef)}`), { key: k })).status, 'nothing was anchored').to.equal(404);
    }
    const digestAgain = await call('cb2', 'POST', '/v1/evidence', { key: otherRecorder, body: { clientRef: `td-digest-again-${run}`, kind: 'AUDIT_REPORT', subject: { auditId }, digest: plain.digest } });
    expect(digestAgain.status, JSON.stringify(digestAgain.body)).to.equal(201);
    expect(digestAgain.body.result).to.include({ form: 'digest' });
  });

  it('the regulator takes private content down on its own finding (no request): the private content read answers 409 afterwards', async function () {
    const before = await call('cb1', 'GET', path(privateId, '/private-content'), { key: recorder });
    expect(before.status, JSON.stringify(before.body)).to.equal(200);
    expect(Buffer.from(String(before.body.content), 'base64').toString()).to.equal(privateContent);
    const taken = await call('regulator', 'POST', path(privateId, '/takedown'), { key: regulator, body: { reason: 'regulator finding: home address' } });
    expect(taken.status, JSON.stringify(taken.body)).to.equal(200);
    const takedown = (resultOf(taken) as { takedown: Record<string, unknown> }).takedown;
    expect(takedown).to.include({ approvedBy: 'RegulatorMSP', reason: 'regulator finding: home address' });
    expect(takedown).to.not.have.property('requestedBy');
    const after = await call('cb1', 'GET', path(privateId, '/private-content'), { key: recorder });
    expect(after.status, JSON.stringify(after.body)).to.equal(409);
    expect(JSON.stringify(after.body)).to.not.contain(Buffer.from(privateContent).toString('base64'));
    const verified = await call('cb1', 'POST', '/v1/evidence/verify', { key: reader, body: privateRecord.digest });
    expect((verified.body.records as { id: string }[]).map((r) => r.id)).to.deep.equal([privateId]);
  });
});
