// The starter drug catalogue: common primary-care medicines a new facility begins with (data/starter-catalogue.csv,
// read with the same importer as a facility's own file). See data/README.md for what it is and is not.
import { readFileSync } from 'node:fs';
import { parseCatalogueCsv } from './catalogue-csv.ts';
import type { CatalogueDrug } from './medication.ts';

let drugs: readonly CatalogueDrug[] | undefined;
let byCode: Map<string, CatalogueDrug> | undefined;

export function starterCatalogue(): readonly CatalogueDrug[] {
  if (drugs) return drugs;
  const parsed = parseCatalogueCsv(readFileSync(new URL('./data/starter-catalogue.csv', import.meta.url), 'utf8'));
  if (parsed.errors.length) {
    const [first] = parsed.errors;
    throw new Error(`starter-catalogue.csv line ${first.line}: ${first.message.en} (${parsed.errors.length} problems)`);
  }
  drugs = parsed.drugs;
  return drugs;
}

/** A drug of the starter catalogue by its code; throws for an unknown code, which is a programming error. */
export function starterDrug(code: string): CatalogueDrug {
  byCode ??= new Map(starterCatalogue().map((drug) => [drug.code, drug]));
  const drug = byCode.get(code);
  if (!drug) throw new Error(`No drug ${code} in the starter catalogue`);
  return drug;
}
