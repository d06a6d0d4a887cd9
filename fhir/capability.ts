import type { CapabilityStatement } from '@medplum/fhirtypes';
import { searchCapability } from './search/capability-search.ts';

export interface CapabilityOptions {
  base: string;
  software: { name: string; version: string };
  resourceTypes: string[];
}

type RestResource = NonNullable<NonNullable<CapabilityStatement['rest']>[number]['resource']>[number];

const TYPE_INTERACTIONS = ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'history-type', 'create', 'search-type'] as const;

const VALIDATE_OPERATION = { name: 'validate', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate' };
const EVERYTHING_OPERATION = { name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' };

/** The server's CapabilityStatement: it must claim only what Sen actually does. */
export function capabilityStatement(options: CapabilityOptions): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-21',
    publisher: 'Sen',
    kind: 'instance',
    software: options.software,
    implementation: { description: 'Sen FHIR R4 server', url: options.base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: true,
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' }] }],
          description: 'Bearer access tokens (JWT, ES256) from POST /auth/login or POST /auth/token; keys at /.well-known/jwks.json',
        },
        interaction: [{ code: 'history-system' }, { code: 'transaction' }, { code: 'batch' }, { code: 'search-system' }],
        resource: options.resourceTypes.map((type): RestResource => ({
          type: type as RestResource['type'],
          interaction: TYPE_INTERACTIONS.map((code) => ({ code })),
          versioning: 'versioned-update',
          readHistory: true,
          updateCreate: true,
          conditionalCreate: true,
          conditionalUpdate: true,
          conditionalDelete: 'not-supported',
          operation: type === 'Patient' ? [VALIDATE_OPERATION, EVERYTHING_OPERATION] : [VALIDATE_OPERATION],
          ...searchCapability(type, options.resourceTypes),
        })),
      },
    ],
  };
}
