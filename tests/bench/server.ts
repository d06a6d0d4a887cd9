// Starts and stops the Sen processes the bench needs (create-admin, the generator, the server), and makes sure
// none outlives the bench.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BenchError, messageOf } from './errors.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;
const children = new Set<ChildProcess>();

/** The last lines a child wrote, for error messages. */
class Tail {
  private lines: string[] = [];
  constructor(private readonly keep = 20) {}
  add(text: string): void {
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      this.lines.push(line);
      if (this.lines.length > this.keep) this.lines.shift();
    }
  }
  toString(): string {
    return this.lines.join('\n');
  }
}

interface Spawned {
  child: ChildProcess;
  tail: Tail;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `node --import tsx <script>` from the repository root; output goes to the tail and, when `echo` says so, to stderr. */
function spawnScript(script: string, args: string[], env: Record<string, string>, echo?: (line: string) => void): Spawned {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const tail = new Tail();
  const collect = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    tail.add(text);
    if (echo) for (const line of text.split('\n')) if (line.trim()) echo(line);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (error) => {
      tail.add(messageOf(error));
      children.delete(child);
      resolve({ code: -1, signal: null });
    });
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, tail, exited };
}

/** Runs a Sen command-line tool to completion; throws with its last output when it fails. */
export async function runTool(script: string, args: string[], env: Record<string, string>, echo?: (line: string) => void): Promise<void> {
  const { tail, exited } = spawnScript(script, args, env, echo);
  const { code, signal } = await exited;
  if (code !== 0) {
    throw new BenchError(`${script} failed (${signal ?? `exit ${code}`})${gist(tail)}`);
  }
}

export function scriptExists(script: string): boolean {
  return existsSync(new URL(script, `file://${REPO_ROOT}`));
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ManagedServer {
  url: string;
  pid: number;
  /** Resolves when the server process ends, for whatever reason. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Its last log lines. */
  log(): string;
  /** SIGTERM, then SIGKILL if it has not stopped within 10 s. */
  stop(): Promise<void>;
}

/** Starts `server/main.ts` on the database and waits until /readyz answers 200. */
export async function startServer(databaseUrl: string, extraEnv: Record<string, string> = {}, echo?: (line: string) => void): Promise<ManagedServer> {
  const port = await freePort();
  const { child, tail, exited } = spawnScript('server/main.ts', [], {
    LOG_LEVEL: 'warn',
    ...extraEnv,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    SEN_DEMO: '0',
    SEN_SERVE_WEB: '0',
  }, echo);
  const url = `http://127.0.0.1:${port}`;
  const server: ManagedServer = {
    url,
    pid: child.pid ?? -1,
    exited,
    log: () => tail.toString(),
    stop: () => stopChild(child, exited),
  };
  let ended = false;
  void exited.then(() => (ended = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (true) {
    if (ended) {
      const { code, signal } = await exited;
      throw new BenchError(`the server exited during start (${signal ?? `exit ${code}`})${gist(tail)}`);
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new BenchError(`the server did not become ready within ${READY_TIMEOUT_MS / 1000} s${gist(tail)}`);
    }
    if (await answersReady(url)) return server;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** ": <the line of the log that explains most>", for a one-line message. */
export function gist(log: Tail | string): string {
  const lines = log.toString().split('\n').map((line) => line.trim()).filter(Boolean);
  const line = [...lines].reverse().find((candidate) => /error|fail|cannot|refused/i.test(candidate) && !/^\s*at /.test(candidate)) ?? lines.at(-1);
  return line ? `: ${line.slice(0, 400)}` : '';
}

async function answersReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function stopChild(child: ChildProcess, exited: Spawned['exited']): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** Stops every child still running (server, tools): politely, then by force. */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS).unref();
  })));
}

/** Last resort when the bench process exits: synchronous, so it works in an 'exit' handler. */
export function killAllChildrenNow(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
