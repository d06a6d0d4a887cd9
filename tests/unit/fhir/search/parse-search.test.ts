import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSearch } from '../../../../fhir/search/query/parse-search.ts';
import { parseConditionalQuery } from '../../../../fhir/search/conditional-query.ts';
import { splitUnescaped, unescape } from '../../../../fhir/search/query/escaping.ts';
import { searchParameters } from '../../../../fhir/search/parameters/registry.ts';
import { FhirError } from '../../../../fhir/outcome.ts';
import type { Filter, SearchValue } from '../../../../fhir/search/query/search-query.ts';

const registry = searchParameters();
const parse = (query: string, type = 'Patient', strict = false) =>
  parseSearch([...new URLSearchParams(query)], { registry, resourceTypes: [type], strict });
const only = (query: string, type = 'Patient'): Filter => {
  const filters = parse(query, type).scopes[0].filters;
  assert.equal(filters.length, 1);
  return filters[0];
};
const values = (query: string, type = 'Patient'): SearchValue[] => {
  const filter = only(query, type);
  assert.equal(filter.kind, 'param');
  return (filter as Extract<Filter, { kind: 'param' }>).values;
};
const rejects = (query: string, pattern: RegExp, type = 'Patient', strict = false): void => {
  assert.throws(() => parse(query, type, strict), (error: unknown) => error instanceof FhirError && error.status === 400 && pattern.test(error.message));
};

test('escaping: \\, \\| \\$ \\\\ are literal; unescaped ones separate', () => {
  assert.deepEqual(splitUnescaped('a\\,b,c', ','), ['a\\,b', 'c']);
  assert.deepEqual(splitUnescaped('x|y\\|z', '|').map(unescape), ['x', 'y|z']);
  assert.deepEqual(splitUnescaped('a$b\\$c', '$').map(unescape), ['a', 'b$c']);
  assert.equal(unescape('a\\\\b'), 'a\\b');
});

test('string values are folded for matching: case, accents and đ', () => {
  assert.deepEqual(values('name=Đặng%20Thị'), [{ kind: 'string', text: 'Đặng Thị', folded: 'dang thi' }]);
  assert.deepEqual(values('name=a,b').map((v) => (v as { folded: string }).folded), ['a', 'b']);
});

test('token forms: code, system|code, |code, system|', () => {
  assert.deepEqual(values('identifier=123'), [{ kind: 'token', code: '123' }]);
  assert.deepEqual(values('identifier=urn:x|123'), [{ kind: 'token', system: 'urn:x', code: '123' }]);
  assert.deepEqual(values('identifier=|123'), [{ kind: 'token', system: null, code: '123' }]);
  assert.deepEqual(values('identifier=urn:x|'), [{ kind: 'token', system: 'urn:x' }]);
  assert.deepEqual(values('identifier:of-type=urn:t|NI|9'), [{ kind: 'of-type', typeSystem: 'urn:t', typeCode: 'NI', value: '9' }]);
  rejects('identifier=a|b|c', /system/);
  rejects('identifier:of-type=NI|9', /type system/);
});

test('dates: prefixes and the range of each precision, a date without zone in Vietnamese time', () => {
  const [year] = values('birthdate=ge1990');
  assert.deepEqual(year, { kind: 'date', prefix: 'ge', low: Date.parse('1990-01-01T00:00:00+07:00'), high: Date.parse('1991-01-01T00:00:00+07:00') });
  const [day] = values('birthdate=2024-02-29');
  assert.deepEqual(day, { kind: 'date', prefix: 'eq', low: Date.parse('2024-02-29T00:00:00+07:00'), high: Date.parse('2024-03-01T00:00:00+07:00') });
  const [second] = values('birthdate=lt2025-01-01T10:00:00Z');
  assert.deepEqual(second, { kind: 'date', prefix: 'lt', low: Date.parse('2025-01-01T10:00:00Z'), high: Date.parse('2025-01-01T10:00:01Z') });
  rejects('birthdate=yesterday', /not a date/);
  rejects('birthdate=2025-02-29', /not a date/);
  rejects('birthdate=xx2025', /not a date/);
});

test('numbers and quantities: precision ranges in exact decimals', () => {
  assert.deepEqual(values('probability=100', 'RiskAssessment'), [{ kind: 'number', prefix: 'eq', value: '100', low: '99.5', high: '100.5' }]);
  assert.deepEqual(values('probability=gt0.60', 'RiskAssessment'), [{ kind: 'number', prefix: 'gt', value: '0.60', low: '0.595', high: '0.605' }]);
  assert.deepEqual(values('value-quantity=5.4|http://unitsofmeasure.org|mg', 'Observation'),
    [{ kind: 'quantity', prefix: 'eq', value: '5.4', low: '5.35', high: '5.45', system: 'http://unitsofmeasure.org', code: 'mg' }]);
  assert.deepEqual(values('value-quantity=le5.4||mg', 'Observation'), [{ kind: 'quantity', prefix: 'le', value: '5.4', low: '5.35', high: '5.45', code: 'mg' }]);
  rejects('value-quantity=5.4|mg', /number/, 'Observation');
  rejects('value-quantity=five', /not a number/, 'Observation');
});

test('references: Type/id, id, :Type, absolute URL, :identifier', () => {
  assert.deepEqual(values('subject=Patient/1', 'Observation'), [{ kind: 'reference', type: 'Patient', id: '1' }]);
  assert.deepEqual(values('subject=1', 'Observation'), [{ kind: 'reference', id: '1' }]);
  assert.deepEqual(values('subject:Patient=1', 'Observation'), [{ kind: 'reference', type: 'Patient', id: '1' }]);
  assert.deepEqual(values('subject=http://x.org/fhir/Patient/1', 'Observation'), [{ kind: 'reference', url: 'http://x.org/fhir/Patient/1' }]);
  assert.deepEqual(values('subject:identifier=urn:x|7', 'Observation'), [{ kind: 'token', system: 'urn:x', code: '7' }]);
  rejects('subject:Organization=1', /cannot refer/, 'Observation');
});

test('composite values split on $ into their components\' types', () => {
  const [value] = values('code-value-quantity=http://loinc.org|8480-6$gt140', 'Observation');
  assert.deepEqual(value, {
    kind: 'composite',
    components: [
      { kind: 'token', system: 'http://loinc.org', code: '8480-6' },
      { kind: 'quantity', prefix: 'gt', value: '140', low: '139.5', high: '140.5' },
    ],
  });
  rejects('code-value-quantity=8480-6', /2 values/, 'Observation');
});

test('chains resolve each link on its target types; _has nests', () => {
  const chain = only('subject:Patient.organization.name=tram', 'Observation');
  assert.equal(chain.kind, 'chain');
  const link = chain as Extract<Filter, { kind: 'chain' }>;
  assert.deepEqual(link.targets.map((t) => t.type), ['Patient']);
  assert.equal(link.targets[0].filter.kind, 'chain');
  const has = only('_has:Patient:organization:_has:Observation:patient:code=1', 'Organization');
  assert.equal(has.kind, 'has');
  assert.equal((has as Extract<Filter, { kind: 'has' }>).filter.kind, 'has');
  rejects('_has:Observation:code:status=final', /not a reference/);
});

test('modifiers: :missing, :not, unsupported ones refused', () => {
  assert.deepEqual(only('gender:missing=true'), { kind: 'missing', param: registry.get('Patient', 'gender'), missing: true });
  assert.equal((only('gender:not=male') as { modifier?: string }).modifier, 'not');
  rejects('gender:missing=maybe', /true or false/);
  rejects('name:below=x', /not supported/);
  rejects('identifier:in=x', /not supported/);
});

test('unknown parameters are ignored and reported, or refused when strict', () => {
  const lenient = parse('foo=1&gender=male&_near=1');
  assert.equal(lenient.scopes[0].filters.length, 1);
  assert.equal(lenient.ignored.length, 2);
  rejects('foo=1', /foo.*strict/, 'Patient', true);
});

test('result parameters: _count bounds, _sort, _include, _total, _summary, _elements', () => {
  const query = parse('_count=5000&_sort=-birthdate,_id&_include=Patient:organization&_revinclude:iterate=Observation:subject&_total=accurate&_summary=true&_elements=name,gender');
  assert.equal(query.count, 1000);
  assert.deepEqual(query.sort.map((key) => [typeof key.param === 'string' ? key.param : key.param.code, key.descending]), [['birthdate', true], ['_id', false]]);
  assert.deepEqual(query.include, [{ sourceType: 'Patient', param: 'organization', targetType: undefined, iterate: false }]);
  assert.deepEqual(query.revinclude, [{ sourceType: 'Observation', param: 'subject', targetType: undefined, iterate: true }]);
  assert.equal(query.total, 'accurate');
  assert.equal(query.summary, 'true');
  assert.deepEqual(query.elements, ['name', 'gender']);
  assert.equal(parse('').count, 20);
  rejects('_sort=name:exact', /can sort on/);
  rejects('_include=Patient:gender', /not a reference/);
});

test('system search: _type gives one scope per type; without it only Resource-level parameters exist', () => {
  const query = parseSearch([['_type', 'Patient,Observation'], ['_id', 'a']], { registry, strict: true });
  assert.deepEqual(query.scopes.map((scope) => scope.resourceType), ['Patient', 'Observation']);
  const anyType = parseSearch([['_tag', 'x|y']], { registry, strict: true });
  assert.equal(anyType.scopes[0].resourceType, undefined);
  assert.throws(() => parseSearch([['name', 'x']], { registry, strict: true }), /name/);
  assert.throws(() => parseSearch([['_type', 'Nope']], { registry, strict: true }), /Nope/);
});

test('conditional criteria take any parameter but refuse anything they cannot honour', () => {
  assert.equal(parseConditionalQuery('name=nguyen&birthdate=1990', 'Patient').filters.length, 2);
  assert.throws(() => parseConditionalQuery('foo=1', 'Patient'), /foo/);
  assert.throws(() => parseConditionalQuery('_count=1', 'Patient'), /_count/);
  assert.throws(() => parseConditionalQuery('', 'Patient'), /needs search criteria/);
});
