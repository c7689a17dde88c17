// The roles the operator scripts enrol (roles.data.json, read by scripts/lib/ca.sh) and the roles
// the chaincode's rules name are one list: the module refuses a JSON list that differs.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import rolesJson from '../../../../chaincode/src/api/roles.data.json';
import { checkedRoles, isUserRole, USER_ROLES } from '../../../../chaincode/src/api/roles';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('api/roles: one list of user roles for the scripts and the rules', () => {
  it('takes the list from roles.data.json, in its order', () => {
    expect(USER_ROLES).to.deep.equal(rolesJson);
    expect(USER_ROLES).to.deep.equal(['admin', 'issuer', 'recorder', 'regulator', 'reader']);
  });

  it('is what the operator scripts enrol (ca_roles)', () => {
    const result = spawnSync('bash', ['-c', 'ROOT_DIR=$1; source scripts/lib/log.sh; source scripts/lib/ca.sh; ca_roles', 'roles', ROOT], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout.trim().split('\n')).to.deep.equal([...USER_ROLES]);
  });

  it('refuses a list with a role the rules do not name, one missing, or one twice', () => {
    expect(() => checkedRoles([...USER_ROLES, 'auditor'])).to.throw(/unknown: auditor, missing: none/);
    expect(() => checkedRoles(USER_ROLES.filter((r) => r !== 'reader'))).to.throw(/unknown: none, missing: reader/);
    expect(() => checkedRoles([...USER_ROLES, 'admin'])).to.throw(/each role the rules name once/);
  });

  it('tells a role from any other value', () => {
    expect(isUserRole('issuer')).to.equal(true);
    expect(isUserRole('Issuer')).to.equal(false);
    expect(isUserRole('toString')).to.equal(false);
    expect(isUserRole(undefined)).to.equal(false);
  });
});
