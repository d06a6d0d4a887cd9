// npm run gen -- --patients N [--seed S] [--from K] [--types Patient,Coverage]
// Writes a realistic Vietnamese synthetic dataset straight into the configured database: the facility network and
// its staff (once per seed), then patients K..K+N-1 with their visits, vitals, diagnoses and prescriptions — or
// only the resource types listed (`--types Patient,Coverage`: the registration desk's data, loaded in minutes).
import { commandOptions } from './args.ts';
import { openConfiguredDatabase } from './database.ts';
import { ResourceService } from '../services/resource-service.ts';
import { readCurrent } from '../store/resource-rows.ts';
import { createSyntheticDataset } from '../../fhir/synthetic/dataset.ts';
import type { ResourceJson } from '../../fhir/resource-meta.ts';
import { runWithAccess } from '../access/request-access.ts';
import { systemJobAccess } from '../access/system-access.ts';
import { ownedPatientRecordResources, ownedSetupResources } from '../seed/synthetic-owners.ts';

const USAGE = 'npm run gen -- --patients N [--seed 1] [--from 0] [--types Patient,Coverage]';
const options = commandOptions(USAGE, {
  patients: { type: 'string' },
  seed: { type: 'string', default: '1' },
  from: { type: 'string', default: '0' },
  types: { type: 'string' },
});
const count = Number(options.patients);
const seed = Number(options.seed);
const from = Number(options.from);
const types = options.types === undefined ? undefined : new Set(options.types.split(',').map((type) => type.trim()));
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed) || !Number.isInteger(from) || from < 0) {
  console.error(`--patients, --seed and --from must be whole numbers (patients ≥ 1)\n\nUsage: ${USAGE}`);
  process.exit(2);
}

// About 25 resources a patient: a batch of 200 patients is one transaction of ~5,000 rows per table.
const PATIENTS_PER_BATCH = 200;

const { database } = await openConfiguredDatabase();
const resources = new ResourceService(database.prisma);
const access = systemJobAccess(database.prisma, 'gen');
const dataset = createSyntheticDataset({ seed });
const started = Date.now();
let written = 0;
try {
  const firstSetup = dataset.setupResources[0];
  if (!(await readCurrent(database.prisma, firstSetup.resourceType, firstSetup.id!))) {
    await runWithAccess(access, () => resources.createMany(ownedSetupResources(dataset), { validate: true }));
    written += dataset.setupResources.length;
  }
  // Generate the next batch while the database writes the previous one.
  let pending: Promise<unknown> = Promise.resolve();
  for (let start = from; start < from + count; start += PATIENTS_PER_BATCH) {
    const end = Math.min(start + PATIENTS_PER_BATCH, from + count);
    const batch: ResourceJson[] = [];
    for (let i = start; i < end; i++) {
      batch.push(...ownedPatientRecordResources(dataset.patientRecord(i)).filter((resource) => !types || types.has(resource.resourceType)));
    }
    await pending;
    pending = runWithAccess(access, () => resources.createMany(batch, { validate: false }));
    written += batch.length;
    if ((end - from) % 5000 < PATIENTS_PER_BATCH || end === from + count) {
      const seconds = (Date.now() - started) / 1000;
      console.log(`${end - from}/${count} patients, ${written} resources, ${Math.round(written / seconds)} resources/s`);
    }
  }
  await pending;
  console.log(`Done: ${count} patients, ${written} resources in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`Generation failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
