// Health indicators (issue 7): a facility's MeasureReport for a measure and period, read from the indicator facts
// kept with the resources (store/indicator-rows.ts), and the recount that rebuilds those facts from the resources.
import type { MeasureReport } from '@medplum/fhirtypes';
import type { PrismaClient } from '../db/client.ts';
import { parseJson } from '../../fhir/json/lossless.ts';
import { CONTRIBUTING_TYPES, indicatorContributions } from '../../fhir/indicators/contributions.ts';
import type { IndicatorDefinition } from '../../fhir/indicators/catalogue.ts';
import { buildMeasureReport } from '../../fhir/indicators/measure-report.ts';
import type { ReportPeriod } from '../../fhir/indicators/periods.ts';
import { aggregateFacts, clearIndicatorRows, insertManyIndicatorRows } from '../store/indicator-rows.ts';

const RECOUNT_BATCH = 1000;
// A recount is one transaction (writers wait rather than be lost between clearing and refilling): give it time.
const RECOUNT_TIMEOUT_MS = 3_600_000;

export class IndicatorService {
  constructor(private readonly prisma: PrismaClient) {}

  async report(facilityId: string, indicator: IndicatorDefinition, period: ReportPeriod): Promise<MeasureReport> {
    const counts = await aggregateFacts(this.prisma, facilityId, indicator, period);
    return buildMeasureReport({ facilityId, indicator, period, generated: new Date().toISOString() }, counts);
  }

  /** Rebuilds every indicator row from the current resources; returns how many resources were read, by type. */
  async recount(): Promise<Record<string, number>> {
    return this.prisma.$transaction(async (tx) => {
      await clearIndicatorRows(tx);
      const read: Record<string, number> = {};
      for (const resourceType of CONTRIBUTING_TYPES) {
        read[resourceType] = 0;
        for (let after = ''; ;) {
          const rows = await tx.$queryRaw<{ id: string; content: string; facility_id: string | null }[]>`
            SELECT id, content, facility_id FROM resource WHERE resource_type = ${resourceType} AND id > ${after} AND NOT deleted
            ORDER BY id LIMIT ${RECOUNT_BATCH}`;
          if (rows.length === 0) break;
          await insertManyIndicatorRows(tx, rows.map((row) => ({
            resourceType, id: row.id, facilityId: row.facility_id, indicators: indicatorContributions(parseJson(row.content) as { resourceType: string }),
          })));
          read[resourceType] += rows.length;
          after = rows[rows.length - 1].id;
        }
      }
      return read;
    }, { timeout: RECOUNT_TIMEOUT_MS });
  }
}
