// A SearchParameter resource written to the store takes effect for the writes that follow in this process (other
// processes load it when they start); `npm run reindex` brings the resources written before it up to date.
import { searchParameters } from '../../../fhir/search/parameters/registry.ts';
import { logger } from '../../logger.ts';

export function applySearchParameterWrite(version: { resourceType: string; id: string; content: string | null }): void {
  if (version.resourceType !== 'SearchParameter') return;
  if (version.content === null) {
    searchParameters().removeCustom(version.id);
    return;
  }
  const problems = searchParameters().putCustom(version.id, JSON.parse(version.content));
  if (problems.length > 0) logger.warn('SearchParameter stored but not usable for search', { id: version.id, problems });
}
