// Realistic Vietnamese Patient bodies for the bench, and a helper that POSTs many of them.
import type { Patient } from '@medplum/fhirtypes';
import { createRng, type Rng } from '../../fhir/synthetic/random.ts';
import { generateCccd } from '../../fhir/identifiers/cccd.ts';
import { CCCD_SYSTEM } from '../../fhir/identifiers/systems.ts';
import { vnIdentifier } from '../../fhir/identifiers/identifier.ts';
import { communesOf, provinces, legacyProvinces } from '../../fhir/terminology/admin-units.ts';
import { vietnameseAddress } from '../../fhir/terminology/address.ts';
import type { BenchClient } from './client.ts';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE_MALE = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thành', 'Công', 'Xuân'];
const MIDDLE_FEMALE = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Phương', 'Minh', 'Kim', 'Diệu'];
const GIVEN_MALE = ['An', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Hải', 'Hiếu', 'Hùng', 'Khánh', 'Long', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Tuấn', 'Việt'];
const GIVEN_FEMALE = ['Anh', 'Chi', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hương', 'Lan', 'Linh', 'Mai', 'Ngân', 'Nhung', 'Oanh', 'Thảo', 'Trang', 'Yến'];
const STREETS = ['Lê Lợi', 'Trần Hưng Đạo', 'Nguyễn Trãi', 'Hai Bà Trưng', 'Lý Thường Kiệt', 'Điện Biên Phủ', 'Quang Trung', 'Phan Đình Phùng'];
const HAMLETS = ['Thôn Đông', 'Thôn Thượng', 'Xóm Mới', 'Ấp Bình Hòa', 'Tổ dân phố 5', 'Thôn Hạ'];

/** A new Vietnamese Patient (no id): CCCD matching sex and birth year, name with diacritics, phone, address. */
export function vietnamesePatient(rng: Rng): Patient {
  const gender = rng.chance(0.5) ? 'male' : 'female';
  const birthYear = rng.int(1940, 2024);
  const birthDate = `${birthYear}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
  const family = rng.pick(FAMILY);
  const middle = rng.pick(gender === 'male' ? MIDDLE_MALE : MIDDLE_FEMALE);
  const given = rng.pick(gender === 'male' ? GIVEN_MALE : GIVEN_FEMALE);
  const birthPlaceCode = `0${rng.pick(legacyProvinces()).code}`;
  const province = rng.pick(provinces());
  const commune = rng.pick(communesOf(province.code));
  const detail = rng.chance(0.5) ? `Số ${rng.int(1, 300)} đường ${rng.pick(STREETS)}` : rng.pick(HAMLETS);
  return {
    resourceType: 'Patient',
    identifier: [vnIdentifier(CCCD_SYSTEM, generateCccd(rng, { birthPlaceCode, sex: gender, birthYear }))],
    active: true,
    name: [{ use: 'official', text: `${family} ${middle} ${given}`, family, given: [middle, given] }],
    telecom: [{ system: 'phone', value: `09${rng.int(10_000_000, 99_999_999)}`, use: 'mobile' }],
    gender,
    birthDate,
    address: [vietnameseAddress({ communeCode: commune.code, detail })],
  };
}

/** `count` serialised Patient bodies from a fixed seed, ready to send again and again. */
export function patientBodies(count: number, seed = 20_260_101): Buffer[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => Buffer.from(JSON.stringify(vietnamesePatient(rng))));
}

export interface CreatedPatient {
  id: string;
  /** ETag of the version last written, e.g. W/"1". */
  etag: string;
  resource: Patient;
}

/** POSTs `count` new Patients with `concurrency` requests in flight; throws on the first failure. */
export async function postPatients(
  client: BenchClient,
  count: number,
  options: { concurrency?: number; seed?: number; onProgress?: (done: number) => void } = {},
): Promise<CreatedPatient[]> {
  const rng = createRng(options.seed ?? Date.now() & 0x7fffffff);
  const created: CreatedPatient[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      const reply = await client.send('POST', '/Patient', Buffer.from(JSON.stringify(vietnamesePatient(rng))));
      if (reply.status !== 201) throw new Error(`POST /Patient answered ${reply.status}: ${reply.body.slice(0, 300)}`);
      const resource = JSON.parse(reply.body) as Patient;
      created.push({ id: resource.id!, etag: String(reply.headers.etag ?? `W/"${resource.meta?.versionId}"`), resource });
      if (created.length % 1000 === 0) options.onProgress?.(created.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 16, count) }, worker));
  return created;
}

/** PUTs a new version of each patient `versions - 1` times (so each ends with `versions` versions). */
export async function addVersions(client: BenchClient, patients: CreatedPatient[], versions: number, concurrency = 16): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < patients.length) {
      const patient = patients[next++];
      for (let version = 2; version <= versions; version++) {
        const body = { ...patient.resource, telecom: [{ system: 'phone', value: `09${10_000_000 + version * 1_111_111}`, use: 'mobile' }] };
        const reply = await client.send('PUT', `/Patient/${patient.id}`, Buffer.from(JSON.stringify(body)), { 'If-Match': patient.etag });
        if (reply.status !== 200) throw new Error(`PUT /Patient/${patient.id} answered ${reply.status}: ${reply.body.slice(0, 300)}`);
        patient.etag = String(reply.headers.etag);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, patients.length) }, worker));
}
