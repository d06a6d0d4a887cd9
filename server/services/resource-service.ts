import { randomUUID } from 'node:crypto';
import type { PrismaClient, Db } from '../db/client.ts';
import { parseJson, stringifyJson } from '../../fhir/json/lossless.ts';
import { applyJsonPatch, JsonPatchError } from '../../fhir/json/patch.ts';
import { validateResource, isValidId } from '../../fhir/validation/validate.ts';
import { applyVersionMeta, isResourceJson, type ResourceJson } from '../../fhir/resource-meta.ts';
import { extractIndexEntries } from '../../fhir/search/index-entries.ts';
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

/** The FHIR interactions on stored resources: validation, versioning and concurrency rules live here. */
export class ResourceService {
  constructor(private readonly prisma: PrismaClient) {}

  async read(resourceType: string, id: string, db: Db = this.prisma): Promise<StoredVersion> {
    const current = await readCurrent(db, resourceType, id);
    if (!current) throw notFound(`${resourceType}/${id} is not known`);
    if (current.deleted) throw gone(`${resourceType}/${id} was deleted`);
    return current;
  }

  async vread(resourceType: string, id: string, versionId: string, db: Db = this.prisma): Promise<StoredVersion> {
    const number = Number(versionId);
    if (!/^[1-9][0-9]{0,9}$/.test(versionId)) throw notFound(`${resourceType}/${id} has no version "${versionId}"`);
    const version = await readVersion(db, resourceType, id, number);
    if (!version) throw notFound(`${resourceType}/${id} has no version ${versionId}`);
    if (version.deleted) throw gone(`Version ${versionId} of ${resourceType}/${id} is a deletion`);
    return version;
  }

  async create(resourceType: string, body: unknown, ifNoneExist?: string, db: Db = this.prisma): Promise<WriteOutcome> {
    const resource = this.checkIncoming(resourceType, body);
    if (ifNoneExist === undefined) return this.createNew(db, resource);
    const criteria = parseConditionalQuery(ifNoneExist);
    return inTransaction(db, async (tx) => {
      await lockCriteria(tx, resourceType, ifNoneExist);
      const ids = await findMatchingIds(tx, resourceType, criteria);
      if (ids.length > 1) throw preconditionFailed(`If-None-Exist matched several ${resourceType} resources`);
      if (ids.length === 1) return { kind: 'matched', version: (await readCurrent(tx, resourceType, ids[0]))! };
      return this.createNew(tx, resource);
    });
  }

  async update(resourceType: string, id: string, body: unknown, ifMatch?: number, db: Db = this.prisma): Promise<WriteOutcome> {
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
    const criteria = parseConditionalQuery(query);
    const resource = this.checkIncoming(resourceType, body);
    return inTransaction(db, async (tx) => {
      await lockCriteria(tx, resourceType, query);
      const ids = await findMatchingIds(tx, resourceType, criteria);
      if (ids.length > 1) throw preconditionFailed(`The conditional update matched several ${resourceType} resources`);
      if (ids.length === 0) return resource.id ? this.writeNext(tx, resourceType, resource.id, 'PUT', () => resource) : this.createNew(tx, resource);
      if (resource.id !== undefined && resource.id !== ids[0]) {
        throw badRequest(`The resource id "${resource.id}" differs from the matched ${resourceType}/${ids[0]}`, [`${resourceType}.id`]);
      }
      resource.id = ids[0];
      return this.writeNext(tx, resourceType, ids[0], 'PUT', () => resource);
    });
  }

  async patch(resourceType: string, id: string, patch: unknown, ifMatch?: number, db: Db = this.prisma): Promise<WriteOutcome> {
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
      const resource = this.checkIncoming(resourceType, patched);
      if (resource.id !== id) throw badRequest('A patch may not change the resource id', [`${resourceType}.id`]);
      return resource;
    }, ifMatch);
  }

  /** Logical delete: a new version marks the resource gone; history keeps every earlier version. */
  async delete(resourceType: string, id: string, db: Db = this.prisma): Promise<StoredVersion | undefined> {
    checkId(id);
    const current = await readCurrent(db, resourceType, id);
    if (!current) throw notFound(`${resourceType}/${id} is not known`);
    if (current.deleted) return undefined;
    const outcome = await this.writeNext(db, resourceType, id, 'DELETE', () => null);
    return outcome.version;
  }

  /**
   * Writes many new resources with their own ids as version 1, in one transaction (demo data, the generator).
   * `validate: false` is for producers whose output is proven valid by their own tests.
   */
  async createMany(resources: ResourceJson[], options: { validate: boolean }): Promise<void> {
    const versions = resources.map((resource) => {
      if (!resource.id) throw badRequest(`A ${resource.resourceType} to import has no id`);
      if (options.validate) this.checkIncoming(resource.resourceType, resource);
      return toVersion(resource, resource.id, 1, 'POST');
    });
    await this.prisma.$transaction((tx) => insertManyFirstVersions(tx, versions));
  }

  /** Validates an incoming resource body for `resourceType`; throws an OperationOutcome-ready error. */
  private checkIncoming(resourceType: string, body: unknown): ResourceJson {
    if (!isResourceJson(body)) throw badRequest('The body must be a FHIR resource: a JSON object with a resourceType');
    if (body.resourceType !== resourceType) {
      throw badRequest(`The body is a ${body.resourceType} but the URL is for ${resourceType}`, ['resourceType']);
    }
    const issues = validateResource(body).filter((issue) => issue.severity === 'error');
    if (issues.length > 0) {
      throw new FhirError(422, issues.map((issue) => ({
        code: issue.code,
        diagnostics: issue.diagnostics,
        expression: issue.expression,
      })));
    }
    return body;
  }

  private async createNew(db: Db, resource: ResourceJson): Promise<WriteOutcome> {
    const id = randomUUID();
    const version = toVersion(resource, id, 1, 'POST');
    if (!(await insertFirstVersion(db, version))) throw conflict(`${resource.resourceType}/${id} already exists`);
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
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const current = await readCurrent(db, resourceType, id);
      if (ifMatch !== undefined && current?.versionId !== ifMatch) {
        throw preconditionFailed(current
          ? `${resourceType}/${id} is at version ${current.versionId}, not ${ifMatch} (If-Match)`
          : `${resourceType}/${id} does not exist (If-Match)`);
      }
      const resource = next(current);
      const versionId = (current?.versionId ?? 0) + 1;
      const version = resource === null
        ? { resourceType, id, versionId, lastUpdated: new Date().toISOString(), method, content: null, tokens: [] }
        : toVersion(resource, id, versionId, method);
      const written = current ? await insertNextVersion(db, version) : await insertFirstVersion(db, version);
      if (written) return { kind: current && !current.deleted ? 'updated' : 'created', version: stored(version) };
      if (ifMatch !== undefined) throw preconditionFailed(`${resourceType}/${id} was changed by someone else (If-Match)`);
    }
    throw conflict(`${resourceType}/${id} is being changed by many clients at once; try again`);
  }
}

function checkId(id: string): void {
  if (!isValidId(id)) throw badRequest(`"${id}" is not a valid FHIR id (1–64 letters, digits, '-' or '.')`);
}

function toVersion(resource: ResourceJson, id: string, versionId: number, method: Method): VersionToWrite {
  const lastUpdated = new Date().toISOString();
  applyVersionMeta(resource, id, versionId, lastUpdated);
  return {
    resourceType: resource.resourceType,
    id,
    versionId,
    lastUpdated,
    method,
    content: stringifyJson(resource),
    tokens: extractIndexEntries(resource).tokens,
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
  };
}

/** Runs `work` in a transaction: a new one, or the caller's when `db` already is one (a transaction Bundle). */
function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return '$transaction' in db ? db.$transaction((tx) => work(tx)) : work(db);
}

/** Serialises conditional writes with the same criteria, so two can never both create. */
async function lockCriteria(db: Db, resourceType: string, query: string): Promise<void> {
  const key = `${resourceType}?${[...new URLSearchParams(query)].map(([k, v]) => `${k}=${v}`).sort().join('&')}`;
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))`;
}
