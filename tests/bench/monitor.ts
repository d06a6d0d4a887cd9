// Watches a process through /proc: resident memory sampled every 500 ms, CPU time on demand; and the whole
// machine's CPU, to tell a saturated machine from a slow server.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

export interface MemorySample {
  rssKb: number;
  /** Peak resident set size the kernel saw over the process's life. */
  hwmKb: number;
}

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

export function readMemory(pid: number): MemorySample | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

/** User + system CPU seconds the process has used so far. */
export function readCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at ")"; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
  } catch {
    return undefined;
  }
}

export interface MachineCpu {
  busy: number;
  total: number;
}

/** Cumulative jiffies of all CPUs, from /proc/stat. */
export function readMachineCpu(): MachineCpu | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already counted in user).
    const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
    const idle = values[3] + (values[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** Percent of the whole machine busy between two readings (100 = every CPU busy). */
export function machineBusyPercent(from: MachineCpu | undefined, to: MachineCpu | undefined): number {
  if (!from || !to || to.total === from.total) return NaN;
  return ((to.busy - from.busy) / (to.total - from.total)) * 100;
}

/** Samples a process's VmRSS every `intervalMs`; keeps the peak overall and the peak since the last `mark()`. */
export class MemoryMonitor {
  private timer?: NodeJS.Timeout;
  peakKb = 0;
  windowPeakKb = 0;
  last?: MemorySample;

  constructor(readonly pid: number, private readonly intervalMs = 500) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  /** Starts a new window for windowPeakKb. */
  mark(): void {
    this.windowPeakKb = 0;
    this.sample();
  }

  sample(): MemorySample | undefined {
    const sample = readMemory(this.pid);
    if (!sample) return undefined;
    this.last = sample;
    this.peakKb = Math.max(this.peakKb, sample.rssKb);
    this.windowPeakKb = Math.max(this.windowPeakKb, sample.rssKb);
    return sample;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** The parent process id, from /proc/<pid>/stat. */
export function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) || undefined;
  } catch {
    return undefined;
  }
}

const BACKGROUND = /checkpointer|background writer|walwriter|autovacuum|logical replication|stats collector|archiver|wal sender|wal writer/;

/**
 * PostgreSQL processes working for `database`: its backends and the cluster's background processes, found among the
 * postmaster's children (synchronous and cheap, so it can run at the edge of a measured window).
 */
export function postgresProcesses(postmasterPid: number, database: string): number[] {
  let children: number[];
  try {
    children = readFileSync(`/proc/${postmasterPid}/task/${postmasterPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return children.filter((pid) => {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      return command.includes(` ${database} `) || BACKGROUND.test(command);
    } catch {
      return false;
    }
  });
}

/** CPU seconds of each process that still exists. */
export function cpuOfProcesses(pids: number[]): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const pid of pids) {
    const value = readCpuSeconds(pid);
    if (value !== undefined) seconds.set(pid, value);
  }
  return seconds;
}
