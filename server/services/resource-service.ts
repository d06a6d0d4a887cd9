import { randomUUID } from 'node:crypto';
import type { MedicationRequest } from '@medplum/fhirtypes';
import type { PrismaClient, Db } from '../db/client.ts';
import { parseJson, stringifyJson } from '../../fhir/json/lossless.ts';
import { applyJsonPatch, JsonPatchError } from '../../fhir/json/patch.ts';
import { validateResource, isValidId, type ValidationIssue } from '../../fhir/validation/validate.ts';
import { applyVersionMeta, isResourceJson, type ResourceJson } from '../../fhir/resource-meta.ts';
import { emptyIndexEntries, extractIndexEntries } from '../../fhir/search/index-entries.ts';
import { indicatorContributions, NO_CONTRIBUTIONS } from '../../fhir/indicators/contributions.ts';
import { parseConditionalQuery } from '../../fhir/search/conditional-query.ts';
import { FhirError, badRequest, gone, notFound, preconditionFailed, conflict } from '../../fhir/outcome.ts';
import {
  insertFirstVersion,
  insertManyFirstVersions,
  insertNextVersion,
  readCurrent,
  readVersion,
  type StoredVersion,
  type VersionToWrite,
} from '../store/resource-rows.ts';
import { findMatchingIds } from '../store/conditional-match.ts';
import { currentAccess } from '../access/request-access.ts';
import { labelOwningFacility } from '../access/facility-label.ts';
import { patientCompartmentIds } from '../../fhir/compartment/patient-compartment.ts';
import { signedRequestChangeRefusal } from '../../fhir/prescription/signed-prescription.ts';

export interface WriteOutcome {
  version: StoredVersion;
  /** 'created' for a new resource (201), 'updated' for a new version (200), 'matched' when a conditional create found one. */
  kind: 'created' | 'updated' | 'matched';
}

// Without If-Match, a writer that loses a race re-reads and tries again; this many losses in a row means a
// pathological hot spot, reported rather than retried forever.
const MAX_WRITE_ATTEMPTS = 100;

type Method = VersionToWrite['method'];
/** Builds the next version from the current one (undefined when none); null means "delete". */
type NextVersion = (current: StoredVersion | undefined) => ResourceJson | null;

/**
 * The FHIR interactions on stored resources: validation, versioning and concurrency rules live here. Each one is
 * checked against the request's access (role, scopes, facility isolation: currentAccess()), so a Bundle entry is
 * held to the same rules as a single request.
 */
export class ResourceService {
  constructor(private readonly prisma: PrismaClient) {}

  async read(resourceType: string, id: string, db: Db = this.prisma): Promise<StoredVersion> {
    const access = currentAccess();
    access.authorize('read', resourceType);
    const current = await readCurrent(db, resourceType, id);
    if (!current) throw notFound(`${resourceType}/${id} is not known`);
    await access.ensureVisible(db, current);
    if (current.deleted) throw gone(`${resourceType}/${id} was deleted`);
    return current;
  }

  async vread(resourceType: string, id: string, versionId: string, db: Db = this.prisma): Promise<StoredVersion> {
    const access = currentAccess();
    access.authorize('read', resourceType);
    const number = Number(versionId);
    if (!/^[1-9][0-9]{0,9}$/.test(versionId)) throw notFound(`${resourceType}/${id} has no version "${versionId}"`);
    const version = await readVersion(db, resourceType, id, number);
    if (!version) throw notFound(`${resourceType}/${id} has no version ${versionId}`);
    await access.ensureVisible(db, version);
    if (version.deleted) throw gone(`Version ${versionId} of ${resourceType}/${id} is a deletion`);
    return version;
  }

  async create(resourceType: string, body: unknown, ifNoneExist?: string, db: Db = this.prisma): Promise<WriteOutcome> {
    const access = currentAccess();
    access.authorize('create', resourceType);
    const resource = this.checkIncoming(resourceType, body);
    if (ifNoneExist === undefined) return this.createNew(db, resource);
    return this.inTransaction(db, async (tx) => {
      const ids = await this.findMatches(resourceType, ifNoneExist, tx, { lock: true });
      if (ids.length > 1) throw preconditionFailed(`If-None-Exist matched several ${resourceType} resources`);
      if (ids.length === 1) {
        const matched = (await readCurrent(tx, resourceType, ids[0]))!;
        await access.ensureVisible(tx, matched);
        return { kind: 'matched', version: matched };
      }
      return this.createNew(tx, resource);
    });
  }

  async update(resourceType: string, id: string, body: unknown, ifMatch?: number, db: Db = this.prisma): Promise<WriteOutcome> {
    currentAccess().authorize('update', resourceType);
    checkId(id);
    const resource = this.checkIncoming(resourceType, body);
    if (resource.id !== id) {
      throw badRequest(resource.id === undefined
        ? `The resource in an update must carry its id (${id})`
        : `The resource id "${String(resource.id)}" does not match the id in the URL (${id})`, [`${resourceType}.id`]);
    }
    return this.writeNext(db, resourceType, id, 'PUT', () => resource, ifMatch);
  }

  async conditionalUpdate(resourceType: string, query: string, body: unknown, db: Db = this.prisma): Promise<WriteOutcome> {
    const access = currentAccess();
    access.authorize('update', resourceType);
    parseConditionalQuery(query, resourceType); // refuses criteria it cannot evaluate before the body is validated
    const resource = this.checkIncoming(resourceType, body);
    return this.inTransaction(db, async (tx) => {
      const ids = await this.findMatches(resourceType, query, tx, { lock: true });
      if (ids.length > 1) throw preconditionFailed(`The conditional update matched several ${resourceType} resources`);
      if (ids.length === 0) return resource.id ? this.writeNext(tx, resourceType, resource.id, 'PUT', () => resource) : this.createNew(tx, resource);
      if (resource.id !== undefined && resource.id !== ids[0]) {
        throw badRequest(`The resource id "${resource.id}" differs from the matched ${resourceType}/${ids[0]}`, [`${resourceType}.id`]);
      }
      resource.id = ids[0];
      return this.writeNext(tx, resourceType, ids[0], 'PUT', () => resource);
    });
  }

  /** `beforeCheck` sees the patched resource before validation: a transaction Bundle points its links at new ids. */
  async patch(
    resourceType: string,
    id: string,
    patch: unknown,
    ifMatch?: number,
    db: Db = this.prisma,
    beforeCheck?: (patched: ResourceJson) => void,
  ): Promise<WriteOutcome> {
    currentAccess().authorize('update', resourceType);
    checkId(id);
    return this.writeNext(db, resourceType, id, 'PATCH', (current) => {
      if (!current) throw notFound(`${resourceType}/${id} is not known`);
      if (current.deleted || current.content === null) throw gone(`${resourceType}/${id} was deleted`);
      let patched: unknown;
      try {
        patched = applyJsonPatch(parseJson(current.content), patch);
      } catch (error) {
        if (error instanceof JsonPatchError) throw new FhirError(422, { code: 'processing', diagnostics: error.message });
        throw error;
      }
      if (beforeCheck && isResourceJson(patched)) beforeCheck(patched);
      const resource = this.checkIncoming(resourceType, patched);
      if (resource.id !== id) throw badRequest('A patch may not change the resource id', [`${resourceType}.id`]);
      return resource;
    }, ifMatch);
  }

  /** Logical delete: a new version marks the resource gone; history keeps every earlier version. */
  async delete(resourceType: string, id: string, ifMatch?: number, db: Db = this.prisma): Promise<StoredVersion | undefined> {
    const access = currentAccess();
    access.authorize('delete', resourceType);
    checkId(id);
    const current = await readCurrent(db, resourceType, id);
    if (!current) throw notFound(`${resourceType}/${id} is not known`);
    await access.ensureChangeable(db, current);
    if (current.deleted) return undefined;
    const outcome = await this.writeNext(db, resourceType, id, 'DELETE', () => null, ifMatch);
    return outcome.version;
  }

  /**
   * Ids of the live resources matching a conditional query (If-None-Exist, conditional update, a conditional
   * reference) that this request may see: at most two, enough to tell none, one and several apart. With `lock`,
   * inside a transaction, writes with the same criteria wait for each other until it ends, so two can never both
   * create. The one place that evaluates conditional criteria.
   */
  async findMatches(resourceType: string, query: string, db: Db, options: { lock: boolean }): Promise<string[]> {
    const criteria = parseConditionalQuery(query, resourceType);
    if (options.lock) await lockCriteria(db, resourceType, query);
    return findMatchingIds(db, resourceType, criteria, 2, currentAccess().rowFilter('search'));
  }

  /**
   * Writes many new resources with their own ids as version 1 with multi-row statements, in one transaction: the
   * caller's `db` when it is one (a transaction Bundle), else a new one (demo data, the generator).
   * `validate: false` is for producers whose output is proven valid by their own tests, or already checked.
   */
  async createMany(resources: ResourceJson[], options: { validate: boolean }, db: Db = this.prisma): Promise<StoredVersion[]> {
    const access = currentAccess();
    const versions = resources.map((resource) => {
      access.authorize('create', resource.resourceType);
      if (!resource.id) throw badRequest(`A ${resource.resourceType} to import has no id`);
      if (options.validate) this.checkIncoming(resource.resourceType, resource);
      return toVersion(resource, resource.id, 1, 'POST', access.owningFacility(resource, undefined));
    });
    await this.inTransaction(db, async (tx) => {
      await insertManyFirstVersions(tx, versions);
      // After the insert, so that patients created alongside (in the same Bundle) are reachable.
      await access.ensurePatientsReachable(tx, [...new Set(versions.flatMap((version) => version.patientIds))]);
    });
    for (const version of versions) access.disclosure.add(version);
    return versions.map(stored);
  }

  /**
   * Runs `work` in a transaction: a new one when `db` is the client, else the caller's own (a transaction Bundle).
   * A transaction client has $transaction too (for savepoints, which the embedded database lacks): only identity tells.
   */
  private inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
    return db === this.prisma ? this.prisma.$transaction((tx) => work(tx)) : work(db);
  }

  /** Validates an incoming resource body for `resourceType`; throws an OperationOutcome-ready error. */
  private checkIncoming(resourceType: string, body: unknown): ResourceJson {
    if (!isResourceJson(body)) throw badRequest('The body must be a FHIR resource: a JSON object with a resourceType');
    if (body.resourceType !== resourceType) {
      throw badRequest(`The body is a ${body.resourceType} but the URL is for ${resourceType}`, ['resourceType']);
    }
    rejectIfInvalid(validateResource(body));
    return body;
  }

  private async createNew(db: Db, resource: ResourceJson): Promise<WriteOutcome> {
    const access = currentAccess();
    const id = randomUUID();
    const version = toVersion(resource, id, 1, 'POST', access.owningFacility(resource, undefined));
    await access.ensurePatientsReachable(db, version.patientIds);
    if (!(await insertFirstVersion(db, version))) throw conflict(`${resource.resourceType}/${id} already exists`);
    access.disclosure.add(version);
    return { kind: 'created', version: stored(version) };
  }

  private async writeNext(
    db: Db,
    resourceType: string,
    id: string,
    method: Method,
    next: NextVersion,
    ifMatch?: number,
  ): Promise<WriteOutcome> {
    const access = currentAccess();
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const current = await readCurrent(db, resourceType, id);
      if (current) await access.ensureChangeable(db, current);
      else access.authorize('create', resourceType);
      if (ifMatch !== undefined && current?.versionId !== ifMatch) {
        throw preconditionFailed(current
          ? `${resourceType}/${id} is at version ${current.versionId}, not ${ifMatch} (If-Match)`
          : `${resourceType}/${id} does not exist (If-Match)`);
      }
      const resource = next(current);
      refuseChangeToSignedPrescription(current, resource);
      const versionId = (current?.versionId ?? 0) + 1;
      const facilityId = access.owningFacility(resource, current);
      const version = resource === null
        ? { resourceType, id, versionId, lastUpdated: new Date().toISOString(), method, content: null, index: emptyIndexEntries(), facilityId, patientIds: current?.patientIds ?? [], indicators: NO_CONTRIBUTIONS }
        : toVersion(resource, id, versionId, method, facilityId);
      await access.ensurePatientsReachable(db, version.patientIds);
      const written = current ? await insertNextVersion(db, version) : await insertFirstVersion(db, version);
      if (written) {
        access.disclosure.add(version);
        return { kind: current && !current.deleted ? 'updated' : 'created', version: stored(version) };
      }
      if (ifMatch !== undefined) throw preconditionFailed(`${resourceType}/${id} was changed by someone else (If-Match)`);
    }
    throw conflict(`${resourceType}/${id} is being changed by many clients at once; try again`);
  }
}

/** Throws the 422 that explains why the validator refused a resource; returns when it found no error. */
export function rejectIfInvalid(issues: readonly ValidationIssue[]): void {
  const errors = issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0) {
    throw new FhirError(422, errors.map(({ code, diagnostics, expression }) => ({ code, diagnostics, expression })));
  }
}

/** A signed prescription's MedicationRequests are immutable except for closing them (signed-prescription.ts). */
function refuseChangeToSignedPrescription(current: StoredVersion | undefined, next: ResourceJson | null): void {
  if (current?.resourceType !== 'MedicationRequest' || current.content === null) return;
  const refusal = signedRequestChangeRefusal(parseJson(current.content) as MedicationRequest, next as MedicationRequest | null);
  if (refusal) throw new FhirError(409, { code: 'business-rule', diagnostics: refusal });
}

function checkId(id: string): void {
  if (!isValidId(id)) throw badRequest(`"${id}" is not a valid FHIR id (1–64 letters, digits, '-' or '.')`);
}

function toVersion(resource: ResourceJson, id: string, versionId: number, method: Method, facilityId: string | null): VersionToWrite {
  const lastUpdated = new Date().toISOString();
  labelOwningFacility(resource, facilityId);
  applyVersionMeta(resource, id, versionId, lastUpdated);
  const index = extractIndexEntries(resource);
  return {
    resourceType: resource.resourceType,
    id,
    versionId,
    lastUpdated,
    method,
    content: stringifyJson(resource),
    index,
    facilityId,
    patientIds: patientCompartmentIds(resource, index),
    indicators: indicatorContributions(resource),
  };
}

function stored(version: VersionToWrite): StoredVersion {
  return {
    resourceType: version.resourceType,
    id: version.id,
    versionId: version.versionId,
    lastUpdated: new Date(version.lastUpdated),
    deleted: version.content === null,
    content: version.content,
    facilityId: version.facilityId,
    patientIds: version.patientIds,
  };
}


/** The same key for the same criteria however they are written: parameter order and URL escaping aside. */
export function criteriaKey(resourceType: string, query: string): string {
  return `${resourceType}?${[...new URLSearchParams(query)].map(([k, v]) => `${k}=${v}`).sort().join('&')}`;
}

/** Serialises conditional writes with the same criteria, so two can never both create. */
async function lockCriteria(db: Db, resourceType: string, query: string): Promise<void> {
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${criteriaKey(resourceType, query)}))`;
}
