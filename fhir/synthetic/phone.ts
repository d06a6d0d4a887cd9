// Vietnamese mobile numbers: 10 digits, a network prefix (after the 2018 renumbering) + 7 digits.
import type { ContactPoint } from '@medplum/fhirtypes';
import { WeightedTable, type Rng } from './random.ts';

/** Prefixes per network, weighted roughly by subscriber share (Viettel > VinaPhone ≈ MobiFone > others). */
const MOBILE_PREFIXES = new WeightedTable<string>([
  ...['086', '096', '097', '098', '032', '033', '034', '035', '036', '037', '038', '039'].map((prefix) => [prefix, 55 / 12] as const),
  ...['088', '091', '094', '081', '082', '083', '084', '085'].map((prefix) => [prefix, 22 / 8] as const),
  ...['089', '090', '093', '070', '076', '077', '078', '079'].map((prefix) => [prefix, 20 / 8] as const),
  ...['092', '056', '058', '099', '059', '087'].map((prefix) => [prefix, 3 / 6] as const),
]);

export function generateMobileNumber(rng: Rng): string {
  return MOBILE_PREFIXES.pick(rng) + String(rng.int(0, 9_999_999)).padStart(7, '0');
}

export function mobileContact(rng: Rng): ContactPoint {
  return { system: 'phone', value: generateMobileNumber(rng), use: 'mobile' };
}
