/** PostGIS's repair of an invalid polygon (ST_MakeValid), kept as a MultiPolygon; undefined if nothing polygonal is left. */
import type { MultiPolygon } from 'geojson';
import type { Knex } from 'knex';
import type { LayerGeometry } from '../layers/validate-geometry.ts';

export async function repairGeometry(geometry: LayerGeometry, db: Knex): Promise<MultiPolygon | undefined> {
  const r = await db.raw<{ rows: Array<{ g: string | null }> }>(
    `SELECT CASE WHEN ST_IsEmpty(x) THEN NULL ELSE ST_AsGeoJSON(x, 15) END AS g
       FROM (SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)), 3)) AS x) t`,
    [JSON.stringify(geometry)],
  );
  const g = r.rows[0]?.g;
  return g ? (JSON.parse(g) as MultiPolygon) : undefined;
}
