// The bench's report: the machine it ran on, the data it ran against, a markdown table of the figures with the
// targets beside them, and the server's memory.
import { readFileSync, existsSync, appendFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import os from 'node:os';
import type { Targets } from './scenario.ts';
import type { LoadResult } from './load.ts';
import type { DataSize } from './database.ts';
import { REPO_ROOT } from './server.ts';

export const RSS_TARGET_MB = 300;
export const RECORD_FILE = join(REPO_ROOT, 'docs', 'benchmarks.md');

export interface Environment {
  date: Date;
  node: string;
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  kernel: string;
  /** 1-minute load average when the bench started: other work on the machine skews the figures. */
  loadAverage: number;
  postgres?: string;
  sen: string;
  commit?: string;
}

export function describeEnvironment(postgres?: string): Environment {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown CPU';
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() || cpuModel;
  } catch {
    // not Linux: os.cpus() it is
  }
  let commit: string | undefined;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    // no commit yet, or no git
  }
  const sen = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    date: new Date(),
    node: process.version,
    // What `nproc` prints: the CPUs this process may run on.
    cpus: os.availableParallelism(),
    cpuModel,
    memoryBytes: os.totalmem(),
    kernel: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg()[0],
    postgres,
    sen,
    commit,
  };
}

export interface RunRow {
  scenario: string;
  targets?: Targets;
  result: LoadResult;
  /** What the first counted error said. */
  errorDetail?: string;
  /** Server CPU during the window, percent of one core; NaN when not measured. */
  serverCpuPercent: number;
  /** PostgreSQL (the database's backends and its background processes), percent of one core; NaN when not measured. */
  postgresCpuPercent: number;
  /** The whole machine (server, PostgreSQL, bench, anything else), percent of all CPUs. */
  machineBusyPercent: number;
  /** Highest sampled server RSS during the run (warm-up included), MB; NaN when not measured. */
  serverRssPeakMb: number;
}

export interface MemorySummary {
  peakMb: number;
  finalMb: number;
  hwmMb: number;
}

export interface ReportInput {
  environment: Environment;
  /** How the server under test was run. */
  server: string;
  /** Non-default server settings passed through (SEN_DB_POOL_SIZE=20…). */
  settings: string[];
  patients: number;
  preload?: { method: string; seconds: number };
  data?: DataSize;
  seconds: number;
  warmupSeconds: number;
  rows: RunRow[];
  memory?: MemorySummary;
  /** Set when the run stopped early; the report shows what was measured until then. */
  incomplete?: string;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const num = (value: number): string => (Number.isFinite(value) ? integer.format(value) : '–');
const ms = (value: number): string => (!Number.isFinite(value) ? '–' : value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0));
const pct = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(0)} %` : '–');
const mb = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(0)} MB` : '–');
/** CPU milliseconds per request from a CPU percentage over the window. */
const perRequest = (percent: number, result: LoadResult): string =>
  (Number.isFinite(percent) && result.requests > 0 ? ((percent / 100) * result.seconds * 1000 / result.requests).toFixed(2) : '–');
const verdict = (pass: boolean): string => (pass ? 'PASS' : '**MISS**');

interface Check {
  label: string;
  pass: boolean;
}

function checksFor(row: RunRow): Check[] {
  const { targets, result } = row;
  if (!targets || targets.concurrency !== result.concurrency) return [];
  const checks: Check[] = [];
  if (targets.minRequestsPerSecond !== undefined) {
    checks.push({ label: `≥ ${num(targets.minRequestsPerSecond)} req/s`, pass: result.requestsPerSecond >= targets.minRequestsPerSecond });
  }
  if (targets.maxP99Ms !== undefined) checks.push({ label: `p99 ≤ ${targets.maxP99Ms} ms`, pass: result.p99 <= targets.maxP99Ms });
  // Errors make figures meaningless; a run with errors does not pass.
  if (checks.length > 0 && result.errors > 0) checks.push({ label: 'no errors', pass: false });
  return checks;
}

function table(header: string[], rows: string[][], alignRight: boolean[]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(alignRight.map((right) => (right ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

/** The whole report as markdown; `level` is the heading level of its title (1 on the console, 2 in the record). */
export function renderReport(input: ReportInput, level = 1): string {
  const { environment: env, rows } = input;
  const h = '#'.repeat(level);
  const out: string[] = [];
  const date = env.date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const patientsLoaded = input.data?.byType.find(([type]) => type === 'Patient')?.[1] ?? 0;
  const dataLine = input.data
    ? `${num(patientsLoaded)} patients, ${num(input.data.resources)} resources`
    : `${num(input.patients)} patients pre-loaded`;
  out.push(`${h} Sen benchmark, ${date}: ${dataLine}, ${env.cpus} × ${env.cpuModel}`);
  out.push('');
  if (input.incomplete) out.push(`> **Incomplete:** ${input.incomplete}`, '');
  out.push(`- Machine: ${env.cpuModel}, ${env.cpus} CPUs (nproc), ${gib(env.memoryBytes)} RAM, ${env.kernel}, load average ${env.loadAverage.toFixed(2)} when the bench started`);
  out.push(`- Software: Node ${env.node}, PostgreSQL ${env.postgres ?? '(version unknown)'}, Sen ${env.sen}${env.commit ? ` at ${env.commit}` : ''}`);
  out.push(`- Server: ${input.server}${input.settings.length ? `; settings: ${input.settings.join(', ')}` : ''}`);
  if (input.data) {
    const types = input.data.byType.slice(0, 8).map(([type, n]) => `${type} ${num(n)}`).join(', ');
    const more = input.data.byType.length > 8 ? ', …' : '';
    out.push(`- Data before measuring: ${num(input.data.resources)} resources${types ? ` (${types}${more})` : ''}, ${num(input.data.historyRows)} history rows, database ${mb(input.data.databaseBytes / 1e6)}`
      + (input.preload ? `; pre-loaded with ${input.preload.method} in ${input.preload.seconds.toFixed(1)} s` : ''));
  } else if (input.preload) {
    out.push(`- Data before measuring: ${num(input.patients)} Patients pre-loaded with ${input.preload.method} in ${input.preload.seconds.toFixed(1)} s (database not visible to the bench)`);
  }
  out.push(`- Load: closed loop, ${input.seconds} s per run after a ${input.warmupSeconds} s warm-up, one Node process with keep-alive sockets on the same machine; latency in ms per request`);
  out.push('');

  out.push(table(
    ['Scenario', 'Concurrency', 'Requests', 'Errors', 'req/s', 'p50', 'p95', 'p99', 'max', 'Target'],
    rows.map((row) => {
      const r = row.result;
      const checks = checksFor(row);
      return [
        row.scenario, String(r.concurrency), num(r.requests), num(r.errors), num(r.requestsPerSecond),
        ms(r.p50), ms(r.p95), ms(r.p99), ms(r.max),
        checks.length ? checks.map((check) => `${check.label} ${verdict(check.pass)}`).join(', ') : '',
      ];
    }),
    [false, true, true, true, true, true, true, true, true, false],
  ));
  out.push('');

  const measuredCpu = rows.some((row) => Number.isFinite(row.serverCpuPercent) || Number.isFinite(row.machineBusyPercent));
  if (measuredCpu) {
    out.push(`CPU during each measured window, in % of one core (the machine has ${env.cpus}); "other" is whatever else ran on the machine.`
      + ' CPU ms per request is what one request cost the server and PostgreSQL: steadier than req/s when the CPUs are contended.');
    out.push('');
    out.push(table(
      ['Scenario', 'Concurrency', 'Server', 'PostgreSQL', 'Bench', 'Other', 'Machine busy', 'Server CPU ms/req', 'PostgreSQL CPU ms/req', 'Server RSS peak'],
      rows.map((row) => {
        const other = row.machineBusyPercent * env.cpus - row.serverCpuPercent - row.postgresCpuPercent - row.result.benchCpuPercent;
        return [row.scenario, String(row.result.concurrency), pct(row.serverCpuPercent), pct(row.postgresCpuPercent),
          pct(row.result.benchCpuPercent), pct(Math.max(0, other)), `${pct(row.machineBusyPercent)} of all`,
          perRequest(row.serverCpuPercent, row.result), perRequest(row.postgresCpuPercent, row.result), mb(row.serverRssPeakMb)];
      }),
      [false, true, true, true, true, true, true, true, true, true],
    ));
    out.push('');
    const busiestOther = Math.max(...rows.map((row) => row.machineBusyPercent * env.cpus - row.serverCpuPercent - row.postgresCpuPercent - row.result.benchCpuPercent).filter(Number.isFinite));
    if (busiestOther > 25) {
      out.push(`> Other processes used up to ${busiestOther.toFixed(0)} % of a core during the runs: the figures understate what this machine can do.`);
      out.push('');
    }
  }

  if (input.memory) {
    const { peakMb, finalMb, hwmMb } = input.memory;
    const worst = Number.isFinite(hwmMb) ? hwmMb : peakMb;
    out.push(`Server memory: peak RSS ${mb(peakMb)} (sampled every 500 ms), final ${mb(finalMb)}, VmHWM ${mb(hwmMb)}; target ≤ ${RSS_TARGET_MB} MB: ${verdict(worst <= RSS_TARGET_MB)}`);
  } else {
    out.push('Server memory: not measured (an external server; pass --pid to measure it).');
  }

  const errors = rows.filter((row) => row.result.errors > 0);
  if (errors.length) {
    out.push('');
    out.push('Errors:');
    for (const row of errors) {
      const statuses = [...row.result.statuses].filter(([status]) => status < 200 || status > 299)
        .map(([status, n]) => `${n}× ${status === 0 ? 'no answer' : status}`).join(', ');
      out.push(`- ${row.scenario} at ${row.result.concurrency}: ${statuses}; first: ${row.errorDetail ?? row.result.firstError ?? '?'}`);
    }
  }

  const checks: Check[] = rows.flatMap((row) => checksFor(row).map((check) => ({ pass: check.pass, label: `${row.scenario} ${check.label}` })));
  if (input.memory) {
    const worst = Number.isFinite(input.memory.hwmMb) ? input.memory.hwmMb : input.memory.peakMb;
    checks.push({ label: `server RSS ≤ ${RSS_TARGET_MB} MB`, pass: worst <= RSS_TARGET_MB });
  }
  if (checks.length) {
    const misses = checks.filter((check) => !check.pass);
    out.push('');
    out.push(`Targets (reported, not enforced): ${checks.length - misses.length} PASS, ${misses.length} MISS`
      + (misses.length ? `: ${misses.map((miss) => miss.label).join('; ')}` : ''));
  }
  return out.join('\n') + '\n';
}

const RECORD_INTRO = `# Benchmarks

Figures from \`npm run bench -- --record\` (tests/bench/): a Sen server on PostgreSQL, driven over HTTP by a
closed-loop load generator on the same machine. Each run appends a section; the newest is last. Targets are shown
beside the figures and are goals, not assertions: read ≥ 3,000 req/s, create ≥ 800 req/s and p99 ≤ 25 ms at
concurrency 32, server RSS ≤ 300 MB. Compare runs only on the same machine and data size.
`;

/** Appends the report to docs/benchmarks.md, creating it with a short introduction if needed. */
export function appendRecord(report: string): string {
  if (!existsSync(RECORD_FILE)) {
    mkdirSync(dirname(RECORD_FILE), { recursive: true });
    writeFileSync(RECORD_FILE, RECORD_INTRO);
  }
  appendFileSync(RECORD_FILE, `\n${report}`);
  return RECORD_FILE;
}
