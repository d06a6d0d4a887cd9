// A patient's outpatient visits: Encounter, vital signs, diagnoses (Condition, ICD-10 with Vietnamese
// names) and the prescription (MedicationRequests sharing one national prescription code).
import type { Condition, Encounter, Location, MedicationRequest, Observation, Patient } from '@medplum/fhirtypes';
import { formatPrescriptionCode, PRESCRIPTION_COUNTER_LIMIT } from '../identifiers/prescription-code.ts';
import { buildDosage } from '../prescription/dosage.ts';
import { prescriptionRequest } from '../prescription/medication-request.ts';
import {
  CONDITION_CATEGORY_SYSTEM,
  CONDITION_CLINICAL_SYSTEM,
  CONDITION_VERIFICATION_SYSTEM,
  ICD10_SYSTEM,
  V3_ACT_CODE_SYSTEM,
  V3_PARTICIPATION_TYPE_SYSTEM,
} from '../terminology/code-systems.ts';
import { findIcd10 } from '../terminology/icd10.ts';
import {
  ACUTE_PROFILES,
  CHILD_DOSING_BELOW,
  CHRONIC_COURSE_DAYS,
  CHRONIC_PROFILES,
  chooseRegimens,
  type AcuteProfile,
  type ChronicProfile,
  type ClinicSpecialty,
} from './clinical-profiles.ts';
import type { Regimen } from './dosage.ts';
import type { Facility, RoomPurpose } from './facilities.ts';
import type { NameSex } from './names.ts';
import type { PatientFacts } from './patient.ts';
import { WeightedTable, type Rng } from './random.ts';
import { doctorFor, type StaffRoster } from './staff.ts';
import { DAY_MS, MINUTE_MS, vnDateTime, vnStartOfDay, vnWeekday, YEAR_MS } from '../vietnam-time.ts';
import { generatePhysiology, generateVitalSigns, type Physiology } from './vitals.ts';

export interface Visits {
  encounters: Encounter[];
  observations: Observation[];
  conditions: Condition[];
  medicationRequests: MedicationRequest[];
}

export interface VisitOptions {
  facility: Facility;
  staff: StaffRoster;
  patient: Patient;
  facts: PatientFacts;
  /** Patient's position in the dataset; with the visit number it makes prescription codes unique. */
  sequence: number;
  asOfMs: number;
  visitCount?: number;
}

/** Upper bound on visits per patient; prescription codes reserve this many per patient. */
export const MAX_VISITS_PER_PATIENT = 64;
const VISIT_WINDOW_YEARS = 3;
/** Share of a chronic patient's visits that are the monthly follow-up (the rest are acute complaints). */
const FOLLOW_UP_SHARE = 0.8;

interface ChronicDisease {
  profile: ChronicProfile;
  regimens: Regimen[];
  /** The problem-list entry, created at the first follow-up visit. */
  condition?: Condition;
}

interface Diagnosis {
  condition: Condition;
  regimens: readonly Regimen[];
  days: number;
}

const acuteTables = new Map<string, WeightedTable<AcuteProfile>>();

/** Acute complaints that fit the age (whole years) and sex, weighted by how common they are. */
function acuteProfileFor(rng: Rng, ageYears: number, sex: NameSex): AcuteProfile {
  const age = Math.min(Math.floor(ageYears), 100);
  const key = `${age}${sex}`;
  let table = acuteTables.get(key);
  if (!table) {
    const fitting = ACUTE_PROFILES.filter((profile) => age >= profile.minAge && age <= profile.maxAge && (!profile.sex || profile.sex === sex));
    table = new WeightedTable(fitting.map((profile) => [profile, profile.weight] as const));
    acuteTables.set(key, table);
  }
  return table.pick(rng);
}

const roomsByPurpose = new WeakMap<Facility, Map<RoomPurpose, Location[]>>();

function examRoom(rng: Rng, facility: Facility, specialty: ClinicSpecialty | undefined, ageYears: number): Location {
  const wanted: RoomPurpose =
    facility.kind === 'commune-health-station' ? 'general' : (specialty ?? (ageYears < 16 ? 'paediatrics' : 'internal'));
  let byPurpose = roomsByPurpose.get(facility);
  if (!byPurpose) {
    byPurpose = new Map();
    for (const room of facility.rooms) byPurpose.set(room.purpose, [...(byPurpose.get(room.purpose) ?? []), room.location]);
    roomsByPurpose.set(facility, byPurpose);
  }
  const rooms = byPurpose.get(wanted);
  if (!rooms) throw new Error(`${facility.organization.name} has no ${wanted} room`);
  return rng.pick(rooms);
}

/** Visit days: monthly for chronic follow-up, otherwise scattered over the last years; never on a Sunday. */
function planVisitStarts(rng: Rng, count: number, birthMs: number, asOfMs: number, monthly: boolean): number[] {
  const earliest = Math.max(asOfMs - VISIT_WINDOW_YEARS * YEAR_MS, birthMs + 3 * DAY_MS);
  const days: number[] = [];
  let monthlyDay = asOfMs - rng.int(1, 30) * DAY_MS;
  for (let i = 0; i < count; i++) {
    if (monthly && monthlyDay >= earliest) {
      days.push(monthlyDay);
      monthlyDay -= rng.int(28, 35) * DAY_MS;
    } else {
      days.push(vnStartOfDay(earliest + rng.real(0, asOfMs - earliest)));
    }
  }
  return days.sort((a, b) => a - b).map((day) => {
    const workday = vnWeekday(day) !== 0 ? day : day + DAY_MS < asOfMs ? day + DAY_MS : day - DAY_MS;
    const minutesIntoDay = rng.chance(0.7) ? rng.int(7 * 60, 11 * 60) : rng.int(13 * 60 + 30, 16 * 60 + 30);
    return workday + minutesIntoDay * MINUTE_MS;
  });
}

function icd10Code(code: string) {
  const entry = findIcd10(code);
  if (!entry) throw new Error(`ICD-10 ${code} is not in QĐ 4469`);
  return { coding: [{ system: ICD10_SYSTEM, code: entry.code, display: entry.display }], text: entry.display };
}

/** Literal references ("Type/id") shared by what is recorded in one visit. */
interface VisitRefs {
  patientRef: string;
  encounterRef: string;
  doctorRef: string;
}

interface ConditionFacts {
  icd10: string;
  category: 'encounter-diagnosis' | 'problem-list-item';
  onsetMs: number;
  recordedMs: number;
  /** When the illness ended, for conditions that have resolved. */
  abatementMs?: number;
}

function buildCondition(rng: Rng, refs: VisitRefs, facts: ConditionFacts): Condition {
  const condition: Condition = {
    resourceType: 'Condition',
    id: rng.uuid(),
    clinicalStatus: { coding: [{ system: CONDITION_CLINICAL_SYSTEM, code: facts.abatementMs === undefined ? 'active' : 'resolved' }] },
    verificationStatus: { coding: [{ system: CONDITION_VERIFICATION_SYSTEM, code: 'confirmed' }] },
    category: [{ coding: [{ system: CONDITION_CATEGORY_SYSTEM, code: facts.category }] }],
    code: icd10Code(facts.icd10),
    subject: { reference: refs.patientRef },
    encounter: { reference: refs.encounterRef },
    onsetDateTime: vnDateTime(facts.onsetMs),
    recordedDate: vnDateTime(facts.recordedMs),
    recorder: { reference: refs.doctorRef },
    asserter: { reference: refs.doctorRef },
  };
  if (facts.abatementMs !== undefined) condition.abatementDateTime = vnDateTime(facts.abatementMs);
  return condition;
}

interface PrescriptionFacts {
  authoredMs: number;
  asOfMs: number;
  prescriptionCode: string;
}

function buildMedicationRequest(rng: Rng, refs: VisitRefs, regimen: Regimen, diagnosis: Diagnosis, facts: PrescriptionFacts): MedicationRequest {
  const stillRunning = facts.authoredMs + diagnosis.days * DAY_MS > facts.asOfMs;
  const id = rng.uuid();
  const request = prescriptionRequest(
    {
      code: facts.prescriptionCode,
      authoredOn: vnDateTime(facts.authoredMs),
      status: stillRunning ? 'active' : 'completed',
      subject: { reference: refs.patientRef },
      encounter: { reference: refs.encounterRef },
      requester: { reference: refs.doctorRef },
      reasons: [{ reference: `Condition/${diagnosis.condition.id}` }],
    },
    { drug: regimen.drug, dosage: buildDosage(regimen.drug, { ...regimen.dosage, days: diagnosis.days }) },
  );
  return { ...request, id };
}

function chronicDiseasesOf(rng: Rng, ageYears: number, sex: NameSex): ChronicDisease[] {
  return CHRONIC_PROFILES.filter((profile) => rng.chance(profile.prevalence(ageYears, sex))).map((profile) => ({
    profile,
    regimens: chooseRegimens(rng, profile.regimens(ageYears)),
  }));
}

function defaultVisitCount(rng: Rng, chronic: boolean): number {
  return chronic ? rng.int(5, 12) : rng.int(1, 7);
}

/** What stays the same across one patient's visits. */
interface PatientCare {
  options: VisitOptions;
  patientRef: string;
  chronic: ChronicDisease[];
  physiology: Physiology;
}

interface VisitMoment {
  index: number;
  startMs: number;
  endMs: number;
  ageYears: number;
}

function diagnoseAcute(rng: Rng, care: PatientCare, refs: VisitRefs, visit: VisitMoment, acute: AcuteProfile, visits: Visits): Diagnosis[] {
  const abatementMs = visit.startMs + acute.days * DAY_MS;
  // An acute illness seen more than a week after its treatment ended is over.
  const resolved = abatementMs + 7 * DAY_MS < care.options.asOfMs;
  const condition = buildCondition(rng, refs, {
    icd10: acute.icd10,
    category: 'encounter-diagnosis',
    onsetMs: Math.max(care.options.facts.birthMs, visit.startMs - rng.int(1, 4) * DAY_MS),
    recordedMs: visit.endMs,
    abatementMs: resolved ? abatementMs : undefined,
  });
  visits.conditions.push(condition);
  const regimens = chooseRegimens(rng, visit.ageYears < CHILD_DOSING_BELOW && acute.child ? acute.child : acute.adult);
  return [{ condition, regimens, days: acute.days }];
}

/** Chronic diseases go on the problem list at the first follow-up and are reviewed at every later one. */
function diagnoseChronic(rng: Rng, care: PatientCare, refs: VisitRefs, visit: VisitMoment, visits: Visits): Diagnosis[] {
  return care.chronic.map((disease) => {
    if (!disease.condition) {
      // Diagnosed some time before it was first recorded here, but not before the first year of life.
      const onsetMs = Math.min(visit.startMs, Math.max(care.options.facts.birthMs + YEAR_MS, visit.startMs - rng.int(0, 5 * 365) * DAY_MS));
      disease.condition = buildCondition(rng, refs, { icd10: disease.profile.icd10, category: 'problem-list-item', onsetMs, recordedMs: visit.endMs });
      visits.conditions.push(disease.condition);
    }
    return { condition: disease.condition, regimens: disease.regimens, days: CHRONIC_COURSE_DAYS };
  });
}

function recordVisit(rng: Rng, care: PatientCare, visit: VisitMoment, visits: Visits): void {
  const { facility, staff, asOfMs, sequence } = care.options;
  const followUp = care.chronic.length > 0 && rng.chance(FOLLOW_UP_SHARE);
  const acute = followUp ? undefined : acuteProfileFor(rng, visit.ageYears, care.options.facts.sex);
  const room = examRoom(rng, facility, acute?.specialty, visit.ageYears);
  const encounterId = rng.uuid();
  const refs: VisitRefs = {
    patientRef: care.patientRef,
    encounterRef: `Encounter/${encounterId}`,
    doctorRef: `Practitioner/${doctorFor(rng, staff, room).practitioner.id}`,
  };
  const diagnoses = acute ? diagnoseAcute(rng, care, refs, visit, acute, visits) : diagnoseChronic(rng, care, refs, visit, visits);

  const vitals = generateVitalSigns(
    rng,
    care.physiology,
    {
      ageYears: visit.ageYears,
      fever: acute?.fever ?? false,
      respiratory: acute ? acute.respiratory : care.chronic.some((disease) => disease.profile.respiratory),
      measureHeight: visit.index === 0 || visit.ageYears < 18,
    },
    {
      subject: refs.patientRef,
      encounter: refs.encounterRef,
      performer: `Practitioner/${rng.pick(staff.byRole.nurse).practitioner.id}`,
      effectiveDateTime: vnDateTime(visit.startMs + rng.int(2, 6) * MINUTE_MS),
    },
  );
  for (const observation of vitals) visits.observations.push(observation);

  const prescription: PrescriptionFacts = {
    authoredMs: visit.endMs - rng.int(1, 3) * MINUTE_MS,
    asOfMs,
    // Counted down from the top of the code space: real signings count up from 0 (server/services/prescription-codes.ts),
    // so the demo's prescriptions never take a code a facility will issue.
    prescriptionCode: formatPrescriptionCode(facility.code, PRESCRIPTION_COUNTER_LIMIT - 1 - (sequence * MAX_VISITS_PER_PATIENT + visit.index)),
  };
  for (const diagnosis of diagnoses) {
    for (const regimen of diagnosis.regimens) visits.medicationRequests.push(buildMedicationRequest(rng, refs, regimen, diagnosis, prescription));
  }

  visits.encounters.push({
    resourceType: 'Encounter',
    id: encounterId,
    status: 'finished',
    class: { system: V3_ACT_CODE_SYSTEM, code: 'AMB', display: 'ambulatory' },
    type: [{ text: followUp ? 'Khám định kỳ bệnh mạn tính' : 'Khám bệnh' }],
    subject: { reference: refs.patientRef },
    participant: [
      {
        type: [{ coding: [{ system: V3_PARTICIPATION_TYPE_SYSTEM, code: 'PPRF', display: 'primary performer' }] }],
        individual: { reference: refs.doctorRef },
      },
    ],
    period: { start: vnDateTime(visit.startMs), end: vnDateTime(visit.endMs) },
    diagnosis: diagnoses.map((diagnosis, rank) => ({ condition: { reference: `Condition/${diagnosis.condition.id}` }, rank: rank + 1 })),
    location: [{ location: { reference: `Location/${room.id}` }, status: 'completed' }],
    serviceProvider: { reference: `Organization/${facility.organization.id}` },
  });
}

export function generateVisits(rng: Rng, options: VisitOptions): Visits {
  const { facts, asOfMs } = options;
  const ageAtAsOf = (asOfMs - facts.birthMs) / YEAR_MS;
  const chronic = chronicDiseasesOf(rng, ageAtAsOf, facts.sex);
  const hypertensive = chronic.some((disease) => disease.profile.icd10 === 'I10');
  const care: PatientCare = { options, patientRef: `Patient/${options.patient.id}`, chronic, physiology: generatePhysiology(rng, facts.sex, ageAtAsOf, hypertensive) };
  const count = Math.min(MAX_VISITS_PER_PATIENT, Math.max(1, options.visitCount ?? defaultVisitCount(rng, chronic.length > 0)));
  const visits: Visits = { encounters: [], observations: [], conditions: [], medicationRequests: [] };
  const starts = planVisitStarts(rng, count, facts.birthMs, asOfMs, chronic.length > 0);
  for (let index = 0; index < starts.length; index++) {
    const startMs = starts[index];
    const visit: VisitMoment = { index, startMs, endMs: startMs + rng.int(10, 30) * MINUTE_MS, ageYears: (startMs - facts.birthMs) / YEAR_MS };
    recordVisit(rng, care, visit, visits);
  }
  return visits;
}
