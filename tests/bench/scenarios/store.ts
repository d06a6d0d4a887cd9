// The resource store's basic interactions on Patient: create, read, update with If-Match, vread, instance history.
import type { BenchContext, Operation, Scenario } from '../scenario.ts';
import { addVersions, patientBodies, postPatients, type CreatedPatient } from '../patients.ts';

const P99_TARGET = { concurrency: 32, maxP99Ms: 25 };
/** Versions per patient for vread and history: "patients with a few versions". */
const VERSIONS = 5;
const VERSIONED_PATIENTS = 200;

/** Pre-loaded Patients to read; when the bench pre-loaded none (`--patients 0`), a small set of its own. */
async function readableIds(context: BenchContext): Promise<readonly string[]> {
  if (context.patientIds.length >= 100) return context.patientIds;
  return context.fixture('patients-to-read', async () => {
    context.log('creating 1000 Patients to read (nothing was pre-loaded)…');
    return (await postPatients(context.client, 1000, { concurrency: 16 })).map((patient) => patient.id);
  });
}

/** Patients with VERSIONS versions each, shared by vread and history. */
function versionedPatients(context: BenchContext): Promise<CreatedPatient[]> {
  return context.fixture('versioned-patients', async () => {
    context.log(`creating ${VERSIONED_PATIENTS} Patients with ${VERSIONS} versions each…`);
    const patients = await postPatients(context.client, VERSIONED_PATIENTS, { concurrency: 16 });
    await addVersions(context.client, patients, VERSIONS);
    return patients;
  });
}

/** An operation that GETs a random path of the list. */
function randomGet(context: BenchContext, paths: readonly string[]): Operation {
  return () => context.client.status('GET', paths[Math.floor(Math.random() * paths.length)]);
}

export const storeScenarios: Scenario[] = [
  {
    name: 'create Patient',
    targets: { ...P99_TARGET, minRequestsPerSecond: 800 },
    async prepare(context) {
      const bodies = await context.fixture('patient-bodies', async () => patientBodies(1024));
      return (worker) => {
        let next = worker;
        return () => context.client.status('POST', '/Patient', bodies[next++ % bodies.length]);
      };
    },
  },
  {
    name: 'read Patient',
    targets: { ...P99_TARGET, minRequestsPerSecond: 3000 },
    async prepare(context) {
      const paths = (await readableIds(context)).map((id) => `/Patient/${id}`);
      return () => randomGet(context, paths);
    },
  },
  {
    name: 'update Patient (If-Match)',
    targets: P99_TARGET,
    async prepare(context, concurrency) {
      // Each worker updates its own patient, so If-Match never loses a race (no 412).
      const owned = await postPatients(context.client, concurrency, { concurrency: 16 });
      return (worker) => {
        const patient = owned[worker];
        const path = `/Patient/${patient.id}`;
        // Two alternating bodies (a phone number changes), serialised once.
        const bodies = ['0912345678', '0987654321'].map((phone) =>
          Buffer.from(JSON.stringify({ ...patient.resource, meta: undefined, telecom: [{ system: 'phone', value: phone, use: 'mobile' }] })));
        let etag = patient.etag;
        let turn = 0;
        return async () => {
          const reply = await context.client.head('PUT', path, bodies[turn++ & 1], { 'If-Match': etag });
          if (reply.status === 200 && typeof reply.headers.etag === 'string') {
            etag = reply.headers.etag;
          } else {
            // Re-synchronise after an error, so one failure does not turn every later update into a 412.
            const current = await context.client.head('GET', path);
            if (typeof current.headers.etag === 'string') etag = current.headers.etag;
          }
          return reply.status;
        };
      };
    },
  },
  {
    name: 'vread Patient',
    targets: P99_TARGET,
    async prepare(context) {
      const patients = await versionedPatients(context);
      const paths = patients.flatMap((patient) =>
        Array.from({ length: VERSIONS }, (_, index) => `/Patient/${patient.id}/_history/${index + 1}`));
      return () => randomGet(context, paths);
    },
  },
  {
    name: `history Patient (${VERSIONS} versions)`,
    targets: P99_TARGET,
    async prepare(context) {
      const paths = (await versionedPatients(context)).map((patient) => `/Patient/${patient.id}/_history`);
      return () => randomGet(context, paths);
    },
  },
];
