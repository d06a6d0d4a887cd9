// Drug groups by ATC prefix (data/drug-classes.json): which count as duplicate therapy, and the names an allergy to
// a group is recorded under.
import data from '../data/drug-classes.json' with { type: 'json' };
import { substanceWords } from './ingredient-identity.ts';
import type { Bilingual } from '../messages.ts';

export interface DrugClass {
  atc: readonly string[];
  name: Bilingual;
  duplicateTherapy: boolean;
  allergyNames: readonly string[];
}

export const DRUG_CLASSES: readonly DrugClass[] = data.classes;

export function classContains(drugClass: DrugClass, atc: string | undefined): boolean {
  return atc !== undefined && drugClass.atc.some((prefix) => atc.startsWith(prefix));
}

/** The group an allergy's text names ("dị ứng penicilin" names the penicillins), if any. */
export function classNamedBy(text: string): DrugClass | undefined {
  const words = substanceWords(text).join(' ');
  return DRUG_CLASSES.find((drugClass) =>
    drugClass.allergyNames.some((name) => ` ${words} `.includes(` ${substanceWords(name).join(' ')} `)),
  );
}
