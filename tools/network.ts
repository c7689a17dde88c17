// The local consortium as tools outside the tests see it (bench/, test/): where the repository
// and run/ are, the topology's orgs, their peers and users, a Gateway session as one of them, and
// each member's REST gateway address. Neither the tests nor the bench reach into each other; both
// import this.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@grpc/grpc-js';
import type { Gateway } from '@hyperledger/fabric-gateway';
import { connectGateway, newGrpcClient, type PeerEndpoint, type UserCredentials } from '../gateway/src/fabric/connection';

export const ROOT = join(__dirname, '..');
export const RUN = join(ROOT, 'run');

export interface OrgTopology {
  name: string;
  mspId: string;
  peer: { host: string; port: number };
}
const fullTopology = JSON.parse(readFileSync(join(ROOT, 'network', 'topology.json'), 'utf8')) as {
  channel: string;
  chaincode: { name: string };
  orgs: (OrgTopology & { founder?: boolean })[];
};
/** Every org of the topology, founders and those that join later (ab). */
export const allOrgs: OrgTopology[] = fullTopology.orgs;
/** The topology as `scripts/network.sh up` founds it: `orgs` holds the founders only. */
export const topology = { ...fullTopology, orgs: fullTopology.orgs.filter((o) => o.founder !== false) };

export const CHANNEL = topology.channel;
export const CHAINCODE = topology.chaincode.name;

export function org(name: string): OrgTopology {
  const found = allOrgs.find((o) => o.name === name);
  if (found === undefined) throw new Error(`no org ${name} in network/topology.json`);
  return found;
}

export function credentials(orgName: string, user: string): UserCredentials {
  const dir = join(RUN, orgName, 'users', user, 'msp');
  return {
    mspId: org(orgName).mspId,
    certificatePem: readFileSync(join(dir, 'signcerts', 'cert.pem')),
    privateKeyPem: readFileSync(join(dir, 'keystore', 'key.pem')),
  };
}

/** The endpoint of one of an org's peers: its first, or a later one (.extraPeers) by name. */
export function peerEndpoint(orgName: string, peerName?: string): PeerEndpoint {
  const o = org(orgName) as OrgTopology & { extraPeers?: { name: string; host: string; port: number }[] };
  const p = peerName === undefined ? o.peer : o.extraPeers?.find((x) => x.name === peerName);
  if (p === undefined) throw new Error(`${orgName} has no peer ${String(peerName)} in network/topology.json`);
  const endpoint: PeerEndpoint = { address: `${p.host}:${p.port}`, tlsRootCertPath: join(RUN, orgName, 'msp', 'tlscacerts', 'ca.pem') };
  return endpoint;
}

/** Runs fn with a Gateway session as `user` of `orgName`, connected to that org's own peer (or another of its peers). */
export async function withGateway<T>(orgName: string, user: string, fn: (gateway: Gateway) => Promise<T>, peerName?: string): Promise<T> {
  const client: Client = newGrpcClient(peerEndpoint(orgName, peerName));
  const gateway = connectGateway(client, credentials(orgName, user));
  try {
    return await fn(gateway);
  } finally {
    gateway.close();
    client.close();
  }
}

/** The address of a member's REST gateway, from the topology. */
export function gatewayOf(orgName: string): string {
  const o = allOrgs.find((x) => x.name === orgName) as unknown as { gateway: { host: string; port: number } } | undefined;
  if (o === undefined) throw new Error(`no org ${orgName} in network/topology.json`);
  return `http://${o.gateway.host}:${o.gateway.port}`;
}
