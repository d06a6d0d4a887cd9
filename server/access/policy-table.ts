import { ROLES } from '../auth/roles.ts';
import { rolePolicyTable } from './role-policy.ts';
import { CATEGORIES, namedTypes } from './resource-categories.ts';

/**
 * The role policy as the Markdown table docs/security.md shows (a test keeps the two identical): one row per role,
 * one column per resource category, letters R S H C U D for read, search, history, create, update, delete.
 */
export function rolePolicyMarkdown(): string {
  const table = rolePolicyTable();
  const lines = [
    `| role | ${CATEGORIES.join(' | ')} |`,
    `|---|${CATEGORIES.map(() => '---').join('|')}|`,
    ...ROLES.map((role) => `| ${role} | ${CATEGORIES.map((category) => table[role][category] || '–').join(' | ')} |`),
  ];
  return lines.join('\n');
}

/** Which resource types each category names (clinical and reference also take every type not named). */
export function categoryMarkdown(): string {
  const rest: Record<string, string> = {
    clinical: 'every other type that can hold patient data (Patient compartment, Provenance): Observation, Condition, Procedure, AllergyIntolerance, Immunization, DiagnosticReport, ServiceRequest, CarePlan, DocumentReference…',
    reference: 'every other type: terminology (CodeSystem, ValueSet), definitions (Questionnaire, StructureDefinition), and other shared content',
  };
  return [
    '| category | resource types |',
    '|---|---|',
    ...CATEGORIES.map((category) => `| ${category} | ${[...namedTypes(category), ...(rest[category] ? [rest[category]] : [])].join(', ')} |`),
  ].join('\n');
}
