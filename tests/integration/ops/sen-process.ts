// Sen as its own operating-system process (node --import tsx server/main.ts), as it runs behind a reverse proxy:
// what the scale-out and fault proofs start several of on one PostgreSQL database, sign in to, and kill.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { bearerFetch, TEST_PASSWORD, type RequestInitWithJson } from '../../support/sen-server.ts';

const MAIN = fileURLToPath(new URL('../../../server/main.ts', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));

export interface SenProcess {
  url: string;
  child: ChildProcess;
  /** Signs in over /auth/login; fetch with that user's bearer token. */
  signIn(username: string, password?: string): Promise<(path: string, init?: RequestInitWithJson) => Promise<Response>>;
  /** SIGKILL: no shutdown, no flush, connections cut mid-request. */
  crash(): Promise<void>;
  /** SIGTERM: the graceful stop of server/main.ts. */
  stop(): Promise<void>;
}

/** A loopback port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function untilReady(url: string, child: ChildProcess): Promise<void> {
  // Startup under tsx on a busy two-core machine takes seconds; a minute means it is not coming.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Sen at ${url} exited with ${child.exitCode} while starting`);
    if (await fetch(`${url}/readyz`).then((response) => response.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`Sen at ${url} did not become ready`);
}

/** Starts Sen on `DATABASE_URL` (in `env`, with any other settings) and waits until /readyz says ready. */
export async function spawnSen(env: Record<string, string>): Promise<SenProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: REPOSITORY,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SEN_DEMO: '0', SEN_SERVE_WEB: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = once(child, 'exit');
  await untilReady(url, child);
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url,
    child,
    async signIn(username, password = TEST_PASSWORD) {
      const response = await fetch(`${url}/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (response.status !== 200) throw new Error(`sign-in of ${username} at ${url} failed: ${response.status} ${await response.text()}`);
      return bearerFetch(url, ((await response.json()) as { access_token: string }).access_token);
    },
    crash: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}
