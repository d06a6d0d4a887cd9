// The words of a dosage as Vietnamese prescriptions write them, for the paper and the screen:
// "Sáng 1 viên, chiều 1 viên, uống sau ăn", "Uống ngày 2 lần, mỗi lần 1/2 viên".
import { formatVietnameseNumber } from '../text/vietnamese-number.ts';

export type DoseSlot = 'morning' | 'noon' | 'afternoon' | 'evening' | 'bedtime';
export type MealRelation = 'before-meal' | 'after-meal' | 'with-meal';

const SLOT_LABEL: Record<DoseSlot, string> = {
  morning: 'sáng',
  noon: 'trưa',
  afternoon: 'chiều',
  evening: 'tối',
  bedtime: 'trước khi ngủ',
};

/** Half an hour before food is what Vietnamese prescriptions say; SNOMED's concept is "half to one hour before". */
export const MEAL_PHRASE: Record<MealRelation, string> = {
  'before-meal': 'trước ăn 30 phút',
  'after-meal': 'sau ăn',
  'with-meal': 'trong bữa ăn',
};

/** Quarters of a tablet are written as fractions ("1/2 viên"); other amounts with a decimal comma ("1,5 viên"). */
export function formatDose(value: number): string {
  const fractions: Record<number, string> = { 0.25: '1/4', 0.5: '1/2', 0.75: '3/4' };
  return fractions[value] ?? formatVietnameseNumber(value);
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface WordingParts {
  /** How the route says it: "uống", "nhỏ mắt". */
  verb: string;
  /** "1 viên", "5 ml"; absent for what is applied rather than measured. */
  dose?: string;
  slots?: readonly DoseSlot[];
  timesPerDay: number;
  meal?: MealRelation;
  asNeeded?: { reason: string; maxTimesPerDay?: number; minHoursBetween?: number };
  note?: string;
}

function scheduledWords({ dose, slots, timesPerDay }: WordingParts): string {
  if (slots?.length && dose) return slots.map((slot) => `${SLOT_LABEL[slot]} ${dose}`).join(', ');
  const times = `ngày ${timesPerDay} lần`;
  if (slots?.length) return `${times}: ${slots.map((slot) => SLOT_LABEL[slot]).join(', ')}`;
  return dose ? `${times}, mỗi lần ${dose}` : times;
}

function asNeededWords(parts: WordingParts & { asNeeded: NonNullable<WordingParts['asNeeded']> }): string {
  const { verb, dose, asNeeded, meal } = parts;
  const words = [[verb, dose, asNeeded.reason].filter(Boolean).join(' ')];
  if (asNeeded.minHoursBetween) words.push(`cách nhau ít nhất ${formatVietnameseNumber(asNeeded.minHoursBetween)} giờ`);
  if (asNeeded.maxTimesPerDay) words.push(`không quá ${asNeeded.maxTimesPerDay} lần/ngày`);
  if (meal) words.push(MEAL_PHRASE[meal]);
  return words.join(', ');
}

/**
 * With a meal relation the times come first and the verb closes ("Sáng 1 viên, chiều 1 viên, uống sau ăn"), as
 * prescriptions are usually written; otherwise the verb leads ("Nhỏ mắt ngày 3 lần, mỗi lần 2 giọt").
 */
export function dosageWording(parts: WordingParts): string {
  let text: string;
  if (parts.asNeeded) text = asNeededWords({ ...parts, asNeeded: parts.asNeeded });
  else if (parts.meal) text = `${scheduledWords(parts)}, ${parts.verb} ${MEAL_PHRASE[parts.meal]}`;
  else text = `${parts.verb} ${scheduledWords(parts)}`;
  return capitalise(parts.note ? `${text}. ${capitalise(parts.note)}` : text);
}
