// Acceptance: the Synthea sample data (../shared/data beside the repository) loads as transaction Bundles.
//
// This 2019 data POSTs every Organization and Practitioner plainly, and the patient files repeat the ones they use.
// Later Synthea versions make them conditional creates on their identifier, which is also how a hospital would
// load shared directories; the test does the same, so that loading everything creates each one once and a reload
// creates nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';
import { parseJson, stringifyJson } from '../../../fhir/json/lossless.ts';
import { countByType, locationOf, postBundle, storedContent } from './bundle-client.ts';

const DATA = fileURLToPath(new URL('../../../../shared/data/synthea-r4-smart-2019/', import.meta.url));
const available = existsSync(DATA);
const SHARED_FIRST = /^(hospital|practitioner)Information.*\.json$/;

interface Entry {
  resource: { resourceType: string; identifier?: { system: string; value: string }[] };
  request: { method: string; url: string; ifNoneExist?: string };
}
interface SyntheaFile {
  name: string;
  bundle: { entry: Entry[] };
}

function readData(): SyntheaFile[] {
  const names = readdirSync(DATA).filter((name) => name.endsWith('.json'));
  const ordered = [...names.filter((name) => SHARED_FIRST.test(name)).sort(), ...names.filter((name) => !SHARED_FIRST.test(name)).sort()];
  return ordered.map((name) => {
    const bundle = parseJson(readFileSync(DATA + name, 'utf8')) as SyntheaFile['bundle'];
    for (const { resource, request } of bundle.entry) {
      if (resource.resourceType === 'Organization' || resource.resourceType === 'Practitioner') {
        const [{ system, value }] = resource.identifier!;
        request.ifNoneExist = `identifier=${encodeURIComponent(`${system}|${value}`)}`;
      }
    }
    return { name, bundle };
  });
}

/** Number tokens of a JSON text, as written. */
const numbers = (json: string): string[] =>
  [...json.matchAll(/"(?:[^"\\]|\\.)*"|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/g)].flatMap((match) => (match[1] ? [match[1]] : []));

for (const kind of databaseKinds()) {
  describe(`Synthea transaction Bundles (${kind})`, { skip: !available && `no test data at ${DATA}` }, () => {
    let server: TestServer;
    let files: SyntheaFile[];
    const answers = new Map<string, { status: number; body: { entry: { response: { status: string; location: string } }[] }; text: string }>();
    before(async () => {
      server = await startTestServer(kind);
      files = readData();
      let resources = 0;
      const started = performance.now();
      for (const file of files) {
        const answer = await postBundle(server, stringifyJson(file.bundle));
        answers.set(file.name, answer);
        resources += file.bundle.entry.length;
      }
      const seconds = (performance.now() - started) / 1000;
      console.log(`${kind}: ${resources} resources in ${files.length} transactions, ${seconds.toFixed(1)} s, ${Math.round(resources / seconds)} resources/s`);
    });
    after(() => server?.close());

    test('every bundle loads as one transaction, each entry created once', async () => {
      for (const file of files) {
        const answer = answers.get(file.name)!;
        assert.equal(answer.status, 200, `${file.name}: ${answer.text.slice(0, 500)}`);
        assert.equal(answer.body.entry.length, file.bundle.entry.length);
      }
      const expected: Record<string, number> = {};
      const shared = new Set<string>();
      for (const { resource, request } of files.flatMap((file) => file.bundle.entry)) {
        if (request.ifNoneExist && shared.has(`${resource.resourceType}?${request.ifNoneExist}`)) continue;
        shared.add(`${resource.resourceType}?${request.ifNoneExist}`);
        expected[resource.resourceType] = (expected[resource.resourceType] ?? 0) + 1;
      }
      assert.deepEqual(await countByType(server), expected);
    });

    test('no stored reference points to urn:uuid, a conditional URL, or a resource that is not there', async () => {
      const { prisma } = server.sen.context.database;
      const [row] = await prisma.$queryRaw<{ local: number; conditional: number; dangling: number; checked: number }[]>`
        WITH refs AS (
          SELECT r.content::jsonb #>> '{}' AS doc, x.ref #>> '{}' AS ref
          FROM resource r, jsonb_path_query(r.content::jsonb, 'strict $.**.reference') AS x(ref))
        SELECT count(*) FILTER (WHERE ref LIKE 'urn:%')::int AS local,
               count(*) FILTER (WHERE ref ~ '^[A-Z][A-Za-z]+\\?')::int AS conditional,
               count(*) FILTER (WHERE ref NOT LIKE '#%' AND NOT EXISTS (
                 SELECT 1 FROM resource t WHERE t.resource_type = split_part(ref, '/', 1) AND t.id = split_part(ref, '/', 2)))::int AS dangling,
               count(*)::int AS checked
        FROM refs`;
      assert.deepEqual({ ...row, checked: row.checked > 30_000 }, { local: 0, conditional: 0, dangling: 0, checked: true });
    });

    test('numbers are stored as Synthea wrote them', async () => {
      const file = files.find((candidate) => !SHARED_FIRST.test(candidate.name))!;
      const answer = answers.get(file.name)!;
      let compared = 0;
      for (const [i, entry] of file.bundle.entry.entries()) {
        if (entry.request.ifNoneExist) continue;
        const [type, id] = locationOf(answer.body.entry[i]).split('/');
        assert.deepEqual(numbers(await storedContent(server, type, id)), numbers(stringifyJson(entry.resource)), `${file.name} entry ${i}`);
        compared += 1;
      }
      assert.ok(compared > 50);
    });

    test('reloading the conditional-create bundles (hospitals, practitioners) creates nothing', async () => {
      const before = await countByType(server);
      for (const file of files.filter((candidate) => SHARED_FIRST.test(candidate.name))) {
        const answer = await postBundle(server, stringifyJson(file.bundle));
        assert.equal(answer.status, 200, answer.text.slice(0, 500));
        assert.ok(answer.body.entry.every((entry: { response: { status: string } }) => entry.response.status === '200 OK'));
        assert.deepEqual(answer.body.entry.map(locationOf), answers.get(file.name)!.body.entry.map(locationOf), 'the same resources as the first load');
      }
      assert.deepEqual(await countByType(server), before);
    });
  });
}
