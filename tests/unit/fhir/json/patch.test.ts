import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson, stringifyJson } from '../../../../fhir/json/lossless.ts';
import { applyJsonPatch, JsonPatchError } from '../../../../fhir/json/patch.ts';

/** Parses both sides as a FHIR server would, applies the patch and writes the result. */
function patchText(document: string, patch: string): string {
  return stringifyJson(applyJsonPatch(parseJson(document), parseJson(patch)));
}

function assertPatchError(document: unknown, patch: unknown, message: string | RegExp): void {
  assert.throws(() => applyJsonPatch(document, patch), (error: unknown) => {
    assert.ok(error instanceof JsonPatchError, String(error));
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

// ---- RFC 6902 appendix A --------------------------------------------------------------------------------------

test('RFC 6902 A.1: add puts a new member on an object', () => {
  assert.deepEqual(applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }]), { baz: 'qux', foo: 'bar' });
});

test('RFC 6902 A.2: add inserts into an array, shifting later items', () => {
  const result = applyJsonPatch({ foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }]);
  assert.deepEqual(result, { foo: ['bar', 'qux', 'baz'] });
});

test('RFC 6902 A.3: remove deletes an object member', () => {
  assert.deepEqual(applyJsonPatch({ baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }]), { foo: 'bar' });
});

test('RFC 6902 A.4: remove takes an item out of an array', () => {
  const result = applyJsonPatch({ foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }]);
  assert.deepEqual(result, { foo: ['bar', 'baz'] });
});

test('RFC 6902 A.5: replace changes a value', () => {
  const result = applyJsonPatch({ baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }]);
  assert.deepEqual(result, { baz: 'boo', foo: 'bar' });
});

test('RFC 6902 A.6: move takes a value from one member to another', () => {
  const document = { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } };
  const result = applyJsonPatch(document, [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }]);
  assert.deepEqual(result, { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } });
});

test('RFC 6902 A.7: move within an array places the item after removing it', () => {
  const result = applyJsonPatch({ foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }]);
  assert.deepEqual(result, { foo: ['all', 'cows', 'eat', 'grass'] });
});

test('RFC 6902 A.8: passing tests leave the document as it was', () => {
  const document = { baz: 'qux', foo: ['a', 2, 'c'] };
  const patch = [
    { op: 'test', path: '/baz', value: 'qux' },
    { op: 'test', path: '/foo/1', value: 2 },
  ];
  assert.deepEqual(applyJsonPatch(document, patch), document);
});

test('RFC 6902 A.9: a failing test rejects the patch', () => {
  assertPatchError({ baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }], /^Operation 0 \(test \/baz\): test failed/);
});

test('RFC 6902 A.10: add can put a whole object in place', () => {
  const result = applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }]);
  assert.deepEqual(result, { foo: 'bar', child: { grandchild: {} } });
});

test('RFC 6902 A.11: unknown members of an operation are ignored', () => {
  const result = applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }]);
  assert.deepEqual(result, { foo: 'bar', baz: 'qux' });
});

test('RFC 6902 A.12: adding below a member that does not exist fails', () => {
  assertPatchError({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }], 'Operation 0 (add /baz/bat): parent of path does not exist');
});

test('RFC 6902 A.14: ~01 means the key "~1", not "/"', () => {
  const document = { '/': 9, '~1': 10 };
  assert.deepEqual(applyJsonPatch(document, [{ op: 'test', path: '/~01', value: 10 }]), document);
  assert.deepEqual(applyJsonPatch(document, [{ op: 'replace', path: '/~1', value: 8 }]), { '/': 8, '~1': 10 });
});

test('RFC 6902 A.15: a test compares types, so "10" is not 10', () => {
  assertPatchError({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }], /test failed/);
});

test('RFC 6902 A.16: add with - appends, and an array value goes in as one item', () => {
  const result = applyJsonPatch({ foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }]);
  assert.deepEqual(result, { foo: ['bar', ['abc', 'def']] });
});

// ---- Further behaviour of each operation ----------------------------------------------------------------------

test('add replaces an existing member and can append at the exact end index', () => {
  const result = applyJsonPatch({ a: 1, list: [1, 2] }, [
    { op: 'add', path: '/a', value: 2 },
    { op: 'add', path: '/list/2', value: 3 },
  ]);
  assert.deepEqual(result, { a: 2, list: [1, 2, 3] });
});

test('an empty path adds, replaces or tests the whole document', () => {
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'add', path: '', value: { b: 2 } }]), { b: 2 });
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '', value: [1] }]), [1]);
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'test', path: '', value: { a: 1 } }]), { a: 1 });
  assertPatchError({ a: 1 }, [{ op: 'remove', path: '' }], 'Operation 0 (remove ): cannot remove the whole document');
});

test('copy duplicates a value, and changing the copy leaves the source alone', () => {
  const result = applyJsonPatch({ a: { b: [1] }, list: ['x'] }, [
    { op: 'copy', from: '/a', path: '/c' },
    { op: 'add', path: '/c/b/-', value: 2 },
    { op: 'copy', from: '/list/0', path: '/list/0' },
  ]);
  assert.deepEqual(result, { a: { b: [1] }, c: { b: [1, 2] }, list: ['x', 'x'] });
});

test('the whole document can be copied into one of its members', () => {
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'copy', from: '', path: '/copy' }]), { a: 1, copy: { a: 1 } });
});

test('a value cannot be moved into its own child', () => {
  assertPatchError({ a: { b: {} } }, [{ op: 'move', from: '/a', path: '/a/b/c' }], 'Operation 0 (move /a/b/c from /a): cannot move a value into itself');
});

test('moving a value onto its own path leaves it in place', () => {
  assert.deepEqual(applyJsonPatch({ a: 1, list: [1, 2] }, [{ op: 'move', from: '/a', path: '/a' }, { op: 'move', from: '/list/0', path: '/list/0' }]), { a: 1, list: [1, 2] });
});

test('test compares objects regardless of member order and numbers by value', () => {
  const document = { a: { x: 1, y: [1, { z: null }] }, n: 75 };
  const patch = parseJson('[{"op":"test","path":"/a","value":{"y":[1,{"z":null}],"x":1}},{"op":"test","path":"/n","value":75.0}]');
  assert.deepEqual(applyJsonPatch(document, patch), document);
  assertPatchError(document, [{ op: 'test', path: '/a', value: { x: 1 } }], /test failed/);
  assertPatchError(document, [{ op: 'test', path: '/a/y', value: [1] }], /test failed/);
  assertPatchError(document, [{ op: 'test', path: '/a/y/1', value: [{ z: null }] }], /test failed/);
});

test('the input document is never changed, even by a patch that fails half-way', () => {
  const document = { name: [{ family: 'Nguyễn' }], list: [1, 2, 3] };
  const before = structuredClone(document);
  applyJsonPatch(document, [{ op: 'remove', path: '/list/0' }, { op: 'replace', path: '/name/0/family', value: 'Trần' }]);
  assert.throws(() => applyJsonPatch(document, [{ op: 'remove', path: '/list/0' }, { op: 'remove', path: '/nope' }]), JsonPatchError);
  assert.deepEqual(document, before);
});

test('values added from the patch are copies, not shared with the patch', () => {
  const patch = [{ op: 'add', path: '/a', value: { b: 1 } }];
  const result = applyJsonPatch({}, patch) as { a: { b: number } };
  result.a.b = 2;
  assert.deepEqual(patch[0].value, { b: 1 });
});

// ---- Failure messages -----------------------------------------------------------------------------------------

test('a path that does not exist is reported with the operation index and path', () => {
  const patient = { name: [{ given: ['An'] }] };
  assertPatchError(patient, [{ op: 'test', path: '/name/0/given/0', value: 'An' }, { op: 'test', path: '/name', value: patient.name }, { op: 'replace', path: '/name/0/family', value: 'Lê' }], 'Operation 2 (replace /name/0/family): path does not exist');
  assertPatchError(patient, [{ op: 'remove', path: '/name/1' }], 'Operation 0 (remove /name/1): path does not exist');
  assertPatchError(patient, [{ op: 'remove', path: '/name/-' }], 'Operation 0 (remove /name/-): "-" in path is not an array index');
  assertPatchError(patient, [{ op: 'replace', path: '/name/0/given/0/x', value: 1 }], 'Operation 0 (replace /name/0/given/0/x): path does not exist');
  assertPatchError(patient, [{ op: 'test', path: '/missing', value: 1 }], 'Operation 0 (test /missing): path does not exist');
  assertPatchError(patient, [{ op: 'move', from: '/nope', path: '/x' }], 'Operation 0 (move /x from /nope): from does not exist');
  assertPatchError(patient, [{ op: 'copy', from: '/name/5', path: '/x' }], 'Operation 0 (copy /x from /name/5): from does not exist');
});

test('inherited properties such as toString do not count as existing members', () => {
  assertPatchError({}, [{ op: 'remove', path: '/toString' }], 'Operation 0 (remove /toString): path does not exist');
  assertPatchError({}, [{ op: 'test', path: '/hasOwnProperty', value: {} }], /path does not exist/);
});

test('bad array indices are reported', () => {
  const document = { list: [1, 2] };
  assertPatchError(document, [{ op: 'add', path: '/list/3', value: 3 }], 'Operation 0 (add /list/3): index 3 is past the end of the array (length 2)');
  assertPatchError(document, [{ op: 'add', path: '/list/01', value: 3 }], 'Operation 0 (add /list/01): "01" in path is not an array index');
  assertPatchError(document, [{ op: 'replace', path: '/list/one', value: 3 }], 'Operation 0 (replace /list/one): "one" in path is not an array index');
  assertPatchError(document, [{ op: 'add', path: '/list/0/x', value: 3 }], 'Operation 0 (add /list/0/x): parent of path is not an object or array');
});

test('a malformed patch is rejected before anything is applied', () => {
  const cases: [unknown, string][] = [
    [{ op: 'add', path: '/a', value: 1 }, 'A JSON Patch must be an array of operations'],
    [[null], 'Operation 0: must be an object'],
    [[[]], 'Operation 0: must be an object'],
    [[{ path: '/a' }], 'Operation 0: op must be one of add, remove, replace, move, copy, test'],
    [[{ op: 'merge', path: '/a' }], 'Operation 0: op must be one of add, remove, replace, move, copy, test'],
    [[{ op: 'remove' }], 'Operation 0 (remove): path must be a string'],
    [[{ op: 'remove', path: 3 }], 'Operation 0 (remove): path must be a string'],
    [[{ op: 'test', path: '/a', value: 1 }, { op: 'add', path: '/a' }], 'Operation 1 (add /a): value is required'],
    [[{ op: 'replace', path: '/a' }], 'Operation 0 (replace /a): value is required'],
    [[{ op: 'test', path: '/a' }], 'Operation 0 (test /a): value is required'],
    [[{ op: 'move', path: '/a' }], 'Operation 0 (move /a): from must be a string'],
    [[{ op: 'copy', path: '/a', from: 1 }], 'Operation 0 (copy /a): from must be a string'],
    [[{ op: 'remove', path: 'a' }], 'Operation 0 (remove a): path must be empty or start with /'],
    [[{ op: 'copy', path: '/b', from: 'a' }], 'Operation 0 (copy /b from a): from must be empty or start with /'],
    [[{ op: 'remove', path: '/a~2' }], 'Operation 0 (remove /a~2): path has a ~ not followed by 0 or 1'],
    [[{ op: 'remove', path: '/a~' }], 'Operation 0 (remove /a~): path has a ~ not followed by 0 or 1'],
  ];
  for (const [patch, message] of cases) assertPatchError({ a: 1 }, patch, message);
});

test('the failing operation is available to callers as operationIndex', () => {
  try {
    applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 1 }, { op: 'test', path: '/a', value: 2 }]);
    assert.fail('expected an error');
  } catch (error) {
    assert.ok(error instanceof JsonPatchError);
    assert.equal(error.operationIndex, 1);
  }
});

test('paths through __proto__, constructor or prototype are rejected and pollute nothing', () => {
  const patches = [
    [{ op: 'add', path: '/__proto__/polluted', value: true }],
    [{ op: 'replace', path: '/constructor/prototype/polluted', value: true }],
    [{ op: 'add', path: '/a/prototype', value: true }],
    [{ op: 'copy', from: '/__proto__', path: '/b' }],
    [{ op: 'move', from: '/constructor', path: '/b' }],
    [{ op: 'test', path: '/__proto__', value: {} }],
  ];
  for (const patch of patches) assertPatchError({ a: {} }, patch, /segment "(__proto__|constructor|prototype)" is not allowed$/);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
});

// ---- Decimals -------------------------------------------------------------------------------------------------

test('decimals survive a patch of another field', () => {
  const observation = '{"resourceType":"Observation","status":"preliminary","valueQuantity":{"value":75.0,"unit":"kg"},"component":[{"valueQuantity":{"value":0.10}}]}';
  const result = patchText(observation, '[{"op":"replace","path":"/status","value":"final"}]');
  assert.equal(result, observation.replace('preliminary', 'final'));
});

test('a decimal in the patch keeps its precision', () => {
  const document = '{"valueQuantity":{"value":70},"list":[1]}';
  const patch = '[{"op":"replace","path":"/valueQuantity/value","value":75.0},{"op":"add","path":"/list/0","value":2.50},{"op":"add","path":"/nested","value":{"v":1.50e2}}]';
  assert.equal(patchText(document, patch), '{"valueQuantity":{"value":75.0},"list":[2.50,1],"nested":{"v":1.50e2}}');
});

test('replacing 75.0 with 75 writes 75', () => {
  assert.equal(patchText('{"value":75.0}', '[{"op":"replace","path":"/value","value":75}]'), '{"value":75}');
  assert.equal(patchText('{"value":75.0}', '[{"op":"add","path":"/value","value":75}]'), '{"value":75}');
});

test('decimals in an array keep their spelling when items before them are added or removed', () => {
  const document = '{"list":[1.0,2.50,3,4.0]}';
  assert.equal(patchText(document, '[{"op":"remove","path":"/list/0"}]'), '{"list":[2.50,3,4.0]}');
  assert.equal(patchText(document, '[{"op":"add","path":"/list/1","value":9}]'), '{"list":[1.0,9,2.50,3,4.0]}');
  assert.equal(patchText(document, '[{"op":"add","path":"/list/0","value":1}]'), '{"list":[1,1.0,2.50,3,4.0]}');
});

test('a moved or copied decimal keeps its spelling', () => {
  const document = '{"a":{"value":75.0},"list":[1.0,2.50,3.0]}';
  assert.equal(patchText(document, '[{"op":"move","from":"/a/value","path":"/b"}]'), '{"a":{},"list":[1.0,2.50,3.0],"b":75.0}');
  assert.equal(patchText(document, '[{"op":"copy","from":"/a/value","path":"/list/0"}]'), '{"a":{"value":75.0},"list":[75.0,1.0,2.50,3.0]}');
  assert.equal(patchText(document, '[{"op":"move","from":"/list/0","path":"/list/-"}]'), '{"a":{"value":75.0},"list":[2.50,3.0,1.0]}');
  assert.equal(patchText(document, '[{"op":"move","from":"/list/2","path":"/list/0"}]'), '{"a":{"value":75.0},"list":[3.0,1.0,2.50]}');
  assert.equal(patchText(document, '[{"op":"copy","from":"/a","path":"/c"}]'), '{"a":{"value":75.0},"list":[1.0,2.50,3.0],"c":{"value":75.0}}');
});

test('the input keeps its decimals after being patched', () => {
  const document = parseJson('{"value":75.0,"list":[1.0,2.0]}');
  applyJsonPatch(document, parseJson('[{"op":"remove","path":"/list/0"},{"op":"replace","path":"/value","value":1}]'));
  assert.equal(stringifyJson(document), '{"value":75.0,"list":[1.0,2.0]}');
});
