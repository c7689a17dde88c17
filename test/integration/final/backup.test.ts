// Backup and restore of one member on the real network (docs/operations.md "Back up a member",
// "Restore a member"): cb2 is backed up with its own keys, loses its peer's ledger and its CA's
// database, and is restored from the backup: the peer joins by the backup's ledger snapshot and
// catches up from the ordering service, the CA and the gateway's state are put back. Then the
// records and their digests read through cb2 are those from before, cb2's peer keeps the others'
// height and endorses, cb2's CA enrols a new user, and a backup with one byte changed is refused
// without changing anything. Runs after the operator procedures and before governance.
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import type { Receipt } from '../../../gateway/src/receipts/receipt';
import { verifyReceipt } from '../../../gateway/src/receipts/verify';
import { apiKey, call, ok, type Answer } from '../support/http';
import { blockHeight, CHANNEL, endorsementPlanReady, endorsementsOf, requireNetwork, ROOT, script, scriptResult, walk } from '../support/network';

const RUN = join(ROOT, 'run');
const CB2 = join(RUN, 'cb2');
const run = randomUUID().slice(0, 8);
const USCC = '91350100M000100Y43';
const RECORDS = 100;
const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');
const path = (id: string): string => encodeURIComponent(id);

interface Manifest {
  format: string; org: string; channel: string; createdAt: string; secret: boolean;
  snapshot: { lastBlockNumber: number; height: number; dir: string };
  tools: Record<string, string>;
  files: { path: string; size: number; sha256: string }[];
}

const timings: Record<string, number> = {};
function timed<T>(name: string, fn: () => T): T {
  const started = Date.now();
  try {
    return fn();
  } finally {
    timings[name] = (Date.now() - started) / 1000;
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000, stepMs = 500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

/** A write that may meet a peer that has just come back (503): retried a few times. */
async function anchor(org: string, key: string, body: Record<string, unknown>, idempotencyKey?: string): Promise<Answer> {
  for (let attempt = 0; ; attempt += 1) {
    const answer = await call(org, 'POST', '/v1/evidence', { key, body, ...(idempotencyKey !== undefined ? { idempotencyKey } : {}) });
    if (answer.status !== 503 || attempt >= 5) return answer;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** Every record about `field` = `value`, read through `org`'s gateway page by page. */
async function listAll(org: string, key: string, field: string, value: string): Promise<{ id: string; digest: { value: string } }[]> {
  const items: { id: string; digest: { value: string } }[] = [];
  let bookmark = '';
  for (;;) {
    const page = ok(await call(org, 'GET', `/v1/evidence?field=${field}&value=${encodeURIComponent(value)}&pageSize=200&bookmark=${encodeURIComponent(bookmark)}`, { key }), 200) as { items: typeof items; bookmark: string };
    items.push(...page.items);
    if (page.items.length < 200 || page.bookmark === '') return items;
    bookmark = page.bookmark;
  }
}

/**
 * What the refused restore must leave as it was: every path of cb2 with its size and mtime, less
 * what running processes write on their own — logs, the running gateway's state, and the
 * member's monitoring data (Prometheus' and Alertmanager's storage, the alert log), which go on
 * while cb2's peer and CA are down.
 */
function fingerprint(): string[] {
  return walk(CB2)
    .filter((p) => !/^(logs|gateway|monitoring\/(prometheus-data|alertmanager-data|alerts\.log))(\/|$)/.test(relative(CB2, p)))
    .map((p) => { const s = statSync(p); return `${relative(CB2, p)} ${s.isFile() ? s.size : 'dir'} ${s.mtimeMs}`; })
    .sort();
}

const running = (name: string): boolean => existsSync(join(CB2, 'pids', `${name}.pid`));

describe('backup and restore of one member: cb2 loses its peer ledger and CA database and comes back from its backup (final)', function () {
  this.timeout(900_000);
  let recorder: string;
  let reader: string;
  let cb1Recorder: string;
  let regulatorReader: string;
  let backup = '';
  let manifest: Manifest;
  const copies: string[] = [];
  const noted: { auditCount: number; usccCount: number; sample: Map<string, string>; idempotent?: { key: string; body: Record<string, unknown>; txId: string }; privateId: string; privateContent: Buffer } = {
    auditCount: 0, usccCount: 0, sample: new Map(), privateId: '', privateContent: Buffer.from(`private audit report ${run}`),
  };

  before(async function () {
    await requireNetwork(this);
    await endorsementPlanReady();
    recorder = apiKey('cb2', 'recorder1');
    reader = apiKey('cb2', 'reader1');
    cb1Recorder = apiKey('cb1', 'recorder1');
    regulatorReader = apiKey('regulator', 'reader1');
  });

  after(() => {
    // a failure half-way must not leave cb2 without its peer for the suites that follow
    if (backup !== '' && (!running('peer-cb2') || !running('ca-cb2') || !running('gateway-cb2'))) {
      console.warn('  cb2 is not whole after a failure: restoring it from the backup');
      scriptResult('restore.sh', 'cb2', backup);
    }
    for (const dir of [backup, ...copies]) if (dir !== '') rmSync(dir, { recursive: true, force: true });
    for (const [name, seconds] of Object.entries(timings)) console.log(`      ${name}: ${seconds.toFixed(1)} s`);
  });

  it(`anchors ${RECORDS} records and a private one through cb2, and notes the record count and ${RECORDS} sampled digests`, async () => {
    const record = (i: number): Record<string, unknown> => ({
      clientRef: `bk-${run}-${i}`, kind: 'AUDIT_REPORT', subject: { uscc: USCC, auditId: `AUD-BK-${run}` }, digest: { alg: 'sha256', value: sha256(`bk-${run}-${i}`) },
    });
    const idempotencyKey = `bk-${run}-0-key`;
    for (let start = 0; start < RECORDS; start += 20) {
      const answers = await Promise.all(Array.from({ length: 20 }, (_, j) => anchor('cb2', recorder, record(start + j), start + j === 0 ? idempotencyKey : undefined)));
      for (const answer of answers) ok(answer, 201);
      if (start === 0) noted.idempotent = { key: idempotencyKey, body: record(0), txId: String(answers[0]?.body.txId) };
    }
    const created = ok(await anchor('cb2', recorder, {
      clientRef: `bk-${run}-private`, kind: 'AUDIT_REPORT', subject: { uscc: USCC, auditId: `AUD-BKP-${run}` }, form: 'private',
      digest: { alg: 'sha256', value: sha256(noted.privateContent) }, privateContentBase64: noted.privateContent.toString('base64'),
    }), 201) as { id: string };
    noted.privateId = created.id;
    // the collection's other member holds a copy: the snapshot leaves private data out
    await waitFor('the regulator\'s copy of cb2\'s private record', async () =>
      (await call('regulator', 'GET', `/v1/evidence/${path(noted.privateId)}/private-content`, { key: regulatorReader })).status === 200, 90_000, 2000);

    noted.auditCount = (await listAll('cb2', reader, 'auditId', `AUD-BK-${run}`)).length;
    expect(noted.auditCount).to.equal(RECORDS);
    const all = await listAll('cb2', reader, 'uscc', USCC);
    noted.usccCount = all.length;
    // 100 records drawn from every record about the organisation, older suites' ones included
    const drawn = [...all].sort(() => Math.random() - 0.5).slice(0, RECORDS);
    for (const item of drawn) {
      const one = ok(await call('cb2', 'GET', `/v1/evidence/${path(item.id)}`, { key: reader }), 200) as { digest: { value: string } };
      noted.sample.set(item.id, one.digest.value);
    }
    expect(noted.sample.size).to.equal(RECORDS);
    console.log(`      before: ${noted.usccCount} records about ${USCC}, ${noted.auditCount} of this run, ${noted.sample.size} digests sampled`);
  });

  it('backs up cb2: a ledger snapshot at a named block, the CA, the MSP and TLS material, the gateway state and a manifest, all secret (600 in 700)', async () => {
    await waitFor('cb2 at cb1\'s height', async () => (await blockHeight('cb2')) === (await blockHeight('cb1')));
    const heightBefore = await blockHeight('cb2');
    const result = timed('backup cb2', () => scriptResult('backup.sh', 'cb2'));
    expect(result.status, result.stderr).to.equal(0);
    backup = result.stdout.trim().split('\n').pop() ?? '';
    expect(backup.startsWith(join(CB2, 'backups'))).to.equal(true);
    expect(result.stderr).to.match(/SECRET: this backup holds cb2's private keys/);
    expect(result.stderr).to.match(/snapshot after block \d+ \(height \d+\)/);

    manifest = JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest).to.include({ format: 'certledger-backup/1', org: 'cb2', channel: 'certchannel', secret: true });
    expect(manifest.snapshot.height).to.equal(manifest.snapshot.lastBlockNumber + 1);
    expect(manifest.snapshot.height).to.be.at.least(heightBefore);
    expect(manifest.tools.fabricPeer).to.match(/^v3\.1\.5/);
    expect(Date.now() - Date.parse(manifest.createdAt)).to.be.below(600_000);
    const paths = manifest.files.map((f) => f.path);
    for (const expected of [
      `${manifest.snapshot.dir}/_snapshot_signable_metadata.json`, `${manifest.snapshot.dir}/public_state.data`,
      'files/ca/server/fabric-ca-server.db', 'files/ca/server/ca-cert.pem', 'files/ca/secrets/ca-admin', 'files/ca/client/msp/signcerts/cert.pem',
      'files/msp/cacerts/ca.pem', 'files/users/admin1/msp/keystore/key.pem', 'files/peers/peer0/tls/server.key', 'files/peers/peer0/msp/keystore/key.pem',
      'files/orderers/orderer0/tls/server.key', 'files/chaincode/tls/server.key', 'files/chaincode/current',
      'files/gateway/api-keys.json', 'files/gateway/events/checkpoint.json',
    ]) expect(paths, expected).to.include(expected);
    expect(paths.some((p) => p.startsWith('files/gateway/idempotency/')), 'idempotency records').to.equal(true);
    expect(paths.some((p) => /^files\/chaincode\/packages\/[ab]\.tar\.gz$/.test(p)), 'the chaincode package of the serving slot').to.equal(true);
    expect(paths.some((p) => /^files\/chaincode\/slots\/[ab]\.json$/.test(p)), 'the serving slot\'s record').to.equal(true);
    expect(paths.some((p) => /\/data\/|\/logs\//.test(p)), 'no live ledger or log').to.equal(false);
    // every file with its digest, and the backup is private to the operator
    for (const file of manifest.files) expect(sha256(readFileSync(join(backup, file.path))), file.path).to.equal(file.sha256);
    for (const entry of walk(backup)) {
      const mode = statSync(entry).mode & 0o777;
      expect(mode, relative(backup, entry)).to.equal(statSync(entry).isDirectory() ? 0o700 : 0o600);
    }
    expect(statSync(backup).mode & 0o777).to.equal(0o700);
    // the CA and the gateway were stopped for their copies and run again
    expect(running('ca-cb2') && running('gateway-cb2')).to.equal(true);
    await waitFor('cb2\'s gateway answering again', async () => (await call('cb2', 'GET', `/v1/evidence/${path(`Cb2MSP:bk-${run}-1`)}`, { key: reader })).status === 200);
    console.log(`      backup: ${manifest.files.length} files, snapshot after block ${manifest.snapshot.lastBlockNumber}`);
  });

  it('cb2 loses its peer\'s ledger and its CA\'s database; the channel goes on without it', async () => {
    script('member.sh', 'stop', 'cb2', 'peer-cb2');
    rmSync(join(CB2, 'peers', 'peer0', 'data', 'ledgersData'), { recursive: true, force: true });
    script('member.sh', 'stop', 'cb2', 'ca-cb2');
    rmSync(join(CB2, 'ca', 'server', 'fabric-ca-server.db'), { force: true });
    expect(existsSync(join(CB2, 'peers', 'peer0', 'data', 'ledgersData'))).to.equal(false);
    // blocks after the snapshot, which the restored peer gets from the ordering service
    for (let i = 0; i < 3; i += 1) {
      ok(await anchor('cb1', cb1Recorder, { clientRef: `bk-out-${run}-${i}`, kind: 'AUDIT_REPORT', subject: { auditId: `AUD-BK-OUT-${run}` }, digest: { alg: 'sha256', value: sha256(`out-${run}-${i}`) } }), 201);
    }
  });

  it('refuses a backup with one byte changed, naming the file, and changes nothing', () => {
    const copy = mkdtempSync(join(tmpdir(), 'bk-tampered-'));
    copies.push(copy);
    cpSync(backup, copy, { recursive: true });
    const target = manifest.files.filter((f) => f.path.startsWith('snapshot/') && f.size > 0).sort((a, b) => b.size - a.size)[0];
    if (target === undefined) throw new Error('the snapshot has no file');
    const file = join(copy, target.path);
    const bytes = readFileSync(file);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] as number) ^ 0xff;
    writeFileSync(file, bytes);

    const state = fingerprint();
    const keys = readFileSync(join(CB2, 'gateway', 'api-keys.json'), 'utf8');
    const result = scriptResult('restore.sh', 'cb2', copy);
    expect(result.status, result.stderr).to.equal(1);
    expect(result.stderr).to.include(`${target.path} does not have the SHA-256 the manifest gives`);
    expect(result.stderr).to.match(/FIX +\S/);
    expect(fingerprint(), 'cb2\'s folder is unchanged').to.deep.equal(state);
    expect(readFileSync(join(CB2, 'gateway', 'api-keys.json'), 'utf8')).to.equal(keys);
    expect(running('peer-cb2') || running('ca-cb2')).to.equal(false);
    expect(existsSync(join(CB2, 'peers', 'peer0', 'data', 'ledgersData'))).to.equal(false);
  });

  it('restores cb2: its peer joins by the snapshot and catches up, its CA and gateway state are put back', async () => {
    const output = timed('restore cb2', () => script('restore.sh', 'cb2', backup));
    expect(output).to.match(/the backup matches its manifest/);
    expect(output).to.match(new RegExp(`joined certchannel by the snapshot after block ${manifest.snapshot.lastBlockNumber}`));
    expect(output).to.match(/ca-cb2 is healthy and knows the backup's identities/);
    expect(running('peer-cb2') && running('ca-cb2') && running('gateway-cb2') && running('chaincode-cb2')).to.equal(true);
    // the ledger moved aside is kept for the operator (here: it was deleted, so there is none)
    expect(readdirSync(join(CB2, 'peers', 'peer0', 'data')).filter((n) => n.startsWith('ledgersData.replaced-'))).to.deep.equal([]);
    await endorsementPlanReady();
  });

  it(`the record count and the ${RECORDS} sampled digests read through cb2 are those from before; the writes of the outage are there too`, async () => {
    expect((await listAll('cb2', reader, 'auditId', `AUD-BK-${run}`)).length).to.equal(noted.auditCount);
    expect((await listAll('cb2', reader, 'uscc', USCC)).length).to.equal(noted.usccCount);
    let same = 0;
    for (const [id, digest] of noted.sample) {
      const one = ok(await call('cb2', 'GET', `/v1/evidence/${path(id)}`, { key: reader }), 200) as { digest: { value: string } };
      expect(one.digest.value, id).to.equal(digest);
      same += 1;
    }
    expect(same).to.equal(RECORDS);
    expect((await listAll('cb2', reader, 'auditId', `AUD-BK-OUT-${run}`)).length).to.equal(3);
    console.log(`      after: ${noted.usccCount} records, ${same} of ${RECORDS} sampled digests equal`);
  });

  it('the restored peer commits new blocks at the others\' height and endorses cb2\'s writes', async () => {
    for (let i = 0; i < 3; i += 1) {
      ok(await anchor('cb1', cb1Recorder, { clientRef: `bk-new-${run}-${i}`, kind: 'AUDIT_REPORT', subject: { auditId: `AUD-BK-NEW-${run}` }, digest: { alg: 'sha256', value: sha256(`new-${run}-${i}`) } }), 201);
      const target = await blockHeight('cb1');
      await waitFor(`cb2 at cb1's height ${target}`, async () => (await blockHeight('cb2')) === target, 30_000);
    }
    const written = ok(await anchor('cb2', recorder, { clientRef: `bk-after-${run}`, kind: 'AUDIT_REPORT', subject: { auditId: `AUD-BK-NEW-${run}` }, digest: { alg: 'sha256', value: sha256(`after-${run}`) } }), 201);
    const { endorsers } = await endorsementsOf('cb1', (written as { txId: string }).txId);
    expect(endorsers).to.include('Cb2MSP');
    console.log(`      heights: cb1 ${await blockHeight('cb1')}, cb2 ${await blockHeight('cb2')}`);
  });

  it('cb2\'s gateway gives receipts of transactions after the snapshot; one from before it comes from another member\'s gateway', async () => {
    // the peer joined by snapshot holds the channel config, not the config block older than the snapshot
    const recent = ok(await call('cb2', 'GET', `/v1/evidence/${path(`Cb2MSP:bk-after-${run}`)}/receipt`, { key: reader }), 200) as unknown as Receipt;
    expect(verifyReceipt(recent, { expectedChannel: CHANNEL }).valid).to.equal(true);
    const old = await call('cb2', 'GET', `/v1/evidence/${path(`Cb2MSP:bk-${run}-1`)}/receipt`, { key: reader });
    expect(old.status, JSON.stringify(old.body)).to.equal(404);
    expect(String(old.body.message)).to.include('joined certchannel by a ledger snapshot').and.include('ask another member\'s gateway');
    const fromCb1 = ok(await call('cb1', 'GET', `/v1/evidence/${path(`Cb2MSP:bk-${run}-1`)}/receipt`, { key: apiKey('cb1', 'reader1') }), 200) as unknown as Receipt;
    expect(verifyReceipt(fromCb1, { expectedChannel: CHANNEL }).valid).to.equal(true);
  });

  it('cb2\'s CA enrols a new user after the restore; the gateway\'s API keys and idempotency records are those of the backup', async () => {
    // gateway-key.sh registers and enrols a new user at cb2's CA, then prints its key alone on stdout
    const issued = script('gateway-key.sh', 'issue', 'cb2', `newuser-${run}`, 'reader');
    expect(issued).to.match(new RegExp(`registered newuser-${run} \\(client, certledger\\.role=reader:ecert\\) at ca-cb2`));
    const key = issued.split('\n').filter((l) => /^[A-Za-z0-9_-]{40,}$/.test(l)).pop() ?? '';
    expect(existsSync(join(CB2, 'users', `newuser-${run}`, 'msp', 'signcerts', 'cert.pem'))).to.equal(true);
    ok(await call('cb2', 'GET', `/v1/evidence/${path(`Cb2MSP:bk-${run}-1`)}`, { key }), 200);
    // a retry of a write answered before the backup gets the same answer, not a second transaction
    const retry = noted.idempotent;
    if (retry === undefined) throw new Error('no write noted');
    const again = await call('cb2', 'POST', '/v1/evidence', { key: recorder, body: retry.body, idempotencyKey: retry.key });
    expect(ok(again, 201)).to.be.an('object');
    expect(again.body.txId).to.equal(retry.txId);
  });

  it('cb2\'s peer gets its private data back from the collection\'s other member (the snapshot holds only its hashes)', async () => {
    const started = Date.now();
    // Fabric's reconciler runs once a minute (core.yaml peer.gossip.pvtData.reconcileSleepInterval)
    await waitFor('cb2\'s private record on its restored peer', async () =>
      (await call('cb2', 'GET', `/v1/evidence/${path(noted.privateId)}/private-content`, { key: reader })).status === 200, 180_000, 3000);
    const content = await call('cb2', 'GET', `/v1/evidence/${path(noted.privateId)}/private-content`, { key: reader });
    expect(Buffer.from(String(content.body.content), 'base64').equals(noted.privateContent)).to.equal(true);
    timings['private data reconciled after the restore'] = (Date.now() - started) / 1000;
  });
});
