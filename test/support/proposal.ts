// Builds a signed transaction proposal exactly as the Fabric Gateway client does
// (fabric-gateway node/src/proposalbuilder.ts): ChannelHeader ENDORSER_TRANSACTION with the
// client's timestamp and a ChaincodeHeaderExtension, SignatureHeader with the creator's
// SerializedIdentity and a 24-byte nonce, ChaincodeProposalPayload carrying the invocation spec
// and the transient map. The tx id is SHA-256(nonce ‖ creator), as the peer checks it, unless the
// caller forces one.

import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import type * as FabricProtos from '@hyperledger/fabric-protos';
import { protos, newTimestamp } from './fabric';
import type { TimestampParts } from './clock';

export interface ProposalCreator {
  readonly mspId: string;
  readonly certPem: string;
  /** When present the proposal is signed (ECDSA/SHA-256) the way the gateway client signs it. */
  readonly privateKeyPem?: string;
}

export interface ProposalRequest {
  readonly channelId: string;
  readonly chaincodeName: string;
  readonly creator: ProposalCreator;
  /** args[0] is the transaction name ("contract:function"), the rest its arguments. */
  readonly args: ReadonlyArray<string | Uint8Array>;
  readonly transient?: Readonly<Record<string, string | Uint8Array>>;
  readonly timestamp: TimestampParts;
  readonly nonce: Uint8Array;
  /** Overrides SHA-256(nonce ‖ creator); a real peer would refuse such a proposal. */
  readonly txId?: string;
}

export interface Proposal {
  readonly txId: string;
  readonly channelId: string;
  readonly chaincodeName: string;
  readonly creatorMspId: string;
  /** Marshalled msp.SerializedIdentity (what the peer's duplicate-tx message prints). */
  readonly creatorBytes: Uint8Array;
  readonly timestamp: TimestampParts;
  readonly signedProposal: FabricProtos.peer.SignedProposal;
  /** What the peer hands the chaincode in the TRANSACTION message. */
  readonly input: FabricProtos.peer.ChaincodeInput;
}

const { common, msp, peer } = protos;

export function buildProposal(req: ProposalRequest): Proposal {
  const identity = new msp.SerializedIdentity();
  identity.setMspid(req.creator.mspId);
  identity.setIdBytes(Buffer.from(req.creator.certPem, 'utf8'));
  const creatorBytes = identity.serializeBinary();

  const txId = req.txId ?? createHash('sha256').update(req.nonce).update(creatorBytes).digest('hex');

  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName(req.chaincodeName);

  const headerExtension = new peer.ChaincodeHeaderExtension();
  headerExtension.setChaincodeId(chaincodeId);

  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setTxId(txId);
  channelHeader.setTimestamp(newTimestamp(req.timestamp.seconds, req.timestamp.nanos));
  channelHeader.setChannelId(req.channelId);
  channelHeader.setExtension$(headerExtension.serializeBinary());
  channelHeader.setEpoch(0);

  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(creatorBytes);
  signatureHeader.setNonce(req.nonce);

  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());

  const input = new peer.ChaincodeInput();
  input.setArgsList(req.args.map(asBytes));

  const spec = new peer.ChaincodeSpec();
  spec.setType(peer.ChaincodeSpec.Type.NODE);
  spec.setChaincodeId(chaincodeId);
  spec.setInput(input);
  const invocationSpec = new peer.ChaincodeInvocationSpec();
  invocationSpec.setChaincodeSpec(spec);

  const payload = new peer.ChaincodeProposalPayload();
  payload.setInput(invocationSpec.serializeBinary());
  const transientMap = payload.getTransientmapMap();
  for (const [key, value] of Object.entries(req.transient ?? {})) {
    transientMap.set(key, asBytes(value));
  }

  const proposal = new peer.Proposal();
  proposal.setHeader(header.serializeBinary());
  proposal.setPayload(payload.serializeBinary());
  const proposalBytes = proposal.serializeBinary();

  const signedProposal = new peer.SignedProposal();
  signedProposal.setProposalBytes(proposalBytes);
  if (req.creator.privateKeyPem !== undefined) {
    signedProposal.setSignature(sign('sha256', proposalBytes, signingKey(req.creator.privateKeyPem)));
  }

  return {
    txId,
    channelId: req.channelId,
    chaincodeName: req.chaincodeName,
    creatorMspId: req.creator.mspId,
    creatorBytes,
    timestamp: req.timestamp,
    signedProposal,
    input,
  };
}

const signingKeys = new Map<string, KeyObject>();

/** Parsing a PEM key costs about a millisecond; identities are reused across many proposals. */
function signingKey(pem: string): KeyObject {
  let key = signingKeys.get(pem);
  if (!key) {
    key = createPrivateKey(pem);
    signingKeys.set(pem, key);
  }
  return key;
}

function asBytes(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}
