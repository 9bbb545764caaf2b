/**
 * Place search for the public map: shelters, villages and towns whose name (Chinese) or
 * pinyin name (name_en) contains the query. Exact matches come first, then prefixes, then
 * the rest; towns before villages before shelters; shorter names first. Only public
 * attributes are read.
 */
import type { Knex } from 'knex';

export type PlaceLayer = 'towns' | 'villages' | 'shelters';

export interface PlaceHit {
  layer: PlaceLayer;
  id: number;
  code: string;
  name: string;
  name_en: string | null;
  town_code: string | null;
  town_name: string | null;
  /** Where to centre the map: the point, or a point on the town's surface. */
  center: [number, number];
  /** Towns only: west, south, east, north. */
  bbox: [number, number, number, number] | null;
}

interface Row {
  layer: PlaceLayer;
  id: number;
  code: string;
  name: string;
  name_en: string | null;
  town_code: string | null;
  town_name: string | null;
  x: number;
  y: number;
  w: number | null;
  s: number | null;
  e: number | null;
  n: number | null;
  rank: number;
}

/** Pinyin is matched without spaces or apostrophes, in any case ("long lou", "Longlou", "xi'an"). */
export function normalisePinyin(q: string): string {
  return q.toLowerCase().replace(/[\s'’-]+/g, '');
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// One UNION over the three layers; every value is bound. The rank is 0 exact, 1 prefix, 2 contains.
// Pinyin names and codes are compared as normalisePinyin() leaves them.
const SQL = `
WITH q AS (SELECT ?::text AS raw, ?::text AS pin),
hits AS (
  SELECT 'towns' AS layer, 1 AS layer_order, t.id, t.code, t.name, t.name_en, t.code AS town_code, t.name AS town_name,
         ST_X(ST_PointOnSurface(t.geom)) AS x, ST_Y(ST_PointOnSurface(t.geom)) AS y,
         ST_XMin(t.geom) AS w, ST_YMin(t.geom) AS s, ST_XMax(t.geom) AS e, ST_YMax(t.geom) AS n,
         t.name AS cn, regexp_replace(lower(coalesce(t.name_en, '')), '[[:space:]''’-]+', '', 'g') AS pin
  FROM towns t WHERE t.deleted_at IS NULL
  UNION ALL
  SELECT 'villages', 2, v.id, v.code, v.name, v.name_en, v.town_code, tw.name,
         ST_X(v.geom), ST_Y(v.geom), NULL, NULL, NULL, NULL,
         v.name, regexp_replace(lower(coalesce(v.name_en, '')), '[[:space:]''’-]+', '', 'g')
  FROM villages v LEFT JOIN towns tw ON tw.code = v.town_code AND tw.deleted_at IS NULL
  WHERE v.deleted_at IS NULL
  UNION ALL
  SELECT 'shelters', 3, s.id, s.code, s.name, NULL, s.town_code, tw.name,
         ST_X(s.geom), ST_Y(s.geom), NULL, NULL, NULL, NULL,
         s.name, regexp_replace(lower(s.code), '[[:space:]''’-]+', '', 'g')
  FROM shelters s LEFT JOIN towns tw ON tw.code = s.town_code AND tw.deleted_at IS NULL
  WHERE s.deleted_at IS NULL
)
SELECT h.layer, h.id, h.code, h.name, h.name_en, h.town_code, h.town_name, h.x, h.y, h.w, h.s, h.e, h.n,
       CASE WHEN h.cn = q.raw OR (q.pin <> '' AND h.pin = q.pin) THEN 0
            WHEN h.cn LIKE ? ESCAPE '\\' OR (q.pin <> '' AND h.pin LIKE ? ESCAPE '\\') THEN 1
            ELSE 2 END AS rank
FROM hits h, q
WHERE h.cn LIKE ? ESCAPE '\\' OR (q.pin <> '' AND h.pin LIKE ? ESCAPE '\\')
ORDER BY rank, h.layer_order, length(h.name), h.code
LIMIT ?`;

export async function searchPlaces(knex: Knex, query: string, limit: number): Promise<PlaceHit[]> {
  const raw = query.trim();
  const pin = /^[\x20-\x7e]+$/.test(raw) ? normalisePinyin(raw) : '';
  const rawLike = likeEscape(raw);
  const pinLike = likeEscape(pin);
  const { rows } = await knex.raw<{ rows: Row[] }>(SQL, [raw, pin, `${rawLike}%`, `${pinLike}%`, `%${rawLike}%`, `%${pinLike}%`, limit]);
  return rows.map((r) => ({
    layer: r.layer,
    id: r.id,
    code: r.code,
    name: r.name,
    name_en: r.name_en,
    town_code: r.town_code,
    town_name: r.town_name,
    center: [Number(r.x), Number(r.y)],
    bbox: r.w === null ? null : [Number(r.w), Number(r.s), Number(r.e), Number(r.n)],
  }));
}
