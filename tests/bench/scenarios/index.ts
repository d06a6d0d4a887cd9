// Every scenario the bench knows, in the order they run. A new scenario file adds its list here.
import type { Scenario } from '../scenario.ts';
import { storeScenarios } from './store.ts';
import { searchScenarios } from './search.ts';
import { ingestScenarios } from './ingest.ts';
import { examinationScenarios } from './examination.ts';

export const scenarios: Scenario[] = [...storeScenarios, ...searchScenarios, ...ingestScenarios, ...examinationScenarios];
