// A doctor's prescription templates ("đơn mẫu") and starred drugs, read from untrusted JSON with the prescribing
// input's own rules, and a template applied to today's catalogue: a drug that has left it, or whose dosage no longer
// builds (its unit changed), is reported by name rather than failing the whole template.
import { buildDosage, DosageInputError, type DosageInput } from './dosage.ts';
import type { CatalogueDrug } from './medication.ts';
import { message, type Bilingual } from './messages.ts';
import { isObject, PrescriptionInputError, readDosageInput, readPrescriptionLines, type PrescriptionInputLine } from './prescription-input.ts';

export const MAX_TEMPLATE_NAME = 80;
/** Far more than the handful of common diagnoses a doctor prescribes the same way; keeps the picker usable. */
export const MAX_TEMPLATES_PER_DOCTOR = 200;
export const MAX_FAVOURITES_PER_DOCTOR = 100;

/** A template line as stored: the catalogue code and name at saving say which drug it was if it leaves. */
export interface TemplateLine extends PrescriptionInputLine {
  code: string;
  name: string;
}

export interface TemplateInput {
  name?: string;
  lines?: PrescriptionInputLine[];
}

/** The name as shown: Unicode NFC (a name typed on a phone and on a PC compare equal), spaces collapsed. */
export function readTemplateName(value: unknown): string {
  if (typeof value !== 'string') throw new PrescriptionInputError('"name" must be text, e.g. "Viêm họng người lớn"');
  const name = value.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!name || name.length > MAX_TEMPLATE_NAME) throw new PrescriptionInputError(`"name" must be 1–${MAX_TEMPLATE_NAME} characters`);
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new PrescriptionInputError('"name" must not contain control characters');
  return name;
}

/** Two names a doctor would call the same ("Viêm họng", "viêm HỌNG") share a key; diacritics still tell names apart. */
export function templateNameKey(name: string): string {
  return name.toLocaleLowerCase('vi');
}

/** A new template needs both a name and lines; a change (`partial`) needs at least one of them. */
export function readTemplateInput(body: unknown, partial: false): Required<TemplateInput>;
export function readTemplateInput(body: unknown, partial: true): TemplateInput;
export function readTemplateInput(body: unknown, partial: boolean): TemplateInput {
  if (!isObject(body)) throw new PrescriptionInputError('The body must be a JSON object {name, lines: [{medicationId, dosage}]}');
  const unknown = Object.keys(body).filter((key) => key !== 'name' && key !== 'lines');
  if (unknown.length) throw new PrescriptionInputError(`Unknown field(s): ${unknown.join(', ')}; a template has "name" and "lines"`);
  if (partial && body.name === undefined && body.lines === undefined) throw new PrescriptionInputError('Send "name", "lines" or both');
  const input: TemplateInput = {};
  if (!partial || body.name !== undefined) input.name = readTemplateName(body.name);
  if (!partial || body.lines !== undefined) input.lines = readPrescriptionLines(body.lines);
  return input;
}

/** A star, optionally with the dosage to start from: {dosage?}. */
export function readFavouriteInput(body: unknown): { dosage?: DosageInput } {
  if (body === undefined || (isObject(body) && Object.keys(body).length === 0)) return {};
  if (!isObject(body) || Object.keys(body).some((key) => key !== 'dosage')) throw new PrescriptionInputError('The body must be {} or {dosage: {…}}');
  return body.dosage === undefined ? {} : { dosage: readDosageInput(body.dosage, 'dosage') };
}

/** The dosage checked against the drug the way signing checks it; the builder's message when it does not build. */
export function dosageProblem(drug: CatalogueDrug, dosage: DosageInput): string | undefined {
  try {
    buildDosage(drug, dosage);
    return undefined;
  } catch (error) {
    if (error instanceof DosageInputError) return error.message;
    throw error;
  }
}

/** What the catalogue holds today under a template line's medication id. */
export type CatalogueLookup = { drug: CatalogueDrug } | { missing: 'not-in-catalogue' | 'inactive' };

export interface AppliedLine extends PrescriptionInputLine {
  drug: CatalogueDrug;
}

export interface UnavailableLine {
  /** Position in the template, from 0. */
  position: number;
  code: string;
  name: string;
  reason: 'not-in-catalogue' | 'inactive' | 'dosage-invalid';
  message: Bilingual;
}

const UNAVAILABLE_MESSAGE = {
  'not-in-catalogue': 'template-drug-not-in-catalogue',
  inactive: 'template-drug-inactive',
  'dosage-invalid': 'template-dosage-invalid',
} as const;

/** The template's lines the editor can take as they are, and those it cannot, each with the reason in both languages. */
export function applyTemplate(lines: readonly TemplateLine[], lookup: (line: TemplateLine) => CatalogueLookup): { lines: AppliedLine[]; unavailable: UnavailableLine[] } {
  const applied: AppliedLine[] = [];
  const unavailable: UnavailableLine[] = [];
  lines.forEach((line, position) => {
    const found = lookup(line);
    const reason = 'missing' in found ? found.missing : dosageProblem(found.drug, line.dosage) ? 'dosage-invalid' : undefined;
    if (reason) {
      unavailable.push({ position, code: line.code, name: line.name, reason, message: message(UNAVAILABLE_MESSAGE[reason], { drug: line.name, code: line.code }) });
    } else if ('drug' in found) {
      applied.push({ medicationId: line.medicationId, dosage: line.dosage, drug: found.drug });
    }
  });
  return { lines: applied, unavailable };
}
