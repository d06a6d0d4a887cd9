// Identifier system URIs. Sen uses the VN Core IG's (hl7vn/vn-core-ig) where the IG defines one, so that
// identifiers match what other IG-aware systems send; the few it lacks are Sen URIs under
// https://sen.health.vn/fhir/sid/, kept here so they can be swapped when an official URI appears.

const IG_SID = 'http://fhir.ehealth.gov.vn/core/sid';
const SEN_SID = 'https://sen.health.vn/fhir/sid';

/** Số định danh cá nhân / CCCD, 12 digits (IG NamingSystem SID-National-Id). */
export const CCCD_SYSTEM = `${IG_SID}/national_id`;
/** Old 9- or 12-digit chứng minh nhân dân (IG SID-Citizen-Id). */
export const CMND_SYSTEM = `${IG_SID}/citizen_id`;
export const PASSPORT_SYSTEM = `${IG_SID}/passport_number`;
/** BHYT card number, 15 characters (IG SID-Insurance_Number). */
export const BHYT_CARD_SYSTEM = `${IG_SID}/insurance_number`;
/** A facility's own patient number (mã bệnh nhân); qualify with Identifier.assigner. */
export const PATIENT_INTERNAL_ID_SYSTEM = `${IG_SID}/patient-internal-id`;

/**
 * Mã cơ sở KCB, 5 digits (QĐ 384/QĐ-BYT). The IG's Provider profile fixes this URI for the MaCSKCB slice;
 * its NamingSystem file for the same concept reuses the operating-licence URI below, which is a bug.
 */
export const FACILITY_CODE_SYSTEM = `${IG_SID}/provider-code`;
/** Giấy phép hoạt động khám, chữa bệnh of a facility. */
export const FACILITY_OPERATING_LICENCE_SYSTEM = `${IG_SID}/provider-medical-license-number`;
/** Business registration number of a facility. */
export const FACILITY_BUSINESS_REGISTRATION_SYSTEM = `${IG_SID}/provider-license-number`;
/** A facility's staff number for a health worker; qualify with Identifier.assigner. */
export const EMPLOYEE_NUMBER_SYSTEM = `${IG_SID}/healthworker-employee-number`;

/** Sen-defined: chứng chỉ / giấy phép hành nghề (CCHN) of a practitioner; the IG maps it but gives no URI. */
export const PRACTITIONER_LICENCE_SYSTEM = `${SEN_SID}/cchn`;
/** Sen-defined: 10-digit social-insurance number (mã số BHXH, also the mã định danh y tế). */
export const SOCIAL_INSURANCE_NUMBER_SYSTEM = `${SEN_SID}/bhxh-number`;
/** Sen-defined: national e-prescription code (mã đơn thuốc, QĐ 808/QĐ-BYT), on MedicationRequest.groupIdentifier. */
export const PRESCRIPTION_CODE_SYSTEM = `${SEN_SID}/dtqg-prescription-code`;
/** Sen-defined: a drug's code in the facility's drug catalogue (mã thuốc trong danh mục), on Medication.identifier. */
export const DRUG_CATALOGUE_CODE_SYSTEM = `${SEN_SID}/drug-catalogue-code`;
/** Sen-defined: national drug code (mã thuốc) sent as `ma_thuoc` to the national prescription system. */
export const NATIONAL_DRUG_CODE_SYSTEM = `${SEN_SID}/national-drug-code`;
/** Sen-defined: a doctor's link code with the national prescription system (mã liên thông bác sĩ), on Practitioner. */
export const DTQG_DOCTOR_LINK_CODE_SYSTEM = `${SEN_SID}/dtqg-doctor-link-code`;
/** Sen-defined: a facility's link code with the national prescription system (mã liên thông cơ sở), on Organization. */
export const DTQG_FACILITY_LINK_CODE_SYSTEM = `${SEN_SID}/dtqg-facility-link-code`;
