import { badRequest } from '../outcome.ts';

/** The criteria of a conditional create/update (`If-None-Exist`, `PUT /Type?…`). */
export interface ConditionalCriteria {
  ids: string[][];
  identifiers: { system: string | null; code: string | null }[][];
}

const SUPPORTED = ['_id', 'identifier'];

/**
 * Parses the query of a conditional interaction. Repeated parameters are ANDed, comma-separated values ORed, as
 * in FHIR search. A parameter this server cannot evaluate is an error: guessing would risk a wrong match.
 */
export function parseConditionalQuery(query: string): ConditionalCriteria {
  const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const criteria: ConditionalCriteria = { ids: [], identifiers: [] };
  let count = 0;
  for (const [name, value] of params) {
    count += 1;
    const alternatives = splitOr(value);
    if (alternatives.length === 0) throw badRequest(`Search parameter ${name} has no value`);
    if (name === '_id') criteria.ids.push(alternatives);
    else if (name === 'identifier') criteria.identifiers.push(alternatives.map(parseToken));
    else {
      throw badRequest(`Conditional operations support the parameters ${SUPPORTED.join(', ')}; "${name}" is not supported`);
    }
  }
  if (count === 0) throw badRequest('A conditional operation needs search criteria');
  return criteria;
}

/** FHIR escapes a literal comma as `\,`. */
function splitOr(value: string): string[] {
  return value
    .split(/(?<!\\),/)
    .map((part) => part.replace(/\\,/g, ','))
    .filter((part) => part !== '');
}

function parseToken(value: string): { system: string | null; code: string | null } {
  const bar = value.search(/(?<!\\)\|/);
  const unescape = (text: string): string => text.replace(/\\\|/g, '|');
  if (bar === -1) return { system: null, code: unescape(value) };
  const system = unescape(value.slice(0, bar));
  const code = unescape(value.slice(bar + 1));
  // `|code` means "no system"; `system|` means "any code in the system".
  return { system: system === '' ? '' : system, code: code === '' ? null : code };
}
