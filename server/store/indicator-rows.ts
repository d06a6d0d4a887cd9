// SQL keeping the indicator tables (prisma/migrations/0007_indicators) in step with the resources: as CTEs of the one
// statement that writes a version, as multi-row inserts for bulk loads and recounts, and the aggregation a report
// reads. Facts travel as one JSON parameter, like the search index rows (index-rows.ts).
import { Prisma } from '../db/generated/client.ts';
import type { Db } from '../db/client.ts';
import { CONTRIBUTING_TYPES, type IndicatorContributions } from '../../fhir/indicators/contributions.ts';
import type { AggregateCount } from '../../fhir/indicators/measure-report.ts';
import type { ReportPeriod } from '../../fhir/indicators/periods.ts';

export interface ContributingVersion {
  resourceType: string;
  id: string;
  /** Facts of resources no facility owns count nowhere. */
  facilityId: string | null;
  indicators: IndicatorContributions;
}

const factsJson = (versions: ContributingVersion[]) => JSON.stringify(versions.flatMap((version) => (version.facilityId === null ? [] : version.indicators.facts.map((fact) => ({
  t: version.resourceType, i: version.id, f: version.facilityId, m: fact.measure, d: fact.day, v: fact.dimension, p: fact.patientId,
})))));

const patientsJson = (versions: ContributingVersion[]) => JSON.stringify(versions.flatMap(({ id, indicators: { demographics } }) => (demographics
  ? [{ i: id, s: demographics.sex, b: demographics.birthDate, c: demographics.communeCode }]
  : [])));

const FACT_RECORD = Prisma.raw('AS x(t text, i text, f text, m text, d date, v text, p text)');
const PATIENT_RECORD = Prisma.raw('AS x(i text, s text, b date, c text)');

/**
 * CTEs (`, name AS (…)`) replacing what the version the CTE `guard` wrote contributes: its facts, and for a Patient
 * its demographics row (removed when the version is a deletion). Nothing is written when `guard` returned no row.
 */
export function replaceIndicatorCtes(version: ContributingVersion, guard: string): Prisma.Sql {
  // Most writes (observations, medications…) contribute nothing and had nothing to replace.
  if (!CONTRIBUTING_TYPES.includes(version.resourceType)) return Prisma.empty;
  const g = Prisma.raw(guard);
  const facts = Prisma.sql`
    , fd AS (DELETE FROM indicator_fact s USING ${g} WHERE s.resource_id = ${g}.id AND s.resource_type = ${g}.resource_type)
    , fi AS (INSERT INTO indicator_fact (resource_type, resource_id, facility_id, measure, day, dimension, patient_id)
      SELECT t, i, f, m, d, v, p FROM ${g}, json_to_recordset(${factsJson([version])}::json) ${FACT_RECORD})`;
  if (version.resourceType !== 'Patient') return facts;
  const patient = version.indicators.demographics
    ? Prisma.sql`
    , pu AS (INSERT INTO indicator_patient (patient_id, sex, birth_date, commune_code)
      SELECT i, s, b, c FROM ${g}, json_to_recordset(${patientsJson([version])}::json) ${PATIENT_RECORD}
      ON CONFLICT (patient_id) DO UPDATE SET sex = excluded.sex, birth_date = excluded.birth_date, commune_code = excluded.commune_code)`
    : Prisma.sql`
    , pd AS (DELETE FROM indicator_patient s USING ${g} WHERE s.patient_id = ${g}.id)`;
  return Prisma.sql`${facts}${patient}`;
}

/** Inserts what many new resources contribute (bulk loads, recounts): one statement per table. */
export async function insertManyIndicatorRows(db: Db, versions: ContributingVersion[]): Promise<void> {
  const facts = factsJson(versions);
  if (facts !== '[]') {
    await db.$executeRaw`
      INSERT INTO indicator_fact (resource_type, resource_id, facility_id, measure, day, dimension, patient_id)
      SELECT t, i, f, m, d, v, p FROM json_to_recordset(${facts}::json) ${FACT_RECORD}`;
  }
  const patients = patientsJson(versions);
  if (patients !== '[]') {
    await db.$executeRaw`
      INSERT INTO indicator_patient (patient_id, sex, birth_date, commune_code)
      SELECT i, s, b, c FROM json_to_recordset(${patients}::json) ${PATIENT_RECORD}
      ON CONFLICT (patient_id) DO UPDATE SET sex = excluded.sex, birth_date = excluded.birth_date, commune_code = excluded.commune_code`;
  }
}

/** Empties both tables (a recount, in the transaction that refills them; writers wait for it). */
export async function clearIndicatorRows(db: Db): Promise<void> {
  await db.$executeRaw`LOCK TABLE indicator_fact, indicator_patient IN EXCLUSIVE MODE`;
  await db.$executeRaw`DELETE FROM indicator_fact`;
  await db.$executeRaw`DELETE FROM indicator_patient`;
}

/**
 * A facility's facts of a measure in a period, counted by dimension value, sex, age on the day and commune: one
 * GROUP BY over the (facility, measure, day) index. With `firstOf`, only each patient's first fact of that measure
 * at the facility counts (one probe of the (facility, measure, patient, day) index per fact). Age groups are formed
 * from the ages by the caller.
 */
export async function aggregateFacts(db: Db, facilityId: string, measure: { id: string; firstOf?: string }, period: ReportPeriod): Promise<AggregateCount[]> {
  const first = measure.firstOf === undefined ? Prisma.empty : Prisma.sql`
      AND f.patient_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM indicator_fact e WHERE e.facility_id = f.facility_id AND e.measure = f.measure AND e.patient_id = f.patient_id
          AND (e.day < f.day OR (e.day = f.day AND e.resource_id < f.resource_id)))`;
  const rows = await db.$queryRaw<{ dimension: string; sex: string | null; age: number | null; commune_code: string | null; n: number }[]>`
    SELECT f.dimension, p.sex, date_part('year', age(f.day, p.birth_date))::int AS age, p.commune_code, count(*)::int AS n
    FROM indicator_fact f LEFT JOIN indicator_patient p ON p.patient_id = f.patient_id
    WHERE f.facility_id = ${facilityId} AND f.measure = ${measure.firstOf ?? measure.id} AND f.day BETWEEN ${period.start}::date AND ${period.end}::date ${first}
    GROUP BY 1, 2, 3, 4`;
  return rows.map((row) => ({ dimension: row.dimension, sex: row.sex, age: row.age, communeCode: row.commune_code, count: row.n }));
}
