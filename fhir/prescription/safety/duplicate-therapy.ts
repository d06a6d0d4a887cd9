// Duplicate therapy: two different substances of the same therapeutic group (two sartans, two NSAIDs, two
// antihistamines). Groups are the ATC level-4 subgroup, or a broader group data/drug-classes.json marks.
import { message, type Bilingual } from '../messages.ts';
import { classContains, DRUG_CLASSES } from './drug-classes.ts';
import { ingredientKey } from './ingredient-identity.ts';
import type { PrescriptionDraft, SafetyFinding } from './prescription-draft.ts';

const ATC_LEVEL_4_LENGTH = 5;
const DUPLICATE_CLASSES = DRUG_CLASSES.filter((drugClass) => drugClass.duplicateTherapy);

function groupOf(atc: string): { key: string; name: Bilingual } {
  const broad = DUPLICATE_CLASSES.find((drugClass) => classContains(drugClass, atc));
  if (broad) return { key: broad.atc.join('|'), name: broad.name };
  const subgroup = atc.slice(0, ATC_LEVEL_4_LENGTH);
  return { key: subgroup, name: { vi: `nhóm ATC ${subgroup}`, en: `ATC group ${subgroup}` } };
}

export function checkDuplicateTherapy(draft: PrescriptionDraft): SafetyFinding[] {
  const groups = new Map<string, { name: Bilingual; lines: number[]; substances: Set<string> }>();
  draft.lines.forEach(({ drug }, line) => {
    for (const ingredient of drug.ingredients) {
      if (!ingredient.atc) continue;
      const { key, name } = groupOf(ingredient.atc);
      const group = groups.get(key) ?? { name, lines: [], substances: new Set<string>() };
      if (!group.lines.includes(line)) group.lines.push(line);
      group.substances.add(ingredientKey(ingredient));
      groups.set(key, group);
    }
  });
  // The same substance twice is the same-ingredient rule's finding, not duplicate therapy.
  return [...groups.values()]
    .filter((group) => group.lines.length > 1 && group.substances.size > 1)
    .map((group) => ({
      rule: 'duplicate-therapy',
      severity: 'warning',
      lines: group.lines,
      message: message('duplicate-therapy', { group: group.name, drugs: group.lines.map((line) => draft.lines[line].drug.name).join(', ') }),
    }));
}
