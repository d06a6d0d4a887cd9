import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';
import { enqueueOutboxMessage } from '../../../server/workers/outbox.ts';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef0123456789';

/** The log lines (JSON) written while `work` runs; they still reach the terminal. */
async function captureLogs(work: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  for (const stream of streams) {
    const original = stream.write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      lines.push(String(chunk));
      return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as typeof stream.write;
  }
  try {
    await work();
  } finally {
    streams.forEach((stream, i) => (stream.write = originals[i]));
  }
  return lines.flatMap((chunk) => chunk.split('\n')).filter((line) => line.startsWith('{"time"')).map((line) => JSON.parse(line));
}

/** Sample lines of the exposition as "name{labels}" → value. */
function samples(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}

for (const kind of databaseKinds()) {
  describe(`Metrics, request ids and readiness (${kind})`, () => {
    // /metrics closed to every network, so that only the token opens it (tests connect over loopback).
    let server: TestServer;
    const scrape = async (): Promise<{ text: string; values: Map<string, number> }> => {
      const response = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
      const text = await response.text();
      return { text, values: samples(text) };
    };
    before(async () => {
      server = await startTestServer(kind, { env: { SEN_METRICS_NETWORKS: 'none', SEN_METRICS_TOKEN: METRICS_TOKEN } });
    });
    after(() => server.close());

    test('FHIR reads and searches and a refused sign-in show in the counters, with consistent histograms', async () => {
      const before = (await scrape()).values;
      const created = await server.request('/fhir/R4/Patient', { method: 'POST', json: { resourceType: 'Patient', gender: 'female' } });
      assert.equal(created.status, 201);
      const { id } = await created.json();
      for (let i = 0; i < 3; i++) assert.equal((await server.request(`/fhir/R4/Patient/${id}`)).status, 200);
      assert.equal((await server.request('/fhir/R4/Patient?gender=female')).status, 200);
      assert.equal((await server.request('/fhir/R4/Patient/does-not-exist')).status, 404);
      const refused = await fetch(`${server.url}/auth/login`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'not-the-password' }),
      });
      assert.equal(refused.status, 401);

      const { text, values } = await scrape();
      const delta = (name: string) => (values.get(name) ?? 0) - (before.get(name) ?? 0);
      assert.equal(delta('sen_http_requests_total{route_class="fhir_read",method="GET",status_class="2xx"}'), 3);
      assert.equal(delta('sen_http_requests_total{route_class="fhir_read",method="GET",status_class="4xx"}'), 1);
      assert.equal(delta('sen_http_requests_total{route_class="fhir_search",method="GET",status_class="2xx"}'), 1);
      assert.equal(delta('sen_http_requests_total{route_class="fhir_write",method="POST",status_class="2xx"}'), 1);
      assert.equal(delta('sen_auth_login_failures_total{grant="password",reason="invalid_credentials"}'), 1);
      assert.ok((values.get('sen_auth_logins_total{grant="password"}') ?? 0) >= 1, 'the test server signed its admin in');
      assert.ok(!text.includes(id), 'no resource id in any label');

      // Every histogram series: buckets never decrease, +Inf equals _count.
      const read = 'route_class="fhir_read",method="GET"';
      const buckets = [...values].filter(([name]) => name.startsWith(`sen_http_request_duration_seconds_bucket{${read},`)).map(([, value]) => value);
      assert.ok(buckets.length > 2);
      assert.ok(buckets.every((value, i) => i === 0 || value >= buckets[i - 1]), 'cumulative buckets');
      assert.equal(values.get(`sen_http_request_duration_seconds_bucket{${read},le="+Inf"}`), values.get(`sen_http_request_duration_seconds_count{${read}}`));
      assert.equal(delta(`sen_http_request_duration_seconds_count{${read}}`), 4);
      assert.ok((values.get(`sen_http_request_duration_seconds_sum{${read}}`) ?? 0) > 0);

      for (const family of ['sen_outbox_pending_messages', 'sen_outbox_oldest_pending_age_seconds', 'sen_build_info', 'process_resident_memory_bytes', 'process_cpu_seconds_total', 'sen_event_loop_delay_seconds', 'process_start_time_seconds']) {
        assert.match(text, new RegExp(`^# TYPE ${family} (gauge|counter)$`, 'm'), family);
      }
      assert.equal(values.get('sen_http_requests_in_flight'), 1, 'the scrape itself');
      assert.equal(values.get('sen_audit_queue_capacity_entries'), 10_000);
      assert.ok((values.get('sen_audit_queue_entries') ?? -1) >= 0);
      assert.match(text, /^sen_build_info\{version="\d+\.\d+\.\d+",node_version="[^"]+"\} 1$/m);
      if (kind === 'postgresql') {
        assert.ok((values.get('sen_db_pool_connections{state="idle"}') ?? -1) >= 0);
        assert.equal(values.get('sen_db_pool_max_connections'), 10);
        assert.equal(values.get('sen_db_pool_waiting_requests'), 0);
      } else {
        assert.doesNotMatch(text, /sen_db_pool/, 'the embedded database has no pool');
      }
    });

    test('messages waiting in the outbox are counted per topic with the age of the oldest', async () => {
      await enqueueOutboxMessage(server.sen.context.database.prisma, { topic: 'metrics-test', key: 'metrics-test-1', payload: {} });
      await enqueueOutboxMessage(server.sen.context.database.prisma, { topic: 'metrics-test', key: 'metrics-test-2', payload: {} });
      const { values } = await scrape();
      assert.equal(values.get('sen_outbox_pending_messages{topic="metrics-test"}'), 2);
      assert.ok((values.get('sen_outbox_oldest_pending_age_seconds{topic="metrics-test"}') ?? -1) >= 0);
    });

    test('/metrics refuses a request without the token, or with a wrong one, from a network not allowed', async () => {
      for (const headers of [{} as Record<string, string>, { Authorization: 'Bearer wrong-token-0123456789abcdef0123456789' }, { Authorization: METRICS_TOKEN }]) {
        const response = await fetch(`${server.url}/metrics`, { headers });
        assert.equal(response.status, 403);
        assert.equal((await response.json()).error, 'forbidden');
      }
    });

    test('a request keeps a plain X-Request-Id and gets a new one otherwise, in the answer and in its log line', async () => {
      const given = 'proxy-7f3a9c2e-0001';
      let kept: Response | undefined;
      let replaced: Response | undefined;
      const logs = await captureLogs(async () => {
        kept = await server.request('/fhir/R4/Patient/nope', { headers: { 'X-Request-Id': given } });
        replaced = await server.request('/fhir/R4/Patient/nope', { headers: { 'X-Request-Id': 'bad id with spaces <script>' } });
      });
      assert.equal(kept!.headers.get('x-request-id'), given);
      const generated = replaced!.headers.get('x-request-id')!;
      assert.match(generated, /^[0-9a-f-]{36}$/);
      const requestLines = logs.filter((line) => line.message === 'request');
      assert.deepEqual(requestLines.map((line) => line.requestId), [given, generated]);
      assert.deepEqual(requestLines.map((line) => [line.route, line.method, line.status]), [['fhir_read', 'GET', 404], ['fhir_read', 'GET', 404]]);
      const unanswered = await fetch(`${server.url}/nowhere`, { method: 'POST' });
      assert.match(unanswered.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/, 'even a 404 outside the routers has one');
    });

    test('a warning logged while serving a request carries its id', async () => {
      // A retired SearchParameter is stored but not usable: the store warns, deep inside the write.
      const retired = {
        resourceType: 'SearchParameter', id: 'metrics-retired', url: 'https://sen.health.vn/fhir/SearchParameter/metrics-retired',
        name: 'retired', status: 'retired', description: 'Đã ngừng', code: 'retired', base: ['Patient'], type: 'token', expression: 'Patient.gender',
      };
      let requestId: string | null = null;
      const logs = await captureLogs(async () => {
        const response = await server.request(`/fhir/R4/SearchParameter/${retired.id}`, { method: 'PUT', json: retired });
        assert.ok(response.status < 300, await response.text());
        requestId = response.headers.get('x-request-id');
      });
      const warning = logs.find((line) => line.level === 'warn' && line.message === 'SearchParameter stored but not usable for search');
      assert.ok(warning, JSON.stringify(logs));
      assert.equal(warning.requestId, requestId);
      assert.equal(logs.find((line) => line.message === 'request')?.requestId, requestId);
    });

    test('a search’s query (names, national ids) never reaches the logs', async () => {
      const name = 'Nguyễn Thị Hoà';
      const cccd = '079190012345';
      const logs = await captureLogs(async () => {
        const search = await server.request(`/fhir/R4/Patient?name=${encodeURIComponent(name)}&identifier=${cccd}`);
        assert.equal(search.status, 200);
        const posted = await server.request('/fhir/R4/Patient/_search', {
          method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `name=${encodeURIComponent(name)}`,
        });
        assert.equal(posted.status, 200);
      });
      const text = JSON.stringify(logs);
      assert.equal(logs.filter((line) => line.message === 'request').length, 2);
      for (const secret of [name, encodeURIComponent(name), 'Nguy', cccd, 'name=']) assert.ok(!text.includes(secret), `"${secret}" logged`);
    });
  });

  describe(`Readiness with an outbox worker (${kind})`, () => {
    // A national prescription system nobody answers at: the worker runs, with nothing to send.
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind, { env: { SEN_DTQG_URL: 'http://127.0.0.1:9/', SEN_OUTBOX_POLL_MS: '50' } });
    });
    after(() => server.close());

    test('loopback may scrape by default, a request relayed by an untrusted proxy may not', async () => {
      const response = await fetch(`${server.url}/metrics`);
      assert.equal(response.status, 200);
      const values = samples(await response.text());
      assert.equal(values.get('sen_outbox_pending_messages{topic="national-prescription"}'), 0, 'a topic with nothing waiting reports 0');
      assert.equal(values.get('sen_outbox_worker_up'), 1);
      assert.equal(values.get('sen_outbox_delivery_attempts_total{topic="national-prescription",outcome="failed"}'), 0, 'present before the first failure');
      assert.equal((await fetch(`${server.url}/metrics`, { headers: { 'X-Forwarded-For': '203.0.113.7' } })).status, 403);
    });

    test('/readyz is ready while the worker loops and 503 once it has stopped; /healthz stays 200', async () => {
      const ready = await fetch(`${server.url}/readyz`);
      assert.equal(ready.status, 200);
      const body = await ready.json();
      assert.equal(body.status, 'ready');
      assert.equal(body.outbox, 'running');
      await server.sen.context.outbox!.stop();
      const degraded = await fetch(`${server.url}/readyz`);
      assert.equal(degraded.status, 503);
      assert.deepEqual({ ...(await degraded.json()), outboxLastCycleAt: undefined }, { status: 'degraded', database: 'ok', outbox: 'stopped', outboxLastCycleAt: undefined });
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      const values = samples(await (await fetch(`${server.url}/metrics`)).text());
      assert.equal(values.get('sen_outbox_worker_up'), 0);
    });
  });
}
