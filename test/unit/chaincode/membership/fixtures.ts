// Shared helpers of the membership contract tests (membership*.test.ts): proposals driven through
// the contract, and the one way a refusal is checked — its error code, and the ledger exactly as
// it was before the refused call.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import type { Member, NetworkNode, Tally, Vote, VoteChoice } from '../../../../chaincode/src/domain/types';
import type { StoredProposal } from '../../../../chaincode/src/api/membership';
import { State } from '../../../../chaincode/src/shared/state';
import { Keys } from '../../../../chaincode/src/shared/keys';
import { errorOf, ORGS, type Consortium, type OrgName } from '../../../support/consortium';
import type { SubmitResult, TestNetwork, TransactionResult } from '../../../support/invoke';
import type { TestIdentity } from '../../../support/identities';

export const DAY = 86_400;

/**
 * Runs a call that must be refused: the error code is `code` (and the message contains each of
 * `fragments`), and the ledger — state, private data and block height — is what it was before.
 */
export async function expectRefused(
  net: TestNetwork,
  call: () => Promise<unknown>,
  code: string,
  ...fragments: string[]
): Promise<{ code: string; message: string }> {
  const before = net.ledger.snapshot();
  let failure: unknown;
  let succeeded = false;
  try {
    await call();
    succeeded = true;
  } catch (error) {
    failure = error;
  }
  expect(succeeded, 'the call should have been refused').to.equal(false);
  const error = errorOf(failure);
  expect(error.code, error.message).to.equal(code);
  for (const fragment of fragments) expect(error.message).to.contain(fragment);
  expect(net.ledger.snapshot()).to.deep.equal(before);
  return error;
}

/** The JSON a transaction answered; the caller names its type (`parse(result) as T`). */
export function parse(result: TransactionResult): unknown {
  return JSON.parse(result.payload);
}

export function eventOf(result: TransactionResult): { name: string; payload: Record<string, unknown> } {
  expect(result.event, 'the transaction should emit an event').to.not.equal(undefined);
  const event = result.event as { name: string; payload: string };
  return { name: event.name, payload: JSON.parse(event.payload) as Record<string, unknown> };
}

export async function query<T>(c: Consortium, fn: string, args: string[] = [], who?: TestIdentity): Promise<T> {
  return parse(await c.net.evaluate(who ?? c.orgs.cb1.reader, `membership:${fn}`, args)) as T;
}

export async function memberOf(c: Consortium, org: OrgName): Promise<Member> {
  return query<Member>(c, 'getMember', [ORGS[org].mspId]);
}

export async function statusOf(c: Consortium, org: OrgName): Promise<string> {
  return (await memberOf(c, org)).status;
}

export interface ProposalView {
  proposal: StoredProposal;
  votes: Vote[];
  tally: Tally;
}

export async function proposalOf(c: Consortium, id: string): Promise<ProposalView> {
  return query<ProposalView>(c, 'getProposal', [id]);
}

export function openProposal(c: Consortium, by: OrgName, proposal: Record<string, unknown>): Promise<SubmitResult> {
  return c.net.submit(c.orgs[by].admin, 'membership:openProposal', [JSON.stringify(proposal)]);
}

export function vote(c: Consortium, by: OrgName, id: string, choice: VoteChoice): Promise<SubmitResult> {
  return c.net.submit(c.orgs[by].admin, 'membership:vote', [id, choice]);
}

export async function votes(c: Consortium, id: string, choices: Partial<Record<OrgName, VoteChoice>>): Promise<void> {
  for (const [org, choice] of Object.entries(choices) as [OrgName, VoteChoice][]) await vote(c, org, id, choice);
}

export function finalize(c: Consortium, id: string, by: TestIdentity = c.orgs.regulator.admin): Promise<SubmitResult> {
  return c.net.submit(by, 'membership:finalizeProposal', [id]);
}

/** Moves the clock just past the voting period of the charter in force. */
export async function pastDeadline(c: Consortium): Promise<void> {
  const charter = await query<{ votingPeriodSeconds: number }>(c, 'getCharter');
  c.net.advance(charter.votingPeriodSeconds + 1);
}

/** Opens a proposal, has `yes` vote YES, lets the period run out and finalizes it; returns the finalize result. */
export async function carry(c: Consortium, by: OrgName, proposal: Record<string, unknown>, yes: OrgName[]): Promise<SubmitResult> {
  await openProposal(c, by, proposal);
  for (const org of yes) await vote(c, org, proposal.id as string, 'YES');
  await pastDeadline(c);
  return finalize(c, proposal.id as string);
}

export async function tlsCertOf(c: Consortium, org: OrgName, host: string): Promise<string> {
  return (await c.orgs[org].ca.issueTlsCert(host)).certPem;
}

export function tlsFingerprint(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return createHash('sha256').update(der).digest('hex');
}

/** Registers an orderer of `owner` through an ADD_ORDERER proposal carried by `yes`. */
export async function addOrderer(c: Consortium, id: string, owner: OrgName, nodeId: string, yes: OrgName[]): Promise<SubmitResult> {
  return carry(c, 'regulator', {
    id,
    type: 'ADD_ORDERER',
    target: ORGS[owner].mspId,
    payload: { nodeId, endpoint: `${nodeId}:7050`, tlsCertPem: await tlsCertOf(c, owner, nodeId) },
  }, yes);
}

export async function nodesOf(c: Consortium, mspId = ''): Promise<NetworkNode[]> {
  return query<NetworkNode[]>(c, 'listNodes', [mspId]);
}

/**
 * Writes certificates straight into world state under the keys the certificate contract uses
 * (certificate [certNo] and its index certificate.issuer [issuer, certNo]). That contract is being
 * written in parallel and cannot issue certificates yet, so completeExit's rule — no VALID or
 * SUSPENDED certificates left — is tested against records put through the ledger's own
 * transaction API (a real ChaincodeStub, committed as a block), exactly as the contract will.
 */
export async function writeCertificates(
  c: Consortium,
  issuer: OrgName,
  certificates: { certificateNo: string; status: string }[],
): Promise<void> {
  const mspId = ORGS[issuer].mspId;
  const tx = await c.net.ledger.beginTransaction({ creator: c.orgs[issuer].issuer, args: ['certificate:fixture'], timestamp: c.net.now() });
  const state = new State(tx.stub);
  for (const { certificateNo, status } of certificates) {
    await state.put(Keys.certificate, [certificateNo], {
      certificateNo,
      issuer: mspId,
      scheme: 'QMS',
      standard: 'GB/T 19001-2016/ISO 9001:2015',
      organization: { name: 'Fixture Co.', uscc: '91350100M000100Y43', address: 'Fuzhou', regionCode: '350102' },
      scope: 'fixture',
      scopeCodes: [19],
      sectorCode: '3311',
      issuedAt: '2025-01-01T00:00:00.000Z',
      expiresAt: '2027-12-31T00:00:00.000Z',
      status,
      statusReason: status === 'VALID' ? 'issued' : 'fixture',
      statusSince: '2025-01-01T00:00:00.000Z',
      evidenceIds: [],
      scopeHistory: [],
    });
    await state.putIndex(Keys.certificateByIssuer, [mspId, certificateNo]);
  }
  tx.commit();
}
