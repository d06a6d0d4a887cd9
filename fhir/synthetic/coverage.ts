// The BHYT card as a FHIR Coverage: who is covered, by whom, for which period, registered at which facility.
import type { Coverage, Organization, Patient, Period, Reference } from '@medplum/fhirtypes';
import { vnIdentifier } from '../identifiers/identifier.ts';
import type { InsuranceCard } from '../identifiers/insurance-card.ts';
import { BHYT_CARD_SYSTEM, FACILITY_CODE_SYSTEM } from '../identifiers/systems.ts';
import { SUBSCRIBER_RELATIONSHIP_SYSTEM, V3_ACT_CODE_SYSTEM } from '../terminology/code-systems.ts';
import { INITIAL_REGISTRATION_FACILITY_EXTENSION } from '../terminology/extensions.ts';
import type { Facility } from './facilities.ts';
import type { Rng } from './random.ts';
import { referenceTo } from './references.ts';

export interface CoverageFacts {
  patient: Patient;
  card: InsuranceCard;
  period: Period;
  /** Where the card holder registered for primary care (nơi đăng ký KCB ban đầu). */
  registeredAt: Facility;
  insurer: Organization;
}

export interface BhytCoverageFacts {
  id?: string;
  beneficiary: Reference<Patient>;
  card: InsuranceCard;
  period: Period;
  /** 5-digit code of the facility where the card holder registered for primary care (nơi đăng ký KCB ban đầu). */
  registeredFacilityCode?: string;
  payor: Reference<Organization>;
}

/** The BHYT card as a Coverage: the shape the generator and the registration desk both write. */
export function bhytCoverage({ id, beneficiary, card, period, registeredFacilityCode, payor }: BhytCoverageFacts): Coverage {
  return {
    resourceType: 'Coverage',
    ...(id ? { id } : {}),
    ...(registeredFacilityCode
      ? { extension: [{ url: INITIAL_REGISTRATION_FACILITY_EXTENSION, valueIdentifier: vnIdentifier(FACILITY_CODE_SYSTEM, registeredFacilityCode) }] }
      : {}),
    identifier: [vnIdentifier(BHYT_CARD_SYSTEM, card.value, { period: { ...period } })],
    status: 'active',
    type: { coding: [{ system: V3_ACT_CODE_SYSTEM, code: 'PUBLICPOL', display: 'public healthcare' }], text: 'Bảo hiểm y tế' },
    subscriberId: card.value,
    beneficiary,
    relationship: { coding: [{ system: SUBSCRIBER_RELATIONSHIP_SYSTEM, code: 'self' }] },
    period: { ...period },
    payor: [payor],
  };
}

export function generateCoverage(rng: Rng, { patient, card, period, registeredAt, insurer }: CoverageFacts): Coverage {
  return bhytCoverage({
    id: rng.uuid(),
    beneficiary: referenceTo(patient),
    card,
    period,
    registeredFacilityCode: registeredAt.code,
    payor: referenceTo(insurer),
  });
}
