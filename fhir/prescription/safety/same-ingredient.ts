// The same active ingredient in two drugs of one prescription (paracetamol alone and in a combination): the doses
// add up, which a doctor looking at two different names may miss.
import { message } from '../messages.ts';
import { ingredientKey } from './ingredient-identity.ts';
import type { PrescriptionDraft, SafetyFinding } from './prescription-draft.ts';

export function checkSameIngredient(draft: PrescriptionDraft): SafetyFinding[] {
  const linesByIngredient = new Map<string, { name: string; lines: number[] }>();
  draft.lines.forEach(({ drug }, line) => {
    for (const ingredient of drug.ingredients) {
      const key = ingredientKey(ingredient);
      const entry = linesByIngredient.get(key) ?? { name: ingredient.name, lines: [] };
      if (!entry.lines.includes(line)) entry.lines.push(line);
      linesByIngredient.set(key, entry);
    }
  });
  return [...linesByIngredient.values()]
    .filter((entry) => entry.lines.length > 1)
    .map((entry) => ({
      rule: 'same-ingredient',
      severity: 'warning',
      lines: entry.lines,
      message: message('same-ingredient', { ingredient: entry.name, drugs: entry.lines.map((line) => draft.lines[line].drug.name).join(', ') }),
    }));
}
