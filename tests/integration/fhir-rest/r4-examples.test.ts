import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { copyRawNumber, parseJson, stringifyJson } from '../../../fhir/json/lossless.ts';
import { INVALID_R4_EXAMPLES } from '../../fixtures/r4-invalid-examples.ts';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';

const EXAMPLES_DIR = dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));
const exampleFiles = readdirSync(EXAMPLES_DIR).filter((name) => name.endsWith('.json') && !name.startsWith('.') && name !== 'package.json').sort();

/** Sorted keys, server-owned meta removed, decimal lexemes kept: two resources compare equal as text. */
function canonical(value: unknown, root = true): unknown {
  if (Array.isArray(value)) {
    const out = value.map((item) => canonical(item, false));
    value.forEach((item, i) => typeof item === 'number' && copyRawNumber(value, i, out, i));
    return out;
  }
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort()) {
    if (root && key === 'meta') {
      const { versionId: _v, lastUpdated: _l, ...meta } = source.meta as Record<string, unknown>;
      if (Object.keys(meta).length) out.meta = canonical(meta, false);
      continue;
    }
    out[key] = canonical(source[key], false);
    if (typeof source[key] === 'number') copyRawNumber(source, key, out, key);
  }
  return out;
}

for (const kind of databaseKinds()) {
  describe(`The official R4 examples (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(() => server.close());

    test(`all ${exampleFiles.length} load and read back equal to what was sent, except the known-invalid ones`, async () => {
      const failures: string[] = [];
      const rejected: string[] = [];
      const refusedAudit: string[] = [];
      let loaded = 0;
      const load = async (file: string): Promise<void> => {
        const text = readFileSync(join(EXAMPLES_DIR, file), 'utf8');
        const resource = parseJson(text) as { resourceType: string; id?: string };
        const write = await server.request(resource.id ? `/fhir/R4/${resource.resourceType}/${resource.id}` : `/fhir/R4/${resource.resourceType}`, {
          method: resource.id ? 'PUT' : 'POST',
          json: text,
        });
        if (resource.resourceType === 'AuditEvent') {
          // The audit trail is append-only and written by the server alone: no client may write an AuditEvent.
          if (write.status === 403) refusedAudit.push(file);
          else failures.push(`${file}: an AuditEvent write answered ${write.status}, not 403`);
          await write.arrayBuffer();
          return;
        }
        if (write.status === 422 || write.status === 400) {
          rejected.push(file);
          await write.arrayBuffer();
          return;
        }
        if (write.status !== 200 && write.status !== 201) {
          failures.push(`${file}: write answered ${write.status} ${await write.text()}`);
          return;
        }
        const written = parseJson(await write.text()) as { id: string };
        const read = await server.request(`/fhir/R4/${resource.resourceType}/${written.id}`);
        const served = parseJson(await read.text());
        resource.id = written.id;
        if (stringifyJson(canonical(served)) !== stringifyJson(canonical(resource))) failures.push(`${file}: read back differs`);
        loaded += 1;
      };
      // A few clients at once, as a hospital's integration engine would send them; ids are unique across the files
      // except for one pair of invalid examples.
      const queue = [...exampleFiles];
      await Promise.all(Array.from({ length: 6 }, async () => {
        for (let file = queue.shift(); file; file = queue.shift()) await load(file);
      }));
      assert.deepEqual(failures, []);
      assert.deepEqual(rejected.sort(), Object.keys(INVALID_R4_EXAMPLES).sort(), 'rejected exactly the examples known to be invalid');
      assert.ok(refusedAudit.length > 0);
      assert.equal(loaded + rejected.length + refusedAudit.length, exampleFiles.length);
    });
  });
}
