// Consortium governance on the real network, through the members' own gateways: a charter
// amendment and an admission decided by vote (rule 1's join check), a member's exit with notice
// and wind-down (rule 4), and an expulsion that stops the expelled member's writes at once
// (rule 5). Exit and expulsion are final, so this suite runs after every other one
// (test/.mocharc.integration.json lists final/ last) and the next run's setup recreates the ledger.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { certificateBody, grantDecision, sha256, USCC } from '../support/certificates';
import { createOrgCa } from '../../support/identities';
import { apiKey as key, call, ok, waitUntil } from '../support/http';
import { endorsementPlanReady, requireNetwork, script, scriptResult } from '../support/network';

const run = randomUUID().replace(/-/g, '').slice(0, 8);



describe('governance on the real consortium over HTTP (runs last)', function () {
  this.timeout(300_000);
  const admin: Record<string, string> = {};

  before(async function () {
    await requireNetwork(this);
    await endorsementPlanReady();
    for (const org of ['regulator', 'cb1', 'cb2']) admin[org] = key(org, 'admin1');
    // A proposal left open by an interrupted run would block a new one on the same subject.
    const open = ok(await call('cb1', 'GET', '/v1/proposals?status=OPEN&pageSize=50', { key: admin.cb1 }), 200) as { items: { id: string; deadline: string }[] };
    for (const stale of open.items) {
      await waitUntil(stale.deadline);
      ok(await call('cb1', 'POST', `/v1/proposals/${stale.id}/finalize`, { key: admin.cb1 }), 200);
    }
  });

  it('amends the charter and admits an applicant by vote; the join check then answers for it', async () => {
    const charter = ok(await call('cb1', 'GET', '/v1/charter', { key: admin.cb1 }), 200) as { version: number };
    const amendId = `charter-${run}`;
    // Lower the minimums so that one member can leave and another be expelled below.
    ok(await call('regulator', 'POST', '/v1/proposals', { key: admin.regulator, body: {
      id: amendId, type: 'AMEND_CHARTER', payload: { charter: { ...charter, version: charter.version + 1, minActiveMembers: 1, minOrderers: 1 } },
    } }), 201);
    const stale = await call('regulator', 'POST', '/v1/proposals', { key: admin.regulator, body: {
      id: `charter-stale-${run}`, type: 'AMEND_CHARTER', payload: { charter: { ...charter, version: charter.version } },
    } });
    expect(stale.status, 'an amendment must name the next version').to.equal(400);

    const applicant = `Ab${run}MSP`;
    const ca = await createOrgCa(applicant);
    const admitId = `admit-${run}`;
    const opened = ok(await call('cb1', 'POST', '/v1/proposals', { key: admin.cb1, body: {
      id: admitId, type: 'ADMIT_MEMBER',
      payload: { member: { mspId: applicant, name: `认可机构 ${run}`, role: 'ACCREDITATION_BODY', caRootPem: ca.caCertPem, tlsRootPem: ca.tlsCaCertPem, credentials: { recognitionNo: 'CNCA-AB-001' } } },
    } }), 201) as { status: string; deadline: string; target: string };
    expect(opened).to.include({ status: 'OPEN', target: applicant });
    expect((await call('cb1', 'POST', '/v1/proposals', { key: admin.cb1, body: { id: admitId, type: 'AMEND_CHARTER', payload: { charter } } })).status).to.equal(409);

    for (const org of ['regulator', 'cb1', 'cb2']) {
      for (const id of [amendId, admitId]) {
        const vote = ok(await call(org, 'POST', `/v1/proposals/${id}/votes`, { key: admin[org], body: { choice: 'YES' } }), 201);
        expect(vote).to.include({ choice: 'YES' });
      }
    }
    const early = await call('cb2', 'POST', `/v1/proposals/${admitId}/finalize`, { key: admin.cb2 });
    expect(early.status, 'votes are counted only after the deadline').to.equal(412);
    const tally = ok(await call('cb2', 'GET', `/v1/proposals/${admitId}`, { key: admin.cb2 }), 200) as { votes: unknown[] };
    expect(tally.votes).to.have.length(3);

    await waitUntil(opened.deadline);
    const amended = ok(await call('cb2', 'POST', `/v1/proposals/${amendId}/finalize`, { key: admin.cb2 }), 200) as { proposal: { status: string } };
    expect(amended.proposal.status).to.equal('APPROVED');
    const admitted = ok(await call('cb2', 'POST', `/v1/proposals/${admitId}/finalize`, { key: admin.cb2 }), 200) as { proposal: { status: string } };
    expect(admitted.proposal.status).to.equal('APPROVED');
    expect((await call('cb2', 'POST', `/v1/proposals/${admitId}/finalize`, { key: admin.cb2 })).status).to.equal(409);
    expect(ok(await call('cb1', 'GET', '/v1/charter', { key: admin.cb1 }), 200)).to.include({ version: charter.version + 1, minActiveMembers: 1, minOrderers: 1 });

    const join = ok(await call('regulator', 'GET', `/v1/members/${applicant}/join-check`, { key: admin.regulator }), 200);
    expect(join).to.include({ mspId: applicant, role: 'ACCREDITATION_BODY', proposalId: admitId, caRootPem: ca.caCertPem });
  });

  it('cb2 gives notice (200 EXITING), winds its certificates down, and leaves once the notice is over (200 EXITED)', async () => {
    // a VALID certificate of cb2's own, so the wind-down has one to clear whatever ran before
    const issuer = key('cb2', 'issuer1');
    const decision = await grantDecision('cb2', issuer, `exit-${run}`);
    ok(await call('cb2', 'POST', '/v1/certificates', { key: issuer, body: certificateBody(`GX${run.toUpperCase()}-EXIT`, decision, run) }), 201);

    const notice = ok(await call('cb2', 'POST', '/v1/members/self/exit-request', { key: admin.cb2 }), 200) as { member: { status: string }; noticeEnds: string };
    expect(notice.member.status).to.equal('EXITING');
    expect((await call('cb2', 'POST', '/v1/members/self/exit-request', { key: admin.cb2 })).status, 'an EXITING member cannot give notice again').to.equal(403);
    expect((await call('cb2', 'POST', '/v1/members/self/exit-completion', { key: admin.cb2 })).status, 'the notice is not over').to.equal(412);

    // Rule 4: after the notice, completeExit is still refused while cb2 holds a VALID certificate,
    // and the operator script refuses to take cb2 out of the channel: its config is unchanged.
    await waitUntil(notice.noticeEnds);
    const held = await call('cb2', 'POST', '/v1/members/self/exit-completion', { key: admin.cb2 });
    expect(held.status, JSON.stringify(held.body)).to.equal(412);
    expect(String(held.body.message)).to.match(/still has \d+ VALID or SUSPENDED certificate/);
    const config = script('config-update.sh', 'config', 'regulator');
    const refused = scriptResult('org-exit.sh', 'prepare', 'cb2', 'regulator');
    expect(refused.status).to.not.equal(0);
    expect(refused.stderr).to.match(/refused: the chain shows Cb2MSP as EXITING/);
    expect(script('config-update.sh', 'config', 'regulator'), 'the channel config is unchanged').to.equal(config);

    // Rule 4: an EXITING member may still cancel its own certificates; none may stay live. One
    // under the regulator's suspension (its own, or a credit event's) the issuer may not cancel —
    // that would lift the regulator's measure by another name — so it withdraws it (docs/contracts.md §3.4 cancel).
    let bookmark = '';
    do {
      const page = ok(await call('cb2', 'GET', `/v1/certificates?issuer=Cb2MSP&pageSize=100&bookmark=${encodeURIComponent(bookmark)}`, { key: issuer }), 200) as {
        items: { certificateNo: string; status: string; suspendedBy?: { authority: string } }[]; bookmark: string;
      };
      for (const cert of page.items.filter((c) => c.status === 'VALID' || c.status === 'SUSPENDED')) {
        const path = `/v1/certificates/${encodeURIComponent(cert.certificateNo)}`;
        if (cert.suspendedBy !== undefined && cert.suspendedBy.authority !== 'ISSUER') {
          expect((await call('cb2', 'POST', `${path}/cancel`, { key: issuer, body: { reason: 'HOLDER_REQUEST' } })).status, 'cancelling the regulator\'s suspension').to.equal(403);
          ok(await call('cb2', 'POST', `${path}/withdraw`, { key: issuer, body: { reason: '0199 the certification body leaves the consortium' } }), 200);
        } else {
          ok(await call('cb2', 'POST', `${path}/cancel`, { key: issuer, body: { reason: 'HOLDER_REQUEST' } }), 200);
        }
      }
      bookmark = page.items.length > 0 ? page.bookmark : '';
    } while (bookmark !== '');

    const exited = ok(await call('cb2', 'POST', '/v1/members/self/exit-completion', { key: admin.cb2 }), 200) as { member: { status: string }; removedNodes: string[] };
    expect(exited.member.status).to.equal('EXITED');
    expect(exited.removedNodes).to.not.have.lengthOf(0);
    const ref = `after-exit-${run}`;
    const write = await call('cb2', 'POST', '/v1/evidence', { key: key('cb2', 'recorder1'), body: { clientRef: ref, kind: 'OTHER', subject: { uscc: USCC }, digest: { alg: 'sha256', value: sha256(ref) } } });
    expect(write.status, JSON.stringify(write.body)).to.equal(403);
  });

  it('expels cb1 by the regulator\'s vote; cb1\'s writes stop at once', async () => {
    const id = `expel-cb1-${run}`;
    const opened = ok(await call('regulator', 'POST', '/v1/proposals', { key: admin.regulator, body: {
      id, type: 'EXPEL_MEMBER', target: 'Cb1MSP', payload: { reason: 'integration test of rule 5' },
    } }), 201) as { deadline: string; electorate: string[] };
    expect(opened.electorate).to.deep.equal(['RegulatorMSP']);
    ok(await call('regulator', 'POST', `/v1/proposals/${id}/votes`, { key: admin.regulator, body: { choice: 'YES' } }), 201);
    expect((await call('cb1', 'POST', `/v1/proposals/${id}/votes`, { key: admin.cb1, body: { choice: 'NO' } })).status, 'the target does not vote').to.equal(403);
    await waitUntil(opened.deadline);
    ok(await call('regulator', 'POST', `/v1/proposals/${id}/finalize`, { key: admin.regulator }), 200);
    expect(ok(await call('regulator', 'GET', '/v1/members/Cb1MSP', { key: admin.regulator }), 200)).to.include({ status: 'EXPELLED' });

    const ref = `expelled-${run}`;
    const write = await call('cb1', 'POST', '/v1/evidence', { key: key('cb1', 'recorder1'), body: { clientRef: ref, kind: 'OTHER', subject: { uscc: USCC }, digest: { alg: 'sha256', value: sha256(ref) } } });
    expect(write.status, JSON.stringify(write.body)).to.equal(403);
    expect((await call('regulator', 'GET', `/v1/evidence/${encodeURIComponent(`Cb1MSP:${ref}`)}`, { key: admin.regulator })).status).to.equal(404);
  });
});
