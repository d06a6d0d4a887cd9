import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migrationMismatch, stateDifferences } from '../../../../server/ops/backup-manifest.ts';

const shipped = [
  { name: '0001_a', checksum: 'a1', sql: '' },
  { name: '0002_b', checksum: 'b1', sql: '' },
];

test('a backup is restored only at the migration level of this Sen', () => {
  assert.equal(migrationMismatch([{ name: '0001_a', checksum: 'a1' }, { name: '0002_b', checksum: 'b1' }], shipped), undefined);
  assert.match(migrationMismatch([{ name: '0001_a', checksum: 'a1' }], shipped)!, /from an older Sen \(without migrations 0002_b\)/);
  assert.match(migrationMismatch([...shipped, { name: '0003_c', checksum: 'c1' }], shipped)!, /from a newer Sen \(migrations 0003_c are unknown here\): upgrade Sen first/);
  assert.match(migrationMismatch([{ name: '0001_a', checksum: 'a2' }, { name: '0002_b', checksum: 'b1' }], shipped)!, /migrations 0001_a differ/);
});

test('the restore check names each table whose rows differ, and a different content hash', () => {
  const backup = { migrations: [], tableCounts: { resource: 3, audit_event: 5 }, contentHash: 'x' };
  assert.deepEqual(stateDifferences(backup, { ...backup, tableCounts: { ...backup.tableCounts } }), []);
  assert.deepEqual(stateDifferences(backup, { migrations: [], tableCounts: { resource: 2 }, contentHash: 'y' }), [
    'table audit_event: missing rows, the backup has 5',
    'table resource: 2 rows, the backup has 3',
    'content hash y, the backup has x',
  ]);
});
