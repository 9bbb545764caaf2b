/**
 * pgRouting is the yardstick of the routing engine: the county sample's roads go into PostGIS as
 * the engine's own edges (source and target are the engine's node numbers), and for every risk
 * site and its nearest open or standby shelter on foot, the length along the roads between the
 * two snapped nodes must match pgr_dijkstraCost over ST_Length(geom::geography) within 0.5 %.
 * pgRouting is a PostgreSQL extension: on the embedded database (PGlite) there is none.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Feature, Point } from 'geojson';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRoadGraph } from '../../server/routing/build-graph.ts';
import { nearestShelters } from '../../server/routing/nearest-shelters.ts';
import type { RoadGraph } from '../../server/routing/road-graph.ts';
import { searchFromNodes } from '../../server/routing/search.ts';
import { shelterField } from '../../server/routing/shelter-field.ts';
import { snapPoint, type Snap } from '../../server/routing/snap.ts';
import type { RoadFeature } from '../../server/routing/types.ts';
import { SAMPLE_DIR, adminQuery, withDatabase } from '../helpers/template.ts';

const url = process.env.DATABASE_URL;

function read<T>(layer: string): T[] {
  return (JSON.parse(fs.readFileSync(path.join(SAMPLE_DIR, `${layer}.geojson`), 'utf8')) as { features: T[] }).features;
}

/** The node at the nearer end of the snapped edge. */
function nearerNode(graph: RoadGraph, snap: Snap): number {
  return snap.alongM <= graph.edgeLength[snap.edge] / 2 ? graph.edgeFrom[snap.edge] : graph.edgeTo[snap.edge];
}

function edgeWkt(graph: RoadGraph, e: number): string {
  const pts: string[] = [];
  for (let v = graph.edgeFirstVertex[e]; v <= graph.edgeLastVertex[e]; v++) pts.push(`${graph.vertexLon[v]} ${graph.vertexLat[v]}`);
  return `LINESTRING(${pts.join(',')})`;
}

describe.skipIf(!url)('pgRouting agrees with the engine on the county roads (needs PostGIS with pgRouting: set DATABASE_URL; skipped on PGlite)', () => {
  const name = `onemap_pgr_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  let client: pg.Client;
  let graph: RoadGraph;

  beforeAll(async () => {
    graph = buildRoadGraph(read<RoadFeature>('roads'));
    await adminQuery(url!, `CREATE DATABASE ${name}`);
    client = new pg.Client({ connectionString: withDatabase(url!, name) });
    await client.connect();
    await client.query('CREATE EXTENSION postgis');
    await client.query('CREATE EXTENSION pgrouting');
    await client.query('CREATE TABLE road_edges (id integer PRIMARY KEY, source integer NOT NULL, target integer NOT NULL, geom geometry(LineString, 4326) NOT NULL)');
    // The walkable, open edges: the network the engine's `length` mode searches.
    const ids: number[] = [];
    for (let e = 0; e < graph.edgeCount; e++) if (graph.walkForward[e] < Infinity) ids.push(e);
    for (let i = 0; i < ids.length; i += 5000) {
      const chunk = ids.slice(i, i + 5000);
      await client.query(
        'INSERT INTO road_edges SELECT id, source, target, ST_GeomFromText(wkt, 4326) FROM unnest($1::int[], $2::int[], $3::int[], $4::text[]) AS t(id, source, target, wkt)',
        [chunk, chunk.map((e) => graph.edgeFrom[e]), chunk.map((e) => graph.edgeTo[e]), chunk.map((e) => edgeWkt(graph, e))],
      );
    }
  }, 180_000);

  afterAll(async () => {
    await client?.end();
    if (url) await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('measures the same edge lengths as PostGIS geography (within 0.05 %)', async () => {
    const { rows } = await client.query<{ id: number; m: number }>('SELECT id, ST_Length(geom::geography) AS m FROM road_edges');
    expect(rows.length).toBeGreaterThan(20_000);
    let worst = 0;
    for (const r of rows) worst = Math.max(worst, Math.abs(graph.edgeLength[r.id] - r.m) / r.m);
    expect(worst).toBeLessThan(0.0005);
  });

  it('finds the same along-the-road length from every risk site to its nearest shelter as pgr_dijkstraCost (within 0.5 %)', async () => {
    const sites = read<Feature<Point>>('risk_sites');
    const shelters = read<Feature<Point, { status: string }>>('shelters').filter((s) => s.properties.status === 'open' || s.properties.status === 'standby');
    const field = shelterField(graph, shelters.map((s) => s.geometry.coordinates), { mode: 'walk' });
    const best = nearestShelters(graph, field, sites.map((s) => s.geometry.coordinates));
    const pairs: { site: number; from: number; to: number }[] = [];
    sites.forEach((s, i) => {
      expect(best.shelter[i], `site ${i} reaches a shelter`).toBeGreaterThanOrEqual(0);
      const siteSnap = snapPoint(graph, s.geometry.coordinates[0], s.geometry.coordinates[1], 'walk')!;
      pairs.push({ site: i, from: nearerNode(graph, siteSnap), to: nearerNode(graph, field.shelters[best.shelter[i]]!) });
    });
    // The engine: one length search from each shelter node (length is the same both ways).
    const mine = new Map<string, number>();
    for (const to of new Set(pairs.map((p) => p.to))) {
      const found = searchFromNodes(graph, [to], { mode: 'length', direction: 'to' });
      for (const p of pairs) if (p.to === to) mine.set(`${p.from}-${to}`, found.cost[p.from]);
    }
    const distinct = [...new Map(pairs.filter((p) => p.from !== p.to).map((p) => [`${p.from}-${p.to}`, p])).values()];
    await client.query('CREATE TEMP TABLE pairs (source integer, target integer)');
    await client.query('INSERT INTO pairs SELECT * FROM unnest($1::int[], $2::int[])', [distinct.map((p) => p.from), distinct.map((p) => p.to)]);
    const { rows } = await client.query<{ start_vid: string; end_vid: string; agg_cost: number }>(
      `SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCost(
         'SELECT id, source, target, ST_Length(geom::geography) AS cost, ST_Length(geom::geography) AS reverse_cost FROM road_edges',
         'SELECT source, target FROM pairs', directed => false)`,
    );
    expect(rows.length).toBe(distinct.length);
    let worst = 0;
    for (const r of rows) {
      const m = mine.get(`${r.start_vid}-${r.end_vid}`)!;
      worst = Math.max(worst, Math.abs(m - r.agg_cost) / Math.max(r.agg_cost, 1));
    }
    expect(worst).toBeLessThan(0.005);
    for (const p of pairs) if (p.from === p.to) expect(mine.get(`${p.from}-${p.to}`)).toBe(0);
  });
});
