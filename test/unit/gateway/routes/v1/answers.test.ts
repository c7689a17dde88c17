// The gateway serializes answers through its response schemas, and fast-json-stringify drops every
// field a schema does not name. These tests run the chaincode on the harness and pass its answers
// through the schemas of the routes that return them: nothing the chaincode answers is lost
// (samples, their draw and results; taken-down records; the pause of writes; the charter).
import '../../../../../gateway/src/app';
import { expect } from 'chai';
import Fastify from 'fastify';
import { Type, type TSchema } from 'typebox';
import { DEFAULT_CHARTER } from '../../../../../chaincode/src/domain/charter';
import { EvidenceRecord } from '../../../../../gateway/src/routes/v1/evidence';
import { SampleView } from '../../../../../gateway/src/routes/v1/inspections';
import { Charter, Node, WritePause } from '../../../../../gateway/src/routes/v1/membership';
import { newConsortium } from '../../../../support/consortium';
import { anchorEvidence, issue } from '../../../chaincode/certificate/helpers';
import { sha256 } from '../../../chaincode/evidence/helpers';
import { tlsCertOf } from '../../../chaincode/membership/fixtures';
import { participantCommitment } from '../../../../../chaincode/src/domain/draw';

async function throughSchema(schema: TSchema, answer: unknown): Promise<unknown> {
  const app = Fastify();
  app.get('/x', { schema: { response: { 200: schema } } }, async () => answer);
  const response = await app.inject('/x');
  await app.close();
  expect(response.statusCode, response.body).to.equal(200);
  return JSON.parse(response.body) as unknown;
}

describe('gateway response schemas keep every field the chaincode answers', function () {
  this.timeout(30_000);

  it('a drawn sample with results, as getSample and the public report answer it', async () => {
    const c = await newConsortium({ charter: { inspection: { ...DEFAULT_CHARTER.inspection, minOtherReveals: 1 } } });
    await c.net.submit(c.orgs.regulator.regulator, 'inspection:registerInspector', ['INS-1', 'x']);
    await issue(c, 'cb1', 'CB1-0001');
    const secrets = { RegulatorMSP: 'r'.repeat(40), Cb1MSP: 'a'.repeat(40) };
    await c.net.submit(c.orgs.regulator.regulator, 'inspection:openSample', ['S-1', participantCommitment('S-1', 'RegulatorMSP', secrets.RegulatorMSP), JSON.stringify({ region: '350000', count: 1, inspectorCount: 1 })]);
    await c.net.submit(c.orgs.cb1.admin, 'inspection:commitSample', ['S-1', participantCommitment('S-1', 'Cb1MSP', secrets.Cb1MSP)]);
    c.net.advance(DEFAULT_CHARTER.inspection.commitPeriodSeconds);
    await c.net.submit(c.orgs.cb1.reader, 'inspection:closeSample', ['S-1']);
    await c.net.submit(c.orgs.cb1.admin, 'inspection:revealSample', ['S-1', secrets.Cb1MSP]);
    await c.net.submit(c.orgs.regulator.regulator, 'inspection:revealSample', ['S-1', secrets.RegulatorMSP]);
    const report = await anchorEvidence(c, 'regulator', 'report-1');
    await c.net.submit(c.orgs.regulator.regulator, 'inspection:recordInspectionResult', ['S-1', 'CB1-0001', JSON.stringify({ outcome: 'CONFORMING', note: 'ok', evidenceId: report })]);
    for (const fn of ['inspection:getSample', 'inspection:getSampleReport']) {
      const answer = JSON.parse((await c.net.evaluate(c.orgs.cb2.reader, fn, ['S-1'])).payload) as unknown;
      expect(await throughSchema(SampleView, answer), fn).to.deep.equal(answer);
    }
  });

  it('a taken-down record, the pause of writes and the charter', async () => {
    const c = await newConsortium();
    const content = 'an unlawful text';
    await c.net.submit(c.orgs.cb1.recorder, 'evidence:anchor', [JSON.stringify({ clientRef: 'p1', kind: 'OTHER', form: 'plaintext', content, digest: { alg: 'sha256', value: sha256(content) } })]);
    await c.net.submit(c.orgs.cb1.recorder, 'evidence:requestTakedown', ['Cb1MSP:p1', 'please']);
    await c.net.submit(c.orgs.regulator.regulator, 'evidence:approveTakedown', ['Cb1MSP:p1', 'unlawful']);
    const record = JSON.parse((await c.net.evaluate(c.orgs.cb2.reader, 'evidence:get', ['Cb1MSP:p1'])).payload) as unknown;
    expect(await throughSchema(EvidenceRecord, record)).to.deep.equal(record);
    await c.net.submit(c.orgs.regulator.regulator, 'membership:pauseWrites', ['emergency']);
    const pause = JSON.parse((await c.net.evaluate(c.orgs.cb2.reader, 'membership:getWritePause', [])).payload) as unknown;
    expect(await throughSchema(WritePause, pause)).to.deep.equal(pause);
    const charter = JSON.parse((await c.net.evaluate(c.orgs.cb2.reader, 'membership:getCharter', [])).payload) as unknown;
    expect(await throughSchema(Charter, charter)).to.deep.equal(charter);
  });

  it('a removed peer, as removePeer answers it (removedAt kept)', async () => {
    const c = await newConsortium();
    for (const id of ['peer0.cb1', 'peer1.cb1']) await c.net.submit(c.orgs.cb1.admin, 'membership:registerPeer', [id, `${id}:7051`, await tlsCertOf(c, 'cb1', id)]);
    const answer = JSON.parse((await c.net.submit(c.orgs.cb1.admin, 'membership:removePeer', ['peer1.cb1'])).payload) as { node: { removedAt?: string } };
    expect(answer.node.removedAt).to.be.a('string');
    expect(await throughSchema(Type.Object({ node: Node }), answer)).to.deep.equal(answer);
  });
});
