/**
 * Clusters of a point layer for the low zooms (supercluster), so that a tile over a province
 * holds a few hundred clusters instead of tens of thousands of points. A cluster says so:
 * `cluster: true` with `point_count`; for graded layers it also counts each grade and takes
 * the worst one as its `grade`, so the map colours a cluster like its most urgent site.
 */
import Supercluster from 'supercluster';
import { GRADES } from '../layers/types.ts';
import type { LayerDefinition } from '../layers/types.ts';
import type { PointTileFeature, TileProperties, TileValue } from './tile-attributes.ts';
import { EXTENT } from './tile-grid.ts';
import type { VtFeature, VtTile } from './encode.ts';

/** Zooms 0–11 are clustered; from zoom 12 (a town's streets) every point is shown. */
export const CLUSTER_MAX_ZOOM = 11;
/** Cluster radius: 40 px on a 512 px tile, in tile units. */
export const CLUSTER_RADIUS = (40 * EXTENT) / 512;

/** Sites per grade in a cluster. A fixed-shape object: supercluster maps every point through it. */
interface GradeCounts {
  count_very_high: number;
  count_high: number;
  count_medium: number;
  count_low: number;
}
type Counts = GradeCounts | Record<string, never>;

const countKey = (grade: string) => `count_${grade}` as keyof GradeCounts;

function gradeCounts(p: TileProperties): GradeCounts {
  const c: GradeCounts = { count_very_high: 0, count_high: 0, count_medium: 0, count_low: 0 };
  if (typeof p.grade === 'string' && (GRADES as readonly string[]).includes(p.grade)) c[countKey(p.grade)] = 1;
  return c;
}

function addCounts(acc: GradeCounts, p: Readonly<GradeCounts>): void {
  acc.count_very_high += p.count_very_high;
  acc.count_high += p.count_high;
  acc.count_medium += p.count_medium;
  acc.count_low += p.count_low;
}

/** Fields a cluster adds to the layer's own, for TileJSON. */
export function clusterFields(layer: LayerDefinition): Record<string, string> {
  const fields: Record<string, string> = { cluster: 'Boolean', point_count: 'Number', point_count_abbreviated: 'String' };
  if (isGraded(layer)) for (const g of GRADES) fields[countKey(g)] = 'Number';
  return fields;
}

function isGraded(layer: LayerDefinition): boolean {
  const g = layer.attributes.grade;
  return g !== undefined && g.inTiles === true && g.private !== true;
}

export class PointClusters {
  private readonly index: Supercluster<TileProperties, Counts>;
  private readonly graded: boolean;

  constructor(layer: LayerDefinition, features: readonly PointTileFeature[]) {
    this.graded = isGraded(layer);
    const graded = this.graded;
    this.index = new Supercluster<TileProperties, Counts>({
      maxZoom: CLUSTER_MAX_ZOOM,
      radius: CLUSTER_RADIUS,
      extent: EXTENT,
      // Per-grade counts: a point counts 1 for its own grade; clusters add them up.
      map: graded ? gradeCounts : () => ({}),
      reduce: graded ? (acc, p) => addCounts(acc as GradeCounts, p as GradeCounts) : null,
    });
    // load() is typed for a mutable array but only reads it.
    this.index.load(features as PointTileFeature[]);
  }

  /** The clusters and lone points of a tile (z ≤ CLUSTER_MAX_ZOOM), or null when there are none. */
  tile(z: number, x: number, y: number): VtTile | null {
    const tile = this.index.getTile(z, x, y);
    if (!tile) return null;
    const features: VtFeature[] = tile.features.map((f) => {
      const tags = (f.tags ?? {}) as Record<string, unknown>;
      if (tags.cluster !== true) return { id: f.id, type: 1, geometry: f.geometry, tags: tags as TileProperties };
      // Cluster ids are internal to this index: no MVT id, so they never clash with a feature's.
      const out: Record<string, TileValue> = {
        cluster: true,
        point_count: tags.point_count as number,
        point_count_abbreviated: String(tags.point_count_abbreviated),
      };
      if (this.graded) {
        for (const g of GRADES) out[countKey(g)] = tags[countKey(g)] as number;
        const worst = GRADES.find((g) => (tags[countKey(g)] as number) > 0);
        if (worst) out.grade = worst;
      }
      return { type: 1, geometry: f.geometry, tags: out };
    });
    return { features };
  }
}
