// npx tsx tests/perf/audit-overhead.ts — what the audit trail costs reads, measured on a shared, busy machine.
// Starts two Sen servers on the same PostgreSQL database (DATABASE_URL, already holding patients): one as shipped,
// one that drops audit entries (serve-without-audit.ts). Then it alternates short closed-loop bursts of
// `GET /Patient/[id]` between them, so that whatever else the machine does weighs on both alike, and reports
// reads per second of each and the difference, and each server process's CPU time per read (steadier than
// throughput when other work competes for the CPUs). Signs in as PERF_USER / PERF_PASSWORD (a system administrator).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';

const databaseUrl = process.env.DATABASE_URL;
const user = process.env.PERF_USER ?? 'bench';
const password = process.env.PERF_PASSWORD;
const rounds = Number(process.env.PERF_ROUNDS ?? 10);
const burstSeconds = Number(process.env.PERF_BURST_SECONDS ?? 3);
const concurrency = Number(process.env.PERF_CONCURRENCY ?? 16);
if (!databaseUrl || !password) {
  console.error('Set DATABASE_URL (a database with patients) and PERF_PASSWORD (PERF_USER, default bench)');
  process.exit(2);
}

function start(entry: string, port: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SEN_DEMO: '0', SEN_SERVE_WEB: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function ready(url: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not become ready`);
}

async function token(url: string): Promise<string> {
  const response = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: user, password }) });
  if (!response.ok) throw new Error(`sign-in at ${url} failed: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function burst(url: string, bearer: string, ids: string[]): Promise<number> {
  const end = performance.now() + burstSeconds * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      const response = await fetch(`${url}/fhir/R4/Patient/${ids[Math.floor(Math.random() * ids.length)]}`, { headers: { Authorization: `Bearer ${bearer}` } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`read answered ${response.status}`);
      done += 1;
    }
  }));
  return done;
}

const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
const ids = (await client.query<{ id: string }>(`SELECT id FROM resource WHERE resource_type = 'Patient' AND NOT deleted LIMIT 5000`)).rows.map((row) => row.id);
// What autovacuum does in production, done once here for a server that may have it off: a trail never vacuumed
// (its GIN pending list never merged) made audit cost 32 % of read throughput instead of 7–13 % after a vacuum.
await client.query('VACUUM ANALYZE audit_event');
await client.end();

const servers = [
  { name: 'with audit', url: 'http://127.0.0.1:18281', process: start('server/main.ts', 18281), reads: 0, cpu: 0 },
  { name: 'without audit', url: 'http://127.0.0.1:18282', process: start('tests/perf/serve-without-audit.ts', 18282), reads: 0, cpu: 0 },
];
try {
  await Promise.all(servers.map((server) => ready(server.url)));
  const tokens = await Promise.all(servers.map((server) => token(server.url)));
  for (const [i, server] of servers.entries()) await burst(server.url, tokens[i], ids); // warm-up
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      const before = cpuSeconds(servers[i].process.pid!);
      servers[i].reads += await burst(servers[i].url, tokens[i], ids);
      // A burst's audit entries are written just after it: wait for them so their cost is counted.
      await new Promise((resolve) => setTimeout(resolve, 200));
      servers[i].cpu += cpuSeconds(servers[i].process.pid!) - before;
    }
  }
  const seconds = rounds * burstSeconds;
  const [audited, plain] = servers.map((server) => server.reads / seconds);
  const [auditedCpu, plainCpu] = servers.map((server) => (server.cpu / server.reads) * 1000);
  for (const server of servers) {
    console.log(`${server.name}: ${(server.reads / seconds).toFixed(0)} reads/s, server CPU ${((server.cpu / server.reads) * 1000).toFixed(3)} ms per read`);
  }
  console.log(`audit costs ${(((plain - audited) / plain) * 100).toFixed(1)} % of read throughput and ${(((auditedCpu - plainCpu) / plainCpu) * 100).toFixed(1)} % ` +
    `more server CPU per read (${rounds} alternating ${burstSeconds}-s bursts, concurrency ${concurrency}, ${ids.length} patients)`);
} finally {
  for (const server of servers) server.process.kill('SIGTERM');
}
