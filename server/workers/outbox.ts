// The durable outbox: a change and the message it must cause commit together (enqueue inside the caller's
// transaction), and workers deliver the message afterwards, at least once, until the peer has it or refuses it.
//
// - Several Sen processes can run workers on one database: claims use FOR UPDATE SKIP LOCKED.
// - A claim is a lease: if the worker's process dies mid-delivery, another worker takes the message over when the
//   lease runs out. A delivery therefore may reach the peer twice; the idempotency key (e.g. the prescription code)
//   is what lets the peer, and the sender, recognise the repeat.
// - Timeouts, network errors and 5xx are retried with exponential backoff and jitter; 4xx (422 included) fail the
//   message at once with the peer's reason, for a person to act on.
// - Every attempt is recorded (outbox_attempt), and the message's status is readable by its key.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db, PrismaClient } from '../db/client.ts';
import { logger } from '../logger.ts';
import { retryDelayMs, type BackoffOptions } from './backoff.ts';
import type { DeliveryContext, DeliveryOutcome } from './delivery-outcome.ts';
import {
  claimDue,
  insertMessage,
  recordAttempt,
  selectAttempts,
  selectBacklog,
  selectMessage,
  type AttemptOutcome,
  type AttemptRecord,
  type AttemptResult,
  type BacklogRow,
  type ClaimedMessage,
  type OutboxEntry,
} from './outbox-store.ts';

export type { AttemptRecord, BacklogRow, OutboxEntry, OutboxStatus } from './outbox-store.ts';
export type { DeliveryContext, DeliveryOutcome } from './delivery-outcome.ts';

export interface OutboxMessage {
  /** Which handler delivers it. */
  topic: string;
  /** Unique across the outbox: enqueueing an existing key keeps the first message. */
  key: string;
  /** Anything JSON can hold; stored as JSON text. */
  payload: unknown;
}

/** Queues a message in the caller's transaction (or on its own, given the client). */
export function enqueueOutboxMessage(db: Db, message: OutboxMessage): Promise<{ id: number; created: boolean }> {
  return insertMessage(db, message.topic, message.key, message.payload);
}

export function findOutboxMessage(db: Db, key: string): Promise<OutboxEntry | undefined> {
  return selectMessage(db, key);
}

export function outboxAttempts(db: Db, messageId: number): Promise<AttemptRecord[]> {
  return selectAttempts(db, messageId);
}

/** What is waiting to be delivered, per topic (for /metrics). */
export function outboxBacklog(db: Db): Promise<BacklogRow[]> {
  return selectBacklog(db);
}

export interface OutboxHandler {
  topic: string;
  /** One attempt. A thrown error counts as a retryable failure (the network, a timeout). */
  deliver(payload: unknown, context: DeliveryContext): Promise<DeliveryOutcome>;
}

export interface OutboxWorkerOptions {
  handlers: readonly OutboxHandler[];
  /** How often to look for due messages when idle. */
  pollIntervalMs?: number;
  /** Messages claimed and delivered together. */
  batchSize?: number;
  /** An attempt still running after this is abandoned and retried. */
  deliveryTimeoutMs?: number;
  /** How long a claim protects a message; longer than a delivery can take, so that only dead workers lose theirs. */
  leaseMs?: number;
  backoff?: BackoffOptions;
  /** Attempts after which a message that keeps failing is given up (failed). */
  maxAttempts?: number;
}

const DEFAULTS = {
  pollIntervalMs: 2_000,
  batchSize: 10,
  deliveryTimeoutMs: 30_000,
  backoff: { baseMs: 10_000, maxMs: 3_600_000 },
  maxAttempts: 25,
};

class StoppedError extends Error {}

/**
 * For /readyz: `stalled` when the loop has not come round for much longer than a poll and the slowest delivery take,
 * `crashed` when it ended on an error, `stopped` before start and after stop.
 */
export interface OutboxWorkerHealth {
  state: 'running' | 'stalled' | 'crashed' | 'stopped';
  lastCycleAt?: Date;
}

/**
 * Attempts recorded by this worker since it started, per topic and outcome (for /metrics); `given_up` is the last
 * retryable failure, after which the message is failed.
 */
export interface AttemptCount {
  topic: string;
  outcome: (typeof COUNTED_OUTCOMES)[number];
  count: number;
}

const COUNTED_OUTCOMES = ['delivered', 'retry', 'failed', 'given_up', 'interrupted'] as const satisfies readonly (AttemptOutcome | 'given_up')[];

export class OutboxWorker {
  /** Names this worker in claims and attempts: host, process and a random part. */
  readonly workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly handlers: ReadonlyMap<string, OutboxHandler>;
  private readonly options: Required<Omit<OutboxWorkerOptions, 'handlers'>>;
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  /** A wake-up that came while the worker was busy: the next idle period is skipped. */
  private wokenWhileBusy = false;
  private lastCycleAt: number | undefined;
  private crashed = false;
  private readonly attemptCounts = new Map<string, AttemptCount>();

  constructor(
    private readonly prisma: PrismaClient,
    options: OutboxWorkerOptions,
  ) {
    this.handlers = new Map(options.handlers.map((handler) => [handler.topic, handler]));
    // Every count exists from the start at 0: Prometheus's increase() cannot see a series' first step from nothing.
    for (const topic of this.handlers.keys()) {
      for (const outcome of COUNTED_OUTCOMES) this.attemptCounts.set(`${topic}\n${outcome}`, { topic, outcome, count: 0 });
    }
    const deliveryTimeoutMs = options.deliveryTimeoutMs ?? DEFAULTS.deliveryTimeoutMs;
    this.options = {
      pollIntervalMs: options.pollIntervalMs ?? DEFAULTS.pollIntervalMs,
      batchSize: options.batchSize ?? DEFAULTS.batchSize,
      deliveryTimeoutMs,
      leaseMs: options.leaseMs ?? deliveryTimeoutMs * 2,
      backoff: options.backoff ?? DEFAULTS.backoff,
      maxAttempts: options.maxAttempts ?? DEFAULTS.maxAttempts,
    };
    if (this.options.leaseMs <= deliveryTimeoutMs) throw new RangeError('The lease must be longer than the delivery timeout');
  }

  /** Starts polling in the background; `stop` ends it. */
  start(): void {
    this.lastCycleAt = Date.now();
    this.loop ??= this.run().catch((error: unknown) => {
      this.crashed = true;
      logger.error('outbox worker crashed', { worker: this.workerId, error });
    });
  }

  get topics(): string[] {
    return [...this.handlers.keys()];
  }

  health(now = Date.now()): OutboxWorkerHealth {
    const lastCycleAt = this.lastCycleAt === undefined ? undefined : new Date(this.lastCycleAt);
    if (this.crashed) return { state: 'crashed', lastCycleAt };
    if (!this.loop || this.stopping.signal.aborted || this.lastCycleAt === undefined) return { state: 'stopped', lastCycleAt };
    const stalledAfterMs = 3 * this.options.pollIntervalMs + this.options.leaseMs;
    return { state: now - this.lastCycleAt > stalledAfterMs ? 'stalled' : 'running', lastCycleAt };
  }

  attempts(): AttemptCount[] {
    return [...this.attemptCounts.values()].map((count) => ({ ...count }));
  }

  /** Looks for due messages now rather than at the next poll (after enqueueing, once the transaction committed). */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.wokenWhileBusy = true;
  }

  /**
   * Stops claiming, interrupts deliveries in flight (recorded as interrupted, due again at once for any worker) and
   * waits for the loop to end.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.wakeUp?.();
    await this.loop;
  }

  /** Claims and delivers one batch; the number of messages it handled. */
  private async runOnce(): Promise<number> {
    if (this.stopping.signal.aborted) return 0;
    const claimed = await claimDue(this.prisma, [...this.handlers.keys()], this.workerId, this.options.batchSize, this.options.leaseMs);
    await Promise.all(claimed.map((message) => this.deliver(message)));
    return claimed.length;
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      let handled = 0;
      try {
        handled = await this.runOnce();
      } catch (error) {
        // The database may be restarting; the next poll tries again.
        if (!this.stopping.signal.aborted) logger.error('outbox poll failed', { worker: this.workerId, error });
      }
      this.lastCycleAt = Date.now();
      if (handled === 0) await this.idle();
    }
  }

  private idle(): Promise<void> {
    if (this.wokenWhileBusy) {
      this.wokenWhileBusy = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.pollIntervalMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }

  private async deliver(message: ClaimedMessage): Promise<void> {
    const handler = this.handlers.get(message.topic)!;
    // Our own timer, not AbortSignal.timeout: inside AbortSignal.any, Node 20 may collect that signal before it fires
    // (nodejs/node#57736) and the attempt would never time out.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException('delivery timed out', 'TimeoutError')), this.options.deliveryTimeoutMs);
    const signal = AbortSignal.any([this.stopping.signal, deadline.signal]);
    let outcome: DeliveryOutcome | StoppedError;
    try {
      // A handler that ignores the signal must not hold the worker: the race ends the attempt either way.
      outcome = await Promise.race([handler.deliver(message.payload, { attempt: message.attempt, signal }), aborted(signal)]);
    } catch (error) {
      outcome = this.stopping.signal.aborted ? new StoppedError() : { kind: 'retry', error: describe(error, this.options.deliveryTimeoutMs) };
    } finally {
      clearTimeout(timer);
    }
    const result = this.resultOf(message, outcome);
    try {
      const recorded = await recordAttempt(this.prisma, message, this.workerId, result);
      if (!recorded) {
        logger.warn('outbox claim lost before the attempt was recorded', { worker: this.workerId, message: message.id, attempt: message.attempt });
      } else {
        this.count(message.topic, result.outcome === 'retry' && result.status === 'failed' ? 'given_up' : result.outcome);
        logger.info('outbox delivery attempt', { message: message.id, topic: message.topic, attempt: message.attempt, outcome: result.outcome, status: result.status });
      }
    } catch (error) {
      // Nothing recorded: the lease runs out and another worker (or this one, later) tries again.
      logger.error('outbox attempt could not be recorded', { worker: this.workerId, message: message.id, error });
    }
  }

  private count(topic: string, outcome: AttemptCount['outcome']): void {
    this.attemptCounts.get(`${topic}\n${outcome}`)!.count++;
  }

  private resultOf(message: ClaimedMessage, outcome: DeliveryOutcome | StoppedError): AttemptResult {
    if (outcome instanceof StoppedError) return { outcome: 'interrupted', status: 'pending', delayMs: 0, error: 'The worker stopped during the attempt' };
    switch (outcome.kind) {
      case 'delivered':
        return { outcome: 'delivered', status: 'delivered', delayMs: 0, httpStatus: outcome.httpStatus, result: outcome.result };
      case 'failed':
        return { outcome: 'failed', status: 'failed', delayMs: 0, httpStatus: outcome.httpStatus, error: outcome.error };
      case 'retry': {
        if (message.attempt >= this.options.maxAttempts) {
          const error = `Given up after ${message.attempt} attempts; last error: ${outcome.error}`;
          return { outcome: 'retry', status: 'failed', delayMs: 0, httpStatus: outcome.httpStatus, error };
        }
        const delayMs = retryDelayMs(message.attempt, this.options.backoff, Math.random, outcome.retryAfterMs);
        return { outcome: 'retry', status: 'pending', delayMs, httpStatus: outcome.httpStatus, error: outcome.error };
      }
    }
  }
}

/** Rejects when the signal aborts; the reason tells a timeout from a stop. */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `No answer within ${timeoutMs} ms`;
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
  return String(error);
}
