import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, openSync, readSync, closeSync, renameSync, rmSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { BackupManifest } from './backup-manifest.ts';

// A backup file: this line, the manifest as one JSON line (with the payload's size and SHA-256), then the payload
// (pg_dump's custom format, or the embedded database's data directory as a .tar.gz).
const MAGIC = 'SEN-BACKUP 1\n';
const MAX_HEADER_BYTES = 1024 * 1024;

export interface BackupHeader extends BackupManifest {
  payload: { bytes: number; sha256: string };
}

export class BackupFileError extends Error {}

async function sha256File(path: string, start = 0): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { start })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Writes manifest and payload to `out`, through a temporary name so that a failed backup never looks like one. */
export async function writeBackupFile(out: string, manifest: BackupManifest, payloadFile: string): Promise<BackupHeader> {
  const header: BackupHeader = { ...manifest, payload: { bytes: statSync(payloadFile).size, sha256: await sha256File(payloadFile) } };
  const partial = `${out}.partial`;
  try {
    const file = createWriteStream(partial);
    file.write(MAGIC + JSON.stringify(header) + '\n');
    await pipeline(createReadStream(payloadFile), file);
    renameSync(partial, out);
  } finally {
    rmSync(partial, { force: true });
  }
  return header;
}

/** Reads a backup's header and checks its payload is whole; the payload starts at `payloadOffset`. */
export async function readBackupFile(path: string): Promise<{ header: BackupHeader; payloadOffset: number }> {
  let head: Buffer;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new BackupFileError(`cannot open ${path}: ${(error as Error).message}`);
  }
  try {
    head = Buffer.alloc(MAX_HEADER_BYTES);
    head = head.subarray(0, readSync(fd, head, 0, MAX_HEADER_BYTES, 0));
  } finally {
    closeSync(fd);
  }
  if (!head.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC))) throw new BackupFileError(`${path} is not a Sen backup`);
  const end = head.indexOf('\n', MAGIC.length);
  let header: BackupHeader;
  try {
    if (end < 0) throw new Error('no end of manifest');
    header = JSON.parse(head.subarray(MAGIC.length, end).toString('utf8')) as BackupHeader;
    if (typeof header.payload?.sha256 !== 'string' || typeof header.contentHash !== 'string') throw new Error('fields missing');
  } catch (error) {
    throw new BackupFileError(`${path} is damaged: its manifest cannot be read (${(error as Error).message})`);
  }
  const payloadOffset = end + 1;
  const bytes = statSync(path).size - payloadOffset;
  if (bytes !== header.payload.bytes) {
    throw new BackupFileError(`${path} is damaged: ${bytes} bytes of data where the backup wrote ${header.payload.bytes} (truncated or altered)`);
  }
  if ((await sha256File(path, payloadOffset)) !== header.payload.sha256) {
    throw new BackupFileError(`${path} is damaged: its data does not match the checksum written with it`);
  }
  return { header, payloadOffset };
}

/** Copies the payload of a checked backup file to `target` (pg_restore wants a file it can seek in). */
export async function extractPayload(path: string, payloadOffset: number, target: string): Promise<void> {
  await pipeline(createReadStream(path, { start: payloadOffset }), createWriteStream(target));
}
