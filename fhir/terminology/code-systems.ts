// Code system URIs Sen writes into resources. Vietnamese ones come from the VN Core IG (hl7vn/vn-core-ig);
// the rest are the canonical FHIR R4 / HL7 terminology URIs.

/** ICD-10: the system the VN Core IG's condition value set (vn-core-condition-code) includes. */
export const ICD10_SYSTEM = 'http://hl7.org/fhir/sid/icd-10';
export const LOINC_SYSTEM = 'http://loinc.org';
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';
export const SNOMED_SYSTEM = 'http://snomed.info/sct';
export const ATC_SYSTEM = 'http://www.whocc.no/atc';
/** Nationality in the VN Core IG is bound to ISO 3166-1 alpha-2 country codes. */
export const ISO_3166_SYSTEM = 'urn:iso:std:iso:3166';

export const VN_ETHNICITY_SYSTEM = 'http://fhir.ehealth.gov.vn/core/CodeSystem/vn-core-race';
/** Social-group occupation list of QĐ 4069/2001/QĐ-BYT printed on paper medical records. */
export const VN_OCCUPATION_4069_SYSTEM = 'http://fhir.ehealth.gov.vn/core/CodeSystem/vn-core-occupation-4069';
/** Occupation list of QĐ 34/2020/QĐ-TTg (5 digits), which the BHYT XML requires; the IG ships no content. */
export const VN_OCCUPATION_SYSTEM = 'http://fhir.ehealth.gov.vn/core/CodeSystem/vn-core-occupation';
/** Province and commune codes of the Statistics Office; the IG declares the system without content. */
export const VN_ADMINISTRATIVE_UNIT_SYSTEM = 'http://fhir.ehealth.gov.vn/core/CodeSystem/vn-core-administrative-address';

/**
 * Sen-defined: route codes of the BHYT drug table (mã đường dùng, XML2 DUONG_DUNG, e.g. "1.01" Uống); the IG has
 * none. The codes are in drug-routes.ts.
 */
export const VN_DRUG_ROUTE_SYSTEM = 'https://sen.health.vn/fhir/CodeSystem/bhyt-drug-route';
/** Sen-defined: active-ingredient codes of the BHYT drug list (mã hoạt chất, XML2 MA_THUOC). */
export const VN_ACTIVE_INGREDIENT_SYSTEM = 'https://sen.health.vn/fhir/CodeSystem/bhyt-active-ingredient';

export const V2_IDENTIFIER_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0203';
export const V3_ACT_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const V3_ROLE_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';
export const V3_PARTICIPATION_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
export const ORGANIZATION_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/organization-type';
export const LOCATION_PHYSICAL_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/location-physical-type';
export const OBSERVATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const CONDITION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/condition-category';
export const CONDITION_CLINICAL_SYSTEM = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
export const CONDITION_VERIFICATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
export const MEDICATION_REQUEST_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/medicationrequest-category';
export const SUBSCRIBER_RELATIONSHIP_SYSTEM = 'http://terminology.hl7.org/CodeSystem/subscriber-relationship';
