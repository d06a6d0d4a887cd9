// What brings people to a commune station or district clinic, and what they are prescribed: acute complaints
// by age and sex, and chronic diseases managed with monthly follow-up. Codes are QĐ 4469 codes allowed as main
// diagnosis (a unit test checks).
import { DRUGS } from './drugs.ts';
import { applied, asNeeded, scheduled, type Regimen } from './dosage.ts';
import type { NameSex } from './names.ts';
import type { Rng } from './random.ts';

/** One regimen, or alternatives of which one is chosen (null: no drug). */
export type RegimenChoice = Regimen | readonly (Regimen | null)[];

function isAlternatives(choice: RegimenChoice): choice is readonly (Regimen | null)[] {
  return Array.isArray(choice);
}

/** The regimens actually prescribed: each alternative resolved to one drug or none. */
export function chooseRegimens(rng: Rng, choices: readonly RegimenChoice[]): Regimen[] {
  const regimens: Regimen[] = [];
  for (const choice of choices) {
    const regimen = isAlternatives(choice) ? rng.pick(choice) : choice;
    if (regimen) regimens.push(regimen);
  }
  return regimens;
}

/** Clinics where a diagnosis is seen at a district centre; anything else goes to internal medicine or paediatrics. */
export type ClinicSpecialty = 'ent' | 'dental' | 'obstetrics';

export interface AcuteProfile {
  icd10: string;
  minAge: number;
  maxAge: number;
  sex?: NameSex;
  /** Relative frequency among visits of people it applies to. */
  weight: number;
  fever: boolean;
  respiratory: boolean;
  specialty?: ClinicSpecialty;
  /** Days of treatment prescribed. */
  days: number;
  adult: readonly RegimenChoice[];
  /** For children under CHILD_DOSING_BELOW years; the adult regimens when absent. */
  child?: readonly RegimenChoice[];
}

export interface ChronicProfile {
  icd10: string;
  /** Share of people of this age and sex who have the disease. */
  prevalence(age: number, sex: NameSex): number;
  respiratory: boolean;
  /** Chosen once per patient and repeated at every follow-up. */
  regimens(age: number): readonly RegimenChoice[];
}

export const CHILD_DOSING_BELOW = 12;
/** Chronic prescriptions at commune level are typically for a month. */
export const CHRONIC_COURSE_DAYS = 30;

const feverLimits = { maxTimesPerDay: 4, minHoursBetween: 4 };
const feverAdult = asNeeded(DRUGS.paracetamol500, 'khi sốt trên 38,5°C hoặc đau', feverLimits, 10);
const feverChild = asNeeded(DRUGS.paracetamol250, 'khi sốt trên 38,5°C', feverLimits, 8);
const rehydration = applied(DRUGS.oralRehydrationSalts, 'Pha 1 gói với 200 ml nước đun sôi để nguội, uống từng ngụm sau mỗi lần đi ngoài', 3, 'unit-each-time');
const threeTimesAfterMeals = ['morning', 'noon', 'afternoon'] as const;
const twiceAfterMeals = ['morning', 'afternoon'] as const;
const amoxicillinAdult = scheduled(DRUGS.amoxicillin500, threeTimesAfterMeals, 'after-meal');
const amoxicillinChild = scheduled(DRUGS.amoxicillin250, threeTimesAfterMeals, 'after-meal');
const antihistamine = [scheduled(DRUGS.loratadine10, ['morning']), scheduled(DRUGS.chlorphenamine4, twiceAfterMeals, 'after-meal'), scheduled(DRUGS.cetirizine10, ['bedtime'])] as const;
const painRelief = [scheduled(DRUGS.meloxicam7_5, ['morning'], 'after-meal'), scheduled(DRUGS.diclofenac50, twiceAfterMeals, 'after-meal')] as const;

function acute(icd10: string, ages: [number, number], weight: number, details: Omit<AcuteProfile, 'icd10' | 'minAge' | 'maxAge' | 'weight'>): AcuteProfile {
  return { icd10, minAge: ages[0], maxAge: ages[1], weight, ...details };
}

const ALL_AGES: [number, number] = [0, 120];

export const ACUTE_PROFILES: readonly AcuteProfile[] = [
  acute('J06.9', ALL_AGES, 12, { fever: true, respiratory: true, days: 5, adult: [feverAdult, antihistamine, [scheduled(DRUGS.ambroxol30, threeTimesAfterMeals, 'after-meal'), null]], child: [feverChild, [scheduled(DRUGS.acetylcysteine200, twiceAfterMeals, 'after-meal'), null]] }),
  acute('J00', ALL_AGES, 10, { fever: true, respiratory: true, days: 5, adult: [feverAdult, antihistamine], child: [feverChild] }),
  acute('J02.9', [2, 120], 8, { fever: true, respiratory: true, specialty: 'ent', days: 7, adult: [amoxicillinAdult, feverAdult], child: [amoxicillinChild, feverChild] }),
  acute('J03.9', [2, 120], 4, { fever: true, respiratory: true, specialty: 'ent', days: 7, adult: [[amoxicillinAdult, scheduled(DRUGS.cefuroxime500, twiceAfterMeals, 'after-meal')], feverAdult], child: [amoxicillinChild, feverChild] }),
  acute('J20.9', ALL_AGES, 6, { fever: true, respiratory: true, days: 7, adult: [scheduled(DRUGS.ambroxol30, threeTimesAfterMeals, 'after-meal'), feverAdult, [amoxicillinAdult, null]], child: [scheduled(DRUGS.acetylcysteine200, twiceAfterMeals, 'after-meal'), feverChild] }),
  acute('J18.9', ALL_AGES, 1.5, { fever: true, respiratory: true, days: 7, adult: [amoxicillinAdult, feverAdult, scheduled(DRUGS.ambroxol30, threeTimesAfterMeals, 'after-meal')], child: [amoxicillinChild, feverChild] }),
  acute('J01.9', [12, 120], 2, { fever: false, respiratory: true, specialty: 'ent', days: 7, adult: [amoxicillinAdult, scheduled(DRUGS.loratadine10, ['morning'])] }),
  acute('J30.4', [6, 120], 2, { fever: false, respiratory: true, specialty: 'ent', days: 10, adult: [[scheduled(DRUGS.loratadine10, ['morning']), scheduled(DRUGS.cetirizine10, ['bedtime'])]] }),
  acute('H66.9', [1, 12], 2, { fever: true, respiratory: false, specialty: 'ent', days: 7, adult: [amoxicillinChild, feverChild] }),
  acute('H10.9', ALL_AGES, 2, { fever: false, respiratory: false, days: 7, adult: [applied(DRUGS.chloramphenicolEyeDrops, 'Nhỏ mắt 1–2 giọt mỗi lần, ngày 3 lần', 3, { packs: 1 })] }),
  acute('A09', ALL_AGES, 5, { fever: true, respiratory: false, days: 3, adult: [rehydration], child: [rehydration, scheduled(DRUGS.zincGluconate70, ['morning'], 'after-meal')] }),
  acute('A90', ALL_AGES, 1.5, { fever: true, respiratory: false, days: 5, adult: [feverAdult, rehydration], child: [feverChild, rehydration] }),
  acute('B08.4', [0, 5], 3, { fever: true, respiratory: false, days: 5, adult: [feverChild] }),
  acute('B01.9', [1, 14], 1, { fever: true, respiratory: false, days: 5, adult: [feverAdult], child: [feverChild] }),
  acute('B35.4', [6, 120], 1.5, { fever: false, respiratory: false, days: 14, adult: [applied(DRUGS.clotrimazoleCream, 'Bôi vùng da bị nấm ngày 2 lần, sáng và tối, dùng liên tục 2 tuần', 2, { packs: 1 })] }),
  acute('B86', ALL_AGES, 1, { fever: false, respiratory: false, days: 7, adult: [applied(DRUGS.permethrinCream, 'Bôi toàn thân từ cổ trở xuống vào buổi tối, tắm lại sau 8–12 giờ; bôi nhắc lại sau 1 tuần', 1, { packs: 1 })] }),
  acute('N39.0', [16, 120], 2.5, { sex: 'female', fever: true, respiratory: false, days: 7, adult: [scheduled(DRUGS.ciprofloxacin500, twiceAfterMeals, 'after-meal')] }),
  acute('N76.0', [18, 60], 2, { sex: 'female', fever: false, respiratory: false, specialty: 'obstetrics', days: 7, adult: [applied(DRUGS.metronidazoleVaginal, 'Đặt âm đạo 1 viên mỗi tối trước khi ngủ', 1, 'unit-each-time')] }),
  acute('K29.7', [16, 120], 6, { fever: false, respiratory: false, days: 14, adult: [scheduled(DRUGS.omeprazole20, ['morning'], 'before-meal'), [scheduled(DRUGS.domperidone10, threeTimesAfterMeals, 'before-meal'), null]] }),
  acute('K21.9', [20, 120], 3, { fever: false, respiratory: false, days: 14, adult: [scheduled(DRUGS.omeprazole20, ['morning'], 'before-meal')] }),
  acute('K30', [16, 120], 2, { fever: false, respiratory: false, days: 7, adult: [scheduled(DRUGS.domperidone10, threeTimesAfterMeals, 'before-meal')] }),
  acute('K59.0', ALL_AGES, 1.5, { fever: false, respiratory: false, days: 5, adult: [scheduled(DRUGS.sorbitol5g, ['morning'], 'before-meal')] }),
  acute('K02.9', [3, 120], 2, { fever: false, respiratory: false, specialty: 'dental', days: 5, adult: [amoxicillinAdult, feverAdult], child: [amoxicillinChild, feverChild] }),
  acute('M54.5', [20, 120], 5, { fever: false, respiratory: false, days: 7, adult: [painRelief, [scheduled(DRUGS.eperisone50, threeTimesAfterMeals, 'after-meal'), null]] }),
  acute('M54.2', [20, 120], 3, { fever: false, respiratory: false, days: 7, adult: [painRelief, scheduled(DRUGS.eperisone50, threeTimesAfterMeals, 'after-meal')] }),
  acute('M17.9', [45, 120], 4, { fever: false, respiratory: false, days: 14, adult: [scheduled(DRUGS.meloxicam7_5, ['morning'], 'after-meal'), scheduled(DRUGS.glucosamine500, twiceAfterMeals, 'after-meal')] }),
  acute('M79.1', [16, 120], 2, { fever: false, respiratory: false, days: 5, adult: [scheduled(DRUGS.paracetamol500, threeTimesAfterMeals, 'after-meal'), scheduled(DRUGS.eperisone50, threeTimesAfterMeals, 'after-meal')] }),
  acute('L30.9', ALL_AGES, 2, { fever: false, respiratory: false, days: 7, adult: [applied(DRUGS.betamethasoneCream, 'Bôi lớp mỏng lên vùng da tổn thương ngày 2 lần', 2, { packs: 1 }), antihistamine], child: [applied(DRUGS.betamethasoneCream, 'Bôi lớp mỏng lên vùng da tổn thương ngày 1 lần, không quá 7 ngày', 1, { packs: 1 })] }),
  acute('L23.9', [6, 120], 1.5, { fever: false, respiratory: false, days: 7, adult: [applied(DRUGS.betamethasoneCream, 'Bôi lớp mỏng lên vùng da tổn thương ngày 2 lần', 2, { packs: 1 }), scheduled(DRUGS.cetirizine10, ['bedtime'])] }),
  acute('R51', [12, 120], 2, { fever: false, respiratory: false, days: 3, adult: [feverAdult] }),
  acute('R42', [30, 120], 2, { fever: false, respiratory: false, days: 7, adult: [[scheduled(DRUGS.cinnarizine25, twiceAfterMeals, 'after-meal'), scheduled(DRUGS.betahistine16, twiceAfterMeals, 'after-meal')]] }),
  acute('D50.9', [15, 50], 1, { sex: 'female', fever: false, respiratory: false, days: 30, adult: [scheduled(DRUGS.ferrousFumarateFolicAcid, ['morning'], 'after-meal')] }),
];

function byAge(bands: readonly (readonly [number, number])[]): (age: number) => number {
  return (age) => bands.findLast(([fromAge]) => age >= fromAge)?.[1] ?? 0;
}

const hypertensionByAge = byAge([[35, 0.08], [45, 0.22], [60, 0.42]]);
const diabetesByAge = byAge([[40, 0.07], [60, 0.12]]);
const dyslipidaemiaByAge = byAge([[40, 0.08]]);
const copdByAge = byAge([[50, 1]]);
const asthmaByAge = byAge([[6, 0.025]]);
const gout = byAge([[35, 0.03]]);
const ischaemicHeartDiseaseByAge = byAge([[60, 0.04]]);
const salbutamolWhenBreathless = asNeeded(DRUGS.salbutamolInhaler, 'khi khó thở', { maxTimesPerDay: 4, minHoursBetween: 4 }, 1, 2);

export const CHRONIC_PROFILES: readonly ChronicProfile[] = [
  {
    icd10: 'I10',
    prevalence: hypertensionByAge,
    respiratory: false,
    regimens: () => [[scheduled(DRUGS.amlodipine5, ['morning']), scheduled(DRUGS.losartan50, ['morning']), scheduled(DRUGS.nifedipine20, twiceAfterMeals, 'after-meal')]],
  },
  {
    icd10: 'E11.9',
    prevalence: diabetesByAge,
    respiratory: false,
    regimens: () => [scheduled(DRUGS.metformin500, twiceAfterMeals, 'after-meal'), [scheduled(DRUGS.gliclazide30, ['morning'], 'before-meal'), null]],
  },
  {
    icd10: 'E78.5',
    prevalence: dyslipidaemiaByAge,
    respiratory: false,
    regimens: () => [scheduled(DRUGS.atorvastatin10, ['bedtime'])],
  },
  {
    icd10: 'J44.9',
    prevalence: (age, sex) => copdByAge(age) * (sex === 'male' ? 0.05 : 0.015),
    respiratory: true,
    regimens: () => [salbutamolWhenBreathless, [scheduled(DRUGS.ambroxol30, threeTimesAfterMeals, 'after-meal'), null]],
  },
  {
    icd10: 'J45.9',
    prevalence: asthmaByAge,
    respiratory: true,
    regimens: (age) => [salbutamolWhenBreathless, scheduled(age < 15 ? DRUGS.montelukast5 : DRUGS.montelukast10, ['bedtime'])],
  },
  {
    icd10: 'M10.9',
    prevalence: (age, sex) => (sex === 'male' ? gout(age) : 0),
    respiratory: false,
    regimens: () => [scheduled(DRUGS.allopurinol300, ['morning'], 'after-meal')],
  },
  {
    icd10: 'I25.9',
    prevalence: ischaemicHeartDiseaseByAge,
    respiratory: false,
    regimens: () => [scheduled(DRUGS.aspirin81, ['morning'], 'after-meal'), scheduled(DRUGS.atorvastatin20, ['bedtime']), scheduled(DRUGS.bisoprolol2_5, ['morning'])],
  },
];
