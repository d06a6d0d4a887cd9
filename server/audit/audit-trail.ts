import type { PrismaClient } from '../db/client.ts';
import { logger } from '../logger.ts';
import type { AuditEntry } from './audit-event.ts';
import { appendAuditEntries, type ChainHead } from './audit-store.ts';

export interface AuditTrailOptions {
  /** How long an entry may wait for companions before its batch is written. */
  flushDelayMs?: number;
  /** Entries per INSERT. */
  batchSize?: number;
  /** Queue length at which new requests are refused until the trail catches up. */
  capacity?: number;
}

const RETRY_MS = 1_000;

/**
 * Write-behind audit: a request records its entry in a bounded in-memory queue and goes on; a single flusher writes
 * the queue in ordered batches every 50 ms (an INSERT costs the server about the same for 1 row or 30), and all of
 * it on shutdown. Reads therefore pay for an array push, not a database round trip. What this costs: entries of the
 * last ~50 ms are lost if the process is killed outright. When the database cannot keep up (or is down) the queue fills, and `saturated()`
 * makes the request pipeline refuse work (503) rather than serve it unaudited.
 */
export class AuditTrail {
  private queue: AuditEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private retryAt = 0;
  /** The chain's newest entry as this process last wrote it; stale when another process appended since. */
  private head: ChainHead | undefined;
  private readonly flushDelayMs: number;
  private readonly batchSize: number;
  private readonly capacity: number;

  constructor(private readonly prisma: PrismaClient, options: AuditTrailOptions = {}) {
    this.flushDelayMs = options.flushDelayMs ?? 50;
    this.batchSize = options.batchSize ?? 500;
    this.capacity = options.capacity ?? 10_000;
  }

  record(entry: AuditEntry): void {
    this.queue.push(entry);
    this.schedule(this.flushDelayMs);
  }

  saturated(): boolean {
    return this.queue.length >= this.capacity;
  }

  /** Entries waiting to be written, and how many make the API refuse work (for /metrics). */
  backlog(): { queued: number; capacity: number } {
    return { queued: this.queue.length, capacity: this.capacity };
  }

  /** Writes everything queued so far (tests, shutdown); rejects if the database refuses. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.flushing) {
      if (this.flushing) {
        await this.flushing;
        continue;
      }
      await this.writeBatch(true);
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.flushing) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writeBatch(false).catch(() => undefined);
    }, Math.max(delayMs, this.retryAt - Date.now()));
    this.timer.unref();
  }

  /** Writes the head of the queue; only one batch is ever in flight, so entries are written once and in order. */
  private writeBatch(rethrow: boolean): Promise<void> {
    if (this.flushing) return this.flushing;
    const batch = this.queue.slice(0, this.batchSize);
    if (batch.length === 0) return Promise.resolve();
    this.flushing = appendAuditEntries(this.prisma, batch, this.head).then(
      (head) => {
        this.head = head;
        this.queue.splice(0, batch.length);
        this.retryAt = 0;
      },
      (error: unknown) => {
        // The batch stays at the head of the queue, so order is kept when the database is back.
        this.retryAt = Date.now() + RETRY_MS;
        this.head = undefined;
        logger.error('audit entries could not be written; retrying', { error, queued: this.queue.length });
        if (rethrow) throw error;
      },
    ).finally(() => {
      this.flushing = undefined;
      if (this.queue.length > 0) this.schedule(this.queue.length >= this.batchSize ? 0 : this.flushDelayMs);
    });
    return this.flushing;
  }
}
