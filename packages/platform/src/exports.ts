import { type Principal, ValidationError } from '@pynomaly/core';
import type { ExportTable } from '@pynomaly/reports';
import type { DetectedAnomaly, DetectionDeps } from './detection';
import { loadRows } from './tabular-datasets';

/**
 * What an export holds: a detection's anomalies (index, score, then the row's features) or a
 * dataset's rows, always the caller's own.
 */
export async function exportSource(
  principal: Principal,
  request: { detection_id?: string; dataset_id?: string },
  deps: DetectionDeps,
): Promise<ExportTable> {
  if (request.detection_id) {
    const record = await deps.detections.get(principal.tenantId, request.detection_id);
    const { anomalies } = JSON.parse(await deps.blobs.getText(record.results_key)) as {
      anomalies: DetectedAnomaly[];
    };
    const features = [...new Set(anomalies.flatMap((a) => Object.keys(a.features)))];
    return {
      name: record.id,
      columns: ['index', 'score', ...features],
      rows: anomalies.map((a) => [a.index, a.score, ...features.map((f) => a.features[f] ?? null)]),
    };
  }
  if (request.dataset_id) {
    const dataset = await deps.datasets.get(principal.tenantId, request.dataset_id);
    return { name: dataset.name, columns: dataset.feature_names, rows: await loadRows(dataset, deps.blobs) };
  }
  throw new ValidationError('Name what to export: detection_id or dataset_id', [
    { field: 'detection_id', message: 'detection_id or dataset_id is required' },
  ]);
}
