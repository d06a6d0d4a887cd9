// Regenerates the terminology data shipped in fhir/terminology/ from the read-only reference sources.
// Usage: npx tsx fhir/terminology/build/build.ts [path/to/shared/reference]
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAdminUnits } from './admin-units.ts';
import { buildIcd10Table } from './icd10-4469.ts';
import { readIgCodeSystem } from './ig-code-system.ts';

const IG_SOURCE = 'VN Core FHIR IG sources, github.com/hl7vn/vn-core-ig at commit 8e6b6e0795b8938bf256753d77f9a697ae8b0028 (2025-10-23)';

const here = dirname(fileURLToPath(import.meta.url));
const terminologyDir = resolve(here, '..');
const referenceDir = resolve(process.argv[2] ?? join(here, '../../../../shared/reference'));

/** JSON with one array element per line: compact files whose diffs stay readable when a list changes. */
function toJson(value: unknown, indent = ''): string {
  if (Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null)) {
    const inner = indent + '  ';
    return `[\n${value.map((item) => inner + JSON.stringify(item)).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const inner = indent + '  ';
    const entries = Object.entries(value).map(([key, item]) => `${inner}${JSON.stringify(key)}: ${toJson(item, inner)}`);
    return `{\n${entries.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function write(fileName: string, data: unknown): void {
  const path = join(terminologyDir, fileName);
  writeFileSync(path, toJson(data) + '\n');
  console.log(`wrote ${path}`);
}

const ethnicity = readIgCodeSystem(referenceDir, 'CodeSystem-vn-core-race-v1.0.xml');
write('ethnicity.json', { source: `${IG_SOURCE}, CodeSystem-vn-core-race-v1.0.xml (GSO list, QĐ 121-TCTK/PPCĐ 1979)`, ...ethnicity });

const occupation = readIgCodeSystem(referenceDir, 'CodeSystem-vn-core-occupation-4069-v1.0.xml');
write('occupation-4069.json', { source: `${IG_SOURCE}, CodeSystem-vn-core-occupation-4069-v1.0.xml`, ...occupation });

write('admin-units-2025.json', buildAdminUnits(referenceDir));
const icd10Path = join(terminologyDir, 'icd10-4469.tsv.gz');
writeFileSync(icd10Path, buildIcd10Table(referenceDir));
console.log(`wrote ${icd10Path}`);
