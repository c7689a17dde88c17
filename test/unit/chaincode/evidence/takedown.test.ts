// Unlawful content can be taken down [BSC 6.2c: 对于法律、行政法规禁止的信息内容，
// 应当具备对其发布、记录、存储、传播的即时和应急处置能力]. A regulator-approved takedown makes the
// content unreadable through every read path of the chaincode, while the record's existence and
// its digest stay verifiable; private content is purged from the collection.
import { expect } from 'chai';
import { newConsortium, type Consortium } from '../../../support/consortium';
import { anchor, expectRefused, lastEvent, query, recordOf, sha256, type StoredRecord } from './helpers';

const UNLAWFUL = '违法内容 — an unlawful text: the home address and ID number of an auditor, 350102199001011234';
const CORRECTED = 'the corrected record, still holding the unlawful text: 350102199001011234';

interface Takedown { reason: string; approvedBy: string; at: string; txId: string; requestedBy?: string; requestReason?: string }
type Record = StoredRecord & { takedown?: Takedown };

function plaintext(clientRef: string, content: string, over: { [k: string]: unknown } = {}): { [k: string]: unknown } {
  return recordOf(clientRef, { form: 'plaintext', kind: 'AUDIT_REPORT', content, digest: { alg: 'sha256', value: sha256(content) }, ...over });
}

describe('evidence: takedown of unlawful content', function () {
  this.timeout(30_000);
  let c: Consortium;
  beforeEach(async () => {
    c = await newConsortium();
  });

  /** Every read path of the evidence contract, as another member reads it. */
  async function everyRead(id: string): Promise<string> {
    const { net, orgs } = c;
    const reads = [
      await query(net, orgs.cb2.reader, 'evidence:get', [id]),
      await query(net, orgs.cb2.reader, 'evidence:history', [id]),
      await query(net, orgs.cb2.reader, 'evidence:listBySubject', ['uscc', '91350100M000100Y43', '200', '']),
      await query(net, orgs.cb2.reader, 'evidence:verifyDigest', ['sha256', sha256(UNLAWFUL)]),
      await query(net, orgs.cb2.reader, 'evidence:verifyDigest', ['sha256', sha256(CORRECTED)]),
    ];
    return JSON.stringify(reads);
  }

  it('Found: plaintext evidence stays readable by every member for good, even when superseded — until the regulator approves its takedown', async () => {
    const { net, orgs } = c;
    const first = await anchor(net, orgs.cb1.recorder, plaintext('plain-1', UNLAWFUL));
    await anchor(net, orgs.cb1.recorder, plaintext('plain-2', CORRECTED, { supersedes: first.id }));
    // superseding does not help: both texts are still there for every member
    const before = await everyRead(first.id);
    expect(before).to.include(UNLAWFUL);
    expect(before).to.include(CORRECTED);

    const requested = await net.submit(orgs.cb1.recorder, 'evidence:requestTakedown', [first.id, 'personal data published by mistake']);
    expect(requested.event?.name).to.equal('TakedownRequested');
    const approved = await net.submit(orgs.regulator.regulator, 'evidence:approveTakedown', [first.id, '《区块链信息服务管理规定》第十六条: personal data']);
    expect(approved.event?.name).to.equal('EvidenceTakenDown');
    await net.submit(orgs.regulator.regulator, 'evidence:approveTakedown', ['Cb1MSP:plain-2', 'the correction repeats the same personal data']);

    const after = await everyRead(first.id);
    expect(after).not.to.include('350102199001011234');
    // nothing in world state holds the text any more, and no event ever carried it
    expect(JSON.stringify(net.ledger.snapshot().state)).not.to.include('350102199001011234');
    expect(JSON.stringify(net.ledger.events())).not.to.include('350102199001011234');

    // the record's existence and its digest stay verifiable
    const record = await query<Record>(net, orgs.cb2.reader, 'evidence:get', [first.id]);
    expect(record).to.deep.include({ id: first.id, form: 'plaintext', digest: { alg: 'sha256', value: sha256(UNLAWFUL) }, supersededBy: 'Cb1MSP:plain-2', txId: first.txId });
    expect(record).not.to.have.property('content');
    expect(record.takedown).to.deep.include({
      reason: '《区块链信息服务管理规定》第十六条: personal data', approvedBy: 'RegulatorMSP', requestedBy: 'Cb1MSP', requestReason: 'personal data published by mistake', txId: approved.txId,
    });
    const match = await query<{ records: Record[] }>(net, orgs.cb2.reader, 'evidence:verifyDigest', ['sha256', sha256(UNLAWFUL)]);
    expect(match.records.map((r) => [r.id, r.digest.value, r.takedown?.approvedBy])).to.deep.equal([[first.id, sha256(UNLAWFUL), 'RegulatorMSP']]);
    const history = await query<{ chain: Record[]; versions: { txId: string }[] }>(net, orgs.cb2.reader, 'evidence:history', [first.id]);
    expect(history.chain.map((r) => r.id)).to.deep.equal([first.id, 'Cb1MSP:plain-2']);
    expect(history.versions.map((v) => v.txId)).to.deep.equal([first.txId, approved.txId]);
  });

  it('never puts content in an event: EvidenceAnchored names the record, not its text', async () => {
    const { net, orgs } = c;
    await anchor(net, orgs.cb1.recorder, plaintext('plain-ev', UNLAWFUL));
    const event = lastEvent(net);
    expect(event.name).to.equal('EvidenceAnchored');
    expect(JSON.stringify(event.payload)).not.to.include('350102199001011234');
  });

  it('purges private content from the collection with purgePrivateData; the digest stays on the channel', async () => {
    const { net, orgs } = c;
    const rec = await anchor(net, orgs.cb1.recorder, recordOf('priv-1', { form: 'private', kind: 'AUDIT_REPORT', digest: { alg: 'sha256', value: sha256(UNLAWFUL) } }), { transient: { content: UNLAWFUL } });
    expect(net.ledger.snapshot().privateData.private_Cb1MSP).to.deep.equal({ 'Cb1MSP:priv-1': UNLAWFUL });
    // endorsed as the majority policy asks, also by a peer outside the collection: all agree on the purge
    await net.submit(orgs.regulator.regulator, 'evidence:approveTakedown', [rec.id, 'unlawful content'], { endorsingOrganizations: ['RegulatorMSP', 'Cb1MSP', 'Cb2MSP'] });
    expect(net.ledger.snapshot().privateData.private_Cb1MSP).to.deep.equal({});
    expect(net.ledger.getPrivateDataHash('private_Cb1MSP', rec.id), 'the hash is purged too').to.equal(undefined);
    for (const [who, peerMspId] of [[orgs.cb1.reader, 'Cb1MSP'], [orgs.regulator.regulator, 'RegulatorMSP']] as const) {
      await expectRefused(net, () => net.evaluate(who, 'evidence:getPrivateContent', [rec.id], { peerMspId }), 'CONFLICT', { includes: ['taken down'] });
    }
    const record = await query<Record>(net, orgs.cb2.reader, 'evidence:get', [rec.id]);
    expect(record).to.deep.include({ form: 'private', digest: { alg: 'sha256', value: sha256(UNLAWFUL) } });
    expect(record.takedown?.approvedBy).to.equal('RegulatorMSP');
  });

  it('names the anchoring transactions whose blocks would re-expose taken-down plaintext (for receipts)', async () => {
    const { net, orgs } = c;
    const plain = await anchor(net, orgs.cb1.recorder, plaintext('plain-tx', UNLAWFUL));
    const other = await anchor(net, orgs.cb1.recorder, plaintext('plain-ok', 'lawful text'));
    const priv = await anchor(net, orgs.cb1.recorder, recordOf('priv-tx', { form: 'private', digest: { alg: 'sha256', value: sha256('p') } }), { transient: { content: 'p' } });
    const ask = (ids: string[]) => query<{ takenDown: { txId: string; id: string }[] }>(net, orgs.cb2.reader, 'evidence:takenDownTransactions', [JSON.stringify(ids)]);
    expect((await ask([plain.txId, other.txId])).takenDown).to.deep.equal([]);
    await net.submit(orgs.regulator.regulator, 'evidence:approveTakedown', [plain.id, 'unlawful']);
    await net.submit(orgs.regulator.regulator, 'evidence:approveTakedown', [priv.id, 'unlawful']);
    // a private record's block holds only hashes of the content: its receipt exposes nothing
    expect((await ask([other.txId, plain.txId, priv.txId, 'f'.repeat(64)])).takenDown).to.deep.equal([{ txId: plain.txId, id: plain.id }]);
    await expectRefused(net, () => ask([]), 'INVALID_ARGUMENT', { field: 'txIds' });
  });

  it('refuses to anchor the taken-down content again, under any clientRef and by any member', async () => {
    const { net, orgs } = c;
    const rec = await anchor(net, orgs.cb1.recorder, plaintext('plain-3', UNLAWFUL));
    await net.submit(orgs.regulator.regulator, 'evidence:approveTakedown', [rec.id, 'unlawful']);
    await expectRefused(net, () => net.submit(orgs.cb2.recorder, 'evidence:anchor', [JSON.stringify(plaintext('again', UNLAWFUL))]), 'FORBIDDEN', { includes: ['taken down'] });
    await expectRefused(net, () => net.submit(orgs.cb1.recorder, 'evidence:anchor', [JSON.stringify(recordOf('again-p', { form: 'private', digest: { alg: 'sha256', value: sha256(UNLAWFUL) } }))], { transient: { content: UNLAWFUL } }), 'FORBIDDEN', { includes: ['taken down'] });
    // not even as a retry of the original: its arguments would carry the text into a new block
    await expectRefused(net, () => net.submit(orgs.cb1.recorder, 'evidence:anchor', [JSON.stringify(plaintext('plain-3', UNLAWFUL))]), 'FORBIDDEN', { includes: ['taken down'] });
    // the digest alone (no content) may still be anchored
    await anchor(net, orgs.cb2.recorder, recordOf('digest-only', { digest: { alg: 'sha256', value: sha256(UNLAWFUL) } }));
  });

  it('lets only the submitter request and only the regulator approve or reject; refuses records without content and a second takedown', async () => {
    const { net, orgs } = c;
    const rec = await anchor(net, orgs.cb1.recorder, plaintext('plain-4', UNLAWFUL));
    const digestOnly = await anchor(net, orgs.cb1.recorder, recordOf('digest-4'));
    await expectRefused(net, () => net.submit(orgs.cb2.recorder, 'evidence:requestTakedown', [rec.id, 'x']), 'FORBIDDEN', { includes: ['Cb1MSP'] });
    await expectRefused(net, () => net.submit(orgs.cb1.reader, 'evidence:requestTakedown', [rec.id, 'x']), 'FORBIDDEN');
    await expectRefused(net, () => net.submit(orgs.cb1.recorder, 'evidence:requestTakedown', [rec.id, '  ']), 'INVALID_ARGUMENT', { field: 'reason' });
    await expectRefused(net, () => net.submit(orgs.cb1.recorder, 'evidence:requestTakedown', [digestOnly.id, 'x']), 'CONFLICT', { includes: ['no content'] });
    await expectRefused(net, () => net.submit(orgs.cb1.recorder, 'evidence:requestTakedown', ['Cb1MSP:none', 'x']), 'NOT_FOUND');
    for (const who of [orgs.cb1.admin, orgs.cb1.regulator, orgs.regulator.admin, orgs.regulator.reader]) {
      await expectRefused(net, () => net.submit(who, 'evidence:approveTakedown', [rec.id, 'x']), 'FORBIDDEN');
    }
    await expectRefused(net, () => net.submit(orgs.regulator.regulator, 'evidence:rejectTakedown', [rec.id, 'x']), 'CONFLICT', { includes: ['no takedown request'] });

    await net.submit(orgs.cb1.recorder, 'evidence:requestTakedown', [rec.id, 'please remove']);
    await expectRefused(net, () => net.submit(orgs.cb1.recorder, 'evidence:requestTakedown', [rec.id, 'again']), 'CONFLICT', { includes: ['already requested'] });
    const rejected = await net.submit(orgs.regulator.regulator, 'evidence:rejectTakedown', [rec.id, 'the content is lawful']);
    expect(rejected.event?.name).to.equal('TakedownRejected');
    expect((await query<Record>(net, orgs.cb2.reader, 'evidence:get', [rec.id])).content).to.equal(UNLAWFUL);
    // after a rejection the submitter may ask again; the regulator takes down directly too
    await net.submit(orgs.cb1.recorder, 'evidence:requestTakedown', [rec.id, 'new facts']);
    await net.submit(orgs.regulator.regulator, 'evidence:approveTakedown', [rec.id, 'unlawful after all']);
    await expectRefused(net, () => net.submit(orgs.regulator.regulator, 'evidence:approveTakedown', [rec.id, 'again']), 'CONFLICT', { includes: ['already taken down'] });
    await expectRefused(net, () => net.submit(orgs.cb1.recorder, 'evidence:requestTakedown', [rec.id, 'again']), 'CONFLICT', { includes: ['already taken down'] });
    const direct = await anchor(net, orgs.cb2.recorder, plaintext('plain-5', 'another unlawful text'));
    await net.submit(orgs.regulator.regulator, 'evidence:approveTakedown', [direct.id, 'taken down without a request']);
    const taken = await query<Record>(net, orgs.cb2.reader, 'evidence:get', [direct.id]);
    expect(taken.takedown).to.include({ approvedBy: 'RegulatorMSP', reason: 'taken down without a request' });
    expect(taken.takedown).not.to.have.property('requestedBy');
  });
});
