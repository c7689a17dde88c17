// The membership contract: the consortium's charter, its members and nodes, and the votes and
// rules by which members and their nodes join and exit [BSC 5.4, 5.6; EXPERT; BULLETIN].
import { Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { checkAdmissionCredentials } from '../domain/membership-rules';
import { validateCharter } from '../domain/charter';
import type { Charter, Member } from '../domain/types';
import { keyPart, parseJsonArg } from '../domain/validate';
import { loadCharter } from '../shared/charter';
import { CertledgerContext } from '../shared/context';
import { forbidden, preconditionFailed } from '../shared/errors';
import { Events } from '../shared/events';
import { Keys } from '../shared/keys';
import { toJson } from '../shared/marshal';
import { newMember, parseFounders } from './inputs';

@Info({ title: 'membership', description: 'Consortium governance: charter, members, nodes, proposals and votes' })
export class MembershipContract extends Contract {
  constructor() {
    super('membership');
  }

  override createContext(): CertledgerContext {
    return new CertledgerContext();
  }

  /** Bootstrap, once, on an empty ledger: the charter and the founding members, all ACTIVE. */
  @Transaction()
  @Returns('string')
  async initConsortium(ctx: CertledgerContext, charterJson: string, foundersJson: string): Promise<string> {
    const charter: Charter = validateCharter(parseJsonArg(charterJson, 'charter'), 'charter');
    const founders = parseFounders(foundersJson);
    const now = ctx.checkedTime(charter.maxClockSkewSeconds);
    if (ctx.caller.role !== 'admin') {
      throw forbidden(`initConsortium needs an admin user (certledger.role admin); the caller has ${ctx.caller.role ?? 'no role'}`);
    }
    if (!founders.some((f) => f.mspId === ctx.caller.mspId)) {
      throw forbidden(`${ctx.caller.mspId} is not among the founders it is initialising`);
    }
    if (await ctx.state.exists(Keys.consortium, [])) {
      throw preconditionFailed('the consortium is already initialised; change the charter with an AMEND_CHARTER proposal');
    }
    for (const founder of founders) checkAdmissionCredentials(founder.role, founder.credentials, charter);
    await ctx.state.put(Keys.consortium, [], { initializedAt: now, initializedBy: ctx.caller.mspId, txId: ctx.txId });
    await ctx.state.put(Keys.charter, [], charter);
    await ctx.state.put(Keys.charterVersion, [String(charter.version)], charter);
    for (const founder of founders) {
      await ctx.state.put(Keys.member, [founder.mspId], newMember(founder, 'ACTIVE', now));
    }
    ctx.emit(Events.ConsortiumInitialized, { charterVersion: charter.version, founders: founders.map((f) => f.mspId) });
    return toJson({ charter, founders: founders.map((f) => f.mspId) });
  }

  @Transaction(false)
  @Returns('string')
  async getCharter(ctx: CertledgerContext): Promise<string> {
    return toJson(await loadCharter(ctx));
  }

  @Transaction(false)
  @Returns('string')
  async getMember(ctx: CertledgerContext, mspId: string): Promise<string> {
    const id = keyPart(mspId, 'mspId');
    return toJson(await ctx.state.mustGet<Member>(Keys.member, [id], `member ${id}`));
  }

  @Transaction(false)
  @Returns('string')
  async listMembers(ctx: CertledgerContext): Promise<string> {
    const members = await ctx.state.list<Member>(Keys.member, []);
    return toJson(members.map(({ value }) => value));
  }
}
