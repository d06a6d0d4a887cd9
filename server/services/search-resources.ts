// A FHIR search run on behalf of the current request (its role policy and facility filter apply, and what it finds
// is disclosed in the audit trail), answering the matching resources themselves: for services composing searches.
import { currentAccess } from '../access/request-access.ts';
import type { SearchService } from './search-service.ts';

/** The resources of `resourceType` matching `query` (a URL query string), the page `_count` allows. */
export async function searchResources<T>(search: SearchService, resourceType: string, query: string): Promise<T[]> {
  return (await searchResourcePage<T>(search, resourceType, query)).resources;
}

/**
 * One page of a search, with the `_cursor` of the next page when there is one: keyset paging on the sort keys and
 * the id, so that ties on the sort keys never skip or repeat a resource between pages.
 */
export async function searchResourcePage<T>(search: SearchService, resourceType: string, query: string): Promise<{ resources: T[]; nextCursor?: string }> {
  const access = currentAccess();
  access.authorize('search', resourceType);
  const bundle = JSON.parse(await search.searchType(resourceType, {
    params: [...new URLSearchParams(query)],
    base: '',
    strict: true,
    access: access.rowFilter('search'),
  })) as { entry?: { resource: { resourceType: string } }[]; link?: { relation: string; url: string }[] };
  const resources = (bundle.entry ?? []).map((entry) => entry.resource).filter((resource) => resource.resourceType === resourceType) as T[];
  const next = bundle.link?.find((link) => link.relation === 'next')?.url;
  const nextCursor = next ? new URL(next, 'http://base/').searchParams.get('_cursor') ?? undefined : undefined;
  return nextCursor ? { resources, nextCursor } : { resources };
}
