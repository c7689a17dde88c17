// The operator procedures on the real network, each member on its own loopback address and each
// step run as the member who owns it (docs/operations.md): the whole life of the accreditation
// body `ab` — admitted by vote, added to the channel by a config update its members sign, ACTIVE
// with its peer, then leaving and removed from the channel — cb1's second peer, an orderer added
// to and removed from Raft under approved proposals, and every refusal leaving the channel config
// unchanged. Runs after the other suites (it changes who is in the channel) and before governance.
import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Receipt } from '../../../gateway/src/receipts/receipt';
import { verifyReceipt } from '../../../gateway/src/receipts/verify';
import { apiKey, call, ok, waitUntil } from '../support/http';
import { blockHeight, CHAINCODE, CHANNEL, endorsementsOf, endorsementPlanReady, keySeparation, requireNetwork, ROOT, script, scriptResult, withGateway } from '../support/network';

const RUN = join(ROOT, 'run');
const run = randomUUID().slice(0, 8);
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const record = (ref: string): Record<string, unknown> => ({
  clientRef: ref, kind: 'AUDIT_REPORT', subject: { uscc: '91350100M000100Y43', auditId: `AUD-${ref}` }, digest: { alg: 'sha256', value: sha256(ref) },
});

interface ChannelConfig { sequence: string; digest: string; orgs: string[]; consenters: string[] }

/** The channel config as `org` reads it, through the operator's own script. */
function channelConfig(org = 'regulator'): ChannelConfig {
  const text = script('config-update.sh', 'config', org);
  const line = (name: string): string => new RegExp(`^${name}: (.*)$`, 'm').exec(text)?.[1] ?? '';
  return { sequence: line('sequence'), digest: line('digest'), orgs: line('application orgs').split(','), consenters: line('consenters').split(',') };
}

/** The script must refuse with a FATAL line matching `reason` and a FIX line, and leave the channel config as it was. */
function refusedUnchanged(reason: RegExp, ...args: string[]): void {
  const before = channelConfig();
  const result = scriptResult(...args);
  expect(result.status, `scripts/${args.join(' ')} should have been refused:\n${result.stderr}`).to.not.equal(0);
  expect(result.stderr).to.match(reason);
  expect(result.stderr).to.match(/FIX +\S/);
  expect(channelConfig(), 'the channel config is unchanged').to.deep.equal(before);
}

/** The update ID a prepare step prints alone on stdout. */
function prepared(...args: string[]): string {
  const result = scriptResult(...args);
  expect(result.status, result.stderr).to.equal(0);
  const id = result.stdout.trim().split('\n').pop() ?? '';
  expect(id, result.stderr).to.match(/^[a-z]+-[a-z-]*[a-z0-9.]+-at-\d+$/);
  return id;
}

/** Opens a proposal, has `voters` vote YES, waits for the deadline and finalizes it: APPROVED. */
async function decide(body: Record<string, unknown>, opener: string, voters: string[], admin: Record<string, string>): Promise<void> {
  const opened = ok(await call(opener, 'POST', '/v1/proposals', { key: admin[opener], body }), 201) as { deadline: string };
  for (const org of voters) ok(await call(org, 'POST', `/v1/proposals/${String(body.id)}/votes`, { key: admin[org], body: { choice: 'YES' } }), 201);
  await waitUntil(opened.deadline);
  const done = ok(await call(opener, 'POST', `/v1/proposals/${String(body.id)}/finalize`, { key: admin[opener] }), 200) as { proposal: { status: string } };
  expect(done.proposal.status).to.equal('APPROVED');
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * The height of an org's first peer from its operations endpoint (ledger_blockchain_height): it
 * needs no identity, so it answers for a peer whose org has left the channel, which qscc does not.
 */
async function ledgerHeight(org: string): Promise<number> {
  const topology = JSON.parse(readFileSync(join(ROOT, 'network', 'topology.json'), 'utf8')) as { orgs: { name: string; peer: { host: string; operationsPort: number } }[] };
  const peer = topology.orgs.find((o) => o.name === org)?.peer;
  if (peer === undefined) throw new Error(`no org ${org}`);
  const page = await new Promise<string>((resolve, reject) => {
    // /metrics wants a client certificate of the org: the operator uses its peer's own TLS pair
    const tls = join(RUN, org, 'peers', 'peer0', 'tls');
    const options = { host: peer.host, port: peer.operationsPort, path: '/metrics', ca: readFileSync(join(tls, 'ca.crt')), cert: readFileSync(join(tls, 'server.crt')), key: readFileSync(join(tls, 'server.key')) };
    const request = https.get(options, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { text += chunk; });
      response.on('end', () => resolve(text));
    });
    request.on('error', reject);
  });
  const height = new RegExp(`^ledger_blockchain_height\\{channel="${CHANNEL}"\\} (\\d+)`, 'm').exec(page)?.[1];
  if (height === undefined) throw new Error(`${org}'s peer reports no height for ${CHANNEL}`);
  return Number(height);
}

/** A write that may meet a Raft leader change: retried a few times on a 503. */
async function anchorWithRetry(org: string, key: string, ref: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    const answer = await call(org, 'POST', '/v1/evidence', { key, body: record(ref) });
    if (answer.status === 201 || attempt >= 5 || answer.status !== 503) {
      ok(answer, 201);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

const timings: Record<string, number> = {};
function timed<T>(name: string, fn: () => T): T {
  const started = Date.now();
  try {
    return fn();
  } finally {
    timings[name] = (timings[name] ?? 0) + (Date.now() - started) / 1000;
  }
}

describe('operator procedures: join, exit, extra peer and orderer under the on-chain rules (final)', function () {
  this.timeout(600_000);
  const admin: Record<string, string> = {};

  before(async function () {
    await requireNetwork(this);
    await endorsementPlanReady();
    for (const org of ['regulator', 'cb1', 'cb2']) admin[org] = apiKey(org, 'admin1');
  });

  after(() => {
    // the wall time of each procedure, for the closing note and the README
    for (const [name, seconds] of Object.entries(timings)) console.log(`      ${name}: ${seconds.toFixed(1)} s`);
  });

  describe('the whole life of ab', () => {
    let abRecord: string;

    it('ab applies with its own CA, identities and MSP definition; no key of ab leaves its folder', () => {
      timed('join: ab applies', () => script('org-join.sh', 'apply', 'ab'));
      const def = join(RUN, 'exchange', 'orgs', 'ab');
      expect(JSON.parse(readFileSync(join(def, 'definition.json'), 'utf8'))).to.include({ mspId: 'AbMSP', role: 'ACCREDITATION_BODY' });
      expect(existsSync(join(RUN, 'ab', 'users', 'admin1', 'msp', 'keystore', 'key.pem'))).to.equal(true);
      const body = JSON.parse(scriptResult('org-join.sh', 'proposal', 'ab').stdout) as { payload: { member: { caRootPem: string } } };
      expect(body.payload.member.caRootPem).to.equal(readFileSync(join(def, 'msp', 'cacerts', 'ca.pem'), 'utf8'));
    });

    it('refuses to prepare ab\'s join before an ADMIT_MEMBER proposal is approved; the channel config is unchanged', () => {
      refusedUnchanged(/refused: the chain does not allow AbMSP to join/, 'org-join.sh', 'prepare', 'ab', 'cb1');
    });

    it('admits ab by vote (regulator and cb1 vote yes); a definition other than the one voted on is refused', async () => {
      const body = JSON.parse(scriptResult('org-join.sh', 'proposal', 'ab').stdout) as Record<string, unknown>;
      await decide({ ...body, id: `admit-ab-${run}` }, 'cb1', ['regulator', 'cb1'], admin);

      // The same applicant with another CA root: the update is not prepared.
      const forged = mkdtempSync(join(tmpdir(), 'forged-ab-'));
      cpSync(join(RUN, 'exchange', 'orgs', 'ab'), forged, { recursive: true });
      writeFileSync(join(forged, 'msp', 'cacerts', 'ca.pem'), readFileSync(join(RUN, 'exchange', 'orgs', 'cb1', 'msp', 'cacerts', 'ca.pem')));
      refusedUnchanged(/the CA root certificate in .* is not the one recorded with proposal admit-ab-/, 'org-join.sh', 'prepare', 'ab', 'cb1', forged);
    });

    it('adds ab to the channel with the signatures of a majority of the members\' admins; too few are refused', () => {
      const before = channelConfig();
      const id = timed('join: cb1 prepares, regulator signs, cb1 submits', () => prepared('org-join.sh', 'prepare', 'ab', 'cb1'));
      // cb1 alone (the submitter) is 1 of the 2 signatures a majority of 3 needs
      refusedUnchanged(/has 1 of the 2 signatures/, 'config-update.sh', 'submit', id, 'cb1');
      timed('join: cb1 prepares, regulator signs, cb1 submits', () => {
        script('config-update.sh', 'sign', id, 'regulator');
        script('config-update.sh', 'submit', id, 'cb1');
      });
      const after = channelConfig();
      expect(after.orgs).to.include('AbMSP');
      expect(Number(after.sequence)).to.equal(Number(before.sequence) + 1);
      // a rerun changes nothing
      expect(script('config-update.sh', 'submit', id, 'cb1')).to.match(/already submitted/);
    });

    it('ab joins its peer, approves the chaincode, starts its gateway and registers its peer: ACTIVE; its peer reaches the channel height and its write commits', async () => {
      timed('join: ab finishes', () => script('org-join.sh', 'finish', 'ab'));
      const member = ok(await call('cb1', 'GET', '/v1/members/AbMSP', { key: admin.cb1 }), 200) as { status: string };
      expect(member.status).to.equal('ACTIVE');
      await waitFor('ab\'s peer at cb1\'s height', async () => (await blockHeight('ab')) >= (await blockHeight('cb1')));

      const recorder = apiKey('ab', 'recorder1');
      abRecord = `ab-${run}`;
      const created = ok(await call('ab', 'POST', '/v1/evidence', { key: recorder, body: record(abRecord) }), 201) as { txId?: string };
      const txId = (created as { txId: string }).txId;
      // the endorsement policy is a majority of the members now in the channel: 3 of 4
      const { endorsers } = await endorsementsOf('cb1', txId);
      expect(endorsers.length, endorsers.join(',')).to.be.at.least(3);
      expect(endorsers).to.include('AbMSP');
    });

    it('ab gives notice; its removal is refused until the chain shows it EXITED; completeExit after the notice', async () => {
      const abAdmin = apiKey('ab', 'admin1');
      const notice = ok(await call('ab', 'POST', '/v1/members/self/exit-request', { key: abAdmin }), 200) as { noticeEnds: string };
      refusedUnchanged(/refused: the chain shows AbMSP as EXITING/, 'org-exit.sh', 'prepare', 'ab', 'cb1');
      await waitUntil(notice.noticeEnds);
      const exited = ok(await call('ab', 'POST', '/v1/members/self/exit-completion', { key: abAdmin }), 200) as { member: { status: string } };
      expect(exited.member.status).to.equal('EXITED');
    });

    it('the remaining members remove ab from the channel (3 of 4 admins sign)', () => {
      const id = timed('exit: cb1 prepares, regulator and cb2 sign, cb1 submits', () => prepared('org-exit.sh', 'prepare', 'ab', 'cb1'));
      script('config-update.sh', 'sign', id, 'regulator');
      refusedUnchanged(/has 2 of the 3 signatures/, 'config-update.sh', 'submit', id, 'cb1');
      timed('exit: cb1 prepares, regulator and cb2 sign, cb1 submits', () => {
        script('config-update.sh', 'sign', id, 'cb2');
        script('config-update.sh', 'submit', id, 'cb1');
      });
      expect(channelConfig().orgs).to.not.include('AbMSP');
    });

    it('after that, ab\'s writes are refused and its peer\'s height stops while the others go on; ab\'s record still verifies through every gateway, receipt included', async () => {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const abHeight = await ledgerHeight('ab');
      for (let i = 0; i < 3; i += 1) ok(await call('cb1', 'POST', '/v1/evidence', { key: apiKey('cb1', 'recorder1'), body: record(`after-ab-${run}-${i}`) }), 201);
      const refused = await call('ab', 'POST', '/v1/evidence', { key: apiKey('ab', 'recorder1'), body: record(`ab-late-${run}`) });
      expect(refused.status, JSON.stringify(refused.body)).to.be.at.least(400);
      await waitFor('the founders\' peers to pass ab\'s height', async () => (await ledgerHeight('cb2')) > abHeight + 2);
      expect(await ledgerHeight('ab'), 'ab\'s peer receives no further blocks').to.equal(abHeight);

      for (const org of ['regulator', 'cb1', 'cb2']) {
        const reader = apiKey(org, 'reader1');
        const found = ok(await call(org, 'GET', `/v1/evidence/${encodeURIComponent(`AbMSP:${abRecord}`)}`, { key: reader }), 200) as { digest: { value: string } };
        expect(found.digest.value).to.equal(sha256(abRecord));
        const receipt = ok(await call(org, 'GET', `/v1/evidence/${encodeURIComponent(`AbMSP:${abRecord}`)}/receipt`, { key: reader }), 200) as unknown as Receipt;
        const result = verifyReceipt(receipt, { expectedChannel: CHANNEL });
        expect(result.valid, `${org}: ${JSON.stringify(result.checks)}`).to.equal(true);
      }
      timed('exit: ab stops its nodes', () => script('org-exit.sh', 'finish', 'ab'));
      expect(existsSync(join(RUN, 'ab', 'peers', 'peer0', 'data')), 'ab keeps its ledger').to.equal(true);
    });
  });

  describe('one member, one host', () => {
    it('every founder\'s node listens only on its member\'s own address, and its TLS certificate names only that address', async () => {
      const topology = JSON.parse(readFileSync(join(ROOT, 'network', 'topology.json'), 'utf8')) as {
        orgs: { name: string; founder?: boolean; ca: { host: string; port: number }; peer: { host: string; port: number }; orderer: { host: string; port: number; adminPort: number } }[];
      };
      const founders = topology.orgs.filter((o) => o.founder !== false);
      const refused = async (host: string, port: number): Promise<boolean> => new Promise((resolve) => {
        const socket = net.connect({ host, port });
        socket.once('connect', () => { socket.destroy(); resolve(false); });
        socket.once('error', () => resolve(true));
      });
      for (const org of founders) {
        const others = ['127.0.0.1', ...founders.filter((o) => o.name !== org.name).map((o) => o.peer.host)];
        for (const port of [org.ca.port, org.peer.port, org.orderer.port, org.orderer.adminPort]) {
          expect(await refused(org.peer.host, port), `${org.name}:${port} on its own address`).to.equal(false);
          for (const host of others) expect(await refused(host, port), `${org.name}'s port ${port} on ${host}`).to.equal(true);
        }
        for (const cert of [join(RUN, org.name, 'peers', 'peer0', 'tls', 'server.crt'), join(RUN, org.name, 'orderers', 'orderer0', 'tls', 'server.crt')]) {
          expect(new X509Certificate(readFileSync(cert)).subjectAltName).to.equal(`IP Address:${org.peer.host}`);
        }
      }
    });

    it('member.sh acts for one member only: its status lists only its own processes', () => {
      const status = script('member.sh', 'status', 'cb2');
      const processes = status.split('\n').filter((line) => /^(ca|orderer|peer|chaincode|gateway)-/.test(line)).map((line) => line.split(/\s+/)[0]);
      expect(processes).to.deep.equal(['ca-cb2', 'orderer-cb2', 'peer-cb2', 'chaincode-cb2', 'gateway-cb2']);
      expect(status).to.match(/block height on peer-cb2: \d+/);
      const refused = scriptResult('member.sh', 'stop', 'cb2', 'peer-cb1');
      expect(refused.status).to.not.equal(0);
      expect(refused.stderr).to.match(/peer-cb1 is not a process of cb2/);
    });
  });

  describe('extra nodes', () => {
    it('cb1 adds a second peer, which catches up and endorses, and then removes it', async () => {
      timed('node: cb1 adds peer1', () => script('node.sh', 'add-peer', 'cb1', 'peer1'));
      const node = ok(await call('cb1', 'GET', '/v1/nodes/peer1.cb1', { key: admin.cb1 }), 200) as { status: string; type: string };
      expect(node).to.include({ status: 'ACTIVE', type: 'PEER' });
      expect(await blockHeight('cb1', 'peer1')).to.be.at.least((await blockHeight('cb1')) - 1);

      // A write through peer1's own gateway service: peer1 endorses it for cb1.
      const txId = await withGateway('cb1', 'recorder1', async (gateway) => {
        const contract = gateway.getNetwork(CHANNEL).getContract(CHAINCODE, 'evidence');
        const commit = await contract.submitAsync('anchor', { arguments: [JSON.stringify(record(`peer1-${run}`))] });
        expect((await commit.getStatus()).successful).to.equal(true);
        return commit.getTransactionId();
      }, 'peer1');
      const { peers } = await endorsementsOf('cb1', txId);
      expect(peers).to.include('Cb1MSP/peer1');

      timed('node: cb1 removes peer1', () => script('node.sh', 'remove-peer', 'cb1', 'peer1'));
      const removed = ok(await call('cb1', 'GET', '/v1/nodes/peer1.cb1', { key: admin.cb1 }), 200) as { status: string };
      expect(removed.status).to.equal('REMOVED');
      expect(existsSync(join(RUN, 'cb1', 'pids', 'peer-cb1-peer1.pid')), 'peer1 is stopped').to.equal(false);
    });

    it('an orderer added under an approved ADD_ORDERER proposal takes part in Raft; removed under REMOVE_ORDERER; never below the charter minimum', async () => {
      refusedUnchanged(/refused: the chain has no orderer orderer1\.cb1/, 'node.sh', 'add-orderer', 'cb1', 'orderer1', 'regulator');
      const body = JSON.parse(scriptResult('node.sh', 'orderer-proposal', 'cb1', 'orderer1').stdout) as Record<string, unknown>;
      await decide({ ...body, id: `add-orderer-${run}` }, 'cb1', ['regulator', 'cb1'], admin);

      const id = timed('node: orderer1 added to Raft', () => prepared('node.sh', 'add-orderer', 'cb1', 'orderer1', 'regulator'));
      // the consenter set belongs to a majority of the orderer orgs, and cb1's endpoints to cb1
      refusedUnchanged(/only Cb1MSP's admins may change/, 'config-update.sh', 'submit', id, 'regulator');
      const joined = timed('node: orderer1 added to Raft', () => {
        script('config-update.sh', 'sign', id, 'cb1');
        script('config-update.sh', 'submit', id, 'regulator');
        return script('node.sh', 'join-orderer', 'cb1', 'orderer1');
      });
      expect(channelConfig().consenters).to.include('127.0.0.3:8057');
      expect(joined).to.match(/orderer-cb1-orderer1 is an active consenter at height \d+/);
      const height = Number(/at height (\d+)/.exec(joined)?.[1]);
      expect(height).to.be.at.least((await blockHeight('cb1')) - 1);
      // writes still commit with four consenters
      await anchorWithRetry('cb1', apiKey('cb1', 'recorder1'), `four-orderers-${run}`);

      // removal: only under an approved REMOVE_ORDERER
      refusedUnchanged(/refused: orderer orderer1\.cb1 is ACTIVE on chain/, 'node.sh', 'remove-orderer', 'cb1', 'orderer1', 'regulator');
      await decide({ id: `remove-orderer-${run}`, type: 'REMOVE_ORDERER', target: 'Cb1MSP', payload: { nodeId: 'orderer1.cb1' } }, 'cb1', ['regulator', 'cb1'], admin);
      const removal = timed('node: orderer1 removed from Raft', () => prepared('node.sh', 'remove-orderer', 'cb1', 'orderer1', 'regulator'));
      timed('node: orderer1 removed from Raft', () => {
        script('config-update.sh', 'sign', removal, 'cb1');
        script('config-update.sh', 'submit', removal, 'regulator');
        script('node.sh', 'stop-orderer', 'cb1', 'orderer1');
      });
      expect(channelConfig().consenters).to.not.include('127.0.0.3:8057');
      expect(existsSync(join(RUN, 'cb1', 'orderers', 'orderer1', 'data', 'ledger')), 'the removed orderer keeps its ledger').to.equal(true);
      await anchorWithRetry('cb1', apiKey('cb1', 'recorder1'), `three-orderers-${run}`);

      // three consenters is the charter minimum: the chain refuses to propose a fourth removal,
      // and the script refuses while the orderer is ACTIVE on chain
      const below = await call('cb1', 'POST', '/v1/proposals', { key: admin.cb1, body: { id: `below-min-${run}`, type: 'REMOVE_ORDERER', target: 'Cb2MSP', payload: { nodeId: 'orderer0.cb2' } } });
      expect(below.status, JSON.stringify(below.body)).to.equal(412);
      expect(String(below.body.message)).to.match(/charter minimum is 3/);
      refusedUnchanged(/refused: orderer orderer0\.cb2 is ACTIVE on chain/, 'node.sh', 'remove-orderer', 'cb2', 'orderer0', 'regulator');
    });
  });

  // (in a suite of its own: mocha runs a suite's own tests before its child suites)
  describe('afterwards', () => {
    it('key separation holds after every procedure: no member\'s key, enrolment secret or CA database lies in another\'s folder or in the exchange folder', () => {
      const { misplaced, keys } = keySeparation();
      expect(misplaced).to.deep.equal([]);
      // founders' and ab's users and nodes, cb1's peer1 and orderer1
      expect(keys).to.be.greaterThan(25);
    });
  });
});
