// The membership contract as the gateway calls it (chaincode/src/api/membership.ts).
import type { StatusReasonArg } from '../../../../chaincode/src/api/certificate';
import { membershipApi, type ProposalArg } from '../../../../chaincode/src/api/membership';
import { ContractClient, type FabricCalls } from './client';

export class Membership extends ContractClient<typeof membershipApi> {
  constructor(fabric: FabricCalls) {
    super(fabric, membershipApi);
  }

  getCharter(identity: string) {
    return this.evaluate(identity, 'getCharter', {});
  }

  listMembers(identity: string) {
    return this.evaluate(identity, 'listMembers', {});
  }

  getMember(identity: string, mspId: string) {
    return this.evaluate(identity, 'getMember', { mspId });
  }

  checkOrgJoin(identity: string, mspId: string) {
    return this.evaluate(identity, 'checkOrgJoin', { mspId });
  }

  requestExit(identity: string) {
    return this.submit(identity, 'requestExit', {});
  }

  completeExit(identity: string) {
    return this.submit(identity, 'completeExit', {});
  }

  suspendIssuing(identity: string, mspId: string, measure: { reason: StatusReasonArg; until?: string | undefined }) {
    return this.submit(identity, 'suspendIssuing', { mspId, reason: measure.reason, until: measure.until });
  }

  reinstateIssuing(identity: string, mspId: string, note: string) {
    return this.submit(identity, 'reinstateIssuing', { mspId, note });
  }

  suspendMember(identity: string, mspId: string, reason: string) {
    return this.submit(identity, 'suspendMember', { mspId, reason });
  }

  reinstateMember(identity: string, mspId: string, reason: string) {
    return this.submit(identity, 'reinstateMember', { mspId, reason });
  }

  openProposal(identity: string, proposal: ProposalArg) {
    return this.submit(identity, 'openProposal', { proposalJson: proposal });
  }

  vote(identity: string, proposalId: string, choice: string) {
    return this.submit(identity, 'vote', { proposalId, choice });
  }

  finalizeProposal(identity: string, proposalId: string) {
    return this.submit(identity, 'finalizeProposal', { proposalId });
  }

  getProposal(identity: string, id: string) {
    return this.evaluate(identity, 'getProposal', { id });
  }

  listProposals(identity: string, query: { status?: string | undefined; pageSize: string; bookmark: string }) {
    return this.evaluate(identity, 'listProposals', query);
  }

  registerPeer(identity: string, peer: { nodeId: string; endpoint: string; tlsCertPem: string }) {
    return this.submit(identity, 'registerPeer', peer);
  }

  removePeer(identity: string, nodeId: string) {
    return this.submit(identity, 'removePeer', { nodeId });
  }

  listNodes(identity: string, mspId?: string) {
    return this.evaluate(identity, 'listNodes', { mspId });
  }

  getNode(identity: string, nodeId: string) {
    return this.evaluate(identity, 'getNode', { nodeId });
  }

  pauseWrites(identity: string, reason: string) {
    return this.submit(identity, 'pauseWrites', { reason });
  }

  resumeWrites(identity: string, reason: string) {
    return this.submit(identity, 'resumeWrites', { reason });
  }

  getWritePause(identity: string) {
    return this.evaluate(identity, 'getWritePause', {});
  }

  isChaincodeApproved(identity: string, query: { codeDigest: string; sequence: string }) {
    return this.evaluate(identity, 'isChaincodeApproved', query);
  }

  codeDigest(identity: string) {
    return this.evaluate(identity, 'codeDigest', {});
  }
}
