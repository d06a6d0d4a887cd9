// The content hash a backup and its restore are compared by: it must change when any stored resource changes, and
// only then — not with the order rows were written in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { contentHash } from '../../../server/ops/content-hash.ts';

async function hashOf(rows: [string, string, number, string | null][]): Promise<string> {
  const db = new PGlite();
  try {
    await db.exec('CREATE TABLE resource (resource_type text, id text, version_id int, content text)');
    for (const row of rows) await db.query('INSERT INTO resource VALUES ($1, $2, $3, $4)', row);
    await db.exec('BEGIN');
    const hash = await contentHash(async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows);
    await db.exec('COMMIT');
    return hash;
  } finally {
    await db.close();
  }
}

const rows: [string, string, number, string | null][] = [
  ['Patient', 'a', 1, '{"resourceType":"Patient","id":"a","gender":"female"}'],
  ['Patient', 'b', 2, '{"resourceType":"Patient","id":"b","birthDate":"1980"}'],
  ['Observation', 'a', 1, null],
];

test('the content hash depends on what is stored, not on the order it was written in', async () => {
  const original = await hashOf(rows);
  assert.match(original, /^[0-9a-f]{64}$/);
  assert.equal(await hashOf([...rows].reverse()), original);
  assert.notEqual(await hashOf([rows[0], [...rows[1].slice(0, 3), '{"resourceType":"Patient","id":"b","birthDate":"1981"}'] as never, rows[2]]), original);
  assert.notEqual(await hashOf([rows[0], ['Patient', 'b', 3, rows[1][3]], rows[2]]), original);
  assert.notEqual(await hashOf([rows[0], rows[1], ['Observation', 'a', 1, '']]), original, 'an empty content is not a deleted one');
  assert.notEqual(await hashOf(rows.slice(0, 2)), original);
});
