// The routes reach the chaincode only through the typed contract clients and read typed request
// bodies: no `as {…}` cast of a request part, no call that names a contract or function by a string.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROUTES = join(__dirname, '..', '..', '..', '..', 'gateway', 'src', 'routes');

function sources(dir: string): { file: string; lines: string[] }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [{ file: path, lines: readFileSync(path, 'utf8').split('\n') }] : [];
  });
}

function offending(pattern: RegExp): string[] {
  return sources(ROUTES).flatMap(({ file, lines }) => lines.flatMap((line, i) => (pattern.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])));
}

describe('gateway routes: typed calls only', () => {
  it('finds the route sources', () => {
    expect(sources(ROUTES).length).to.be.greaterThan(5);
  });

  it('casts no request part with `as {…}`', () => {
    expect(offending(/\bas \{/)).to.deep.equal([]);
  });

  it('casts nothing to string with `as string`', () => {
    expect(offending(/\bas string\b/)).to.deep.equal([]);
  });

  it('names no contract and function by strings, and calls no Fabric service directly', () => {
    expect(offending(/'(certificate|evidence|inspection|membership)',\s*'\w+'/)).to.deep.equal([]);
    expect(offending(/\.fabric\.(evaluate|submit)\(/)).to.deep.equal([]);
    expect(offending(/evaluateTransaction|submitTransaction|newProposal/)).to.deep.equal([]);
  });

  it('the check itself catches a cast and a string-named call', () => {
    expect(/\bas \{/.test("const b = request.body as { reason: string };")).to.equal(true);
    expect(/'(certificate|evidence|inspection|membership)',\s*'\w+'/.test("submit(app, request, reply, 'certificate', 'suspend', [no])")).to.equal(true);
  });
});
