// The certificate, membership and public routes through real HTTP against the running members'
// gateways: success paths and every error status (400 naming the field, 401, 403, 404, 409, 412).
// It only adds records of its own (fresh numbers and ids) and opens no proposal, because other
// suites share this network (final/governance.test.ts runs the proposals, last).
import { createHash, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { certificateBody, grantDecision, iso, sha256, USCC } from './support/certificates';
import { apiKey as key, call, gatewayOf, type Answer } from './support/http';
import { requireNetwork } from './support/network';

const run = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();
const USCC_OTHER = '91110000600037341L';

const fields = (answer: Answer): string[] => (answer.body.fields ?? []).map((f) => f.field);

// The random-inspection hashes of docs/random-inspection.md §2, recomputed with node:crypto alone.
const hashJoined = (parts: string[]): string => createHash('sha256').update(Buffer.from(parts.join('\u0000'), 'utf8')).digest('hex');
const sampleCommitment = (sampleId: string, msp: string, secret: string): string => hashJoined(['certledger-sample/2', sampleId, msp, secret]);
const sampleSecret = (msp: string, sampleId: string): string => `gateway-routes-${msp}-secret-${sampleId}-${'z'.repeat(32)}`;
const sleepUntil = async (iso: string): Promise<void> => {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(iso) - Date.now()) + 750));
};


describe('gateway certificate, membership and public routes (real network)', function () {
  this.timeout(120_000);
  let cb1Issuer: string;
  let cb1Admin: string;
  let cb2Issuer: string;
  let cb2Admin: string;
  let regulator: string;
  const certNo = `GW${run}Q-1`;
  let decisionId: string;
  const withheldSample = `SAMPLE-GW-W-${run}`;
  let withheldCommitDeadline: string;
  let withheldRegulatorDeadline: string;

  before(async function () {
    await requireNetwork(this);
    cb1Issuer = key('cb1', 'issuer1');
    cb1Admin = key('cb1', 'admin1');
    cb2Issuer = key('cb2', 'issuer1');
    regulator = key('regulator', 'regulator1');
    cb2Admin = key('cb2', 'admin1');
    decisionId = await grantDecision('cb1', cb1Issuer, `gw-decision-${run}`);
    // The samples need a VALID certificate in their population, whatever ran before
    // (a decision backs one certificate: this one has its own).
    const populationDecision = await grantDecision('cb1', cb1Issuer, `gw-decision-s-${run}`);
    const population = await call('cb1', 'POST', '/v1/certificates', { key: cb1Issuer, body: certificateBody(`${certNo}-S`, populationDecision, run) });
    expect(population.status, JSON.stringify(population.body)).to.equal(201);
    // The sample the regulator will not reveal (docs/random-inspection.md §4) opens now, so that its
    // commit and reveal periods run while the other tests do: closed in 'regulator: …', settled last.
    const opened = await call('regulator', 'POST', '/v1/samples', {
      key: regulator, body: { sampleId: withheldSample, commitment: sampleCommitment(withheldSample, 'RegulatorMSP', sampleSecret('RegulatorMSP', withheldSample)), criteria: { region: '350102', count: 1, inspectorCount: 0 } },
    });
    expect(opened.status, JSON.stringify(opened.body)).to.equal(201);
    withheldCommitDeadline = (opened.body.result as { commitDeadline: string }).commitDeadline;
    for (const [org, msp, k] of [['cb1', 'Cb1MSP', cb1Admin], ['cb2', 'Cb2MSP', cb2Admin]] as const) {
      const committed = await call(org, 'POST', `/v1/samples/${withheldSample}/commitments`, { key: k, body: { commitment: sampleCommitment(withheldSample, msp, sampleSecret(msp, withheldSample)) } });
      expect(committed.status, JSON.stringify(committed.body)).to.equal(201);
    }
  });

  const certificate = (no: string, over: Record<string, unknown> = {}): Record<string, unknown> => certificateBody(no, decisionId, run, over);

  describe('certificates', function () {
    it('401 without a key', async function () {
      const answer = await call('cb1', 'GET', `/v1/certificates/${certNo}`);
      expect(answer.status).to.equal(401);
      expect(answer.body.code).to.equal('UNAUTHENTICATED');
    });

    it('400 names the field: a scheme that does not exist', async function () {
      const answer = await call('cb1', 'POST', '/v1/certificates', { key: cb1Issuer, body: certificate(certNo, { scheme: 'ISO9001' }) });
      expect(answer.status).to.equal(400);
      expect(fields(answer)).to.include('body.scheme');
    });

    it('400 from the chaincode names the field: a USCC with a wrong check character', async function () {
      const answer = await call('cb1', 'POST', '/v1/certificates', { key: cb1Issuer, body: certificate(certNo, { organization: { name: 'x', uscc: '91350100M000100Y44', address: 'y', regionCode: '350102' } }) });
      expect(answer.status).to.equal(400);
      expect(answer.body.code).to.equal('INVALID_ARGUMENT');
      expect(answer.body.message).to.contain('certificate.organization.uscc');
    });

    it('201 issues a certificate with txId and blockNumber; the same Idempotency-Key answers the same', async function () {
      const idempotencyKey = `issue-${run}`;
      const body = certificate(certNo);
      const answer = await call('cb1', 'POST', '/v1/certificates', { key: cb1Issuer, body, idempotencyKey });
      expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
      const issued = (answer.body.result as { certificate: { certificateNo: string; status: string; issuer: string } }).certificate;
      expect(issued).to.include({ certificateNo: certNo, status: 'VALID', issuer: 'Cb1MSP' });
      expect(answer.body.txId).to.match(/^[0-9a-f]{64}$/);
      expect(answer.body.blockNumber).to.match(/^\d+$/);
      const again = await call('cb1', 'POST', '/v1/certificates', { key: cb1Issuer, body, idempotencyKey });
      expect(again.status).to.equal(201);
      expect(again.body.txId).to.equal(answer.body.txId);
    });

    it('409 issuing the same number again (new Idempotency-Key)', async function () {
      const answer = await call('cb1', 'POST', '/v1/certificates', { key: cb1Issuer, body: certificate(certNo) });
      expect(answer.status).to.equal(409);
      expect(answer.body.code).to.equal('ALREADY_EXISTS');
    });

    it('reads it: get, verify, list by issuer and by organisation', async function () {
      const got = await call('cb1', 'GET', `/v1/certificates/${certNo}`, { key: cb1Issuer });
      expect(got.status).to.equal(200);
      expect(got.body).to.include({ certificateNo: certNo, status: 'VALID' });
      expect(got.body.evidenceIds).to.deep.equal([decisionId]);
      const verified = await call('cb1', 'GET', `/v1/certificates/${certNo}/verify`, { key: cb1Issuer });
      expect(verified.status).to.equal(200);
      expect(verified.body).to.include({ effectiveStatus: 'VALID' });
      expect((verified.body.issuer as { mspId: string }).mspId).to.equal('Cb1MSP');
      const past = await call('cb1', 'GET', `/v1/certificates/${certNo}/verify?at=2001-01-01T00:00:00Z`, { key: cb1Issuer });
      expect(past.status).to.equal(404);
      const byIssuer = await call('cb1', 'GET', '/v1/certificates?issuer=Cb1MSP', { key: cb1Issuer });
      expect(byIssuer.status).to.equal(200);
      expect(byIssuer.body.items).to.be.an('array');
      expect(byIssuer.body.bookmark).to.be.a('string');
      const byOrg = await call('cb1', 'GET', `/v1/certificates?uscc=${USCC}`, { key: cb1Issuer });
      expect(byOrg.status).to.equal(200);
      expect((byOrg.body.items as { certificateNo: string }[]).map((c) => c.certificateNo)).to.include(certNo);
    });

    it('the public verification takes ?at= (status at a past date) and refuses unknown query parameters', async function () {
      const now = await call('cb1', 'GET', `/v1/public/certificates/${certNo}`);
      expect(now.status, JSON.stringify(now.body)).to.equal(200);
      expect(now.body).to.include({ effectiveStatus: 'VALID' });
      const later = await call('cb1', 'GET', `/v1/public/certificates/${certNo}?at=${new Date(Date.now() + 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')}`);
      expect(later.status, JSON.stringify(later.body)).to.equal(200);
      const past = await call('cb1', 'GET', `/v1/public/certificates/${certNo}?at=2001-01-01T00:00:00Z`);
      expect(past.status, 'before it was issued it did not exist').to.equal(404);
      const unknown = await call('cb1', 'GET', `/v1/public/certificates/${certNo}?asOf=2001-01-01`);
      expect(unknown.status).to.equal(400);
      expect(fields(unknown)).to.include('querystring.asOf');
    });

    it('issues a certificate whose USCC is written with spaces and dashes (normalised before the length check)', async function () {
      const no = `GW${run}Q-U`;
      const decision = await grantDecision('cb1', cb1Issuer, `gw-decision-u-${run}`);
      const body = certificateBody(no, decision, run);
      const spaced = { ...body, organization: { ...(body.organization as Record<string, unknown>), uscc: '9135-0100 M000-100Y 43' } };
      const issued = await call('cb1', 'POST', '/v1/certificates', { key: cb1Issuer, body: spaced });
      expect(issued.status, JSON.stringify(issued.body)).to.equal(201);
      expect(((issued.body.result as { certificate: { organization: { uscc: string } } }).certificate.organization.uscc)).to.equal(USCC);
    });

    it('400 with neither uscc nor issuer; 400 for an `at` that is not UTC', async function () {
      expect((await call('cb1', 'GET', '/v1/certificates', { key: cb1Issuer })).status).to.equal(400);
      const answer = await call('cb1', 'GET', `/v1/certificates/${certNo}/verify?at=yesterday`, { key: cb1Issuer });
      expect(answer.status).to.equal(400);
      expect(fields(answer)).to.include('querystring.at');
    });

    it('404 for a certificate that does not exist', async function () {
      const answer = await call('cb1', 'GET', `/v1/certificates/NONE-${run}`, { key: cb1Issuer });
      expect(answer.status).to.equal(404);
      expect(answer.body.code).to.equal('NOT_FOUND');
    });

    it("403 when cb2's issuer suspends cb1's certificate (through cb2's gateway)", async function () {
      const answer = await call('cb2', 'POST', `/v1/certificates/${certNo}/suspend`, { key: cb2Issuer, body: { reason: 'not ours to suspend', suspendedUntil: iso(Date.now() + 30 * 86_400_000) } });
      expect(answer.status).to.equal(403);
      expect(answer.body.code).to.equal('FORBIDDEN');
    });

    it('412 expiring a certificate whose validity has not ended', async function () {
      const answer = await call('cb1', 'POST', `/v1/certificates/${certNo}/expire`, { key: cb1Issuer });
      expect(answer.status).to.equal(412);
      expect(answer.body.code).to.equal('PRECONDITION_FAILED');
    });

    it('suspend → 200 SUSPENDED; suspend again → 409; restore with evidence → 200 VALID', async function () {
      const until = iso(Date.now() + 30 * 86_400_000);
      const suspended = await call('cb1', 'POST', `/v1/certificates/${certNo}/suspend`, { key: cb1Issuer, body: { reason: 'holder asked for a pause', suspendedUntil: until } });
      expect(suspended.status, JSON.stringify(suspended.body)).to.equal(200);
      expect(suspended.body.result).to.include({ status: 'SUSPENDED' });
      expect(Date.parse((suspended.body.result as { suspendedUntil: string }).suspendedUntil)).to.equal(Date.parse(until));
      const again = await call('cb1', 'POST', `/v1/certificates/${certNo}/suspend`, { key: cb1Issuer, body: { reason: 'twice', suspendedUntil: until } });
      expect(again.status).to.equal(409);
      expect(again.body.code).to.equal('CONFLICT');
      const evidence = await call('cb1', 'POST', '/v1/evidence', {
        key: cb1Issuer, body: { clientRef: `gw-resolve-${run}`, kind: 'OTHER', subject: { uscc: USCC, certificateNo: certNo }, digest: { alg: 'sha256', value: sha256(`resolve ${run}`) } },
      });
      expect(evidence.status).to.equal(201);
      const restored = await call('cb1', 'POST', `/v1/certificates/${certNo}/restore`, { key: cb1Issuer, body: { evidenceIds: [(evidence.body.result as { id: string }).id] } });
      expect(restored.status, JSON.stringify(restored.body)).to.equal(200);
      expect(restored.body.result).to.include({ status: 'VALID' });
      const notSuspended = await call('cb1', 'POST', `/v1/certificates/${certNo}/restore`, { key: cb1Issuer, body: { evidenceIds: [(evidence.body.result as { id: string }).id] } });
      expect(notSuspended.status, 'only a SUSPENDED certificate is restored').to.equal(409);
    });

    it('changes the scope (200), and refuses the same scope again (400 from the chaincode)', async function () {
      const body = { scope: '通用机械零部件的设计', scopeCodes: [17], reason: 'production moved out' };
      const changed = await call('cb1', 'POST', `/v1/certificates/${certNo}/scope`, { key: cb1Issuer, body });
      expect(changed.status, JSON.stringify(changed.body)).to.equal(200);
      expect(changed.body.result).to.include({ scope: body.scope });
      const same = await call('cb1', 'POST', `/v1/certificates/${certNo}/scope`, { key: cb1Issuer, body });
      expect(same.status).to.equal(400);
    });

    it('the public view needs no key and shows status, holder and issuer', async function () {
      const answer = await call('cb1', 'GET', `/v1/public/certificates/${certNo}`);
      expect(answer.status).to.equal(200);
      expect(answer.body).to.include({ certificateNo: certNo, effectiveStatus: 'VALID' });
      expect(answer.body.holder).to.deep.equal({ name: `网关测试 ${run}`, uscc: USCC });
      expect((await call('cb1', 'GET', `/v1/public/certificates/NONE-${run}`)).status).to.equal(404);
    });

    it('withdraw → 200 WITHDRAWN; withdraw again → 409', async function () {
      const withdrawn = await call('cb1', 'POST', `/v1/certificates/${certNo}/withdraw`, { key: cb1Issuer, body: { reason: 'end of the gateway test' } });
      expect(withdrawn.status).to.equal(200);
      expect(withdrawn.body.result).to.include({ status: 'WITHDRAWN' });
      const again = await call('cb1', 'POST', `/v1/certificates/${certNo}/withdraw`, { key: cb1Issuer, body: { reason: 'again' } });
      expect(again.status).to.equal(409);
    });

    it('400 for a sweep limit out of range (no sweep is run: others share the ledger)', async function () {
      const answer = await call('cb1', 'POST', '/v1/certificates/sweep', { key: cb1Issuer, body: { limit: 0 } });
      expect(answer.status).to.equal(400);
      expect(fields(answer)).to.include('body.limit');
    });
  });

  describe('regulator: credit events, inspectors, samples', function () {
    const inspectorId = `INSP-GW-${run}`;
    const secret = `gateway-routes-secret-${run}-${'x'.repeat(32)}`;
    const sampleId = `SAMPLE-GW-${run}`;

    it('the sample opened with the file closes once its commit phase is over (200 REVEALING); both members reveal; settling it now answers 412', async function () {
      await sleepUntil(withheldCommitDeadline);
      const closed = await call('cb2', 'POST', `/v1/samples/${withheldSample}/close`, { key: cb2Issuer });
      expect(closed.status, JSON.stringify(closed.body)).to.equal(200);
      const sample = closed.body.result as { status: string; population: string[]; memberRevealDeadline: string; regulatorRevealDeadline: string };
      expect(sample.status).to.equal('REVEALING');
      expect(sample.population).to.include(`${certNo}-S`);
      withheldRegulatorDeadline = sample.regulatorRevealDeadline;
      expect(Date.parse(withheldRegulatorDeadline)).to.be.greaterThan(Date.parse(sample.memberRevealDeadline));
      for (const [org, msp, k] of [['cb1', 'Cb1MSP', cb1Admin], ['cb2', 'Cb2MSP', cb2Admin]] as const) {
        const revealed = await call(org, 'POST', `/v1/samples/${withheldSample}/reveal`, { key: k, body: { secret: sampleSecret(msp, withheldSample) } });
        expect(revealed.status, JSON.stringify(revealed.body)).to.equal(200);
        expect(revealed.body.result).to.include({ mspId: msp });
      }
      const early = await call('cb1', 'POST', `/v1/samples/${withheldSample}/settle`, { key: cb1Issuer });
      expect(early.status, JSON.stringify(early.body)).to.equal(412);
      expect(early.body.code).to.equal('PRECONDITION_FAILED');
      // (the regulator keeps its secret; the sample is settled at the end of the file)
    });

    it('201 records an INFO credit event; 403 for a certification body', async function () {
      const event = { uscc: USCC_OTHER, type: 'GATEWAY_TEST', severity: 'INFO', source: `gateway routes test ${run}`, occurredAt: iso(Date.now() - 3_600_000) };
      const answer = await call('regulator', 'POST', '/v1/credit-events', { key: regulator, body: event });
      expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
      expect(answer.body.result).to.include({ uscc: USCC_OTHER, severity: 'INFO' });
      const forbidden = await call('cb1', 'POST', '/v1/credit-events', { key: cb1Issuer, body: event });
      expect(forbidden.status).to.equal(403);
    });

    it('400 names the field of a credit event with a lowercase type', async function () {
      const answer = await call('regulator', 'POST', '/v1/credit-events', { key: regulator, body: { uscc: USCC_OTHER, type: 'penalty', severity: 'INFO', source: 's', occurredAt: iso(Date.now()) } });
      expect(answer.status).to.equal(400);
      expect(fields(answer)).to.include('body.type');
    });

    it('201 registers an inspector; 409 for the same id', async function () {
      const answer = await call('regulator', 'POST', '/v1/inspectors', { key: regulator, body: { inspectorId, name: '张检查' } });
      expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
      const again = await call('regulator', 'POST', '/v1/inspectors', { key: regulator, body: { inspectorId, name: '张检查' } });
      expect(again.status).to.equal(409);
    });

    it('runs a sample by the multi-party draw: opens (201), members commit (201), closes, reveals (200, 403 for a wrong secret), publishes the draw and a result', async function () {
      // docs/random-inspection.md; the local charter shortens the commit and reveal periods to 8 s
      const commitment = (msp: string, s: string): string => sha256(['certledger-sample/2', sampleId, msp, s].join('\u0000'));
      const memberSecret = (org: string): string => `gateway-routes-${org}-secret-${run}-${'y'.repeat(32)}`;
      const admins = { cb1: cb1Admin, cb2: cb2Admin };
      // (its population holds the certificate the file's `before` issued)
      const notHex = await call('regulator', 'POST', '/v1/samples', { key: regulator, body: { sampleId, commitment: 'NOT-HEX', criteria: { count: 1, inspectorCount: 1 } } });
      expect(notHex.status).to.equal(400);
      expect(fields(notHex)).to.include('body.commitment');
      const opened = await call('regulator', 'POST', '/v1/samples', { key: regulator, body: { sampleId, commitment: commitment('RegulatorMSP', secret), criteria: { region: '350000', count: 1, inspectorCount: 1 } } });
      expect(opened.status, JSON.stringify(opened.body)).to.equal(201);
      expect(opened.body.result).to.include({ sampleId, status: 'COMMITTING' });
      for (const [org, msp] of [['cb1', 'Cb1MSP'], ['cb2', 'Cb2MSP']] as const) {
        const committed = await call(org, 'POST', `/v1/samples/${sampleId}/commitments`, { key: admins[org], body: { commitment: commitment(msp, memberSecret(org)) } });
        expect(committed.status, JSON.stringify(committed.body)).to.equal(201);
      }
      const twice = await call('cb1', 'POST', `/v1/samples/${sampleId}/commitments`, { key: cb1Admin, body: { commitment: commitment('Cb1MSP', 'another') } });
      expect(twice.status, 'a commitment cannot be changed').to.equal(409);
      const early = await call('cb1', 'POST', `/v1/samples/${sampleId}/close`, { key: cb1Issuer });
      expect(early.status).to.equal(412);
      const deadline = Date.parse((opened.body.result as { commitDeadline: string }).commitDeadline);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now()) + 1500));
      const closed = await call('cb1', 'POST', `/v1/samples/${sampleId}/close`, { key: cb1Issuer });
      expect(closed.status, JSON.stringify(closed.body)).to.equal(200);
      expect(closed.body.result).to.include({ status: 'REVEALING' });
      const tooEarly = await call('regulator', 'POST', `/v1/samples/${sampleId}/reveal`, { key: regulator, body: { secret } });
      expect(tooEarly.status, 'the regulator reveals last').to.equal(412);
      for (const org of ['cb1', 'cb2'] as const) {
        const revealed = await call(org, 'POST', `/v1/samples/${sampleId}/reveal`, { key: admins[org], body: { secret: memberSecret(org) } });
        expect(revealed.status, JSON.stringify(revealed.body)).to.equal(200);
      }
      const wrong = await call('regulator', 'POST', `/v1/samples/${sampleId}/reveal`, { key: regulator, body: { secret: `${secret}-wrong` } });
      expect(wrong.status).to.equal(403);
      const drawn = await call('regulator', 'POST', `/v1/samples/${sampleId}/reveal`, { key: regulator, body: { secret } });
      expect(drawn.status, JSON.stringify(drawn.body)).to.equal(200);
      expect(drawn.body.result).to.include({ status: 'DRAWN' });
      const [drawnNo] = (drawn.body.result as { drawn: { certificates: string[] } }).drawn.certificates;
      expect(drawnNo).to.be.a('string');
      const result = await call('regulator', 'POST', `/v1/samples/${sampleId}/results`, { key: regulator, body: { certificateNo: drawnNo, outcome: 'NOT_INSPECTED', note: `gateway routes test ${run}` } });
      expect(result.status, JSON.stringify(result.body)).to.equal(201);
      const again = await call('regulator', 'POST', `/v1/samples/${sampleId}/results`, { key: regulator, body: { certificateNo: drawnNo, outcome: 'NOT_INSPECTED', note: 'again' } });
      expect(again.status, 'results are final').to.equal(409);
      const settled = await call('cb1', 'POST', `/v1/samples/${sampleId}/settle`, { key: cb1Issuer });
      expect(settled.status, 'a drawn sample has nothing to settle').to.equal(409);
      const read = await call('regulator', 'GET', `/v1/samples/${sampleId}`, { key: regulator });
      expect(read.status).to.equal(200);
      const published = await call('cb2', 'GET', `/v1/public/samples/${sampleId}`);
      expect(published.status).to.equal(200);
      expect(published.body).to.deep.include({ status: 'DRAWN', seed: (drawn.body.result as { seed: string }).seed });
      expect((published.body as unknown as { results: { certificateNo: string }[] }).results.map((r) => r.certificateNo)).to.deep.equal([drawnNo]);
      expect((await call('regulator', 'GET', `/v1/samples/NONE-${run}`, { key: regulator })).status).to.equal(404);
      expect((await call('cb2', 'GET', `/v1/public/samples/NONE-${run}`)).status).to.equal(404);
    });
  });

  describe('membership', function () {
    it('reads the charter, the members, one member, the nodes and one node', async function () {
      const charter = await call('cb1', 'GET', '/v1/charter', { key: cb1Issuer });
      expect(charter.status).to.equal(200);
      expect(charter.body.version).to.be.a('number');
      const members = await call('cb1', 'GET', '/v1/members', { key: cb1Issuer });
      expect(members.status).to.equal(200);
      expect(members.body).to.be.an('array');
      const cb1 = await call('cb1', 'GET', '/v1/members/Cb1MSP', { key: cb1Issuer });
      expect(cb1.status).to.equal(200);
      expect(cb1.body).to.include({ mspId: 'Cb1MSP', role: 'CERTIFICATION_BODY' });
      const nodes = await call('cb1', 'GET', '/v1/nodes?mspId=Cb1MSP', { key: cb1Issuer });
      expect(nodes.status).to.equal(200);
      const list = nodes.body as unknown as { nodeId: string; owner: string }[];
      expect(list.length).to.be.greaterThan(0);
      expect(list.every((n) => n.owner === 'Cb1MSP')).to.equal(true);
      const node = await call('cb1', 'GET', `/v1/nodes/${list[0]?.nodeId ?? ''}`, { key: cb1Issuer });
      expect(node.status).to.equal(200);
    });

    it('404 for an unknown member, node and proposal', async function () {
      for (const path of [`/v1/members/Nope${run}MSP`, `/v1/nodes/nope-${run}`, `/v1/proposals/nope-${run}`]) {
        const answer = await call('cb1', 'GET', path, { key: cb1Issuer });
        expect(answer.status, path).to.equal(404);
      }
    });

    it('lists proposals; 400 for an unknown status', async function () {
      const all = await call('cb1', 'GET', '/v1/proposals', { key: cb1Issuer });
      expect(all.status).to.equal(200);
      expect(all.body.items).to.be.an('array');
      const bad = await call('cb1', 'GET', '/v1/proposals?status=PENDING', { key: cb1Issuer });
      expect(bad.status).to.equal(400);
      expect(fields(bad)).to.include('querystring.status');
    });

    it('rule 6 reads: the running digest, and an approval query', async function () {
      const digest = await call('cb1', 'GET', '/v1/chaincode/digest', { key: cb1Issuer });
      expect(digest.status).to.equal(200);
      expect(digest.body.available).to.be.a('boolean');
      const approval = await call('cb1', 'GET', `/v1/chaincode/approvals?codeDigest=${sha256(`none ${run}`)}&sequence=999`, { key: cb1Issuer });
      expect(approval.status, JSON.stringify(approval.body)).to.equal(200);
      expect(approval.body).to.include({ approved: false });
    });

    it('401 for every membership read without a key; 400 for a malformed query', async function () {
      for (const path of ['/v1/charter', '/v1/members', '/v1/nodes', '/v1/chaincode/digest', `/v1/chaincode/approvals?codeDigest=${sha256(run)}&sequence=1`]) {
        expect((await call('cb1', 'GET', path)).status, path).to.equal(401);
      }
      expect((await call('cb1', 'GET', '/v1/nodes?mspId=not%20an%20msp', { key: cb1Issuer })).status).to.equal(400);
      const badDigest = await call('cb1', 'GET', '/v1/chaincode/approvals?codeDigest=xyz&sequence=1', { key: cb1Issuer });
      expect(badDigest.status).to.equal(400);
      expect(fields(badDigest)).to.include('querystring.codeDigest');
    });

    it('accreditations are recorded only by an ACCREDITATION_BODY member: 403 for the regulator and for a certification body', async function () {
      const body = { body: 'Cb2MSP', state: 'SUSPENDED', reason: 'not an accreditation body' };
      expect((await call('regulator', 'POST', '/v1/accreditations', { key: regulator, body })).status).to.equal(403);
      expect((await call('cb1', 'POST', '/v1/accreditations', { key: cb1Admin, body })).status).to.equal(403);
      const bad = await call('cb1', 'POST', '/v1/accreditations', { key: cb1Admin, body: { ...body, state: 'REVOKED' } });
      expect(bad.status).to.equal(400);
    });

    it('rule 1 join check refuses an ACTIVE member (409 or 412)', async function () {
      const answer = await call('cb1', 'GET', '/v1/members/Cb1MSP/join-check', { key: cb1Issuer });
      expect([409, 412]).to.include(answer.status);
    });

    it('403 opening a proposal as an issuer (only admins govern); nothing is opened', async function () {
      const answer = await call('cb1', 'POST', '/v1/proposals', {
        key: cb1Issuer, body: { id: `gw-${run}`, type: 'APPROVE_CHAINCODE', payload: { codeDigest: sha256(run), sequence: 999, version: '9.9.9' } },
      });
      expect(answer.status).to.equal(403);
    });

    it('400 names the field of a vote; 404 voting on a proposal that does not exist', async function () {
      const bad = await call('cb1', 'POST', `/v1/proposals/gw-${run}/votes`, { key: cb1Admin, body: { choice: 'PERHAPS' } });
      expect(bad.status).to.equal(400);
      expect(fields(bad)).to.include('body.choice');
      const missing = await call('cb1', 'POST', `/v1/proposals/nope-${run}/votes`, { key: cb1Admin, body: { choice: 'YES' } });
      expect(missing.status).to.equal(404);
      const finalize = await call('cb1', 'POST', `/v1/proposals/nope-${run}/finalize`, { key: cb1Admin });
      expect(finalize.status).to.equal(404);
    });

    it('409 completing an exit that was never requested (the member stays ACTIVE)', async function () {
      const answer = await call('cb1', 'POST', '/v1/members/self/exit-completion', { key: cb1Admin });
      expect(answer.status).to.equal(409);
      const cb1 = await call('cb1', 'GET', '/v1/members/Cb1MSP', { key: cb1Admin });
      expect(cb1.body.status).to.equal('ACTIVE');
    });

    it('400 registering a peer with an endpoint that is not host:port', async function () {
      const answer = await call('cb1', 'POST', '/v1/nodes/peers', { key: cb1Admin, body: { nodeId: `peer9.gw${run}`.toLowerCase(), endpoint: 'no-port', tlsCertPem: 'x' } });
      expect(answer.status).to.equal(400);
      expect(fields(answer)).to.include('body.endpoint');
    });
  });

  describe('public evidence check', function () {
    it('anchored: by whom, when, txId; and "not anchored" for an unknown digest — no key needed', async function () {
      const value = sha256(`public ${run}`);
      const anchored = await call('cb1', 'POST', '/v1/evidence', { key: cb1Issuer, body: { clientRef: `gw-public-${run}`, kind: 'OTHER', subject: { uscc: USCC }, digest: { alg: 'sha256', value } } });
      expect(anchored.status).to.equal(201);
      const found = await call('cb1', 'POST', '/v1/public/evidence/verify', { body: { alg: 'sha256', value } });
      expect(found.status).to.equal(200);
      expect(found.body.anchored).to.equal(true);
      const match = (found.body.matches as { anchoredBy: string; txId: string; anchoredAt: string }[])[0];
      expect(match).to.include({ anchoredBy: 'Cb1MSP', txId: anchored.body.txId });
      expect(match?.anchoredAt).to.match(/^\d{4}-\d{2}-\d{2}T/);
      const missing = await call('cb1', 'POST', '/v1/public/evidence/verify', { body: { alg: 'sha256', value: sha256(`never ${run}`) } });
      expect(missing.status).to.equal(200);
      expect(missing.body).to.include({ anchored: false });
      const malformed = await call('cb1', 'POST', '/v1/public/evidence/verify', { body: { alg: 'sha256', value: 'not-a-digest' } });
      expect(malformed.status).to.equal(400);
      expect(fields(malformed)).to.include('body.value');
    });

    it('the /verify page and its script are served', async function () {
      const page = await fetch(`${gatewayOf('cb1')}/verify`);
      expect(page.status).to.equal(200);
      expect(await page.text()).to.contain('/verify.js');
      const js = await fetch(`${gatewayOf('cb1')}/verify.js`);
      expect(js.status).to.equal(200);
    });
  });

  // Last, so that the regulator's reveal period of the sample opened with the file has run out meanwhile.
  describe('a sample the regulator does not reveal', function () {
    it('is settled after the regulator reveal deadline (200): DRAWN from the members\' reveals alone, the regulator recorded as withheld, the draw recomputable; its late reveal 412, settling again 409', async function () {
      await sleepUntil(withheldRegulatorDeadline);
      const late = await call('regulator', 'POST', `/v1/samples/${withheldSample}/reveal`, { key: regulator, body: { secret: sampleSecret('RegulatorMSP', withheldSample) } });
      expect(late.status, 'the regulator reveal phase is over').to.equal(412);
      const settled = await call('cb2', 'POST', `/v1/samples/${withheldSample}/settle`, { key: cb2Issuer });
      expect(settled.status, JSON.stringify(settled.body)).to.equal(200);
      const sample = settled.body.result as { status: string; withheld: string[]; seed: string; population: string[]; populationHash: string; inspectorPopulation: string[]; inspectorPopulationHash: string; drawn: { certificates: string[]; inspectors: string[] }; drawTxId: string };
      expect(sample).to.include({ status: 'DRAWN', drawTxId: settled.body.txId });
      expect(sample.withheld).to.deep.equal(['RegulatorMSP']);
      // anyone recomputes the draw from the frozen populations and the two member reveals
      expect(hashJoined(sample.population)).to.equal(sample.populationHash);
      expect(hashJoined(sample.inspectorPopulation)).to.equal(sample.inspectorPopulationHash);
      const seed = hashJoined(['certledger-sample/2', withheldSample, sample.populationHash, sample.inspectorPopulationHash,
        'Cb1MSP', sampleSecret('Cb1MSP', withheldSample), 'Cb2MSP', sampleSecret('Cb2MSP', withheldSample)]);
      expect(sample.seed).to.equal(seed);
      const order = [...sample.population].sort((a, b) => {
        const [ha, hb] = [a, b].map((k) => createHash('sha256').update(`${seed}\u0000${k}`, 'utf8').digest('hex')) as [string, string];
        return ha < hb ? -1 : ha > hb ? 1 : 0;
      });
      expect(sample.drawn).to.deep.equal({ certificates: order.slice(0, 1), inspectors: [] });
      const published = await call('cb1', 'GET', `/v1/public/samples/${withheldSample}`);
      expect(published.status).to.equal(200);
      expect(published.body).to.deep.include({ status: 'DRAWN', seed, withheld: ['RegulatorMSP'] });
      const regulatorEntry = (published.body.participants as { mspId: string; revealed: boolean; secret?: string }[]).find((p) => p.mspId === 'RegulatorMSP');
      expect(regulatorEntry).to.include({ revealed: false });
      expect(regulatorEntry).to.not.have.property('secret');
      const again = await call('cb1', 'POST', `/v1/samples/${withheldSample}/settle`, { key: cb1Issuer });
      expect(again.status, 'a drawn sample has nothing to settle').to.equal(409);
    });
  });
});
