import { describe, expect, it } from 'vitest';
import { findLayer } from '../../../server/layers/registry.ts';
import { toTileFeature, tileAttributes, type TileFeature } from '../../../server/tiles/tile-attributes.ts';
import { LayerTileIndex } from '../../../server/tiles/tile-index.ts';
import { CLUSTER_MAX_ZOOM } from '../../../server/tiles/point-clusters.ts';
import { encodeLayer, joinLayers } from '../../../server/tiles/encode.ts';
import { tileAt } from '../../../server/tiles/tile-grid.ts';
import { decode, features } from './support/mvt.ts';

const riskSites = findLayer('risk_sites')!;
const towns = findLayer('towns')!;

/** A risk-site row as the database gives it, private columns included. */
function siteRow(id: number, lon: number, lat: number, grade: string | null) {
  return {
    id,
    geometry: JSON.stringify({ type: 'Point', coordinates: [lon, lat] }),
    code: `XP-${id}`, town_code: '440983100', village: null, households: '3', residents: 9, grade,
    rectification_status: 'not_started', monitor_name: '张三', monitor_phone: '13800000000', slope_height_m: 7.5,
  };
}

describe('toTileFeature', () => {
  it('keeps public tile attributes only, drops nulls and turns numeric text into numbers', () => {
    const f = toTileFeature(riskSites, siteRow(7, 110.9, 22.3, 'high'));
    expect(f.id).toBe(7);
    expect(f.properties).toEqual({ id: 7, code: 'XP-7', town_code: '440983100', households: 3, residents: 9, grade: 'high', rectification_status: 'not_started' });
    expect(tileAttributes(riskSites)).not.toContain('monitor_phone');
  });
});

describe('LayerTileIndex', () => {
  // 60 sites on a 0.01° grid around Xinyi city: one cluster at low zoom, single points at high zoom.
  const sites: TileFeature[] = [];
  for (let i = 0; i < 60; i++) sites.push(toTileFeature(riskSites, siteRow(i + 1, 110.9 + (i % 10) * 0.01, 22.3 + Math.floor(i / 10) * 0.01, i < 3 ? 'very_high' : 'low')));
  const index = new LayerTileIndex(riskSites, sites);

  it('clusters a point layer up to the cluster zoom, with counts per grade and the worst grade', () => {
    const t = tileAt(110.95, 22.33, 6);
    const tile = index.tile(t)!;
    expect(tile.features).toHaveLength(1);
    const [c] = tile.features;
    expect(c.id).toBeUndefined();
    expect(c.tags).toMatchObject({ cluster: true, point_count: 60, count_very_high: 3, count_low: 57, grade: 'very_high' });
  });

  it('shows every point with its own attributes past the cluster zoom', () => {
    const t = tileAt(110.95, 22.33, CLUSTER_MAX_ZOOM + 1);
    const decoded = features(decode(encodeLayer('risk_sites', index.tile(t)).body).layers.risk_sites, t.z, t.x, t.y);
    const inside = decoded.filter((f) => f.inside);
    expect(inside.length).toBeGreaterThan(0);
    for (const f of inside) {
      expect(f.properties.cluster).toBeUndefined();
      expect(f.properties.id).toBe(f.id);
      expect(f.properties.code).toBe(`XP-${f.id}`);
    }
  });

  it('answers null at once for a tile away from the data, and for an empty layer', () => {
    expect(index.tile({ z: 10, x: 0, y: 0 })).toBeNull();
    expect(new LayerTileIndex(towns, []).tile({ z: 0, x: 0, y: 0 })).toBeNull();
    expect(new LayerTileIndex(towns, []).bounds).toBeUndefined();
  });

  it('knows the bounds of its data', () => {
    const [w, s, e, n] = index.bounds!;
    expect(w).toBeCloseTo(110.9, 6);
    expect(e).toBeCloseTo(110.99, 6);
    expect(s).toBeCloseTo(22.3, 6);
    expect(n).toBeCloseTo(22.35, 6);
  });
});

describe('encodeLayer and joinLayers', () => {
  it('gives empty tiles one tag, and equal tiles equal tags', () => {
    const a = encodeLayer('x', { features: [{ id: 1, type: 1, geometry: [[10, 10]], tags: { name: 'a' } }] });
    const b = encodeLayer('x', { features: [{ id: 1, type: 1, geometry: [[10, 10]], tags: { name: 'a' } }] });
    const c = encodeLayer('x', { features: [{ id: 1, type: 1, geometry: [[10, 11]], tags: { name: 'a' } }] });
    expect(a.etag).toBe(b.etag);
    expect(a.etag).not.toBe(c.etag);
    expect(encodeLayer('x', null).body.length).toBe(0);
    expect(encodeLayer('x', { features: [] }).etag).toBe(encodeLayer('y', null).etag);
  });

  it('joins single-layer tiles into one tile with both layers', () => {
    const a = encodeLayer('first', { features: [{ id: 1, type: 1, geometry: [[10, 10]], tags: { n: 1 } }] });
    const b = encodeLayer('second', { features: [{ id: 2, type: 1, geometry: [[20, 20]], tags: { n: 2 } }] });
    const joined = joinLayers([a, encodeLayer('none', null), b]);
    const tile = decode(joined.body);
    expect(Object.keys(tile.layers)).toEqual(['first', 'second']);
    expect(tile.layers.second.feature(0).properties).toEqual({ n: 2 });
    expect(joinLayers([encodeLayer('none', null)]).body.length).toBe(0);
  });
});
