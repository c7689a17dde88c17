// Secrets stay private on the operator's host (docs/operations.md "Keys and secrets"): every key, CA secret, CA database,
// ledger and gateway state under run/ is readable by its owner only, and no secret appears in the
// arguments or the environment of any process the scripts started (what `ps e` shows); and every
// private key, enrolment secret and CA database lies in its own member's folder, run/<org>/, and the
// exchange folder (run/exchange/) holds public material only.
import { lstatSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { keySeparation, pidFiles, requireNetwork, ROOT, topology, walk } from './support/network';

const RUN = join(ROOT, 'run');

/** Every secret the scripts generated and every private key they enrolled, by value. */
function secrets(): { where: string; value: string }[] {
  const found: { where: string; value: string }[] = [];
  for (const path of walk(RUN)) {
    const name = relative(RUN, path);
    if (!statSync(path).isFile()) continue;
    if (/\/ca\/secrets\//.test(name)) found.push({ where: name, value: readFileSync(path, 'utf8').trim() });
    if (/(_sk|key\.pem|server\.key|IssuerSecretKey|IssuerRevocationPrivateKey)$/.test(name)) {
      // a key's body, without the PEM armour: any 40 characters of it would give it away
      const body = readFileSync(path, 'latin1').replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
      if (body.length >= 40) found.push({ where: name, value: body.slice(0, 40) });
    }
  }
  return found;
}

describe('secrets on the operator host', function () {
  before(async function () {
    await requireNetwork(this);
  });

  it('nothing under run/ is readable, writable or searchable by group or others', () => {
    // a symbolic link's own mode means nothing (a staged chaincode build links the checkout's
    // node_modules, which is not the member's to protect); every real file and folder counts
    const open = walk(RUN).filter((path) => !lstatSync(path).isSymbolicLink() && (statSync(path).mode & 0o077) !== 0)
      .map((path) => `${relative(ROOT, path)} ${(statSync(path).mode & 0o777).toString(8)}`);
    expect(open, 'paths with group or other permissions').to.deep.equal([]);
    // the things a probe found open: a CA's secret keys, its database and the gateway's answers
    for (const org of topology.orgs) {
      for (const file of ['keystore/IssuerSecretKey', 'keystore/IssuerRevocationPrivateKey']) {
        expect(statSync(join(RUN, org.name, 'ca', 'server', 'msp', file)).mode & 0o777, `${org.name} ${file}`).to.equal(0o600);
      }
      expect(statSync(join(RUN, org.name, 'ca', 'server', 'fabric-ca-server.db')).mode & 0o777).to.equal(0o600);
      expect(statSync(join(RUN, org.name, 'gateway', 'idempotency')).mode & 0o777).to.equal(0o700);
    }
  });

  it('every private key, enrolment secret and CA database is in its own member\'s folder, and each key\'s certificate comes from that member\'s CA', () => {
    const { misplaced, keys } = keySeparation();
    expect(keys, 'keys checked against their member\'s CA').to.be.greaterThan(topology.orgs.length * 5);
    expect(misplaced).to.deep.equal([]);
  });

  it('no secret or private key is in any started process\'s arguments or environment', () => {
    const known = secrets();
    expect(known.length, 'secrets found to look for').to.be.greaterThan(topology.orgs.length * 5);
    const pids = pidFiles().map((file) => ({ name: file.name, pid: readFileSync(file.path, 'utf8').trim() }));
    expect(pids.length).to.be.at.least(topology.orgs.length * 5);
    const leaks: string[] = [];
    for (const { name, pid } of pids) {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ');
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1').replace(/\0/g, '\n');
      for (const { where, value } of known) {
        if (cmdline.includes(value)) leaks.push(`${name}: arguments hold ${where}`);
        if (environ.includes(value)) leaks.push(`${name}: environment holds ${where}`);
      }
    }
    expect(leaks).to.deep.equal([]);
  });
});
