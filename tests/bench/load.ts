// Closed-loop load: N workers, each issuing its next request as soon as the previous one has answered, for a fixed
// time after a warm-up. Only requests started after the warm-up count; latency is measured per request.
import type { Operation } from './scenario.ts';
import { messageOf } from './errors.ts';

export interface LoadOptions {
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
  /** Statuses besides 2xx that are not errors. */
  expectedStatuses?: readonly number[];
  /** Stops the workers early (the server died, Ctrl-C); runLoad then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called once, when the measured window opens (after the warm-up). */
  onMeasureStart?: () => void;
}

export interface LoadResult {
  concurrency: number;
  requests: number;
  errors: number;
  /** Wall time of the measured window: from its start to the last measured answer. */
  seconds: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** Count per HTTP status (0 = no answer: connection error, timeout). */
  statuses: Map<number, number>;
  /** The first error seen, for the report. */
  firstError?: string;
  /** CPU used by this process during the window, in percent of one core. */
  benchCpuPercent: number;
}

/** Latencies in milliseconds, in a growable typed array (no per-request objects). */
class Samples {
  private values = new Float64Array(1 << 16);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = value;
  }

  sorted(): Float64Array {
    return this.values.subarray(0, this.length).sort();
  }
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

export async function runLoad(operationFor: (worker: number) => Operation, options: LoadOptions): Promise<LoadResult> {
  const { concurrency, expectedStatuses = [], signal } = options;
  const expected = new Set(expectedStatuses);
  const operations = Array.from({ length: concurrency }, (_, worker) => operationFor(worker));
  const samples = new Samples();
  const statuses = new Map<number, number>();
  let errors = 0;
  let firstError: string | undefined;
  let lastAnswer = 0n;
  let cpuAtStart: NodeJS.CpuUsage | undefined;

  const begin = process.hrtime.bigint();
  const measureFrom = begin + BigInt(Math.round(options.warmupSeconds * 1e9));
  const measureUntil = measureFrom + BigInt(Math.round(options.seconds * 1e9));
  // Opens the window on time even if every worker is stuck in a slow request.
  const opener = setTimeout(openWindow, options.warmupSeconds * 1000);
  function openWindow(): void {
    if (cpuAtStart) return;
    cpuAtStart = process.cpuUsage();
    options.onMeasureStart?.();
  }

  const work = async (operation: Operation): Promise<void> => {
    while (!signal?.aborted) {
      const started = process.hrtime.bigint();
      if (started >= measureUntil) return;
      let status: number;
      let failure: string | undefined;
      try {
        status = await operation();
      } catch (error) {
        status = 0;
        failure = messageOf(error);
      }
      const answered = process.hrtime.bigint();
      if (started < measureFrom) continue;
      if (!cpuAtStart) openWindow();
      samples.push(Number(answered - started) / 1e6);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if ((status < 200 || status > 299) && !expected.has(status)) {
        errors++;
        firstError ??= failure ?? `HTTP ${status}`;
      }
      if (answered > lastAnswer) lastAnswer = answered;
    }
  };

  try {
    await Promise.all(operations.map(work));
  } finally {
    clearTimeout(opener);
  }
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason ?? 'aborted'));

  const cpu = cpuAtStart && process.cpuUsage(cpuAtStart);
  const seconds = lastAnswer > measureFrom ? Number(lastAnswer - measureFrom) / 1e9 : options.seconds;
  const sorted = samples.sorted();
  let total = 0;
  for (let i = 0; i < sorted.length; i++) total += sorted[i];
  return {
    concurrency,
    requests: sorted.length,
    errors,
    seconds,
    requestsPerSecond: sorted.length / seconds,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    mean: sorted.length ? total / sorted.length : NaN,
    statuses,
    firstError,
    benchCpuPercent: cpu ? ((cpu.user + cpu.system) / 1e3 / (seconds * 1000)) * 100 : NaN,
  };
}
