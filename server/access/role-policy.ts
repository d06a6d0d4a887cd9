import type { Role } from '../auth/roles.ts';
import { permissionsFromLetters, type Permission } from './permissions.ts';
import { CATEGORIES, categoryOf, type Category } from './resource-categories.ts';

/**
 * The one place that says what each role may do: permissions per resource category (R read, S search, H history,
 * C create, U update, D delete; empty = nothing). docs/security.md shows this table; a test keeps the two equal.
 * Nobody writes AuditEvents through the API: the audit trail records them itself.
 * Facility isolation comes on top: a role's permissions apply to its own facility's patient data only.
 */
const TABLE: Record<Role, Record<Category, string>> = {
  'system-admin': { demographics: 'RSHCUD', coverage: 'RSHCUD', visits: 'RSHCUD', clinical: 'RSHCUD', medication: 'RSHCUD', catalogue: 'RSHCUD', directory: 'RSHCUD', reference: 'RSHCUD', audit: 'RS' },
  'facility-admin': { demographics: 'RS', coverage: '', visits: '', clinical: '', medication: '', catalogue: 'RSHCU', directory: 'RSHCUD', reference: 'RS', audit: 'RS' },
  receptionist: { demographics: 'RSHCU', coverage: 'RSHCU', visits: 'RSHCU', clinical: '', medication: '', catalogue: '', directory: 'RS', reference: 'RS', audit: '' },
  nurse: { demographics: 'RSHU', coverage: 'RS', visits: 'RSHCU', clinical: 'RSHCU', medication: 'RSHCU', catalogue: 'RS', directory: 'RS', reference: 'RS', audit: '' },
  doctor: { demographics: 'RSHCU', coverage: 'RS', visits: 'RSHCU', clinical: 'RSHCUD', medication: 'RSHCUD', catalogue: 'RS', directory: 'RS', reference: 'RS', audit: '' },
  pharmacist: { demographics: 'RS', coverage: 'RS', visits: 'RS', clinical: 'RS', medication: 'RSHCU', catalogue: 'RSHCU', directory: 'RS', reference: 'RS', audit: '' },
  analyst: { demographics: '', coverage: '', visits: '', clinical: '', medication: '', catalogue: 'RS', directory: 'RS', reference: 'RS', audit: '' },
  machine: { demographics: 'RSHCU', coverage: 'RSHCU', visits: 'RSHCU', clinical: 'RSHCU', medication: 'RSHCU', catalogue: 'RSHCU', directory: 'RSH', reference: 'RS', audit: '' },
};

/** Roles that may open a patient of another facility in an emergency (break-the-glass), with a reason. */
const MAY_BREAK_GLASS: ReadonlySet<Role> = new Set(['doctor', 'nurse', 'pharmacist']);

/**
 * Roles that may read the health indicators (aggregate counts, no patient data): a facility administrator its own
 * facility's, an analyst and the system administrator any facility's.
 */
const MAY_READ_INDICATORS: ReadonlySet<Role> = new Set(['system-admin', 'facility-admin', 'analyst']);

/** Roles whose access is not limited to one facility's patients. */
const SYSTEM_WIDE: ReadonlySet<Role> = new Set(['system-admin']);

const parsed = new Map<Role, Map<Category, Set<Permission>>>(
  (Object.entries(TABLE) as [Role, Record<Category, string>][]).map(([role, row]) => [
    role,
    new Map(CATEGORIES.map((category) => [category, permissionsFromLetters(row[category])])),
  ]),
);

export function roleAllows(role: Role, permission: Permission, resourceType: string): boolean {
  return parsed.get(role)?.get(categoryOf(resourceType))?.has(permission) ?? false;
}

export const roleMayBreakGlass = (role: Role): boolean => MAY_BREAK_GLASS.has(role);
export const roleMayReadIndicators = (role: Role): boolean => MAY_READ_INDICATORS.has(role);
export const roleIsSystemWide = (role: Role): boolean => SYSTEM_WIDE.has(role);

/** The policy as letters per role and category, for the documentation and its test. */
export function rolePolicyTable(): Record<Role, Record<Category, string>> {
  return TABLE;
}
