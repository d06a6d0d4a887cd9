// Extension URLs Sen uses on resources. Where the VN Core IG (hl7vn/vn-core-ig, canonical
// http://fhir.ehealth.gov.vn/core) defines one, Sen uses it so that data stays readable by IG-aware systems.
import type { Extension } from '@medplum/fhirtypes';

const IG = 'http://fhir.ehealth.gov.vn/core/StructureDefinition';

/**
 * Address codes (Address.extension): a complex extension whose sub-extensions carry CodeableConcepts from the
 * Statistics Office list. Since 1 July 2025 there is no district level, so Sen fills only `state` (province,
 * 2 digits) and `ward` (commune, 5 digits); the IG's `district` and `city` slices stay unused.
 */
export const ADMINISTRATIVE_ADDRESS_EXTENSION = `${IG}/extension-administrative-address`;
export const ADDRESS_PROVINCE_SLICE = 'state';
export const ADDRESS_COMMUNE_SLICE = 'ward';

/** Ethnicity (dân tộc). The IG calls it "race"; its "extension-ethic" is religion despite the name. */
export const ETHNICITY_EXTENSION = `${IG}/extension-race`;
export const RELIGION_EXTENSION = `${IG}/extension-ethic`;
export const OCCUPATION_EXTENSION = `${IG}/extension-occupation`;
export const NATIONALITY_EXTENSION = `${IG}/extension-nationality`;
export const EDUCATION_LEVEL_EXTENSION = `${IG}/extension-education-level`;

/**
 * Sen-defined (the IG has none): the facility where a BHYT card holder registered for primary care
 * (nơi đăng ký KCB ban đầu, MA_DKBD), on Coverage as a valueIdentifier with the facility-code system.
 */
export const INITIAL_REGISTRATION_FACILITY_EXTENSION = 'https://sen.health.vn/fhir/StructureDefinition/bhyt-initial-registration-facility';

/** A coded extension as the IG's demographic extensions carry it (ethnicity, nationality, occupation). */
export function codedExtension(url: string, system: string, code: string, display: string): Extension {
  return { url, valueCodeableConcept: { coding: [{ system, code, display }] } };
}
