// A PostgreSQL server of the test's own (initdb + pg_ctl in a temporary directory), to stop and start under load
// without disturbing the shared server other tests use. Runs as the postgres account when the tests run as root,
// since PostgreSQL refuses to run as root.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivatePostgres {
  url: string;
  /** Stops the server, closing every connection (pg_ctl stop -m fast); the event loop goes on meanwhile. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and deletes its files. */
  remove(): void;
}

/**
 * Where initdb and pg_ctl are (PG_BIN, else pg_config's bindir); undefined when PostgreSQL's programs are not
 * installed, or when running as root without a postgres account to run them as.
 */
export function postgresPrograms(): string | undefined {
  try {
    if (process.getuid?.() === 0) execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    const bindir = process.env.PG_BIN ?? execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    return existsSync(join(bindir, 'initdb')) ? bindir : undefined;
  } catch {
    return undefined;
  }
}

export function createPrivatePostgres(bindir: string, port: number): PrivatePostgres {
  const asRoot = process.getuid?.() === 0;
  const commandLine = (program: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bindir, program), ...args]] : [join(bindir, program), args];
  const run = (program: string, args: string[]) => execFileSync(...commandLine(program, args), { stdio: 'ignore' });
  const runAsync = (program: string, args: string[]) => promisify(execFile)(...commandLine(program, args)).then(() => undefined);
  const directory = mkdtempSync(join(tmpdir(), 'sen-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(directory, uid, gid);
  }
  const data = join(directory, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const startArgs = ['-D', data, '-o', options, '-l', join(directory, 'log'), '-w', 'start'];
  const stopArgs = ['-D', data, '-m', 'fast', '-w', 'stop'];
  run('pg_ctl', startArgs);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    start: () => runAsync('pg_ctl', startArgs),
    stop: () => runAsync('pg_ctl', stopArgs),
    remove() {
      try {
        run('pg_ctl', stopArgs);
      } catch {
        // Already stopped.
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
