import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export class DataDirInUseError extends Error {}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Marks the embedded database directory as used by this process, so that another process (a second server, a backup
 * or restore) refuses to open it: two PGlite instances on one directory corrupt it. The mark is a file next to the
 * directory, not in it, so that a backup of the directory does not carry it. A mark left by a process that died is
 * taken over. The same process may open the directory again (tests reopen it after closing a server).
 * Returns the release.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockFile = `${resolve(dataDir)}.lock`;
  for (;;) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(lockFile, 'utf8'));
    if (holder === process.pid) return () => undefined;
    if (Number.isInteger(holder) && holder > 0 && running(holder)) {
      throw new DataDirInUseError(`the embedded database ${dataDir} is in use by process ${holder} (stop Sen first)`);
    }
    rmSync(lockFile, { force: true });
  }
}
