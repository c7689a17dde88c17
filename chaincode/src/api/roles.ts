// The values of the CA attribute certledger.role a user carries (docs/contracts.md §1.3 "Who may
// call what"). The operator scripts read the list from roles.data.json (scripts/lib/ca.sh
// ca_roles); the rules name the roles below, and loading this module checks that the two agree,
// so a role added to one and not the other stops the chaincode and the unit suite at once.
import roles from './roles.data.json';

/** The roles the rules name; docs/contracts.md §1.3 says what each may call. */
const ROLES = { admin: true, issuer: true, recorder: true, regulator: true, reader: true } as const;

export type UserRole = keyof typeof ROLES;

function isRule(value: string): value is UserRole {
  return Object.prototype.hasOwnProperty.call(ROLES, value);
}

/** The list as the scripts read it, checked against the roles the rules name. */
export function checkedRoles(list: readonly string[]): readonly UserRole[] {
  const unknown = list.filter((role) => !isRule(role));
  const missing = Object.keys(ROLES).filter((role) => !list.includes(role));
  if (unknown.length > 0 || missing.length > 0 || new Set(list).size !== list.length) {
    throw new Error(`chaincode/src/api/roles.data.json must list each role the rules name once (${Object.keys(ROLES).join(', ')}); unknown: ${unknown.join(', ') || 'none'}, missing: ${missing.join(', ') || 'none'}`);
  }
  return list.filter(isRule);
}

export const USER_ROLES: readonly UserRole[] = checkedRoles(roles);

export const ROLE_ATTRIBUTE = 'certledger.role';

export function isUserRole(value: unknown): value is UserRole {
  return typeof value === 'string' && isRule(value);
}
