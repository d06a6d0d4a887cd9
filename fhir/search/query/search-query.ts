// A parsed search: what the SQL builder turns into a query. Pure data, no SQL.
import type { SearchParam } from '../parameters/search-parameter.ts';

export type Prefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb' | 'ap';

/** A date search value: its prefix and the implicit range of the date written, [low, high) in epoch ms. */
export interface DateSearchValue {
  kind: 'date';
  prefix: Prefix;
  low: number;
  high: number;
}

/** A number: exact value and the range its precision implies (decimal text, for SQL numeric). */
export interface NumberSearchValue {
  kind: 'number';
  prefix: Prefix;
  value: string;
  low: string;
  high: string;
}

export interface QuantitySearchValue extends Omit<NumberSearchValue, 'kind'> {
  kind: 'quantity';
  /** undefined: any system. */
  system?: string;
  /** Matched against the code, or the unit when no system is given. */
  code?: string;
}

export interface StringSearchValue {
  kind: 'string';
  text: string;
  /** Lower-cased, Vietnamese diacritics removed, cut to the index key length. */
  folded: string;
}

/** `[system]|[code]`: system undefined = any, null = none (`|code`); code undefined = any code of the system. */
export interface TokenSearchValue {
  kind: 'token';
  system?: string | null;
  code?: string;
}

/** `:of-type`: an identifier of a given type with a given value. */
export interface IdentifierTypeSearchValue {
  kind: 'of-type';
  typeSystem: string;
  typeCode: string;
  value: string;
}

export interface ReferenceSearchValue {
  kind: 'reference';
  type?: string;
  id?: string;
  url?: string;
}

export interface UriSearchValue {
  kind: 'uri';
  value: string;
}

export interface CompositeSearchValue {
  kind: 'composite';
  components: SearchValue[];
}

export type SearchValue =
  | DateSearchValue
  | NumberSearchValue
  | QuantitySearchValue
  | StringSearchValue
  | TokenSearchValue
  | IdentifierTypeSearchValue
  | ReferenceSearchValue
  | UriSearchValue
  | CompositeSearchValue;

export type Modifier = 'exact' | 'contains' | 'not' | 'text' | 'of-type' | 'identifier' | 'below' | 'above';

/** One search parameter of the query; its values are alternatives (comma = OR). */
export type Filter =
  | { kind: 'param'; param: SearchParam; modifier?: Modifier; values: SearchValue[] }
  | { kind: 'missing'; param: SearchParam; missing: boolean }
  | { kind: 'id'; ids: string[] }
  | { kind: 'lastUpdated'; values: DateSearchValue[] }
  /** `ref.x=…` / `ref:Type.x=…`: a reference whose target (of one of these types) matches the target's filter. */
  | { kind: 'chain'; param: SearchParam; targets: { type: string; filter: Filter }[] }
  /** `_has:Type:ref:x=…`: some resource of `sourceType`, pointing here through `param`, matches `filter`. */
  | { kind: 'has'; sourceType: string; param: SearchParam; filter: Filter }
  /**
   * In the compartment of `compartmentType/id` (`/Patient/x/Observation`, `$everything`): a resource of one of
   * the link types refers to it through that type's parameter; the compartment's own resource is in it too.
   */
  | { kind: 'compartment'; compartmentType: string; id: string; links: { type: string; param: string }[] };

export interface SortKey {
  /** `_id`, `_lastUpdated`, or an indexed parameter. */
  param: SearchParam | '_id' | '_lastUpdated';
  descending: boolean;
}

export interface IncludeSpec {
  sourceType: string;
  /** The reference parameter, or '*' for all of the source type's reference parameters. */
  param: string;
  targetType?: string;
  iterate: boolean;
}

export type TotalMode = 'none' | 'estimate' | 'accurate';
export type SummaryMode = 'true' | 'count' | 'text' | 'data' | 'false';

/** The filters of one resource type (all must hold: repeated parameters are ANDed). */
export interface TypeFilters {
  /** undefined: any resource type (system search on Resource-level parameters), or any of `anyOf`. */
  resourceType?: string;
  anyOf?: string[];
  filters: Filter[];
}

export interface SearchQuery {
  scopes: TypeFilters[];
  sort: SortKey[];
  count: number;
  cursor?: string;
  total?: TotalMode;
  summary?: SummaryMode;
  elements?: string[];
  include: IncludeSpec[];
  revinclude: IncludeSpec[];
  /** Parameters ignored under lenient handling, with why. */
  ignored: string[];
}
