import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PREFIX_LENGTH, hasNamePrefixes, prefixKey, prefixKeys } from '../../../../fhir/search/parameters/name-prefixes.ts';
import { extractIndexEntries } from '../../../../fhir/search/index-entries.ts';
import type { SearchParam } from '../../../../fhir/search/parameters/search-parameter.ts';

const param = (code: string, origin: SearchParam['origin'] = 'r4'): Pick<SearchParam, 'code' | 'type' | 'origin'> => ({ code, type: 'string', origin });

test('every prefix of every value is a key, once, under the parameter', () => {
  assert.deepEqual(prefixKeys('given', ['an', 'anh']), ['given:a', 'given:an', 'given:anh']);
  const keys = prefixKeys('name', ['nguyen van an']);
  assert.ok(keys.includes('name:n') && keys.includes('name:nguyen ') && keys.includes('name:nguyen van an'));
  assert.equal(keys.length, 'nguyen van an'.length);
});

test('values are kept up to the prefix length, and a longer search word is looked up by its beginning', () => {
  const long = 'khuongduongtrongnghia';
  const keys = prefixKeys('given', [long]);
  assert.equal(keys.length, MAX_PREFIX_LENGTH);
  assert.ok(keys.includes(prefixKey('given', long)));
  assert.equal(prefixKey('given', long), `given:${long.slice(0, MAX_PREFIX_LENGTH)}`);
});

test('a prefix never ends inside a character written with two UTF-16 units', () => {
  const name = '𠀀'.repeat(20); // a Nôm character outside the Basic Multilingual Plane
  // A lone surrogate does not survive a round trip through UTF-8 (it becomes U+FFFD).
  for (const key of prefixKeys('name', [name])) assert.equal(Buffer.from(key, 'utf8').toString('utf8'), key);
  assert.equal(prefixKey('name', name), `name:${'𠀀'.repeat(MAX_PREFIX_LENGTH)}`);
});

test('only the R4 name parameters of people have prefix rows', () => {
  assert.equal(hasNamePrefixes('Patient', param('name')), true);
  assert.equal(hasNamePrefixes('Practitioner', param('family')), true);
  assert.equal(hasNamePrefixes('Patient', param('address')), false);
  assert.equal(hasNamePrefixes('Organization', param('name')), false);
  assert.equal(hasNamePrefixes('Patient', param('name', 'custom')), false);
});

test('a Patient is indexed with the folded prefixes of each name parameter', () => {
  const index = extractIndexEntries({ resourceType: 'Patient', name: [{ family: 'Nguyễn', given: ['Văn', 'Đức'] }] } as never);
  const keysOf = (code: string): string[] => index.prefixes.find((row) => row.param === code)?.keys ?? [];
  assert.deepEqual(index.prefixes.map((row) => row.param).sort(), ['family', 'given', 'name']);
  assert.ok(keysOf('family').includes('family:nguyen'));
  assert.ok(keysOf('given').includes('given:duc') && keysOf('given').includes('given:van'));
  assert.ok(keysOf('name').includes('name:nguyen van duc'));
  assert.equal(extractIndexEntries({ resourceType: 'Organization', name: 'Trạm Y tế' } as never).prefixes.length, 0);
});
