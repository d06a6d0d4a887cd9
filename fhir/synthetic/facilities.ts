// A small health network in one real province: a district-level health centre and two commune health
// stations, with their rooms, and the insurer that pays for BHYT visits.
import type { Location, Organization, Resource } from '@medplum/fhirtypes';
import { formatFacilityCode } from '../identifiers/facility-code.ts';
import { vnIdentifier } from '../identifiers/identifier.ts';
import { FACILITY_CODE_SYSTEM } from '../identifiers/systems.ts';
import { vietnameseAddress } from '../terminology/address.ts';
import { communesOf, findProvince, provinces, type Commune, type Province } from '../terminology/admin-units.ts';
import { LOCATION_PHYSICAL_TYPE_SYSTEM, ORGANIZATION_TYPE_SYSTEM } from '../terminology/code-systems.ts';
import { generateAddressDetail } from './address-detail.ts';
import type { Rng } from './random.ts';
import { referenceTo } from './references.ts';

export type FacilityKind = 'district-health-centre' | 'commune-health-station';

/** What a room is for; visits are routed to a room by the specialty their diagnosis needs. */
export type RoomPurpose = 'reception' | 'general' | 'internal' | 'paediatrics' | 'ent' | 'dental' | 'obstetrics' | 'pharmacy' | 'immunisation';

export interface FacilityRoom {
  purpose: RoomPurpose;
  location: Location;
}

export interface Facility {
  kind: FacilityKind;
  /** 5-digit mã cơ sở KCB. */
  code: string;
  organization: Organization;
  commune: Commune;
  rooms: FacilityRoom[];
}

export interface FacilityNetwork {
  province: Province;
  /** Payer of BHYT claims (Coverage.payor). */
  insurer: Organization;
  centre: Facility;
  stations: Facility[];
}

const CENTRE_ROOMS: readonly (readonly [RoomPurpose, string])[] = [
  ['reception', 'Quầy tiếp đón'],
  ['internal', 'Phòng khám Nội'],
  ['internal', 'Phòng khám Nội 2'],
  ['paediatrics', 'Phòng khám Nhi'],
  ['ent', 'Phòng khám Tai Mũi Họng'],
  ['dental', 'Phòng khám Răng Hàm Mặt'],
  ['obstetrics', 'Phòng khám Sản phụ khoa'],
  ['pharmacy', 'Nhà thuốc'],
];

const STATION_ROOMS: readonly (readonly [RoomPurpose, string])[] = [
  ['reception', 'Phòng tiếp đón'],
  ['general', 'Phòng khám bệnh'],
  ['immunisation', 'Phòng tiêm chủng'],
  ['pharmacy', 'Quầy thuốc'],
];

const KIND_LABEL: Record<FacilityKind, string> = {
  'district-health-centre': 'Trung tâm Y tế',
  'commune-health-station': 'Trạm Y tế',
};

function facilityName(kind: FacilityKind, commune: Commune): string {
  // District centres were renamed "khu vực" when districts were abolished; stations carry their commune's name.
  return kind === 'district-health-centre'
    ? `Trung tâm Y tế khu vực ${commune.shortName}`
    : `Trạm Y tế ${commune.kind.toLowerCase()} ${commune.shortName}`;
}

function roomLocation(rng: Rng, name: string, organization: Organization): Location {
  return {
    resourceType: 'Location',
    id: rng.uuid(),
    status: 'active',
    name,
    mode: 'instance',
    physicalType: { coding: [{ system: LOCATION_PHYSICAL_TYPE_SYSTEM, code: 'ro', display: 'Room' }] },
    managingOrganization: referenceTo(organization),
  };
}

function buildFacility(rng: Rng, kind: FacilityKind, commune: Commune, code: string, parent?: Organization): Facility {
  const organization: Organization = {
    resourceType: 'Organization',
    id: rng.uuid(),
    identifier: [vnIdentifier(FACILITY_CODE_SYSTEM, code)],
    active: true,
    type: [{ coding: [{ system: ORGANIZATION_TYPE_SYSTEM, code: 'prov', display: 'Healthcare Provider' }], text: KIND_LABEL[kind] }],
    name: facilityName(kind, commune),
    address: [vietnameseAddress({ communeCode: commune.code, detail: generateAddressDetail(rng, commune), use: 'work' })],
  };
  // Stations have long been supervised professionally by the district centre; partOf records that link.
  if (parent) organization.partOf = referenceTo(parent);
  const roomTable = kind === 'district-health-centre' ? CENTRE_ROOMS : STATION_ROOMS;
  const rooms = roomTable.map(([purpose, name]) => ({ purpose, location: roomLocation(rng, name, organization) }));
  return { kind, code, organization, commune, rooms };
}

function insurerOrganization(rng: Rng): Organization {
  return {
    resourceType: 'Organization',
    id: rng.uuid(),
    active: true,
    type: [{ coding: [{ system: ORGANIZATION_TYPE_SYSTEM, code: 'pay', display: 'Payer' }], text: 'Cơ quan bảo hiểm xã hội' }],
    name: 'Bảo hiểm xã hội Việt Nam',
  };
}

/** Distinct elements of `items` in random order (partial Fisher–Yates). */
function sample<T>(rng: Rng, items: readonly T[], count: number): T[] {
  const pool = [...items];
  for (let i = 0; i < count; i++) {
    const j = rng.int(i, pool.length - 1);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}

export interface FacilityNetworkOptions {
  /** 2-digit 2025 province code; random when absent. */
  provinceCode?: string;
}

export function generateFacilities(rng: Rng, options: FacilityNetworkOptions = {}): FacilityNetwork {
  const province = options.provinceCode ? findProvince(options.provinceCode) : rng.pick(provinces());
  if (!province) throw new Error(`Unknown province ${options.provinceCode}`);
  const communes = communesOf(province.code);
  // A centre usually sits in a town (phường); stations in rural communes (xã), when the province has them.
  const wards = communes.filter((commune) => commune.kind === 'Phường');
  const rural = communes.filter((commune) => commune.kind === 'Xã');
  const centreCommune = rng.pick(wards.length > 0 ? wards : communes);
  const stationCommunes = sample(rng, rural.length >= 2 ? rural : communes.filter((commune) => commune !== centreCommune), 2);

  const [centreSequence, ...stationSequences] = [rng.int(2, 60), ...sample(rng, Array.from({ length: 400 }, (_, i) => 100 + i), 2)];
  const insurer = insurerOrganization(rng);
  const centre = buildFacility(rng, 'district-health-centre', centreCommune, formatFacilityCode(province.code, centreSequence));
  const stations = stationCommunes.map((commune, i) =>
    buildFacility(rng, 'commune-health-station', commune, formatFacilityCode(province.code, stationSequences[i]), centre.organization),
  );
  return { province, insurer, centre, stations };
}

export function facilityResources(facility: Facility): Resource[] {
  return [facility.organization, ...facility.rooms.map((room) => room.location)];
}

export function facilityNetworkResources(network: FacilityNetwork): Resource[] {
  return [network.insurer, ...[network.centre, ...network.stations].flatMap(facilityResources)];
}
