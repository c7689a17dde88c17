// The private form of evidence on the harness: content in the transient field "content", kept in
// the private data collection the submitting body shares with the regulator, only its digest on
// the channel; who can read it back (getPrivateContent) and on which peers.
import { expect } from 'chai';
import { newConsortium, type Consortium } from '../../../support/consortium';
import { anchor, digestOf, expectAnchorRefused, expectRefused, lastEvent, query, recordOf, sha256, sm3 } from './helpers';

interface PrivateContent { id: string; digest: { alg: string; value: string }; content: string }

const SECRET = 'Audit finding 7: the calibration certificate of gauge GX-19 is forged (witness: Li Wei, 13800000000)';

function privateRecord(clientRef: string, content: string | Uint8Array, over: Record<string, unknown> = {}): Record<string, unknown> {
  return recordOf(clientRef, { form: 'private', kind: 'AUDIT_REPORT', digest: { alg: 'sha256', value: sha256(content) }, ...over });
}

describe('evidence: private form', function () {
  this.timeout(30_000);
  let c: Consortium;
  beforeEach(async () => {
    c = await newConsortium();
  });

  it('keeps the content in private_<MSP> and only its digest on the channel', async () => {
    const { net, orgs } = c;
    const rec = await anchor(net, orgs.cb1.recorder, privateRecord('priv-1', SECRET), { transient: { content: SECRET } });
    expect(rec.id).to.equal('Cb1MSP:priv-1');
    expect(rec.form).to.equal('private');
    expect(rec).not.to.have.property('content');
    expect(rec.digest).to.deep.equal({ alg: 'sha256', value: sha256(SECRET) });

    const snapshot = net.ledger.snapshot();
    expect(snapshot.privateData.private_Cb1MSP).to.deep.equal({ 'Cb1MSP:priv-1': SECRET });
    expect(snapshot.privateData.private_Cb2MSP).to.deep.equal({});
    expect(snapshot.privateData.private_RegulatorMSP).to.deep.equal({});
    // nothing public carries the content, in any spelling, nor any fragment of it
    const publicText = JSON.stringify(snapshot.state) + JSON.stringify(net.ledger.events());
    for (const spelling of [SECRET, 'GX-19', 'Li Wei', Buffer.from(SECRET).toString('base64'), Buffer.from(SECRET).toString('hex')]) {
      expect(publicText).not.to.include(spelling);
    }
    expect(lastEvent(net).name).to.equal('EvidenceAnchored');
    // the public record is found by its digest like any other
    const match = await query<{ records: { id: string; form: string }[] }>(net, orgs.cb2.reader, 'evidence:verifyDigest', ['sha256', sha256(SECRET)]);
    expect(match.records.map((r) => [r.id, r.form])).to.deep.equal([['Cb1MSP:priv-1', 'private']]);
  });

  it('lets the submitting body and the regulator read it on their peers; cb2 is FORBIDDEN', async () => {
    const { net, orgs } = c;
    await anchor(net, orgs.cb1.recorder, privateRecord('priv-2', SECRET), { transient: { content: SECRET } });
    const read = (who: typeof orgs.cb1.reader, peerMspId: string): Promise<PrivateContent> =>
      query<PrivateContent>(net, who, 'evidence:getPrivateContent', ['Cb1MSP:priv-2'], { peerMspId });

    for (const [who, peer] of [[orgs.cb1.reader, 'Cb1MSP'], [orgs.regulator.reader, 'RegulatorMSP'], [orgs.regulator.regulator, 'Cb1MSP'], [orgs.cb1.recorder, 'RegulatorMSP']] as const) {
      const got = await read(who, peer);
      expect(got.id).to.equal('Cb1MSP:priv-2');
      expect(got.digest).to.deep.equal({ alg: 'sha256', value: sha256(SECRET) });
      expect(Buffer.from(got.content, 'base64').toString('utf8'), `${who.mspId} on ${peer}`).to.equal(SECRET);
    }
    // another certification body: refused on its own peer and on a peer that holds the content
    for (const peer of ['Cb2MSP', 'Cb1MSP', 'RegulatorMSP']) {
      await expectRefused(net, () => read(orgs.cb2.reader, peer), 'FORBIDDEN', { includes: ['Cb1MSP and the regulator'] });
      await expectRefused(net, () => read(orgs.cb2.admin, peer), 'FORBIDDEN');
    }
    // a non-member org is refused too
    await expectRefused(net, () => read(orgs.ab.reader, 'Cb1MSP'), 'FORBIDDEN');
  });

  it('answers PRECONDITION_FAILED when asked on a peer outside the collection, even by the regulator', async () => {
    const { net, orgs } = c;
    await anchor(net, orgs.cb1.recorder, privateRecord('priv-3', SECRET), { transient: { content: SECRET } });
    await expectRefused(
      net,
      () => net.evaluate(orgs.regulator.reader, 'evidence:getPrivateContent', ['Cb1MSP:priv-3'], { peerMspId: 'Cb2MSP' }),
      'PRECONDITION_FAILED',
      { includes: ['does not hold'] },
    );
  });

  it('keeps binary content byte for byte, and sm3 digests of it', async () => {
    const { net, orgs } = c;
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256); // not valid UTF-8
    await anchor(net, orgs.cb2.recorder, recordOf('scan-1', { form: 'private', kind: 'AUDIT_REPORT', digest: { alg: 'sm3', value: sm3(bytes) } }), { transient: { content: bytes } });
    const got = await query<PrivateContent>(net, orgs.cb2.reader, 'evidence:getPrivateContent', ['Cb2MSP:scan-1'], { peerMspId: 'Cb2MSP' });
    expect(Buffer.from(got.content, 'base64').equals(Buffer.from(bytes))).to.equal(true);
    expect(net.ledger.getPrivateData('private_Cb2MSP', 'Cb2MSP:scan-1')?.equals(Buffer.from(bytes))).to.equal(true);
  });

  it('uses the regulator\'s own collection for the regulator\'s private evidence', async () => {
    const { net, orgs } = c;
    await anchor(net, orgs.regulator.recorder, privateRecord('insp-1', SECRET), { transient: { content: SECRET } });
    expect(net.ledger.snapshot().privateData.private_RegulatorMSP).to.deep.equal({ 'RegulatorMSP:insp-1': SECRET });
    const got = await query<PrivateContent>(net, orgs.regulator.reader, 'evidence:getPrivateContent', ['RegulatorMSP:insp-1'], { peerMspId: 'RegulatorMSP' });
    expect(Buffer.from(got.content, 'base64').toString()).to.equal(SECRET);
    await expectRefused(net, () => net.evaluate(orgs.cb1.reader, 'evidence:getPrivateContent', ['RegulatorMSP:insp-1'], { peerMspId: 'RegulatorMSP' }), 'FORBIDDEN');
  });

  it('refuses a digest that does not match the transient content: INVALID_ARGUMENT', async () => {
    const { net, orgs } = c;
    await expectAnchorRefused(net, orgs.cb1.recorder, privateRecord('bad-1', SECRET), 'INVALID_ARGUMENT', {
      field: 'record.digest.value', transient: { content: `${SECRET}.` },
    });
    await expectAnchorRefused(net, orgs.cb1.recorder, privateRecord('bad-1', SECRET, { digest: { alg: 'sm3', value: sha256(SECRET) } }), 'INVALID_ARGUMENT', {
      field: 'record.digest.value', transient: { content: SECRET },
    });
  });

  it('refuses a private record without transient content: INVALID_ARGUMENT', async () => {
    const { net, orgs } = c;
    await expectAnchorRefused(net, orgs.cb1.recorder, privateRecord('bad-2', SECRET), 'INVALID_ARGUMENT', { field: 'transient.content' });
    await expectAnchorRefused(net, orgs.cb1.recorder, privateRecord('bad-2', SECRET), 'INVALID_ARGUMENT', { field: 'transient.content', transient: { other: SECRET } });
    await expectAnchorRefused(net, orgs.cb1.recorder, privateRecord('bad-2', ''), 'INVALID_ARGUMENT', { field: 'transient.content', transient: { content: '' } });
  });

  it('refuses transient content over 4 MiB: INVALID_ARGUMENT', async () => {
    const { net, orgs } = c;
    const big = 'x'.repeat(4 * 1024 * 1024 + 1);
    await expectAnchorRefused(net, orgs.cb1.recorder, privateRecord('big-1', big), 'INVALID_ARGUMENT', { field: 'transient.content', transient: { content: big } });
  });

  it('returns the stored record on a retry without the transient, writing nothing', async () => {
    const { net, orgs } = c;
    const first = await anchor(net, orgs.cb1.recorder, privateRecord('priv-r', SECRET), { transient: { content: SECRET } });
    const before = net.ledger.snapshot();
    const events = net.ledger.events();
    expect(await anchor(net, orgs.cb1.recorder, privateRecord('priv-r', SECRET))).to.deep.equal(first);
    expect(await anchor(net, orgs.cb1.recorder, privateRecord('priv-r', SECRET), { transient: { content: SECRET } })).to.deep.equal(first);
    const after = net.ledger.snapshot();
    expect(after.state).to.deep.equal(before.state);
    expect(after.privateData).to.deep.equal(before.privateData);
    expect(net.ledger.events()).to.deep.equal(events);
  });

  it('getPrivateContent: CONFLICT for a record of another form, NOT_FOUND for an unknown id', async () => {
    const { net, orgs } = c;
    const rec = await anchor(net, orgs.cb1.recorder, recordOf('public-1'));
    await expectRefused(net, () => net.evaluate(orgs.cb1.reader, 'evidence:getPrivateContent', [rec.id]), 'CONFLICT', { includes: ['digest form'] });
    await expectRefused(net, () => net.evaluate(orgs.cb1.reader, 'evidence:getPrivateContent', ['Cb1MSP:none']), 'NOT_FOUND');
    // a transient "content" sent with a digest-form record is not stored anywhere
    await anchor(net, orgs.cb1.recorder, recordOf('public-2', { digest: { alg: 'sha256', value: digestOf('p2') } }), { transient: { content: SECRET } });
    expect(Object.values(net.ledger.snapshot().privateData).every((coll) => Object.keys(coll).length === 0)).to.equal(true);
  });
});
