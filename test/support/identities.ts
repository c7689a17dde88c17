// Real X.509 identities, shaped the way Fabric CA issues them, for the contract test harness.
// ECDSA P-256 keys and SHA-256 signatures through node's WebCrypto and @peculiar/x509.
//
// An enrollment certificate carries Fabric CA's attribute extension exactly as fabric-ca writes
// it (lib/attrmgr): OID 1.2.3.4.5.6.7.8.1, not critical, and as extnValue the raw UTF-8 bytes of
// Go's json.Marshal of {"attrs":{...}} (keys sorted, <>& escaped) — no ASN.1 wrapping. That is
// what fabric-shim's ClientIdentity reads back (`JSON.parse(extension.value.toString())`).
//
// Everything is memoised: the same CA / enrollment / TLS request returns the same certificate and
// key for the whole test process, so hundreds of tests pay for key generation once.

import { createRequire } from 'node:module';
import { webcrypto } from 'node:crypto';

// @peculiar/x509 resolves its algorithms through tsyringe, which needs the reflect-metadata
// polyfill loaded first. fabric-contract-api depends on it; load that very copy.
createRequire(require.resolve('fabric-contract-api'))('reflect-metadata');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- must load after the polyfill
import x509 = require('@peculiar/x509');

x509.cryptoProvider.set(webcrypto);

/** OID under which Fabric CA stores identity attributes (fabric-ca lib/attrmgr AttrOID). */
export const FABRIC_ATTRS_OID = '1.2.3.4.5.6.7.8.1';

const KEY_ALGORITHM: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING_ALGORITHM: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
/** Wide validity so tests may put the ledger clock anywhere from 2020 to 2099. */
const DEFAULT_NOT_BEFORE = new Date('2020-01-01T00:00:00Z');
const DEFAULT_NOT_AFTER = new Date('2099-12-31T23:59:59Z');

/** A signing identity as the gateway client holds it. */
export interface TestIdentity {
  readonly mspId: string;
  /** PEM of the enrollment certificate — what the proposal's creator carries. */
  readonly certPem: string;
  /** PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), as Fabric CA's keystore holds it. */
  readonly privateKeyPem: string;
}

export interface EnrollOptions {
  /** NodeOU of the identity: client (default), admin, peer, orderer. */
  readonly ou?: string;
  /** Fabric CA affiliation (e.g. "org1.department1"); each part becomes an extra OU. Default none. */
  readonly affiliation?: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}

export interface TlsCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface OrgCa {
  readonly mspId: string;
  /** Common name of the CA certificate. */
  readonly name: string;
  /** The org's root CA (MSP cacerts). */
  readonly caCertPem: string;
  /** The org's separate TLS root CA (MSP tlscacerts). */
  readonly tlsCaCertPem: string;
  /**
   * Issues an enrollment certificate: subject OU=<ou>[,OU=<affiliation parts>],CN=<enrollmentId>,
   * with Fabric CA's default attributes hf.Affiliation, hf.EnrollmentID, hf.Type plus `attrs`
   * (an entry in `attrs` overrides a default of the same name).
   */
  enroll(enrollmentId: string, attrs?: Record<string, string>, opts?: EnrollOptions): Promise<TestIdentity>;
  /** A TLS server/client certificate from the TLS CA: SAN DNS:<hostname>, IP:127.0.0.1. */
  issueTlsCert(hostname: string): Promise<TlsCertificate>;
  /**
   * A CRL (PEM) signed by the org's CA, revoking the certificates of `certPems`, with the CA's key
   * identifier as its authority key identifier, as Fabric CA's gencrl writes it (Fabric's MSP
   * finds a certificate's CRL by it).
   */
  issueCrl(certPems: string[]): Promise<string>;
}

interface Issuer {
  readonly cert: x509.X509Certificate;
  readonly keys: webcrypto.CryptoKeyPair;
}

const caCache = new Map<string, Promise<OrgCa>>();

/**
 * A self-signed org CA (basicConstraints CA:TRUE, keyUsage keyCertSign|cRLSign, both critical) and
 * a separate self-signed TLS CA for the same org. Memoised by (mspId, name): pass another `name`
 * to get a second, unrelated CA for the same MSP ID (e.g. an impostor).
 */
export function createOrgCa(mspId: string, opts: { name?: string } = {}): Promise<OrgCa> {
  if (!mspId) throw new Error('createOrgCa: mspId is required');
  const name = opts.name ?? `ca.${mspId.toLowerCase()}`;
  const cacheKey = JSON.stringify([mspId, name]);
  let ca = caCache.get(cacheKey);
  if (!ca) {
    ca = buildOrgCa(mspId, name);
    caCache.set(cacheKey, ca);
    ca.catch(() => caCache.delete(cacheKey));
  }
  return ca;
}

async function buildOrgCa(mspId: string, name: string): Promise<OrgCa> {
  const [ca, tlsCa] = await Promise.all([
    selfSignedCa([{ O: [mspId] }, { CN: [name] }]),
    selfSignedCa([{ O: [mspId] }, { CN: [`tls${name}`] }]),
  ]);
  const enrollments = new Map<string, Promise<TestIdentity>>();
  const tlsCerts = new Map<string, Promise<TlsCertificate>>();

  const enroll = (enrollmentId: string, attrs: Record<string, string> = {}, eo: EnrollOptions = {}): Promise<TestIdentity> => {
    if (!enrollmentId) return Promise.reject(new Error('enroll: enrollmentId is required'));
    const key = JSON.stringify([enrollmentId, sortedEntries(attrs), eo.ou ?? 'client', eo.affiliation ?? '',
      eo.notBefore?.toISOString() ?? '', eo.notAfter?.toISOString() ?? '']);
    let identity = enrollments.get(key);
    if (!identity) {
      identity = issueEnrollment(ca, mspId, enrollmentId, attrs, eo);
      enrollments.set(key, identity);
      identity.catch(() => enrollments.delete(key));
    }
    return identity;
  };

  const issueTlsCert = (hostname: string): Promise<TlsCertificate> => {
    if (!hostname) return Promise.reject(new Error('issueTlsCert: hostname is required'));
    let cert = tlsCerts.get(hostname);
    if (!cert) {
      cert = issueTls(tlsCa, hostname);
      tlsCerts.set(hostname, cert);
      cert.catch(() => tlsCerts.delete(hostname));
    }
    return cert;
  };

  const issueCrl = async (certPems: string[]): Promise<string> => {
    const crl = await x509.X509CrlGenerator.create({
      issuer: ca.cert.subjectName,
      thisUpdate: new Date(),
      nextUpdate: new Date(Date.now() + 86_400_000),
      signingKey: ca.keys.privateKey,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey)],
      entries: certPems.map((pem) => ({ serialNumber: new x509.X509Certificate(pem).serialNumber, revocationDate: new Date(), reason: x509.X509CrlReason.keyCompromise })),
    });
    return x509.PemConverter.encode(crl.rawData, 'X509 CRL');
  };

  return Object.freeze({
    mspId,
    name,
    caCertPem: ca.cert.toString('pem'),
    tlsCaCertPem: tlsCa.cert.toString('pem'),
    enroll,
    issueTlsCert,
    issueCrl,
  });
}

async function newKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
}

async function selfSignedCa(subject: x509.JsonName): Promise<Issuer> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: subject,
    notBefore: DEFAULT_NOT_BEFORE,
    notAfter: DEFAULT_NOT_AFTER,
    keys,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      new x509.BasicConstraintsExtension(true, 1, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys };
}

async function issueEnrollment(
  issuer: Issuer,
  mspId: string,
  enrollmentId: string,
  attrs: Record<string, string>,
  opts: EnrollOptions,
): Promise<TestIdentity> {
  const ou = opts.ou ?? 'client';
  const affiliation = opts.affiliation ?? '';
  const allAttrs: Record<string, string> = {
    'hf.Affiliation': affiliation,
    'hf.EnrollmentID': enrollmentId,
    'hf.Type': ou,
    ...attrs,
  };
  const subject: x509.JsonName = [
    { OU: [ou] },
    ...affiliation.split('.').filter((part) => part !== '').map((part) => ({ OU: [part] })),
    { CN: [enrollmentId] },
  ];
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject,
    issuer: issuer.cert.subjectName,
    notBefore: opts.notBefore ?? DEFAULT_NOT_BEFORE,
    notAfter: opts.notAfter ?? DEFAULT_NOT_AFTER,
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.BasicConstraintsExtension(false, undefined, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
      new x509.Extension(FABRIC_ATTRS_OID, false, Buffer.from(fabricCaAttrsJson(allAttrs), 'utf8')),
    ],
  });
  return Object.freeze({ mspId, certPem: cert.toString('pem'), privateKeyPem: await privateKeyPem(keys) });
}

async function issueTls(issuer: Issuer, hostname: string): Promise<TlsCertificate> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: [{ CN: [hostname] }],
    issuer: issuer.cert.subjectName,
    notBefore: DEFAULT_NOT_BEFORE,
    notAfter: DEFAULT_NOT_AFTER,
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.keyAgreement,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth], false),
      new x509.BasicConstraintsExtension(false, undefined, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: hostname },
        { type: 'ip', value: '127.0.0.1' },
      ]),
    ],
  });
  return Object.freeze({ certPem: cert.toString('pem'), keyPem: await privateKeyPem(keys) });
}

async function privateKeyPem(keys: webcrypto.CryptoKeyPair): Promise<string> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
}

/** 16 random bytes, top bit clear so the DER INTEGER stays positive (Fabric CA uses 20). */
function serialNumber(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f || 0x01;
  return Buffer.from(bytes).toString('hex');
}

function sortedEntries(record: Record<string, string>): Array<[string, string]> {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Go's json.Marshal of struct{ Attrs map[string]string `json:"attrs"` }: map keys sorted by byte
 * order, and the HTML-safe escapes Go applies (<, >, &, U+2028, U+2029).
 */
export function fabricCaAttrsJson(attrs: Record<string, string>): string {
  const body = Object.keys(attrs)
    .sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')))
    .map((k) => `${goJsonString(k)}:${goJsonString(attrs[k] ?? '')}`)
    .join(',');
  return `{"attrs":{${body}}}`;
}

function goJsonString(s: string): string {
  return JSON.stringify(s)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Whether `certPem` was issued (signed) by the CA of `caCertPem` — the part of MSP identity
 * validation the harness performs when a TestNetwork is told the channel's MSPs.
 */
export async function isIssuedBy(certPem: string, caCertPem: string): Promise<boolean> {
  try {
    const cert = new x509.X509Certificate(certPem);
    const ca = new x509.X509Certificate(caCertPem);
    if (cert.issuer !== ca.subject) return false;
    return await cert.verify({ publicKey: ca.publicKey, signatureOnly: true });
  } catch {
    return false;
  }
}
