import { loadConfig } from '../../server/config.ts';
import { startSen, type RunningSen } from '../../server/start.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './test-database.ts';

export const TEST_PASSWORD = 'Test-Password-2026';

export interface TestServer {
  url: string;
  fhir: string;
  sen: RunningSen;
  token: string;
  /** fetch against the server with the admin's bearer token and FHIR JSON headers. */
  request(path: string, init?: RequestInitWithJson): Promise<Response>;
  /** Stops the server; the database stays for `restart`. */
  stop(): Promise<void>;
  /** Starts a new server process-equivalent on the same database. */
  restart(): Promise<TestServer>;
  /** Stops the server and drops its database. */
  close(): Promise<void>;
}

export type RequestInitWithJson = RequestInit & { json?: unknown };

/** fetch against `baseUrl` with a bearer token; `json` becomes a FHIR JSON body. */
export function bearerFetch(baseUrl: string, token: string): (path: string, init?: RequestInitWithJson) => Promise<Response> {
  return (path, init = {}) => {
    const { json, headers, ...rest } = init;
    return fetch(path.startsWith('http') ? path : `${baseUrl}${path}`, {
      ...rest,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(json !== undefined ? { 'Content-Type': 'application/fhir+json' } : {}),
        ...headers,
      },
      ...(json !== undefined ? { body: typeof json === 'string' ? json : JSON.stringify(json) } : {}),
    });
  };
}

export interface TestServerOptions {
  /** For the embedded kind: a directory, so the data outlives the server (restart tests). */
  dataDir?: string;
  env?: Record<string, string>;
}

/** A Sen server on a fresh database of the given kind, listening on a free loopback port, with one admin signed in. */
export async function startTestServer(kind: DatabaseKind, options: TestServerOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase(kind, options.dataDir);
  const server = await boot(database, options, true);
  return server;
}

async function boot(database: TestDatabase, options: TestServerOptions, firstStart: boolean): Promise<TestServer> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SEN_DEMO: '0', SEN_SERVE_WEB: '0', ...database.env, ...options.env });
  const sen = await startSen(config);
  if (firstStart) {
    await sen.context.users.create({ username: 'admin', password: TEST_PASSWORD, displayName: 'Test admin', role: 'system-admin' });
  }
  const login = await fetch(`${sen.url}/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: TEST_PASSWORD }),
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const server: TestServer = {
    url: sen.url,
    fhir: `${sen.url}/fhir/R4`,
    sen,
    token,
    request: bearerFetch(sen.url, token),
    stop: () => sen.close(),
    restart: () => boot(database, options, false),
    close: async () => {
      await sen.close();
      await database.drop();
    },
  };
  return server;
}
