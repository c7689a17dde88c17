// The charter in force, read from state by every rule that needs a threshold or a duration.
import { upgradeStoredCharter } from '../domain/charter';
import type { Charter } from '../domain/types';
import type { CertledgerContext } from './context';
import { preconditionFailed } from './errors';
import { Keys } from './keys';

export async function loadCharter(ctx: CertledgerContext): Promise<Charter> {
  const charter = await ctx.state.get<Charter>(Keys.charter, []);
  if (charter === undefined) {
    throw preconditionFailed('the consortium is not initialised; an admin of a founding member must call membership:initConsortium first');
  }
  // a ledger from an earlier release holds an older form (domain/charter.ts upgradeStoredCharter)
  return upgradeStoredCharter(charter);
}
