import { test } from 'node:test';
import assert from 'node:assert/strict';
import { methodLabel, ROUTE_CLASSES, routeClass } from '../../../../server/observability/route-class.ts';

test('FHIR interactions are told apart by method and path shape', () => {
  const cases: [string, string, string][] = [
    ['GET', '/fhir/R4/Patient/123', 'fhir_read'],
    ['GET', '/fhir/R4/Patient/123/_history/2', 'fhir_read'],
    ['GET', '/fhir/R4/Patient', 'fhir_search'],
    ['POST', '/fhir/R4/Patient/_search', 'fhir_search'],
    ['GET', '/fhir/R4', 'fhir_search'],
    ['GET', '/fhir/R4/Patient/123/Observation', 'fhir_search'],
    ['GET', '/fhir/R4/Patient/123/_history', 'fhir_history'],
    ['GET', '/fhir/R4/_history', 'fhir_history'],
    ['POST', '/fhir/R4/Patient', 'fhir_write'],
    ['PUT', '/fhir/R4/Patient/123', 'fhir_write'],
    ['PATCH', '/fhir/R4/Patient/123', 'fhir_write'],
    ['DELETE', '/fhir/R4/Patient/123', 'fhir_write'],
    ['PUT', '/fhir/R4/Patient', 'fhir_write'],
    ['POST', '/fhir/R4', 'fhir_transaction'],
    ['POST', '/fhir/R4/', 'fhir_transaction'],
    ['GET', '/fhir/R4/Patient/123/$everything', 'fhir_operation'],
    ['POST', '/fhir/R4/Patient/$validate', 'fhir_operation'],
    ['GET', '/fhir/R4/metadata', 'fhir_metadata'],
  ];
  for (const [method, path, expected] of cases) assert.equal(routeClass(method, path), expected, `${method} ${path}`);
});

test('the web API, sign-in, probes and the web app have their own classes', () => {
  const cases: [string, string, string][] = [
    ['POST', '/api/registration/patients', 'api_registration'],
    ['GET', '/api/registration/visits/9f1c/ticket.pdf', 'api_registration'],
    ['POST', '/api/patients/merge', 'api_registration'],
    ['GET', '/api/queue', 'api_queue'],
    ['POST', '/api/queue/enc-1/call', 'api_queue'],
    ['POST', '/api/prescriptions', 'api_prescription'],
    ['GET', '/api/prescriptions/01234abcdefg-c/pdf', 'api_prescription'],
    ['GET', '/api/patients/p-1/chart', 'api_chart'],
    ['GET', '/api/me', 'api_other'],
    ['GET', '/api/terminology/icd10', 'api_other'],
    ['POST', '/auth/login', 'auth'],
    ['GET', '/.well-known/jwks.json', 'auth'],
    ['GET', '/healthz', 'health'],
    ['GET', '/readyz', 'health'],
    ['GET', '/metrics', 'metrics'],
    ['GET', '/', 'web'],
    ['GET', '/registration', 'web'],
    ['POST', '/anything', 'other'],
    ['GET', '/fhir/STU3/Patient', 'other'],
  ];
  for (const [method, path, expected] of cases) assert.equal(routeClass(method, path), expected, `${method} ${path}`);
});

test('whatever the path, the class is one of a fixed few and never contains the path’s ids', () => {
  const ids = ['3f2b9c1e-7d4a-4e8b-9b1a-2c3d4e5f6a7b', '079123456789', 'Nguyễn'];
  const paths = ids.flatMap((id) => [
    `/fhir/R4/Patient/${id}`, `/fhir/R4/${id}`, `/fhir/R4/Patient/${id}/${id}/${id}/${id}/${id}`, `/api/patients/${id}/chart`,
    `/api/${id}`, `/${id}`, `/auth/${id}`, `/fhir/R4/Patient/${id}/$${id}`,
  ]);
  for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PROPFIND']) {
    for (const path of paths) {
      const routeClassOf = routeClass(method, path);
      assert.ok((ROUTE_CLASSES as readonly string[]).includes(routeClassOf), `${method} ${path} → ${routeClassOf}`);
      for (const id of ids) assert.ok(!routeClassOf.includes(id));
    }
  }
  assert.equal(methodLabel('PROPFIND'), 'other');
  assert.equal(methodLabel('GET'), 'GET');
});
