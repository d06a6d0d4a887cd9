import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PrismaClient } from '../../../../server/db/client.ts';
import { OutboxWorker } from '../../../../server/workers/outbox.ts';

const handler = { topic: 'test', deliver: async () => ({ kind: 'delivered' as const }) };

test('a worker whose loop stopped coming round is stalled, one never started or stopped is stopped', async () => {
  // A database that never answers: the first claim hangs, as it would on a lock or a dead connection.
  const hanging = { $queryRaw: () => new Promise(() => undefined) } as unknown as PrismaClient;
  const worker = new OutboxWorker(hanging, { handlers: [handler], pollIntervalMs: 50, deliveryTimeoutMs: 10, leaseMs: 20 });
  assert.equal(worker.health().state, 'stopped');
  worker.start();
  assert.equal(worker.health().state, 'running');
  await sleep(300);
  assert.equal(worker.health().state, 'stalled', 'no cycle for longer than 3 polls and a lease');
  void worker.stop();
  assert.equal(worker.health().state, 'stopped');
});

test('a worker that keeps polling an empty outbox stays running', async () => {
  const empty = { $queryRaw: async () => [] } as unknown as PrismaClient;
  const worker = new OutboxWorker(empty, { handlers: [handler], pollIntervalMs: 20, deliveryTimeoutMs: 10, leaseMs: 20 });
  worker.start();
  await sleep(300);
  assert.equal(worker.health().state, 'running');
  assert.ok(Date.now() - worker.health().lastCycleAt!.getTime() < 200);
  await worker.stop();
  assert.deepEqual(worker.attempts().filter(({ count }) => count > 0), []);
  assert.deepEqual(worker.attempts().map(({ outcome }) => outcome), ['delivered', 'retry', 'failed', 'given_up', 'interrupted'], 'every count exists at 0');
});

test('recorded attempts are counted per topic and outcome for /metrics', async () => {
  // Answers in the order the worker asks: one message claimed, its attempt recorded, then an empty outbox.
  const answers: unknown[][] = [[{ id: 1n, topic: 'test', key: 'k-1', payload: '{}', attempts: 1 }], [{ id: 1n }]];
  const database = { $queryRaw: async () => answers.shift() ?? [] } as unknown as PrismaClient;
  const worker = new OutboxWorker(database, { handlers: [handler], pollIntervalMs: 20, deliveryTimeoutMs: 10, leaseMs: 20 });
  worker.start();
  await sleep(100);
  await worker.stop();
  assert.deepEqual(worker.attempts().filter(({ count }) => count > 0), [{ topic: 'test', outcome: 'delivered', count: 1 }]);
});

test('the last retryable failure of a message is counted as given up, the others as retries', async () => {
  const failing = { topic: 'test', deliver: async () => ({ kind: 'retry' as const, error: 'busy' }) };
  const claim = (attempts: number) => [{ id: 1n, topic: 'test', key: 'k-1', payload: '{}', attempts }];
  const answers: unknown[][] = [claim(1), [{ id: 1n }], claim(2), [{ id: 1n }]];
  const database = { $queryRaw: async () => answers.shift() ?? [] } as unknown as PrismaClient;
  const worker = new OutboxWorker(database, { handlers: [failing], pollIntervalMs: 20, deliveryTimeoutMs: 10, leaseMs: 20, maxAttempts: 2 });
  worker.start();
  await sleep(150);
  await worker.stop();
  assert.deepEqual(worker.attempts().filter(({ count }) => count > 0), [{ topic: 'test', outcome: 'retry', count: 1 }, { topic: 'test', outcome: 'given_up', count: 1 }]);
});
