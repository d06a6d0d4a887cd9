/**
 * Counts requests per key (a client address, a username) in fixed one-minute windows. Kept in memory: correct for
 * one Sen process; behind a load balancer each process counts on its own, so the effective limit is multiplied by
 * the number of processes (docs/security.md).
 */
export class RateLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();
  // A flood of distinct keys must not grow memory without bound; past this, unknown keys are limited too.
  private static readonly MAX_KEYS = 100_000;

  constructor(private readonly limit: number, private readonly windowMs = 60_000) {}

  /** Counts one request; returns the seconds to wait when the key is over its limit, 0 when it may go ahead. */
  hit(key: string, now = Date.now()): number {
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.counts.clear();
    }
    const wait = Math.ceil((this.windowStart + this.windowMs - now) / 1000);
    const count = this.counts.get(key);
    if (count === undefined && this.counts.size >= RateLimiter.MAX_KEYS) return wait;
    const next = (count ?? 0) + 1;
    this.counts.set(key, next);
    return next > this.limit ? wait : 0;
  }
}
