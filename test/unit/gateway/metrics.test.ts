// The gateway's /metrics, scraped from a real app over a temporary run/ folder (no peer): the
// series the alert rules read (monitoring/rules/certificates.yml, gateway.yml) carry the values
// of the real certificates and checkpoint files behind them.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { DurableFileCheckpointer, lastHandledBlock } from '../../../gateway/src/events/checkpoint';
import { notAfterSeconds } from '../../../gateway/src/plugins/metrics';
import { buildTestApp, ORG, ROOT, writeUser, type Fixture } from './app-fixture';
import { ifAssigned } from '../../support/defined';
import type { OrgCa } from '../../support/identities';

const CHANNEL = (JSON.parse(readFileSync(join(ROOT, 'network', 'topology.json'), 'utf8')) as { channel: string }).channel;
/** the test CA's default notAfter (test/support/identities.ts) */
const DEFAULT_NOT_AFTER = Date.parse('2099-12-31T23:59:59Z') / 1000;

async function scrape(fixture: Fixture): Promise<string> {
  const answer = await fixture.app.operations.inject({ method: 'GET', url: '/metrics' });
  expect(answer.statusCode).to.equal(200);
  expect(answer.headers['content-type']).to.match(/^text\/plain; version=0\.0\.4/);
  return answer.body;
}

/** Every sample of `name`: its labels as written, and its value. */
function samples(text: string, name: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match?.[1] === name) found.set(match[2] ?? '', Number(match[3]));
  }
  return found;
}

function identities(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [labels, value] of samples(text, 'certledger_gateway_identity_expiry_timestamp_seconds')) {
    const identity = /^\{identity="([^"]+)"\}$/.exec(labels)?.[1];
    expect(identity, `labels ${labels}`).to.be.a('string');
    out[identity as string] = value;
  }
  return out;
}

function enrolAs(ca: OrgCa, runDir: string, user: string, notAfter: Date): Promise<void> {
  return ca.enroll(user, { 'certledger.role': 'issuer' }, { notAfter }).then((identity) => writeUser(runDir, user, identity));
}

describe('gateway /metrics: the series the alert rules read', function () {
  this.timeout(60_000);

  describe('certledger_gateway_identity_expiry_timestamp_seconds', function () {
    let fixture: Fixture;
    let ca: OrgCa;
    const cb1userNotAfter = new Date('2031-03-04T05:06:07Z');

    before(async function () {
      fixture = await buildTestApp({}, {
        prepare: async (runDir, orgCa) => {
          ca = orgCa;
          await enrolAs(orgCa, runDir, 'cb1user', cb1userNotAfter);
          // not enrolled: a folder without a certificate, and one whose certificate is not one
          mkdirSync(join(runDir, ORG, 'users', 'half', 'msp', 'keystore'), { recursive: true });
          mkdirSync(join(runDir, ORG, 'users', 'broken', 'msp', 'signcerts'), { recursive: true });
          writeFileSync(join(runDir, ORG, 'users', 'broken', 'msp', 'signcerts', 'cert.pem'), 'not a certificate\n');
        },
      });
    });
    after(async () => ifAssigned(fixture)?.close());

    it('is the notAfter of each enrolled user\'s certificate, labelled with the user name', async function () {
      const text = await scrape(fixture);
      expect(text).to.contain('# TYPE certledger_gateway_identity_expiry_timestamp_seconds gauge');
      expect(identities(text)).to.deep.equal({
        cb1user: cb1userNotAfter.getTime() / 1000,
        issuer1: DEFAULT_NOT_AFTER,
        reader1: DEFAULT_NOT_AFTER,
      });
    });

    it('follows a certificate re-enrolled on disk for a user not used yet, and shows a new user at the next scrape', async function () {
      await enrolAs(ca, fixture.runDir, 'cb1user', new Date('2032-01-02T03:04:05Z'));
      await enrolAs(ca, fixture.runDir, 'admin1', new Date('2030-06-30T12:00:00Z'));
      const now = identities(await scrape(fixture));
      expect(now.cb1user).to.equal(Date.parse('2032-01-02T03:04:05Z') / 1000);
      expect(now.admin1).to.equal(Date.parse('2030-06-30T12:00:00Z') / 1000);
    });

    it('keeps the certificate a user\'s session signs with until a restart, however the file changes', async function () {
      fixture.app.fabric.gateway('issuer1'); // the session of issuer1 loads its certificate now
      await enrolAs(ca, fixture.runDir, 'issuer1', new Date('2029-09-09T09:09:09Z'));
      expect(identities(await scrape(fixture)).issuer1, 'issuer1 still signs with the 2099 certificate').to.equal(DEFAULT_NOT_AFTER);
    });

    it('parses node:crypto\'s notAfter to the second, and refuses what is not a certificate', async function () {
      const identity = await ca.enroll('parse-check', {}, { notAfter: new Date('2028-02-29T23:59:58Z') });
      expect(notAfterSeconds(identity.certPem)).to.equal(Date.parse('2028-02-29T23:59:58Z') / 1000);
      expect(() => notAfterSeconds('not a certificate')).to.throw();
    });
  });

  describe('certledger_gateway_event_checkpoint_block', function () {
    async function withCheckpoint(state: Record<string, string> | undefined): Promise<Map<string, number>> {
      const fixture = await buildTestApp({}, {
        prepare: (runDir) => {
          if (state === undefined) return;
          mkdirSync(join(runDir, ORG, 'gateway', 'events'), { recursive: true });
          writeFileSync(join(runDir, ORG, 'gateway', 'events', 'checkpoint.json'), `${JSON.stringify(state)}\n`);
        },
      });
      try {
        const text = await scrape(fixture);
        expect(text).to.contain('# TYPE certledger_gateway_event_checkpoint_block gauge');
        return samples(text, 'certledger_gateway_event_checkpoint_block');
      } finally {
        await fixture.close();
      }
    }

    it('is the block of the last event handed on when the checkpoint names a transaction in it', async function () {
      expect(await withCheckpoint({ blockNumber: '1234', transactionId: 'tx-a' })).to.deep.equal(new Map([[`{channel="${CHANNEL}"}`, 1234]]));
    });

    it('is the block before the start block when no event was handed on yet (the block the listener started after)', async function () {
      expect(await withCheckpoint({ blockNumber: '57' })).to.deep.equal(new Map([[`{channel="${CHANNEL}"}`, 56]]));
    });

    it('has no series while a first start has not read the channel height (no peer here)', async function () {
      expect(await withCheckpoint(undefined)).to.deep.equal(new Map());
    });

    it('moves with the checkpoint as the listener records blocks and events', async function () {
      const dir = mkdtempSync(join(tmpdir(), 'certledger-metrics-checkpoint-'));
      try {
        const checkpointer = await DurableFileCheckpointer.open(join(dir, 'checkpoint.json'));
        expect(lastHandledBlock(checkpointer)).to.equal(undefined);
        await checkpointer.checkpointBlock(41n); // first start at height 42: blocks up to 41 are behind it
        expect(lastHandledBlock(checkpointer)).to.equal(41n);
        await checkpointer.checkpointChaincodeEvent({ blockNumber: 45n, transactionId: 'tx-b', chaincodeName: 'certledger', eventName: 'E', payload: new Uint8Array() });
        expect(lastHandledBlock(checkpointer)).to.equal(45n);
        checkpointer.checkpointChaincodeEventSoon({ blockNumber: 46n, transactionId: 'tx-c', chaincodeName: 'certledger', eventName: 'E', payload: new Uint8Array() }, () => undefined);
        expect(lastHandledBlock(checkpointer)).to.equal(46n);
        await checkpointer.flush();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('certledger_gateway_ready', function () {
    let fixture: Fixture;
    before(async function () { fixture = await buildTestApp(); });
    after(async () => ifAssigned(fixture)?.close());

    it('is 0 before any readiness check and after a failed one (no peer)', async function () {
      expect(samples(await scrape(fixture), 'certledger_gateway_ready')).to.deep.equal(new Map([['', 0]]));
      expect((await fixture.app.inject({ method: 'GET', url: '/readyz' })).statusCode).to.equal(503);
      expect(samples(await scrape(fixture), 'certledger_gateway_ready')).to.deep.equal(new Map([['', 0]]));
    });

    it('exposes the certificate status change counter (no series before a commit)', async function () {
      const text = await scrape(fixture);
      expect(text).to.contain('# TYPE certledger_gateway_certificate_status_changes_total counter');
      expect(samples(text, 'certledger_gateway_certificate_status_changes_total')).to.deep.equal(new Map());
    });
  });
});
