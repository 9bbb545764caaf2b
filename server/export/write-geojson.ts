/** GeoJSON export: one FeatureCollection (RFC 7946, WGS84), written feature by feature. */
import type { Writable } from 'node:stream';
import type { ExportTarget } from './export-target.ts';
import { write } from './write-stream.ts';

export async function writeGeoJson(t: ExportTarget, out: Writable): Promise<void> {
  await write(out, `{"type":"FeatureCollection","name":${JSON.stringify(t.name)},"numberReturned":${t.count},"features":[\n`);
  let first = true;
  for await (const f of t.features) {
    await write(out, (first ? '' : ',\n') + JSON.stringify({ type: 'Feature', id: f.id, geometry: f.geometry, properties: f.properties }));
    first = false;
  }
  await write(out, '\n]}\n');
}
