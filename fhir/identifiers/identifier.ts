// Builds identifiers the way the VN Core IG's profiles slice them: each system with its HL7 v2-0203 type.
import type { Identifier, Organization, Reference } from '@medplum/fhirtypes';
import { V2_IDENTIFIER_TYPE_SYSTEM } from '../terminology/code-systems.ts';
import {
  BHYT_CARD_SYSTEM,
  CCCD_SYSTEM,
  CMND_SYSTEM,
  EMPLOYEE_NUMBER_SYSTEM,
  FACILITY_CODE_SYSTEM,
  FACILITY_OPERATING_LICENCE_SYSTEM,
  FACILITY_BUSINESS_REGISTRATION_SYSTEM,
  PASSPORT_SYSTEM,
  PATIENT_INTERNAL_ID_SYSTEM,
  PRACTITIONER_LICENCE_SYSTEM,
  SOCIAL_INSURANCE_NUMBER_SYSTEM,
} from './systems.ts';

/** v2-0203 type per system: the IG's fixed codes, and the closest code for Sen's own systems. */
const TYPE_CODE_BY_SYSTEM: Record<string, string> = {
  [CCCD_SYSTEM]: 'NI',
  [CMND_SYSTEM]: 'NI',
  [PASSPORT_SYSTEM]: 'PPN',
  [BHYT_CARD_SYSTEM]: 'SB',
  [PATIENT_INTERNAL_ID_SYSTEM]: 'PI',
  [FACILITY_CODE_SYSTEM]: 'PRN',
  [FACILITY_OPERATING_LICENCE_SYSTEM]: 'LN',
  [FACILITY_BUSINESS_REGISTRATION_SYSTEM]: 'LN',
  [EMPLOYEE_NUMBER_SYSTEM]: 'EI',
  [PRACTITIONER_LICENCE_SYSTEM]: 'LN',
  [SOCIAL_INSURANCE_NUMBER_SYSTEM]: 'SB',
};

export interface IdentifierOptions {
  assigner?: Reference<Organization>;
  period?: Identifier['period'];
}

export function vnIdentifier(system: string, value: string, options: IdentifierOptions = {}): Identifier {
  const identifier: Identifier = { use: 'official', system, value };
  const typeCode = TYPE_CODE_BY_SYSTEM[system];
  if (typeCode) identifier.type = { coding: [{ system: V2_IDENTIFIER_TYPE_SYSTEM, code: typeCode }] };
  if (options.period) identifier.period = options.period;
  if (options.assigner) identifier.assigner = options.assigner;
  return identifier;
}
