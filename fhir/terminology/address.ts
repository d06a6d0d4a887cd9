// Vietnamese addresses as FHIR Address: readable text for people, Statistics Office codes for machines
// (the VN Core IG's administrative-address extension), both derived from one commune code.
import type { Address, Extension } from '@medplum/fhirtypes';
import { findCommune, findProvince, type Commune, type Province } from './admin-units.ts';
import { VN_ADMINISTRATIVE_UNIT_SYSTEM } from './code-systems.ts';
import { ADDRESS_COMMUNE_SLICE, ADDRESS_PROVINCE_SLICE, ADMINISTRATIVE_ADDRESS_EXTENSION } from './extensions.ts';

export interface VietnameseAddressInput {
  /** 5-digit commune code (2025 list); the province follows from it. */
  communeCode: string;
  /** House number, street, hamlet (thôn/xóm/ấp/tổ dân phố)… */
  detail?: string;
  use?: Address['use'];
}

function unitCode(slice: string, unit: Province | Commune): Extension {
  return { url: slice, valueCodeableConcept: { coding: [{ system: VN_ADMINISTRATIVE_UNIT_SYSTEM, code: unit.code, display: unit.name }] } };
}

/**
 * FHIR has no field for a commune; Address.city ("city, town, suburb, village or other community") is the
 * closest, and there is no district level any more, so Address.district stays empty.
 */
export function vietnameseAddress({ communeCode, detail, use = 'home' }: VietnameseAddressInput): Address {
  const commune = findCommune(communeCode);
  if (!commune) throw new Error(`Unknown commune code ${communeCode}`);
  const province = findProvince(commune.provinceCode);
  if (!province) throw new Error(`Commune ${communeCode} has unknown province ${commune.provinceCode}`);
  const address: Address = {
    extension: [{ url: ADMINISTRATIVE_ADDRESS_EXTENSION, extension: [unitCode(ADDRESS_PROVINCE_SLICE, province), unitCode(ADDRESS_COMMUNE_SLICE, commune)] }],
    use,
    type: 'physical',
    text: [detail, commune.name, province.name].filter(Boolean).join(', '),
    city: commune.name,
    state: province.name,
    country: 'VN',
  };
  if (detail) address.line = [detail];
  return address;
}

/** Province and commune codes carried by an address's administrative-address extension. */
export function addressUnitCodes(address: Address): { provinceCode?: string; communeCode?: string } {
  const units = address.extension?.find((extension) => extension.url === ADMINISTRATIVE_ADDRESS_EXTENSION)?.extension ?? [];
  const codeOf = (slice: string) => units.find((unit) => unit.url === slice)?.valueCodeableConcept?.coding?.[0]?.code;
  return { provinceCode: codeOf(ADDRESS_PROVINCE_SLICE), communeCode: codeOf(ADDRESS_COMMUNE_SLICE) };
}
