// The consortium-wide pause of writes [BSC 6.4: 当区块链服务无法满足适用的法律法规要求时，经营者应暂停
// 区块链服务直至相关法律法规要求得到满足; 6.2c 即时和应急处置]: one record, read by every write
// (CertledgerContext.requireWriter). Set by the regulator at once when the charter allows it
// (membership:pauseWrites) or by an APPROVED PAUSE_WRITES proposal; lifted by the regulator only
// when it paused, else by an APPROVED RESUME_WRITES proposal.
import { preconditionFailed } from './errors';
import { Keys } from './keys';
import type { State } from './state';

export interface WritePause {
  paused: boolean;
  /** who set the current state: the regulator's measure, or the members' vote */
  by: 'REGULATOR' | 'VOTE';
  /** the regulator member, or the proposal's id */
  source: string;
  reason: string;
  since: string;
  txId: string;
}

export async function loadWritePause(state: State): Promise<WritePause | undefined> {
  return state.get<WritePause>(Keys.writePause, []);
}

/** Refuses a write while writes are paused, saying who paused them, why, and how they resume. */
export async function requireWritesOpen(state: State): Promise<void> {
  const pause = await loadWritePause(state);
  if (pause?.paused !== true) return;
  const who = pause.by === 'REGULATOR' ? `the regulator ${pause.source}` : `proposal ${pause.source}`;
  const resume = pause.by === 'REGULATOR'
    ? 'the regulator resumes them (membership:resumeWrites) or members approve a RESUME_WRITES proposal'
    : 'members approve a RESUME_WRITES proposal';
  throw preconditionFailed(
    `writes are paused since ${pause.since} by ${who} (${pause.reason}) [BSC 6.4]; only proposals, votes, takedowns and the resumption are accepted until ${resume}`,
  );
}
