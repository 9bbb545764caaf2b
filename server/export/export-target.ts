/** What every export writer is given: a named layer, its columns, and its features as a stream. */
import type { Feature, Geometry } from 'geojson';
import type { ExportColumn } from './export-columns.ts';

export interface ExportTarget {
  /** Layer name inside the file (the collection id). */
  name: string;
  title?: string;
  /** The one geometry type of the layer, or undefined when features may differ. */
  geometryType?: Exclude<Geometry['type'], 'GeometryCollection'>;
  columns: ExportColumn[];
  count: number;
  /** Features of analysis lists may have no geometry (a table of rows). */
  features: AsyncIterable<Feature<Geometry | null>>;
}
