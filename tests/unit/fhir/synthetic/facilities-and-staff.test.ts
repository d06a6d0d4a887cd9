import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFacilityCode } from '../../../../fhir/identifiers/facility-code.ts';
import { FACILITY_CODE_SYSTEM, PRACTITIONER_LICENCE_SYSTEM } from '../../../../fhir/identifiers/systems.ts';
import { addressUnitCodes } from '../../../../fhir/terminology/address.ts';
import { findCommune } from '../../../../fhir/terminology/admin-units.ts';
import { generateFacilities } from '../../../../fhir/synthetic/facilities.ts';
import { createRng } from '../../../../fhir/synthetic/random.ts';
import { generateStaff } from '../../../../fhir/synthetic/staff.ts';

test('a network is one district centre and two commune stations in real communes of one province', () => {
  const network = generateFacilities(createRng(4), { provinceCode: '38' });
  assert.equal(network.province.name, 'Tỉnh Thanh Hóa');
  assert.match(network.centre.organization.name ?? '', /^Trung tâm Y tế khu vực /);
  assert.equal(network.stations.length, 2);
  for (const facility of [network.centre, ...network.stations]) {
    assert.equal(findCommune(facility.commune.code)?.provinceCode, '38');
    assert.deepEqual(addressUnitCodes(facility.organization.address?.[0] ?? {}), { provinceCode: '38', communeCode: facility.commune.code });
  }
  for (const station of network.stations) {
    assert.equal(station.organization.name, `Trạm Y tế ${station.commune.kind.toLowerCase()} ${station.commune.shortName}`);
    assert.equal(station.organization.partOf?.reference, `Organization/${network.centre.organization.id}`);
  }
  assert.notEqual(network.stations[0].commune.code, network.stations[1].commune.code);
});

test('facilities carry distinct 5-digit codes prefixed by their province', () => {
  const network = generateFacilities(createRng(5), { provinceCode: '01' });
  const codes = [network.centre, ...network.stations].map((facility) => {
    const identifier = facility.organization.identifier?.find((id) => id.system === FACILITY_CODE_SYSTEM);
    assert.equal(identifier?.value, facility.code);
    assert.equal(parseFacilityCode(facility.code)?.provinceCode, '01');
    return facility.code;
  });
  assert.equal(new Set(codes).size, 3);
});

test('the centre has internal-medicine and paediatric clinics; a station has an exam room', () => {
  const network = generateFacilities(createRng(6));
  const roomNames = (rooms: typeof network.centre.rooms) => rooms.map((room) => room.location.name);
  assert.ok(roomNames(network.centre.rooms).includes('Phòng khám Nội'));
  assert.ok(roomNames(network.centre.rooms).includes('Phòng khám Nhi'));
  assert.ok(roomNames(network.stations[0].rooms).includes('Phòng khám bệnh'));
  for (const room of network.centre.rooms) assert.equal(room.location.managingOrganization?.reference, `Organization/${network.centre.organization.id}`);
});

test('staff include doctors, nurses, receptionists and pharmacists; clinical staff hold a licence', () => {
  const rng = createRng(7);
  const network = generateFacilities(rng);
  const roster = generateStaff(rng, network.centre);
  for (const role of ['doctor', 'nurse', 'receptionist', 'pharmacist'] as const) assert.ok(roster.byRole[role].length > 0, role);
  for (const member of roster.members) {
    assert.equal(member.practitionerRole.practitioner?.reference, `Practitioner/${member.practitioner.id}`);
    assert.equal(member.practitionerRole.organization?.reference, `Organization/${network.centre.organization.id}`);
    const licensed = member.practitioner.identifier?.some((id) => id.system === PRACTITIONER_LICENCE_SYSTEM);
    assert.equal(licensed, member.role !== 'receptionist');
  }
  const station = generateStaff(rng, network.stations[0]);
  assert.ok(station.members.length >= 5 && station.members.length <= 7);
});
