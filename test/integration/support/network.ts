// The real local consortium for integration suites: brought up with the operator's own script,
// reached through @hyperledger/fabric-gateway as the topology's users.
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import type { Proposal } from '@hyperledger/fabric-gateway';
import { CHAINCODE, CHANNEL, ROOT, RUN, allOrgs, credentials, peerEndpoint, topology, withGateway } from '../../../tools/network';

export { CHAINCODE, CHANNEL, ROOT, allOrgs, credentials, peerEndpoint, topology, withGateway };

/** The PID file of every process the scripts started, in every member's run/<org>/pids/. */
export function pidFiles(): { name: string; path: string }[] {
  const files: { name: string; path: string }[] = [];
  for (const o of allOrgs) {
    const dir = join(RUN, o.name, 'pids');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) files.push({ name: file.replace(/\.pid$/, ''), path: join(dir, file) });
  }
  return files;
}
/** Every path under a folder, depth first. */
export function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    out.push(path);
    if (entry.isDirectory()) walk(path, out);
  }
  return out;
}

/**
 * Key separation over run/: every private key, enrolment secret and CA database must lie in its
 * own member's folder (never in another's, never in the exchange folder), and each key's
 * certificate must come from that member's CA. Answers the problems found and the keys checked.
 */
export function keySeparation(): { misplaced: string[]; keys: number } {
  const misplaced: string[] = [];
  let keys = 0;
  for (const path of walk(RUN).filter((p) => statSync(p).isFile())) {
    const name = relative(RUN, path);
    const text = readFileSync(path, 'latin1');
    const secretLike = /PRIVATE KEY-----/.test(text) || /\/ca\/secrets\//.test(name) || /fabric-ca-server\.db$/.test(name);
    if (!secretLike) continue;
    const owner = /^([^/]+)\//.exec(name)?.[1];
    if (owner === undefined || !allOrgs.some((o) => o.name === owner)) {
      misplaced.push(`${name}: outside every member's folder`);
      continue;
    }
    if (!/PRIVATE KEY-----/.test(text)) continue;
    // the certificate beside the key: an MSP's signcerts/cert.pem, or a TLS pair's server.crt
    const certPath = /keystore\/[^/]+$/.test(name) ? join(dirname(dirname(path)), 'signcerts', 'cert.pem') : path.replace(/server\.key$/, 'server.crt');
    if (certPath === path || !existsSync(certPath)) continue;
    const caCert = new X509Certificate(readFileSync(join(RUN, owner, 'msp', 'cacerts', 'ca.pem')));
    keys += 1;
    if (!new X509Certificate(readFileSync(certPath)).verify(caCert.publicKey)) misplaced.push(`${name}: its certificate is not from ca-${owner}`);
  }
  return { misplaced, keys };
}

/** Runs an operator script; throws with its output when it fails. */
export function script(...args: string[]): string {
  const result = spawnSync(join(ROOT, 'scripts', args[0] as string), args.slice(1), { cwd: ROOT, encoding: 'utf8', timeout: 900_000 });
  if (result.status !== 0) {
    throw new Error(`scripts/${args.join(' ')} failed (exit ${String(result.status)}):\n${result.stderr.split('\n').slice(-25).join('\n')}`);
  }
  return result.stdout + result.stderr;
}

/** Runs an operator script that may fail: its exit status and both outputs. */
export function scriptResult(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(join(ROOT, 'scripts', args[0] as string), args.slice(1), { cwd: ROOT, encoding: 'utf8', timeout: 900_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Under CI (and with CERTLEDGER_REQUIRE_NETWORK=1) a network that cannot come up fails the run. */
export function networkRequired(): boolean {
  return process.env.CERTLEDGER_REQUIRE_NETWORK === '1' || process.env.CI === 'true';
}

let unavailable: string | undefined;
let started = false;

/**
 * Brings the network up once per test run. When Fabric's binaries cannot be installed on this
 * machine, returns the installer's reason so suites can skip; under CI, or with
 * CERTLEDGER_REQUIRE_NETWORK=1, that is a failure carrying the reason instead. A ledger an earlier run changed for good (a founder expelled) or one
 * running an older build of the chaincode is recreated, so every run starts from the founding
 * consortium with this checkout's code.
 */
export async function ensureNetwork(): Promise<string | undefined> {
  if (started || unavailable !== undefined) return unavailable;
  if (!existsSync(join(ROOT, '.fabric', 'bin', 'peer'))) {
    const install = spawnSync(join(ROOT, 'scripts', 'install-fabric.sh'), [], { cwd: ROOT, encoding: 'utf8', timeout: 1_800_000 });
    if (install.status !== 0) {
      const reason = install.stderr.split('\n').filter((l) => /FATAL|FIX|403|not available/.test(l)).slice(0, 6).join('\n');
      if (networkRequired()) throw new Error(`Fabric binaries unavailable:\n${reason}`);
      unavailable = `Fabric binaries unavailable on this machine:\n${reason}`;
      return unavailable;
    }
  }
  try {
    script('network.sh', 'up');
  } catch (error) {
    // The suites own the local ledger: one that runs an older build of the chaincode, or one an
    // earlier run left where it cannot start again (its members exited, expelled or restored), is
    // recreated. A network that cannot come up from nothing still fails.
    if (!existsSync(join(RUN, 'exchange'))) throw error;
    const reason = /FATAL.*$/m.exec(String(error))?.[0] ?? 'it did not start';
    console.warn(`  network.sh up failed on the existing ledger (${reason}); recreating it (network.sh clean, up)`);
    script('network.sh', 'clean');
    script('network.sh', 'up');
  }
  if (!(await pristine())) {
    console.warn('  an earlier run expelled or suspended a founder, or admitted ab; recreating the ledger (network.sh clean, up)');
    script('network.sh', 'clean');
    script('network.sh', 'up');
  }
  await endorsementPlanReady();
  started = true;
  return undefined;
}

/** A suite's `before` hook: the network up, or the whole suite skipped with the reason printed. */
export async function requireNetwork(context: Mocha.Context): Promise<void> {
  // The first suite of a run may install Fabric or recreate the ledger: give its hook the time.
  context.timeout(1_800_000);
  const reason = await ensureNetwork();
  if (reason !== undefined) {
    console.warn(`\n  SKIPPED: ${reason}\n`);
    context.skip();
  }
}

/** Every founder ACTIVE: the state the suites start from (an expulsion is final). */
async function pristine(): Promise<boolean> {
  return withGateway(topology.orgs[0]?.name ?? 'regulator', 'reader1', async (gateway) => {
    const contract = gateway.getNetwork(CHANNEL).getContract(CHAINCODE, 'membership');
    const members = JSON.parse(Buffer.from(await contract.evaluateTransaction('listMembers')).toString()) as { mspId: string; status: string }[];
    // the founders all ACTIVE, and no member that joins later (ab) admitted or started yet
    const joiners = allOrgs.filter((o) => !topology.orgs.includes(o));
    return topology.orgs.every((o) => members.some((m) => m.mspId === o.mspId && m.status === 'ACTIVE')) &&
      joiners.every((o) => !members.some((m) => m.mspId === o.mspId) && !existsSync(join(RUN, o.name)));
  });
}

/**
 * Peers learn of each other by gossip a few seconds after joining or restarting; until then a
 * gateway cannot plan an endorsement that includes them, and a member going down leaves it
 * without a majority it could still reach. Ready means: every member's peer endorses a read
 * with every member's peer (endorsing, not submitting, so nothing is written).
 */
export async function endorsementPlanReady(timeoutMs = 90_000): Promise<void> {
  await untilEveryPeer(timeoutMs, 1000, 'endorse a read with every member', async (proposal) => {
    await proposal.endorse();
  });
}

/**
 * After orderers were stopped and restarted: every member's peer gets a transaction ordered and
 * committed again. Raft elects its leader first, and a peer reconnects to the orderers on its own
 * back-off, so an endorsement can succeed while a submit still answers UNAVAILABLE. The probe
 * submits a read (listMembers): it is ordered and committed as a VALID transaction that writes
 * nothing, so no state changes.
 */
export async function orderingReady(timeoutMs = 180_000): Promise<void> {
  await untilEveryPeer(timeoutMs, 2000, 'get a transaction ordered', async (proposal) => {
    const status = await (await (await proposal.endorse()).submit()).getStatus();
    if (!status.successful) throw new Error(`the probe transaction ${status.transactionId} committed with status ${status.code}`);
  });
}

/** Retries `attempt` with a listMembers proposal endorsed by every member, on each member's peer in turn, until it succeeds. */
async function untilEveryPeer(timeoutMs: number, pauseMs: number, what: string, attempt: (proposal: Proposal) => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const everyone = topology.orgs.map((o) => o.mspId);
  for (const o of topology.orgs) {
    for (;;) {
      try {
        await withGateway(o.name, 'reader1', (gateway) =>
          attempt(gateway.getNetwork(CHANNEL).getContract(CHAINCODE, 'membership').newProposal('listMembers', { endorsingOrganizations: everyone })));
        break;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`${o.name}'s peer could not ${what} within ${timeoutMs / 1000} s`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }
  }
}

/** The channel's block height as the org's own peer reports it (qscc GetChainInfo). */
export async function blockHeight(orgName: string, peerName?: string): Promise<number> {
  return withGateway(orgName, 'reader1', async (gateway) => {
    const bytes = await gateway.getNetwork(CHANNEL).getContract('qscc').evaluateTransaction('GetChainInfo', CHANNEL);
    return common.BlockchainInfo.deserializeBinary(bytes).getHeight();
  }, peerName);
}

/** Every org's peer height, polled until they agree (or the timeout passes). */
export async function heightsAgree(timeoutMs = 30_000): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const heights: Record<string, number> = {};
    try {
      for (const o of topology.orgs) heights[o.name] = await blockHeight(o.name);
      if (new Set(Object.values(heights)).size === 1) return heights;
    } catch (error) {
      // A peer that has just been restarted refuses connections for a moment.
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) return heights;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The MSP IDs that endorsed a committed transaction, and its validation code (qscc). */
export async function endorsementsOf(orgName: string, txId: string): Promise<{ endorsers: string[]; peers: string[]; validationCode: number }> {
  return withGateway(orgName, 'reader1', async (gateway) => {
    const bytes = await gateway.getNetwork(CHANNEL).getContract('qscc').evaluateTransaction('GetTransactionByID', CHANNEL, txId);
    const processed = peer.ProcessedTransaction.deserializeBinary(bytes);
    const envelope = processed.getTransactionenvelope();
    if (envelope === undefined) throw new Error(`transaction ${txId} has no envelope`);
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
    const endorsers = new Set<string>();
    const peers: string[] = [];
    for (const action of transaction.getActionsList()) {
      const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
      for (const endorsement of actionPayload.getAction()?.getEndorsementsList() ?? []) {
        const identity = msp.SerializedIdentity.deserializeBinary(endorsement.getEndorser_asU8());
        endorsers.add(identity.getMspid());
        // the endorsing peer's enrolment name (its certificate's CN), e.g. peer1
        const cn = /CN=([^\n,]+)/.exec(new X509Certificate(Buffer.from(identity.getIdBytes_asU8())).subject)?.[1];
        peers.push(`${identity.getMspid()}/${cn ?? '?'}`);
      }
    }
    return { endorsers: [...endorsers].sort(), peers: peers.sort(), validationCode: processed.getValidationcode() };
  });
}

/** The chaincode error {code, message} inside a Gateway error (from any endorser's detail). */
export function chaincodeErrorOf(error: unknown): { code: string; message: string } {
  const texts: string[] = [];
  if (error instanceof Error) {
    texts.push(error.message);
    const details = (error as { details?: { message?: string }[] }).details;
    for (const detail of details ?? []) if (typeof detail.message === 'string') texts.push(detail.message);
  }
  for (const text of texts) {
    const start = text.indexOf('{"code"');
    if (start >= 0) return JSON.parse(text.slice(start, text.lastIndexOf('}') + 1)) as { code: string; message: string };
  }
  throw new Error(`not a chaincode error: ${texts.join(' | ') || String(error)}`);
}

/** Runs a call that the chaincode must refuse with `code`; returns the refusal's message. */
export async function expectRefused(code: string, call: () => Promise<unknown>): Promise<string> {
  let caught: unknown;
  try {
    await call();
  } catch (error) {
    caught = error;
  }
  if (!(caught instanceof Error)) throw new Error(`expected a ${code} refusal, but the call succeeded`);
  const error = chaincodeErrorOf(caught);
  if (error.code !== code) throw new Error(`expected ${code}, got ${error.code}: ${error.message}`);
  return error.message;
}

export interface Submitted<T> {
  txId: string;
  blockNumber: bigint;
  result: T;
}

/** Submits `fn` ('contract:function') as `user` of `orgName` and waits for a VALID commit. */
export async function submitAs<T>(orgName: string, user: string, fn: string, args: string[], transient?: Record<string, string>): Promise<Submitted<T>> {
  const [contractName, transaction] = fn.split(':') as [string, string];
  return withGateway(orgName, user, async (gateway) => {
    const contract = gateway.getNetwork(CHANNEL).getContract(CHAINCODE, contractName);
    const options: { arguments: string[]; transientData?: Record<string, Uint8Array> } = { arguments: args };
    if (transient !== undefined) {
      options.transientData = Object.fromEntries(Object.entries(transient).map(([k, v]) => [k, Buffer.from(v)]));
    }
    const submitted = await contract.submitAsync(transaction, options);
    const status = await submitted.getStatus();
    if (!status.successful) throw new Error(`${fn} committed with validation code ${status.code}`);
    const text = Buffer.from(submitted.getResult()).toString();
    return { txId: submitted.getTransactionId(), blockNumber: status.blockNumber, result: (text === '' ? undefined : JSON.parse(text)) as T };
  });
}

/** Evaluates `fn` on the org's own peer as `user`. */
export async function evaluateAs<T>(orgName: string, user: string, fn: string, args: string[]): Promise<T> {
  const [contractName, transaction] = fn.split(':') as [string, string];
  return withGateway(orgName, user, async (gateway) => {
    const bytes = await gateway.getNetwork(CHANNEL).getContract(CHAINCODE, contractName).evaluateTransaction(transaction, ...args);
    return JSON.parse(Buffer.from(bytes).toString()) as T;
  });
}
