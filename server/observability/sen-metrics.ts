import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../db/client.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import { outboxBacklog, type BacklogRow, type OutboxWorker } from '../workers/outbox.ts';
import { logger } from '../logger.ts';
import { MetricsRegistry, type Counter, type Histogram, type Sample } from './metrics-registry.ts';
import { registerProcessMetrics } from './process-metrics.ts';

// From a cached read (a few ms) to a large transaction Bundle or a slow search (tens of seconds).
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

// Well inside Prometheus's default 10 s scrape timeout: a slow database must not make the whole scrape fail, which
// would read as Sen being down.
const BACKLOG_TIMEOUT_MS = 2_000;

export interface MetricsSources {
  database: Database;
  audit: AuditTrail;
  version: string;
  /** Absent when nothing is delivered (no national prescription system configured). */
  outbox?: OutboxWorker;
}

/** Every metric Sen exports (docs/operations.md explains each); one set per running server. */
export class SenMetrics {
  readonly registry = new MetricsRegistry();
  readonly httpRequests: Counter;
  readonly httpDuration: Histogram;
  readonly logins: Counter;
  readonly loginFailures: Counter;
  /** Requests received and not yet answered; kept by the request middleware. */
  httpInFlight = 0;

  constructor(sources: MetricsSources) {
    const { registry } = this;
    this.httpRequests = registry.counter('sen_http_requests_total', 'HTTP requests answered, by route class, method and status class', ['route_class', 'method', 'status_class']);
    this.httpDuration = registry.histogram('sen_http_request_duration_seconds', 'Time from receiving a request to the end of its answer', ['route_class', 'method'], DURATION_BUCKETS);
    registry.gauge('sen_http_requests_in_flight', 'Requests received and not yet answered', () => [{ value: this.httpInFlight }]);
    this.logins = registry.counter('sen_auth_logins_total', 'Successful sign-ins, by grant (password: a person; client_credentials: a machine client)', ['grant']);
    this.loginFailures = registry.counter('sen_auth_login_failures_total', 'Refused sign-ins, by grant and reason (invalid_credentials, rate_limited)', ['grant', 'reason']);
    // At 0 from the start, so that rate() and increase() see the first failure (they need a previous sample).
    for (const grant of ['password', 'client_credentials']) {
      this.logins.inc({ grant }, 0);
      this.loginFailures.inc({ grant, reason: 'invalid_credentials' }, 0);
    }
    this.loginFailures.inc({ grant: 'password', reason: 'rate_limited' }, 0);
    registerDatabaseMetrics(registry, sources.database);
    registerOutboxMetrics(registry, sources.database, sources.outbox);
    registerAuditMetrics(registry, sources.audit);
    registerProcessMetrics(registry, sources.version);
  }
}

/** The embedded database has a single connection and no pool, so these exist on PostgreSQL only. */
function registerDatabaseMetrics(registry: MetricsRegistry, database: Database): void {
  const stats = database.poolStats;
  if (!stats) return;
  registry.gauge('sen_db_pool_connections', 'PostgreSQL connections held by the pool, by state (in_use, idle)', () => {
    const { total, idle } = stats();
    return [{ labels: { state: 'in_use' }, value: total - idle }, { labels: { state: 'idle' }, value: idle }];
  });
  registry.gauge('sen_db_pool_max_connections', 'Largest number of connections the pool opens (SEN_DB_POOL_SIZE)', () => [{ value: stats().max }]);
  registry.gauge('sen_db_pool_waiting_requests', 'Queries waiting for a free connection', () => [{ value: stats().waiting }]);
}

function registerOutboxMetrics(registry: MetricsRegistry, database: Database, outbox: OutboxWorker | undefined): void {
  // The three gauges below come from one query per scrape.
  let pending: Promise<BacklogRow[] | undefined> | undefined;
  const read = async (): Promise<BacklogRow[] | undefined> => {
    const timer = new AbortController();
    const timeout = sleep(BACKLOG_TIMEOUT_MS, undefined, { signal: timer.signal }).then(() => {
      throw new Error(`no answer within ${BACKLOG_TIMEOUT_MS} ms`);
    });
    try {
      return await Promise.race([outboxBacklog(database.prisma), timeout]);
    } catch (error) {
      // The scrape still answers (the process metrics matter most when the database is down); the gauges are absent.
      logger.warn('outbox backlog could not be read for /metrics', { error });
      return undefined;
    } finally {
      timer.abort();
      timeout.catch(() => undefined);
    }
  };
  const backlog = () => {
    pending ??= read().finally(() => {
      pending = undefined;
    });
    return pending;
  };
  // Topics the worker delivers report 0 when nothing waits, so that an alert on them does not go silent.
  const perTopic = async (status: BacklogRow['status'], value: (row: BacklogRow) => number): Promise<Sample[]> => {
    const rows = await backlog();
    if (!rows) return [];
    const values = new Map<string, number>(outbox?.topics.map((topic) => [topic, 0]));
    for (const row of rows) if (row.status === status) values.set(row.topic, value(row));
    return [...values].map(([topic, count]) => ({ labels: { topic }, value: count }));
  };
  registry.gauge('sen_outbox_pending_messages', 'Messages waiting to be delivered (including those backing off after a failed attempt)', () =>
    perTopic('pending', (row) => row.messages));
  registry.gauge('sen_outbox_oldest_pending_age_seconds', 'Age of the oldest message waiting to be delivered (0 when none waits)', () =>
    perTopic('pending', (row) => row.oldestSeconds));
  registry.gauge('sen_outbox_in_flight_messages', 'Messages a worker has claimed and is delivering', () =>
    perTopic('in_flight', (row) => row.messages));
  if (!outbox) return;
  registry.collectedCounter('sen_outbox_delivery_attempts_total',
    "This process's delivery attempts, by topic and outcome (delivered; retry: failed, tried again later; failed: refused by the peer; given_up: failed too often; interrupted: the worker stopped)",
    () => outbox.attempts().map(({ topic, outcome, count }) => ({ labels: { topic, outcome }, value: count })));
  registry.gauge('sen_outbox_worker_up', '1 while the outbox worker runs its loop, 0 when it has stopped, stalled or crashed', () =>
    [{ value: outbox.health().state === 'running' ? 1 : 0 }]);
}

/** The write-behind audit queue: when it fills (the database is slow or down) the FHIR API answers 503. */
function registerAuditMetrics(registry: MetricsRegistry, audit: AuditTrail): void {
  registry.gauge('sen_audit_queue_entries', 'Audit entries recorded but not yet written to the database', () => [{ value: audit.backlog().queued }]);
  registry.gauge('sen_audit_queue_capacity_entries', 'Queued audit entries at which the FHIR API refuses work (503) rather than serve unaudited', () =>
    [{ value: audit.backlog().capacity }]);
}
