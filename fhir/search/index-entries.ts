// The index rows a resource contributes on write, one list per index table; the store replaces a resource's rows
// with these in the statement that writes the version. Every search parameter of the resource's type is
// evaluated once; a composite parameter's components are indexed per value of its expression under
// `code$k` (component k), tied together by a group number.
import type { TypedValue } from '@medplum/core';
import { foldVietnamese } from '../text/fold.ts';
import { resourceNode } from './fhirpath/compile.ts';
import { searchParameters, type SearchParameterRegistry } from './parameters/registry.ts';
import { ROW_PARAMS, type IndexedParamType, type SearchParam } from './parameters/search-parameter.ts';
import { indexKey } from './index-key.ts';
import { hasNamePrefixes, prefixKeys } from './parameters/name-prefixes.ts';
import { stringValues } from './extract/string-index.ts';
import { tokenValues } from './extract/token-index.ts';
import { dateValues } from './extract/date-index.ts';
import { numberValues } from './extract/number-index.ts';
import { quantityValues, type QuantityValue } from './extract/quantity-index.ts';
import { referenceValues, type ReferenceValue } from './extract/reference-index.ts';
import { uriValues } from './extract/uri-index.ts';

interface Row {
  param: string;
  /** The value's position among a composite parameter's values; null outside composites. */
  grp: number | null;
}

export interface StringRow extends Row {
  value: string;
  folded: string;
}

export interface TokenRow extends Row {
  system: string | null;
  code: string | null;
  /** Folded display/text for `:text`. */
  text: string | null;
  typeSystem: string | null;
  typeCode: string | null;
}

/** Bounds as ISO instants, or -infinity/infinity; `high` is exclusive. */
export interface DateRow extends Row {
  low: string;
  high: string;
}

export interface NumberRow extends Row {
  value: string;
}

export interface QuantityRow extends Row, QuantityValue {}

export interface ReferenceRow extends Row, ReferenceValue {}

export interface UriRow extends Row {
  value: string;
}

/** Every prefix key of a name parameter's folded values (see name-prefixes.ts); one row per parameter. */
export interface PrefixRow {
  param: string;
  keys: string[];
}

export interface IndexEntries {
  strings: StringRow[];
  tokens: TokenRow[];
  dates: DateRow[];
  numbers: NumberRow[];
  quantities: QuantityRow[];
  references: ReferenceRow[];
  uris: UriRow[];
  prefixes: PrefixRow[];
}

export function emptyIndexEntries(): IndexEntries {
  return { strings: [], tokens: [], dates: [], numbers: [], quantities: [], references: [], uris: [], prefixes: [] };
}

/** Evaluates every search parameter of the resource's type and returns its index rows, without duplicates. */
export function extractIndexEntries(
  resource: { resourceType: string },
  registry: SearchParameterRegistry = searchParameters(),
): IndexEntries {
  const builder = new RowBuilder();
  const input = [resourceNode(resource)];
  // Several parameters often share an expression (code and combo-code's first half, patient and subject…).
  const evaluated = new Map<string, TypedValue[]>();
  for (const param of registry.forType(resource.resourceType)) {
    if (!param.expression || ROW_PARAMS.has(param.code) || param.type === 'special') continue;
    let nodes = evaluated.get(param.expression.expression);
    if (!nodes) {
      nodes = param.expression.evaluate(input);
      evaluated.set(param.expression.expression, nodes);
    }
    if (nodes.length === 0) continue;
    if (param.type === 'composite') addComposite(builder, param, nodes);
    else for (const node of nodes) builder.add(param.type, param.code, null, node);
    if (hasNamePrefixes(resource.resourceType, param)) builder.addPrefixes(param.code);
  }
  return builder.entries;
}

function addComposite(builder: RowBuilder, param: SearchParam, nodes: TypedValue[]): void {
  const components = param.components ?? [];
  nodes.forEach((node, group) => {
    const values = components.map((component) => component.expression.evaluate([node]));
    // A value lacking any component cannot match a composite search.
    if (values.some((list) => list.length === 0)) return;
    values.forEach((list, k) => {
      for (const value of list) builder.add(components[k].type, `${param.code}$${k}`, group, value);
    });
  });
}

class RowBuilder {
  readonly entries = emptyIndexEntries();
  private readonly seen = new Set<string>();

  add(type: IndexedParamType, param: string, grp: number | null, node: TypedValue): void {
    const e = this.entries;
    switch (type) {
      case 'string':
        for (const value of stringValues(node)) {
          const folded = indexKey(foldVietnamese(value));
          if (folded !== '' && this.first('s', param, grp, value)) e.strings.push({ param, grp, value, folded });
        }
        return;
      case 'token':
        for (const t of tokenValues(node)) {
          // A composite matches codes; the text of a concept is searched through the plain parameter.
          if (grp !== null && t.code === null) continue;
          const row: TokenRow = {
            param,
            grp,
            system: t.system === null ? null : indexKey(t.system),
            code: t.code === null ? null : indexKey(t.code),
            text: t.text === null || grp !== null ? null : indexKey(foldVietnamese(t.text)),
            typeSystem: t.typeSystem ?? null,
            typeCode: t.typeCode ?? null,
          };
          if (this.first('t', param, grp, row.system, row.code, row.text, row.typeSystem, row.typeCode)) e.tokens.push(row);
        }
        return;
      case 'date':
        for (const { low, high } of dateValues(node)) {
          const row = { param, grp, low: instant(low), high: instant(high) };
          if (this.first('d', param, grp, row.low, row.high)) e.dates.push(row);
        }
        return;
      case 'number':
        for (const value of numberValues(node)) if (this.first('n', param, grp, value)) e.numbers.push({ param, grp, value });
        return;
      case 'quantity':
        for (const q of quantityValues(node)) {
          if (this.first('q', param, grp, q.low, q.high, q.system, q.code, q.unit)) e.quantities.push({ param, grp, ...q });
        }
        return;
      case 'reference':
        for (const r of referenceValues(node)) {
          const row = { param, grp, ...r, url: r.url === null ? null : indexKey(r.url) };
          if (this.first('r', param, grp, row.targetType, row.targetId, row.url, row.identifierSystem, row.identifierValue)) e.references.push(row);
        }
        return;
      case 'uri':
        for (const value of uriValues(node)) if (this.first('u', param, grp, value)) e.uris.push({ param, grp, value: indexKey(value) });
        return;
    }
  }

  /** The prefix row of a name parameter, from its string rows added so far. */
  addPrefixes(param: string): void {
    const folded = this.entries.strings.filter((row) => row.param === param && row.grp === null).map((row) => row.folded);
    if (folded.length > 0) this.entries.prefixes.push({ param, keys: prefixKeys(param, folded) });
  }

  private first(...parts: unknown[]): boolean {
    const key = parts.join('\u0000');
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}

function instant(ms: number): string {
  if (ms === Infinity) return 'infinity';
  if (ms === -Infinity) return '-infinity';
  return new Date(ms).toISOString();
}
