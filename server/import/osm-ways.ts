/**
 * Turns the elements of an OpenStreetMap file (nodes, then ways, as extracts order them) into
 * import rows for the roads layer: each highway way kept becomes a line through its nodes'
 * positions, and every way left out is counted under its reason for the import report.
 */
import type { LineString, MultiLineString, Position } from 'geojson';
import { NodeStore } from './osm-node-store.ts';
import { MAX_NODES_PER_WAY, readRoadTags, type OsmTags } from './osm-road-tags.ts';
import type { SourceRow } from './source.ts';
import type { OsmTally } from './osm-tally.ts';

export type OsmElement = { type: 'node'; id: number; lon: number; lat: number } | { type: 'way'; id: number; refs: number[]; tags: OsmTags } | { type: 'relation' };

const MISSING = 'nodes missing from the file (clipped extract)';

function skip(tally: OsmTally, reason: string): void {
  tally.skipped[reason] = (tally.skipped[reason] ?? 0) + 1;
}

/** The runs of the way whose nodes are all in the file, each of at least two distinct positions. */
function parts(refs: number[], nodes: NodeStore): { lines: Position[][]; missing: boolean } {
  const lines: Position[][] = [];
  let run: Position[] = [];
  let missing = false;
  const close = () => {
    if (run.length >= 2) lines.push(run);
    run = [];
  };
  for (const ref of refs) {
    const p = nodes.get(ref);
    if (!p) {
      missing = true;
      close();
      continue;
    }
    const last = run[run.length - 1];
    // A node repeated back to back adds no length; PostGIS would call the segment degenerate.
    if (!last || last[0] !== p[0] || last[1] !== p[1]) run.push(p);
  }
  close();
  return { lines, missing };
}

function geometryOf(lines: Position[][], reverse: boolean): LineString | MultiLineString {
  // Against the way's direction (oneway=-1): stored in the direction of travel.
  const drawn = reverse ? lines.map((l) => [...l].reverse()).reverse() : lines;
  return drawn.length === 1 ? { type: 'LineString', coordinates: drawn[0] } : { type: 'MultiLineString', coordinates: drawn };
}

export async function* roadRows(batches: AsyncIterable<OsmElement[]>, maxNodes: number, tally: OsmTally): AsyncGenerator<SourceRow> {
  const nodes = new NodeStore(maxNodes);
  let row = 0;
  for await (const batch of batches) {
    for (const e of batch) {
      if (e.type === 'node') {
        tally.nodes++;
        nodes.add(e.id, e.lon, e.lat);
        continue;
      }
      if (e.type === 'relation') {
        tally.relations++;
        continue;
      }
      tally.ways++;
      if (e.tags.highway === undefined) continue;
      tally.highway_ways++;
      const road = readRoadTags(e.id, e.tags);
      if (!road.keep) {
        skip(tally, road.reason);
        continue;
      }
      if (e.refs.length > MAX_NODES_PER_WAY) {
        skip(tally, `more than ${MAX_NODES_PER_WAY} nodes`);
        continue;
      }
      const { lines, missing } = parts(e.refs, nodes);
      if (lines.length === 0) {
        skip(tally, missing ? MISSING : 'fewer than two distinct nodes');
        continue;
      }
      tally.kept++;
      if (missing) tally.clipped++;
      yield { row: ++row, fields: { ...road.fields }, geometry: geometryOf(lines, road.reverse) };
    }
  }
}
