// Parsing of the membership contract's untrusted JSON arguments.
import { X509Certificate } from 'node:crypto';
import { MEMBER_ROLES, type Member, type MemberRole } from '../domain/types';
import { keyPart, parseJsonArg, requireArray, requireEnum, requireObject, requireString } from '../domain/validate';
import { invalidArgument } from '../shared/errors';

const MSP_ID = { max: 64, pattern: /^[A-Za-z][A-Za-z0-9.-]*$/, patternHint: 'letters, digits, . and - starting with a letter' };

export interface MemberInput {
  mspId: string;
  name: string;
  role: MemberRole;
  caRootPem: string;
  tlsRootPem: string;
  credentials: Record<string, string>;
}

export function requirePem(value: unknown, field: string): string {
  const pem = requireString(value, field, { max: 16 * 1024 });
  try {
    const cert = new X509Certificate(pem);
    if (!cert.ca) throw invalidArgument(field, 'must be a CA certificate (basicConstraints CA:TRUE)');
  } catch (error) {
    if (error instanceof Error && error.name === 'ChaincodeError') throw error;
    throw invalidArgument(field, 'must be a PEM X.509 certificate');
  }
  return pem;
}

export function parseMemberInput(value: unknown, field: string): MemberInput {
  const raw = requireObject(value, field, ['mspId', 'name', 'role', 'caRootPem', 'tlsRootPem', 'credentials']);
  const credentialsRaw = requireObject(raw.credentials ?? {}, `${field}.credentials`, [
    'cncaApprovalNo', 'accreditationNo', 'recognitionNo',
  ]);
  const credentials: Record<string, string> = {};
  for (const key of Object.keys(credentialsRaw).sort()) {
    credentials[key] = requireString(credentialsRaw[key], `${field}.credentials.${key}`, { max: 128 });
  }
  return {
    mspId: keyPart(requireString(raw.mspId, `${field}.mspId`, MSP_ID), `${field}.mspId`),
    name: requireString(raw.name, `${field}.name`, { max: 256 }),
    role: requireEnum(raw.role, `${field}.role`, MEMBER_ROLES),
    caRootPem: requirePem(raw.caRootPem, `${field}.caRootPem`),
    tlsRootPem: requirePem(raw.tlsRootPem, `${field}.tlsRootPem`),
    credentials,
  };
}

export function parseFounders(arg: string): MemberInput[] {
  const founders = requireArray(parseJsonArg(arg, 'founders'), 'founders', { min: 1, max: 50 }).map((value, i) =>
    parseMemberInput(value, `founders[${i}]`),
  );
  const ids = founders.map((f) => f.mspId);
  if (new Set(ids).size !== ids.length) throw invalidArgument('founders', 'lists the same mspId twice');
  return founders;
}

export function newMember(input: MemberInput, status: Member['status'], now: string): Member {
  return { ...input, status, appliedAt: now, statusSince: now, ...(status === 'ACTIVE' ? { activeSince: now } : {}) };
}
