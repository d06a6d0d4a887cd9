import { spawn } from 'node:child_process';
import type pg from 'pg';
import type { Transaction } from '@electric-sql/pglite';
import type { SqlQuery } from './content-hash.ts';

export function pgClientQuery(client: pg.Client): SqlQuery {
  return async (sql, params) => (await client.query(sql, params)).rows as Record<string, unknown>[];
}

export function pgliteQuery(tx: Transaction): SqlQuery {
  return async (sql, params) => (await tx.query<Record<string, unknown>>(sql, params)).rows;
}

/** Runs one of PostgreSQL's client programs (pg_dump, pg_restore); a failure carries the program's own message. */
export function runTool(program: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT'
        ? new Error(`${program} was not found: install PostgreSQL's client programs (e.g. apt-get install postgresql-client-15)`)
        : error);
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${program} failed (exit ${code}): ${stderr.trim().split('\n').slice(0, 5).join(' / ')}`));
    });
  });
}
