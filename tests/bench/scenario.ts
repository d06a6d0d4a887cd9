// What a benchmark scenario is. Scenario files (scenarios/*.ts) export lists of these; the runner knows no scenario.
import type { BenchClient } from './client.ts';

/** One timed operation of one worker; resolves to the HTTP status it got (a thrown error counts as an error). */
export type Operation = () => Promise<number>;

/** Goals shown beside the figures (PASS/MISS); never asserted. */
export interface Targets {
  /** The concurrency the targets apply at. */
  concurrency: number;
  minRequestsPerSecond?: number;
  maxP99Ms?: number;
}

export interface BenchContext {
  client: BenchClient;
  /** Ids of Patients known to exist before the first scenario (the pre-loaded data), in random order. */
  patientIds: readonly string[];
  /** Computes a fixture once per bench run and hands the same value to every later caller (scenarios share them). */
  fixture<T>(key: string, build: () => Promise<T>): Promise<T>;
  /** Progress on stderr. */
  log(message: string): void;
}

export interface Scenario {
  /** Short and unique, e.g. "read Patient"; `--only` matches a substring of it. */
  name: string;
  /** Concurrency levels to run at; the runner's default list when absent. */
  concurrency?: number[];
  /** Statuses besides 2xx that this scenario expects, so they are not counted as errors. */
  expectedStatuses?: number[];
  targets?: Targets;
  /**
   * Untimed set-up for a run at `concurrency`; returns the operation for each worker (0 ≤ worker < concurrency).
   * Workers run their operation in a closed loop: the next call starts when the previous one has finished.
   */
  prepare(context: BenchContext, concurrency: number): Promise<(worker: number) => Operation>;
}
