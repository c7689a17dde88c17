// A consortium on the contract test harness: the three founding members plus an accreditation
// body, each with its own CA and the users the topology gives them, initialised with a charter.
import './invoke';
import { contracts } from '../../chaincode/src';
import { DEFAULT_CHARTER } from '../../chaincode/src/domain/charter';
import type { Charter, MemberRole } from '../../chaincode/src/domain/types';
import { createOrgCa, type OrgCa, type TestIdentity } from './identities';
import { DeclaredTestNetwork } from './declared-errors';
import type { TestNetwork } from './invoke';

export const ORGS = {
  regulator: { mspId: 'RegulatorMSP', role: 'REGULATOR' as MemberRole, credentials: {} },
  cb1: { mspId: 'Cb1MSP', role: 'CERTIFICATION_BODY' as MemberRole, credentials: { cncaApprovalNo: 'CNCA-R-2002-001', accreditationNo: 'CNAS C001-M' } },
  cb2: { mspId: 'Cb2MSP', role: 'CERTIFICATION_BODY' as MemberRole, credentials: { cncaApprovalNo: 'CNCA-R-2003-034', accreditationNo: 'CNAS C034-M' } },
  ab: { mspId: 'AbMSP', role: 'ACCREDITATION_BODY' as MemberRole, credentials: { recognitionNo: 'CNCA-AB-001' } },
} as const;
export type OrgName = keyof typeof ORGS;

export interface OrgUsers {
  ca: OrgCa;
  admin: TestIdentity;
  issuer: TestIdentity;
  recorder: TestIdentity;
  regulator: TestIdentity;
  reader: TestIdentity;
  /** a user without the certledger.role attribute */
  norole: TestIdentity;
}

export interface Consortium {
  net: TestNetwork;
  orgs: Record<OrgName, OrgUsers>;
  charter: Charter;
  /** the founders' member JSON as initConsortium received it */
  memberInput: (org: OrgName) => Record<string, unknown>;
}

async function orgUsers(name: OrgName): Promise<OrgUsers> {
  const ca = await createOrgCa(ORGS[name].mspId);
  const user = (id: string, role?: string, ou = 'client'): Promise<TestIdentity> =>
    ca.enroll(`${id}@${name}`, role === undefined ? {} : { 'certledger.role': role }, { ou });
  return {
    ca,
    admin: await user('admin1', 'admin', 'admin'),
    issuer: await user('issuer1', 'issuer'),
    recorder: await user('recorder1', 'recorder'),
    regulator: await user('regulator1', 'regulator'),
    reader: await user('reader1', 'reader'),
    norole: await user('norole1'),
  };
}

/**
 * A fresh ledger with `founders` initialised as ACTIVE members (default: regulator, cb1, cb2;
 * `ab` joins only when listed) under DEFAULT_CHARTER with `charter` overrides.
 */
export async function newConsortium(opts: { founders?: OrgName[]; charter?: Partial<Charter>; startTime?: string } = {}): Promise<Consortium> {
  const founders = opts.founders ?? ['regulator', 'cb1', 'cb2'];
  const orgs = {} as Record<OrgName, OrgUsers>;
  for (const name of Object.keys(ORGS) as OrgName[]) orgs[name] = await orgUsers(name);
  const collections = (Object.keys(ORGS) as OrgName[]).map((name) => ({
    name: `private_${ORGS[name].mspId}`,
    members: name === 'regulator' ? [ORGS.regulator.mspId] : [ORGS[name].mspId, ORGS.regulator.mspId],
  }));
  const net = new DeclaredTestNetwork(contracts, { collections, ...(opts.startTime !== undefined ? { startTime: opts.startTime } : {}) });
  const charter: Charter = { ...structuredClone(DEFAULT_CHARTER), ...opts.charter };
  const memberInput = (name: OrgName): Record<string, unknown> => ({
    mspId: ORGS[name].mspId,
    name: `${name} (test)`,
    role: ORGS[name].role,
    caRootPem: orgs[name].ca.caCertPem,
    tlsRootPem: orgs[name].ca.tlsCaCertPem,
    credentials: ORGS[name].credentials,
  });
  await net.submit(orgs.regulator.admin, 'membership:initConsortium', [
    JSON.stringify(charter),
    JSON.stringify(founders.map(memberInput)),
  ]);
  return { net, orgs, charter, memberInput };
}

/** Parses a chaincode error message into its code and text (what the gateway sees). */
export function errorOf(error: unknown): { code: string; message: string } {
  const text = error instanceof Error ? error.message : String(error);
  const start = text.indexOf('{"code"');
  if (start < 0) throw new Error(`not a chaincode error: ${text}`);
  return JSON.parse(text.slice(start, text.lastIndexOf('}') + 1)) as { code: string; message: string };
}
