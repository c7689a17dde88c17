// Random inspection (双随机一公开) on the harness: the regulator commits to a secret and fixes the
// populations, reveals later, and the test recomputes the draw on its own with node:crypto.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { newConsortium, type Consortium } from '../../support/consortium';
import { USCC_B, inDays, issue, parsed, query, refused, sha256 } from './certificate-helpers';

interface SampleRecord {
  sampleId: string;
  commitment: string;
  status: string;
  population: string[];
  inspectorPopulation: string[];
  secret?: string;
  drawn?: { certificates: string[]; inspectors: string[] };
}

const SECRET = 'a regulator secret of at least thirty-two characters 7f3a';

/** The published rule, written independently of chaincode/src/domain/draw.ts: sha256(secret ‖ 0x00 ‖ key) ascending, first n. */
function recompute(secret: string, population: string[], n: number): string[] {
  return population
    .map((key) => ({ key, hash: createHash('sha256').update(Buffer.concat([Buffer.from(secret, 'utf8'), Buffer.from([0]), Buffer.from(key, 'utf8')])).digest('hex') }))
    .sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0))
    .slice(0, n)
    .map((e) => e.key);
}

describe('certificate contract: random inspection', () => {
  let c: Consortium;
  beforeEach(async () => {
    c = await newConsortium();
    for (const [id, name] of [['INS-001', '张三'], ['INS-002', '李四'], ['INS-003', '王五'], ['INS-004', '赵六']]) {
      await c.net.submit(c.orgs.regulator.regulator, 'certificate:registerInspector', [id as string, name as string]);
    }
    for (const no of ['CB1-0001', 'CB1-0002', 'CB1-0003', 'CB1-0004']) await issue(c, 'cb1', no);
    await issue(c, 'cb1', 'CB1-0005', { scheme: 'EMS' });
    await issue(c, 'cb2', 'CB2-0001', { uscc: USCC_B });
    await issue(c, 'cb2', 'CB2-0002');
    await c.net.submit(c.orgs.cb1.issuer, 'certificate:suspend', ['CB1-0004', 'r', inDays(c, 30)]);
  });

  it('fixes the populations at commit, draws over them at reveal, and anyone recomputes the draw', async () => {
    const committed = await c.net.submit(c.orgs.regulator.regulator, 'certificate:commitSample', [
      'S-2025-01', sha256(SECRET), JSON.stringify({ scheme: 'QMS', count: 3, inspectorCount: 2 }),
    ]);
    expect(committed.event?.name).to.equal('SampleCommitted');
    const sample = parsed<SampleRecord>(committed);
    // VALID QMS certificates only, sorted: the EMS one and the suspended one are out
    expect(sample.population).to.deep.equal(['CB1-0001', 'CB1-0002', 'CB1-0003', 'CB2-0001', 'CB2-0002']);
    expect(sample.inspectorPopulation).to.deep.equal(['INS-001', 'INS-002', 'INS-003', 'INS-004']);
    expect(sample.secret).to.equal(undefined);

    // certificates and inspectors added after the commitment cannot be drawn
    await issue(c, 'cb1', 'CB1-0006');
    await c.net.submit(c.orgs.regulator.regulator, 'certificate:registerInspector', ['INS-005', '钱七']);

    await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:revealSample', ['S-2025-01', `${SECRET}x`]), 'does not match');
    const revealed = await c.net.submit(c.orgs.regulator.regulator, 'certificate:revealSample', ['S-2025-01', SECRET]);
    expect(revealed.event?.name).to.equal('SampleRevealed');
    const result = parsed<SampleRecord>(revealed);
    const expected = {
      certificates: recompute(SECRET, sample.population, 3),
      inspectors: recompute(SECRET, sample.inspectorPopulation, 2),
    };
    expect(result.drawn).to.deep.equal(expected);
    expect(result).to.include({ status: 'REVEALED', secret: SECRET });
    expect(JSON.parse(revealed.event?.payload ?? '{}')).to.deep.equal({ sampleId: 'S-2025-01', ...expected });

    // a relying party recomputes from the public record alone
    const stored = await query<SampleRecord>(c.net, c.orgs.cb2.reader, 'certificate:getSample', ['S-2025-01']);
    expect(sha256(stored.secret ?? '')).to.equal(stored.commitment);
    expect(recompute(stored.secret ?? '', stored.population, 3)).to.deep.equal(stored.drawn?.certificates);
    expect(recompute(stored.secret ?? '', stored.inspectorPopulation, 2)).to.deep.equal(stored.drawn?.inspectors);

    await refused(c.net, 'CONFLICT', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:revealSample', ['S-2025-01', SECRET]), 'already revealed');
  });

  it('narrows the population to one issuer', async () => {
    const sample = parsed<SampleRecord>(await c.net.submit(c.orgs.regulator.regulator, 'certificate:commitSample', [
      'S-CB2', sha256(SECRET), JSON.stringify({ issuer: 'Cb2MSP', count: 1, inspectorCount: 1 }),
    ]));
    expect(sample.population).to.deep.equal(['CB2-0001', 'CB2-0002']);
  });

  it('refuses other callers, populations too small for the count, a reused id and malformed input', async () => {
    const commit = (who: typeof c.orgs.regulator.regulator, id: string, commitment: string, criteria: Record<string, unknown>): Promise<unknown> =>
      c.net.submit(who, 'certificate:commitSample', [id, commitment, JSON.stringify(criteria)]);
    const ok = { count: 2, inspectorCount: 2 };
    for (const who of [c.orgs.cb1.regulator, c.orgs.cb1.issuer, c.orgs.regulator.reader, c.orgs.regulator.admin]) {
      await refused(c.net, 'FORBIDDEN', () => commit(who, 'S-1', sha256(SECRET), ok));
      await refused(c.net, 'FORBIDDEN', () => c.net.submit(who, 'certificate:registerInspector', ['INS-009', 'x']));
    }
    await refused(c.net, 'PRECONDITION_FAILED', () => commit(c.orgs.regulator.regulator, 'S-1', sha256(SECRET), { scheme: 'EMS', count: 2, inspectorCount: 1 }), 'criteria.count');
    await refused(c.net, 'PRECONDITION_FAILED', () => commit(c.orgs.regulator.regulator, 'S-1', sha256(SECRET), { count: 1, inspectorCount: 5 }), 'criteria.inspectorCount');
    await refused(c.net, 'INVALID_ARGUMENT', () => commit(c.orgs.regulator.regulator, 'S-1', sha256(SECRET).toUpperCase(), ok), 'commitment');
    await refused(c.net, 'INVALID_ARGUMENT', () => commit(c.orgs.regulator.regulator, 'S-1', sha256(SECRET), { count: 0, inspectorCount: 1 }), 'criteria.count');
    await refused(c.net, 'INVALID_ARGUMENT', () => commit(c.orgs.regulator.regulator, 'S-1', sha256(SECRET), { ...ok, scheme: 'XYZ' }), 'criteria.scheme');
    await refused(c.net, 'ALREADY_EXISTS', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:registerInspector', ['INS-001', '张三']));

    await commit(c.orgs.regulator.regulator, 'S-1', sha256(SECRET), ok);
    await refused(c.net, 'ALREADY_EXISTS', () => commit(c.orgs.regulator.regulator, 'S-1', sha256(SECRET), ok));
    await refused(c.net, 'INVALID_ARGUMENT', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:revealSample', ['S-1', 'too short']), 'secret');
    await refused(c.net, 'NOT_FOUND', () => c.net.submit(c.orgs.regulator.regulator, 'certificate:revealSample', ['S-9', SECRET]));
    await refused(c.net, 'FORBIDDEN', () => c.net.submit(c.orgs.cb1.issuer, 'certificate:revealSample', ['S-1', SECRET]));
  });
});
