// The gateway's view of one chaincode event, shared by the stream, SSE and webhooks. Its id is
// derived only from the ledger (<blockNumber>:<txId>:<eventName>), so the same event has the
// same id after any number of restarts and replays — what lets receivers dedupe by id.
import type { ChaincodeEvent } from '@hyperledger/fabric-gateway';

export interface LedgerEvent {
  /** `<blockNumber>:<txId>:<eventName>` */
  id: string;
  /** the chaincode event name, e.g. EvidenceAnchored */
  name: string;
  blockNumber: string;
  txId: string;
  /** the payload parsed as JSON; a payload that is not JSON is given as { base64 } */
  payload: unknown;
}

export interface EventPosition {
  blockNumber: bigint;
  txId: string;
  name: string;
}

// Fabric transaction ids are hex; event names are what the chaincode chose, without ':' or newlines
// (an SSE id may not contain a newline; a ':' would make the id ambiguous).
const ID_PATTERN = /^(\d{1,20}):([A-Za-z0-9_-]{1,128}):([^:\r\n]{1,256})$/;

export function eventIdOf(blockNumber: bigint | string, txId: string, name: string): string {
  return `${blockNumber.toString()}:${txId}:${name}`;
}

/** Parses an event id; undefined when it is not one. */
export function parseEventId(id: string): EventPosition | undefined {
  const match = ID_PATTERN.exec(id);
  if (match === null) return undefined;
  return { blockNumber: BigInt(match[1] as string), txId: match[2] as string, name: match[3] as string };
}

function decodePayload(bytes: Uint8Array): unknown {
  const buffer = Buffer.from(bytes);
  if (buffer.length === 0) return null;
  try {
    return JSON.parse(buffer.toString('utf8')) as unknown;
  } catch {
    return { base64: buffer.toString('base64') };
  }
}

export function toLedgerEvent(event: ChaincodeEvent): LedgerEvent {
  return {
    id: eventIdOf(event.blockNumber, event.transactionId, event.eventName),
    name: event.eventName,
    blockNumber: event.blockNumber.toString(),
    txId: event.transactionId,
    payload: decodePayload(event.payload),
  };
}
