// Allergy to an ingredient: the patient's recorded allergies against every active ingredient of every drug, by ATC
// code (a substance, or a group by its prefix) or, for allergies recorded as text, by name or named group.
import type { AllergyIntolerance } from '@medplum/fhirtypes';
import { ATC_SYSTEM } from '../../terminology/code-systems.ts';
import { message } from '../messages.ts';
import type { ActiveIngredient } from '../medication.ts';
import { classContains, classNamedBy } from './drug-classes.ts';
import { namesIngredient } from './ingredient-identity.ts';
import type { PrescriptionDraft, RecordedAllergy, SafetyFinding } from './prescription-draft.ts';

const ATC_SUBSTANCE_LENGTH = 7;
const NOT_HELD = new Set(['refuted', 'entered-in-error']);
const NOT_CURRENT = new Set(['inactive', 'resolved']);

/** The allergies a record holds that still count: not refuted, not entered in error, not resolved. */
export function recordedAllergies(resources: readonly AllergyIntolerance[]): RecordedAllergy[] {
  return resources.flatMap((resource) => {
    const verification = resource.verificationStatus?.coding?.[0]?.code;
    const clinical = resource.clinicalStatus?.coding?.[0]?.code;
    if ((verification && NOT_HELD.has(verification)) || (clinical && NOT_CURRENT.has(clinical))) return [];
    const codings = resource.code?.coding ?? [];
    const substance = resource.code?.text ?? codings.find((coding) => coding.display)?.display;
    if (!substance) return [];
    const atc = codings.find((coding) => coding.system === ATC_SYSTEM)?.code;
    return [atc ? { substance, atc } : { substance }];
  });
}

function allergyFinding(allergy: RecordedAllergy, ingredient: ActiveIngredient, drugName: string, line: number): SafetyFinding | undefined {
  const finding = (text: SafetyFinding['message']): SafetyFinding => ({ rule: 'allergy', severity: 'warning', lines: [line], message: text });
  const params = { drug: drugName, ingredient: ingredient.name };
  if (allergy.atc) {
    if (allergy.atc === ingredient.atc) return finding(message('allergy-ingredient', { ...params, allergy: allergy.substance }));
    if (allergy.atc.length < ATC_SUBSTANCE_LENGTH && ingredient.atc?.startsWith(allergy.atc)) {
      return finding(message('allergy-class', { ...params, allergy: allergy.substance, atc: ingredient.atc }));
    }
    return undefined;
  }
  if (namesIngredient(allergy.substance, ingredient)) return finding(message('allergy-ingredient', { ...params, allergy: allergy.substance }));
  const group = classNamedBy(allergy.substance);
  if (group && ingredient.atc && classContains(group, ingredient.atc)) {
    return finding(message('allergy-class', { ...params, allergy: group.name, atc: ingredient.atc }));
  }
  return undefined;
}

export function checkAllergies(draft: PrescriptionDraft): SafetyFinding[] {
  const findings: SafetyFinding[] = [];
  draft.lines.forEach(({ drug }, line) => {
    for (const allergy of draft.allergies) {
      // One finding per drug and allergy, even when several ingredients match it.
      const match = drug.ingredients.map((ingredient) => allergyFinding(allergy, ingredient, drug.name, line)).find(Boolean);
      if (match) findings.push(match);
    }
  });
  return findings;
}
