/** The roles a Sen user account can hold. What each may do is decided by the access policy. */
export const ROLES = [
  'system-admin',
  'facility-admin',
  'receptionist',
  'nurse',
  'doctor',
  'pharmacist',
  'analyst',
  'machine',
] as const;

export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** Roles whose work happens at one facility: their accounts must name it, and see that facility's patients. */
const FACILITY_ROLES: readonly Role[] = ['facility-admin', 'receptionist', 'nurse', 'doctor', 'pharmacist'];
export const roleNeedsFacility = (role: Role): boolean => FACILITY_ROLES.includes(role);
