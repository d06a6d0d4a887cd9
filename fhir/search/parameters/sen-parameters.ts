// Search parameters Sen adds to R4 for Vietnamese workflows: tokens over one identifier system, so the front desk can
// type the number alone (`Patient?cccd=001080012345`) instead of `identifier=<system>|<number>`, and the prescription
// code a prescription's drugs share.
import { BHYT_CARD_SYSTEM, CCCD_SYSTEM, SOCIAL_INSURANCE_NUMBER_SYSTEM } from '../../identifiers/systems.ts';
import type { SearchParameterSource } from './search-parameter.ts';

const SEN_SEARCH_PARAMETER = 'https://sen.health.vn/fhir/SearchParameter';

function identifierParameter(base: string, code: string, system: string): SearchParameterSource {
  return {
    url: `${SEN_SEARCH_PARAMETER}/${base}-${code}`,
    code,
    type: 'token',
    base: [base],
    expression: `${base}.identifier.where(system='${system}')`,
  };
}

export function senSearchParameters(): SearchParameterSource[] {
  return [
    // Số định danh cá nhân / CCCD (12 digits).
    identifierParameter('Patient', 'cccd', CCCD_SYSTEM),
    // Mã thẻ BHYT (15 characters), on the Patient and on their Coverage.
    identifierParameter('Patient', 'bhyt', BHYT_CARD_SYSTEM),
    identifierParameter('Coverage', 'bhyt', BHYT_CARD_SYSTEM),
    // Mã số BHXH (10 digits).
    identifierParameter('Patient', 'bhxh', SOCIAL_INSURANCE_NUMBER_SYSTEM),
    // Mã đơn thuốc: the national prescription code the drugs of one prescription share (R4 has no search on
    // MedicationRequest.groupIdentifier).
    {
      url: `${SEN_SEARCH_PARAMETER}/MedicationRequest-group-identifier`,
      code: 'group-identifier',
      type: 'token',
      base: ['MedicationRequest'],
      expression: 'MedicationRequest.groupIdentifier',
    },
  ];
}
