// Sen-defined extensions for the drug catalogue on Medication: R4 Medication has no place for the route, the
// dispensing unit, the trade name, the controlled-drug class or insurance coverage, and the VN Core IG defines none.

const SEN = 'https://sen.health.vn/fhir/StructureDefinition';

/** valueCodeableConcept: route code (VN_DRUG_ROUTE_SYSTEM) and the SNOMED CT route where one matches. */
export const MEDICATION_ROUTE_EXTENSION = `${SEN}/medication-route`;
/** valueString: dispensing unit (đơn vị tính), e.g. "viên". */
export const MEDICATION_UNIT_EXTENSION = `${SEN}/medication-dispensing-unit`;
/** valueString: trade name (biệt dược). */
export const MEDICATION_BRAND_NAME_EXTENSION = `${SEN}/medication-brand-name`;
/** valueCode: narcotic | psychotropic | precursor | traditional. */
export const MEDICATION_CONTROLLED_CLASS_EXTENSION = `${SEN}/medication-controlled-class`;
/** Complex: `covered` (valueBoolean), `paymentRate` (valueDecimal, percent), `condition` (valueString). */
export const MEDICATION_INSURANCE_EXTENSION = `${SEN}/medication-bhyt-coverage`;
