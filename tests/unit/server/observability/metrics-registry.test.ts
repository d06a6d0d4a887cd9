import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeLabelValue, MetricsRegistry } from '../../../../server/observability/metrics-registry.ts';

test('label values escape backslash, double quote and line feed; HELP escapes backslash and line feed', async () => {
  assert.equal(escapeLabelValue('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
  const registry = new MetricsRegistry();
  registry.counter('sen_test_total', 'Line one\nline two \\ "quoted"', ['path']).inc({ path: 'C:\\x "y"\nz' });
  assert.equal(await registry.render(), [
    '# HELP sen_test_total Line one\\nline two \\\\ "quoted"',
    '# TYPE sen_test_total counter',
    'sen_test_total{path="C:\\\\x \\"y\\"\\nz"} 1',
    '',
  ].join('\n'));
});

test('a counter adds per label set whatever the order its labels are given in, and never goes down', async () => {
  const registry = new MetricsRegistry();
  const counter = registry.counter('sen_requests_total', 'Requests', ['a', 'b']);
  counter.inc({ a: '1', b: '2' });
  counter.inc({ b: '2', a: '1' }, 2);
  counter.inc({ a: '1', b: '3' });
  const text = await registry.render();
  assert.match(text, /^sen_requests_total\{a="1",b="2"\} 3$/m);
  assert.match(text, /^sen_requests_total\{a="1",b="3"\} 1$/m);
  assert.throws(() => counter.inc({ a: '1', b: '2' }, -1), RangeError);
  assert.throws(() => counter.inc({ a: '1' }), /takes the labels a, b/);
  assert.throws(() => counter.inc({ a: '1', b: '2', c: '3' }), /takes the labels/);
});

test('histogram buckets are cumulative, +Inf equals the count, and _sum adds the observations', async () => {
  const registry = new MetricsRegistry();
  const histogram = registry.histogram('sen_duration_seconds', 'Durations', ['route'], [0.1, 1, 10]);
  for (const value of [0.05, 0.1, 0.5, 2, 20]) histogram.observe({ route: 'x' }, value);
  const lines = (await registry.render()).split('\n');
  assert.deepEqual(lines.filter((line) => line.startsWith('sen_duration_seconds')), [
    'sen_duration_seconds_bucket{route="x",le="0.1"} 2',
    'sen_duration_seconds_bucket{route="x",le="1"} 3',
    'sen_duration_seconds_bucket{route="x",le="10"} 4',
    'sen_duration_seconds_bucket{route="x",le="+Inf"} 5',
    'sen_duration_seconds_sum{route="x"} 22.65',
    'sen_duration_seconds_count{route="x"} 5',
  ]);
  assert.ok(lines.includes('# TYPE sen_duration_seconds histogram'));
});

test('collected gauges and counters are read at render time; a metric without samples keeps HELP and TYPE', async () => {
  const registry = new MetricsRegistry();
  let depth = 1;
  registry.gauge('sen_depth', 'Depth', async () => [{ labels: { topic: 't' }, value: depth }]);
  registry.collectedCounter('sen_done_total', 'Done', () => []);
  assert.match(await registry.render(), /^sen_depth\{topic="t"\} 1$/m);
  depth = 7;
  const text = await registry.render();
  assert.match(text, /^sen_depth\{topic="t"\} 7$/m);
  assert.match(text, /^# HELP sen_done_total Done\n# TYPE sen_done_total counter$/m);
});

test('invalid or duplicate names are refused when registered, not when scraped', () => {
  const registry = new MetricsRegistry();
  registry.counter('sen_a_total', 'A');
  assert.throws(() => registry.counter('sen_a_total', 'A'), /twice/);
  assert.throws(() => registry.counter('sen-b', 'B'), /Invalid metric name/);
  assert.throws(() => registry.counter('sen_c_total', 'C', ['le']), /invalid label name/);
  assert.throws(() => registry.histogram('sen_d_seconds', 'D', [], [1, 1]), /ascend/);
});
