// Whether a parameter can give a resource of one type at most one index row: its expression for that type is a
// plain path `Type.element` to an element of maximum cardinality 1 in the R4 definitions (Patient.birthDate). The
// search engine may then AND several filters of the parameter on one index row (a repeated parameter is otherwise
// satisfiable by different values). Only date parameters on date, dateTime, instant or Period elements qualify: one
// value, one row (a single HumanName or CodeableConcept gives several rows, a Timing several dates). Anything
// else — unions, functions, nested or repeating elements, choice types — is "no".
import { tryGetDataType } from '@medplum/core';
import { r4Definitions } from '../../validation/definitions.ts';
import type { SearchParam } from './search-parameter.ts';

const cache = new Map<string, OneRow | undefined>();
const ONE_ROW_TYPES = new Set(['date', 'dateTime', 'instant', 'Period']);

/**
 * `point` for a date, dateTime or instant element — its range spans at most a year (the coarsest precision), so a
 * lower bound on `high` bounds `low` too — `period` for a Period (open ends are infinite); undefined when a
 * resource may have several rows of the parameter.
 */
export type OneRow = 'point' | 'period';

export function singleValued(param: SearchParam, resourceType: string): OneRow | undefined {
  const expression = param.expression?.expression;
  if (!expression || param.type !== 'date') return undefined;
  const key = `${resourceType}\u0000${expression}`;
  if (cache.has(key)) return cache.get(key);
  let known: OneRow | undefined;
  const path = /^([A-Z][A-Za-z]+)\.([a-z][A-Za-z]*)$/.exec(expression.trim());
  if (path && path[1] === resourceType) {
    r4Definitions(); // indexes the structure definitions medplum reads below
    const element = tryGetDataType(resourceType)?.elements[path[2]];
    const types = element?.type.map((type) => type.code) ?? [];
    if (element?.max === 1 && types.length === 1 && ONE_ROW_TYPES.has(types[0])) known = types[0] === 'Period' ? 'period' : 'point';
  }
  cache.set(key, known);
  return known;
}
