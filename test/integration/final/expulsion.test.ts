// Rule 5 on the real consortium: an expelled member's writes stop at once. Expulsion is final,
// so this suite runs after every other one (test/.mocharc.integration.json lists it last) and the
// next run's setup recreates the ledger.
import { createHash, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { endorsementPlanReady, expectRefused, evaluateAs, requireNetwork, submitAs } from '../support/network';

const run = randomUUID().slice(0, 8).toUpperCase();
const USCC_A = '91350100M000100Y43';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}


async function waitUntil(iso: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(iso) - Date.now()) + 1500));
}

describe('expulsion on the real consortium (runs last)', function () {
  this.timeout(300_000);

  before(async function () {
    await requireNetwork(this);
    await endorsementPlanReady();
  });

  it('stops an expelled member from writing', async () => {
    // A vote about cb2 left open by an interrupted run would block a new one: decide it first.
    const open = await evaluateAs<{ items: { id: string; target?: string; deadline: string }[] }>('cb1', 'reader1', 'membership:listProposals', ['OPEN', '50', '']);
    for (const stale of open.items.filter((p) => p.target === 'Cb2MSP')) {
      await waitUntil(stale.deadline);
      await submitAs('cb1', 'admin1', 'membership:finalizeProposal', [stale.id]);
    }
    const proposalId = `expel-cb2-${run}`;
    await submitAs('regulator', 'admin1', 'membership:openProposal', [JSON.stringify({
      id: proposalId, type: 'EXPEL_MEMBER', target: 'Cb2MSP', payload: { reason: 'integration test of rule 5' },
    })]);
    await submitAs('regulator', 'admin1', 'membership:vote', [proposalId, 'YES']);
    await submitAs('cb1', 'admin1', 'membership:vote', [proposalId, 'YES']);
    const { proposal } = await evaluateAs<{ proposal: { deadline: string } }>('cb1', 'reader1', 'membership:getProposal', [proposalId]);
    const deadline = Date.parse(proposal.deadline);
    await waitUntil(new Date(deadline).toISOString());
    await submitAs('cb1', 'admin1', 'membership:finalizeProposal', [proposalId]);
    const member = await evaluateAs<{ status: string }>('cb1', 'reader1', 'membership:getMember', ['Cb2MSP']);
    expect(member.status).to.equal('EXPELLED');
    const ref = `expelled-${run}`;
    await expectRefused('FORBIDDEN', () => submitAs('cb2', 'recorder1', 'evidence:anchor', [JSON.stringify({
      clientRef: ref, kind: 'OTHER', subject: { uscc: USCC_A }, digest: { alg: 'sha256', value: sha256(ref) },
    })]));
    await expectRefused('NOT_FOUND', () => evaluateAs('cb1', 'reader1', 'evidence:get', [`Cb2MSP:${ref}`]));
  });
});
