// Transaction ingest of the Synthea sample bundles (../shared/data): what a hospital loading another system's export
// sees. Every request is one patient's transaction Bundle; resources/s is req/s × the average entries per bundle
// (in the scenario's name), so the target of 2,000 resources/s becomes a req/s target.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../scenario.ts';
import { parseJson, stringifyJson } from '../../../fhir/json/lossless.ts';

const DATA = fileURLToPath(new URL('../../../../shared/data/synthea-r4-smart-2019/', import.meta.url));
const SHARED = /^(hospital|practitioner)Information.*\.json$/;
const TARGET_RESOURCES_PER_SECOND = 2000;

interface Bundle {
  entry: { resource: { resourceType: string; identifier?: { system: string; value: string }[] }; request: { ifNoneExist?: string } }[];
}

/**
 * The bundles as text, with Organizations and Practitioners made conditional creates on their identifier (as later
 * Synthea versions and real loaders do), so that reloading creates each of them once. Read and written losslessly:
 * decimals reach the server as the files write them.
 */
function readBundles(names: string[]): Buffer[] {
  return names.map((name) => {
    const bundle = parseJson(readFileSync(DATA + name, 'utf8')) as Bundle;
    for (const { resource, request } of bundle.entry) {
      if ((resource.resourceType === 'Organization' || resource.resourceType === 'Practitioner') && resource.identifier?.[0]) {
        const [{ system, value }] = resource.identifier;
        request.ifNoneExist = `identifier=${encodeURIComponent(`${system}|${value}`)}`;
      }
    }
    return Buffer.from(stringifyJson(bundle));
  });
}

function ingestScenario(): Scenario[] {
  if (!existsSync(DATA)) return [];
  const names = readdirSync(DATA).filter((name) => name.endsWith('.json')).sort();
  const patients = names.filter((name) => !SHARED.test(name));
  // Entry counts are read when the scenario list is built, for the name and the target.
  const entries = patients.map((name) => (JSON.parse(readFileSync(DATA + name, 'utf8')) as Bundle).entry.length);
  const average = Math.round(entries.reduce((sum, count) => sum + count, 0) / entries.length);
  return [
    {
      name: `transaction ingest (Synthea bundle, ${average} entries average)`,
      concurrency: [1, 4],
      targets: { concurrency: 4, minRequestsPerSecond: Math.ceil(TARGET_RESOURCES_PER_SECOND / average) },
      async prepare(context) {
        const bundles = await context.fixture('synthea-bundles', async () => {
          const shared = readBundles(names.filter((name) => SHARED.test(name)));
          for (const body of shared) {
            const status = await context.client.status('POST', '', body);
            if (status !== 200) throw new Error(`loading the Synthea organizations and practitioners answered ${status}`);
          }
          return readBundles(patients);
        });
        return (worker) => {
          let next = worker;
          return () => context.client.status('POST', '', bundles[next++ % bundles.length]);
        };
      },
    },
  ];
}

export const ingestScenarios: Scenario[] = ingestScenario();
