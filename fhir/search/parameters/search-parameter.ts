// A search parameter as the engine uses it: the parts of a SearchParameter resource that decide indexing and
// matching, resolved for one resource type.
import type { CompiledExpression } from '../fhirpath/compile.ts';

export type SearchParamType = 'string' | 'token' | 'date' | 'number' | 'quantity' | 'reference' | 'uri' | 'composite' | 'special';

/** The types the engine indexes and searches; `special` (Location `near`) is reported as unsupported. */
export type IndexedParamType = Exclude<SearchParamType, 'composite' | 'special'>;

export interface SearchParameterSource {
  url: string;
  code: string;
  type: SearchParamType;
  base: string[];
  expression?: string;
  target?: string[];
  component?: { definition: string; expression: string }[];
}

export interface CompositeComponent {
  /** The component's own parameter type; decides the index table and the value syntax. */
  type: IndexedParamType;
  expression: CompiledExpression;
}

export interface SearchParam {
  code: string;
  url: string;
  type: SearchParamType;
  /** Types a reference parameter may point at (from the definition; empty means any). */
  targets: string[];
  /** This resource type's part of the expression; undefined for parameters answered from the resource row. */
  expression?: CompiledExpression;
  components?: CompositeComponent[];
  /** Where the parameter comes from, for the CapabilityStatement and for overriding. */
  origin: 'r4' | 'sen' | 'custom';
}

/** Parameters the resource row answers directly (no index rows): `_id` and `_lastUpdated`. */
export const ROW_PARAMS = new Set(['_id', '_lastUpdated']);
