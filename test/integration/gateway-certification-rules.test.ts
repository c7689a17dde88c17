// The certification rules (docs/contracts.md §2.3, §3.4) through real HTTP, each as a call that the
// consortium must refuse or answer differently: what the regulator imposes only the regulator
// lifts; a certificate rests on a recorded, finished audit and one decision backs one
// certificate; surveillance is a dated audit that counts once; the auditor register; changes of
// the organisation's data. The organisations are this run's own (a SERIOUS credit event or a
// withdrawal bars an organisation from new certificates, and the ledger outlives a run).
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { usccCheckChar } from '../../chaincode/src/domain/uscc';
import { ALL_SECTORS, freshAuditor, httpWriter, newRegistrationNo, recordAuditFor, shanghaiToday } from './support/audits';
import { certificateBody, grantDecision, iso, sha256 } from './support/certificates';
import { apiKey as key, call, ok, refusedWith } from './support/http';
import { requireNetwork } from './support/network';

const run = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();
const DAY_MS = 86_400_000;

/** An organisation of this run only: 91350100MA + 7 characters of the run + the check character. */
function organisation(n: number): string {
  const first17 = `91350100MA${run.slice(0, 6)}${n}`;
  return first17 + usccCheckChar(first17);
}



interface Cert {
  certificateNo: string;
  status: string;
  statusReason: string;
  suspendedBy?: { authority: string; mspId: string; creditEventId?: string };
  lastSurveillanceAt?: string;
  organization: { name: string; address: string };
  organizationHistory?: { reasonCode: string; previous: { name: string } }[];
}

describe('gateway: the certification rules over HTTP', function () {
  this.timeout(180_000);
  let issuer: string;
  let recorder: string;
  let cb2Issuer: string;
  let cb2Recorder: string;
  let regulator: string;

  /** Issues `no` for `uscc` on its own GRANT decision and STAGE2 audit; returns the decision id. */
  async function issue(no: string, uscc: string): Promise<string> {
    const decision = await grantDecision('cb1', issuer, `rules-decision-${no}`, uscc);
    const body = certificateBody(no, decision, run, { organization: { name: `规则测试 ${run}`, uscc, address: '福州市鼓楼区五四路 1 号', regionCode: '350102' } });
    ok(await call('cb1', 'POST', '/v1/certificates', { key: issuer, body }), 201);
    return decision;
  }

  async function certificate(no: string): Promise<Cert> {
    return ok(await call('cb1', 'GET', `/v1/certificates/${no}`, { key: issuer }), 200) as unknown as Cert;
  }

  before(async function () {
    await requireNetwork(this);
    issuer = key('cb1', 'issuer1');
    recorder = key('cb1', 'recorder1');
    cb2Issuer = key('cb2', 'issuer1');
    cb2Recorder = key('cb2', 'recorder1');
    regulator = key('regulator', 'regulator1');
  });

  describe('item 1: what the regulator imposes only the regulator lifts', () => {
    it('Found: the issuer restored a certificate a SERIOUS credit event suspended by linking an old decision — now 403; the regulator closes the event and the certificate is VALID again', async () => {
      const uscc = organisation(1);
      const no = `RC${run}Q-1`;
      const decision = await issue(no, uscc);
      const event = ok(await call('regulator', 'POST', '/v1/credit-events', {
        key: regulator, body: { uscc, type: 'ADMINISTRATIVE_PENALTY', severity: 'SERIOUS', source: `市场监管局 ${run}`, occurredAt: iso(Date.now() - 60_000) },
      }), 201) as { id: string; suspended: string[] };
      expect(event.suspended).to.deep.equal([no]);
      expect((await certificate(no)).suspendedBy).to.include({ authority: 'CREDIT_EVENT', mspId: 'RegulatorMSP', creditEventId: event.id });

      refusedWith(await call('cb1', 'POST', `/v1/certificates/${no}/restore`, { key: issuer, body: { evidenceIds: [decision] } }), 403, 'only the regulator');
      refusedWith(await call('cb1', 'POST', `/v1/certificates/${no}/cancel`, { key: issuer, body: { reason: 'HOLDER_REQUEST' } }), 403);
      expect((await certificate(no)).status, 'nothing refused changed the certificate').to.equal('SUSPENDED');
      // item 6: no body issues the organisation a new certificate while the event is open
      const barred = await grantDecision('cb2', cb2Issuer, `rules-barred-${run}`, uscc);
      refusedWith(await call('cb2', 'POST', '/v1/certificates', { key: cb2Issuer, body: certificateBody(`RB${run}Q-1`, barred, run, { organization: { name: 'x', uscc, address: '福州市', regionCode: '350102' } }) }), 412, 'SERIOUS');

      // the event can be read, revised with its history kept, and closed
      const listed = ok(await call('regulator', 'GET', `/v1/credit-events/${uscc}`, { key: regulator }), 200) as { items: { id: string; status: string }[] };
      expect(listed.items.map((e) => [e.id, e.status])).to.deep.equal([[event.id, 'OPEN']]);
      refusedWith(await call('regulator', 'GET', '/v1/credit-events/not-an-organisation', { key: regulator }), 400);
      refusedWith(await call('regulator', 'POST', `/v1/credit-events/${uscc}/${event.id}/revisions`, { key: regulator, body: { note: 'nothing changes' } }), 400);
      ok(await call('regulator', 'POST', `/v1/credit-events/${uscc}/${event.id}/revisions`, { key: regulator, body: { source: `市场监管局 ${run} 复核`, note: '来源更正' } }), 201);
      const history = ok(await call('regulator', 'GET', `/v1/credit-events/${uscc}/${event.id}/history`, { key: regulator }), 200) as unknown as { value: { source: string } | null }[];
      expect(history.map((h) => h.value?.source)).to.deep.equal([`市场监管局 ${run}`, `市场监管局 ${run} 复核`]);
      refusedWith(await call('regulator', 'GET', `/v1/credit-events/${uscc}/no-such-event/history`, { key: regulator }), 404);
      refusedWith(await call('cb1', 'POST', `/v1/credit-events/${uscc}/${event.id}/close`, { key: key('cb1', 'admin1'), body: { note: 'not ours' } }), 403);

      const closed = ok(await call('regulator', 'POST', `/v1/credit-events/${uscc}/${event.id}/close`, { key: regulator, body: { note: '整改完成' } }), 200) as { restored: string[] };
      expect(closed.restored).to.deep.equal([no]);
      expect((await certificate(no)).status).to.equal('VALID');
      refusedWith(await call('regulator', 'POST', `/v1/credit-events/${uscc}/${event.id}/close`, { key: regulator, body: { note: 'again' } }), 409);
      refusedWith(await call('regulator', 'POST', `/v1/credit-events/${uscc}/${event.id}/revisions`, { key: regulator, body: { severity: 'MINOR', note: 'after closing' } }), 409);
    });

    it('Found: the regulator could not suspend or withdraw a single certificate (403) — now it does, with a reason code, and the issuer cannot lift it', async () => {
      const uscc = organisation(2);
      const suspendedNo = `RS${run}Q-1`;
      const withdrawnNo = `RW${run}Q-1`;
      const decision = await issue(suspendedNo, uscc);
      await issue(withdrawnNo, uscc);
      const until = iso(Date.now() + 30 * DAY_MS);
      refusedWith(await call('regulator', 'POST', `/v1/certificates/${suspendedNo}/suspend`, { key: regulator, body: { reason: '监管抽查发现问题', suspendedUntil: until } }), 400, 'code');
      const suspended = ok(await call('regulator', 'POST', `/v1/certificates/${suspendedNo}/suspend`, {
        key: regulator, body: { reason: { code: '0114', note: `地方监管部门发现问题 ${run}` }, suspendedUntil: until },
      }), 200) as unknown as Cert;
      expect(suspended).to.deep.include({ status: 'SUSPENDED', suspendedBy: { authority: 'REGULATOR', mspId: 'RegulatorMSP' } });
      refusedWith(await call('cb1', 'POST', `/v1/certificates/${suspendedNo}/restore`, { key: issuer, body: { evidenceIds: [decision] } }), 403, 'only the regulator');

      const finding = ok(await call('regulator', 'POST', '/v1/evidence', {
        key: regulator, body: { clientRef: `rectified-${run}`, kind: 'OTHER', subject: { uscc }, digest: { alg: 'sha256', value: sha256(`rectified ${run}`) } },
      }), 201) as { id: string };
      expect(ok(await call('regulator', 'POST', `/v1/certificates/${suspendedNo}/restore`, { key: regulator, body: { evidenceIds: [finding.id] } }), 200)).to.include({ status: 'VALID' });

      const withdrawn = ok(await call('regulator', 'POST', `/v1/certificates/${withdrawnNo}/withdraw`, { key: regulator, body: { reason: { code: '0199', note: `监管撤销 ${run}` } } }), 200) as unknown as Cert;
      expect(withdrawn.status).to.equal('WITHDRAWN');
      expect(withdrawn.statusReason).to.include('0199');
      refusedWith(await call('cb1', 'POST', `/v1/certificates/${withdrawnNo}/suspend`, { key: key('cb1', 'reader1'), body: { reason: '0111', suspendedUntil: until } }), 403);
    });
  });

  describe('item 2: the certification cycle cannot be bypassed', () => {
    it('Found: a decision could name an audit that was never recorded — now 404, so no certificate rests on it', async () => {
      const uscc = organisation(3);
      const decision = await call('cb1', 'POST', '/v1/evidence', {
        key: recorder,
        body: { clientRef: `unrecorded-${run}`, kind: 'CERTIFICATION_DECISION', decision: 'GRANT', subject: { uscc, auditId: `AUD-NEVER-${run}` }, digest: { alg: 'sha256', value: sha256(`unrecorded ${run}`) } },
      });
      refusedWith(decision, 404, `AUD-NEVER-${run}`);
      refusedWith(await call('cb1', 'GET', `/v1/evidence/${encodeURIComponent(`Cb1MSP:unrecorded-${run}`)}`, { key: recorder }), 404);
    });

    it('Found: a certificate was issued while a MAJOR nonconformity of its audit stayed open — now 412 until it is closed', async () => {
      const uscc = organisation(3);
      const no = `RN${run}Q-1`;
      const decision = await grantDecision('cb1', issuer, `rules-nc-${run}`, uscc);
      const auditId = `AUD-rules-nc-${run}`;
      // raised after the decision: the issue itself checks the audit's open MAJOR nonconformities
      const nc = ok(await call('cb1', 'POST', '/v1/evidence', {
        key: recorder, body: { clientRef: `nc-${run}`, kind: 'NONCONFORMITY', severity: 'MAJOR', subject: { uscc, auditId }, digest: { alg: 'sha256', value: sha256(`nc ${run}`) } },
      }), 201) as { id: string };
      const body = certificateBody(no, decision, run, { organization: { name: `规则测试 ${run}`, uscc, address: '福州市鼓楼区', regionCode: '350102' } });
      refusedWith(await call('cb1', 'POST', '/v1/certificates', { key: issuer, body }), 412, nc.id);
      ok(await call('cb1', 'POST', '/v1/evidence', {
        key: recorder, body: { clientRef: `ca-${run}`, kind: 'CORRECTIVE_ACTION', closes: nc.id, subject: { uscc, auditId }, digest: { alg: 'sha256', value: sha256(`ca ${run}`) } },
      }), 201);
      ok(await call('cb1', 'POST', '/v1/certificates', { key: issuer, body: { ...body, issuedAt: iso(Math.ceil(Date.now() / 1000) * 1000) } }), 201);
    });

    it('Found: one decision backed two certificates — now 409 naming the first; and issuedAt may not precede the decision (400)', async () => {
      const uscc = organisation(4);
      const first = `RD${run}Q-1`;
      const decision = await issue(first, uscc);
      const second = certificateBody(`RD${run}Q-2`, decision, run, { organization: { name: `规则测试 ${run}`, uscc, address: '福州市', regionCode: '350102' } });
      refusedWith(await call('cb1', 'POST', '/v1/certificates', { key: issuer, body: second }), 409, first);
      const another = await grantDecision('cb1', issuer, `rules-backdated-${run}`, uscc);
      const backdated = certificateBody(`RD${run}Q-3`, another, run, { organization: { name: `规则测试 ${run}`, uscc, address: '福州市', regionCode: '350102' }, issuedAt: iso(Date.now() - 3_600_000) });
      const answer = await call('cb1', 'POST', '/v1/certificates', { key: issuer, body: backdated });
      refusedWith(answer, 400, 'certificate.issuedAt');
    });
  });

  describe('item 3: surveillance is a real, dated audit that counts once', () => {
    it('Found: an audit dated 2099 was accepted — now 400 naming its end date', async () => {
      const auditor = await freshAuditor(httpWriter('cb1', recorder));
      const answer = await call('cb1', 'POST', '/v1/audits', {
        key: recorder,
        body: {
          auditId: `AUD-2099-${run}`, type: 'SURVEILLANCE', scheme: 'QMS', uscc: organisation(5), startDate: '2099-01-01', endDate: '2099-01-02',
          mode: 'ON_SITE', scopeCodes: [17], auditors: [{ registrationNo: auditor, manDays: 1, role: 'LEADER' }],
        },
      });
      refusedWith(answer, 400, 'audit.endDate');
    });

    it('Found: lastSurveillanceAt was the recording time and one audit counted twice — now the audit\'s date, and a second use is 409', async () => {
      const uscc = organisation(5);
      const one = `RV${run}Q-1`;
      const two = `RV${run}Q-2`;
      await issue(one, uscc);
      await issue(two, uscc);
      const date = shanghaiToday();
      const auditId = await recordAuditFor(httpWriter('cb1', recorder), `AUD-SV-${run}`, uscc, { type: 'SURVEILLANCE', date });
      const surveilled = ok(await call('cb1', 'POST', `/v1/certificates/${one}/surveillance`, { key: issuer, body: { auditId } }), 200) as unknown as Cert;
      expect(surveilled.lastSurveillanceAt, 'the end of the audit\'s day in Asia/Shanghai').to.equal(`${date}T16:00:00.000Z`);
      refusedWith(await call('cb1', 'POST', `/v1/certificates/${one}/surveillance`, { key: issuer, body: { auditId } }), 409);
      refusedWith(await call('cb1', 'POST', `/v1/certificates/${two}/surveillance`, { key: issuer, body: { auditId } }), 409);
      expect((await certificate(two)).lastSurveillanceAt).to.equal(undefined);
    });

    it('recertification needs the cycle\'s surveillances (412 with none), an on-site RECERTIFICATION audit, and the issuer (403 for another body; 404 for no certificate)', async () => {
      const uscc = organisation(6);
      const no = `RR${run}Q-1`;
      await issue(no, uscc);
      const decision = await grantDecision('cb1', issuer, `rules-recert-${run}`, uscc, { type: 'RECERTIFICATION' });
      const expiresAt = iso(Date.now() + 2 * 365 * DAY_MS);
      refusedWith(await call('cb1', 'POST', `/v1/certificates/${no}/recertify`, { key: issuer, body: { decisionEvidenceId: decision, expiresAt } }), 412, '0 surveillance');
      refusedWith(await call('cb2', 'POST', `/v1/certificates/${no}/recertify`, { key: cb2Issuer, body: { decisionEvidenceId: decision, expiresAt } }), 403);
      refusedWith(await call('cb1', 'POST', `/v1/certificates/NONE${run}/recertify`, { key: issuer, body: { decisionEvidenceId: decision, expiresAt } }), 404);
    });
  });

  describe('item 8: auditors are registered people with a record', () => {
    it('registers an auditor (201), refuses the number twice (409) and at another body (409); reads, lists and changes the record', async () => {
      const registrationNo = newRegistrationNo();
      const auditor = { registrationNo, name: `审核员 ${run}`, level: 'SENIOR', scopeCodes: ALL_SECTORS };
      ok(await call('cb1', 'POST', '/v1/auditors', { key: recorder, body: auditor }), 201);
      refusedWith(await call('cb1', 'POST', '/v1/auditors', { key: recorder, body: auditor }), 409);
      refusedWith(await call('cb2', 'POST', '/v1/auditors', { key: cb2Recorder, body: auditor }), 409, 'ACTIVE');

      expect(ok(await call('cb1', 'GET', `/v1/auditors/${registrationNo}`, { key: recorder }), 200)).to.include({ registrationNo, body: 'Cb1MSP', status: 'ACTIVE', level: 'SENIOR' });
      refusedWith(await call('cb1', 'GET', `/v1/auditors/2020-N1QMS-NONE${run.slice(0, 3)}`, { key: recorder }), 404);
      const register = ok(await call('cb1', 'GET', '/v1/auditors?body=Cb1MSP&pageSize=200', { key: recorder }), 200) as { items: { registrationNo: string }[] };
      expect(register.items.length).to.be.greaterThan(0);
      refusedWith(await call('cb1', 'GET', '/v1/auditors?body=not%20an%20msp', { key: recorder }), 400);
      // a bookmark no page gave (the API fuzzer's find: the peer failed the range query with a panic, a 500)
      refusedWith(await call('cb1', 'GET', '/v1/auditors?body=Cb1MSP&bookmark=%7CF', { key: recorder }), 400, 'bookmark');

      refusedWith(await call('cb2', 'POST', `/v1/auditors/${registrationNo}/changes`, { key: cb2Recorder, body: { status: 'INACTIVE', reason: 'not ours' } }), 403);
      const changed = ok(await call('cb1', 'POST', `/v1/auditors/${registrationNo}/changes`, { key: recorder, body: { status: 'INACTIVE', reason: '离职' } }), 200);
      expect(changed).to.include({ status: 'INACTIVE' });
      refusedWith(await call('cb1', 'POST', `/v1/auditors/${registrationNo}/changes`, { key: recorder, body: { status: 'INACTIVE', reason: 'again' } }), 400);
      // an INACTIVE auditor is on no audit
      const audit = await call('cb1', 'POST', '/v1/audits', {
        key: recorder,
        body: { auditId: `AUD-INACTIVE-${run}`, type: 'STAGE2', scheme: 'QMS', uscc: organisation(7), startDate: shanghaiToday(), endDate: shanghaiToday(), mode: 'ON_SITE', scopeCodes: [17], auditors: [{ registrationNo, manDays: 1, role: 'LEADER' }] },
      });
      refusedWith(audit, 412, registrationNo);
    });
  });

  describe('item 10: the organisation\'s data changes with history', () => {
    it('renames the organisation under 0101 (200, the old name kept); 400 for a name under 0102 (address); 403 for another body', async () => {
      const uscc = organisation(8);
      const no = `RO${run}Q-1`;
      await issue(no, uscc);
      refusedWith(await call('cb1', 'POST', `/v1/certificates/${no}/organization`, { key: issuer, body: { changes: { name: `新名称 ${run}` }, reasonCode: '0102' } }), 400);
      refusedWith(await call('cb2', 'POST', `/v1/certificates/${no}/organization`, { key: cb2Issuer, body: { changes: { name: `新名称 ${run}` }, reasonCode: '0101' } }), 403);
      const renamed = ok(await call('cb1', 'POST', `/v1/certificates/${no}/organization`, { key: issuer, body: { changes: { name: `新名称 ${run}` }, reasonCode: '0101' } }), 200) as { certificate: Cert };
      expect(renamed.certificate.organization.name).to.equal(`新名称 ${run}`);
      expect(renamed.certificate.organizationHistory?.map((h) => [h.reasonCode, h.previous.name])).to.deep.equal([['0101', `规则测试 ${run}`]]);
    });
  });
});
