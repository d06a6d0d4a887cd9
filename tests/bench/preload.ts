// Data before measuring, so that tables and indexes are not trivially small: the lead's generator when it exists
// (fast, straight into the database), otherwise Patients POSTed through the API.
import { runTool, scriptExists } from './server.ts';
import { postPatients } from './patients.ts';
import { messageOf } from './errors.ts';
import type { BenchClient } from './client.ts';

export const GENERATOR = 'server/cli/gen.ts';

export interface Preload {
  method: string;
  seconds: number;
  /** Ids of the Patients created, when the method knows them (POST). */
  patientIds?: string[];
}

/** Runs the generator on the database; undefined when it is missing or failed (the reason is logged). */
export async function preloadWithGenerator(
  databaseUrl: string,
  patients: number,
  log: (message: string) => void,
  signal?: AbortSignal,
): Promise<Preload | undefined> {
  if (!scriptExists(GENERATOR)) {
    log(`${GENERATOR} does not exist yet: the Patients will be POSTed instead`);
    return undefined;
  }
  const started = Date.now();
  log(`pre-loading ${patients} patients with ${GENERATOR}…`);
  try {
    await runTool(GENERATOR, ['--patients', String(patients)], { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, (line) => log(`  gen: ${line}`));
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    log(`the generator failed (${messageOf(error)}): the Patients will be POSTed instead`);
    return undefined;
  }
  return { method: `\`${GENERATOR} --patients ${patients}\``, seconds: (Date.now() - started) / 1000 };
}

export async function preloadWithPost(client: BenchClient, patients: number, log: (message: string) => void): Promise<Preload> {
  const started = Date.now();
  log(`pre-loading ${patients} patients with POST /Patient (32 at a time)…`);
  const created = await postPatients(client, patients, {
    concurrency: 32,
    seed: 7,
    onProgress: (done) => {
      if (done % 5000 === 0) log(`  ${done} / ${patients}`);
    },
  });
  return { method: `POST /Patient ×${patients}`, seconds: (Date.now() - started) / 1000, patientIds: created.map((patient) => patient.id) };
}
