// The Ministry's ICD-10 list (QĐ 4469/QĐ-BYT, 12,138 codes) with the codes barred as main diagnosis, and the search
// the diagnosis box uses: by code prefix ("j06", "J06.9") or by name typed with or without accents ("viem hong").
//
// The list ships as a gzipped TSV (see build/icd10-4469.ts) and is read on first use, so that code which never
// looks up a diagnosis does not pay for it.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { foldVietnamese } from '../text/fold.ts';
import { COMMON_DIAGNOSES } from './icd10-common.ts';

export interface Icd10Entry {
  /** Code with its dot, e.g. "J06.9"; insurance XML uses the form without it. */
  code: string;
  /** Vietnamese name from QĐ 4469. */
  display: string;
  displayEn: string;
  /** Dagger (aetiology) or asterisk (manifestation) mark of the dagger–asterisk system, when the code carries one. */
  mark?: '†' | '*';
  /** False for the codes of Phụ lục A2, which may not be the main diagnosis (MA_BENH_CHINH). */
  mainDiagnosisAllowed: boolean;
}

export interface Icd10SearchOptions {
  /** Leave out codes barred as main diagnosis (for the main-diagnosis box). */
  mainDiagnosisOnly?: boolean;
  limit?: number;
}

interface IndexedEntry {
  entry: Icd10Entry;
  /** Code without the dot, upper case: what a typed code prefix is compared with. */
  compactCode: string;
  /** Folded names (Vietnamese, then curated lay names) with punctuation as spaces and a leading space each. */
  nameKeys: string[];
  nameEnKey: string;
  /** 0 for everyday diagnoses, 1 for most codes, 2 for chapters rarely meant in an outpatient search. */
  tier: number;
}

interface Icd10Index {
  entries: IndexedEntry[];
  byCompactCode: Map<string, IndexedEntry>;
}

const DATA_FILE = new URL('./icd10-4469.tsv.gz', import.meta.url);
const DEFAULT_LIMIT = 20;
/**
 * Pregnancy (O), perinatal (P), congenital (Q) and external causes (V–Y) name many conditions after the everyday ones
 * ("Tăng huyết áp sơ sinh", "Đái tháo đường trong khi có thai"); searching by name, they come after the others.
 */
const LATER_CHAPTERS = /^[OPQVWXY]/;

let index: Icd10Index | undefined;

function searchKey(text: string): string {
  return ' ' + foldVietnamese(text).replace(/[^a-z0-9]+/g, ' ').trim();
}

function compact(code: string): string {
  return code.replace(/[.\s†*]/g, '').toUpperCase();
}

function loadIndex(): Icd10Index {
  if (index) return index;
  // The first line records the source; the rest are codes.
  const [, ...lines] = gunzipSync(readFileSync(DATA_FILE)).toString('utf8').trimEnd().split('\n');
  const common = new Map(COMMON_DIAGNOSES.map((diagnosis) => [diagnosis.code, diagnosis.aliases ?? []]));
  const entries = lines.map((line): IndexedEntry => {
    const [code, mark, main, display, displayEn] = line.split('\t');
    const entry: Icd10Entry = { code, display, displayEn, mainDiagnosisAllowed: main === '1' };
    if (mark) entry.mark = mark as Icd10Entry['mark'];
    const aliases = common.get(code);
    return {
      entry,
      compactCode: compact(code),
      nameKeys: [display, ...(aliases ?? [])].map(searchKey),
      nameEnKey: searchKey(displayEn),
      tier: aliases ? 0 : LATER_CHAPTERS.test(code) ? 2 : 1,
    };
  });
  index = {
    entries,
    byCompactCode: new Map(entries.map((indexed) => [indexed.compactCode, indexed])),
  };
  return index;
}

/** The entry for a code written with or without its dot or mark ("J06.9", "j069", "A17†"). */
export function findIcd10(code: string): Icd10Entry | undefined {
  return loadIndex().byCompactCode.get(compact(code))?.entry;
}

/** Codes look like a letter and a digit ("J0", "j06.9"); anything else is a name. */
const CODE_QUERY = /^[a-z]\d[0-9.]*$/;

/** Lower is better: a name starts with the whole query, contains it as a phrase, or has every word somewhere. */
function nameRank(key: string, phrase: string, tokens: string[]): number {
  if (!tokens.every((token) => key.includes(' ' + token))) return Infinity;
  if (key.startsWith(' ' + phrase)) return 0;
  return key.includes(' ' + phrase) ? 1 : 2;
}

interface Ranked {
  rank: number;
  indexed: IndexedEntry;
}

function compareRanked(a: Ranked, b: Ranked): number {
  return (
    a.indexed.tier - b.indexed.tier ||
    a.rank - b.rank ||
    a.indexed.nameKeys[0].length - b.indexed.nameKeys[0].length ||
    (a.indexed.compactCode < b.indexed.compactCode ? -1 : 1)
  );
}

/**
 * Codes starting with the query, in code order; or codes whose Vietnamese name (or lay name, or else English name)
 * has a word starting with each word of the query: everyday diagnoses first, then the best matches, then shorter
 * names (the general code before its variants).
 */
export function searchIcd10(query: string, options: Icd10SearchOptions = {}): Icd10Entry[] {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const folded = foldVietnamese(query);
  if (!folded) return [];
  const { entries } = loadIndex();
  const eligible = (indexed: IndexedEntry) => !options.mainDiagnosisOnly || indexed.entry.mainDiagnosisAllowed;
  if (CODE_QUERY.test(folded)) {
    const prefix = compact(folded);
    const found: Icd10Entry[] = [];
    for (const indexed of entries) {
      if (found.length === limit) break;
      if (indexed.compactCode.startsWith(prefix) && eligible(indexed)) found.push(indexed.entry);
    }
    return found;
  }
  const phrase = searchKey(folded).trim();
  const tokens = phrase.split(' ');
  // The best `limit` so far, best first: a short insertion list beats sorting thousands of matches for "d".
  const best: Ranked[] = [];
  for (const indexed of entries) {
    if (!eligible(indexed)) continue;
    let rank = Infinity;
    for (const key of indexed.nameKeys) rank = Math.min(rank, nameRank(key, phrase, tokens));
    // English matches rank after Vietnamese ones: the list is Vietnamese, English is the fallback.
    if (rank === Infinity) rank = nameRank(indexed.nameEnKey, phrase, tokens) + 3;
    if (rank === Infinity) continue;
    const candidate = { rank, indexed };
    if (best.length === limit && compareRanked(candidate, best[limit - 1]) >= 0) continue;
    let at = best.length;
    while (at > 0 && compareRanked(candidate, best[at - 1]) < 0) at--;
    best.splice(at, 0, candidate);
    if (best.length > limit) best.pop();
  }
  return best.map(({ indexed }) => indexed.entry);
}
