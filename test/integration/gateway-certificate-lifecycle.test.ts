// The rest of a certificate's life through real HTTP: surveillance, cancellation, expiry (by the
// issuer and by the sweep), transfer with the issuer's consent, and a member registering and
// removing a peer — each with its success and its errors. Only records of this run are touched.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { httpWriter, recordAuditFor, shanghaiToday } from './support/audits';
import { certificateBody, grantDecision, iso, sha256, USCC } from './support/certificates';
import { apiKey as key, call, gatewayOperationsOf, scrapeGateway } from './support/http';
import { requireNetwork, ROOT } from './support/network';

const run = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();

describe('gateway: surveillance, cancellation, expiry, sweep, transfer, peer registration and removal over HTTP', function () {
  this.timeout(120_000);
  let cb1Issuer: string;
  let cb1Recorder: string;
  let cb1Admin: string;
  let cb2Issuer: string;
  let cb2Recorder: string;
  let cb2Admin: string;

  /** Issues certificate `no` on its own GRANT decision and STAGE2 audit (a decision backs one certificate). */
  async function issue(no: string, over: Record<string, unknown> = {}, decision?: string): Promise<void> {
    const decisionId = decision ?? await grantDecision('cb1', cb1Issuer, `life-decision-${no}`);
    const answer = await call('cb1', 'POST', '/v1/certificates', { key: cb1Issuer, body: certificateBody(no, decisionId, run, over) });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
  }

  before(async function () {
    await requireNetwork(this);
    cb1Issuer = key('cb1', 'issuer1');
    cb1Recorder = key('cb1', 'recorder1');
    cb1Admin = key('cb1', 'admin1');
    cb2Issuer = key('cb2', 'issuer1');
    cb2Recorder = key('cb2', 'recorder1');
    cb2Admin = key('cb2', 'admin1');
  });

  it('records a surveillance audit on a certificate (200); 412 for an audit of another body; 404 for no audit', async () => {
    const no = `LS${run}Q-1`;
    await issue(no);
    const date = shanghaiToday();
    const auditId = await recordAuditFor(httpWriter('cb1', cb1Recorder), `AUD-SURV-${run}`, USCC, { type: 'SURVEILLANCE', certificateNo: no, date });
    const surveilled = await call('cb1', 'POST', `/v1/certificates/${no}/surveillance`, { key: cb1Issuer, body: { auditId } });
    expect(surveilled.status, JSON.stringify(surveilled.body)).to.equal(200);
    // the clock runs on the audit's date: the end of its (one) day in Asia/Shanghai
    expect((surveilled.body.result as { lastSurveillanceAt?: string }).lastSurveillanceAt).to.equal(`${date}T16:00:00.000Z`);

    const otherAudit = await recordAuditFor(httpWriter('cb2', cb2Recorder), `AUD-SURV2-${run}`, USCC, { type: 'SURVEILLANCE', date });
    const foreign = await call('cb1', 'POST', `/v1/certificates/${no}/surveillance`, { key: cb1Issuer, body: { auditId: otherAudit } });
    expect(foreign.status, JSON.stringify(foreign.body)).to.equal(412);
    const none = await call('cb1', 'POST', `/v1/certificates/${no}/surveillance`, { key: cb1Issuer, body: { auditId: `AUD-NONE-${run}` } });
    expect(none.status).to.equal(404);
  });

  it('cancels at the holder\'s request (200 CANCELLED); 409 cancelling again; 400 for TRANSFERRED without a note', async () => {
    const no = `LC${run}Q-1`;
    await issue(no);
    const noNote = await call('cb1', 'POST', `/v1/certificates/${no}/cancel`, { key: cb1Issuer, body: { reason: 'TRANSFERRED' } });
    expect(noNote.status, JSON.stringify(noNote.body)).to.equal(400);
    const cancelled = await call('cb1', 'POST', `/v1/certificates/${no}/cancel`, { key: cb1Issuer, body: { reason: 'HOLDER_REQUEST' } });
    expect(cancelled.status, JSON.stringify(cancelled.body)).to.equal(200);
    expect(cancelled.body.result).to.include({ status: 'CANCELLED' });
    expect((await call('cb1', 'POST', `/v1/certificates/${no}/cancel`, { key: cb1Issuer, body: { reason: 'HOLDER_REQUEST' } })).status).to.equal(409);
  });

  it('expires a certificate once its validity has ended: by the issuer (200 EXPIRED), and by the sweep', async () => {
    const byIssuer = `LE${run}Q-1`;
    const bySweep = `LE${run}Q-2`;
    // Whole seconds (iso drops milliseconds), far enough ahead that a loaded runner still issues
    // both before they expire: the chaincode refuses an expiresAt that has already passed.
    // The decisions (and their audits) first: they take several transactions.
    const [first, second] = await Promise.all([byIssuer, bySweep].map((no) => grantDecision('cb1', cb1Issuer, `life-decision-${no}`)));
    const ends = Math.ceil((Date.now() + 10_000) / 1000) * 1000;
    await Promise.all([issue(byIssuer, { expiresAt: iso(ends) }, first), issue(bySweep, { expiresAt: iso(ends) }, second)]);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, ends - Date.now()) + 1_500));
    const expiredCount = async () => (await scrapeGateway('cb1')).get('certledger_gateway_certificate_status_changes_total{to="EXPIRED"}') ?? 0;
    const expiredBefore = await expiredCount();

    const expired = await call('cb1', 'POST', `/v1/certificates/${byIssuer}/expire`, { key: cb1Issuer });
    expect(expired.status, JSON.stringify(expired.body)).to.equal(200);
    expect(expired.body.result).to.include({ status: 'EXPIRED' });

    // The sweep walks every certificate a page at a time; keep going until it has passed ours.
    let bookmark = '';
    const changed: { certificateNo: string; to: string }[] = [];
    for (let page = 0; page < 100; page += 1) {
      const swept = await call('cb1', 'POST', '/v1/certificates/sweep', { key: cb1Issuer, body: { limit: 200, bookmark } });
      expect(swept.status, JSON.stringify(swept.body)).to.equal(200);
      const result = swept.body.result as { changed: typeof changed; scanned: number; bookmark: string };
      changed.push(...result.changed);
      bookmark = result.bookmark;
      if (bookmark === '') break;
    }
    expect(changed.find((c) => c.certificateNo === bySweep)?.to).to.equal('EXPIRED');
    expect(await expiredCount() - expiredBefore, 'counted in /metrics: the expire, and each certificate the sweeps expired')
      .to.equal(1 + changed.filter((c) => c.to === 'EXPIRED').length);
    const read = await call('cb1', 'GET', `/v1/certificates/${bySweep}`, { key: cb1Issuer });
    expect(read.body).to.include({ status: 'EXPIRED' });
  });

  it('commits no transaction for a sweep page with nothing due: no txId, no blockNumber, no commit', async () => {
    const commits = async (): Promise<number> => {
      const text = await (await fetch(`${gatewayOperationsOf('cb1')}/metrics`)).text();
      return Number(/certledger_gateway_commit_status_total\{code="VALID"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    // the first run applies whatever is due on the first page; a second run right after has nothing to do
    const first = await call('cb1', 'POST', '/v1/certificates/sweep', { key: cb1Issuer, body: { limit: 50, bookmark: '' } });
    expect(first.status, JSON.stringify(first.body)).to.equal(200);
    const before = await commits();
    const second = await call('cb1', 'POST', '/v1/certificates/sweep', { key: cb1Issuer, body: { limit: 50, bookmark: '' } });
    expect(second.status, JSON.stringify(second.body)).to.equal(200);
    expect((second.body.result as { changed: unknown[] }).changed).to.deep.equal([]);
    expect((second.body.result as { scanned: number }).scanned).to.be.greaterThan(0);
    expect(second.body).not.to.have.property('txId');
    expect(second.body).not.to.have.property('blockNumber');
    expect(await commits()).to.equal(before);
  });

  it('transfers a certificate to cb2 with cb1\'s consent (201 each); 412 without consent; 409 consenting twice', async () => {
    const source = `LT${run}Q-1`;
    const target = `LT${run}Q-2`;
    await issue(source);
    const review = await call('cb2', 'POST', '/v1/evidence', { key: cb2Recorder, body: {
      clientRef: `transfer-review-${run}`, kind: 'AUDIT_REPORT', subject: { uscc: USCC, certificateNo: source, auditId: `AUD-TR-${run}` }, digest: { alg: 'sha256', value: sha256(`review ${run}`) },
    } });
    expect(review.status, JSON.stringify(review.body)).to.equal(201);
    const evidenceIds = [(review.body.result as { id: string }).id];

    const early = await call('cb2', 'POST', `/v1/certificates/${source}/transfer`, { key: cb2Issuer, body: { newCertificateNo: target, evidenceIds } });
    expect(early.status, JSON.stringify(early.body)).to.equal(412);

    const consent = await call('cb1', 'POST', `/v1/certificates/${source}/transfer-consent`, { key: cb1Issuer, body: { acceptingBody: 'Cb2MSP' } });
    expect(consent.status, JSON.stringify(consent.body)).to.equal(201);
    expect(consent.body.result).to.include({ certificateNo: source, acceptingBody: 'Cb2MSP' });
    expect((await call('cb1', 'POST', `/v1/certificates/${source}/transfer-consent`, { key: cb1Issuer, body: { acceptingBody: 'Cb2MSP' } })).status).to.equal(409);

    const moved = await call('cb2', 'POST', `/v1/certificates/${source}/transfer`, { key: cb2Issuer, body: { newCertificateNo: target, evidenceIds } });
    expect(moved.status, JSON.stringify(moved.body)).to.equal(201);
    const result = moved.body.result as { certificate: { certificateNo: string; issuer: string; status: string }; source: { status: string }; withoutConsent: boolean };
    expect(result.certificate).to.include({ certificateNo: target, issuer: 'Cb2MSP', status: 'VALID' });
    expect(result.source.status).to.equal('CANCELLED');
    expect(result.withoutConsent).to.equal(false);
  });

  it('registers another peer of cb1 (201, cb1 stays ACTIVE) and reads it; 409 for the same node id; 403 for an issuer', async () => {
    const nodeId = `peer9-cb1-${run.toLowerCase()}`;
    const tlsCertPem = readFileSync(join(ROOT, 'run', 'cb1', 'peers', 'peer0', 'tls', 'server.crt'), 'utf8');
    const body = { nodeId, endpoint: '127.0.0.3:8151', tlsCertPem };
    const forbidden = await call('cb1', 'POST', '/v1/nodes/peers', { key: cb1Issuer, body });
    expect(forbidden.status, JSON.stringify(forbidden.body)).to.equal(403);
    const registered = await call('cb1', 'POST', '/v1/nodes/peers', { key: cb1Admin, body });
    expect(registered.status, JSON.stringify(registered.body)).to.equal(201);
    expect(registered.body.result).to.deep.include({ memberAdmitted: false, memberStatus: 'ACTIVE' });
    const node = await call('cb1', 'GET', `/v1/nodes/${nodeId}`, { key: cb1Issuer });
    expect(node.status).to.equal(200);
    expect(node.body).to.include({ nodeId, owner: 'Cb1MSP', type: 'PEER', status: 'ACTIVE', endpoint: '127.0.0.3:8151' });
    expect((await call('cb1', 'POST', '/v1/nodes/peers', { key: cb1Admin, body })).status).to.equal(409);
  });

  it('removes a second peer of cb1 (200, kept as REMOVED); 403 for an issuer and for cb2; 400 for an orderer; 404 for no such node; 409 removing it again', async () => {
    // cb1 keeps its founding peer (peer0.cb1), so this one is not its last ACTIVE peer
    const nodeId = `peer8-cb1-${run.toLowerCase()}`;
    const tlsCertPem = readFileSync(join(ROOT, 'run', 'cb1', 'peers', 'peer0', 'tls', 'server.crt'), 'utf8');
    const registered = await call('cb1', 'POST', '/v1/nodes/peers', { key: cb1Admin, body: { nodeId, endpoint: '127.0.0.3:8152', tlsCertPem } });
    expect(registered.status, JSON.stringify(registered.body)).to.equal(201);
    const removal = `/v1/nodes/peers/${nodeId}/removal`;

    const issuer = await call('cb1', 'POST', removal, { key: cb1Issuer });
    expect(issuer.status, JSON.stringify(issuer.body)).to.equal(403);
    const stranger = await call('cb2', 'POST', removal, { key: cb2Admin });
    expect(stranger.status, JSON.stringify(stranger.body)).to.equal(403);
    expect(stranger.body.message).to.include('belongs to Cb1MSP');
    const orderer = await call('cb1', 'POST', '/v1/nodes/peers/orderer0.cb1/removal', { key: cb1Admin });
    expect(orderer.status, JSON.stringify(orderer.body)).to.equal(400);
    expect(orderer.body.message).to.include('REMOVE_ORDERER');
    const missing = await call('cb1', 'POST', `/v1/nodes/peers/peer-none-${run.toLowerCase()}/removal`, { key: cb1Admin });
    expect(missing.status, JSON.stringify(missing.body)).to.equal(404);

    const removed = await call('cb1', 'POST', removal, { key: cb1Admin });
    expect(removed.status, JSON.stringify(removed.body)).to.equal(200);
    const node = (removed.body.result as { node: Record<string, unknown> }).node;
    expect(node).to.include({ nodeId, owner: 'Cb1MSP', type: 'PEER', status: 'REMOVED', endpoint: '127.0.0.3:8152' });
    expect(node.removedAt).to.be.a('string');
    const read = await call('cb1', 'GET', `/v1/nodes/${nodeId}`, { key: cb1Issuer });
    expect(read.body).to.include({ nodeId, status: 'REMOVED' });
    const again = await call('cb1', 'POST', removal, { key: cb1Admin });
    expect(again.status, JSON.stringify(again.body)).to.equal(409);
    expect(again.body.message).to.include('already REMOVED');
  });
});
