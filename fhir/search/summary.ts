// _summary and _elements: the parts of a resource a client asked for. These are the only searches whose entries
// are not the stored text as is: the resource is parsed (keeping decimal spelling) and written back, marked
// SUBSETTED as R4 requires.
import { tryGetDataType } from '@medplum/core';
import { parseJson, stringifyJson } from '../json/lossless.ts';
import { r4Definitions } from '../validation/definitions.ts';

export type Projection = { summary: 'true' | 'text' | 'data' } | { elements: string[] };

const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' };
const ALWAYS = ['resourceType', 'id', 'meta'];

export function projectResource(content: string, projection: Projection): string {
  const resource = parseJson(content) as Record<string, unknown> & { resourceType: string };
  const keep = keptKeys(resource, projection);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    const base = key.startsWith('_') ? key.slice(1) : key;
    if (keep(base)) out[key] = value;
  }
  const meta = (out.meta ?? {}) as Record<string, unknown>;
  const tags = Array.isArray(meta.tag) ? meta.tag : [];
  out.meta = { ...meta, tag: [...tags, SUBSETTED] };
  return stringifyJson(out);
}

function keptKeys(resource: { resourceType: string }, projection: Projection): (key: string) => boolean {
  r4Definitions();
  const schema = tryGetDataType(resource.resourceType);
  const mandatory = schema?.mandatoryProperties ?? new Set<string>();
  const named = (names: Set<string>) => (key: string): boolean => ALWAYS.includes(key) || names.has(key) || names.has(choiceName(key, names));
  if ('elements' in projection) return named(new Set([...projection.elements.map((element) => element.replace('[x]', '')), ...mandatory]));
  switch (projection.summary) {
    case 'true':
      return named(new Set([...(schema?.summaryProperties ?? []), ...mandatory]));
    case 'text':
      return named(new Set(['text', ...mandatory]));
    case 'data':
      return (key) => key !== 'text';
  }
}

/** `valueQuantity` → `value` when `value` is one of the names (a choice element). */
function choiceName(key: string, names: Set<string>): string {
  for (const name of names) {
    if (key.length > name.length && key.startsWith(name) && /^[A-Z]/.test(key.charAt(name.length))) return name;
  }
  return key;
}
