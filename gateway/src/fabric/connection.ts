// The one place that opens gRPC connections to a peer and Fabric Gateway sessions over them.
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { connect, hash, type Gateway, type Identity } from '@hyperledger/fabric-gateway';
import { newSigner } from './signer';

export interface PeerEndpoint {
  /** host:port of the peer's gateway service */
  address: string;
  /** PEM file of the CA that issued the peer's TLS certificate */
  tlsRootCertPath: string;
  /** TLS host name override (the peer certificate's SAN), when address is an IP it lacks */
  hostnameOverride?: string;
}

export interface UserCredentials {
  mspId: string;
  certificatePem: Buffer;
  privateKeyPem: Buffer;
}

/** Room for the largest answer of the chaincode (4 MiB of private content, base64, in JSON). */
export const MAX_RECEIVE_BYTES = 16 * 1024 * 1024;

export function newGrpcClient(peer: PeerEndpoint): grpc.Client {
  const credentials = grpc.credentials.createSsl(readFileSync(peer.tlsRootCertPath));
  // A read of private content answers up to 4 MiB base64-encoded in JSON (docs/contracts.md): more
  // than gRPC's default 4 MiB receive limit.
  const options: grpc.ClientOptions = { 'grpc.max_receive_message_length': MAX_RECEIVE_BYTES };
  if (peer.hostnameOverride !== undefined) options['grpc.ssl_target_name_override'] = peer.hostnameOverride;
  return new grpc.Client(peer.address, credentials, options);
}

export interface Deadlines {
  evaluateMs: number;
  endorseMs: number;
  submitMs: number;
  commitStatusMs: number;
}

export const DEFAULT_DEADLINES: Readonly<Deadlines> = { evaluateMs: 5_000, endorseMs: 15_000, submitMs: 5_000, commitStatusMs: 60_000 };

/** A Gateway session for one user over a shared gRPC client, with a deadline on every call. */
export function connectGateway(client: grpc.Client, user: UserCredentials, deadlines: Deadlines = DEFAULT_DEADLINES): Gateway {
  const identity: Identity = { mspId: user.mspId, credentials: user.certificatePem };
  return connect({
    client,
    identity,
    signer: newSigner(user.privateKeyPem),
    // The signer hashes with node:crypto itself, so the library hands it the whole message.
    hash: hash.none,
    evaluateOptions: () => ({ deadline: Date.now() + deadlines.evaluateMs }),
    endorseOptions: () => ({ deadline: Date.now() + deadlines.endorseMs }),
    submitOptions: () => ({ deadline: Date.now() + deadlines.submitMs }),
    commitStatusOptions: () => ({ deadline: Date.now() + deadlines.commitStatusMs }),
  });
}
