// The governed chaincode upgrade in place on the real network (docs/contracts.md §6 rule 6,
// docs/operations.md "Upgrade the chaincode"): refused without an approved APPROVE_CHAINCODE
// proposal, refused for a member whose new server runs another digest, and, once approved,
// committed at the next sequence by a majority while a writer keeps anchoring at 5 tx/s — every
// write commits or gets a retryable 503, none acknowledged is lost, and records written before
// still verify. Each build is this checkout's chaincode with one note file added, so its digest
// differs. Runs after the operations suite; the suites after it run on the upgraded chaincode.
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Receipt } from '../../../gateway/src/receipts/receipt';
import { verifyReceipt } from '../../../gateway/src/receipts/verify';
import { apiKey, call, ok, waitUntil } from '../support/http';
import { CHANNEL, endorsementPlanReady, requireNetwork, ROOT, script, scriptResult } from '../support/network';

const run = randomUUID().slice(0, 8);
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const record = (ref: string): Record<string, unknown> => ({
  clientRef: ref, kind: 'AUDIT_REPORT', subject: { uscc: '91350100M000100Y43', auditId: `AUD-${ref}` }, digest: { alg: 'sha256', value: sha256(ref) },
});

/**
 * An operator script run without blocking the event loop, so the background writer keeps its
 * pace while the upgrade steps run; throws with the script's last lines when it fails.
 */
async function scriptAsync(...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await promisify(execFile)(join(ROOT, 'scripts', args[0] as string), args.slice(1), { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    return stdout + stderr;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`scripts/${args.join(' ')} failed:\n${stderr.split('\n').slice(-25).join('\n')}`, { cause: error });
  }
}

/** This checkout's built chaincode with a note file added: a build with another digest. */
function variantBuild(note: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cc-build-'));
  cpSync(join(ROOT, 'dist', 'chaincode'), join(dir, 'dist', 'chaincode'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'chaincode', 'BUILD-NOTE.txt'), `${note}\n`);
  return dir;
}

function committed(org = 'regulator'): { version: string; sequence: number } {
  const line = /^committed: (\S*) \(sequence (\d+)\)$/m.exec(script('chaincode-upgrade.sh', 'status', org));
  return { version: line?.[1] ?? '', sequence: Number(line?.[2]) };
}

async function committedAsync(org = 'regulator'): Promise<{ version: string; sequence: number }> {
  const line = /^committed: (\S*) \(sequence (\d+)\)$/m.exec(await scriptAsync('chaincode-upgrade.sh', 'status', org));
  return { version: line?.[1] ?? '', sequence: Number(line?.[2]) };
}

/** As refused, without blocking the event loop (the writer runs meanwhile). */
async function refusedAsync(reason: RegExp, ...args: string[]): Promise<void> {
  const before = await committedAsync();
  const failure = await scriptAsync(...args).then(() => undefined, (error: unknown) => String(error));
  expect(failure, `scripts/${args.join(' ')} should have been refused`).to.not.equal(undefined);
  expect(failure).to.match(reason);
  expect(failure).to.match(/FIX +\S/);
  expect(await committedAsync(), 'the committed definition is unchanged').to.deep.equal(before);
}

function refused(reason: RegExp, ...args: string[]): void {
  const before = committed();
  const result = scriptResult(...args);
  expect(result.status, `scripts/${args.join(' ')} should have been refused:\n${result.stderr}`).to.not.equal(0);
  expect(result.stderr).to.match(reason);
  expect(result.stderr).to.match(/FIX +\S/);
  expect(committed(), 'the committed definition is unchanged').to.deep.equal(before);
}

describe('governed chaincode upgrade in place (final)', function () {
  this.timeout(600_000);
  const admin: Record<string, string> = {};
  // made once the network is up: bringing it up builds this checkout's chaincode (dist/)
  let approved: string;
  let other: string;
  let earlier: { id: string; txId: string };

  before(async function () {
    await requireNetwork(this);
    approved = variantBuild(`upgrade ${run}`);
    other = variantBuild(`not approved ${run}`);
    await endorsementPlanReady();
    for (const org of ['regulator', 'cb1', 'cb2']) admin[org] = apiKey(org, 'admin1');
    const recorder = apiKey('cb1', 'recorder1');
    const created = ok(await call('cb1', 'POST', '/v1/evidence', { key: recorder, body: record(`before-upgrade-${run}`) }), 201) as { id: string; txId: string };
    earlier = { id: created.id, txId: created.txId };
  });

  it('refuses to approve a build no APPROVE_CHAINCODE proposal approved; the definition is unchanged', () => {
    script('chaincode-upgrade.sh', 'serve', 'regulator', '--build', approved);
    refused(/refused: the chain holds no APPROVED APPROVE_CHAINCODE proposal for code digest [0-9a-f]{64} at sequence \d+/, 'chaincode-upgrade.sh', 'approve', 'regulator');
  });

  it('upgrades under an approved proposal while a writer anchors at 5 tx/s: every write commits or gets a retryable 503, none acknowledged is lost; a member serving an unapproved digest cannot approve', async () => {
    const from = committed();
    const body = JSON.parse(scriptResult('chaincode-upgrade.sh', 'proposal', 'regulator', '--build', approved).stdout) as { payload: { codeDigest: string; sequence: number; version: string } };
    expect(body.payload.sequence).to.equal(from.sequence + 1);
    const opened = ok(await call('regulator', 'POST', '/v1/proposals', { key: admin.regulator, body: { ...body, id: `upgrade-${run}` } }), 201) as { deadline: string };
    for (const org of ['regulator', 'cb1', 'cb2']) ok(await call(org, 'POST', `/v1/proposals/upgrade-${run}/votes`, { key: admin[org], body: { choice: 'YES' } }), 201);
    await waitUntil(opened.deadline);
    ok(await call('regulator', 'POST', `/v1/proposals/upgrade-${run}/finalize`, { key: admin.regulator }), 200);

    // the writer: one anchor every 200 ms through cb1's gateway, each outcome recorded
    const recorder = apiKey('cb1', 'recorder1');
    const acknowledged: string[] = [];
    const failures: { status: number; code?: string }[] = [];
    // `as boolean`: the compiler follows the writer's async IIFE below as inline code and would take
    // `writing` for always true there, but the loop reads it again after each await
    let writing = true as boolean;
    let n = 0;
    const writer = (async () => {
      const pending: Promise<void>[] = [];
      while (writing) {
        const ref = `during-upgrade-${run}-${n++}`;
        pending.push(call('cb1', 'POST', '/v1/evidence', { key: recorder, body: record(ref) }).then((answer) => {
          if (answer.status === 201) acknowledged.push(`Cb1MSP:${ref}`);
          else failures.push({ status: answer.status, code: answer.body.code });
        }, () => { failures.push({ status: 0 }); }));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await Promise.all(pending);
    })();

    const started = Date.now();
    await scriptAsync('chaincode-upgrade.sh', 'approve', 'regulator');
    await scriptAsync('chaincode-upgrade.sh', 'serve', 'cb1', '--build', approved);
    const commit = await scriptAsync('chaincode-upgrade.sh', 'approve', 'cb1');
    expect(commit).to.match(/is committed/);
    const to = await committedAsync();
    expect(to).to.deep.equal({ version: body.payload.version, sequence: from.sequence + 1 });

    // cb2's new server runs another digest: it may not approve; then it serves the approved build
    await scriptAsync('chaincode-upgrade.sh', 'serve', 'cb2', '--build', other);
    await refusedAsync(/refused: the chain holds no APPROVED APPROVE_CHAINCODE proposal for code digest [0-9a-f]{64}/, 'chaincode-upgrade.sh', 'approve', 'cb2');
    await scriptAsync('chaincode-upgrade.sh', 'serve', 'cb2', '--build', approved);
    await scriptAsync('chaincode-upgrade.sh', 'approve', 'cb2');
    for (const org of ['regulator', 'cb1', 'cb2']) await scriptAsync('chaincode-upgrade.sh', 'finish', org);
    const seconds = (Date.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    writing = false;
    await writer;
    console.log(`      upgrade (approve, serve and finish on three members): ${seconds.toFixed(1)} s; ${n} writes: ${acknowledged.length} acknowledged, ${failures.length} failed ${JSON.stringify(failures)}`);

    expect(failures.filter((f) => f.status !== 503), 'every failed write is a retryable 503').to.deep.equal([]);
    // 5 tx/s throughout: the upgrade steps did not stall the writer
    expect(n).to.be.at.least(Math.floor(seconds * 5 * 0.8));
    expect(acknowledged.length).to.be.greaterThan(n / 2);
    const reader = apiKey('cb2', 'reader1');
    const missing: string[] = [];
    for (const id of acknowledged) {
      if ((await call('cb2', 'GET', `/v1/evidence/${encodeURIComponent(id)}`, { key: reader })).status !== 200) missing.push(id);
    }
    expect(missing, 'acknowledged records missing after the upgrade').to.deep.equal([]);

    // every member's peer now runs the approved build, and reports its digest
    for (const org of ['regulator', 'cb1', 'cb2']) {
      const status = script('chaincode-upgrade.sh', 'status', org);
      expect(status).to.include(`"digest":"${body.payload.codeDigest}"`);
      expect(status.split('\n').filter((line) => line.startsWith('slot ')), 'one server left, the current one').to.have.length(1);
    }
  });

  it('records written before the upgrade still verify after it, receipt included', async () => {
    const reader = apiKey('regulator', 'reader1');
    const found = ok(await call('regulator', 'GET', `/v1/evidence/${encodeURIComponent(earlier.id)}`, { key: reader }), 200) as { txId: string };
    expect(found.txId).to.equal(earlier.txId);
    const receipt = ok(await call('regulator', 'GET', `/v1/evidence/${encodeURIComponent(earlier.id)}/receipt`, { key: reader }), 200) as unknown as Receipt;
    expect(verifyReceipt(receipt, { expectedChannel: CHANNEL }).valid).to.equal(true);
    // and new writes commit on the upgraded chaincode
    ok(await call('cb1', 'POST', '/v1/evidence', { key: apiKey('cb1', 'recorder1'), body: record(`after-upgrade-${run}`) }), 201);
  });
});
