// Every scenario the bench knows, in the order they run. A new scenario file adds its list here.
import type { Scenario } from '../scenario.ts';
import { storeScenarios } from './store.ts';

export const scenarios: Scenario[] = [...storeScenarios];
