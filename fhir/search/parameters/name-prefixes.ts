// People's names are searched word by word at the registration desk (`name=nguyen&name=van&name=an`), and each
// word alone matches a large share of patients (Nguyễn is four names in ten). For the name parameters of the
// person resources, a resource's index also holds one row per parameter listing every prefix of every folded
// value of the parameter (keyed `param:prefix`), in a GIN index: all of a search's words are then looked up at
// once as the intersection of short posting lists, instead of walking one word's many candidates.
import type { SearchParam } from './search-parameter.ts';

/** Prefixes are kept up to this length; a longer search word is looked up by its first characters. */
export const MAX_PREFIX_LENGTH = 16;

// `phonetic` is left out: in R4 it indexes the same values as `name`, and nobody searches it word by word.
const NAME_PARAMS: Record<string, ReadonlySet<string>> = {
  Patient: new Set(['name', 'family', 'given']),
  Practitioner: new Set(['name', 'family', 'given']),
  RelatedPerson: new Set(['name']),
  Person: new Set(['name']),
};

/** Whether resources of the type carry prefix rows for the parameter (the R4 definition, not a custom one). */
export function hasNamePrefixes(resourceType: string, param: Pick<SearchParam, 'code' | 'type' | 'origin'>): boolean {
  return param.type === 'string' && param.origin === 'r4' && NAME_PARAMS[resourceType]?.has(param.code) === true;
}

/** The key a folded search word is looked up by (a word longer than the kept prefixes by its first characters). */
export function prefixKey(param: string, folded: string): string {
  // By code points: a key never ends in half a surrogate pair.
  return `${param}:${[...folded].slice(0, MAX_PREFIX_LENGTH).join('')}`;
}

/** Every key of a parameter's folded values: each of their prefixes, without repeats, sorted. */
export function prefixKeys(param: string, foldedValues: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const folded of foldedValues) {
    const characters = [...folded].slice(0, MAX_PREFIX_LENGTH);
    for (let length = 1; length <= characters.length; length++) keys.add(`${param}:${characters.slice(0, length).join('')}`);
  }
  return [...keys].sort();
}
