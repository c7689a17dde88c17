// Identities of a member's own CA on the real network (docs/operations.md "Register, enrol and
// revoke an identity"): a fresh user of cb1 registered and enrolled with scripts/identity.sh
// writes through the Fabric Gateway SDK and through cb1's REST gateway; its identity is revoked
// (the CA's CRL put into Cb1MSP by cb1's admin alone); from then on the peers refuse it, for a
// fresh proposal as for a transaction it had endorsed before, while another user of cb1 still
// writes, and its API key answers 401. The config update is what makes the nodes enforce the
// CRL: no node is restarted.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@grpc/grpc-js';
import type { Contract, Gateway, Transaction } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { connectGateway, newGrpcClient } from '../../gateway/src/fabric/connection';
import type { Receipt } from '../../gateway/src/receipts/receipt';
import { verifyReceipt } from '../../gateway/src/receipts/verify';
import { ifAssigned } from '../support/defined';
import { apiKey, call, ok } from './support/http';
import { CHAINCODE, CHANNEL, credentials, peerEndpoint, pidFiles, requireNetwork, ROOT, script, scriptResult, topology, withGateway } from './support/network';

const run = randomUUID().slice(0, 8);
const revokedUser = `rev-${run}`;
const freshUser = `fresh-${run}`;
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const record = (ref: string): Record<string, unknown> => ({
  clientRef: ref, kind: 'AUDIT_REPORT', subject: { uscc: '91350100M000100Y43', auditId: `AUD-${ref}` }, digest: { alg: 'sha256', value: sha256(ref) },
});

const timings: Record<string, number> = {};
function timed<T>(name: string, fn: () => T): T {
  const started = Date.now();
  try {
    return fn();
  } finally {
    timings[name] = (timings[name] ?? 0) + (Date.now() - started) / 1000;
  }
}

/** The channel config's sequence as cb1 reads it (scripts/config-update.sh config). */
function configSequence(): number {
  return Number(/^sequence: (\d+)$/m.exec(script('config-update.sh', 'config', 'cb1'))?.[1]);
}

/** The line of `identity.sh list ORG` for one identity, split into its columns. */
function listed(org: string, id: string): { type: string; role: string; expires: string; state: string } {
  const line = script('identity.sh', 'list', org).split('\n').find((l) => l.split(/\s+/)[0] === id);
  if (line === undefined) throw new Error(`identity.sh list ${org} does not list ${id}`);
  const [, type, role, expires, ...state] = line.trim().split(/\s+/);
  return { type: type as string, role: role as string, expires: expires as string, state: state.join(' ') };
}

/** Submits an anchor as the gateway's user; 'VALID' when it commits valid, else the failure. */
async function trySubmit(contract: Contract, ref: string): Promise<string> {
  try {
    const submitted = await contract.submitAsync('anchor', { arguments: [JSON.stringify(record(ref))] });
    const status = await submitted.getStatus();
    return status.successful ? 'VALID' : `committed with validation code ${status.code}`;
  } catch (error) {
    return refusal(error);
  }
}

/** A Fabric Gateway error's message with each endorser's or orderer's own message. */
function refusal(error: unknown): string {
  const details = ((error as { details?: { mspId?: string; message?: string }[] }).details ?? []).map((d) => `${d.mspId ?? '?'}: ${d.message ?? ''}`);
  return [error instanceof Error ? error.message : JSON.stringify(error), ...details].join(' | ');
}

/** How often cb1's peer has refused a certificate as revoked (its log, on cb1's own host). */
function revokedRefusals(): number {
  return (readFileSync(join(ROOT, 'run', 'cb1', 'logs', 'peer-cb1.log'), 'utf8').match(/The certificate has been revoked/g) ?? []).length;
}

/** Every started process with its PID, to show that none was restarted. */
function pids(): Record<string, string> {
  return Object.fromEntries(pidFiles().map((f) => [f.name, readFileSync(f.path, 'utf8').trim()]));
}

describe('identities: register, enrol and revoke a user of a member\'s own CA; the peers refuse a revoked certificate', function () {
  this.timeout(600_000);
  let client: Client;
  let gateway: Gateway;
  let contract: Contract;
  let key: string;
  let preEndorsed: Transaction;
  const anchored: string[] = [];

  before(async function () {
    await requireNetwork(this);
  });

  after(() => {
    ifAssigned(gateway)?.close();
    ifAssigned(client)?.close();
    // the wall time of each procedure, for the closing note and the README
    for (const [name, seconds] of Object.entries(timings)) console.log(`      ${name}: ${seconds.toFixed(1)} s`);
  });

  it('registers and enrols a recorder of cb1 with identity.sh; a rerun changes nothing; a role outside the five is refused', () => {
    timed('identity: register + enroll', () => {
      script('identity.sh', 'register', 'cb1', revokedUser, 'recorder');
      script('identity.sh', 'enroll', 'cb1', revokedUser);
    });
    expect(script('identity.sh', 'register', 'cb1', revokedUser, 'recorder')).to.match(/already registered .*nothing changed/);
    expect(script('identity.sh', 'enroll', 'cb1', revokedUser)).to.match(/already enrolled .*nothing changed/);
    const otherRole = scriptResult('identity.sh', 'register', 'cb1', revokedUser, 'issuer');
    expect(otherRole.status).to.equal(1);
    expect(otherRole.stderr).to.match(/already registered at ca-cb1 with certledger\.role=recorder/);
    const badRole = scriptResult('identity.sh', 'register', 'cb1', `x-${run}`, 'auditor');
    expect(badRole.status).to.equal(1);
    expect(badRole.stderr).to.match(/FATAL .*unknown role 'auditor'/);
    expect(badRole.stderr).to.match(/FIX .*admin issuer recorder regulator reader/);

    const row = listed('cb1', revokedUser);
    expect(row).to.include({ type: 'client', role: 'recorder', state: 'active' });
    expect(Date.parse(row.expires)).to.be.greaterThan(Date.now());
    expect(listed('cb1', 'issuer1')).to.include({ role: 'issuer', state: 'active' });
    // the certificate carries the role: the chaincode authorises by it
    const pem = credentials('cb1', revokedUser).certificatePem.toString();
    expect(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('latin1')).to.include('"certledger.role":"recorder"');
  });

  it('the new user writes through the Fabric Gateway SDK and through cb1\'s REST gateway, and endorses one more transaction it keeps unsubmitted', async () => {
    client = newGrpcClient(peerEndpoint('cb1'));
    gateway = connectGateway(client, credentials('cb1', revokedUser));
    contract = gateway.getNetwork(CHANNEL).getContract(CHAINCODE, 'evidence');
    expect(await trySubmit(contract, `sdk-${run}`)).to.equal('VALID');
    anchored.push(`sdk-${run}`);

    key = apiKey('cb1', revokedUser);
    ok(await call('cb1', 'POST', '/v1/evidence', { key, body: record(`rest-${run}`) }), 201);
    anchored.push(`rest-${run}`);
    ok(await call('cb1', 'GET', `/v1/evidence/${encodeURIComponent(`Cb1MSP:rest-${run}`)}`, { key }), 200);

    // endorsed (signed by the user, endorsed by a majority) now, submitted only after the revocation
    preEndorsed = await contract.newProposal('anchor', { arguments: [JSON.stringify(record(`pre-${run}`))] }).endorse();
  });

  it('revokes the user with identity.sh: the CA lists it revoked, the CRL is in Cb1MSP (one config update, cb1\'s signature alone), no node restarted', () => {
    const before = configSequence();
    const processes = pids();
    const output = timed('identity: revoke (CA, CRL, API keys, channel config update, applied)', () => script('identity.sh', 'revoke', 'cb1', revokedUser, 'keycompromise'));
    expect(output).to.match(/ca-cb1 revoked rev-/);
    expect(output).to.match(/revoked every API key of rev-/);
    expect(output).to.match(/config update revoke-rev-[^ ]+ is on the channel/);
    expect(output).to.match(/peer-cb1 has committed config block \d+/);
    expect(configSequence()).to.equal(before + 1);
    expect(pids(), 'no process was restarted').to.deep.equal(processes);

    const id = /config update (revoke-\S+) is on the channel/.exec(output)?.[1] as string;
    const shown = script('config-update.sh', 'show', id);
    expect(shown).to.match(/signatures needed: 1 \(Cb1MSP's own admins\)/);
    expect(shown).to.match(/writes: modifies value \/Channel\/Application\/Cb1MSP\/MSP/);
    expect(shown).to.match(/writes: modifies value \/Channel\/Orderer\/Cb1MSP\/MSP/);
    expect((JSON.parse(readFileSync(join(ROOT, 'run', 'exchange', 'updates', id, 'submitted.json'), 'utf8')) as { signers: unknown }).signers).to.deep.equal(['Cb1MSP']);

    expect(listed('cb1', revokedUser)).to.include({ role: 'recorder', state: 'revoked' });
    expect(listed('cb1', 'recorder1').state).to.equal('active');
  });

  it('a rerun of the revocation says the channel already has the CA\'s CRL and changes nothing', () => {
    const before = configSequence();
    const output = script('identity.sh', 'revoke', 'cb1', revokedUser);
    expect(output).to.match(/already revoked rev-/);
    expect(output).to.match(/already revokes the \d+ certificate\(s\) ca-cb1 revoked; nothing changed/);
    expect(output).to.match(/has no API key at cb1's gateway; nothing changed/);
    expect(configSequence()).to.equal(before);
    const enrol = scriptResult('identity.sh', 'enroll', 'cb1', revokedUser);
    expect(enrol.status, 'an enrolled identity is not enrolled again').to.equal(0);
  });

  it('then 0 of 20 fresh submits of the revoked user are accepted', async () => {
    const refusalsBefore = revokedRefusals();
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i += 1) outcomes.push(await trySubmit(contract, `after-${run}-${i}`));
    const accepted = outcomes.filter((o) => o === 'VALID').length;
    console.log(`      fresh submits accepted after revocation: ${accepted} of ${outcomes.length}; first refusal: ${(outcomes[0] ?? '').slice(0, 300)}`);
    expect(accepted).to.equal(0);
    // each is refused when cb1's peer validates the proposal's creator: its certificate is revoked
    for (const outcome of outcomes) expect(outcome).to.match(/error validating proposal: access denied: channel \[certchannel\] creator org \[Cb1MSP\]/);
    expect(revokedRefusals() - refusalsBefore, 'cb1\'s peer logs each refusal as a revoked certificate').to.be.at.least(20);
    // evaluating is refused too: the peer does not accept the certificate at all
    let evaluated = true;
    try {
      await contract.evaluateTransaction('get', `Cb1MSP:sdk-${run}`);
    } catch {
      evaluated = false;
    }
    expect(evaluated, 'a read signed by the revoked certificate is refused').to.equal(false);
  });

  it('every founder\'s peer refuses the revoked certificate, not only cb1\'s: the CRL is in the channel config they all share', async () => {
    for (const org of topology.orgs.map((o) => o.name)) {
      const peerClient = newGrpcClient(peerEndpoint(org));
      const asRevoked = connectGateway(peerClient, credentials('cb1', revokedUser));
      try {
        const evidence = asRevoked.getNetwork(CHANNEL).getContract(CHAINCODE, 'evidence');
        // a peer applies the config block when it commits it: give the others a moment
        let outcome = '';
        for (const deadline = Date.now() + 15_000; ;) {
          try {
            await evidence.evaluateTransaction('get', `Cb1MSP:sdk-${run}`);
            outcome = 'answered';
          } catch (error) {
            outcome = refusal(error);
          }
          if (outcome !== 'answered' || Date.now() > deadline) break;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        expect(outcome, `${org}'s peer`).to.match(/access denied: channel \[certchannel\] creator org \[Cb1MSP\]/);
      } finally {
        asRevoked.close();
        peerClient.close();
      }
    }
  });

  it('the transaction the user endorsed before its revocation does not commit VALID when submitted after it', async () => {
    let outcome: string;
    try {
      const submitted = await preEndorsed.submit();
      const status = await submitted.getStatus();
      outcome = status.successful ? 'VALID' : `committed with validation code ${status.code}`;
    } catch (error) {
      outcome = refusal(error);
    }
    console.log(`      pre-endorsed transaction submitted after revocation: ${outcome.slice(0, 300)}`);
    expect(outcome).to.not.equal('VALID');
    // the ordering service refuses it: the creator no longer satisfies any Writers policy
    expect(outcome).to.match(/FORBIDDEN|validation code/);
    // nor is its record on the ledger
    const found = await call('cb1', 'GET', `/v1/evidence/${encodeURIComponent(`Cb1MSP:pre-${run}`)}`, { key: apiKey('cb1', 'reader1') });
    expect(found.status, JSON.stringify(found.body)).to.equal(404);
  });

  it('a fresh user of cb1 still writes, through the SDK and through REST', async () => {
    script('identity.sh', 'register', 'cb1', freshUser, 'recorder');
    script('identity.sh', 'enroll', 'cb1', freshUser);
    const committed = await withGateway('cb1', freshUser, async (g) => trySubmit(g.getNetwork(CHANNEL).getContract(CHAINCODE, 'evidence'), `fresh-sdk-${run}`));
    expect(committed).to.equal('VALID');
    ok(await call('cb1', 'POST', '/v1/evidence', { key: apiKey('cb1', freshUser), body: record(`fresh-rest-${run}`) }), 201);
    expect(listed('cb1', freshUser).state).to.equal('active');
  });

  it('the revoked user\'s API key answers 401; what it wrote before stays readable and its receipts verify', async () => {
    const refused = await call('cb1', 'GET', `/v1/evidence/${encodeURIComponent(`Cb1MSP:rest-${run}`)}`, { key });
    expect(refused.status, JSON.stringify(refused.body)).to.equal(401);
    const write = await call('cb1', 'POST', '/v1/evidence', { key, body: record(`rest-after-${run}`) });
    expect(write.status, JSON.stringify(write.body)).to.equal(401);
    const reader = apiKey('cb1', 'reader1');
    for (const ref of anchored) {
      const found = ok(await call('cb1', 'GET', `/v1/evidence/${encodeURIComponent(`Cb1MSP:${ref}`)}`, { key: reader }), 200) as { digest: { value: string } };
      expect(found.digest.value).to.equal(sha256(ref));
      // its receipt still verifies offline: the transaction was valid when it was committed
      const receipt = ok(await call('cb1', 'GET', `/v1/evidence/${encodeURIComponent(`Cb1MSP:${ref}`)}/receipt`, { key: reader }), 200) as unknown as Receipt;
      const verified = verifyReceipt(receipt, { expectedChannel: CHANNEL });
      expect(verified.valid, JSON.stringify(verified.checks)).to.equal(true);
    }
  });

  it('refuses to revoke the identity the scripts act as, or a node\'s identity, before touching anything', () => {
    const before = configSequence();
    const admin = scriptResult('identity.sh', 'revoke', 'cb1', 'admin1');
    expect(admin.status).to.equal(1);
    expect(admin.stderr).to.match(/FATAL .*admin1 is the identity the operator scripts of cb1 act as/);
    const peer = scriptResult('identity.sh', 'revoke', 'cb1', 'peer0');
    expect(peer.status).to.equal(1);
    expect(peer.stderr).to.match(/FATAL .*peer0 is a peer identity of cb1's nodes/);
    expect(peer.stderr).to.match(/FIX .*scripts\/node\.sh/);
    const unknown = scriptResult('identity.sh', 'revoke', 'cb1', `nobody-${run}`);
    expect(unknown.status).to.equal(1);
    expect(unknown.stderr).to.match(/FATAL .*ca-cb1 has no identity 'nobody-/);
    expect(listed('cb1', 'admin1').state).to.equal('active');
    expect(configSequence()).to.equal(before);
  });
});
