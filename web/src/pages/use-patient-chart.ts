// The patient chart's pages from GET /api/patients/:id/chart, newest visits first: the first page on opening, older
// ones on demand (appended), with the trend points of every page loaded, oldest first.
import { useCallback, useEffect, useState } from 'react';
import { getJson } from '../api.ts';
import type { ChartVisit, PatientChart, TrendPoint } from '../../../fhir/chart/patient-chart.ts';

export interface LoadedChart {
  visits: ChartVisit[];
  trend: TrendPoint[];
  nextPage?: string;
}

const chartPath = (patientId: string, count: number, page?: string) =>
  `/api/patients/${encodeURIComponent(patientId)}/chart?count=${count}${page ? `&page=${encodeURIComponent(page)}` : ''}`;

export function usePatientChart(patientId: string, count: number) {
  const [chart, setChart] = useState<LoadedChart | undefined>();
  const [failure, setFailure] = useState<unknown>();
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    setChart(undefined);
    setFailure(undefined);
    if (!patientId) return;
    const abort = new AbortController();
    getJson<PatientChart>(chartPath(patientId, count), abort.signal).then(setChart, (error) => abort.signal.aborted || setFailure(error));
    return () => abort.abort();
  }, [patientId, count]);

  const loadOlder = useCallback(async () => {
    if (!chart?.nextPage || loading) return;
    setLoading(true);
    try {
      const older = await getJson<PatientChart>(chartPath(patientId, count, chart.nextPage));
      setChart({ visits: [...chart.visits, ...older.visits], trend: [...older.trend, ...chart.trend], nextPage: older.nextPage });
    } catch (error) {
      setFailure(error);
    } finally {
      setLoading(false);
    }
  }, [chart, count, loading, patientId]);

  return { chart, failure, loading, loadOlder };
}
