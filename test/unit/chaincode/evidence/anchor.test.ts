// evidence:anchor on the harness — ids, idempotent retries, input validation, events, the
// submitter, SM3, who may anchor, clock skew, correction chains, get/history/listBySubject.
import { expect } from 'chai';
import { X509Certificate, createHash } from 'node:crypto';
import { newConsortium, type Consortium } from '../../../support/consortium';
import { createOrgCa } from '../../../support/identities';
import type { TestNetwork } from '../../../support/invoke';
import {
  USCC_A,
  USCC_B,
  USCC_BAD_CHECK,
  anchor,
  auditArg,
  digestOf,
  expectAnchorRefused,
  expectRefused,
  lastEvent,
  query,
  recordOf,
  registerAuditors,
  sha256,
  type StoredRecord,
} from './helpers';

/** docs/domain.md §5.2 known answer: SM3("abc"). */
const SM3_ABC = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';

/** SHA-256 of the DER bytes inside a PEM certificate, computed without node's X509Certificate. */
function pemFingerprint(pem: string): string {
  const base64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex');
}

/** Every key's number of committed versions: a rewrite of an identical value still shows here. */
function versionCounts(net: TestNetwork): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of net.ledger.keys()) out[key] = net.ledger.history(key).length;
  return out;
}

describe('evidence:anchor', function () {
  this.timeout(20_000);
  let c: Consortium;
  beforeEach(async () => {
    c = await newConsortium();
  });

  describe('ids and idempotent retries', () => {
    it('scopes the id by the caller\'s MSP: <MSP>:<clientRef>, stored as returned', async () => {
      const { net, orgs } = c;
      const rec = await anchor(net, orgs.cb1.recorder, recordOf('app-2025-001'));
      expect(rec.id).to.equal('Cb1MSP:app-2025-001');
      expect(rec.clientRef).to.equal('app-2025-001');
      expect(rec.form).to.equal('digest');
      expect(rec.digest).to.deep.equal({ alg: 'sha256', value: digestOf('app-2025-001') });
      expect(rec.subject).to.deep.equal({ uscc: USCC_A });
      expect(rec.timestamp).to.equal(net.now().toISOString());
      expect(await query<StoredRecord>(net, orgs.cb2.reader, 'evidence:get', [rec.id])).to.deep.equal(rec);

      // the same clientRef from another body is another record
      const other = await anchor(net, orgs.cb2.recorder, recordOf('app-2025-001', { digest: { alg: 'sha256', value: digestOf('cb2') } }));
      expect(other.id).to.equal('Cb2MSP:app-2025-001');
      expect(other.submitter.mspId).to.equal('Cb2MSP');
    });

    it('returns the stored record on a retry with the same clientRef and digest, writing nothing and emitting nothing', async () => {
      const { net, orgs } = c;
      const first = await anchor(net, orgs.cb1.recorder, recordOf('retry-1'));
      const before = net.ledger.snapshot();
      const events = net.ledger.events();
      const versions = versionCounts(net);
      net.advance(60);

      const result = await net.submit(orgs.cb1.recorder, 'evidence:anchor', [JSON.stringify(recordOf('retry-1'))]);
      expect(JSON.parse(result.payload)).to.deep.equal(first);
      expect(result.event).to.equal(undefined);
      // another user of the same body retrying (the application's second instance) gets it too
      expect(await anchor(net, orgs.cb1.issuer, recordOf('retry-1'))).to.deep.equal(first);

      const after = net.ledger.snapshot();
      expect(after.state).to.deep.equal(before.state);
      expect(after.privateData).to.deep.equal(before.privateData);
      // the retries are valid transactions with empty write sets: two blocks, no key rewritten
      expect(after.blockHeight).to.equal(before.blockHeight + 2);
      expect(versionCounts(net)).to.deep.equal(versions);
      expect(net.ledger.events()).to.deep.equal(events);
    });

    it('refuses the same clientRef with another digest: ALREADY_EXISTS', async () => {
      const { net, orgs } = c;
      await anchor(net, orgs.cb1.recorder, recordOf('taken'));
      await expectAnchorRefused(net, orgs.cb1.recorder, recordOf('taken', { digest: { alg: 'sha256', value: digestOf('another') } }), 'ALREADY_EXISTS', { includes: ['Cb1MSP:taken'] });
      // the same hex under another algorithm is another digest as well
      await expectAnchorRefused(net, orgs.cb1.recorder, recordOf('taken', { digest: { alg: 'sm3', value: digestOf('taken') } }), 'ALREADY_EXISTS');
    });
  });

  describe('input validation (nothing stored, the field named)', () => {
    const cases: [string, () => Record<string, unknown> | string, string][] = [
      ['non-hex digest', () => recordOf('v', { digest: { alg: 'sha256', value: 'z'.repeat(64) } }), 'record.digest.value'],
      ['short digest', () => recordOf('v', { digest: { alg: 'sha256', value: 'a'.repeat(63) } }), 'record.digest.value'],
      ['uppercase hex digest', () => recordOf('v', { digest: { alg: 'sha256', value: digestOf('v').toUpperCase() } }), 'record.digest.value'],
      ['unknown hash algorithm', () => recordOf('v', { digest: { alg: 'md5', value: digestOf('v') } }), 'record.digest.alg'],
      ['unknown kind', () => recordOf('v', { kind: 'BIRTHDAY_PARTY' }), 'record.kind'],
      ['unknown form', () => recordOf('v', { form: 'encrypted' }), 'record.form'],
      ['unknown key in the record', () => recordOf('v', { colour: 'blue' }), 'record'],
      ['unknown key in the subject', () => recordOf('v', { subject: { uscc: USCC_A, name: 'ACME' } }), 'record.subject'],
      ['unknown key in the digest', () => recordOf('v', { digest: { alg: 'sha256', value: digestOf('v'), salt: 'x' } }), 'record.digest'],
      ['bad USCC check character', () => recordOf('v', { subject: { uscc: USCC_BAD_CHECK } }), 'record.subject.uscc'],
      ['bad certificate number', () => recordOf('v', { subject: { certificateNo: '00122q31234R1M' } }), 'record.subject.certificateNo'],
      ['clientRef with a space', () => recordOf('bad ref'), 'record.clientRef'],
      ['clientRef with U+0000', () => recordOf('bad\u0000ref'), 'record.clientRef'],
      ['missing clientRef', () => { const r = recordOf('v'); delete r.clientRef; return r; }, 'record.clientRef'],
      ['not JSON', () => '{"clientRef":', 'record'],
      ['a JSON array', () => '[]', 'record'],
      ['content on the digest form', () => recordOf('v', { content: 'hello' }), 'record.content'],
      ['content on the private form', () => recordOf('v', { form: 'private', content: 'hello', digest: { alg: 'sha256', value: sha256('hello') } }), 'record.content'],
      ['plaintext without content', () => recordOf('v', { form: 'plaintext' }), 'record.content'],
      ['plaintext whose digest does not match', () => recordOf('v', { form: 'plaintext', content: 'hello', digest: { alg: 'sha256', value: sha256('hello!') } }), 'record.digest.value'],
      ['plaintext of 16,385 ASCII characters', () => { const s = 'a'.repeat(16 * 1024 + 1); return recordOf('v', { form: 'plaintext', content: s, digest: { alg: 'sha256', value: sha256(s) } }); }, 'record.content'],
      ['plaintext of 16,386 UTF-8 bytes in 5,462 characters', () => { const s = '证'.repeat(5462); return recordOf('v', { form: 'plaintext', content: s, digest: { alg: 'sha256', value: sha256(s) } }); }, 'record.content'],
      ['severity on a non-NONCONFORMITY', () => recordOf('v', { severity: 'MAJOR' }), 'record.severity'],
      ['NONCONFORMITY without severity', () => recordOf('v', { kind: 'NONCONFORMITY', subject: { auditId: 'A-1' } }), 'record.severity'],
      ['NONCONFORMITY without auditId', () => recordOf('v', { kind: 'NONCONFORMITY', severity: 'MAJOR' }), 'record.subject.auditId'],
      ['CORRECTIVE_ACTION without closes', () => recordOf('v', { kind: 'CORRECTIVE_ACTION' }), 'record.closes'],
      ['CERTIFICATION_DECISION without decision', () => recordOf('v', { kind: 'CERTIFICATION_DECISION', subject: { uscc: USCC_A, auditId: 'A-1' } }), 'record.decision'],
      ['CERTIFICATION_DECISION without uscc', () => recordOf('v', { kind: 'CERTIFICATION_DECISION', decision: 'GRANT', subject: { auditId: 'A-1' } }), 'record.subject.uscc'],
    ];
    for (const [title, build, field] of cases) {
      it(`refuses ${title}: INVALID_ARGUMENT naming ${field}`, async () => {
        const { net, orgs } = c;
        const input = build();
        const before = net.ledger.snapshot();
        await expectRefused(net, () => net.submit(orgs.cb1.recorder, 'evidence:anchor', [typeof input === 'string' ? input : JSON.stringify(input)]), 'INVALID_ARGUMENT', { field });
        expect(net.ledger.snapshot()).to.deep.equal(before);
      });
    }

    it('accepts plaintext of exactly 16 KiB (UTF-8) and keeps it on the channel', async () => {
      const { net, orgs } = c;
      const content = `${'审核记录'.repeat(1365)}abcd`; // 4 × 3 × 1365 + 4 = 16,384 bytes
      expect(Buffer.byteLength(content, 'utf8')).to.equal(16 * 1024);
      const rec = await anchor(net, orgs.cb1.recorder, recordOf('plain-16k', { form: 'plaintext', content, digest: { alg: 'sha256', value: sha256(content) } }));
      expect(rec.form).to.equal('plaintext');
      expect(rec.content).to.equal(content);
      expect((await query<StoredRecord>(net, orgs.cb2.reader, 'evidence:get', [rec.id])).content).to.equal(content);
    });
  });

  describe('event and submitter', () => {
    it('emits EvidenceAnchored with id, kind, digest, subject and submitting MSP', async () => {
      const { net, orgs } = c;
      const subject = { uscc: USCC_A, certificateNo: '00122Q31234R1M', auditId: 'CB1-2025/0042' };
      const result = await net.submit(orgs.cb1.recorder, 'evidence:anchor', [JSON.stringify(recordOf('evt-1', { kind: 'AUDIT_PLAN', subject, uri: 'https://dms.cb1.example/plan/42' }))]);
      const rec = JSON.parse(result.payload) as StoredRecord;
      expect(result.event?.name).to.equal('EvidenceAnchored');
      const event = lastEvent(net);
      expect(event.name).to.equal('EvidenceAnchored');
      expect(event.txId).to.equal(rec.txId);
      expect(event.payload).to.deep.equal({
        id: 'Cb1MSP:evt-1',
        kind: 'AUDIT_PLAN',
        digest: { alg: 'sha256', value: digestOf('evt-1') },
        subject,
        submitter: 'Cb1MSP',
      });
      expect(rec.uri).to.equal('https://dms.cb1.example/plan/42');
      expect(rec.txId).to.equal(result.txId);
    });

    it('records the caller\'s MSP, certificate subject DN and SHA-256 fingerprint of its DER certificate', async () => {
      const { net, orgs } = c;
      for (const [who, cn] of [[orgs.cb1.recorder, 'recorder1@cb1'], [orgs.regulator.admin, 'admin1@regulator']] as const) {
        const rec = await anchor(net, who, recordOf(`sub-${cn.replace('@', '.')}`));
        const cert = new X509Certificate(who.certPem);
        expect(rec.submitter).to.deep.equal({
          mspId: who.mspId,
          subject: cert.subject.replace(/\n/g, ','),
          fingerprint: pemFingerprint(who.certPem),
        });
        expect(rec.submitter.subject).to.include(`CN=${cn}`);
        expect(rec.submitter.fingerprint).to.match(/^[0-9a-f]{64}$/);
      }
    });
  });

  describe('SM3 digests', () => {
    it('anchors and verifies an sm3 digest (docs/domain.md §5.2: "abc" → 66c7f0f4…)', async () => {
      const { net, orgs } = c;
      expect(createHash('sm3').update('abc').digest('hex')).to.equal(SM3_ABC);
      const rec = await anchor(net, orgs.cb1.recorder, recordOf('sm3-abc', { form: 'plaintext', content: 'abc', digest: { alg: 'sm3', value: SM3_ABC } }));
      expect(rec.digest).to.deep.equal({ alg: 'sm3', value: SM3_ABC });
      const match = await query<{ records: StoredRecord[] }>(net, orgs.cb2.reader, 'evidence:verifyDigest', ['sm3', SM3_ABC]);
      expect(match.records.map((r) => r.id)).to.deep.equal(['Cb1MSP:sm3-abc']);
      // the sha256 index does not confuse the algorithms
      expect((await query<{ records: StoredRecord[] }>(net, orgs.cb2.reader, 'evidence:verifyDigest', ['sha256', SM3_ABC])).records).to.deep.equal([]);
    });

    it('checks plaintext content against its sm3 digest', async () => {
      const { net, orgs } = c;
      await expectAnchorRefused(net, orgs.cb1.recorder, recordOf('sm3-bad', { form: 'plaintext', content: 'abd', digest: { alg: 'sm3', value: SM3_ABC } }), 'INVALID_ARGUMENT', { field: 'record.digest.value' });
      // the sha256 of "abc" under alg sm3 is a mismatch too
      await expectAnchorRefused(net, orgs.cb1.recorder, recordOf('sm3-bad', { form: 'plaintext', content: 'abc', digest: { alg: 'sm3', value: sha256('abc') } }), 'INVALID_ARGUMENT', { field: 'record.digest.value' });
    });
  });

  describe('callers', () => {
    it('lets recorder, issuer, admin and regulator users of an ACTIVE member anchor', async () => {
      const { net, orgs } = c;
      for (const [i, who] of [orgs.cb1.recorder, orgs.cb1.issuer, orgs.cb1.admin, orgs.cb1.regulator, orgs.regulator.recorder].entries()) {
        const rec = await anchor(net, who, recordOf(`who-${i}`));
        expect(rec.submitter.mspId).to.equal(who.mspId);
      }
    });

    it('refuses a reader user: FORBIDDEN', async () => {
      const { net, orgs } = c;
      await expectAnchorRefused(net, orgs.cb1.reader, recordOf('r-1'), 'FORBIDDEN', { includes: ['reader'] });
    });

    it('refuses a user without certledger.role: FORBIDDEN', async () => {
      const { net, orgs } = c;
      await expectAnchorRefused(net, orgs.cb1.norole, recordOf('r-2'), 'FORBIDDEN', { includes: ['no role'] });
    });

    it('refuses an org that is not a member (and the accreditation body before it joins): FORBIDDEN', async () => {
      const { net, orgs } = c;
      const ca = await createOrgCa('StrangerMSP');
      const stranger = await ca.enroll('recorder1@stranger', { 'certledger.role': 'recorder' });
      await expectAnchorRefused(net, stranger, recordOf('r-3'), 'FORBIDDEN', { includes: ['StrangerMSP is not a member'] });
      await expectAnchorRefused(net, orgs.ab.recorder, recordOf('r-4'), 'FORBIDDEN', { includes: ['AbMSP is not a member'] });
    });

    it('checks inputs before the caller: a bad record from a reader is INVALID_ARGUMENT', async () => {
      const { net, orgs } = c;
      await expectAnchorRefused(net, orgs.cb1.reader, recordOf('r-5', { kind: 'NOPE' }), 'INVALID_ARGUMENT', { field: 'record.kind' });
    });
  });

  describe('clock skew', () => {
    it('refuses a transaction timestamp more than 300 s from the endorser clock: PRECONDITION_FAILED', async () => {
      const { net, orgs } = c;
      const now = net.now().getTime();
      const at = (seconds: number): string => new Date(now + seconds * 1000).toISOString();
      for (const skew of [301, -301, 3600, -86_400]) {
        await expectRefused(
          net,
          () => net.submit(orgs.cb1.recorder, 'evidence:anchor', [JSON.stringify(recordOf(`skew-${skew}`))], { timestamp: at(skew) }),
          'PRECONDITION_FAILED',
          { includes: ['endorser'] },
        );
      }
      // exactly 300 s either way is still accepted, and the record carries the client's timestamp
      const ahead = await anchor(net, orgs.cb1.recorder, recordOf('skew-ok-ahead'), { timestamp: at(300) });
      expect(ahead.timestamp).to.equal(at(300));
      const behind = await anchor(net, orgs.cb1.recorder, recordOf('skew-ok-behind'), { timestamp: at(-300) });
      expect(behind.timestamp).to.equal(at(-300));
    });

    it('refuses skewed anchorBatch and recordAudit too', async () => {
      const { net, orgs } = c;
      const late = new Date(net.now().getTime() + 301_000).toISOString();
      await expectRefused(net, () => net.submit(orgs.cb1.recorder, 'evidence:anchorBatch', [JSON.stringify({ clientRef: 'b-skew', alg: 'sha256', digests: [digestOf('x')] })], { timestamp: late }), 'PRECONDITION_FAILED');
      await registerAuditors(net, orgs.cb1.recorder, '2021-N1QMS-1000001');
      const audit = auditArg('A-skew', '2024-12-30', '2024-12-31', 2, ['2021-N1QMS-1000001'], { type: 'STAGE1' });
      await expectRefused(net, () => net.submit(orgs.cb1.recorder, 'evidence:recordAudit', [JSON.stringify(audit)], { timestamp: late }), 'PRECONDITION_FAILED');
    });
  });

  describe('supersedes: correction chains', () => {
    it('chains corrections, marks the older record supersededBy, and history returns the chain oldest first', async () => {
      const { net, orgs } = c;
      const a = await anchor(net, orgs.cb1.recorder, recordOf('rep-1', { kind: 'AUDIT_REPORT' }));
      net.advance(10);
      const b = await anchor(net, orgs.cb1.recorder, recordOf('rep-1-v2', { kind: 'AUDIT_REPORT', supersedes: a.id }));
      expect(b.supersedes).to.equal(a.id);
      expect(lastEvent(net).payload.supersedes).to.equal(a.id);
      net.advance(10);
      // another user of the same body may correct the body's record
      const cRec = await anchor(net, orgs.cb1.issuer, recordOf('rep-1-v3', { kind: 'AUDIT_REPORT', supersedes: b.id }));

      expect((await query<StoredRecord>(net, orgs.cb2.reader, 'evidence:get', [a.id])).supersededBy).to.equal(b.id);
      expect((await query<StoredRecord>(net, orgs.cb2.reader, 'evidence:get', [b.id])).supersededBy).to.equal(cRec.id);
      expect((await query<StoredRecord>(net, orgs.cb2.reader, 'evidence:get', [cRec.id])).supersededBy).to.equal(undefined);

      for (const id of [a.id, b.id, cRec.id]) {
        const h = await query<{ chain: StoredRecord[]; versions: { txId: string; timestamp: string; deleted: boolean }[] }>(net, orgs.cb2.reader, 'evidence:history', [id]);
        expect(h.chain.map((r) => r.id), `history(${id})`).to.deep.equal([a.id, b.id, cRec.id]);
        const own = [a, b, cRec].find((r) => r.id === id) as StoredRecord;
        expect(h.versions).to.deep.equal([{ txId: own.txId, timestamp: own.timestamp, deleted: false }]);
      }

      const va = await query<{ records: StoredRecord[] }>(net, orgs.cb2.reader, 'evidence:verifyDigest', ['sha256', a.digest.value]);
      expect(va.records).to.have.length(1);
      expect(va.records[0]?.id).to.equal(a.id);
      expect(va.records[0]?.supersededBy).to.equal(b.id);
      expect(va.records[0]?.submitter).to.deep.equal(a.submitter);
      expect(va.records[0]?.txId).to.equal(a.txId);
      expect(va.records[0]?.timestamp).to.equal(a.timestamp);
      const vc = await query<{ records: StoredRecord[] }>(net, orgs.cb2.reader, 'evidence:verifyDigest', ['sha256', cRec.digest.value]);
      expect(vc.records.map((r) => [r.id, r.supersededBy])).to.deep.equal([[cRec.id, undefined]]);
    });

    it('lets only the submitting body supersede: FORBIDDEN for another body', async () => {
      const { net, orgs } = c;
      const a = await anchor(net, orgs.cb1.recorder, recordOf('own-1'));
      await expectAnchorRefused(net, orgs.cb2.recorder, recordOf('hijack', { supersedes: a.id }), 'FORBIDDEN', { includes: ['Cb1MSP'] });
      await expectAnchorRefused(net, orgs.regulator.recorder, recordOf('hijack', { supersedes: a.id }), 'FORBIDDEN');
    });

    it('refuses superseding a record twice: CONFLICT; an unknown record: NOT_FOUND; itself: INVALID_ARGUMENT', async () => {
      const { net, orgs } = c;
      const a = await anchor(net, orgs.cb1.recorder, recordOf('twice-1'));
      const b = await anchor(net, orgs.cb1.recorder, recordOf('twice-2', { supersedes: a.id }));
      await expectAnchorRefused(net, orgs.cb1.recorder, recordOf('twice-3', { supersedes: a.id }), 'CONFLICT', { includes: [b.id] });
      await expectAnchorRefused(net, orgs.cb1.recorder, recordOf('twice-4', { supersedes: 'Cb1MSP:nope' }), 'NOT_FOUND');
      await expectAnchorRefused(net, orgs.cb1.recorder, recordOf('self', { supersedes: 'Cb1MSP:self' }), 'INVALID_ARGUMENT', { field: 'record.supersedes' });
      // a retry of the correction itself is still idempotent, not a second supersede
      expect(await anchor(net, orgs.cb1.recorder, recordOf('twice-2', { supersedes: a.id }))).to.deep.equal(b);
    });
  });

  describe('determinism', () => {
    it('endorses identically on the peers of all three members (records, private form, batches, audits, the cycle)', async () => {
      const { net, orgs } = c;
      const all = { endorsingOrganizations: ['Cb1MSP', 'Cb2MSP', 'RegulatorMSP'] };
      await registerAuditors(net, orgs.cb1.recorder, '2021-N1QMS-1000001', '2019-N1QMS-1000002');
      const calls: [string, string, Record<string, string>?][] = [
        ['evidence:anchor', JSON.stringify(recordOf('det-1', { subject: { uscc: USCC_A, certificateNo: '00122Q31234R1M', auditId: 'D-1' } }))],
        ['evidence:anchor', JSON.stringify(recordOf('det-2', { form: 'private', digest: { alg: 'sha256', value: sha256('private words') } })), { content: 'private words' }],
        ['evidence:anchor', JSON.stringify(recordOf('det-3', { kind: 'NONCONFORMITY', severity: 'MAJOR', subject: { auditId: 'D-1' } }))],
        ['evidence:anchor', JSON.stringify(recordOf('det-4', { kind: 'CORRECTIVE_ACTION', closes: 'Cb1MSP:det-3', supersedes: 'Cb1MSP:det-1' }))],
        ['evidence:anchorBatch', JSON.stringify({ clientRef: 'det-b', alg: 'sm3', digests: Array.from({ length: 33 }, (_, i) => digestOf(`det-${i}`)) })],
        ['evidence:recordAudit', JSON.stringify(auditArg('D-1', '2024-12-30', '2024-12-31', [2, 1.5], ['2021-N1QMS-1000001', '2019-N1QMS-1000002']))],
      ];
      for (const [fn, arg, transient] of calls) {
        await net.submit(orgs.cb1.recorder, fn, [arg], { ...all, ...(transient ? { transient } : {}) });
      }
      expect(net.ledger.events().map((e) => e.name).slice(-6)).to.deep.equal([
        'EvidenceAnchored', 'EvidenceAnchored', 'EvidenceAnchored', 'EvidenceAnchored', 'EvidenceBatchAnchored', 'AuditRecorded',
      ]);
    });
  });

  describe('get and history', () => {
    it('answers NOT_FOUND for an unknown id and INVALID_ARGUMENT for a bad key', async () => {
      const { net, orgs } = c;
      await expectRefused(net, () => net.evaluate(orgs.cb1.reader, 'evidence:get', ['Cb1MSP:missing']), 'NOT_FOUND');
      await expectRefused(net, () => net.evaluate(orgs.cb1.reader, 'evidence:history', ['Cb1MSP:missing']), 'NOT_FOUND');
      await expectRefused(net, () => net.evaluate(orgs.cb1.reader, 'evidence:get', ['']), 'INVALID_ARGUMENT', { field: 'id' });
      await expectRefused(net, () => net.evaluate(orgs.cb1.reader, 'evidence:get', ['a\u0000b']), 'INVALID_ARGUMENT', { field: 'id' });
    });
  });

  describe('listBySubject with bookmarks', () => {
    type Page = { items: StoredRecord[]; bookmark: string };
    async function allPages(net: TestNetwork, field: string, value: string, size: number): Promise<Page[]> {
      const pages: Page[] = [];
      let bookmark = '';
      do {
        const page = await query<Page>(net, c.orgs.cb2.reader, 'evidence:listBySubject', [field, value, String(size), bookmark]);
        pages.push(page);
        bookmark = page.bookmark;
        if (pages.length > 20) expect.fail('paging does not end');
      } while (bookmark !== '');
      return pages;
    }

    it('pages 7 records of one USCC by 3: every record exactly once, the last bookmark empty', async () => {
      const { net, orgs } = c;
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        const who = i % 2 === 0 ? orgs.cb1.recorder : orgs.cb2.recorder;
        ids.push((await anchor(net, who, recordOf(`list-${i}`, { subject: { uscc: USCC_B } }))).id);
      }
      await anchor(net, orgs.cb1.recorder, recordOf('list-other', { subject: { uscc: USCC_A } }));

      const pages = await allPages(net, 'uscc', USCC_B, 3);
      expect(pages.map((p) => p.items.length)).to.deep.equal([3, 3, 1]);
      expect(pages.map((p) => p.bookmark === '')).to.deep.equal([false, false, true]);
      const seen = pages.flatMap((p) => p.items.map((r) => r.id));
      expect(seen).to.have.length(7);
      expect([...seen].sort()).to.deep.equal([...ids].sort());
      for (const r of pages.flatMap((p) => p.items)) expect(r.subject.uscc).to.equal(USCC_B);
    });

    it('ends when the last page is full (6 records by 3) and lists by certificateNo and auditId', async () => {
      const { net, orgs } = c;
      for (let i = 0; i < 6; i++) {
        await anchor(net, orgs.cb1.recorder, recordOf(`full-${i}`, { subject: { certificateNo: '00122Q31234R1M', auditId: `AUD-${i % 2}` } }));
      }
      const byCert = (await allPages(net, 'certificateNo', '00122Q31234R1M', 3)).flatMap((p) => p.items.map((r) => r.id));
      expect(byCert).to.deep.equal([0, 1, 2, 3, 4, 5].map((i) => `Cb1MSP:full-${i}`));
      const byAudit = (await allPages(net, 'auditId', 'AUD-1', 2)).flatMap((p) => p.items.map((r) => r.id));
      expect(byAudit).to.deep.equal(['Cb1MSP:full-1', 'Cb1MSP:full-3', 'Cb1MSP:full-5']);
      expect(await allPages(net, 'uscc', USCC_B, 3)).to.deep.equal([{ items: [], bookmark: '' }]);
    });

    it('refuses an unknown field and a bad page size: INVALID_ARGUMENT', async () => {
      const { net, orgs } = c;
      await expectRefused(net, () => net.evaluate(orgs.cb1.reader, 'evidence:listBySubject', ['name', 'ACME', '3', '']), 'INVALID_ARGUMENT', { field: 'field' });
      for (const size of ['0', '201', '-1', 'ten', '']) {
        await expectRefused(net, () => net.evaluate(orgs.cb1.reader, 'evidence:listBySubject', ['uscc', USCC_A, size, '']), 'INVALID_ARGUMENT', { field: 'pageSize' });
      }
    });
  });
});
