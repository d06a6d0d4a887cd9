// A whole synthetic dataset from one seed: a facility network with its staff, then any number of patient
// records. Each patient draws from its own random stream, so patient i is the same however many come
// before it, and slices of a dataset can be generated in parallel.
import type { Resource } from '@medplum/fhirtypes';
import { facilityNetworkResources, generateFacilities, type Facility, type FacilityNetwork, type FacilityNetworkOptions } from './facilities.ts';
import { createRng, type Rng } from './random.ts';
import { generatePatientRecord, type PatientRecord } from './record.ts';
import { generateStaff, staffResources, type StaffRoster } from './staff.ts';
import { DEFAULT_AS_OF } from '../vietnam-time.ts';

export interface SyntheticDatasetOptions extends FacilityNetworkOptions {
  seed: number;
  /** "YYYY-MM-DD" the data is generated as of; defaults to DEFAULT_AS_OF. */
  asOf?: string;
}

export interface SyntheticDataset {
  network: FacilityNetwork;
  rosters: StaffRoster[];
  /** Organizations, Locations, Practitioners and PractitionerRoles: write these before any patient. */
  setupResources: Resource[];
  /** The record of patient `index` (0-based). */
  patientRecord(index: number): PatientRecord;
}

/** Share of patients whose home facility is the district centre rather than a commune station. */
const CENTRE_SHARE = 0.3;
const NETWORK_STREAM = 0;

export function createSyntheticDataset(options: SyntheticDatasetOptions): SyntheticDataset {
  const asOf = options.asOf ?? DEFAULT_AS_OF;
  const setupRng = createRng(options.seed, NETWORK_STREAM);
  const network = generateFacilities(setupRng, { provinceCode: options.provinceCode });
  const facilities: Facility[] = [network.centre, ...network.stations];
  const rosters = facilities.map((facility) => generateStaff(setupRng, facility, { asOf }));
  const setupResources = [...facilityNetworkResources(network), ...rosters.flatMap(staffResources)];

  function homeRoster(rng: Rng): StaffRoster {
    return rng.chance(CENTRE_SHARE) ? rosters[0] : rng.pick(rosters.slice(1));
  }

  return {
    network,
    rosters,
    setupResources,
    patientRecord(index: number): PatientRecord {
      const rng = createRng(options.seed, NETWORK_STREAM + 1 + index);
      const staff = homeRoster(rng);
      return generatePatientRecord(rng, staff.facility, { staff, insurer: network.insurer, sequence: index, asOf });
    },
  };
}
