// The facility's drug catalogue (FHIR Medication resources owned by the facility): search-as-you-type for the
// prescription editor, and importing the pharmacist's CSV. An import with any line in error writes nothing, so a
// half-read spreadsheet never becomes half a catalogue.
import type { Medication } from '@medplum/fhirtypes';
import type { PrismaClient } from '../db/client.ts';
import type { ResourceJson } from '../../fhir/resource-meta.ts';
import { badRequest } from '../../fhir/outcome.ts';
import { parseCatalogueCsv, type CatalogueRowError } from '../../fhir/prescription/catalogue-csv.ts';
import { fromMedicationResource, toMedicationResource } from '../../fhir/prescription/medication-resource.ts';
import type { DosageInput } from '../../fhir/prescription/dosage.ts';
import type { CatalogueDrug } from '../../fhir/prescription/medication.ts';
import { prescriptionTypeOfDrug } from '../../fhir/prescription/prescription-type.ts';
import { foldVietnamese } from '../../fhir/text/fold.ts';
import { currentAccess } from '../access/request-access.ts';
import { readDirectory } from '../store/visit-queue-rows.ts';
import type { ResourceService } from './resource-service.ts';

/** More than any primary-care catalogue holds (a district hospital's is ~1,000 drugs). */
const CATALOGUE_LIMIT = 10_000;
/** Above any match score: a starred drug that matches at all comes before every drug not starred. */
const FAVOURITE_BONUS = 10;

export interface CatalogueMatch {
  medicationId: string;
  drug: CatalogueDrug;
  prescriptionType: ReturnType<typeof prescriptionTypeOfDrug>;
  /** Starred by the doctor searching, with the dosage to start from when one was saved or last signed. */
  favourite?: { dosage?: DosageInput };
}

export class CatalogueImportRefused extends Error {
  constructor(readonly errors: CatalogueRowError[]) {
    super(`The catalogue file has ${errors.length} error(s); nothing was imported`);
  }
}

function facilityOf(): string {
  const { facilityId } = currentAccess().principal;
  if (!facilityId) throw badRequest('The drug catalogue belongs to a facility; this account has none');
  return facilityId;
}

/** How well a drug matches folded query words: 2 = its name starts with the query, 1 = every word appears, 0 = no. */
function score(drug: CatalogueDrug, query: string, words: readonly string[]): number {
  const name = foldVietnamese(drug.name);
  if (name.startsWith(query)) return 2;
  const haystack = foldVietnamese([drug.name, drug.brandName ?? '', drug.code, ...drug.ingredients.map((ingredient) => ingredient.name)].join(' '));
  return words.every((word) => haystack.includes(word)) ? 1 : 0;
}

export class DrugCatalogueService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly resources: ResourceService,
  ) {}

  private async catalogue(facilityId: string): Promise<{ id: string; medication: Medication }[]> {
    const rows = await readDirectory(this.prisma, 'Medication', facilityId, CATALOGUE_LIMIT);
    return rows.map((row) => ({ id: row.id, medication: JSON.parse(row.content) as Medication }));
  }

  /**
   * Active drugs of the caller's facility whose name, brand, code or ingredients match what was typed, the caller's
   * starred drugs (`favourites`, by medication id) first, then best match first: with nothing typed, the stars lead.
   */
  async search(text: string, limit: number, favourites: ReadonlyMap<string, DosageInput | undefined> = new Map()): Promise<CatalogueMatch[]> {
    currentAccess().authorize('search', 'Medication');
    const query = foldVietnamese(text.trim());
    const words = query.split(/\s+/).filter(Boolean);
    const matches: (CatalogueMatch & { score: number })[] = [];
    for (const { id, medication } of await this.catalogue(facilityOf())) {
      const drug = fromMedicationResource(medication);
      if (!drug?.active) continue;
      const rank = words.length ? score(drug, query, words) : 1;
      if (rank === 0) continue;
      const match: CatalogueMatch & { score: number } = { medicationId: id, drug, prescriptionType: prescriptionTypeOfDrug(drug), score: rank };
      if (favourites.has(id)) {
        const dosage = favourites.get(id);
        match.favourite = dosage ? { dosage } : {};
        match.score += FAVOURITE_BONUS;
      }
      matches.push(match);
    }
    matches.sort((a, b) => b.score - a.score || a.drug.name.localeCompare(b.drug.name, 'vi'));
    return matches.slice(0, limit).map(({ score: _score, ...match }) => match);
  }

  /** Adds the drugs of a CSV file to the caller's facility's catalogue, replacing those with the same catalogue code. */
  async importCsv(text: string): Promise<{ created: number; updated: number }> {
    const access = currentAccess();
    access.authorize('create', 'Medication');
    access.authorize('update', 'Medication');
    const facilityId = facilityOf();
    const { drugs, errors } = parseCatalogueCsv(text);
    if (errors.length) throw new CatalogueImportRefused(errors);
    if (drugs.length === 0) throw badRequest('The catalogue file has no drugs');
    const existing = new Map<string, string>();
    for (const { id, medication } of await this.catalogue(facilityId)) {
      const code = fromMedicationResource(medication)?.code;
      if (code) existing.set(code, id);
    }
    return this.prisma.$transaction(async (tx) => {
      let created = 0;
      for (const drug of drugs) {
        const id = existing.get(drug.code);
        const medication = toMedicationResource(drug) as unknown as ResourceJson;
        if (id) await this.resources.update('Medication', id, { ...medication, id }, undefined, tx);
        else {
          await this.resources.create('Medication', medication, undefined, tx);
          created++;
        }
      }
      return { created, updated: drugs.length - created };
    });
  }
}
