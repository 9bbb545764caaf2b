/**
 * Sends a collection as a file for QGIS, GDAL or a report: the items route's own filters,
 * every matching feature unless a limit is given, private attributes only for signed-in staff.
 * The database writes the features as JSON text; a worker thread encodes the file.
 */
import type { Response } from 'express';
import type { FeatureRepository } from '../layers/repository.ts';
import type { ExportQuery } from './feature-stream.ts';
import type { LayerDefinition } from '../layers/types.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';
import { layerColumns } from './export-columns.ts';
import { MEDIA_TYPES, type FileFormat } from './export-formats.ts';
import { EXPORT_TASKS } from './export-tasks.ts';

export interface ExportRequest {
  format: FileFormat;
  query: ExportQuery;
  includePrivate: boolean;
}

export function attachment(res: Response, format: FileFormat, name: string): void {
  const stamp = new Date().toISOString().slice(0, 10);
  res.set({
    'Content-Type': MEDIA_TYPES[format],
    'Content-Disposition': `attachment; filename="${name}-${stamp}.${format}"`,
    // Staff exports carry private attributes: no shared cache may keep them.
    'Cache-Control': 'private, no-store',
  });
}

export async function sendLayerExport(res: Response, repo: FeatureRepository, pool: WorkerPool, layer: LayerDefinition, r: ExportRequest): Promise<void> {
  const { text } = await repo.listJson(layer, { ...r.query, includePrivate: r.includePrivate });
  const file = await pool.run<Uint8Array>(
    'encodeLayer',
    { format: r.format, name: layer.id, title: `${layer.title.zh} ${layer.title.en}`, geometryType: layer.geometryType, columns: layerColumns(layer, r.includePrivate), text },
    { file: EXPORT_TASKS },
  );
  attachment(res, r.format, layer.id);
  res.status(200).send(Buffer.from(file.buffer, file.byteOffset, file.byteLength));
}
