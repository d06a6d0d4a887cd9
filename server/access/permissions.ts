/**
 * What a principal may do with a resource type. FHIR interactions map onto these: read and vread → read; update and
 * patch → update; instance, type and system history → history; type, system and compartment search, _include,
 * _revinclude and $everything → search.
 */
export const PERMISSIONS = ['read', 'search', 'history', 'create', 'update', 'delete'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** One letter per permission, as the role table in docs/security.md shows them. */
export const PERMISSION_LETTER: Record<Permission, string> = {
  read: 'R', search: 'S', history: 'H', create: 'C', update: 'U', delete: 'D',
};

/** Parses letters such as "RSHCU" into permissions; the policy is written this way to stay readable as a table. */
export function permissionsFromLetters(letters: string): Set<Permission> {
  const set = new Set<Permission>();
  for (const letter of letters) {
    const permission = PERMISSIONS.find((candidate) => PERMISSION_LETTER[candidate] === letter);
    if (!permission) throw new Error(`Unknown permission letter "${letter}"`);
    set.add(permission);
  }
  return set;
}
