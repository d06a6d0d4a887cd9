// When two ingredient names are the same substance. The ATC code decides when both have one; otherwise names are
// compared after undoing the Vietnamese spelling of INNs (Amoxicilin = Amoxicillin, Clorpheniramin = Chlorpheniramine,
// Omeprazol = Omeprazole), so that an allergy typed in English or Vietnamese still matches.
import { foldVietnamese } from '../../text/fold.ts';
import type { ActiveIngredient } from '../medication.ts';

function wordKey(word: string): string {
  return word
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/ch/g, 'c')
    .replace(/y/g, 'i')
    .replace(/(.)\1+/g, '$1')
    .replace(/e$/, '');
}

/** Spelling-insensitive words of a substance name: "Amoxicillin" → ["amoxicilin"]. */
export function substanceWords(name: string): string[] {
  return foldVietnamese(name).replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean).map(wordKey);
}

/** True when every word of `name` is a word of the ingredient's name: "metformin" names "Metformin hydroclorid". */
export function namesIngredient(name: string, ingredient: ActiveIngredient): boolean {
  const wanted = substanceWords(name);
  const words = new Set(substanceWords(ingredient.name));
  return wanted.length > 0 && wanted.every((word) => words.has(word));
}

/** One key per substance: its ATC code, or its spelling-insensitive name. */
export function ingredientKey(ingredient: ActiveIngredient): string {
  return ingredient.atc ?? substanceWords(ingredient.name).join(' ');
}
