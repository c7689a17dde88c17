// The random inspection draw cannot be steered (docs/random-inspection.md).
//
// The old protocol let the regulator commit sha256(secret) while it could already see the
// population, and the draw was a function of that one secret: it could try secrets off-line until
// the draw held the certificate it wanted. The new one mixes in the reveals of other members,
// committed before the population is frozen, and the regulator reveals last.

import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { drawSample, participantCommitment, populationHash, sampleSeed } from '../../../../chaincode/src/domain/draw';

const POPULATION = Array.from({ length: 1000 }, (_, i) => `00125Q${String(10000 + i)}R0S`).sort();
const TARGET = POPULATION[437] as string;
const DRAWN = 10;
const MAX_TRIES = 2000;

/** What the old protocol let the regulator do off-line: try secrets until the draw holds TARGET. */
function grind(draw: (secret: string) => string[]): { secret: string; tries: number } | undefined {
  for (let tries = 1; tries <= MAX_TRIES; tries++) {
    const secret = `regulator-grinding-secret-${String(tries).padStart(8, '0')}`;
    if (draw(secret).includes(TARGET)) return { secret, tries };
  }
  return undefined;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

describe('random inspection: the draw cannot be steered', () => {
  it('Found: under the old commit/reveal the regulator, knowing the population, grinds its secret until the draw holds a chosen certificate', () => {
    // old protocol: the draw is sha256(secret ‖ 0x00 ‖ key) ascending over the population fixed at commit
    const ground = grind((secret) => drawSample(secret, POPULATION, DRAWN));
    expect(ground, `no secret in ${MAX_TRIES} tries`).to.not.equal(undefined);
    // about 1 / (10/1000) = 100 tries expected; the review (docs/random-inspection.md §1) needed 66
    expect(ground?.tries).to.be.below(MAX_TRIES);
    expect(drawSample(ground?.secret as string, POPULATION, DRAWN)).to.include(TARGET);
  });

  it('the regulator\'s own secret no longer decides the draw: the one it ground draws the target only at the base rate once members\' reveals are mixed in', () => {
    const ground = grind((secret) => drawSample(secret, POPULATION, DRAWN)) as { secret: string };
    const popHash = populationHash(POPULATION);
    const inspHash = populationHash([]);
    let hits = 0;
    const trials = 200;
    for (let i = 0; i < trials; i++) {
      // members' secrets the regulator cannot know when it commits (it commits first, they reveal before it)
      const seed = sampleSeed({
        sampleId: 'S-1',
        populationHash: popHash,
        inspectorPopulationHash: inspHash,
        reveals: [
          { mspId: 'RegulatorMSP', secret: ground.secret },
          { mspId: 'Cb1MSP', secret: `cb1-secret-${sha256(String(i))}` },
          { mspId: 'Cb2MSP', secret: `cb2-secret-${sha256(`x${i}`)}` },
        ],
      });
      if (drawSample(seed, POPULATION, DRAWN).includes(TARGET)) hits += 1;
    }
    // base rate 10/1000 = 1 %: 2 expected of 200; grinding made it 100 % under the old protocol
    expect(hits, `${hits} of ${trials}`).to.be.below(10);
  });

  it('bounds the last revealer: the regulator, revealing last, picks between two draws (with or without its secret), so at most about twice the base rate', () => {
    const popHash = populationHash(POPULATION);
    const inspHash = populationHash([]);
    const regulator = { mspId: 'RegulatorMSP', secret: 'the regulator secret, fixed before the population was frozen' };
    let best = 0;
    const trials = 200;
    for (let i = 0; i < trials; i++) {
      const members = [
        { mspId: 'Cb1MSP', secret: `cb1-secret-${sha256(`m${i}`)}` },
        { mspId: 'Cb2MSP', secret: `cb2-secret-${sha256(`n${i}`)}` },
      ];
      const seedOf = (reveals: { mspId: string; secret: string }[]) => sampleSeed({ sampleId: `S-${i}`, populationHash: popHash, inspectorPopulationHash: inspHash, reveals });
      // its only options once the members have revealed: open its commitment, or withhold it
      const options = [seedOf([regulator, ...members]), seedOf(members)].map((seed) => drawSample(seed, POPULATION, DRAWN));
      if (options.some((draw) => draw.includes(TARGET))) best += 1;
    }
    // 1 − (1 − 10/1000)² ≈ 2 %: about 4 of 200; grinding under the old protocol made it 100 %
    expect(best, `${best} of ${trials}`).to.be.below(15);
  });

  it('no single reveal can be swapped after the fact: the seed changes with every secret, the population and the sample id', () => {
    const base = {
      sampleId: 'S-1',
      populationHash: populationHash(POPULATION),
      inspectorPopulationHash: populationHash(['INS-1', 'INS-2']),
      reveals: [
        { mspId: 'RegulatorMSP', secret: 'r'.repeat(40) },
        { mspId: 'Cb1MSP', secret: 'a'.repeat(40) },
      ],
    };
    const seed = sampleSeed(base);
    expect(seed).to.match(/^[0-9a-f]{64}$/);
    expect(sampleSeed({ ...base, reveals: [...base.reveals].reverse() }), 'reveals are taken in MSP ID order').to.equal(seed);
    const variants = [
      { ...base, sampleId: 'S-2' },
      { ...base, populationHash: populationHash(POPULATION.slice(1)) },
      { ...base, inspectorPopulationHash: populationHash(['INS-1']) },
      { ...base, reveals: [base.reveals[0], { mspId: 'Cb1MSP', secret: `${'a'.repeat(39)}b` }] },
      { ...base, reveals: [base.reveals[0]] },
      { ...base, reveals: [base.reveals[0], { mspId: 'Cb2MSP', secret: 'a'.repeat(40) }] },
    ];
    for (const variant of variants) expect(sampleSeed(variant as typeof base)).to.not.equal(seed);
  });

  it('a commitment binds the secret to one member and one sample, so nobody can replay or copy another\'s', () => {
    const secret = 's'.repeat(40);
    const c = participantCommitment('S-1', 'Cb1MSP', secret);
    expect(c).to.match(/^[0-9a-f]{64}$/);
    expect(participantCommitment('S-1', 'Cb2MSP', secret)).to.not.equal(c);
    expect(participantCommitment('S-2', 'Cb1MSP', secret)).to.not.equal(c);
    // the published rule, recomputed without the module: sha256("certledger-sample/2" 00 sampleId 00 mspId 00 secret)
    const independent = createHash('sha256').update(Buffer.concat([
      Buffer.from('certledger-sample/2'), Buffer.from([0]), Buffer.from('S-1'), Buffer.from([0]), Buffer.from('Cb1MSP'), Buffer.from([0]), Buffer.from(secret),
    ])).digest('hex');
    expect(c).to.equal(independent);
  });

  it('hashes a population as its keys joined by 0x00, in the given (sorted) order', () => {
    expect(populationHash(['A', 'B'])).to.equal(createHash('sha256').update(Buffer.from('A\u0000B')).digest('hex'));
    expect(populationHash([])).to.equal(sha256(''));
  });
});
