// Offline verification of a receipt (./receipt.ts): no network, only node:crypto and protobuf
// decoding. Each check is reported on its own so a reader sees what was proven and what was not:
//   transaction-id     the channel header's tx id is the receipt's and is SHA-256(nonce ‖ creator)
//   channel            the envelope's channel is the receipt's (and the expected one, when given)
//   creator-signature  the creator's ECDSA signature over the payload; the creator chains to its MSP root
//   endorsements       every endorsement signs (proposal response payload ‖ endorser), each endorser a
//                      peer chaining to its MSP root, each response bound to this proposal (proposal hash)
//   block-data         the envelope is block.data[index] and SHA-256(data…) is the header's data_hash
//   orderer-signatures orderer signatures over (metadata value ‖ signature header ‖ ASN.1 header)
//   config-height      the roots' config block is the one the orderers signed as the last config
//   validation-code    the committing peer flagged the transaction VALID
//   metadata           the unsigned fields (RECEIPT_METADATA: issuedAt, validationCodeName) are
//                      consistent: a UTC time not before the transaction, the name of the code
// Roots come from the receipt (which the gateway read from the channel config) unless the caller
// supplies its own: only caller-supplied roots make the result independent of the gateway.
import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { RECEIPT_VERSION, validationCodeName, type MspOrg, type Receipt } from './receipt';

export interface VerifyOptions {
  /** the channel the receipt must be about */
  expectedChannel?: string;
  /** mspId → root CA certificates (PEM) to trust instead of the receipt's own */
  trustedRoots?: Record<string, string[]>;
  /** orderer signatures required (1 for Raft, where the leader signs; a BFT quorum otherwise) */
  minOrdererSignatures?: number;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface VerifyResult {
  valid: boolean;
  /** where the trusted roots came from */
  roots: 'receipt' | 'caller';
  checks: Check[];
}

interface TrustedOrg {
  roots: X509Certificate[];
  intermediates: X509Certificate[];
  nodeOUs: MspOrg['nodeOUs'];
  roles: MspOrg['roles'] | undefined;
}

const MAX_CHAIN = 6;

function bytes(base64: string, what: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new Error(`${what} is not base64`);
  return Buffer.from(base64, 'base64');
}

function splitPem(text: string): X509Certificate[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}

function trustStore(receipt: Receipt, trustedRoots: Record<string, string[]> | undefined): Map<string, TrustedOrg> {
  const store = new Map<string, TrustedOrg>();
  const receiptOrgs = new Map(receipt.msp.orgs.map((org) => [org.mspId, org]));
  if (trustedRoots === undefined) {
    for (const org of receipt.msp.orgs) {
      store.set(org.mspId, { roots: org.rootCerts.flatMap(splitPem), intermediates: org.intermediateCerts.flatMap(splitPem), nodeOUs: org.nodeOUs, roles: org.roles });
    }
  } else {
    // Intermediates may still come from the receipt: they are only path helpers, and must
    // themselves chain to the caller's roots.
    for (const [mspId, pems] of Object.entries(trustedRoots)) {
      const org = receiptOrgs.get(mspId);
      store.set(mspId, { roots: pems.flatMap(splitPem), intermediates: org?.intermediateCerts.flatMap(splitPem) ?? [], nodeOUs: org?.nodeOUs ?? null, roles: undefined });
    }
  }
  return store;
}

function issuedBy(child: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return child.checkIssued(issuer) && child.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function validAt(cert: X509Certificate, at: Date | undefined): boolean {
  if (at === undefined) return true;
  return new Date(cert.validFrom).getTime() <= at.getTime() && at.getTime() <= new Date(cert.validTo).getTime();
}

function organizationalUnits(cert: X509Certificate): string[] {
  return cert.subject.split(/\n|\s\+\s/).filter((part) => part.startsWith('OU=')).map((part) => part.slice(3));
}

function commonName(cert: X509Certificate): string {
  return cert.subject.split('\n').find((part) => part.startsWith('CN='))?.slice(3) ?? cert.subject.replace(/\n/g, ',');
}

interface Identity {
  mspId: string;
  cert: X509Certificate;
  label: string;
}

/**
 * A SerializedIdentity that chains to a root of its own MSP (through the MSP's intermediates),
 * was valid at `at`, and — when the MSP uses NodeOUs and a role is asked — carries that role's OU.
 * Throws with the reason otherwise.
 */
function identity(serialized: Uint8Array, store: Map<string, TrustedOrg>, at: Date | undefined, role?: 'peer' | 'orderer'): Identity {
  const sid = msp.SerializedIdentity.deserializeBinary(serialized);
  const mspId = sid.getMspid();
  const [cert] = splitPem(Buffer.from(sid.getIdBytes_asU8()).toString('utf8'));
  if (cert === undefined) throw new Error(`${mspId}: identity holds no X.509 certificate`);
  const label = `${mspId}/${commonName(cert)}`;
  const org = store.get(mspId);
  if (org === undefined || org.roots.length === 0) throw new Error(`${label}: no trusted root for MSP ${mspId}`);
  if (!validAt(cert, at)) throw new Error(`${label}: certificate not valid at ${at?.toISOString() ?? '?'}`);
  let current = cert;
  let chained = false;
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    if (org.roots.some((root) => issuedBy(current, root))) {
      chained = true;
      break;
    }
    const next = org.intermediates.find((ca) => issuedBy(current, ca));
    if (next === undefined) break;
    current = next;
  }
  if (!chained) throw new Error(`${label}: certificate does not chain to a trusted root of ${mspId}`);
  if (role !== undefined) {
    if (org.roles !== undefined && !org.roles.includes(role === 'peer' ? 'application' : 'orderer')) {
      throw new Error(`${label}: ${mspId} is not ${role === 'peer' ? 'an application' : 'an orderer'} org of the channel`);
    }
    if (org.nodeOUs !== null && !organizationalUnits(cert).includes(org.nodeOUs[role])) {
      throw new Error(`${label}: certificate lacks the ${role} OU "${org.nodeOUs[role]}"`);
    }
  }
  return { mspId, cert, label };
}

function signed(data: Uint8Array, signature: Uint8Array, cert: X509Certificate): boolean {
  try {
    return verifySignature('sha256', data, cert.publicKey, signature);
  } catch {
    return false;
  }
}

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

// --- ASN.1 DER of the block header, as Fabric's protoutil.BlockHeaderBytes marshals it:
// SEQUENCE { Number INTEGER, PreviousHash OCTET STRING, DataHash OCTET STRING }.
function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Buffer.from([0x80 | octets.length, ...octets]);
}
const tlv = (tag: number, value: Uint8Array): Buffer => Buffer.concat([Buffer.from([tag]), derLength(value.length), value]);
function derUnsigned(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let octets = Buffer.from(hex, 'hex');
  if ((octets[0] ?? 0) & 0x80) octets = Buffer.concat([Buffer.from([0]), octets]);
  return tlv(0x02, octets);
}
export function blockHeaderAsn1(header: common.BlockHeader): Buffer {
  return tlv(0x30, Buffer.concat([derUnsigned(BigInt(header.getNumber())), tlv(0x04, header.getPreviousHash_asU8()), tlv(0x04, header.getDataHash_asU8())]));
}

/** Runs one check, turning any exception (a malformed or tampered field) into a failure. */
function run(checks: Check[], name: string, body: () => { ok: boolean; detail: string }): void {
  try {
    checks.push({ name, ...body() });
  } catch (error) {
    checks.push({ name, ok: false, detail: error instanceof Error ? error.message : String(error) });
  }
}

export function verifyReceipt(receipt: Receipt, options: VerifyOptions = {}): VerifyResult {
  const checks: Check[] = [];
  const rootsFrom = options.trustedRoots === undefined ? 'receipt' : 'caller';
  if ((receipt as { version?: unknown }).version !== RECEIPT_VERSION) {
    return { valid: false, roots: rootsFrom, checks: [{ name: 'format', ok: false, detail: `not a ${RECEIPT_VERSION} receipt` }] };
  }

  // Decoding that several checks share; a failure here fails every check that needs it.
  let envelopeBytes: Buffer | undefined;
  let envelope: common.Envelope | undefined;
  let payload: common.Payload | undefined;
  let channelHeader: common.ChannelHeader | undefined;
  let signatureHeader: common.SignatureHeader | undefined;
  let at: Date | undefined;
  let store = new Map<string, TrustedOrg>();
  let decodeError = '';
  try {
    store = trustStore(receipt, options.trustedRoots);
    envelopeBytes = bytes(receipt.transaction.envelope, 'transaction.envelope');
    envelope = common.Envelope.deserializeBinary(envelopeBytes);
    payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const header = payload.getHeader();
    if (header === undefined) throw new Error('envelope payload without header');
    channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
    signatureHeader = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
    const timestamp = channelHeader.getTimestamp();
    // Certificates are judged at the time the client stamped on the proposal, not today.
    if (timestamp !== undefined) at = new Date(timestamp.getSeconds() * 1000 + Math.floor(timestamp.getNanos() / 1e6));
  } catch (error) {
    decodeError = `cannot decode the envelope: ${error instanceof Error ? error.message : String(error)}`;
  }
  const decoded = (): { envelope: common.Envelope; payload: common.Payload; channelHeader: common.ChannelHeader; signatureHeader: common.SignatureHeader; envelopeBytes: Buffer } => {
    if (envelope === undefined || payload === undefined || channelHeader === undefined || signatureHeader === undefined || envelopeBytes === undefined) throw new Error(decodeError);
    return { envelope, payload, channelHeader, signatureHeader, envelopeBytes };
  };

  run(checks, 'transaction-id', () => {
    const d = decoded();
    const computed = sha256(d.signatureHeader.getNonce_asU8(), d.signatureHeader.getCreator_asU8()).toString('hex');
    if (d.channelHeader.getTxId() !== receipt.txId) return { ok: false, detail: `envelope tx id ${d.channelHeader.getTxId()} is not the receipt's ${receipt.txId}` };
    if (computed !== receipt.txId) return { ok: false, detail: 'tx id is not SHA-256(nonce ‖ creator)' };
    return { ok: true, detail: receipt.txId };
  });

  run(checks, 'channel', () => {
    const channel = decoded().channelHeader.getChannelId();
    if (channel !== receipt.channel) return { ok: false, detail: `envelope is for channel ${channel}, receipt says ${receipt.channel}` };
    if (options.expectedChannel !== undefined && channel !== options.expectedChannel) return { ok: false, detail: `envelope is for channel ${channel}, expected ${options.expectedChannel}` };
    return { ok: true, detail: options.expectedChannel === undefined ? `${channel} (no expected channel given)` : channel };
  });

  run(checks, 'creator-signature', () => {
    const d = decoded();
    const creator = identity(d.signatureHeader.getCreator_asU8(), store, at);
    if (!signed(d.envelope.getPayload_asU8(), d.envelope.getSignature_asU8(), creator.cert)) return { ok: false, detail: `${creator.label}: signature over the payload does not verify` };
    return { ok: true, detail: `signed by ${creator.label}` };
  });

  run(checks, 'endorsements', () => {
    const d = decoded();
    if (d.channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) return { ok: false, detail: `not an endorser transaction (header type ${d.channelHeader.getType()})` };
    const header = d.payload.getHeader() as common.Header;
    const transaction = peer.Transaction.deserializeBinary(d.payload.getData_asU8());
    const good: string[] = [];
    const bad: string[] = [];
    const actions = transaction.getActionsList();
    if (actions.length === 0) return { ok: false, detail: 'transaction has no actions' };
    for (const [i, action] of actions.entries()) {
      const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
      const endorsed = actionPayload.getAction();
      if (endorsed === undefined) {
        bad.push(`action ${i}: no endorsed action`);
        continue;
      }
      const responsePayload = endorsed.getProposalResponsePayload_asU8();
      // The endorsers signed a response naming this proposal: binds their signatures to this
      // transaction (its header and chaincode input), so they cannot be moved to another one.
      const proposalHash = sha256(header.getChannelHeader_asU8(), header.getSignatureHeader_asU8(), actionPayload.getChaincodeProposalPayload_asU8());
      if (!proposalHash.equals(Buffer.from(peer.ProposalResponsePayload.deserializeBinary(responsePayload).getProposalHash_asU8()))) {
        bad.push(`action ${i}: proposal response is for another proposal`);
      }
      const endorsements = endorsed.getEndorsementsList();
      if (endorsements.length === 0) bad.push(`action ${i}: no endorsements`);
      for (const endorsement of endorsements) {
        try {
          const endorser = identity(endorsement.getEndorser_asU8(), store, at, 'peer');
          if (signed(Buffer.concat([responsePayload, endorsement.getEndorser_asU8()]), endorsement.getSignature_asU8(), endorser.cert)) good.push(endorser.label);
          else bad.push(`${endorser.label}: signature does not verify`);
        } catch (error) {
          bad.push(error instanceof Error ? error.message : String(error));
        }
      }
    }
    return bad.length === 0 ? { ok: true, detail: `${good.length} valid: ${good.join(', ')}` } : { ok: false, detail: `${good.length} valid; ${bad.join('; ')}` };
  });

  run(checks, 'block-data', () => {
    const d = decoded();
    const header = common.BlockHeader.deserializeBinary(bytes(receipt.block.header, 'block.header'));
    if (String(header.getNumber()) !== receipt.block.number) return { ok: false, detail: `header is of block ${header.getNumber()}, receipt says ${receipt.block.number}` };
    const data = receipt.block.data.map((entry, i) => bytes(entry, `block.data[${i}]`));
    const inBlock = data[receipt.transaction.index];
    if (inBlock === undefined || !inBlock.equals(d.envelopeBytes)) return { ok: false, detail: `the envelope is not block.data[${receipt.transaction.index}]` };
    const dataHash = sha256(Buffer.concat(data));
    if (!dataHash.equals(Buffer.from(header.getDataHash_asU8()))) return { ok: false, detail: 'SHA-256 of the block data is not the header\'s data_hash' };
    return { ok: true, detail: `envelope ${receipt.transaction.index} of ${data.length} in block ${receipt.block.number}; data_hash ${dataHash.toString('hex')}` };
  });

  let signedLastConfig: number | undefined;
  run(checks, 'orderer-signatures', () => {
    const header = common.BlockHeader.deserializeBinary(bytes(receipt.block.header, 'block.header'));
    const headerAsn1 = blockHeaderAsn1(header);
    const metadata = common.Metadata.deserializeBinary(bytes(receipt.block.signatures, 'block.signatures'));
    const value = metadata.getValue_asU8();
    const good: string[] = [];
    const bad: string[] = [];
    for (const signature of metadata.getSignaturesList()) {
      const signatureHeaderBytes = signature.getSignatureHeader_asU8();
      if (signatureHeaderBytes.length === 0) {
        bad.push('a signature without signature header (BFT identifier header: not supported by this verifier)');
        continue;
      }
      try {
        const creator = common.SignatureHeader.deserializeBinary(signatureHeaderBytes).getCreator_asU8();
        const orderer = identity(creator, store, at, 'orderer');
        if (signed(Buffer.concat([value, signatureHeaderBytes, headerAsn1]), signature.getSignature_asU8(), orderer.cert)) good.push(orderer.label);
        else bad.push(`${orderer.label}: signature does not verify`);
      } catch (error) {
        bad.push(error instanceof Error ? error.message : String(error));
      }
    }
    if (value.length > 0) signedLastConfig = common.OrdererBlockMetadata.deserializeBinary(value).getLastConfig()?.getIndex();
    const required = options.minOrdererSignatures ?? 1;
    const detail = `${good.length} of ${metadata.getSignaturesList().length} valid${good.length > 0 ? ` (${good.join(', ')})` : ''}${bad.length > 0 ? `; ${bad.join('; ')}` : ''}`;
    return { ok: good.length >= required, detail: good.length >= required ? detail : `${detail}; ${required} required` };
  });

  run(checks, 'config-height', () => {
    if (signedLastConfig === undefined) return { ok: false, detail: 'the orderer-signed metadata names no last config block' };
    if (String(signedLastConfig) !== receipt.msp.configBlockNumber) return { ok: false, detail: `roots are from config block ${receipt.msp.configBlockNumber}, the orderers signed ${signedLastConfig} as the last config` };
    return { ok: true, detail: `roots from config block ${signedLastConfig}, the last config at block ${receipt.block.number}${rootsFrom === 'caller' ? ' (caller-supplied roots used instead)' : ''}` };
  });

  run(checks, 'validation-code', () => {
    const filter = bytes(receipt.block.transactionsFilter, 'block.transactionsFilter');
    if (filter.length !== receipt.block.data.length) return { ok: false, detail: `${filter.length} validation flags for ${receipt.block.data.length} envelopes` };
    const code = filter[receipt.transaction.index];
    if (code !== receipt.transaction.validationCode) return { ok: false, detail: `flag ${String(code)} differs from the receipt's ${receipt.transaction.validationCode}` };
    // Fabric's committing peer writes this flag after ordering: orderer signatures do not cover it.
    if (code !== peer.TxValidationCode.VALID) return { ok: false, detail: `committed ${receipt.transaction.validationCodeName} (${code}), not VALID` };
    return { ok: true, detail: 'VALID (as flagged by the committing peer; this metadata is not orderer-signed)' };
  });

  // The receipt's metadata: no signature covers these fields, so they are checked for consistency
  // only (RECEIPT_METADATA). issuedAt must be a UTC time no earlier than the transaction (less the
  // allowed clock skew) and not in the future; validationCodeName must name validationCode.
  run(checks, 'metadata', () => {
    const name = validationCodeName(receipt.transaction.validationCode);
    if (receipt.transaction.validationCodeName !== name) return { ok: false, detail: `validationCodeName ${JSON.stringify(receipt.transaction.validationCodeName)} is not the name of code ${receipt.transaction.validationCode} (${name})` };
    const issuedAt = receipt.issuedAt;
    const time = typeof issuedAt === 'string' && ISO_UTC.test(issuedAt) ? Date.parse(issuedAt) : Number.NaN;
    if (!Number.isFinite(time)) return { ok: false, detail: `issuedAt ${JSON.stringify(issuedAt)} is not an ISO-8601 UTC time` };
    if (at === undefined) return { ok: false, detail: `issuedAt ${issuedAt} cannot be compared with the transaction's time: ${decodeError || 'the envelope carries no timestamp'}` };
    if (time < at.getTime() - METADATA_SKEW_MS) return { ok: false, detail: `issuedAt ${issuedAt} is before the transaction (${at.toISOString()})` };
    if (time > Date.now() + METADATA_SKEW_MS) return { ok: false, detail: `issuedAt ${issuedAt} is in the future` };
    return { ok: true, detail: `issuedAt ${issuedAt}, validationCodeName ${name}: consistent (metadata: ${RECEIPT_METADATA.join(', ')} are not signed by anyone)` };
  });

  return { valid: checks.every((check) => check.ok), roots: rootsFrom, checks };
}

/**
 * The fields of a receipt no signature covers: the gateway wrote them, and a verifier can check
 * them only for consistency ('metadata' check). Every other field is bound by a signature or a
 * hash the checks above recompute (docs: README "Receipts").
 */
export const RECEIPT_METADATA = ['issuedAt', 'transaction.validationCodeName'] as const;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
/** The clock skew the chaincode allows between a transaction's timestamp and its endorser's clock. */
const METADATA_SKEW_MS = 5 * 60_000;

/** The receipt's MSP roots as mspId → PEMs: the shape `trustedRoots` and the CLI's --roots take. */
export function rootsOf(receipt: Receipt): Record<string, string[]> {
  return Object.fromEntries(receipt.msp.orgs.map((org) => [org.mspId, org.rootCerts]));
}
