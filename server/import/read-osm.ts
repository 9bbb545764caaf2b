/**
 * An OpenStreetMap extract (.osm.pbf or .osm XML) as an import source for the roads layer:
 * one row per highway way kept, its fields already the layer's attributes (osm-road-tags.ts),
 * in WGS84 as OpenStreetMap always is. The summary counts the ways read, kept and left out.
 */
import fs from 'node:fs';
import { WGS84 } from './crs.ts';
import type { ImportLimits } from './limits.ts';
import { osmPbfElements } from './osm-pbf-elements.ts';
import { ROAD_FIELDS } from './osm-road-tags.ts';
import { emptyTally } from './osm-tally.ts';
import { roadRows } from './osm-ways.ts';
import { osmXmlElements } from './osm-xml-elements.ts';
import type { ImportSource } from './source.ts';

export function openOsm(path: string, format: 'osm-xml' | 'osm-pbf', limits: ImportLimits): ImportSource {
  const size = fs.statSync(path).size;
  const counter = { bytes: 0 };
  const tally = emptyTally();
  const elements = format === 'osm-pbf' ? osmPbfElements(path, limits, counter) : osmXmlElements(path, counter);
  const rows = roadRows(elements, limits.maxOsmNodes, tally);
  return {
    format,
    fields: [...ROAD_FIELDS],
    declaredCrs: WGS84,
    rows: () => rows,
    progress: () => (size ? Math.min(1, counter.bytes / size) : 1),
    summary: () => ({ osm: tally }),
    close: async () => {
      await rows.return(undefined);
    },
  };
}
