// The figures of MeasureReports as flat rows, JSON or CSV, for operations centres that do not speak FHIR. Rows are
// read off the MeasureReport, so both always say the same. A public export suppresses small counts (1–4), which
// could point at a person in a small commune; authorised analysts see them.
import type { MeasureReport } from '@medplum/fhirtypes';

export type ExportAudience = 'analyst' | 'public';

export interface ExportRow {
  facility: string;
  measure: string;
  periodStart: string;
  periodEnd: string;
  /** "total", a stratifier ("sex") or a cross ("disease+sex+age-group"). */
  stratifier: string;
  /** The stratum's values in the stratifier's order, joined by "+"; empty for the total. */
  stratum: string;
  /** Null when suppressed. */
  count: number | null;
  suppressed: boolean;
}

export const SMALL_COUNT_MAX = 4;

function row(report: MeasureReport, stratifier: string, stratum: string, count: number, audience: ExportAudience): ExportRow {
  const suppressed = audience === 'public' && count >= 1 && count <= SMALL_COUNT_MAX;
  return {
    facility: report.reporter!.reference!.replace(/^Organization\//, ''),
    measure: report.measure,
    periodStart: report.period.start!,
    periodEnd: report.period.end!,
    stratifier,
    stratum,
    count: suppressed ? null : count,
    suppressed,
  };
}

const valueOf = (concept: { coding?: { code?: string }[]; text?: string } | undefined) => concept?.coding?.[0]?.code ?? concept?.text ?? '';

export function exportRows(reports: MeasureReport[], audience: ExportAudience): ExportRow[] {
  return reports.flatMap((report) => report.group!.flatMap((group) => [
    row(report, 'total', '', group.population![0].count!, audience),
    ...(group.stratifier ?? []).flatMap((stratifier) => {
      const name = stratifier.code!.map(valueOf).join('+');
      return (stratifier.stratum ?? []).map((stratum) => row(
        report,
        name,
        stratum.component ? stratum.component.map((component) => valueOf(component.value)).join('+') : valueOf(stratum.value),
        stratum.population![0].count!,
        audience,
      ));
    }),
  ]));
}

const CSV_COLUMNS: (keyof ExportRow)[] = ['facility', 'measure', 'periodStart', 'periodEnd', 'stratifier', 'stratum', 'count', 'suppressed'];

function csvField(value: string | number | boolean | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV with a header line. */
export function exportCsv(rows: ExportRow[]): string {
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((column) => csvField(r[column])).join(','))].join('\r\n') + '\r\n';
}
