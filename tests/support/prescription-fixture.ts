// Signed prescriptions as their FHIR resources, built with the domain's own builders: an adult with hypertension and
// diabetes, and a 29-month-old child with a sore throat (weight and guardian required).
import type { Condition, Observation, Organization, Patient, Practitioner } from '@medplum/fhirtypes';
import { vnIdentifier } from '../../fhir/identifiers/identifier.ts';
import { formatPrescriptionCode } from '../../fhir/identifiers/prescription-code.ts';
import {
  BHYT_CARD_SYSTEM,
  CCCD_SYSTEM,
  DTQG_DOCTOR_LINK_CODE_SYSTEM,
  FACILITY_CODE_SYSTEM,
  PRACTITIONER_LICENCE_SYSTEM,
  SOCIAL_INSURANCE_NUMBER_SYSTEM,
} from '../../fhir/identifiers/systems.ts';
import { buildDosage, type DosageInput } from '../../fhir/prescription/dosage.ts';
import { toMedicationResource } from '../../fhir/prescription/medication-resource.ts';
import { prescriptionRequest } from '../../fhir/prescription/medication-request.ts';
import type { PrescriptionResources } from '../../fhir/prescription/prescription-record.ts';
import { starterDrug } from '../../fhir/prescription/starter-catalogue.ts';
import { vietnameseAddress } from '../../fhir/terminology/address.ts';
import { CONDITION_CATEGORY_SYSTEM, ICD10_SYSTEM, LOINC_SYSTEM, UCUM_SYSTEM, V3_ROLE_CODE_SYSTEM } from '../../fhir/terminology/code-systems.ts';
import { findIcd10 } from '../../fhir/terminology/icd10.ts';

export const FIXTURE_FACILITY_CODE = '01234';
export const FIXTURE_DOCTOR_LINK_CODE = 'BS0001';
export const AUTHORED_ON = '2026-11-20T09:30:00+07:00';

const organization: Organization = {
  resourceType: 'Organization',
  id: 'tram-y-te',
  identifier: [vnIdentifier(FACILITY_CODE_SYSTEM, FIXTURE_FACILITY_CODE)],
  name: 'Trạm Y tế phường Hoàn Kiếm',
  telecom: [{ system: 'phone', value: '02438251234' }],
  address: [vietnameseAddress({ communeCode: '00070', detail: 'Số 3 phố Hàng Trống', use: 'work' })],
};

const practitioner: Practitioner = {
  resourceType: 'Practitioner',
  id: 'bac-si',
  identifier: [vnIdentifier(PRACTITIONER_LICENCE_SYSTEM, '001234/HNO-CCHN'), { system: DTQG_DOCTOR_LINK_CODE_SYSTEM, value: FIXTURE_DOCTOR_LINK_CODE }],
  name: [{ use: 'official', family: 'Trần', given: ['Thị', 'Bích', 'Ngọc'], text: 'Trần Thị Bích Ngọc' }],
};

function condition(id: string, code: string): Condition {
  const entry = findIcd10(code)!;
  return {
    resourceType: 'Condition',
    id,
    category: [{ coding: [{ system: CONDITION_CATEGORY_SYSTEM, code: 'encounter-diagnosis' }] }],
    code: { coding: [{ system: ICD10_SYSTEM, code: entry.code, display: entry.display }], text: entry.display },
    subject: { reference: 'Patient/benh-nhan' },
  };
}

export interface FixtureLine {
  drugCode: string;
  dosage: DosageInput;
}

interface FixturePrescription {
  conditions: Condition[];
  lines: FixtureLine[];
  counter: number;
  advice: string;
}

function prescription(patient: Patient, { conditions, lines, counter, advice }: FixturePrescription, extra: Partial<PrescriptionResources> = {}): PrescriptionResources {
  const medications = lines.map(({ drugCode }) => ({ ...toMedicationResource(starterDrug(drugCode)), id: `thuoc-${drugCode.toLowerCase()}` }));
  const context = {
    code: formatPrescriptionCode(FIXTURE_FACILITY_CODE, counter, 'c'),
    authoredOn: AUTHORED_ON,
    status: 'active' as const,
    subject: { reference: `Patient/${patient.id}` },
    requester: { reference: `Practitioner/${practitioner.id}` },
    reasons: conditions.map((item) => ({ reference: `Condition/${item.id}` })),
    advice,
  };
  const requests = lines.map(({ drugCode, dosage }, i) =>
    prescriptionRequest(context, { drug: starterDrug(drugCode), medication: { reference: `Medication/${medications[i].id}` }, dosage: buildDosage(starterDrug(drugCode), dosage) }),
  );
  return { requests, patient, practitioner, organization, conditions, medications, ...extra };
}

/** Bà Nguyễn Thị Hương Giang, 68, hypertension and type 2 diabetes: amlodipine and metformin for 30 days. */
export function adultPrescription(lines?: FixtureLine[]): PrescriptionResources {
  const patient: Patient = {
    resourceType: 'Patient',
    id: 'benh-nhan',
    identifier: [
      vnIdentifier(CCCD_SYSTEM, '001158012345'),
      vnIdentifier(BHYT_CARD_SYSTEM, 'HT3010112345678'),
      vnIdentifier(SOCIAL_INSURANCE_NUMBER_SYSTEM, '0112345678'),
    ],
    name: [{ use: 'official', family: 'Nguyễn', given: ['Thị', 'Hương', 'Giang'], text: 'Nguyễn Thị Hương Giang' }],
    gender: 'female',
    birthDate: '1958-04-12',
    telecom: [{ system: 'phone', value: '0912345678' }],
    address: [vietnameseAddress({ communeCode: '00070', detail: 'Số 12 phố Hàng Bông' })],
  };
  return prescription(patient, {
    conditions: [condition('tang-huyet-ap', 'I10'), condition('dai-thao-duong', 'E11.9')],
    lines: lines ?? [
      { drugCode: 'AMLO5', dosage: { dose: 1, slots: ['morning'], days: 30 } },
      { drugCode: 'METF500', dosage: { dose: 1, slots: ['morning', 'afternoon'], meal: 'after-meal', days: 30 } },
    ],
    counter: 42,
    advice: 'Ăn nhạt, hạn chế đồ ngọt; tái khám sau 30 ngày.',
  });
}

/** Bé Lê Minh Khôi, 29 months, 12.5 kg, brought by his mother: paracetamol syrup and amoxicillin for a sore throat. */
export function childPrescription(): PrescriptionResources {
  const patient: Patient = {
    resourceType: 'Patient',
    id: 'benh-nhi',
    name: [{ use: 'official', family: 'Lê', given: ['Minh', 'Khôi'], text: 'Lê Minh Khôi' }],
    gender: 'male',
    birthDate: '2024-06-01',
    address: [vietnameseAddress({ communeCode: '00070', detail: 'Ngõ 5 phố Hàng Gai' })],
    contact: [
      {
        relationship: [{ coding: [{ system: V3_ROLE_CODE_SYSTEM, code: 'MTH', display: 'mother' }], text: 'Mẹ' }],
        name: { family: 'Phạm', given: ['Thu', 'Hà'], text: 'Phạm Thu Hà' },
        telecom: [{ system: 'phone', value: '0987654321' }],
      },
    ],
  };
  const weight: Observation = {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: LOINC_SYSTEM, code: '29463-7', display: 'Body weight' }] },
    subject: { reference: 'Patient/benh-nhi' },
    valueQuantity: { value: 12.5, unit: 'kg', system: UCUM_SYSTEM, code: 'kg' },
  };
  return prescription(
    patient,
    {
      conditions: [condition('viem-hong', 'J02.9')],
      lines: [
        { drugCode: 'PARA120S', dosage: { dose: 5, asNeeded: { reason: 'khi sốt trên 38,5°C', maxTimesPerDay: 4, minHoursBetween: 4 }, days: 3, quantity: 1 } },
        { drugCode: 'AMOX250', dosage: { dose: 1, slots: ['morning', 'noon', 'afternoon'], meal: 'after-meal', days: 7 } },
      ],
      counter: 43,
      advice: 'Cho trẻ uống nhiều nước; đưa trẻ khám lại ngay nếu sốt cao hoặc co giật.',
    },
    { weight },
  );
}
