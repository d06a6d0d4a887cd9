// A set of Bundle entries processed as one database transaction: a whole transaction Bundle, or one entry of a batch.
//
// Work that needs no database happens first, outside the transaction: new ids are assigned, fullUrls and the links
// that use them are pointed at those ids, and the resources to create are validated (on worker threads when there
// are many). Validity cannot depend on which id a link finally names, only on its type, which is known by then.
// Inside the transaction, conditional creates, updates and deletes find their matches and conditional references
// their targets; links whose target turned out to be an existing resource are pointed at it; then the entries run
// in FHIR order: deletes, creates (one multi-row insert), updates and patches, reads.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { FhirError, badRequest, preconditionFailed } from '../../fhir/outcome.ts';
import { stringifyJson } from '../../fhir/json/lossless.ts';
import { isKnownResourceType, validateResource, type ValidationIssue } from '../../fhir/validation/validate.ts';
import type { EntryRequest } from '../../fhir/bundle/entry-request.ts';
import { inProcessingOrder } from '../../fhir/bundle/processing-order.ts';
import { EntryError, entryPath, errorAtEntry } from '../../fhir/bundle/entry-error.ts';
import { findLinks, isBundleLocal, isConditionalReference, linkValue, rewriteLinks, type Link } from '../../fhir/bundle/links.ts';
import type { EntryResult } from '../../fhir/bundle/response-entry.ts';
import type { StoredVersion } from '../store/resource-rows.ts';
import { criteriaKey, rejectIfInvalid, type ResourceService } from './resource-service.ts';
import { validationWorkers } from './validation-workers.ts';

// Below this many resources, handing them to worker threads costs more than validating them here.
const WORKER_THRESHOLD = 50;
// A Bundle with thousands of invalid entries needs no thousands of issues to be fixed.
const MAX_REPORTED_ISSUES = 100;

interface PlannedEntry {
  request: EntryRequest;
  /** The id the entry writes or reads: assigned for new resources, from the URL, or found by its criteria. */
  id?: string;
  /** The links of its resource (POST, PUT), already pointed at the ids known so far. */
  links: Link[];
  /** A POST whose ifNoneExist found a resource (in the database, or one created earlier in this Bundle). */
  matched?: 'stored' | PlannedEntry;
}

type Results = Map<number, EntryResult>;

export class BundleEntries {
  private readonly planned: PlannedEntry[];
  /** fullUrls, and later conditional references, mapped to the `Type/id` they stand for. */
  private readonly targets = new Map<string, string>();

  constructor(entries: readonly EntryRequest[], private readonly resources: ResourceService) {
    this.planned = entries.map((request) => ({ request, links: [] }));
  }

  /** Before the database transaction: ids, links and validation of the resources to create. */
  async prepare(): Promise<void> {
    for (const entry of this.planned) this.assignId(entry);
    for (const entry of this.planned) {
      const { resource } = entry.request;
      if (!resource) continue;
      entry.links = findLinks(resource);
      rewriteLinks(entry.links, this.targets);
      for (const link of entry.links) {
        if (link.kind === 'reference' && isBundleLocal(linkValue(link))) {
          throw errorAtEntry(badRequest(`${linkValue(link)} is not the fullUrl of an entry in this Bundle`, [link.path]), label(entry));
        }
      }
    }
    await this.validateCreates();
  }

  /** Inside the database transaction `tx`: resolves what needs the database, then runs every entry in FHIR order. */
  async execute(tx: Db): Promise<Results> {
    await this.resolveConditionalEntries(tx);
    await this.resolveConditionalReferences(tx);
    this.refuseDoubleWrites();
    const results: Results = new Map();
    const byRequest = new Map(this.planned.map((entry) => [entry.request, entry]));
    const ordered = inProcessingOrder(this.planned.map((entry) => entry.request)).map((request) => byRequest.get(request)!);
    const creates: PlannedEntry[] = [];
    for (const entry of ordered) {
      const { method, index } = entry.request;
      if (method === 'POST') creates.push(entry);
      else {
        // Processing order puts every POST after the deletes and before the rest: they go as one insert.
        if (creates.length > 0) await this.createAll(tx, creates.splice(0), results);
        results.set(index, await atEntry(entry, () => this.run(tx, entry)));
      }
    }
    await this.createAll(tx, creates, results);
    return results;
  }

  private assignId(entry: PlannedEntry): void {
    const { method, resourceType, id, query, resource, fullUrl } = entry.request;
    if (method === 'POST') entry.id = randomUUID();
    else if (method === 'PUT' && query !== undefined) entry.id = typeof resource?.id === 'string' ? resource.id : randomUUID();
    else entry.id = id;
    if (resource && entry.id !== undefined) {
      if (method === 'POST') resource.id = entry.id;
      if (fullUrl !== undefined) {
        if (this.targets.has(fullUrl)) throw errorAtEntry(badRequest(`Another entry has the same fullUrl ${fullUrl}`, [`${entryPath(entry.request.index)}.fullUrl`]), label(entry));
        this.targets.set(fullUrl, `${resourceType}/${entry.id}`);
      }
    }
  }

  private async validateCreates(): Promise<void> {
    const creates = this.planned.filter((entry) => entry.request.method === 'POST');
    const bodies = creates.map((entry) => entry.request.resource!);
    const found: ValidationIssue[][] = bodies.length >= WORKER_THRESHOLD
      ? await validationWorkers().validate(bodies.map((body) => stringifyJson(body)))
      : bodies.map((body) => validateResource(body));
    const errors: EntryError[] = [];
    creates.forEach((entry, i) => {
      try {
        rejectIfInvalid(found[i]);
      } catch (error) {
        if (!(error instanceof FhirError)) throw error;
        errors.push(errorAtEntry(error, label(entry)));
      }
    });
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new FhirError(422, errors.flatMap((error) => error.issues).slice(0, MAX_REPORTED_ISSUES));
  }

  /**
   * Conditional creates, updates and deletes, in the order of their criteria: every transaction takes the criteria
   * locks in the same order, so two Bundles sharing criteria wait for each other rather than deadlock.
   */
  private async resolveConditionalEntries(tx: Db): Promise<void> {
    const conditional = this.planned
      .map((entry) => ({ entry, criteria: entry.request.method === 'POST' ? entry.request.ifNoneExist : entry.request.query }))
      .filter((item): item is { entry: PlannedEntry; criteria: string } => item.criteria !== undefined)
      .map((item) => ({ ...item, key: criteriaKey(item.entry.request.resourceType, item.criteria) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.entry.request.index - b.entry.request.index));
    const firstWithKey = new Map<string, PlannedEntry>();
    const moved = new Map<string, string>();
    for (const { entry, criteria, key } of conditional) {
      const { method, resourceType, resource } = entry.request;
      const earlier = firstWithKey.get(key);
      if (earlier) {
        if (method !== 'POST' || earlier.request.method !== 'POST') {
          throw errorAtEntry(badRequest(`${entryPath(earlier.request.index)} and ${entryPath(entry.request.index)} both write the ${resourceType} that ${criteria} finds`), label(entry));
        }
        // The same conditional create twice in one Bundle is one resource, as it would be in two requests.
        this.moveTo(entry, earlier.id!, moved);
        entry.matched = earlier.matched === 'stored' ? 'stored' : earlier;
        continue;
      }
      firstWithKey.set(key, entry);
      const ids = await atEntry(entry, () => this.resources.findMatches(resourceType, criteria, tx, { lock: true }));
      if (ids.length > 1) throw errorAtEntry(preconditionFailed(`The criteria ${criteria} match several ${resourceType} resources`), label(entry));
      if (method === 'DELETE') entry.id = ids[0];
      if (ids.length === 0) continue;
      if (method === 'PUT' && typeof resource?.id === 'string' && resource.id !== ids[0]) {
        throw errorAtEntry(badRequest(`The resource id "${resource.id}" differs from the matched ${resourceType}/${ids[0]}`, [`${resourceType}.id`]), label(entry));
      }
      if (method === 'POST') entry.matched = 'stored';
      this.moveTo(entry, ids[0], moved);
    }
    if (moved.size > 0) for (const entry of this.planned) rewriteLinks(entry.links, moved);
  }

  /** The entry turned out to be `id`: links that named its provisional id now name `id`. */
  private moveTo(entry: PlannedEntry, id: string, moved: Map<string, string>): void {
    const { resourceType, fullUrl, resource } = entry.request;
    if (entry.id !== undefined && entry.id !== id) moved.set(`${resourceType}/${entry.id}`, `${resourceType}/${id}`);
    entry.id = id;
    if (resource) resource.id = id;
    if (fullUrl !== undefined) this.targets.set(fullUrl, `${resourceType}/${id}`);
  }

  /** `Practitioner?identifier=…` in a reference: exactly one resource must match, or the transaction fails. */
  private async resolveConditionalReferences(tx: Db): Promise<void> {
    const resolved = new Map<string, string>();
    for (const entry of this.planned) {
      for (const link of entry.links) {
        const reference = linkValue(link);
        if (link.kind !== 'reference' || !isConditionalReference(reference) || resolved.has(reference)) continue;
        const question = reference.indexOf('?');
        const type = reference.slice(0, question);
        const fail = (error: FhirError): EntryError => errorAtEntry(new FhirError(error.status, error.issues.map((issue) => ({ ...issue, expression: [link.path] }))), label(entry));
        if (!isKnownResourceType(type)) throw fail(badRequest(`The conditional reference ${reference} names an unknown resource type`));
        const ids = await this.resources.findMatches(type, reference.slice(question + 1), tx, { lock: false }).catch((error: unknown) => {
          throw error instanceof FhirError ? fail(error) : error;
        });
        if (ids.length === 0) throw fail(badRequest(`The conditional reference ${reference} matches no resource`));
        if (ids.length > 1) throw fail(preconditionFailed(`The conditional reference ${reference} matches several resources`));
        resolved.set(reference, `${type}/${ids[0]}`);
        this.targets.set(reference, `${type}/${ids[0]}`);
      }
    }
    if (resolved.size > 0) for (const entry of this.planned) rewriteLinks(entry.links, resolved);
  }

  /** Two entries may not write the same resource: the outcome would depend on an order FHIR does not define. */
  private refuseDoubleWrites(): void {
    const writers = new Map<string, PlannedEntry>();
    for (const entry of this.planned) {
      const { method, resourceType } = entry.request;
      if (entry.id === undefined || entry.matched || method === 'GET' || method === 'HEAD') continue;
      const key = `${resourceType}/${entry.id}`;
      const other = writers.get(key);
      if (other) {
        throw errorAtEntry(badRequest(`${entryPath(other.request.index)} and ${entryPath(entry.request.index)} both write ${key}`), label(entry));
      }
      writers.set(key, entry);
    }
  }

  private run(tx: Db, entry: PlannedEntry): Promise<EntryResult> {
    switch (entry.request.method) {
      case 'DELETE': return this.remove(tx, entry);
      case 'PUT': return this.update(tx, entry);
      case 'PATCH': return this.patch(tx, entry);
      default: return this.read(tx, entry);
    }
  }

  private async remove(tx: Db, entry: PlannedEntry): Promise<EntryResult> {
    const { resourceType, ifMatch } = entry.request;
    if (entry.id === undefined) return { status: 204, message: 'No resource matched the criteria; nothing was deleted' };
    const version = await this.resources.delete(resourceType, entry.id, ifMatch, tx);
    return { status: 204, version, message: version ? `Deleted ${resourceType}/${entry.id}` : `${resourceType}/${entry.id} was already deleted` };
  }

  private async createAll(tx: Db, entries: PlannedEntry[], results: Results): Promise<void> {
    const creates = entries.filter((entry) => !entry.matched);
    const versions = creates.length > 0 ? await this.resources.createMany(creates.map((entry) => entry.request.resource!), { validate: false }, tx) : [];
    const created = new Map<PlannedEntry, StoredVersion>(creates.map((entry, i) => [entry, versions[i]]));
    for (const entry of creates) results.set(entry.request.index, { status: 201, version: created.get(entry), hasLocation: true, message: 'Created' });
    for (const entry of entries.filter((e) => e.matched)) {
      const leader = entry.matched;
      const version = leader !== undefined && leader !== 'stored' ? created.get(leader)! : await atEntry(entry, () => this.resources.read(entry.request.resourceType, entry.id!, tx));
      results.set(entry.request.index, { status: 200, version, hasLocation: true, message: 'An existing resource matched ifNoneExist' });
    }
  }

  private async update(tx: Db, entry: PlannedEntry): Promise<EntryResult> {
    const { resourceType, resource, ifMatch, query } = entry.request;
    // A conditional update names its target by criteria; the body takes the id they resolved to.
    if (query !== undefined) resource!.id = entry.id;
    const outcome = await this.resources.update(resourceType, entry.id!, resource, ifMatch, tx);
    const created = outcome.kind === 'created';
    return { status: created ? 201 : 200, version: outcome.version, hasLocation: true, message: created ? 'Created' : 'Updated' };
  }

  private async patch(tx: Db, entry: PlannedEntry): Promise<EntryResult> {
    const { resourceType, patch, ifMatch } = entry.request;
    const outcome = await this.resources.patch(resourceType, entry.id!, patch, ifMatch, tx, (patched) => {
      const links = findLinks(patched);
      rewriteLinks(links, this.targets);
      const unresolved = links.find((link) => link.kind === 'reference' && (isBundleLocal(linkValue(link)) || isConditionalReference(linkValue(link))));
      if (unresolved) {
        throw badRequest(`${linkValue(unresolved)} in the patched resource names no entry of this Bundle nor a reference resolved for another entry`, [unresolved.path]);
      }
    });
    return { status: 200, version: outcome.version, hasLocation: true, message: 'Patched' };
  }

  private async read(tx: Db, entry: PlannedEntry): Promise<EntryResult> {
    const { method, resourceType, versionId, ifNoneMatch } = entry.request;
    const version = versionId === undefined
      ? await this.resources.read(resourceType, entry.id!, tx)
      : await this.resources.vread(resourceType, entry.id!, versionId, tx);
    if (ifNoneMatch === version.versionId) return { status: 304, version: { ...version, content: null }, message: 'Not modified' };
    return method === 'GET'
      ? { status: 200, version, isRead: true, message: 'Read' }
      : { status: 200, version: { ...version, content: null }, message: 'Read' };
  }
}

function label(entry: PlannedEntry): { index: number; method: string; resourceType: string } {
  return { index: entry.request.index, method: entry.request.method, resourceType: entry.request.resourceType };
}

async function atEntry<T>(entry: PlannedEntry, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof FhirError ? errorAtEntry(error, label(entry)) : error;
  }
}

