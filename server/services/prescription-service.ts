// Prescribing at the doctor's desk: checking a draft against the patient's record, signing it (national code,
// MedicationRequests, the QĐ 808 message queued — one transaction), revising a signed one (a new prescription that
// cancels the old), and reading a prescription back with its delivery to the national system.
import type {
  AllergyIntolerance,
  Condition,
  Coverage,
  Encounter,
  Medication,
  MedicationRequest,
  Observation,
  Organization,
  Patient,
  Practitioner,
} from '@medplum/fhirtypes';
import type { Db, PrismaClient } from '../db/client.ts';
import type { ResourceJson } from '../../fhir/resource-meta.ts';
import { FhirError, notFound } from '../../fhir/outcome.ts';
import { displayPrescriptionCode, parsePrescriptionCode } from '../../fhir/identifiers/prescription-code.ts';
import { FACILITY_CODE_SYSTEM, PRESCRIPTION_CODE_SYSTEM } from '../../fhir/identifiers/systems.ts';
import { buildDosage, DosageInputError, type BuiltDosage } from '../../fhir/prescription/dosage.ts';
import type { CatalogueDrug } from '../../fhir/prescription/medication.ts';
import { prescriptionRequest } from '../../fhir/prescription/medication-request.ts';
import { qd808Payload } from '../../fhir/prescription/national/qd808-payload.ts';
import { validateQd808, type Qd808Problem } from '../../fhir/prescription/national/qd808-validation.ts';
import type { PrescriptionInput } from '../../fhir/prescription/prescription-input.ts';
import { bodyWeightKg, guardianOf, readPrescription, type PrescriptionRecord, type PrescriptionResources } from '../../fhir/prescription/prescription-record.ts';
import { groupByPrescriptionType } from '../../fhir/prescription/prescription-type.ts';
import { recordedAllergies } from '../../fhir/prescription/safety/allergy.ts';
import { unacknowledgedWarnings } from '../../fhir/prescription/safety/acknowledgement.ts';
import { checkPrescription } from '../../fhir/prescription/safety/check.ts';
import type { SafetyFinding } from '../../fhir/prescription/safety/prescription-draft.ts';

import { vnDate, vnDateTime } from '../../fhir/vietnam-time.ts';
import { ICD10_SYSTEM, LOINC_SYSTEM } from '../../fhir/terminology/code-systems.ts';
import { currentAccess } from '../access/request-access.ts';
import { searchResources } from './search-resources.ts';
import { ensurePrescriber } from '../access/prescribing.ts';
import { labelledFacility } from '../access/facility-label.ts';
import { enqueueNationalPrescription, nationalPrescriptionKey } from '../adapters/national-prescription/sender.ts';
import { findOutboxMessage, type OutboxEntry } from '../workers/outbox.ts';
import { rememberFavouriteDosages } from '../store/prescription-template-rows.ts';
import { catalogueEntry, missingDrugMessage } from './catalogue-drug.ts';
import { allocatePrescriptionCode } from './prescription-codes.ts';
import type { ResourceService } from './resource-service.ts';
import type { SearchService } from './search-service.ts';

/** The safety checks stop the signing: errors, or warnings the doctor did not acknowledge. */
export class PrescriptionUnsafe extends Error {
  constructor(
    readonly reason: 'errors' | 'unacknowledged-warnings',
    readonly findings: SafetyFinding[],
  ) {
    super(reason === 'errors'
      ? 'The safety checks found errors: the prescription cannot be signed as it is'
      : 'Some warnings have not been acknowledged: read them and list their keys in "acknowledgedWarnings"');
  }
}

/** What the prescription lacks for the national system (QĐ 808): nothing was signed. */
export class PrescriptionIncomplete extends Error {
  constructor(readonly problems: Qd808Problem[]) {
    super(`The prescription cannot be sent to the national system: ${problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}`);
  }
}

/** The request cannot be carried out as asked (a drug of another catalogue, a bad dosage, a closed prescription). */
export class PrescriptionRequestInvalid extends Error {}

export interface SignedPrescription {
  code: string;
  requests: MedicationRequest[];
  record: PrescriptionRecord;
}

export interface PrescriptionStatus {
  code: string;
  status: MedicationRequest['status'];
  statusReason?: string;
  authoredOn?: string;
  patient?: string;
  replaces?: string;
  requests: { id: string; medication?: string; instruction?: string; quantity?: number; unit?: string }[];
  national: { status: OutboxEntry['status'] | 'not_queued'; attempts: number; lastError?: string; deliveredAt?: string; checksum?: string };
}

interface Prepared {
  patient: Patient;
  conditions: Condition[];
  weight?: Observation;
  medications: Medication[];
  drugs: CatalogueDrug[];
  dosages: BuiltDosage[];
  findings: SafetyFinding[];
}

const BODY_WEIGHT = `${LOINC_SYSTEM}|29463-7`;

const parse = <T>(content: string | null): T => JSON.parse(content ?? 'null') as T;
const idOf = (reference: string | undefined, type: string): string | undefined =>
  reference?.startsWith(`${type}/`) ? reference.slice(type.length + 1) : undefined;

export class PrescriptionService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly resources: ResourceService,
    private readonly search: SearchService,
    /** Called once a signing has committed: the outbox worker looks for the new message at once. */
    private readonly onSigned: () => void = () => undefined,
  ) {}

  /** The safety findings of a draft, errors first. */
  async check(input: PrescriptionInput): Promise<SafetyFinding[]> {
    return (await this.prepare(input)).findings;
  }

  /** Signs a new prescription; `replacing` is the code of a signed prescription it cancels (a revision). */
  async sign(input: PrescriptionInput, replacing?: string): Promise<SignedPrescription> {
    const access = currentAccess();
    const prescriber = ensurePrescriber(access.principal);
    access.authorize('create', 'MedicationRequest');
    const old = replacing === undefined ? undefined : await this.requestsOf(replacing);
    if (old) {
      if (old.some((request) => request.status !== 'active')) throw new PrescriptionRequestInvalid(`Prescription ${replacing} is ${old[0].status}, not active: only an active prescription can be revised`);
      if (old[0].subject?.reference !== `Patient/${input.patientId}`) throw new PrescriptionRequestInvalid(`Prescription ${replacing} is for ${old[0].subject?.reference}, not Patient/${input.patientId}`);
    }
    const prepared = await this.prepare(input);
    const errors = prepared.findings.filter((finding) => finding.severity === 'error');
    if (errors.length) throw new PrescriptionUnsafe('errors', prepared.findings);
    if (unacknowledgedWarnings(prepared.findings, input.acknowledgedWarnings).length) throw new PrescriptionUnsafe('unacknowledged-warnings', prepared.findings);

    const organization = parse<Organization>((await this.resources.read('Organization', prescriber.facilityId)).content);
    const facilityCode = organization.identifier?.find((identifier) => identifier.system === FACILITY_CODE_SYSTEM)?.value;
    if (!facilityCode) throw new PrescriptionRequestInvalid(`The facility ${organization.name ?? prescriber.facilityId} has no facility code (mã cơ sở KCB): prescriptions need it`);
    const practitioner = parse<Practitioner>((await this.resources.read('Practitioner', prescriber.practitionerId)).content);
    const coverage = await this.coverageOf(input.patientId);
    const [type] = groupByPrescriptionType(prepared.drugs).keys();

    const signed = await this.prisma.$transaction(async (tx) => {
      const code = await allocatePrescriptionCode(tx, facilityCode, type);
      const context = {
        code,
        authoredOn: vnDateTime(Date.now()),
        status: 'active' as const,
        subject: { reference: `Patient/${input.patientId}` },
        requester: { reference: `Practitioner/${prescriber.practitionerId}` },
        reasons: prepared.conditions.map((condition) => ({ reference: `Condition/${condition.id}` })),
        ...(input.encounterId ? { encounter: { reference: `Encounter/${input.encounterId}` } } : {}),
        ...(input.advice ? { advice: input.advice } : {}),
      };
      const requests: MedicationRequest[] = [];
      for (const [i, medication] of prepared.medications.entries()) {
        const request = prescriptionRequest(context, { drug: prepared.drugs[i], medication: { reference: `Medication/${medication.id}` }, dosage: prepared.dosages[i] });
        const prior = old?.find((candidate) => candidate.medicationReference?.reference === `Medication/${medication.id}`) ?? old?.[0];
        if (prior) request.priorPrescription = { reference: `MedicationRequest/${prior.id}` };
        const created = await this.resources.create('MedicationRequest', request as unknown as ResourceJson, undefined, tx);
        requests.push(parse<MedicationRequest>(created.version.content));
      }
      if (old) await this.cancel(tx, old, code);
      // In the signing's transaction: a starred drug offers the dosage last signed, never one of a refused signing.
      await rememberFavouriteDosages(tx, access.principal.userId, input.lines);
      const record = readPrescription({ requests, patient: prepared.patient, practitioner, organization, conditions: prepared.conditions, medications: prepared.medications, weight: prepared.weight, coverage });
      const payload = qd808Payload(record);
      const problems = validateQd808(payload, { facilityCode });
      if (problems.length) throw new PrescriptionIncomplete(problems);
      const queued = await enqueueNationalPrescription(tx, {
        facilityLinkCode: record.facility.nationalLinkCode,
        doctorLinkCode: record.doctor.nationalLinkCode ?? '',
        prescription: payload,
      });
      // Only a counter carried back (a restored database) can give a code twice; never send another prescription under it.
      if (!queued.created) throw new FhirError(409, { code: 'conflict', diagnostics: `The prescription code ${code} was issued before (prescription_code_counter went back): nothing was signed; ask the administrator to restore the counter` });
      return { code, requests, record };
    });
    this.onSigned();
    return signed;
  }

  /** The prescription as the doctor and the pharmacist see it, with its delivery to the national system. */
  async status(code: string): Promise<PrescriptionStatus> {
    const requests = await this.requestsOf(code);
    const [first] = requests;
    const message = await findOutboxMessage(this.prisma, nationalPrescriptionKey(code));
    const prior = first.priorPrescription?.reference;
    const replaces = prior ? (await this.resourceOf<MedicationRequest>(prior)).groupIdentifier?.value : undefined;
    const result = message?.result as { checksum?: string | null } | undefined;
    return {
      code,
      status: first.status,
      ...(first.statusReason?.text ? { statusReason: first.statusReason.text } : {}),
      ...(first.authoredOn ? { authoredOn: first.authoredOn } : {}),
      ...(first.subject?.reference ? { patient: first.subject.reference } : {}),
      ...(replaces ? { replaces } : {}),
      requests: requests.map((request) => ({
        id: request.id!,
        medication: request.medicationReference?.display ?? request.medicationCodeableConcept?.text,
        instruction: request.dosageInstruction?.[0]?.text,
        quantity: request.dispenseRequest?.quantity?.value,
        unit: request.dispenseRequest?.quantity?.unit,
      })),
      national: message
        ? {
            status: message.status,
            attempts: message.attempts,
            ...(message.lastError ? { lastError: message.lastError } : {}),
            ...(message.deliveredAt ? { deliveredAt: message.deliveredAt.toISOString() } : {}),
            ...(result?.checksum ? { checksum: result.checksum } : {}),
          }
        : { status: 'not_queued', attempts: 0 },
    };
  }

  /** The signed prescription read from its resources, as the paper prints it. */
  async record(code: string): Promise<PrescriptionRecord> {
    const requests = await this.requestsOf(code);
    const [first] = requests;
    const patientId = idOf(first.subject?.reference, 'Patient');
    const facilityId = labelledFacility(first as unknown as ResourceJson);
    if (!patientId || !facilityId) throw new PrescriptionRequestInvalid(`Prescription ${code} names no patient or facility`);
    const resources: PrescriptionResources = {
      requests,
      patient: await this.resourceOf<Patient>(first.subject!.reference!),
      practitioner: await this.resourceOf<Practitioner>(first.requester!.reference!),
      organization: await this.resourceOf<Organization>(`Organization/${facilityId}`),
      conditions: await Promise.all((first.reasonReference ?? []).map((reason) => this.resourceOf<Condition>(reason.reference!))),
      medications: await Promise.all(requests.flatMap((request) => (request.medicationReference?.reference ? [this.resourceOf<Medication>(request.medicationReference.reference)] : []))),
      weight: await this.latestWeight(patientId, first.authoredOn),
      coverage: await this.coverageOf(patientId),
    };
    return readPrescription(resources);
  }

  /** Everything the checks look at: the patient, their allergies and weight, the diagnoses, the catalogue drugs. */
  private async prepare(input: PrescriptionInput): Promise<Prepared> {
    const patient = await this.resourceOf<Patient>(`Patient/${input.patientId}`);
    const medications: Medication[] = [];
    const drugs: CatalogueDrug[] = [];
    const dosages: BuiltDosage[] = [];
    for (const [i, line] of input.lines.entries()) {
      const entry = catalogueEntry(await this.resources.read('Medication', line.medicationId));
      if ('missing' in entry) throw new PrescriptionRequestInvalid(missingDrugMessage(entry, `lines[${i}]`, line.medicationId));
      const { medication, drug } = entry;
      try {
        dosages.push(buildDosage(drug, line.dosage));
      } catch (error) {
        if (error instanceof DosageInputError) throw new PrescriptionRequestInvalid(`lines[${i}].dosage: ${error.message}`);
        throw error;
      }
      medications.push(medication);
      drugs.push(drug);
    }
    const conditions = input.conditionIds?.length
      ? await Promise.all(input.conditionIds.map((id) => this.resourceOf<Condition>(`Condition/${id}`)))
      : await this.visitDiagnoses(input.encounterId!, input.patientId);
    for (const condition of conditions) {
      if (condition.subject?.reference !== `Patient/${input.patientId}`) throw new PrescriptionRequestInvalid(`Condition/${condition.id} is not a diagnosis of Patient/${input.patientId}`);
    }
    const diagnoses = conditions.flatMap((condition) => condition.code?.coding?.filter((coding) => coding.system === ICD10_SYSTEM && coding.code).map((coding) => coding.code!) ?? []);
    if (diagnoses.length === 0) throw new PrescriptionRequestInvalid('The visit has no diagnosis with an ICD-10 code: record one before prescribing');
    const allergies = await searchResources<AllergyIntolerance>(this.search, 'AllergyIntolerance', `patient=Patient/${input.patientId}&_count=200`);
    const weight = await this.latestWeight(input.patientId);
    const weightKg = bodyWeightKg(weight);
    const guardianName = guardianOf(patient)?.name;
    const findings = checkPrescription({
      date: vnDate(Date.now()),
      patient: { birthDate: patient.birthDate ?? '', ...(weightKg !== undefined ? { weightKg } : {}), ...(guardianName ? { guardianName } : {}) },
      allergies: recordedAllergies(allergies),
      diagnoses,
      lines: drugs.map((drug, i) => ({ drug, dosage: input.lines[i].dosage })),
    });
    return { patient, conditions, weight, medications, drugs, dosages, findings };
  }

  /** The visit's diagnoses, main first: Encounter.diagnosis by rank, else the Conditions recorded for the visit. */
  private async visitDiagnoses(encounterId: string, patientId: string): Promise<Condition[]> {
    const encounter = await this.resourceOf<Encounter>(`Encounter/${encounterId}`);
    if (encounter.subject?.reference !== `Patient/${patientId}`) throw new PrescriptionRequestInvalid(`Encounter/${encounterId} is not a visit of Patient/${patientId}`);
    const ranked = [...(encounter.diagnosis ?? [])].sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER));
    const references = ranked.flatMap((diagnosis) => (diagnosis.condition?.reference?.startsWith('Condition/') ? [diagnosis.condition.reference] : []));
    if (references.length) return Promise.all(references.map((reference) => this.resourceOf<Condition>(reference)));
    return searchResources<Condition>(this.search, 'Condition', `encounter=Encounter/${encounterId}&_count=50`);
  }

  /** Closes the requests of a revised prescription, naming the one that replaces it; refused (409) if changed meanwhile. */
  private async cancel(tx: Db, requests: readonly MedicationRequest[], replacement: string): Promise<void> {
    const printed = displayPrescriptionCode(replacement);
    for (const request of requests) {
      const cancelled = { ...request, status: 'cancelled', statusReason: { text: `Thay bằng đơn ${printed} (replaced by ${printed})` } };
      try {
        await this.resources.update('MedicationRequest', request.id!, cancelled, Number(request.meta?.versionId), tx);
      } catch (error) {
        if (error instanceof FhirError && error.status === 412) {
          throw new FhirError(409, { code: 'conflict', diagnostics: `Prescription ${request.groupIdentifier?.value} was changed or revised meanwhile; reload it` });
        }
        throw error;
      }
    }
  }

  /** The MedicationRequests of one prescription the caller may see; 404 when there are none. */
  private async requestsOf(code: string): Promise<MedicationRequest[]> {
    const parsed = parsePrescriptionCode(code);
    if (!parsed) throw notFound(`"${code}" is not a national prescription code`);
    const requests = await searchResources<MedicationRequest>(this.search, 'MedicationRequest', `group-identifier=${PRESCRIPTION_CODE_SYSTEM}|${parsed.value}&_count=100`);
    if (requests.length === 0) throw notFound(`No prescription ${parsed.value} is known here`);
    return requests.sort((a, b) => (a.meta?.lastUpdated ?? '').localeCompare(b.meta?.lastUpdated ?? '') || a.id!.localeCompare(b.id!));
  }

  /** The last weight recorded, up to `until` (a signed paper shows the weight the doctor prescribed for). */
  private async latestWeight(patientId: string, until?: string): Promise<Observation | undefined> {
    if (!currentAccess().allows('search', 'Observation')) return undefined;
    const upTo = until ? `&date=le${encodeURIComponent(until)}` : '';
    const [weight] = await searchResources<Observation>(this.search, 'Observation', `patient=Patient/${patientId}&code=${BODY_WEIGHT}${upTo}&_sort=-date&_count=1`);
    return weight;
  }

  private async coverageOf(patientId: string): Promise<Coverage | undefined> {
    if (!currentAccess().allows('search', 'Coverage')) return undefined;
    const [coverage] = await searchResources<Coverage>(this.search, 'Coverage', `beneficiary=Patient/${patientId}&status=active&_count=1`);
    return coverage;
  }

  private async resourceOf<T>(reference: string): Promise<T> {
    const [type, id] = reference.split('/');
    return parse<T>((await this.resources.read(type, id)).content);
  }
}
