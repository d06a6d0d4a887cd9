// When to try a failed delivery again: exponential backoff with jitter, so that a peer coming back after an outage is
// not hit by every Sen process at the same instant.

export interface BackoffOptions {
  /** Delay after the first failed attempt. */
  baseMs: number;
  /** Longest delay between attempts. */
  maxMs: number;
}

/**
 * base × 2^(attempt − 1), capped, then "equal jitter": half of it fixed, half random. The fixed half keeps the
 * growth, the random half spreads retries out. A peer's Retry-After is honoured when it asks for longer.
 */
export function retryDelayMs(attempt: number, options: BackoffOptions, random: () => number = Math.random, retryAfterMs = 0): number {
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.round(Math.max(jittered, retryAfterMs));
}
