// The doctor's screens (issue 6): opening the patient chart of a patient with 500 visits, and saving an examination
// (the workspace's transaction Bundle: vitals, a diagnosis and the encounter). Each builds its patient once.
import type { BenchContext, Scenario } from '../scenario.ts';
import { postPatients } from '../patients.ts';
import { visitEntries, visitHistoryBundle } from '../../support/visit-history.ts';

const CHART_VISITS = 500;
/** Visits per transaction while building the chart's patient (a few thousand entries at most per Bundle). */
const VISITS_PER_BUNDLE = 50;
/** Issue 6: the chart opens in under 300 ms for a patient with 500 encounters. */
const CHART_TARGET = { concurrency: 1, maxP99Ms: 300 };

async function newPatient(context: BenchContext): Promise<string> {
  const [patient] = await postPatients(context.client, 1, { concurrency: 1 });
  return patient.id;
}

async function postTransaction(context: BenchContext, bundle: unknown): Promise<number> {
  return context.client.status('POST', '', Buffer.from(JSON.stringify(bundle)));
}

function chartPatient(context: BenchContext): Promise<string> {
  return context.fixture('chart-patient', async () => {
    context.log(`creating a patient with ${CHART_VISITS} visits (vitals and a diagnosis each)…`);
    const id = await newPatient(context);
    for (let from = 0; from < CHART_VISITS; from += VISITS_PER_BUNDLE) {
      const status = await postTransaction(context, visitHistoryBundle(id, from, from + VISITS_PER_BUNDLE));
      if (status !== 200) throw new Error(`the visit history transaction answered ${status}: ${context.client.lastErrors.get(status) ?? ''}`);
    }
    return id;
  });
}

export const examinationScenarios: Scenario[] = [
  {
    name: `patient chart (${CHART_VISITS} encounters)`,
    targets: CHART_TARGET,
    concurrency: [1, 8],
    async prepare(context) {
      const id = await chartPatient(context);
      return () => () => context.client.apiStatus(`/api/patients/${id}/chart`);
    },
  },
  {
    name: 'save examination (transaction Bundle)',
    concurrency: [1, 8],
    async prepare(context) {
      const id = await context.fixture('examined-patient', () => newPatient(context));
      let visit = 0;
      return () => () => postTransaction(context, { resourceType: 'Bundle', type: 'transaction', entry: visitEntries(id, visit++) });
    },
  },
];
