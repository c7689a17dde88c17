// The time rules of docs/domain.md §4.5 on the real consortium, on a compressed clock chosen
// the way a test consortium chooses one: by a charter amendment voted by every member (docs/architecture.md
// §5), never by faking the transaction time. With a 20-second surveillance interval:
// - Found: a late surveillance cleared a certificate that was already overdue. Now it is refused
//   until the certificate is suspended (docs/domain.md §4.5, CNCA-QMS-01:2025 5.4.1.4); once suspended the
//   late audit is recorded and the issuer restores it.
// - Recertification renews a certificate into a new cycle linked to the old one (CNCA-QMS-01:2025
//   5.8.2), here with the charter's minimum of surveillances per cycle set to 0.
// The charter is put back afterwards. Runs after the other suites (a 20-second interval makes every
// certificate overdue) and before governance.test.ts (which needs both certification bodies).
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { usccCheckChar } from '../../../chaincode/src/domain/uscc';
import { httpWriter, recordAuditFor } from '../support/audits';
import { certificateBody, grantDecision, iso, sha256 } from '../support/certificates';
import { apiKey as key, call, ok } from '../support/http';
import { endorsementPlanReady, orderingReady, requireNetwork } from '../support/network';
import { ifAssigned } from '../../support/defined';

const run = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();
const USCC = ((first17: string) => first17 + usccCheckChar(first17))(`91350100MA${run.slice(0, 7)}`);
const INTERVAL_SECONDS = 20;


async function sleepUntil(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, ms - Date.now())));
}

interface Charter {
  version: number;
  durations: Record<string, unknown>;
  minSurveillancesPerCycle: number;
}

describe('time rules on a compressed clock chosen by charter amendment (final)', function () {
  this.timeout(300_000);
  const admin: Record<string, string> = {};
  let issuer: string;
  let recorder: string;
  let original: Charter;

  /** AMEND_CHARTER to `charter`, every member voting YES, finalized after the deadline. */
  async function amend(id: string, charter: Charter): Promise<void> {
    const opened = ok(await call('regulator', 'POST', '/v1/proposals', { key: admin.regulator, body: { id, type: 'AMEND_CHARTER', payload: { charter } } }), 201) as { deadline: string };
    for (const org of ['regulator', 'cb1', 'cb2']) ok(await call(org, 'POST', `/v1/proposals/${id}/votes`, { key: admin[org], body: { choice: 'YES' } }), 201);
    await sleepUntil(Date.parse(opened.deadline) + 1_500);
    expect((ok(await call('cb1', 'POST', `/v1/proposals/${id}/finalize`, { key: admin.cb1 }), 200) as { proposal: { status: string } }).proposal.status).to.equal('APPROVED');
  }

  async function certificate(no: string): Promise<{ status: string; statusReason: string; cycle?: number; previousCycle?: { certificateNo: string }; expiresAt: string }> {
    return ok(await call('cb1', 'GET', `/v1/certificates/${no}`, { key: issuer }), 200) as never;
  }

  before(async function () {
    await requireNetwork(this);
    await endorsementPlanReady();
    // the suite before this one may have restarted orderers: its first call is a write
    await orderingReady();
    for (const org of ['regulator', 'cb1', 'cb2']) admin[org] = key(org, 'admin1');
    issuer = key('cb1', 'issuer1');
    recorder = key('cb1', 'recorder1');
    original = ok(await call('cb1', 'GET', '/v1/charter', { key: admin.cb1 }), 200) as unknown as Charter;
    await amend(`clock-${run}`, {
      ...original, version: original.version + 1,
      durations: { ...original.durations, surveillanceInterval: `PT${INTERVAL_SECONDS}S` }, minSurveillancesPerCycle: 0,
    });
  });

  after(async () => {
    if (ifAssigned(original) === undefined) return;
    const current = ok(await call('cb1', 'GET', '/v1/charter', { key: admin.cb1 }), 200) as unknown as Charter;
    if (current.version === original.version) return;
    await amend(`clock-back-${run}`, { ...original, version: current.version + 1 });
  });

  it('Found: a late surveillance cleared an overdue certificate — now 412 until it is suspended; then the late audit is recorded and the issuer restores it', async () => {
    const no = `CK${run}Q-1`;
    const decision = await grantDecision('cb1', issuer, `clock-decision-${run}`, USCC);
    const body = certificateBody(no, decision, run, { organization: { name: `压缩时钟 ${run}`, uscc: USCC, address: '福州市鼓楼区', regionCode: '350102' } });
    ok(await call('cb1', 'POST', '/v1/certificates', { key: issuer, body }), 201);
    const auditId = await recordAuditFor(httpWriter('cb1', recorder), `AUD-LATE-${run}`, USCC, { type: 'SURVEILLANCE', certificateNo: no });

    await sleepUntil(Date.parse(body.issuedAt as string) + (INTERVAL_SECONDS + 2) * 1000);
    const late = await call('cb1', 'POST', `/v1/certificates/${no}/surveillance`, { key: issuer, body: { auditId } });
    expect(late.status, JSON.stringify(late.body)).to.equal(412);
    expect(String(late.body.message)).to.include('suspended first');
    expect((await certificate(no)).status, 'the refusal changed nothing').to.equal('VALID');

    const swept = ok(await call('cb1', 'POST', '/v1/certificates/sweep', { key: recorder, body: { limit: 200, bookmark: '' } }), 200) as { changed: { certificateNo: string; to: string; reason: string }[]; bookmark: string };
    // the sweep pages through the whole ledger: find this certificate's change on whichever page
    let changes = swept.changed;
    for (let bookmark = swept.bookmark; bookmark !== '' && !changes.some((c) => c.certificateNo === no);) {
      const page = ok(await call('cb1', 'POST', '/v1/certificates/sweep', { key: recorder, body: { limit: 200, bookmark } }), 200) as typeof swept;
      changes = page.changed;
      bookmark = page.bookmark;
    }
    expect(changes.find((c) => c.certificateNo === no)).to.include({ to: 'SUSPENDED', reason: 'SURVEILLANCE_OVERDUE' });

    ok(await call('cb1', 'POST', `/v1/certificates/${no}/surveillance`, { key: issuer, body: { auditId } }), 200);
    const evidence = ok(await call('cb1', 'POST', '/v1/evidence', {
      key: recorder, body: { clientRef: `late-report-${run}`, kind: 'SURVEILLANCE', subject: { uscc: USCC, certificateNo: no, auditId }, digest: { alg: 'sha256', value: sha256(`late ${run}`) } },
    }), 201) as { id: string };
    expect(ok(await call('cb1', 'POST', `/v1/certificates/${no}/restore`, { key: issuer, body: { evidenceIds: [evidence.id] } }), 200)).to.include({ status: 'VALID' });
  });

  it('recertification renews a certificate into a new cycle linked to the old one (200); the same decision again is 409', async () => {
    const no = `CR${run}Q-1`;
    const decision = await grantDecision('cb1', issuer, `clock-initial-${run}`, USCC);
    const body = certificateBody(no, decision, run, { organization: { name: `压缩时钟 ${run}`, uscc: USCC, address: '福州市鼓楼区', regionCode: '350102' } });
    ok(await call('cb1', 'POST', '/v1/certificates', { key: issuer, body }), 201);
    const recert = await grantDecision('cb1', issuer, `clock-recert-${run}`, USCC, { type: 'RECERTIFICATION' });
    const expiresAt = iso(Date.parse(body.expiresAt as string) + 365 * 86_400_000);
    const renewed = ok(await call('cb1', 'POST', `/v1/certificates/${no}/recertify`, { key: issuer, body: { decisionEvidenceId: recert, expiresAt } }), 200) as {
      certificate: { certificateNo: string; cycle: number; expiresAt: string; previousCycle: { certificateNo: string; cycle: number; expiresAt: string } };
    };
    expect(renewed.certificate).to.include({ certificateNo: no, cycle: 1 });
    expect(Date.parse(renewed.certificate.expiresAt)).to.equal(Date.parse(expiresAt));
    expect(renewed.certificate.previousCycle).to.include({ certificateNo: no, cycle: 0 });
    expect(Date.parse(renewed.certificate.previousCycle.expiresAt), 'the old cycle, linked').to.equal(Date.parse(body.expiresAt as string));
    const again = await call('cb1', 'POST', `/v1/certificates/${no}/recertify`, { key: issuer, body: { decisionEvidenceId: recert, expiresAt: iso(Date.parse(expiresAt) + 86_400_000) } });
    expect(again.status, JSON.stringify(again.body)).to.equal(409);
  });
});
