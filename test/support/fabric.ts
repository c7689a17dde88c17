// The pieces of fabric-shim / fabric-contract-api the harness drives directly. They are internal
// modules (no typings), so this file loads them from fabric-shim's own location — guaranteeing the
// very module instances the shim uses (one copy of the protobuf classes) — and gives them the
// minimal types the harness needs. Nothing here is for test authors.

import { createRequire } from 'node:module';
import type * as FabricProtos from '@hyperledger/fabric-protos';
import type { ChaincodeInterface, ChaincodeStub } from 'fabric-shim';
import type { Timestamp as GoogleTimestamp } from 'google-protobuf/google/protobuf/timestamp_pb';

const shimRequire = createRequire(require.resolve('fabric-shim'));
const contractApiRequire = createRequire(require.resolve('fabric-contract-api'));
const protosRequire = createRequire(shimRequire.resolve('@hyperledger/fabric-protos'));

/** The protobuf bindings fabric-shim itself uses. */
export const protos = shimRequire('@hyperledger/fabric-protos') as typeof FabricProtos;

/** google-protobuf's Timestamp, the class fabric-shim's messages are built with. */
export type TimestampMessage = GoogleTimestamp;
const { Timestamp } = protosRequire('google-protobuf/google/protobuf/timestamp_pb') as {
  Timestamp: typeof GoogleTimestamp;
};

export function newTimestamp(seconds: number, nanos: number): TimestampMessage {
  const ts = new Timestamp();
  ts.setSeconds(seconds);
  ts.setNanos(nanos);
  return ts;
}

export type ChaincodeMessage = FabricProtos.peer.ChaincodeMessage;
export type MessageType = FabricProtos.peer.ChaincodeMessage.TypeMap[keyof FabricProtos.peer.ChaincodeMessage.TypeMap];

/** The duplex gRPC stream between peer and chaincode, as the shim's handler uses it. */
export interface ChaincodeStream {
  on(event: 'data', listener: (msg: ChaincodeMessage) => void): unknown;
  on(event: 'end' | 'error', listener: (...args: unknown[]) => void): unknown;
  write(msg: ChaincodeMessage): unknown;
  end(): unknown;
}

/** fabric-shim lib/handler.js ChaincodeMessageHandler: the chaincode end of the peer stream. */
export interface ChaincodeMessageHandler {
  chat(convStarterMsg: ChaincodeMessage): void;
}
export const ChaincodeMessageHandler = (shimRequire('./lib/handler.js') as {
  ChaincodeMessageHandler: new (stream: ChaincodeStream, chaincode: ChaincodeInterface) => ChaincodeMessageHandler;
}).ChaincodeMessageHandler;

/** fabric-shim lib/stub.js, with its real (undocumented) constructor. */
export const ChaincodeStubImpl = shimRequire('./lib/stub.js') as new (
  handler: ChaincodeMessageHandler,
  channelId: string,
  txId: string,
  chaincodeInput: FabricProtos.peer.ChaincodeInput,
  signedProposal: FabricProtos.peer.SignedProposal,
) => ChaincodeStub;

export interface Serializers {
  readonly transaction: string;
  readonly serializers: Record<string, unknown>;
}

/** fabric-shim lib/contract-spi/chaincodefromcontract.js: the dispatcher the peer's chaincode runs. */
export const ChaincodeFromContract = shimRequire('./lib/contract-spi/chaincodefromcontract.js') as new (
  contractClasses: unknown[],
  serializers: Serializers,
  metadata: object,
  title: string | undefined,
  version: string | undefined,
) => ChaincodeInterface;

/** What fabric-shim's bootstrap uses when the chaincode module exports no serializers. */
export function defaultSerializers(): Serializers {
  const { JSONSerializer } = contractApiRequire('./index.js') as { JSONSerializer: unknown };
  return { transaction: 'jsonSerializer', serializers: { jsonSerializer: JSONSerializer } };
}

interface FabricLogger {
  setLevel(level: string): void;
}
const shimLogger = shimRequire('./lib/logger.js') as FabricLogger;
const contractApiLogger = contractApiRequire('./lib/logger.js') as FabricLogger;

/**
 * Sets the level of both libraries' winston loggers ('DEBUG', 'INFO', 'WARNING', 'ERROR';
 * 'CRITICAL' silences them). Same effect as CORE_CHAINCODE_LOGGING_LEVEL on a real chaincode.
 */
export function setChaincodeLogLevel(level: string): void {
  shimLogger.setLevel(level);
  contractApiLogger.setLevel(level);
}
