// The 54 ethnic groups (plus 55 "foreigner" and 99 "unknown") of the Statistics Office list, as the
// VN Core IG's CodeSystem vn-core-race carries them.
import data from './ethnicity.json' with { type: 'json' };
import { VN_ETHNICITY_SYSTEM } from './code-systems.ts';

export interface Ethnicity {
  /** 2-digit code, e.g. "01" Kinh. */
  code: string;
  display: string;
  /** Other names of the group (e.g. "Mèo" for HMông), useful for search. */
  otherNames?: string;
}

if (data.url !== VN_ETHNICITY_SYSTEM) throw new Error(`ethnicity.json is for ${data.url}, expected ${VN_ETHNICITY_SYSTEM}`);

const ethnicityList: readonly Ethnicity[] = data.concepts.map((concept) =>
  'definition' in concept && concept.definition ? { code: concept.code, display: concept.display, otherNames: concept.definition } : { code: concept.code, display: concept.display },
);
const ethnicityByCode = new Map(ethnicityList.map((ethnicity) => [ethnicity.code, ethnicity]));

export const KINH_ETHNICITY_CODE = '01';

export function ethnicities(): readonly Ethnicity[] {
  return ethnicityList;
}

export function findEthnicity(code: string): Ethnicity | undefined {
  return ethnicityByCode.get(code);
}
