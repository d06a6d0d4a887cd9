// Social-group occupations of QĐ 4069/2001/QĐ-BYT (paper medical-record forms), from the VN Core IG.
import data from './occupation-4069.json' with { type: 'json' };
import { VN_OCCUPATION_4069_SYSTEM } from './code-systems.ts';

export interface Occupation4069 {
  code: string;
  display: string;
}

if (data.url !== VN_OCCUPATION_4069_SYSTEM) throw new Error(`occupation-4069.json is for ${data.url}`);

const occupationByCode = new Map<string, Occupation4069>(data.concepts.map((concept) => [concept.code, concept]));

export function occupations4069(): readonly Occupation4069[] {
  return data.concepts;
}

export function findOccupation4069(code: string): Occupation4069 | undefined {
  return occupationByCode.get(code);
}
