// The dose as the insurance drug table writes it (XML2 LIEU_DUNG): "1 viên/lần * 2 lần/ngày * 5 ngày [2 viên/ngày]",
// read from a FHIR Dosage so that any stored prescription gives it, not only one made with the builder.
import type { Dosage } from '@medplum/fhirtypes';
import { formatDose } from './dosage-wording.ts';

/** Undefined unless the dosage states a dose, a daily frequency and a course in days. */
export function insuranceDoseText(dosage: Dosage): string | undefined {
  const dose = dosage.doseAndRate?.[0]?.doseQuantity;
  const repeat = dosage.timing?.repeat;
  // As-needed drugs state their daily maximum; scheduled ones their frequency.
  const times = repeat?.frequencyMax ?? repeat?.frequency;
  const days = repeat?.boundsDuration;
  if (dose?.value === undefined || !dose.unit || !times || repeat?.period !== 1 || repeat.periodUnit !== 'd') return undefined;
  if (days?.value === undefined || days.code !== 'd') return undefined;
  const perDay = Math.round(dose.value * times * 1000) / 1000;
  return `${formatDose(dose.value)} ${dose.unit}/lần * ${times} lần/ngày * ${days.value} ngày [${formatDose(perDay)} ${dose.unit}/ngày]`;
}
