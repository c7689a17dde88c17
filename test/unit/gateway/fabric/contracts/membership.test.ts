// The membership contract's typed client: each method's arguments in the chaincode's order.
import { membershipApi } from '../../../../../chaincode/src/api/membership';
import { Membership } from '../../../../../gateway/src/fabric/contracts';
import { RecordingFabric, checkMappings } from './recording-fabric';

describe('gateway fabric/contracts: Membership', () => {
  const fabric = new RecordingFabric();
  const c = new Membership(fabric);
  const me = 'alice';
  // initConsortium is the operator's (scripts/member.sh init), never a route's: no client method
  const transactions = Object.keys(membershipApi.transactions).filter((t) => t !== 'initConsortium');
  checkMappings(fabric, 'membership', transactions, [
    { call: () => c.getCharter(me), kind: 'evaluate', fn: 'getCharter', args: [] },
    { call: () => c.listMembers(me), kind: 'evaluate', fn: 'listMembers', args: [] },
    { call: () => c.getMember(me, 'Cb1MSP'), kind: 'evaluate', fn: 'getMember', args: ['Cb1MSP'] },
    { call: () => c.checkOrgJoin(me, 'AbMSP'), kind: 'evaluate', fn: 'checkOrgJoin', args: ['AbMSP'] },
    { call: () => c.requestExit(me), kind: 'submit', fn: 'requestExit', args: [] },
    { call: () => c.completeExit(me), kind: 'submit', fn: 'completeExit', args: [] },
    { call: () => c.suspendIssuing(me, 'Cb1MSP', { reason: { code: '0111' } }), kind: 'submit', fn: 'suspendIssuing', args: ['Cb1MSP', '{"code":"0111"}', ''] },
    { call: () => c.suspendIssuing(me, 'Cb1MSP', { reason: 'r', until: 'U' }), kind: 'submit', fn: 'suspendIssuing', args: ['Cb1MSP', 'r', 'U'] },
    { call: () => c.reinstateIssuing(me, 'Cb1MSP', 'note'), kind: 'submit', fn: 'reinstateIssuing', args: ['Cb1MSP', 'note'] },
    { call: () => c.suspendMember(me, 'Cb1MSP', 'r'), kind: 'submit', fn: 'suspendMember', args: ['Cb1MSP', 'r'] },
    { call: () => c.reinstateMember(me, 'Cb1MSP', 'r'), kind: 'submit', fn: 'reinstateMember', args: ['Cb1MSP', 'r'] },
    { call: () => c.openProposal(me, { id: 'P1', type: 'PAUSE_WRITES', payload: { reason: 'r' } }), kind: 'submit', fn: 'openProposal', args: ['{"id":"P1","type":"PAUSE_WRITES","payload":{"reason":"r"}}'] },
    { call: () => c.vote(me, 'P1', 'YES'), kind: 'submit', fn: 'vote', args: ['P1', 'YES'] },
    { call: () => c.finalizeProposal(me, 'P1'), kind: 'submit', fn: 'finalizeProposal', args: ['P1'] },
    { call: () => c.getProposal(me, 'P1'), kind: 'evaluate', fn: 'getProposal', args: ['P1'] },
    { call: () => c.listProposals(me, { pageSize: '5', bookmark: '' }), kind: 'evaluate', fn: 'listProposals', args: ['', '5', ''] },
    { call: () => c.listProposals(me, { status: 'OPEN', pageSize: '5', bookmark: 'b' }), kind: 'evaluate', fn: 'listProposals', args: ['OPEN', '5', 'b'] },
    { call: () => c.registerPeer(me, { nodeId: 'peer1', endpoint: 'h:1', tlsCertPem: 'PEM' }), kind: 'submit', fn: 'registerPeer', args: ['peer1', 'h:1', 'PEM'] },
    { call: () => c.removePeer(me, 'peer1'), kind: 'submit', fn: 'removePeer', args: ['peer1'] },
    { call: () => c.listNodes(me), kind: 'evaluate', fn: 'listNodes', args: [''] },
    { call: () => c.listNodes(me, 'Cb1MSP'), kind: 'evaluate', fn: 'listNodes', args: ['Cb1MSP'] },
    { call: () => c.getNode(me, 'peer1'), kind: 'evaluate', fn: 'getNode', args: ['peer1'] },
    { call: () => c.pauseWrites(me, 'r'), kind: 'submit', fn: 'pauseWrites', args: ['r'] },
    { call: () => c.resumeWrites(me, 'r'), kind: 'submit', fn: 'resumeWrites', args: ['r'] },
    { call: () => c.getWritePause(me), kind: 'evaluate', fn: 'getWritePause', args: [] },
    { call: () => c.isChaincodeApproved(me, { codeDigest: 'd', sequence: '3' }), kind: 'evaluate', fn: 'isChaincodeApproved', args: ['d', '3'] },
    { call: () => c.codeDigest(me), kind: 'evaluate', fn: 'codeDigest', args: [] },
  ]);
});
