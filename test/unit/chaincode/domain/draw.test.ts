// Unit tests for the commit/reveal random inspection draw.

import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { commitmentOf, drawOrder, drawSample, validateSecret } from '../../../../chaincode/src/domain/draw';
import { expectInvalid } from '../../../support/expect-code';


const SECRET = 'regulator-draw-2025-Q3-7f3a9c1e5b2d4068a1c3e5f7';
const POPULATION = Array.from({ length: 100 }, (_, i) => `00125Q${String(10000 + i)}R0S`);

/** The draw recomputed from docs/architecture.md §4 alone, as any outside verifier would. */
function independentDraw(secret: string, population: string[], n: number): string[] {
  return [...new Set(population)]
    .map((key) => ({
      key,
      h: createHash('sha256').update(Buffer.concat([Buffer.from(secret, 'utf8'), Buffer.from([0]), Buffer.from(key, 'utf8')])).digest('hex'),
    }))
    .sort((a, b) => a.h.localeCompare(b.h, 'en'))
    .slice(0, n)
    .map((e) => e.key);
}

describe('domain/draw', () => {
  it('commits to sha256 of the UTF-8 secret', () => {
    expect(commitmentOf('abc')).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(commitmentOf('抽查')).to.equal(createHash('sha256').update(Buffer.from('抽查', 'utf8')).digest('hex'));
  });

  describe('validateSecret', () => {
    it('accepts 32 to 256 characters', () => {
      expect(validateSecret('s'.repeat(32), 'secret')).to.have.length(32);
      expect(validateSecret('s'.repeat(256), 'secret')).to.have.length(256);
    });

    it('rejects shorter, longer and non-string secrets', () => {
      expectInvalid(() => validateSecret('s'.repeat(31), 'secret'), 'secret', 'at least 32 characters; got 31');
      expectInvalid(() => validateSecret('s'.repeat(257), 'secret'), 'secret', 'at most 256 characters; got 257');
      expectInvalid(() => validateSecret(12345, 'secret'), 'secret', 'must be a string');
      expectInvalid(() => validateSecret(`${'s'.repeat(32)}\u0000`, 'secret'), 'secret', 'U+0000');
    });
  });

  describe('drawSample', () => {
    it('agrees with an independent recomputation', () => {
      const drawn = drawSample(SECRET, POPULATION, 10);
      expect(drawn).to.have.length(10);
      expect(drawn).to.deep.equal(independentDraw(SECRET, POPULATION, 10));
      expect(drawOrder(SECRET, POPULATION).map((e) => e.key)).to.deep.equal(independentDraw(SECRET, POPULATION, 100));
    });

    it('is the same whatever the order of the population or its duplicates', () => {
      const reversed = [...POPULATION].reverse();
      const shuffled = [...POPULATION].sort((a, b) => commitmentOf(a).localeCompare(commitmentOf(b)));
      const withDuplicates = [...POPULATION, ...POPULATION.slice(0, 30)];
      const expected = drawSample(SECRET, POPULATION, 10);
      expect(drawSample(SECRET, reversed, 10)).to.deep.equal(expected);
      expect(drawSample(SECRET, shuffled, 10)).to.deep.equal(expected);
      expect(drawSample(SECRET, withDuplicates, 10)).to.deep.equal(expected);
      expect(shuffled).not.to.deep.equal(POPULATION); // the permutation really moved things
    });

    it('gives a different draw for a different secret', () => {
      const a = drawSample(SECRET, POPULATION, 10);
      const b = drawSample(`${SECRET}!`, POPULATION, 10);
      expect(b).to.have.length(10);
      expect(b).not.to.deep.equal(a);
      expect(b).to.deep.equal(independentDraw(`${SECRET}!`, POPULATION, 10));
    });

    it('returns the whole (deduplicated) population when n is at least its size', () => {
      const small = ['C', 'A', 'B', 'A'];
      const all = drawSample(SECRET, small, 10);
      expect([...all].sort()).to.deep.equal(['A', 'B', 'C']);
      expect(all).to.deep.equal(independentDraw(SECRET, small, 3));
      expect(drawSample(SECRET, small, 3)).to.deep.equal(all);
      expect(drawSample(SECRET, small, 0)).to.deep.equal([]);
      expect(drawSample(SECRET, [], 5)).to.deep.equal([]);
    });

    it('orders by hash ascending and exposes the hashes', () => {
      const order = drawOrder(SECRET, POPULATION);
      for (let i = 1; i < order.length; i++) {
        expect((order[i - 1] as { hash: string }).hash < (order[i] as { hash: string }).hash).to.equal(true);
      }
      const first = order[0] as { key: string; hash: string };
      expect(first.hash).to.equal(createHash('sha256').update(`${SECRET}\u0000${first.key}`, 'utf8').digest('hex'));
    });

    it('refuses a bad n or population', () => {
      expectInvalid(() => drawSample(SECRET, POPULATION, -1), 'n', 'from 0');
      expectInvalid(() => drawSample(SECRET, POPULATION, 1.5), 'n', 'must be an integer');
      expectInvalid(() => drawSample(SECRET, [1 as unknown as string], 1), 'population[0]', 'must be a string');
    });
  });
});
