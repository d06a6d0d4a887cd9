import type { Db } from '../db/client.ts';
import type { ConditionalCriteria } from '../../fhir/search/conditional-query.ts';
import type { AccessFilter } from './search/access-filter.ts';
import { findMatchingIds as findMatches } from './search/search-sql.ts';

/**
 * Ids of live resources matching conditional criteria: at most `limit`, enough to tell none, one and several
 * apart. Access control: a conditional write matches only what its author may see.
 */
export async function findMatchingIds(
  db: Db,
  resourceType: string,
  criteria: ConditionalCriteria,
  limit = 2,
  filter?: AccessFilter,
): Promise<string[]> {
  const query = { scopes: [{ resourceType, filters: criteria.filters }], sort: [], count: limit, include: [], revinclude: [], ignored: [] };
  return findMatches(db, query, limit, filter);
}
