// The values of the CA attribute certledger.role a user carries (docs/contracts.md §1.3 "Who may
// call what"). The list is roles.data.json, which the operator scripts read too (scripts/lib/ca.sh
// ca_roles); the chaincode reads the attribute against it.
import roles from './roles.data.json';

/** A role the rules name; roles.data.json lists exactly these. */
export type UserRole = 'admin' | 'issuer' | 'recorder' | 'regulator' | 'reader';

export const USER_ROLES: readonly UserRole[] = roles as UserRole[];

export const ROLE_ATTRIBUTE = 'certledger.role';

export function isUserRole(value: unknown): value is UserRole {
  return typeof value === 'string' && (USER_ROLES as readonly string[]).includes(value);
}
