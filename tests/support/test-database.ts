import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type DatabaseKind = 'embedded' | 'postgresql';

/** Every test that touches the database runs on the embedded one, and on PostgreSQL too when TEST_DATABASE_URL is set. */
export function databaseKinds(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['embedded', 'postgresql'] : ['embedded'];
}

export interface TestDatabase {
  /** Environment for loadConfig: DATABASE_URL or SEN_DATA_DIR. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A fresh, empty database of the given kind; `drop` removes it. */
export async function createTestDatabase(kind: DatabaseKind, dataDir?: string): Promise<TestDatabase> {
  if (kind === 'embedded') return { env: { SEN_DATA_DIR: dataDir ?? 'memory://' }, drop: async () => undefined };
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `sen_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: () => withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
