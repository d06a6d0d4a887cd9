// A doctor's prescription templates and starred drugs: saved only with drugs of the facility's catalogue and dosages
// that build as signing builds them, applied against the catalogue as it is today, and visible to their owner alone
// (the signed-in user account): any other user gets 404 for a template that exists.
import { randomUUID } from 'node:crypto';
import type { Db, PrismaClient } from '../db/client.ts';
import { notFound } from '../../fhir/outcome.ts';
import type { DosageInput } from '../../fhir/prescription/dosage.ts';
import type { CatalogueDrug } from '../../fhir/prescription/medication.ts';
import { PrescriptionInputError, type PrescriptionInputLine } from '../../fhir/prescription/prescription-input.ts';
import {
  applyTemplate,
  dosageProblem,
  MAX_FAVOURITES_PER_DOCTOR,
  MAX_TEMPLATES_PER_DOCTOR,
  templateNameKey,
  type AppliedLine,
  type CatalogueLookup,
  type TemplateInput,
  type TemplateLine,
  type UnavailableLine,
} from '../../fhir/prescription/prescription-template.ts';
import { ensurePrescriber } from '../access/prescribing.ts';
import { currentAccess } from '../access/request-access.ts';
import * as rows from '../store/prescription-template-rows.ts';
import { findCatalogueEntry, missingDrugMessage } from './catalogue-drug.ts';
import type { ResourceService } from './resource-service.ts';

/** The doctor already has a template of that name, or as many templates or stars as Sen keeps. */
export class TemplateConflict extends Error {
  constructor(readonly error: 'template_name_taken' | 'too_many_templates' | 'too_many_favourites', message: string) {
    super(message);
  }
}

export interface TemplateSummary {
  id: string;
  name: string;
  /** The drugs' names as saved, in order. */
  drugs: string[];
  updatedAt: string;
}

export interface AppliedTemplate {
  id: string;
  name: string;
  lines: AppliedLine[];
  unavailable: UnavailableLine[];
}

export interface Favourite {
  medicationId: string;
  drug: CatalogueDrug;
  dosage?: DosageInput;
}

const summary = (row: rows.TemplateRow): TemplateSummary => ({
  id: row.id,
  name: row.name,
  drugs: row.lines.map((line) => line.name),
  updatedAt: row.updatedAt.toISOString(),
});

export class PrescriptionTemplateService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly resources: ResourceService,
  ) {}

  /** Templates and stars are a prescriber's tools: the signed-in doctor's user account owns them. */
  private owner(): string {
    const { principal } = currentAccess();
    ensurePrescriber(principal);
    return principal.userId;
  }

  async list(): Promise<TemplateSummary[]> {
    return (await rows.listTemplates(this.prisma, this.owner())).map(summary);
  }

  async create(input: Required<TemplateInput>): Promise<TemplateSummary> {
    const ownerId = this.owner();
    const lines = await this.savable(input.lines);
    const id = randomUUID();
    await this.prisma.$transaction(async (tx) => {
      await rows.lockOwner(tx, ownerId);
      if (await rows.countTemplates(tx, ownerId) >= MAX_TEMPLATES_PER_DOCTOR) {
        throw new TemplateConflict('too_many_templates', `A doctor keeps at most ${MAX_TEMPLATES_PER_DOCTOR} templates; delete one first`);
      }
      await this.ensureNameFree(tx, ownerId, input.name);
      await rows.insertTemplate(tx, ownerId, { id, name: input.name, nameKey: templateNameKey(input.name), lines });
    });
    return summary((await rows.readTemplate(this.prisma, ownerId, id))!);
  }

  /** Renames a template, replaces its lines, or both. */
  async update(id: string, input: TemplateInput): Promise<TemplateSummary> {
    const ownerId = this.owner();
    const lines = input.lines && await this.savable(input.lines);
    await this.prisma.$transaction(async (tx) => {
      await rows.lockOwner(tx, ownerId);
      const current = await rows.readTemplate(tx, ownerId, id);
      if (!current) throw notFound(`You have no prescription template ${id}`);
      const name = input.name ?? current.name;
      if (templateNameKey(name) !== templateNameKey(current.name)) await this.ensureNameFree(tx, ownerId, name);
      await rows.updateTemplate(tx, ownerId, id, { name, nameKey: templateNameKey(name), lines: lines ?? current.lines });
    });
    return summary((await rows.readTemplate(this.prisma, ownerId, id))!);
  }

  async remove(id: string): Promise<void> {
    if (!(await rows.deleteTemplate(this.prisma, this.owner(), id))) throw notFound(`You have no prescription template ${id}`);
  }

  /** The template's lines for the editor, with the drugs as the catalogue has them today; those it lost are reported. */
  async apply(id: string): Promise<AppliedTemplate> {
    const template = await rows.readTemplate(this.prisma, this.owner(), id);
    if (!template) throw notFound(`You have no prescription template ${id}`);
    const found = new Map<string, CatalogueLookup>();
    for (const line of template.lines) {
      if (found.has(line.medicationId)) continue;
      const entry = await findCatalogueEntry(this.resources, line.medicationId);
      found.set(line.medicationId, 'missing' in entry ? { missing: entry.missing } : { drug: entry.drug });
    }
    return { id: template.id, name: template.name, ...applyTemplate(template.lines, (line) => found.get(line.medicationId)!) };
  }

  /** The doctor's starred drugs still in the catalogue, most recently starred first, with the dosage to start from. */
  async favourites(): Promise<Favourite[]> {
    const favourites: Favourite[] = [];
    for (const row of await rows.listFavourites(this.prisma, this.owner())) {
      const entry = await findCatalogueEntry(this.resources, row.medicationId);
      if ('drug' in entry) favourites.push({ medicationId: row.medicationId, drug: entry.drug, ...(row.dosage ? { dosage: row.dosage } : {}) });
    }
    return favourites;
  }

  /** Stars a drug of the catalogue; a dosage given replaces the one saved with the star. */
  async star(medicationId: string, dosage: DosageInput | undefined): Promise<void> {
    const ownerId = this.owner();
    const entry = await findCatalogueEntry(this.resources, medicationId);
    if ('missing' in entry) throw new PrescriptionInputError(missingDrugMessage(entry, 'medicationId', medicationId));
    const problem = dosage && dosageProblem(entry.drug, dosage);
    if (problem) throw new PrescriptionInputError(`dosage: ${problem}`);
    await this.prisma.$transaction(async (tx) => {
      await rows.lockOwner(tx, ownerId);
      const starred = (await rows.listFavourites(tx, ownerId)).some((row) => row.medicationId === medicationId);
      if (!starred && await rows.countFavourites(tx, ownerId) >= MAX_FAVOURITES_PER_DOCTOR) {
        throw new TemplateConflict('too_many_favourites', `A doctor stars at most ${MAX_FAVOURITES_PER_DOCTOR} drugs; remove a star first`);
      }
      await rows.upsertFavourite(tx, ownerId, medicationId, dosage);
    });
  }

  async unstar(medicationId: string): Promise<void> {
    if (!(await rows.deleteFavourite(this.prisma, this.owner(), medicationId))) throw notFound(`Medication/${medicationId} is not among your starred drugs`);
  }

  /** The caller's stars for ranking the drug search; none for those who do not prescribe (a pharmacist searching). */
  async favouriteDosages(): Promise<Map<string, DosageInput | undefined>> {
    const { principal } = currentAccess();
    if (principal.role !== 'doctor') return new Map();
    return new Map((await rows.listFavourites(this.prisma, principal.userId)).map((row) => [row.medicationId, row.dosage]));
  }

  private async ensureNameFree(tx: Db, ownerId: string, name: string): Promise<void> {
    if (await rows.templateNamed(tx, ownerId, templateNameKey(name))) throw new TemplateConflict('template_name_taken', `You already have a template named "${name}"`);
  }

  /** The lines with each drug's code and name, checked as signing checks them: in the catalogue, dosage that builds. */
  private async savable(lines: readonly PrescriptionInputLine[]): Promise<TemplateLine[]> {
    const savable: TemplateLine[] = [];
    for (const [i, line] of lines.entries()) {
      const entry = await findCatalogueEntry(this.resources, line.medicationId);
      if ('missing' in entry) throw new PrescriptionInputError(missingDrugMessage(entry, `lines[${i}]`, line.medicationId));
      const problem = dosageProblem(entry.drug, line.dosage);
      if (problem) throw new PrescriptionInputError(`lines[${i}].dosage: ${problem}`);
      savable.push({ medicationId: line.medicationId, code: entry.drug.code, name: entry.drug.name, dosage: line.dosage });
    }
    return savable;
  }
}
