import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { validateResource } from '../../../../fhir/validation/validate.ts';
import { INVALID_R4_EXAMPLES } from '../../../fixtures/r4-invalid-examples.ts';

const EXAMPLES_DIR = dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));
// Every file is a resource (Bundles included) except the npm manifest and any package index.
const resourceFiles = readdirSync(EXAMPLES_DIR)
  .filter((name) => name.endsWith('.json') && name !== 'package.json' && !name.startsWith('.'))
  .sort();

test('the validator rejects exactly the official R4 examples known to be invalid', (t) => {
  const rejected = new Map<string, string[]>();
  let elapsed = 0;
  for (const file of resourceFiles) {
    const resource: unknown = JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8'));
    const started = performance.now();
    const errors = validateResource(resource).filter((issue) => issue.severity === 'error');
    elapsed += performance.now() - started;
    if (errors.length > 0) {
      rejected.set(file, errors.slice(0, 3).map((issue) => `${issue.expression.join()}: ${issue.diagnostics}`));
    }
  }
  t.diagnostic(`${resourceFiles.length} resources, ${rejected.size} invalid, ${(elapsed / resourceFiles.length).toFixed(2)} ms each on average`);

  const wronglyRejected = [...rejected].filter(([file]) => !(file in INVALID_R4_EXAMPLES));
  assert.deepEqual(wronglyRejected, [], 'valid examples the validator rejects (fix the validator)');
  const wronglyAccepted = Object.keys(INVALID_R4_EXAMPLES).filter((file) => !rejected.has(file));
  assert.deepEqual(wronglyAccepted, [], 'invalid examples the validator accepts');
  assert.ok(resourceFiles.length > 5000, `found only ${resourceFiles.length} example files`);
});
