// The bench's PostgreSQL side: a throw-away database, and what the data in it amounts to.
import pg from 'pg';
import { BenchError, messageOf } from './errors.ts';
import { parentPid } from './monitor.ts';

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new BenchError(`cannot reach PostgreSQL at ${redact(url)}: ${messageOf(error)}`);
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface BenchDatabase {
  name: string;
  url: string;
  /** Drops it (disconnecting whoever is still connected); safe to call twice. */
  drop(): Promise<void>;
}

/** Creates an empty database `sen_bench_<timestamp>` next to the admin URL's database. */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const name = `sen_bench_${stamp}_${process.pid}`;
  await withClient(adminUrl, async (client) => {
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } catch (error) {
      throw new BenchError(`cannot create database ${name} on ${redact(adminUrl)}: ${messageOf(error)}`);
    }
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      if (dropped) return;
      await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      dropped = true;
    },
  };
}

export interface DataSize {
  /** Current resources per type, most first. */
  byType: [string, number][];
  resources: number;
  historyRows: number;
  databaseBytes: number;
}

export async function measureData(url: string): Promise<DataSize> {
  return withClient(url, async (client) => {
    const types = await client.query<{ type: string; n: string }>(
      'SELECT resource_type AS type, count(*) AS n FROM resource WHERE NOT deleted GROUP BY 1 ORDER BY 2 DESC, 1');
    const history = await client.query<{ n: string }>('SELECT count(*) AS n FROM resource_history');
    const size = await client.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
    const byType = types.rows.map((row): [string, number] => [row.type, Number(row.n)]);
    return {
      byType,
      resources: byType.reduce((sum, [, n]) => sum + n, 0),
      historyRows: Number(history.rows[0].n),
      databaseBytes: Number(size.rows[0].bytes),
    };
  });
}

/** Up to `limit` ids of current Patients, in random order. */
export async function samplePatientIds(url: string, limit: number): Promise<string[]> {
  return withClient(url, async (client) => {
    const result = await client.query<{ id: string }>(
      `SELECT id FROM resource WHERE resource_type = 'Patient' AND NOT deleted ORDER BY random() LIMIT $1`, [limit]);
    return result.rows.map((row) => row.id);
  });
}

export async function postgresVersion(url: string): Promise<string | undefined> {
  try {
    return await withClient(url, async (client) => (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v);
  } catch {
    return undefined;
  }
}

/** True when the database runs on this machine, so its processes can be watched through /proc. */
export function isLocal(url: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]', ''].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** The PostgreSQL postmaster's process id when it runs on this machine: the parent of our backend, read while connected. */
export async function postmasterPid(url: string): Promise<number | undefined> {
  if (!isLocal(url)) return undefined;
  return withClient(url, async (client) => {
    const backend = Number((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);
    return parentPid(backend);
  });
}
