import { isKnownResourceType } from '../../fhir/validation/validate.ts';
import type { Permission } from './permissions.ts';

/**
 * SMART on FHIR scopes narrow what a token may do; they never widen a role. Both the v1 form
 * (`user/Patient.read`, `system/*.write`, `.*`) and the v2 letters (`user/Observation.rs`: c create, r read and
 * history, u update, d delete, s search) are understood. `user/` scopes act within the principal's facility,
 * `system/` scopes (machine clients only) across all facilities. `patient/` scopes need a patient launch context,
 * which Sen does not offer yet, so they are refused rather than silently widened or narrowed.
 */
export type ScopeContext = 'user' | 'system';

export interface Scope {
  context: ScopeContext;
  /** A resource type, or '*' for all. */
  resourceType: string;
  permissions: ReadonlySet<Permission>;
}

export class InvalidScopeError extends Error {}

const V1: Record<string, Permission[]> = {
  read: ['read', 'search', 'history'],
  write: ['create', 'update', 'delete'],
  '*': ['read', 'search', 'history', 'create', 'update', 'delete'],
};
const V2: Record<string, Permission[]> = { c: ['create'], r: ['read', 'history'], u: ['update'], d: ['delete'], s: ['search'] };
const SCOPE = /^(patient|user|system)\/([A-Za-z]{1,64}|\*)\.(read|write|\*|c?r?u?d?s?)$/;

export function parseScope(text: string): Scope {
  const match = SCOPE.exec(text);
  if (!match || match[3] === '') throw new InvalidScopeError(`"${text}" is not a scope Sen understands (e.g. user/Patient.read, system/*.rs)`);
  const [, context, resourceType, access] = match;
  if (context === 'patient') throw new InvalidScopeError(`"${text}": patient/ scopes need a patient launch context, which Sen does not offer yet; use user/ scopes`);
  if (resourceType !== '*' && !isKnownResourceType(resourceType)) throw new InvalidScopeError(`"${text}": ${resourceType} is not an R4 resource type`);
  const permissions = V1[access] ?? [...access].flatMap((letter) => V2[letter]);
  return { context: context as ScopeContext, resourceType, permissions: new Set(permissions) };
}

/** A token's scopes, parsed once. */
export class ScopeSet {
  readonly scopes: readonly Scope[];
  readonly context: ScopeContext;

  constructor(readonly text: string) {
    const parts = text.split(' ').filter(Boolean);
    if (parts.length === 0) throw new InvalidScopeError('At least one scope is needed');
    this.scopes = parts.map(parseScope);
    const contexts = new Set(this.scopes.map((scope) => scope.context));
    // Mixing would make it unclear whether the token is bound to a facility or not.
    if (contexts.size > 1) throw new InvalidScopeError('Scopes may not mix user/ and system/');
    this.context = this.scopes[0].context;
  }

  allows(permission: Permission, resourceType: string): boolean {
    return this.scopes.some((scope) => (scope.resourceType === '*' || scope.resourceType === resourceType) && scope.permissions.has(permission));
  }

  /** True when everything `other` grants is granted here too (a client may only request what it was allowed). */
  covers(other: ScopeSet): boolean {
    return other.context === this.context && other.scopes.every((scope) =>
      [...scope.permissions].every((permission) => this.scopes.some((mine) =>
        (mine.resourceType === '*' || mine.resourceType === scope.resourceType) && mine.permissions.has(permission))));
  }
}

/** What a person's sign-in gets when it asks for no scope: everything their role allows. */
export const FULL_USER_SCOPE = 'user/*.*';
