/**
 * The in-memory tile index of one layer: geojson-vt cuts its tiles (polygons simplified per
 * zoom by geojson-vt's tolerance), and for a point layer supercluster answers the low zooms.
 * Built from the layer's tile features; immutable once built (a change builds a new one).
 */
import GeoJSONVT from 'geojson-vt';
import type { LayerDefinition } from '../layers/types.ts';
import type { PointTileFeature, TileFeature } from './tile-attributes.ts';
import type { VtTile } from './encode.ts';
import { CLUSTER_MAX_ZOOM, CLUSTER_RADIUS, PointClusters } from './point-clusters.ts';
import { EXTENT, MAX_ZOOM, tileTouches, unitBox, type TileCoord, type UnitBox } from './tile-grid.ts';

/** geojson-vt's buffer around each tile, in tile units (64 of 4096: 1.6 %). */
const BUFFER = 64;
/**
 * geojson-vt keeps every tile it has cut. Past this many it starts afresh from the features,
 * so a long crawl over a province cannot grow memory without bound.
 */
const MAX_RETAINED_TILES = 50_000;

export class LayerTileIndex {
  /** Features by id: the base that an edit patches to build the next index. */
  readonly features: ReadonlyMap<number, TileFeature>;
  /** Bounding box [w, s, e, n] in degrees, or undefined for an empty layer. */
  readonly bounds: [number, number, number, number] | undefined;
  /** Milliseconds spent building (clusters and cutting, not reading the database). */
  readonly buildMs: number;
  private readonly box: UnitBox | undefined;
  private readonly clusters: PointClusters | undefined;
  private vt: GeoJSONVT | undefined;

  constructor(
    readonly layer: LayerDefinition,
    features: Iterable<TileFeature>,
  ) {
    const started = performance.now();
    const byId = new Map<number, TileFeature>();
    for (const f of features) byId.set(f.id, f);
    this.features = byId;
    this.bounds = boundsOf(byId.values());
    this.box = this.bounds && unitBox(this.bounds);
    if (byId.size > 0) {
      this.vt = this.cut();
      if (layer.geometryType === 'Point') this.clusters = new PointClusters(layer, [...byId.values()] as PointTileFeature[]);
    }
    this.buildMs = performance.now() - started;
  }

  get size(): number {
    return this.features.size;
  }

  private cut(): GeoJSONVT {
    return new GeoJSONVT(
      { type: 'FeatureCollection', features: [...this.features.values()] },
      { maxZoom: MAX_ZOOM, extent: EXTENT, buffer: BUFFER, tolerance: 3, indexMaxZoom: 5 },
    );
  }

  /** The layer's part of a tile, or null when it has none there. */
  tile({ z, x, y }: TileCoord): VtTile | null {
    // Cheap answer for the (many) tiles away from the data, or below the layer's first zoom.
    if (z < (this.layer.tileMinZoom ?? 0)) return null;
    if (!this.box || !tileTouches({ z, x, y }, this.box, Math.max(BUFFER, CLUSTER_RADIUS) / EXTENT)) return null;
    if (this.clusters && z <= CLUSTER_MAX_ZOOM) return this.clusters.tile(z, x, y);
    if (!this.vt || this.vt.tileCoords.length > MAX_RETAINED_TILES) this.vt = this.cut();
    return this.vt.getTile(z, x, y) as VtTile | null;
  }
}

function boundsOf(features: Iterable<TileFeature>): [number, number, number, number] | undefined {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (p: number[]) => {
    if (p[0] < w) w = p[0];
    if (p[0] > e) e = p[0];
    if (p[1] < s) s = p[1];
    if (p[1] > n) n = p[1];
  };
  for (const f of features) {
    const g = f.geometry;
    if (g.type === 'Point') visit(g.coordinates);
    else if (g.type === 'MultiLineString') for (const line of g.coordinates) for (const p of line) visit(p);
    else for (const poly of g.coordinates) for (const p of poly[0]) visit(p);
  }
  return w <= e ? [w, s, e, n] : undefined;
}
