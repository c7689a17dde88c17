// Unit tests of the member lifecycle and the join/exit rules 1–7 (docs/architecture.md §5), with real X.509 TLS certificates.

// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API
// (reflect-metadata comes with fabric-contract-api).
import 'reflect-metadata';
import { createHash, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { expect } from 'chai';
import { DEFAULT_CHARTER } from '../../../../chaincode/src/domain/charter';
import {
  canWrite, checkAdmissionCredentials, checkChaincodeApproval, checkCompleteExit, checkMinimums, checkOrdererChange,
  checkOrgJoinPreparation, checkPeerRegistration, checkPeerRemoval, checkProposalApproved, MEMBER_TRANSITIONS, PEER_REMOVAL_STATUSES,
  transitionMember,
} from '../../../../chaincode/src/domain/membership-rules';
import { addSeconds } from '../../../../chaincode/src/domain/time';
import { Charter, Member, MEMBER_STATUSES, MemberRole, MemberStatus, NetworkNode, Proposal, ProposalType } from '../../../../chaincode/src/domain/types';
import { parseChaincodeError, type ErrorCode } from '../../../../chaincode/src/shared/errors';
import { expectCode } from '../../../support/expect-code';


const DAY = 86_400;
const charter: Charter = structuredClone(DEFAULT_CHARTER);
const APPLIED_AT = '2025-01-01T00:00:00.000Z';
const NOW = '2025-03-01T00:00:00.000Z';

function member(status: MemberStatus, overrides: Partial<Member> = {}): Member {
  return {
    mspId: 'AbMSP', name: 'Accreditation Body', role: 'ACCREDITATION_BODY', status, caRootPem: '', tlsRootPem: '',
    credentials: { recognitionNo: 'CNCA-AB-01' }, appliedAt: APPLIED_AT, statusSince: APPLIED_AT, ...overrides,
  };
}

function proposal(type: ProposalType, overrides: Partial<Proposal> = {}): Proposal {
  return {
    id: 'P-9', type, target: 'AbMSP', payload: {}, proposer: 'RegulatorMSP', openedAt: APPLIED_AT,
    deadline: '2025-01-08T00:00:00.000Z', electorate: ['Cb1MSP', 'Cb2MSP', 'RegulatorMSP'], status: 'APPROVED', ...overrides,
  };
}

type KeyPair = webcrypto.CryptoKeyPair;

function unchanged<T, R>(value: T, fn: (v: T) => R): R {
  const before = structuredClone(value);
  try {
    return fn(value);
  } finally {
    expect(value, 'the input must not change').to.deep.equal(before);
  }
}

describe('domain/membership-rules', () => {
  describe('transitionMember: every from/to pair', () => {
    const allowed: Record<MemberStatus, MemberStatus[]> = {
      APPLIED: ['APPROVED', 'REJECTED'],
      APPROVED: ['ACTIVE'],
      ACTIVE: ['EXITING', 'SUSPENDED', 'EXPELLED'],
      SUSPENDED: ['ACTIVE', 'EXPELLED'],
      EXITING: ['EXITED', 'EXPELLED'],
      EXITED: [],
      EXPELLED: [],
      REJECTED: [],
    };

    it('the exported table is the one of docs/architecture.md §5', () => {
      expect(MEMBER_TRANSITIONS).to.deep.equal(allowed);
    });

    for (const from of MEMBER_STATUSES) {
      for (const to of MEMBER_STATUSES) {
        if (allowed[from].includes(to)) {
          it(`${from} → ${to} is allowed`, () => {
            const m = member(from);
            const out = unchanged(m, (x) => transitionMember(x, to, NOW));
            expect(out.status).to.equal(to);
            expect(out.statusSince).to.equal(NOW);
          });
        } else {
          it(`${from} → ${to} is refused`, () => {
            const m = member(from);
            const message = unchanged(m, (x) => expectCode(() => transitionMember(x, to, NOW), 'CONFLICT'));
            expect(message).to.include(`member AbMSP is ${from}; a change to ${to} is allowed`);
          });
        }
      }
    }

    it('records the dates that fit the change', () => {
      const active = transitionMember(member('APPROVED'), 'ACTIVE', NOW);
      expect(active.activeSince).to.equal(NOW);
      const suspended = transitionMember(active, 'SUSPENDED', '2025-04-01T00:00:00.000Z');
      const reinstated = transitionMember(suspended, 'ACTIVE', '2025-05-01T00:00:00.000Z');
      expect(reinstated.activeSince, 'a reinstatement keeps the first activation').to.equal(NOW);
      const exiting = transitionMember(reinstated, 'EXITING', '2025-06-01T00:00:00.000Z');
      expect(exiting.exitRequestedAt).to.equal('2025-06-01T00:00:00.000Z');
      expect(exiting).not.to.have.property('leftAt');
      const exited = transitionMember(exiting, 'EXITED', '2025-07-01T00:00:00.000Z');
      expect(exited).to.include({ leftAt: '2025-07-01T00:00:00.000Z', exitRequestedAt: '2025-06-01T00:00:00.000Z', activeSince: NOW });
      expect(transitionMember(member('ACTIVE'), 'EXPELLED', NOW).leftAt).to.equal(NOW);
      expect(message(() => transitionMember(member('EXITED'), 'ACTIVE', NOW))).to.include('only from APPROVED or SUSPENDED');
      expect(message(() => transitionMember(member('ACTIVE'), 'APPLIED', NOW))).to.include('from no status');
    });

    it('refuses an unknown status and a bad time', () => {
      expectCode(() => transitionMember(member('ACTIVE'), 'RETIRED' as MemberStatus, NOW), 'INVALID_ARGUMENT', 'status');
      expectCode(() => transitionMember(member('ACTIVE'), 'EXITING', 'today'), 'INVALID_ARGUMENT', 'now');
    });
  });

  describe('checkAdmissionCredentials', () => {
    it('accepts every required credential, and roles with none', () => {
      expect(() => checkAdmissionCredentials('CERTIFICATION_BODY', { cncaApprovalNo: 'CNCA-R-2002-001', accreditationNo: 'CNAS C001-M', extra: 'x' }, charter)).not.to.throw();
      expect(() => checkAdmissionCredentials('REGULATOR', {}, charter)).not.to.throw();
      expect(() => checkAdmissionCredentials('OBSERVER', {}, charter)).not.to.throw();
    });

    it('refuses a missing or empty credential, naming it', () => {
      expectCode(() => checkAdmissionCredentials('CERTIFICATION_BODY', { cncaApprovalNo: 'CNCA-R-2002-001' }, charter), 'INVALID_ARGUMENT', 'credentials.accreditationNo');
      expectCode(() => checkAdmissionCredentials('CERTIFICATION_BODY', { cncaApprovalNo: ' ', accreditationNo: 'a' }, charter), 'INVALID_ARGUMENT', 'credentials.cncaApprovalNo');
      expectCode(() => checkAdmissionCredentials('ACCREDITATION_BODY', {}, charter), 'INVALID_ARGUMENT', 'credentials.recognitionNo');
      // an inherited property is not a given credential
      expectCode(() => checkAdmissionCredentials('ACCREDITATION_BODY', Object.create({ recognitionNo: 'x' }) as Record<string, string>, charter), 'INVALID_ARGUMENT', 'recognitionNo');
    });

    it('follows the charter and refuses unknown roles', () => {
      const strict = structuredClone(charter);
      strict.admissionRequirements.REGULATOR = ['mandate'];
      expectCode(() => checkAdmissionCredentials('REGULATOR', {}, strict), 'INVALID_ARGUMENT', 'credentials.mandate');
      expectCode(() => checkAdmissionCredentials('AUDITOR' as MemberRole, {}, charter), 'INVALID_ARGUMENT', 'role');
      expectCode(() => checkAdmissionCredentials('REGULATOR', null, charter), 'INVALID_ARGUMENT', 'credentials');
    });
  });

  describe('checkProposalApproved (rules 1, 3, 5, 6)', () => {
    it('accepts an APPROVED proposal of the type and target', () => {
      const p = proposal('EXPEL_MEMBER');
      unchanged(p, (x) => checkProposalApproved(x, 'EXPEL_MEMBER', 'AbMSP'));
      expect(() => checkProposalApproved(p, 'EXPEL_MEMBER')).not.to.throw();
    });

    it('refuses a missing, other-type, undecided or other-target proposal', () => {
      expectCode(() => checkProposalApproved(undefined, 'EXPEL_MEMBER', 'AbMSP'), 'PRECONDITION_FAILED', 'no EXPEL_MEMBER proposal for AbMSP');
      expectCode(() => checkProposalApproved(proposal('SUSPEND_MEMBER'), 'EXPEL_MEMBER'), 'PRECONDITION_FAILED', 'SUSPEND_MEMBER');
      expectCode(() => checkProposalApproved(proposal('EXPEL_MEMBER', { status: 'OPEN' }), 'EXPEL_MEMBER'), 'PRECONDITION_FAILED', 'is OPEN');
      expectCode(() => checkProposalApproved(proposal('EXPEL_MEMBER', { status: 'REJECTED' }), 'EXPEL_MEMBER'), 'PRECONDITION_FAILED', 'is REJECTED');
      expectCode(() => checkProposalApproved(proposal('EXPEL_MEMBER'), 'EXPEL_MEMBER', 'Cb2MSP'), 'PRECONDITION_FAILED', 'not Cb2MSP');
    });
  });

  describe('rule 1: checkOrgJoinPreparation', () => {
    it('accepts an APPROVED member under an APPROVED ADMIT_MEMBER proposal', () => {
      expect(() => checkOrgJoinPreparation(member('APPROVED'), proposal('ADMIT_MEMBER'))).not.to.throw();
    });

    it('refuses without a member, without the proposal, or for a member not APPROVED', () => {
      expectCode(() => checkOrgJoinPreparation(undefined, proposal('ADMIT_MEMBER')), 'PRECONDITION_FAILED', 'apply');
      expectCode(() => checkOrgJoinPreparation(member('APPROVED'), undefined), 'PRECONDITION_FAILED', 'ADMIT_MEMBER');
      expectCode(() => checkOrgJoinPreparation(member('APPROVED'), proposal('ADMIT_MEMBER', { status: 'OPEN' })), 'PRECONDITION_FAILED', 'OPEN');
      expectCode(() => checkOrgJoinPreparation(member('APPROVED'), proposal('ADMIT_MEMBER', { target: 'Cb9MSP' })), 'PRECONDITION_FAILED', 'Cb9MSP');
      for (const status of MEMBER_STATUSES.filter((s) => s !== 'APPROVED')) {
        expectCode(() => checkOrgJoinPreparation(member(status), proposal('ADMIT_MEMBER')), 'CONFLICT', `is ${status}`);
      }
    });
  });

  describe('rule 2: checkPeerRegistration', () => {
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const notBefore = new Date('2025-01-01T00:00:00Z');
    const notAfter = new Date('2027-01-01T00:00:00Z');
    let rootPem = '';
    let leafPem = '';
    let leafDer = new Uint8Array();
    let foreignLeafPem = '';
    let sameNameForeignLeafPem = '';
    let intermediatePem = '';
    let leafViaIntermediatePem = '';
    let expiredLeafPem = '';

    async function keys(): Promise<KeyPair> {
      return await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
    }

    async function ca(name: string, k: KeyPair): Promise<x509.X509Certificate> {
      return x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: '01', name, notBefore, notAfter, signingAlgorithm: alg, keys: k,
        extensions: [
          new x509.BasicConstraintsExtension(true, 1, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        ],
      });
    }

    async function issue(
      subject: string, issuer: x509.X509Certificate, issuerKeys: KeyPair, subjectKeys: KeyPair,
      opts: { isCa?: boolean; notAfter?: Date } = {},
    ): Promise<x509.X509Certificate> {
      return x509.X509CertificateGenerator.create({
        serialNumber: '02', subject, issuer: issuer.subject, notBefore, notAfter: opts.notAfter ?? notAfter,
        signingAlgorithm: alg, publicKey: subjectKeys.publicKey, signingKey: issuerKeys.privateKey,
        extensions: opts.isCa
          ? [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)]
          : [new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
      });
    }

    before(async () => {
      x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
      const rootKeys = await keys();
      const root = await ca('CN=tlsca.ab.example.com,O=AbMSP', rootKeys);
      rootPem = root.toString('pem');
      const leaf = await issue('CN=peer0.ab.example.com', root, rootKeys, await keys());
      leafPem = leaf.toString('pem');
      leafDer = new Uint8Array(leaf.rawData);

      const otherKeys = await keys();
      const other = await ca('CN=tlsca.cb1.example.com,O=Cb1MSP', otherKeys);
      foreignLeafPem = (await issue('CN=peer0.ab.example.com', other, otherKeys, await keys())).toString('pem');
      // a CA that copies the registered root's name: the name matches, the signature does not
      const impostorKeys = await keys();
      const impostor = await ca('CN=tlsca.ab.example.com,O=AbMSP', impostorKeys);
      sameNameForeignLeafPem = (await issue('CN=peer0.ab.example.com', impostor, impostorKeys, await keys())).toString('pem');

      const intermediateKeys = await keys();
      const intermediate = await issue('CN=tls-int.ab.example.com,O=AbMSP', root, rootKeys, intermediateKeys, { isCa: true });
      intermediatePem = intermediate.toString('pem');
      leafViaIntermediatePem = (await issue('CN=peer1.ab.example.com', intermediate, intermediateKeys, await keys())).toString('pem');
      expiredLeafPem = (await issue('CN=peer2.ab.example.com', root, rootKeys, await keys(), { notAfter: new Date('2025-02-01T00:00:00Z') })).toString('pem');
    });

    const owner = (status: MemberStatus = 'ACTIVE') => member(status, { tlsRootPem: rootPem });

    it('accepts a leaf of the registered TLS root and returns its DER SHA-256', () => {
      const input = { owner: owner(), callerMsp: 'AbMSP', tlsCertPem: leafPem };
      const { fingerprint } = unchanged(input, checkPeerRegistration);
      expect(fingerprint).to.equal(createHash('sha256').update(leafDer).digest('hex'));
      expect(fingerprint).to.match(/^[0-9a-f]{64}$/);
    });

    it('accepts an APPROVED owner (its first peer makes it ACTIVE)', () => {
      expect(checkPeerRegistration({ owner: owner('APPROVED'), callerMsp: 'AbMSP', tlsCertPem: leafPem }).fingerprint).to.have.length(64);
    });

    it('accepts a leaf through one intermediate given after it', () => {
      const out = checkPeerRegistration({ owner: owner(), callerMsp: 'AbMSP', tlsCertPem: `${leafViaIntermediatePem}\n${intermediatePem}` });
      expect(out.fingerprint).to.have.length(64);
      // without the intermediate the leaf does not chain
      expectCode(() => checkPeerRegistration({ owner: owner(), callerMsp: 'AbMSP', tlsCertPem: leafViaIntermediatePem }), 'FORBIDDEN', 'does not chain');
    });

    it('refuses a leaf of a different CA, even one with the same name', () => {
      expectCode(() => checkPeerRegistration({ owner: owner(), callerMsp: 'AbMSP', tlsCertPem: foreignLeafPem }), 'FORBIDDEN', 'does not chain');
      expectCode(() => checkPeerRegistration({ owner: owner(), callerMsp: 'AbMSP', tlsCertPem: sameNameForeignLeafPem }), 'FORBIDDEN', 'does not chain');
    });

    it('refuses a garbage PEM and too long a chain (INVALID_ARGUMENT)', () => {
      expectCode(() => checkPeerRegistration({ owner: owner(), callerMsp: 'AbMSP', tlsCertPem: 'not a certificate' }), 'INVALID_ARGUMENT', 'tlsCertPem');
      const garbage = '-----BEGIN CERTIFICATE-----\nTUlJQmFkRGF0YQ==\n-----END CERTIFICATE-----\n';
      expectCode(() => checkPeerRegistration({ owner: owner(), callerMsp: 'AbMSP', tlsCertPem: garbage }), 'INVALID_ARGUMENT', 'tlsCertPem');
      expectCode(() => checkPeerRegistration({ owner: owner(), callerMsp: 'AbMSP', tlsCertPem: leafPem + intermediatePem + rootPem }), 'INVALID_ARGUMENT', 'at most one intermediate');
    });

    it('refuses a caller that is not the owner, and owners that may not register', () => {
      expectCode(() => checkPeerRegistration({ owner: owner(), callerMsp: 'Cb1MSP', tlsCertPem: leafPem }), 'FORBIDDEN', 'only the owner');
      expectCode(() => checkPeerRegistration({ owner: undefined, callerMsp: 'Cb1MSP', tlsCertPem: leafPem }), 'FORBIDDEN', 'not a consortium member');
      for (const status of MEMBER_STATUSES.filter((s) => s !== 'ACTIVE' && s !== 'APPROVED')) {
        expectCode(() => checkPeerRegistration({ owner: owner(status), callerMsp: 'AbMSP', tlsCertPem: leafPem }), 'FORBIDDEN', `is ${status}`);
      }
    });

    it('refuses when the registered root is unusable', () => {
      expectCode(() => checkPeerRegistration({ owner: member('ACTIVE', { tlsRootPem: 'junk' }), callerMsp: 'AbMSP', tlsCertPem: leafPem }), 'PRECONDITION_FAILED', 'TLS root');
    });

    it('with `now`, refuses a certificate outside its validity', () => {
      expect(() => checkPeerRegistration({ owner: owner(), callerMsp: 'AbMSP', tlsCertPem: expiredLeafPem, now: '2025-01-15T00:00:00.000Z' })).not.to.throw();
      expectCode(() => checkPeerRegistration({ owner: owner(), callerMsp: 'AbMSP', tlsCertPem: expiredLeafPem, now: NOW }), 'INVALID_ARGUMENT', 'not valid at');
      expectCode(() => checkPeerRegistration({ owner: owner(), callerMsp: 'AbMSP', tlsCertPem: leafPem, now: '2024-12-31T00:00:00.000Z' }), 'INVALID_ARGUMENT', 'not valid at');
    });
  });

  describe('rule 2: checkPeerRemoval', () => {
    const peer = (overrides: Partial<NetworkNode> = {}): NetworkNode => ({
      nodeId: 'peer1.ab', owner: 'AbMSP', type: 'PEER', endpoint: 'peer1.ab:7051', tlsCertFingerprint: 'a'.repeat(64),
      status: 'ACTIVE', registeredAt: APPLIED_AT, ...overrides,
    });
    const refused = (fn: () => unknown, code: ErrorCode, ...fragments: string[]): void => {
      const text = expectCode(fn, code);
      for (const fragment of fragments) expect(text).to.include(fragment);
    };
    const base = { member: member('ACTIVE'), callerMsp: 'AbMSP', nodeId: 'peer1.ab', node: peer(), activePeersOfOwner: 2 };

    it('accepts the owner\'s ACTIVE peer when the ACTIVE owner keeps another, and changes nothing', () => {
      expect(() => unchanged(base, checkPeerRemoval)).not.to.throw();
      expect(() => checkPeerRemoval({ ...base, activePeersOfOwner: 5 })).not.to.throw();
    });

    it('accepts an EXITING owner, even for its last ACTIVE peer', () => {
      expect(PEER_REMOVAL_STATUSES).to.deep.equal(['ACTIVE', 'EXITING']);
      expect(() => checkPeerRemoval({ ...base, member: member('EXITING'), activePeersOfOwner: 1 })).not.to.throw();
      expect(() => checkPeerRemoval({ ...base, member: member('EXITING'), activePeersOfOwner: 3 })).not.to.throw();
    });

    it('refuses a caller that is not a member (FORBIDDEN)', () => {
      refused(() => checkPeerRemoval({ ...base, member: undefined, callerMsp: 'Cb9MSP' }), 'FORBIDDEN', 'Cb9MSP is not a consortium member');
    });

    it('refuses every member status but ACTIVE and EXITING (FORBIDDEN), before looking at the node', () => {
      for (const status of MEMBER_STATUSES.filter((s) => s !== 'ACTIVE' && s !== 'EXITING')) {
        refused(() => checkPeerRemoval({ ...base, member: member(status), node: undefined }), 'FORBIDDEN', `member AbMSP is ${status}`, 'ACTIVE (or EXITING)');
      }
    });

    it('refuses a node that does not exist (NOT_FOUND)', () => {
      refused(() => checkPeerRemoval({ ...base, node: undefined, nodeId: 'peer9.ab' }), 'NOT_FOUND', 'node peer9.ab does not exist');
    });

    it('refuses an orderer (INVALID_ARGUMENT: it leaves by REMOVE_ORDERER), even the caller\'s own', () => {
      refused(() => checkPeerRemoval({ ...base, node: peer({ nodeId: 'orderer0.ab', type: 'ORDERER' }), nodeId: 'orderer0.ab' }), 'INVALID_ARGUMENT', 'nodeId', 'orderer0.ab is a ORDERER', 'REMOVE_ORDERER');
    });

    it('refuses another member\'s peer (FORBIDDEN, naming the owner)', () => {
      refused(() => checkPeerRemoval({ ...base, node: peer({ owner: 'Cb1MSP' }) }), 'FORBIDDEN', 'peer1.ab belongs to Cb1MSP', 'AbMSP cannot remove it');
      // ownership is checked before the node's status: a stranger learns nothing more
      refused(() => checkPeerRemoval({ ...base, node: peer({ owner: 'Cb1MSP', status: 'REMOVED' }) }), 'FORBIDDEN', 'belongs to Cb1MSP');
    });

    it('refuses a peer already REMOVED (CONFLICT)', () => {
      refused(() => checkPeerRemoval({ ...base, node: peer({ status: 'REMOVED', removedAt: NOW }) }), 'CONFLICT', 'peer peer1.ab is already REMOVED');
      refused(() => checkPeerRemoval({ ...base, member: member('EXITING'), node: peer({ status: 'REMOVED', removedAt: NOW }) }), 'CONFLICT', 'already REMOVED');
    });

    it('refuses the last ACTIVE peer of an ACTIVE member (PRECONDITION_FAILED, saying what to do)', () => {
      refused(() => checkPeerRemoval({ ...base, activePeersOfOwner: 1 }), 'PRECONDITION_FAILED', 'last ACTIVE peer of AbMSP', 'register another peer first', 'request an exit');
    });

    it('refuses a count that cannot include the peer being removed (INVALID_ARGUMENT)', () => {
      for (const count of [0, -1, 1.5, Number.NaN]) {
        refused(() => checkPeerRemoval({ ...base, activePeersOfOwner: count }), 'INVALID_ARGUMENT', 'activePeersOfOwner');
      }
    });
  });

  describe('rule 3: checkOrdererChange', () => {
    const add = proposal('ADD_ORDERER', { payload: { nodeId: 'orderer0.ab', endpoint: '127.0.0.1:7150', tlsCertFingerprint: 'a'.repeat(64) } });
    const remove = proposal('REMOVE_ORDERER', { payload: { nodeId: 'orderer0.cb2' } });

    it('accepts an APPROVED proposal naming the node', () => {
      expect(() => unchanged(add, (p) => checkOrdererChange({ proposal: p, type: 'ADD_ORDERER', nodeId: 'orderer0.ab', activeOrderers: 3, charter }))).not.to.throw();
      expect(() => checkOrdererChange({ proposal: remove, type: 'REMOVE_ORDERER', nodeId: 'orderer0.cb2', activeOrderers: 4, charter })).not.to.throw();
    });

    it('refuses another node, another type, or no approval', () => {
      expectCode(() => checkOrdererChange({ proposal: add, type: 'ADD_ORDERER', nodeId: 'orderer1.ab', activeOrderers: 3, charter }), 'PRECONDITION_FAILED', 'orderer1.ab');
      expectCode(() => checkOrdererChange({ proposal: add, type: 'REMOVE_ORDERER', nodeId: 'orderer0.ab', activeOrderers: 4, charter }), 'PRECONDITION_FAILED', 'ADD_ORDERER');
      expectCode(() => checkOrdererChange({ proposal: { ...add, status: 'OPEN' }, type: 'ADD_ORDERER', nodeId: 'orderer0.ab', activeOrderers: 3, charter }), 'PRECONDITION_FAILED', 'OPEN');
      expectCode(() => checkOrdererChange({ proposal: undefined, type: 'ADD_ORDERER', nodeId: 'orderer0.ab', activeOrderers: 3, charter }), 'PRECONDITION_FAILED');
      expectCode(() => checkOrdererChange({ proposal: add, type: 'ADD_ORDERER', nodeId: '', activeOrderers: 3, charter }), 'INVALID_ARGUMENT', 'nodeId');
    });

    it('refuses a removal that leaves fewer than the charter minimum', () => {
      expectCode(() => checkOrdererChange({ proposal: remove, type: 'REMOVE_ORDERER', nodeId: 'orderer0.cb2', activeOrderers: 3, charter }), 'PRECONDITION_FAILED', 'leave 2 orderers; the charter minimum is 3');
    });
  });

  describe('rule 4: checkCompleteExit', () => {
    const requested = '2025-02-01T00:00:00.000Z';
    const noticeEnds = addSeconds(requested, 30 * DAY);
    const exiting = member('EXITING', { exitRequestedAt: requested, statusSince: requested });
    const base = { member: exiting, liveCertificates: 0, now: noticeEnds, charter, activeMembersAfter: 3, activeOrderersAfter: 3 };

    it('accepts once the notice period has run with no live certificates', () => {
      expect(() => unchanged(base, checkCompleteExit)).not.to.throw();
    });

    it('refuses while the notice period runs', () => {
      expectCode(() => checkCompleteExit({ ...base, now: addSeconds(noticeEnds, -0.001) }), 'PRECONDITION_FAILED', `runs until ${noticeEnds}`);
    });

    it('refuses while certificates are live, naming how many and what to do', () => {
      const message = expectCode(() => checkCompleteExit({ ...base, liveCertificates: 2 }), 'PRECONDITION_FAILED');
      expect(message).to.include('still has 2 VALID or SUSPENDED certificates');
      expect(message).to.include('transfer them to another body or cancel them');
    });

    it('refuses a member that is not EXITING', () => {
      for (const status of MEMBER_STATUSES.filter((s) => s !== 'EXITING')) {
        expectCode(() => checkCompleteExit({ ...base, member: member(status) }), 'CONFLICT', `is ${status}`);
      }
    });

    it('refuses when rule 7 minimums would break', () => {
      expectCode(() => checkCompleteExit({ ...base, activeMembersAfter: 2 }), 'PRECONDITION_FAILED', 'ACTIVE members');
      expectCode(() => checkCompleteExit({ ...base, activeOrderersAfter: 2 }), 'PRECONDITION_FAILED', 'orderers');
    });
  });

  describe('rule 5: expulsion', () => {
    it('an APPROVED EXPEL_MEMBER proposal moves the member to EXPELLED and stops its writes', () => {
      const target = member('ACTIVE');
      const p = proposal('EXPEL_MEMBER');
      checkProposalApproved(p, 'EXPEL_MEMBER', target.mspId);
      const expelled = transitionMember(target, 'EXPELLED', NOW);
      expect(canWrite(target)).to.equal(true);
      expect(canWrite(expelled)).to.equal(false);
      expect(expelled.leftAt).to.equal(NOW);
    });

    it('without an approved proposal for that member it is refused', () => {
      expectCode(() => checkProposalApproved(proposal('EXPEL_MEMBER', { target: 'Cb1MSP' }), 'EXPEL_MEMBER', 'AbMSP'), 'PRECONDITION_FAILED');
      expectCode(() => checkProposalApproved(proposal('EXPEL_MEMBER', { status: 'REJECTED' }), 'EXPEL_MEMBER', 'AbMSP'), 'PRECONDITION_FAILED');
    });
  });

  describe('rule 6: checkChaincodeApproval', () => {
    const digest = 'c'.repeat(64);
    const p = proposal('APPROVE_CHAINCODE', { target: undefined, payload: { codeDigest: digest, sequence: 2, version: '1.1.0' } });

    it('accepts the approved digest and sequence', () => {
      expect(() => unchanged(p, (x) => checkChaincodeApproval(x, digest, 2))).not.to.throw();
    });

    it('refuses another digest, another sequence, or no approval', () => {
      expectCode(() => checkChaincodeApproval(p, 'd'.repeat(64), 2), 'PRECONDITION_FAILED', 'exact build');
      expectCode(() => checkChaincodeApproval(p, digest, 3), 'PRECONDITION_FAILED', 'sequence 3');
      expectCode(() => checkChaincodeApproval({ ...p, status: 'OPEN' }, digest, 2), 'PRECONDITION_FAILED', 'OPEN');
      expectCode(() => checkChaincodeApproval(undefined, digest, 2), 'PRECONDITION_FAILED', 'APPROVE_CHAINCODE');
    });

    it('refuses a malformed digest or sequence', () => {
      expectCode(() => checkChaincodeApproval(p, 'C'.repeat(64), 2), 'INVALID_ARGUMENT', 'codeDigest');
      expectCode(() => checkChaincodeApproval(p, digest, 0), 'INVALID_ARGUMENT', 'sequence');
    });
  });

  describe('rule 7: checkMinimums', () => {
    it('accepts exactly the minimums', () => {
      expect(() => checkMinimums({ activeMembersAfter: 3, activeOrderersAfter: 3, charter })).not.to.throw();
    });

    it('refuses one below either minimum', () => {
      expectCode(() => checkMinimums({ activeMembersAfter: 2, activeOrderersAfter: 3, charter }), 'PRECONDITION_FAILED', 'leave 2 ACTIVE members; the charter minimum is 3');
      expectCode(() => checkMinimums({ activeMembersAfter: 3, activeOrderersAfter: 2, charter }), 'PRECONDITION_FAILED', 'leave 2 orderers; the charter minimum is 3');
    });
  });

  describe('canWrite', () => {
    it('is true for ACTIVE only', () => {
      expect(canWrite(undefined)).to.equal(false);
      for (const status of MEMBER_STATUSES) expect(canWrite(member(status)), status).to.equal(status === 'ACTIVE');
    });
  });
});

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return parseChaincodeError((err as Error).message)?.message ?? '';
  }
  return '';
}
