// Offline-verifiable receipts (docs/architecture.md §6): everything needed to show, with no network, that a
// transaction was endorsed, ordered into a block signed by the ordering service, and committed
// VALID — the envelope as it sits in the block, every other envelope of that block (so the
// header's data hash can be recomputed), the block header and its orderer signatures, the
// peer's validation flags, and the channel's MSP roots from the latest config block at or before
// that height. Built here from qscc as the caller's own identity; checked by ./verify.ts.
import type { Gateway } from '@hyperledger/fabric-gateway';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { Type, type Static } from 'typebox';

/** Bumped on any change a version-1 verifier would misread. */
export const RECEIPT_VERSION = 'certledger-receipt/1';

// Indexes of common.BlockMetadataIndex (SIGNATURES, LAST_CONFIG (deprecated), TRANSACTIONS_FILTER).
export const METADATA_SIGNATURES = 0;
export const METADATA_LAST_CONFIG = 1;
export const METADATA_TRANSACTIONS_FILTER = 2;

const B64 = Type.String({ pattern: '^[A-Za-z0-9+/]*={0,2}$', description: 'base64' });
const Uint64 = Type.String({ pattern: '^[0-9]{1,20}$', description: 'an unsigned 64-bit number in decimal' });
const Pem = Type.String({ pattern: '-----BEGIN CERTIFICATE-----', description: 'an X.509 certificate, PEM' });

export const NodeOUsSchema = Type.Object({
  client: Type.String(),
  peer: Type.String(),
  admin: Type.String(),
  orderer: Type.String(),
}, { description: 'the OU names of the MSP\'s node roles, when NodeOUs are enabled' });

export const MspOrgSchema = Type.Object({
  mspId: Type.String({ minLength: 1 }),
  rootCerts: Type.Array(Pem),
  intermediateCerts: Type.Array(Pem),
  /** which config groups the org sits in: application (peers, clients) and/or orderer */
  roles: Type.Array(Type.Union([Type.Literal('application'), Type.Literal('orderer')])),
  nodeOUs: Type.Union([NodeOUsSchema, Type.Null()]),
}, { additionalProperties: false });

export const ReceiptSchema = Type.Object({
  version: Type.Literal(RECEIPT_VERSION),
  channel: Type.String({ minLength: 1 }),
  txId: Type.String({ minLength: 1 }),
  transaction: Type.Object({
    /** position of the envelope in the block's data */
    index: Type.Integer({ minimum: 0 }),
    /** common.Envelope bytes exactly as committed (equal to block.data[index]) */
    envelope: B64,
    /** the committing peer's validation code for it (peer.TxValidationCode) */
    validationCode: Type.Integer({ minimum: 0, maximum: 255 }),
    validationCodeName: Type.String(),
  }, { additionalProperties: false }),
  block: Type.Object({
    number: Uint64,
    /** common.BlockHeader protobuf bytes (number, previous_hash, data_hash) */
    header: B64,
    /** every envelope of the block in order: SHA-256 of their concatenation is header.data_hash */
    data: Type.Array(B64),
    /** common.Metadata bytes of metadata[SIGNATURES]: orderer signatures over value ‖ signature header ‖ ASN.1 header */
    signatures: B64,
    /** metadata[TRANSACTIONS_FILTER]: one validation code per envelope, written by the committing peer (not orderer-signed) */
    transactionsFilter: B64,
  }, { additionalProperties: false }),
  msp: Type.Object({
    /** the config block the roots were read from */
    configBlockNumber: Uint64,
    orgs: Type.Array(MspOrgSchema),
  }, { additionalProperties: false }),
  issuedAt: Type.String({ description: 'when the gateway built the receipt (informative; not verified)' }),
}, { additionalProperties: false });

export type Receipt = Static<typeof ReceiptSchema>;
export type MspOrg = Static<typeof MspOrgSchema>;

export class ReceiptNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReceiptNotFoundError';
  }
}

/**
 * The gateway's peer joined the channel by a ledger snapshot (docs/operations.md "Restore a
 * member") and holds no block up to the snapshot's: a receipt needing one comes from another
 * member's gateway.
 */
export class ReceiptBeforeSnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReceiptBeforeSnapshotError';
  }
}

/** The first block a peer joined by snapshot holds, from its refusal of an earlier one; undefined for any other error. */
export function firstBlockAfterSnapshot(error: unknown): number | undefined {
  const texts = [error instanceof Error ? error.message : String(error), ...((error as { details?: { message?: string }[] }).details ?? []).map((d) => d.message ?? '')];
  for (const text of texts) {
    // Fabric's block store: "... bootstrapped from a snapshot. First available block = [N]"
    const match = /bootstrapped from a snapshot\. First available block = \[(\d+)\]/.exec(text);
    if (match?.[1] !== undefined) return Number(match[1]);
  }
  return undefined;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** PEM of DER or PEM bytes (MSP configs hold PEM; tolerate DER). */
function pem(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('utf8');
  if (text.includes('-----BEGIN CERTIFICATE-----')) return text.trim() + '\n';
  const body = Buffer.from(bytes).toString('base64').replace(/(.{64})/g, '$1\n').trim();
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

/** The name of a peer.TxValidationCode value. */
export function validationCodeName(code: number): string {
  const entry = Object.entries(peer.TxValidationCode).find(([, value]) => value === code);
  return entry === undefined ? `UNKNOWN_${code}` : entry[0];
}

/** The channel header's transaction id of an envelope ('' when it is not a transaction envelope). */
function txIdOf(envelopeBytes: Uint8Array): string {
  try {
    const envelope = common.Envelope.deserializeBinary(envelopeBytes);
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const header = payload.getHeader();
    if (header === undefined) return '';
    return common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8()).getTxId();
  } catch {
    return '';
  }
}

/**
 * The transaction ids of every envelope in a receipt's block, in block order ('' for an envelope
 * that is not a transaction). A receipt carries the whole block, so the gateway refuses one whose
 * block holds a plaintext record the regulator took down (routes/v1/receipts.ts).
 */
export function blockTransactionIds(receipt: Pick<Receipt, 'block'>): string[] {
  return receipt.block.data.map((envelope) => txIdOf(Buffer.from(envelope, 'base64')));
}

/**
 * The last config block's number as of `block`: Fabric ≥ 2 keeps it in the orderer-signed
 * SIGNATURES metadata value (OrdererBlockMetadata); the LAST_CONFIG entry is the deprecated
 * fallback.
 */
export function lastConfigIndex(block: common.Block): number {
  const metadata = block.getMetadata()?.getMetadataList_asU8() ?? [];
  const signatures = metadata[METADATA_SIGNATURES];
  if (signatures !== undefined && signatures.length > 0) {
    const value = common.Metadata.deserializeBinary(signatures).getValue_asU8();
    if (value.length > 0) {
      const ordererMetadata = common.OrdererBlockMetadata.deserializeBinary(value);
      const last = ordererMetadata.getLastConfig();
      if (last !== undefined) return last.getIndex();
    }
  }
  const legacy = metadata[METADATA_LAST_CONFIG];
  if (legacy !== undefined && legacy.length > 0) {
    const value = common.Metadata.deserializeBinary(legacy).getValue_asU8();
    return common.LastConfig.deserializeBinary(value).getIndex();
  }
  throw new Error(`block ${block.getHeader()?.getNumber() ?? '?'} names no last config block`);
}

/** Every MSP of a config block's channel config (mspOrgsOfConfig). */
export function mspOrgsOfConfigBlock(block: common.Block): MspOrg[] {
  const envelopeBytes = block.getData()?.getDataList_asU8()[0];
  if (envelopeBytes === undefined) throw new Error('config block without data');
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
  const config = common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig();
  if (config === undefined) throw new Error('config block without a config');
  return mspOrgsOfConfig(config);
}

/** Every MSP of a channel config: its roots and intermediates, and whether it is an application and/or orderer org. */
export function mspOrgsOfConfig(config: common.Config): MspOrg[] {
  const channelGroup = config.getChannelGroup();
  if (channelGroup === undefined) throw new Error('config block without a channel group');
  const orgs = new Map<string, MspOrg>();
  for (const role of ['application', 'orderer'] as const) {
    const section = channelGroup.getGroupsMap().get(role === 'application' ? 'Application' : 'Orderer');
    if (section === undefined) continue;
    for (const [, orgGroup] of section.getGroupsMap().entries()) {
      const value = orgGroup.getValuesMap().get('MSP');
      if (value === undefined) continue;
      const mspConfig = msp.MSPConfig.deserializeBinary(value.getValue_asU8());
      // Type 0 is FABRIC (X.509); idemix orgs cannot sign blocks or endorse, so they are left out.
      if (mspConfig.getType() !== 0) continue;
      const fabric = msp.FabricMSPConfig.deserializeBinary(mspConfig.getConfig_asU8());
      const known = orgs.get(fabric.getName());
      if (known !== undefined) {
        if (!known.roles.includes(role)) known.roles.push(role);
        continue;
      }
      const ous = fabric.getFabricNodeOus();
      orgs.set(fabric.getName(), {
        mspId: fabric.getName(),
        rootCerts: fabric.getRootCertsList_asU8().map(pem),
        intermediateCerts: fabric.getIntermediateCertsList_asU8().map(pem),
        roles: [role],
        nodeOUs: ous !== undefined && ous.getEnable() ? {
          client: ous.getClientOuIdentifier()?.getOrganizationalUnitIdentifier() ?? 'client',
          peer: ous.getPeerOuIdentifier()?.getOrganizationalUnitIdentifier() ?? 'peer',
          admin: ous.getAdminOuIdentifier()?.getOrganizationalUnitIdentifier() ?? 'admin',
          orderer: ous.getOrdererOuIdentifier()?.getOrganizationalUnitIdentifier() ?? 'orderer',
        } : null,
      });
    }
  }
  return [...orgs.values()].sort((a, b) => a.mspId.localeCompare(b.mspId));
}

/** The channel's MSP roots a receipt carries, and the number of the config block they are from. */
export interface ReceiptMsp { configBlockNumber: string; orgs: MspOrg[] }

/** Assembles a receipt from the block holding the transaction and the channel's config block at that height. */
export function receiptFromBlocks(channel: string, txId: string, blockBytes: Uint8Array, configBlockBytes: Uint8Array, issuedAt = new Date()): Receipt {
  const configBlock = common.Block.deserializeBinary(configBlockBytes);
  return receiptFromBlock(channel, txId, blockBytes, { configBlockNumber: String(configBlock.getHeader()?.getNumber() ?? 0), orgs: mspOrgsOfConfigBlock(configBlock) }, issuedAt);
}

/** Assembles a receipt from the block holding the transaction and the MSP roots of the config in force at that height. */
export function receiptFromBlock(channel: string, txId: string, blockBytes: Uint8Array, mspOfConfig: ReceiptMsp, issuedAt = new Date()): Receipt {
  const block = common.Block.deserializeBinary(blockBytes);
  const header = block.getHeader();
  if (header === undefined) throw new Error('block without header');
  const data = block.getData()?.getDataList_asU8() ?? [];
  const index = data.findIndex((envelope) => txIdOf(envelope) === txId);
  const envelope = data[index];
  if (index < 0 || envelope === undefined) throw new ReceiptNotFoundError(`transaction ${txId} is not in block ${header.getNumber()}`);
  const metadata = block.getMetadata()?.getMetadataList_asU8() ?? [];
  const filter = metadata[METADATA_TRANSACTIONS_FILTER] ?? new Uint8Array();
  const code = filter[index];
  if (code === undefined) throw new Error(`block ${header.getNumber()} has no validation flag for envelope ${index}`);
  return {
    version: RECEIPT_VERSION,
    channel,
    txId,
    transaction: { index, envelope: b64(envelope), validationCode: code, validationCodeName: validationCodeName(code) },
    block: {
      number: String(header.getNumber()),
      header: b64(header.serializeBinary()),
      data: data.map(b64),
      signatures: b64(metadata[METADATA_SIGNATURES] ?? new Uint8Array()),
      transactionsFilter: b64(filter),
    },
    msp: mspOfConfig,
    issuedAt: issuedAt.toISOString(),
  };
}

/** Builds the receipt of `txId` with qscc, as the Gateway session's identity (the caller's). */
export async function buildReceipt(gateway: Gateway, channel: string, txId: string): Promise<Receipt> {
  const network = gateway.getNetwork(channel);
  const qscc = network.getContract('qscc');
  let blockBytes: Uint8Array;
  try {
    blockBytes = await qscc.evaluateTransaction('GetBlockByTxID', channel, txId);
  } catch (error) {
    const first = firstBlockAfterSnapshot(error);
    if (first !== undefined) throw new ReceiptBeforeSnapshotError(`transaction ${txId} is in a block before block ${first}, the first this member's peer holds (it joined ${channel} by a ledger snapshot): ask another member's gateway for its receipt`);
    // qscc answers an unknown id with a plain error ("no such transaction ID"), not a chaincode code.
    const texts = [error instanceof Error ? error.message : String(error), ...((error as { details?: { message?: string }[] }).details ?? []).map((d) => d.message ?? '')];
    if (texts.some((t) => /no such transaction|not found|does not exist/i.test(t))) throw new ReceiptNotFoundError(`no transaction ${txId} on ${channel}`);
    throw error;
  }
  const configIndex = lastConfigIndex(common.Block.deserializeBinary(blockBytes));
  try {
    const configBlockBytes = await qscc.evaluateTransaction('GetBlockByNumber', channel, String(configIndex));
    return receiptFromBlocks(channel, txId, blockBytes, configBlockBytes);
  } catch (error) {
    const first = firstBlockAfterSnapshot(error);
    if (first === undefined) throw error;
    // A peer joined by snapshot lacks the config block when it is older than the snapshot, but it
    // holds the channel config as of now (cscc GetChannelConfig). That is the config in force at the
    // transaction's block when no config block came after the one that block names.
    const latestIndex = async (): Promise<number> => {
      const info = common.BlockchainInfo.deserializeBinary(await qscc.evaluateTransaction('GetChainInfo', channel));
      return lastConfigIndex(common.Block.deserializeBinary(await qscc.evaluateTransaction('GetBlockByNumber', channel, String(info.getHeight() - 1))));
    };
    if ((await latestIndex()) === configIndex) {
      const config = common.Config.deserializeBinary(await network.getContract('cscc').evaluateTransaction('GetChannelConfig', channel));
      if ((await latestIndex()) === configIndex) {
        return receiptFromBlock(channel, txId, blockBytes, { configBlockNumber: String(configIndex), orgs: mspOrgsOfConfig(config) });
      }
    }
    throw new ReceiptBeforeSnapshotError(`this member's peer joined ${channel} by a ledger snapshot and holds no block before block ${first}; the channel config of transaction ${txId} (config block ${configIndex}) has been replaced since: ask another member's gateway for its receipt`);
  }
}
