import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cloneJson, JsonDepthError, JsonSyntaxError, parseJson, stringifyJson } from '../../../../fhir/json/lossless.ts';

const roundTrip = (text: string): string => stringifyJson(parseJson(text));

test('a decimal written as 75.0 comes back as 75.0', () => {
  const text = '{"resourceType":"Observation","valueQuantity":{"value":75.0,"unit":"kg"}}';
  assert.equal(roundTrip(text), text);
});

test('parsed decimals are ordinary numbers to the rest of the code', () => {
  const observation = parseJson('{"valueQuantity":{"value":75.0}}') as { valueQuantity: { value: number } };
  assert.equal(observation.valueQuantity.value, 75);
  assert.equal(typeof observation.valueQuantity.value, 'number');
  assert.deepEqual(parseJson('[0.10,1.50e2,-0]'), JSON.parse('[0.10,1.50e2,-0]'));
});

test('trailing zeros, exponents and negative zero keep their spelling', () => {
  for (const lexeme of ['0.10', '1.0', '-0', '-0.0', '1e3', '1E+3', '1e-7', '1.50e2', '2.00', '-3.50']) {
    const text = `{"value":${lexeme},"list":[${lexeme}]}`;
    assert.equal(roundTrip(text), text, lexeme);
  }
});

test('integers too big for a double keep all their digits', () => {
  const text = '{"id":12345678901234567890,"ids":[98765432109876543210123]}';
  assert.equal(roundTrip(text), text);
});

test('numbers whose spelling JSON.stringify keeps are written as usual', () => {
  const text = '{"a":0,"b":-1,"c":72.5,"d":1e+21,"e":[1,2,3],"f":0.001}';
  assert.equal(roundTrip(text), text);
});

test('whitespace is dropped: output is compact like JSON.stringify', () => {
  assert.equal(roundTrip('{\n  "value" : 75.0 ,\n  "list" : [ 1 , 2.0 ]\n}'), '{"value":75.0,"list":[1,2.0]}');
});

test('a duplicate key takes the last value, with the last spelling', () => {
  assert.equal(roundTrip('{"a":1.0,"a":2}'), '{"a":2}');
  assert.equal(roundTrip('{"a":1,"a":2.0}'), '{"a":2.0}');
  assert.equal(roundTrip('{"a":1.0,"a":1}'), '{"a":1}');
});

test('escaped quotes and backslashes in strings do not hide a decimal after them', () => {
  for (const text of ['["\\"",1.0]', '["\\\\",1.0]', '["\\\\\\"",1.0]', '{"note":"say \\"hi\\"","value":75.0}']) {
    assert.equal(roundTrip(text), text);
  }
});

test('a number changed after parsing is written as the new value', () => {
  const resource = parseJson('{"value":75.0,"list":[1.0,2.0],"zero":-0}') as { value: number; list: number[]; zero: number };
  resource.value = 80;
  resource.list[1] = 3;
  resource.zero = 0;
  assert.equal(stringifyJson(resource), '{"value":80,"list":[1.0,3],"zero":0}');
});

test('a number replaced by another type is written as that type', () => {
  const resource = parseJson('{"value":75.0}') as { value: unknown };
  resource.value = 'seventy-five';
  assert.equal(stringifyJson(resource), '{"value":"seventy-five"}');
});

test('strings with unicode and escapes come out exactly as JSON.stringify writes them', () => {
  const text = JSON.stringify({
    name: 'Nguyễn Văn An',
    note: 'quote " backslash \\ slash / newline \n tab \t bell \u0007 del \u007f',
    emoji: '😀 and a lone \ud800 surrogate',
    separators: 'line\u2028paragraph\u2029',
    'key with "quotes"': true,
  });
  assert.equal(roundTrip(text), text);
  assert.equal(roundTrip('"\\u00e9\\/\\ud83d\\ude00"'), JSON.stringify('é/😀'));
});

test('ordinary values are written exactly as JSON.stringify writes them', () => {
  const value = {
    resourceType: 'Patient',
    active: true,
    deceasedBoolean: false,
    photo: null,
    name: [{ family: 'Trần', given: ['Thị', 'Bình'] }],
    extension: [],
    meta: {},
    skipped: undefined,
    holes: [undefined, () => 1, Symbol('s')],
    infinite: [Infinity, NaN, -0],
  };
  assert.equal(stringifyJson(value), JSON.stringify(value));
});

test('values JSON cannot hold are refused like JSON.stringify refuses them', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => stringifyJson(cyclic), TypeError);
  assert.throws(() => stringifyJson({ big: 1n }), TypeError);
  assert.throws(() => stringifyJson(undefined), TypeError);
});

test('the same object may appear twice without being taken for a cycle', () => {
  const shared = { value: 1 };
  assert.equal(stringifyJson({ a: shared, b: [shared, shared] }), '{"a":{"value":1},"b":[{"value":1},{"value":1}]}');
});

test('a __proto__ key becomes an ordinary member and changes no prototype', () => {
  for (const text of ['{"__proto__":{"polluted":true}}', '{"__proto__":{"polluted":true},"value":1.0}']) {
    const parsed = parseJson(text) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
    assert.deepEqual(Object.keys(parsed).slice(0, 1), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((parsed as { polluted?: unknown }).polluted, undefined);
    assert.equal(stringifyJson(parsed), text);
    const copy = cloneJson(parsed);
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.equal(stringifyJson(copy), text);
  }
});

test('malformed JSON is rejected with a JsonSyntaxError saying what and where', () => {
  const cases: [string, RegExp][] = [
    ['', /^Unexpected end of input at line 1, column 1/],
    ['{"a":1,}', /^Unexpected token } at line 1, column 8/],
    ['{\n  "a": 1.0,\n  }', /^Unexpected token } at line 3, column 3/],
    ['[1.0 2]', /^Unexpected token 2 at line 1, column 6/],
    ['{"a" 1.0}', /^Unexpected token 1 at line 1, column 6/],
    ["{'a':1}", /^Unexpected token ' at line 1, column 2/],
    ['{"a":"unterminated}', /^Unterminated string at line 1, column 6/],
    ['"tab\there"', /^Bad control character U\+0009 in string at line 1, column 5/],
    ['"\\x"', /^Bad escape at line 1, column 2/],
    ['"\\u12g4"', /^Bad unicode escape at line 1, column 2/],
    ['tru', /^Unexpected end of input at line 1, column 4/],
    ['nul', /^Unexpected end of input/],
    ['{"a":1} trailing', /^Unexpected token t at line 1, column 9/],
    ['[1.0]]', /^Unexpected token ] at line 1, column 6/],
    ['\ufeff{}', /^Unexpected token U\+FEFF at line 1, column 1/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseJson(text), (error: unknown) => {
      assert.ok(error instanceof JsonSyntaxError, `${text} gave ${String(error)}`);
      assert.match(error.message, message, text);
      return true;
    });
    assert.throws(() => JSON.parse(text), SyntaxError, `JSON.parse accepts ${text}`);
  }
});

test('numbers outside the JSON grammar are rejected, with or without decimals elsewhere', () => {
  for (const number of ['01', '-01', '1.', '.5', '+1', '-', '1e', '1e+', '0x10', 'NaN', 'Infinity', '-Infinity', '1.5.2']) {
    for (const text of [`[${number}]`, `[1.0,${number}]`]) {
      assert.throws(() => parseJson(text), JsonSyntaxError, text);
      assert.throws(() => JSON.parse(text), SyntaxError, text);
    }
  }
});

test('the error position points at the fault in a malformed document that needs no decimals kept', () => {
  const error = catchError(() => parseJson('{"a":[1,2,}'));
  assert.ok(error instanceof JsonSyntaxError);
  assert.deepEqual([error.line, error.column, error.position], [1, 11, 10]);
});

test('lone surrogates are accepted, as JSON.parse accepts them', () => {
  assert.equal(parseJson('"\\ud800"'), '\ud800');
  assert.deepEqual(parseJson('["\ud800",1.0]'), ['\ud800', 1]);
  assert.equal(roundTrip('["\ud800",1.0]'), '["\\ud800",1.0]');
});

test('nesting up to the limit is accepted and deeper nesting throws JsonDepthError', () => {
  const nested = (depth: number, inner = '1'): string => '['.repeat(depth) + inner + ']'.repeat(depth);
  assert.deepEqual(parseJson(nested(100)), JSON.parse(nested(100)));
  assert.deepEqual(parseJson(nested(100, '1.0')), JSON.parse(nested(100)));
  for (const text of [nested(101), nested(101, '1.0'), '{"a":'.repeat(101) + '1' + '}'.repeat(101)]) {
    const error = catchError(() => parseJson(text));
    assert.ok(error instanceof JsonDepthError, String(error));
    assert.ok(error instanceof JsonSyntaxError);
    assert.match(error.message, /^JSON nested deeper than 100 levels at line 1, column/);
  }
});

test('the depth limit can be lowered or raised', () => {
  assert.throws(() => parseJson('{"a":{"b":{}}}', { maxDepth: 2 }), JsonDepthError);
  assert.deepEqual(parseJson('{"a":{"b":{}}}', { maxDepth: 3 }), { a: { b: {} } });
  const deep = '['.repeat(500) + ']'.repeat(500);
  assert.deepEqual(parseJson(deep, { maxDepth: 500 }), JSON.parse(deep));
});

test('brackets inside strings do not count towards the depth limit', () => {
  const text = JSON.stringify({ note: '['.repeat(500) + '{'.repeat(500), escaped: '\\"[[[' });
  assert.deepEqual(parseJson(text), JSON.parse(text));
});

test('a copy keeps the decimals of the original', () => {
  const text = '{"value":75.0,"component":[{"valueQuantity":{"value":0.10}}],"list":[1.50e2,2]}';
  const original = parseJson(text);
  const copy = cloneJson(original);
  assert.notEqual(copy, original);
  assert.deepEqual(copy, original);
  assert.equal(stringifyJson(copy), text);
});

test('changing a copy leaves the original and its decimals alone', () => {
  const original = parseJson('{"value":75.0,"nested":{"value":0.10}}') as { value: number; nested: { value: number } };
  const copy = cloneJson(original);
  copy.value = 1;
  copy.nested.value = 2;
  assert.equal(stringifyJson(original), '{"value":75.0,"nested":{"value":0.10}}');
  assert.equal(stringifyJson(copy), '{"value":1,"nested":{"value":2}}');
});

test('scalars and plain JS values can be copied too', () => {
  assert.equal(cloneJson(5), 5);
  assert.equal(cloneJson(null), null);
  assert.deepEqual(cloneJson({ a: [1, { b: 'c' }] }), { a: [1, { b: 'c' }] });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  assert.fail('expected an error');
}
