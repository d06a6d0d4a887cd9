// What a sender reports after one delivery attempt, and how HTTP answers map onto it: timeouts, 5xx, 408 and 429 are
// worth another try; any other 4xx (422 included) is the peer refusing this message, which retrying cannot change.

export type DeliveryOutcome =
  | { kind: 'delivered'; result?: unknown; httpStatus?: number }
  | { kind: 'retry'; error: string; httpStatus?: number; retryAfterMs?: number }
  | { kind: 'failed'; error: string; httpStatus?: number };

export interface DeliveryContext {
  /** 1 for the first attempt. A later attempt may follow one that reached the peer without an answer coming back. */
  attempt: number;
  /** Aborted when the attempt times out or the worker stops. */
  signal: AbortSignal;
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now. */
function retryAfterMs(header: string | null | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export function outcomeOfHttpFailure(httpStatus: number, error: string, retryAfter?: string | null): DeliveryOutcome {
  if (httpStatus >= 500 || httpStatus === 408 || httpStatus === 429) {
    const wait = retryAfterMs(retryAfter, Date.now());
    return wait === undefined ? { kind: 'retry', error, httpStatus } : { kind: 'retry', error, httpStatus, retryAfterMs: wait };
  }
  return { kind: 'failed', error, httpStatus };
}
