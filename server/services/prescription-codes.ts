// Unique national prescription codes (QĐ 808): the facility code, 7 characters drawn from a per-facility counter
// (formatPrescriptionCode scrambles it), the type letter. The counter lives in the database and is taken under a row
// lock, so concurrent signings in any Sen process get distinct codes; inside the signing transaction, a rolled-back
// signing gives its number back.
import { formatPrescriptionCode, type PrescriptionType } from '../../fhir/identifiers/prescription-code.ts';
import type { Db } from '../db/client.ts';

export async function allocatePrescriptionCode(db: Db, facilityCode: string, type: PrescriptionType): Promise<string> {
  const [row] = await db.$queryRaw<{ counter: bigint }[]>`
    INSERT INTO prescription_code_counter (facility_code, next_counter) VALUES (${facilityCode}, 1)
    ON CONFLICT (facility_code) DO UPDATE SET next_counter = prescription_code_counter.next_counter + 1
    RETURNING next_counter - 1 AS counter`;
  return formatPrescriptionCode(facilityCode, Number(row.counter), type);
}
