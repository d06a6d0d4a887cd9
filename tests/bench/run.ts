// npm run bench -- [options]: benchmarks a Sen server on PostgreSQL and prints a markdown report (see --help).
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { BenchClient } from './client.ts';
import { BenchError, messageOf } from './errors.ts';
import { createBenchDatabase, measureData, postmasterPid, postgresVersion, redact, samplePatientIds, type DataSize } from './database.ts';
import { gist, killAllChildrenNow, runTool, startServer, stopAllChildren, type ManagedServer } from './server.ts';
import { preloadWithGenerator, preloadWithPost, type Preload } from './preload.ts';
import { runLoad } from './load.ts';
import { MemoryMonitor, cpuOfProcesses, machineBusyPercent, postgresProcesses, readCpuSeconds, readMachineCpu, type MachineCpu } from './monitor.ts';
import { appendRecord, describeEnvironment, renderReport, type ReportInput, type RunRow } from './report.ts';
import type { BenchContext } from './scenario.ts';
import { scenarios } from './scenarios/index.ts';

const USAGE = `npm run bench -- [options]

Starts a Sen server on a fresh PostgreSQL database (created on BENCH_ADMIN_URL, default
postgresql://postgres@127.0.0.1:5432/postgres, and dropped afterwards), pre-loads patients, runs every scenario
at each concurrency and prints a markdown report.

  --seconds N         measured seconds per run (default 10)
  --warmup N          warm-up seconds before each run (default 2)
  --patients N        patients to pre-load before measuring (default 10000; 0 for none)
  --concurrency LIST  concurrency levels, comma-separated (default 1,32)
  --only TEXT         only scenarios whose name contains TEXT (repeatable)
  --keep              keep the bench database (its name is printed)
  --record            append the report to docs/benchmarks.md
  --url URL           benchmark an already running server instead (with --user and --password)
  --user NAME         its user (default bench)
  --password SECRET   its password (or BENCH_PASSWORD)
  --pid PID           its process id, to measure its memory and CPU
  --database-url URL  its database, to count the data and pick patients to read (optional)
  --help              this text

Server settings in the environment (SEN_DB_POOL_SIZE…) are passed to the server the bench starts.`;

interface Options {
  seconds: number;
  warmup: number;
  patients: number;
  concurrency: number[];
  only: string[];
  keep: boolean;
  record: boolean;
  url?: string;
  user: string;
  password?: string;
  pid?: number;
  databaseUrl?: string;
}

function parseOptions(): Options {
  let values;
  try {
    ({ values } = parseArgs({
      strict: true,
      allowPositionals: false,
      options: {
        seconds: { type: 'string', default: '10' },
        warmup: { type: 'string', default: '2' },
        patients: { type: 'string', default: '10000' },
        concurrency: { type: 'string', default: '1,32' },
        only: { type: 'string', multiple: true, default: [] },
        keep: { type: 'boolean', default: false },
        record: { type: 'boolean', default: false },
        url: { type: 'string' },
        user: { type: 'string', default: 'bench' },
        password: { type: 'string' },
        pid: { type: 'string' },
        'database-url': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    console.error(`bench: ${messageOf(error)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (name: string, raw: string, min: number, integer = false): number => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
      console.error(`bench: --${name} must be ${integer ? 'a whole number' : 'a number'} ≥ ${min}, got "${raw}"`);
      process.exit(2);
    }
    return value;
  };
  const options: Options = {
    seconds: number('seconds', values.seconds!, 0.1),
    warmup: number('warmup', values.warmup!, 0),
    patients: number('patients', values.patients!, 0, true),
    concurrency: values.concurrency!.split(',').map((part) => number('concurrency', part.trim(), 1, true)),
    only: values.only!,
    keep: values.keep!,
    record: values.record!,
    url: values.url?.replace(/\/+$/, ''),
    user: values.user!,
    password: values.password ?? process.env.BENCH_PASSWORD,
    pid: values.pid === undefined ? undefined : number('pid', values.pid, 1, true),
    databaseUrl: values['database-url'],
  };
  if (options.url && !options.password) {
    console.error('bench: --url needs --password (or BENCH_PASSWORD) for --user');
    process.exit(2);
  }
  if (!options.url && (options.pid !== undefined || options.databaseUrl !== undefined)) {
    console.error('bench: --pid and --database-url go with --url (the bench knows its own server)');
    process.exit(2);
  }
  return options;
}

const log = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

/** Clean-up steps, run newest first, once. */
class Cleanup {
  private steps: (() => Promise<void> | void)[] = [];
  private running?: Promise<void>;
  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }
  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step();
        } catch (error) {
          log(`bench: clean-up: ${messageOf(error)}`);
        }
      }
    })();
    return this.running;
  }
}

/** Server settings from the environment worth naming in the report (never secrets). */
function serverSettings(): string[] {
  const ours = new Set(['SEN_DEMO', 'SEN_SERVE_WEB']);
  return Object.entries(process.env)
    .filter(([name]) => name.startsWith('SEN_') && !ours.has(name) && !/PASSWORD|SECRET|PRIVATE|CREDENTIAL|_KEY$/.test(name))
    .map(([name, value]) => `${name}=${value}`)
    .sort();
}

const cleanup = new Cleanup();
const abort = new AbortController();
let interrupted = false;
/** Set once the bench is done or failed: the server stopping is expected from then on. */
let finishing = false;

/** Between the steps of setting up: stop if Ctrl-C was pressed or the server died meanwhile. */
function checkpoint(): void {
  if (abort.signal.aborted) throw abort.signal.reason;
}

async function main(options: Options): Promise<void> {
  const adminUrl = process.env.BENCH_ADMIN_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
  let databaseUrl = options.databaseUrl;
  let baseUrl = options.url;
  let pid = options.pid;
  let preload: Preload | undefined;
  let server: ManagedServer | undefined;
  const credentials = { username: options.user, password: options.password ?? '' };
  const selected = scenarios.filter((scenario) => options.only.length === 0 || options.only.some((text) => scenario.name.includes(text)));
  if (selected.length === 0) {
    throw new BenchError(`no scenario matches --only ${options.only.join(', ')}; scenarios: ${scenarios.map((s) => s.name).join(', ')}`);
  }

  if (!baseUrl) {
    const database = await createBenchDatabase(adminUrl);
    log(`bench: database ${database.name} on ${redact(adminUrl)}`);
    cleanup.add(async () => {
      if (options.keep) log(`bench: kept database ${database.name} (${redact(database.url)})`);
      else await database.drop();
    });
    cleanup.add(() => stopAllChildren());
    databaseUrl = database.url;
    credentials.password = `Sen-perf-${randomBytes(6).toString('hex')}-9Q`;
    await runTool('server/cli/create-admin.ts', ['--username', credentials.username, '--name', 'Bench'], {
      DATABASE_URL: database.url,
      SEN_ADMIN_PASSWORD: credentials.password,
      LOG_LEVEL: 'warn',
    });
    checkpoint();
    if (options.patients > 0) preload = await preloadWithGenerator(database.url, options.patients, log, abort.signal);
    checkpoint();
    log('bench: starting the server…');
    let echoed = 0;
    server = await startServer(database.url, {}, (line) => {
      if (++echoed <= 20) log(`  server: ${line}`);
      else if (echoed === 21) log('  server: (further log lines not shown)');
    });
    const running = server;
    cleanup.add(() => running.stop());
    void running.exited.then(({ code, signal }) => {
      if (!interrupted && !finishing) abort.abort(new BenchError(`the server exited during the bench (${signal ?? `exit ${code}`})${gist(running.log())}`));
    });
    baseUrl = server.url;
    pid = server.pid;
    log(`bench: server ready at ${server.url} (pid ${server.pid})`);
  }

  const client = new BenchClient(baseUrl, credentials);
  cleanup.add(() => client.close());
  await client.login();
  checkpoint();
  if (options.patients > 0 && !preload) preload = await preloadWithPost(client, options.patients, log);
  checkpoint();

  let patientIds = preload?.patientIds ?? [];
  let data: DataSize | undefined;
  if (databaseUrl) {
    patientIds = await samplePatientIds(databaseUrl, 50_000);
    data = await measureData(databaseUrl);
    const types = data.byType.map(([type, n]) => `${type} ${n}`).join(', ');
    log(`bench: data: ${data.resources} resources${types ? ` (${types})` : ''}, ${data.historyRows} history rows`);
  }
  const environment = describeEnvironment(databaseUrl ? await postgresVersion(databaseUrl) : undefined);
  // PostgreSQL's share of the CPU, when it runs on this machine: the postmaster's children that work for the database.
  let postgresPids: (() => number[]) | undefined;
  const postmaster = databaseUrl ? await postmasterPid(databaseUrl) : undefined;
  if (databaseUrl && postmaster) {
    const name = new URL(databaseUrl).pathname.slice(1);
    if (postgresProcesses(postmaster, name).length > 0) postgresPids = () => postgresProcesses(postmaster, name);
  }

  const monitor = pid ? new MemoryMonitor(pid).start() : undefined;
  const fixtures = new Map<string, Promise<unknown>>();
  const context: BenchContext = {
    client,
    patientIds,
    fixture: <T>(key: string, build: () => Promise<T>): Promise<T> => {
      if (!fixtures.has(key)) fixtures.set(key, build());
      return fixtures.get(key) as Promise<T>;
    },
    log: (message) => log(`  ${message}`),
  };

  const rows: RunRow[] = [];
  const report = (incomplete?: string): ReportInput => {
    const last = monitor?.sample() ?? monitor?.last;
    return {
      environment,
      server: options.url ? `already running at ${options.url}` : 'started by the bench (server/main.ts) on a fresh database',
      settings: serverSettings(),
      patients: options.patients,
      preload,
      data,
      seconds: options.seconds,
      warmupSeconds: options.warmup,
      rows,
      memory: monitor && last ? { peakMb: monitor.peakKb / 1024, finalMb: last.rssKb / 1024, hwmMb: last.hwmKb / 1024 } : undefined,
      incomplete,
    };
  };

  try {
    for (const scenario of selected) {
      for (const concurrency of scenario.concurrency ?? options.concurrency) {
        checkpoint();
        log(`▸ ${scenario.name}, concurrency ${concurrency}`);
        const operationFor = await scenario.prepare(context, concurrency);
        client.lastErrors.clear();
        monitor?.mark();
        let cpuBefore: number | undefined;
        let postgresCpuBefore = new Map<number, number>();
        let machineBefore: MachineCpu | undefined;
        const result = await runLoad(operationFor, {
          concurrency,
          warmupSeconds: options.warmup,
          seconds: options.seconds,
          expectedStatuses: scenario.expectedStatuses,
          signal: abort.signal,
          onMeasureStart: () => {
            cpuBefore = pid ? readCpuSeconds(pid) : undefined;
            if (postgresPids) postgresCpuBefore = cpuOfProcesses(postgresPids());
            machineBefore = readMachineCpu();
          },
        });
        const cpuAfter = pid ? readCpuSeconds(pid) : undefined;
        const machineAfter = readMachineCpu();
        let postgresSeconds = NaN;
        if (postgresPids) {
          // Backends that started during the window count from zero; those that ended in it are missed (rare).
          postgresSeconds = 0;
          for (const [id, seconds] of cpuOfProcesses(postgresPids())) postgresSeconds += seconds - (postgresCpuBefore.get(id) ?? 0);
        }
        monitor?.sample();
        const failedStatus = [...result.statuses.keys()].find((status) =>
          (status < 200 || status > 299) && !(scenario.expectedStatuses ?? []).includes(status));
        const row: RunRow = {
          scenario: scenario.name,
          targets: scenario.targets,
          result,
          errorDetail: failedStatus === undefined ? undefined : client.lastErrors.get(failedStatus) ?? result.firstError,
          serverCpuPercent: cpuBefore !== undefined && cpuAfter !== undefined ? ((cpuAfter - cpuBefore) / result.seconds) * 100 : NaN,
          postgresCpuPercent: (postgresSeconds / result.seconds) * 100,
          machineBusyPercent: machineBusyPercent(machineBefore, machineAfter),
          serverRssPeakMb: monitor ? monitor.windowPeakKb / 1024 : NaN,
        };
        rows.push(row);
        log(`  ${result.requests} requests, ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, `
          + `p99 ${result.p99.toFixed(2)} ms, ${result.errors} errors${row.errorDetail ? ` (${row.errorDetail})` : ''}`);
      }
    }
  } catch (error) {
    // Show what was measured before the failure, then fail.
    if (rows.length > 0) process.stdout.write(`\n${renderReport(report(`stopped early: ${messageOf(error)}`))}`);
    throw error;
  } finally {
    monitor?.stop();
  }

  const input = report();
  process.stdout.write(`\n${renderReport(input)}`);
  if (options.record) log(`bench: appended to ${appendRecord(renderReport(input, 2))}`);
}

const options = parseOptions();
process.on('exit', killAllChildrenNow);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) {
      // A second Ctrl-C: clean up as fast as possible and go.
      killAllChildrenNow();
      void cleanup.run().finally(() => process.exit(130));
      return;
    }
    interrupted = true;
    log(`\nbench: ${signal}, stopping and cleaning up…`);
    abort.abort(new BenchError('interrupted'));
    // Unblocks whatever waits on a child (the generator, the server's start).
    void stopAllChildren();
    setTimeout(() => {
      log('bench: clean-up is taking too long; exiting');
      process.exit(130);
    }, 30_000).unref();
  });
}

try {
  await main(options);
  finishing = true;
  await cleanup.run();
} catch (error) {
  finishing = true;
  // The server dying explains the connection errors that follow it.
  const cause = abort.signal.aborted ? abort.signal.reason : error;
  const message = interrupted ? 'interrupted' : messageOf(cause);
  await cleanup.run();
  console.error(`bench: ${message}`);
  if (!(cause instanceof BenchError) && !interrupted && cause instanceof Error && process.env.BENCH_DEBUG) console.error(cause.stack);
  process.exitCode = interrupted ? 130 : 1;
}
