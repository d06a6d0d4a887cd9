import { Prisma } from '../db/generated/client.ts';
import type { Db } from '../db/client.ts';
import type { Principal } from '../auth/principal.ts';
import type { ResourceJson } from '../../fhir/resource-meta.ts';
import { forbidden } from '../../fhir/outcome.ts';
import { knownResourceTypes } from '../../fhir/validation/validate.ts';
import type { Permission } from './permissions.ts';
import { roleAllows, roleIsSystemWide } from './role-policy.ts';
import { ScopeSet } from './scopes.ts';
import { isPatientDataType } from './resource-categories.ts';
import { grantedRowCondition, type PatientGrants } from './patient-grants.ts';
import { labelledFacility } from './facility-label.ts';
import { Disclosure } from './disclosure.ts';

/** A stored row as far as access decisions go. */
export interface OwnedRow {
  resourceType: string;
  id: string;
  facilityId: string | null;
  patientIds: readonly string[];
}

/** A SQL condition on a `resource` or `resource_history` row; search, history and compartment queries AND it in. */
export interface RowFilter {
  condition(alias: string): Prisma.Sql;
}

const ALIAS = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * One principal's rights for one request: what the role and the token's scopes allow per resource type, and which
 * rows facility isolation lets them see. Services call it at every data access, so that every path — single reads,
 * searches, histories, Bundle entries — is checked by the same rules.
 */
export class Access {
  /** Sees and changes every facility's records (system administrators, machine clients with system/ scopes). */
  readonly systemWide: boolean;
  readonly disclosure = new Disclosure();
  private readonly scopes: ScopeSet;
  private readonly typesCache = new Map<Permission, string[]>();

  // Tokens of one deployment carry a handful of distinct scope strings; parsing each once keeps requests cheap.
  private static readonly parsedScopes = new Map<string, ScopeSet>();

  constructor(readonly principal: Principal, private readonly grants: PatientGrants) {
    let scopes = Access.parsedScopes.get(principal.scope);
    if (!scopes) {
      scopes = new ScopeSet(principal.scope);
      if (Access.parsedScopes.size < 1000) Access.parsedScopes.set(principal.scope, scopes);
    }
    this.scopes = scopes;
    this.systemWide = roleIsSystemWide(principal.role) || this.scopes.context === 'system';
  }

  allows(permission: Permission, resourceType: string): boolean {
    return roleAllows(this.principal.role, permission, resourceType) && this.scopes.allows(permission, resourceType);
  }

  /** Refuses (403) an interaction the role or the token's scopes do not allow. */
  authorize(permission: Permission, resourceType: string): void {
    if (!roleAllows(this.principal.role, permission, resourceType)) {
      throw forbidden(`The ${this.principal.role} role may not ${permission} ${resourceType} resources`);
    }
    if (!this.scopes.allows(permission, resourceType)) {
      throw forbidden(`This token's scopes (${this.principal.scope}) do not allow ${permission} on ${resourceType}`);
    }
  }

  /** The resource types this principal may `permission`: searches and histories return no others. */
  typesAllowed(permission: Permission): string[] {
    let types = this.typesCache.get(permission);
    if (!types) {
      types = knownResourceTypes().filter((type) => this.allows(permission, type));
      this.typesCache.set(permission, types);
    }
    return types;
  }

  /** The rows a search (permission 'search') or a history ('history') may return. */
  rowFilter(permission: 'search' | 'history'): RowFilter {
    return { condition: (alias) => this.rowCondition(alias, permission) };
  }

  /**
   * Records for the audit trail which patients the rows a search returned belong to (the search engine selects
   * only what it sends; one lookup by key per page fetches their patient lists).
   */
  async discloseFound(db: Db, keys: readonly { resourceType: string; id: string }[]): Promise<void> {
    if (keys.length === 0) return;
    const rows = await db.$queryRaw<{ resource_type: string; id: string; patient_ids: string[] }[]>`
      SELECT r.resource_type, r.id, r.patient_ids FROM resource r
      JOIN unnest(${keys.map((key) => key.resourceType)}::text[], ${keys.map((key) => key.id)}::text[]) AS k(t, i)
        ON r.resource_type = k.t AND r.id = k.i`;
    for (const row of rows) this.disclosure.add({ resourceType: row.resource_type, id: row.id, patientIds: row.patient_ids });
  }

  /** Refuses (403) a row of another facility's patient data that no referral or break-the-glass grant opens. */
  async ensureVisible(db: Db, row: OwnedRow): Promise<void> {
    if (!(await this.canSee(db, row))) throw this.isolated(row);
    this.disclosure.add(row);
  }

  /** Like ensureVisible, for changing a row: shared content (Organizations…) only its owning facility changes. */
  async ensureChangeable(db: Db, row: OwnedRow): Promise<void> {
    const shared = !isPatientDataType(row.resourceType);
    if (shared && !this.systemWide && row.facilityId !== this.principal.facilityId) {
      throw forbidden(`${row.resourceType}/${row.id} belongs to another facility, which alone may change it`);
    }
    await this.ensureVisible(db, row);
  }

  /**
   * Refuses (403) writing a resource into the record of a patient this principal may not see: without it, a user
   * could add to (and so learn about) another facility's patient by referring to them.
   */
  async ensurePatientsReachable(db: Db, patientIds: readonly string[]): Promise<void> {
    if (this.systemWide || patientIds.length === 0) return;
    const owners = await db.$queryRaw<{ id: string; facility_id: string | null }[]>`
      SELECT id, facility_id FROM resource WHERE resource_type = 'Patient' AND id = ANY(${[...patientIds]}::text[])`;
    const foreign = owners.filter((owner) => owner.facility_id !== this.principal.facilityId).map((owner) => owner.id);
    if (foreign.length === 0) return;
    const granted = await this.grants.granted(db, this.principal, foreign);
    const closed = foreign.find((id) => !granted.has(id));
    if (closed) throw this.isolated({ resourceType: 'Patient', id: closed });
    if ([...granted.values()].includes('break-glass')) this.disclosure.emergency = true;
  }

  /**
   * The facility that owns a new version. Ownership never moves by an ordinary write: a new resource belongs to the
   * writer's facility, a new version to the current owner. System-wide principals may name the owner with the
   * owning-facility label (imports, moving a record), and otherwise keep the current owner.
   */
  owningFacility(incoming: ResourceJson | null, current: OwnedRow | undefined): string | null {
    const labelled = this.systemWide && incoming ? labelledFacility(incoming) : undefined;
    if (labelled) return labelled;
    return current ? current.facilityId : this.principal.facilityId;
  }

  private async canSee(db: Db, row: OwnedRow): Promise<boolean> {
    if (this.systemWide || !isPatientDataType(row.resourceType)) return true;
    if (row.facilityId !== null && row.facilityId === this.principal.facilityId) return true;
    const granted = await this.grants.granted(db, this.principal, [...row.patientIds]);
    if (granted.size === 0) return false;
    if (![...granted.values()].includes('referral')) this.disclosure.emergency = true;
    return true;
  }

  private isolated(row: { resourceType: string; id: string }) {
    return forbidden(`${row.resourceType}/${row.id} belongs to a patient of another facility; it opens only after a referral ` +
      'to your facility or an emergency access (POST /api/break-glass with a reason)');
  }

  private rowCondition(alias: string, permission: 'search' | 'history'): Prisma.Sql {
    if (!ALIAS.test(alias)) throw new Error(`Not a SQL alias: ${alias}`);
    const row = Prisma.raw(alias);
    const types = this.typesAllowed(permission);
    if (this.systemWide) {
      return types.length === knownResourceTypes().length ? Prisma.sql`TRUE` : Prisma.sql`${row}.resource_type = ANY(${types}::text[])`;
    }
    const shared = types.filter((type) => !isPatientDataType(type));
    const patientData = types.filter(isPatientDataType);
    return Prisma.sql`(${row}.resource_type = ANY(${shared}::text[]) OR (${row}.resource_type = ANY(${patientData}::text[])
      AND (${row}.facility_id = ${this.principal.facilityId} OR ${grantedRowCondition(row, this.principal)})))`;
  }
}
