// The transaction context every contract uses: state access, the caller as an identity the rules
// understand, the transaction time, and the one event of the transaction.
import { X509Certificate, createHash } from 'node:crypto';
import { Context } from 'fabric-contract-api';
import type { Member, Submitter } from '../domain/types';
import { assertClockSkew } from '../domain/time';
import { endorserNow } from './clock';
import { forbidden } from './errors';
import type { EventName } from './events';
import { Keys } from './keys';
import { toJson } from './marshal';
import { State } from './state';
import { requireWritesOpen } from './write-pause';

import { ROLE_ATTRIBUTE, USER_ROLES, isUserRole, type UserRole } from '../api/roles';

export { ROLE_ATTRIBUTE, USER_ROLES, type UserRole };

export interface Caller extends Submitter {
  /** unique only together with mspId */
  id: string;
  role: UserRole | undefined;
}

/**
 * The subject and fingerprint of each recently seen caller certificate. Parsing a certificate
 * with X509Certificate took about 1.5 ms, a third of an anchor's time in the chaincode, and a
 * member has few distinct callers: derive them once per certificate (pure, so deterministic).
 */
const certificateFacts = new Map<string, { subject: string; fingerprint: string }>();
const CERTIFICATE_FACTS_LIMIT = 512;

/** `idBytes`: the creator's certificate as the transaction carries it (PEM). */
function factsOf(idBytes: Uint8Array): { subject: string; fingerprint: string } {
  const cacheKey = Buffer.from(idBytes).toString('latin1');
  let facts = certificateFacts.get(cacheKey);
  if (facts === undefined) {
    const certificate = new X509Certificate(Buffer.from(idBytes));
    facts = { subject: certificate.subject.replace(/\n/g, ','), fingerprint: createHash('sha256').update(certificate.raw).digest('hex') };
    if (certificateFacts.size >= CERTIFICATE_FACTS_LIMIT) certificateFacts.delete(certificateFacts.keys().next().value as string);
    certificateFacts.set(cacheKey, facts);
  }
  return facts;
}

/** Charter value the skew check reads before the charter is loaded (docs/architecture.md §2: 5 minutes). */
const DEFAULT_MAX_SKEW_SECONDS = 300;

export class CertledgerContext extends Context {
  #state: State | undefined;
  #caller: Caller | undefined;

  get state(): State {
    this.#state ??= new State(this.stub);
    return this.#state;
  }

  get txId(): string {
    return this.stub.getTxID();
  }

  /** The transaction timestamp (the client's clock) as ISO-8601 UTC. */
  get txTime(): string {
    return this.stub.getDateTimestamp().toISOString();
  }

  /** The transaction time for rules that depend on it: refused when far from this endorser's clock. */
  checkedTime(maxSkewSeconds = DEFAULT_MAX_SKEW_SECONDS): string {
    const time = this.txTime;
    assertClockSkew(time, endorserNow(), maxSkewSeconds);
    return time;
  }

  get caller(): Caller {
    if (this.#caller === undefined) {
      const identity = this.clientIdentity;
      const { subject, fingerprint } = factsOf(identity.getIDBytes());
      const role = identity.getAttributeValue(ROLE_ATTRIBUTE);
      this.#caller = {
        mspId: identity.getMSPID(),
        id: identity.getID(),
        subject,
        fingerprint,
        role: isUserRole(role) ? role : undefined,
      };
    }
    return this.#caller;
  }

  get submitter(): Submitter {
    const { mspId, subject, fingerprint } = this.caller;
    return { mspId, subject, fingerprint };
  }

  emit(name: EventName, payload: Record<string, unknown>): void {
    this.stub.setEvent(name, Buffer.from(toJson(payload), 'utf8'));
  }

  /**
   * Every write starts here: the caller's org must be an ACTIVE member (of one of `memberRoles`
   * when given) and the user must carry one of `userRoles` in its certledger.role attribute.
   * `windingDown` also admits an EXITING member: during its notice it must still be able to
   * cancel its certificates or let them be transferred (join/exit rule 4). While writes are
   * paused (./write-pause.ts) only calls with `duringPause` (governance, takedowns) pass.
   */
  async requireWriter(
    userRoles: readonly UserRole[], memberRoles?: readonly Member['role'][], windingDown = false, duringPause = false,
  ): Promise<Member> {
    const caller = this.caller;
    if (caller.role === undefined || !userRoles.includes(caller.role)) {
      throw forbidden(
        `this action needs a user with ${ROLE_ATTRIBUTE} ${userRoles.join(' or ')}; ` +
          `the caller (${caller.mspId}) has ${caller.role ?? 'no role'}`,
      );
    }
    const member = await this.state.get<Member>(Keys.member, [caller.mspId]);
    if (member === undefined) {
      throw forbidden(`${caller.mspId} is not a member of the consortium`);
    }
    if (member.status !== 'ACTIVE' && !(windingDown && member.status === 'EXITING')) {
      throw forbidden(`${caller.mspId} is ${member.status}; only ACTIVE members may write${windingDown ? ' (an EXITING member may still wind down its certificates)' : ''}`);
    }
    if (memberRoles !== undefined && !memberRoles.includes(member.role)) {
      throw forbidden(`this action is for ${memberRoles.join(' or ')} members; ${caller.mspId} is ${member.role}`);
    }
    if (!duringPause) await requireWritesOpen(this.state);
    return member;
  }
}
