// Drug–drug interactions from the local, versioned table (data/interactions.json): no outside service is asked.
import data from '../data/interactions.json' with { type: 'json' };
import { message, type Bilingual } from '../messages.ts';
import type { CatalogueDrug } from '../medication.ts';
import type { PrescriptionDraft, SafetyFinding } from './prescription-draft.ts';

export type InteractionSeverity = 'contraindicated' | 'major' | 'moderate';

export interface Interaction {
  /** ATC codes or prefixes; the interaction holds between a drug matching `a` and one matching `b`. */
  a: readonly string[];
  b: readonly string[];
  severity: InteractionSeverity;
  effect: Bilingual;
  advice: Bilingual;
}

export interface InteractionTable {
  version: string;
  interactions: readonly Interaction[];
}

export const INTERACTION_TABLE: InteractionTable = data as InteractionTable;

const SEVERITY_NAME: Record<InteractionSeverity, Bilingual> = {
  contraindicated: { vi: 'chống chỉ định', en: 'Contraindicated' },
  major: { vi: 'nghiêm trọng', en: 'Major' },
  moderate: { vi: 'trung bình', en: 'Moderate' },
};

function matches(drug: CatalogueDrug, prefixes: readonly string[]): boolean {
  return drug.ingredients.some((ingredient) => ingredient.atc && prefixes.some((prefix) => ingredient.atc!.startsWith(prefix)));
}

/** Every pair of drugs the table lists, each pair once per table entry; all are warnings the doctor weighs. */
export function checkInteractions(draft: PrescriptionDraft, table: InteractionTable = INTERACTION_TABLE): SafetyFinding[] {
  const findings: SafetyFinding[] = [];
  const { lines } = draft;
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      for (const interaction of table.interactions) {
        const [first, second] = [lines[i].drug, lines[j].drug];
        const applies =
          (matches(first, interaction.a) && matches(second, interaction.b)) || (matches(first, interaction.b) && matches(second, interaction.a));
        if (!applies) continue;
        findings.push({
          rule: 'interaction',
          severity: 'warning',
          lines: [i, j],
          message: message('interaction', {
            severity: SEVERITY_NAME[interaction.severity],
            drugA: first.name,
            drugB: second.name,
            effect: interaction.effect,
            advice: interaction.advice,
            version: table.version,
          }),
        });
      }
    }
  }
  return findings;
}
