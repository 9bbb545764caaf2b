/**
 * Where the map's features come from: the OGC API (GeoJSON, every item of a collection) or,
 * when the server offers them, Mapbox vector tiles (/tiles/{collection}/{z}/{x}/{y}.mvt).
 */
import GeoJSON from 'ol/format/GeoJSON.js';
import MVT from 'ol/format/MVT.js';
import VectorSource from 'ol/source/Vector.js';
import VectorTileSource from 'ol/source/VectorTile.js';
import type { Feature as GeoFeature } from 'geojson';
import type Feature from 'ol/Feature.js';
import { allItems } from '../api.ts';

export const geojson = new GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });

/** A vector source holding every item of an OGC collection; `reload()` fetches them again (`reload(true)` past the browser's cache, after a live change). */
export class CollectionSource extends VectorSource<Feature> {
  private pending: Promise<void> | null = null;
  error: Error | null = null;

  constructor(readonly collection: string, private readonly query: Record<string, string> = {}) {
    super({ wrapX: false });
    void this.reload();
  }

  /** Resolves once the current load has finished (failed loads resolve too; see `error`). */
  ready(): Promise<void> {
    return this.pending ?? Promise.resolve();
  }

  reload(fresh = false): Promise<void> {
    this.pending = allItems<GeoFeature>(this.collection, this.query, undefined, fresh).then(
      (items) => {
        this.error = null;
        const features = geojson.readFeatures({ type: 'FeatureCollection', features: items }) as Feature[];
        this.clear(true);
        this.addFeatures(features);
      },
      (e: unknown) => {
        this.error = e instanceof Error ? e : new Error(String(e));
        this.dispatchEvent('error');
      },
    );
    return this.pending;
  }
}

/** Whether the server serves vector tiles (its TileJSON answers). */
export async function tilesAvailable(): Promise<boolean> {
  try {
    const res = await fetch('/tiles/onemap.json', { credentials: 'same-origin' });
    return res.ok && (res.headers.get('content-type') ?? '').includes('json');
  } catch {
    return false;
  }
}

/**
 * The tile source of a collection. Its tiles are first asked for at the plain URL (revalidated
 * each time); once the TileJSON names the current version, at the versioned URL, which the
 * browser (and any cache between) keeps for good. `refresh()` asks the TileJSON again and moves
 * to a new version when the data changed.
 */
export function tileSource(collection: string): VectorTileSource & { refresh(): Promise<void> } {
  const source = new VectorTileSource({
    format: new MVT({ idProperty: 'id' }),
    url: `/tiles/${collection}/{z}/{x}/{y}.mvt`,
    maxZoom: 16,
    wrapX: false,
  });
  const refresh = async () => {
    try {
      const res = await fetch(`/tiles/${collection}.json`, { credentials: 'same-origin' });
      if (!res.ok) return;
      const template = ((await res.json()) as { tiles?: string[] }).tiles?.[0];
      if (!template) return;
      const url = new URL(template, location.href);
      // Same origin as the page: the path and the version, not the host the server saw.
      const local = decodeURI(url.pathname) + url.search;
      if (source.getUrls()?.[0] !== local) source.setUrl(local);
    } catch {
      // Offline or the server is busy: keep the URL in use.
    }
  };
  void refresh();
  return Object.assign(source, { refresh });
}

/** Asks each tile source for its version every `ms` (data edited elsewhere shows up). */
export function watchTileVersions(sources: ReadonlyArray<{ refresh(): Promise<void> }>, ms = 30_000): () => void {
  const timer = setInterval(() => sources.forEach((s) => void s.refresh()), ms);
  return () => clearInterval(timer);
}
