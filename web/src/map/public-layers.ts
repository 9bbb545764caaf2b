/**
 * The public map's layers, bottom to top: towns, hazard zones, villages, risk sites (public
 * fields only — the server leaves private ones out), shelters, and the "where do I go" overlay.
 * Hazard zones and risk sites come as vector tiles when the server has them. Warnings in force
 * lie over the hazard zones in their level's colour; an expired one drops off by itself.
 */
import type Map from 'ol/Map.js';
import type BaseLayer from 'ol/layer/Base.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorTileLayer from 'ol/layer/VectorTile.js';
import VectorSource from 'ol/source/Vector.js';
import Cluster from 'ol/source/Cluster.js';
import type Feature from 'ol/Feature.js';
import type { StyleLike } from 'ol/style/Style.js';
import { CollectionSource, tileSource, tilesAvailable, watchTileVersions } from './sources.ts';
import { SHELTER_GROUPS_FROM, inForce, warningFeatureStyle, shelterFeatureStyle, shelterGroupStyle, siteFeatureStyle, townFeatureStyle, villageFeatureStyle, zoneFeatureStyle } from './styles.ts';

export const PUBLIC_LAYER_IDS = ['towns', 'hazard_zones', 'villages', 'risk_sites', 'shelters'] as const;
export type PublicLayerId = (typeof PUBLIC_LAYER_IDS)[number];

export interface PublicLayers {
  layers: Record<PublicLayerId, VectorLayer<VectorSource<Feature>> | VectorTileLayer>;
  shelters: CollectionSource;
  towns: CollectionSource;
  /** Warnings (the public receives those in force; staff all, and expired ones are not drawn). */
  warnings: CollectionSource;
  warningLayer: VectorLayer<VectorSource<Feature>>;
  /** Where "where do I go" draws: you, the line and the chosen shelter. */
  overlay: VectorLayer<VectorSource<Feature>>;
  usesTiles: boolean;
  /** Features each layer holds now (tiles: those in the loaded tiles over the view). */
  count(id: PublicLayerId): number;
  /** The properties of the features a layer holds now (at most `max`), as the map received them. */
  properties(id: PublicLayerId, max: number): Record<string, unknown>[];
  /** Every GeoJSON-backed layer has finished its first load. */
  ready(): Promise<void>;
  /** Collections whose last load failed. */
  failures(): string[];
}

function vector(id: string, source: VectorSource<Feature>, style: StyleLike | undefined, declutter = false) {
  return new VectorLayer({ source, style, declutter, properties: { id }, updateWhileInteracting: false });
}

export async function createPublicLayers(map: Map): Promise<PublicLayers> {
  const usesTiles = await tilesAvailable();
  const towns = new CollectionSource('towns');
  const villages = new CollectionSource('villages');
  const shelters = new CollectionSource('shelters');
  const warnings = new CollectionSource('warnings');
  const collections: CollectionSource[] = [towns, villages, shelters, warnings];

  const tileSources: Array<ReturnType<typeof tileSource>> = [];
  const tiled = (id: 'hazard_zones' | 'risk_sites', style: StyleLike) => {
    const source = tileSource(id);
    tileSources.push(source);
    return new VectorTileLayer({ source, style, properties: { id }, renderMode: 'hybrid' });
  };
  const fromItems = (id: 'hazard_zones' | 'risk_sites', style: StyleLike | undefined) => {
    const source = new CollectionSource(id);
    collections.push(source);
    return vector(id, source, style);
  };

  const layers: PublicLayers['layers'] = {
    towns: vector('towns', towns, townFeatureStyle, true),
    hazard_zones: usesTiles ? tiled('hazard_zones', zoneFeatureStyle) : fromItems('hazard_zones', zoneFeatureStyle),
    villages: vector('villages', villages, villageFeatureStyle, true),
    risk_sites: usesTiles ? tiled('risk_sites', siteFeatureStyle) : fromItems('risk_sites', siteFeatureStyle),
    shelters: vector('shelters', shelters, shelterFeatureStyle),
  };
  layers.villages.setMinZoom(10.5);
  // At county scale on a small screen three hundred shelters would pile up: they show in groups
  // (a count in a green disc) until the map is close enough to tell them apart.
  layers.shelters.setMaxResolution(SHELTER_GROUPS_FROM);
  const shelterGroups = new VectorLayer({
    source: new Cluster({ source: shelters, distance: 40, minDistance: 10 }) as unknown as VectorSource<Feature>,
    style: shelterGroupStyle,
    minResolution: SHELTER_GROUPS_FROM,
    properties: { id: 'shelter_groups' },
    updateWhileInteracting: false,
  });
  // The shelters' switch and fading apply to their groups too.
  layers.shelters.on('change:visible', () => shelterGroups.setVisible(layers.shelters.getVisible()));
  layers.shelters.on('change:opacity', () => shelterGroups.setOpacity(layers.shelters.getOpacity()));
  const warningLayer = vector('warnings', warnings, warningFeatureStyle);
  const overlay = vector('overlay', new VectorSource<Feature>(), undefined);
  overlay.setZIndex(10);
  for (const id of PUBLIC_LAYER_IDS) {
    map.addLayer(layers[id] as BaseLayer);
    if (id === 'hazard_zones') map.addLayer(warningLayer);
  }
  // A warning's time runs out without any change on the server: look again every few seconds.
  let inForceNow = '';
  setInterval(() => {
    const ids = warnings.getFeatures().filter((f) => inForce(f.getProperties())).map((f) => f.getId()).join(',');
    if (ids !== inForceNow) {
      inForceNow = ids;
      warnings.changed();
    }
  }, 5000);
  map.addLayer(shelterGroups);
  map.addLayer(overlay);
  watchTileVersions(tileSources);

  return {
    layers,
    shelters,
    towns,
    warnings,
    warningLayer,
    overlay,
    usesTiles,
    count(id) {
      const layer = layers[id];
      if (layer instanceof VectorTileLayer) {
        return layer.getFeaturesInExtent(map.getView().calculateExtent(map.getSize())).length;
      }
      return (layer.getSource() as VectorSource<Feature>).getFeatures().length;
    },
    properties(id, max) {
      const layer = layers[id];
      const features =
        layer instanceof VectorTileLayer
          ? layer.getFeaturesInExtent(map.getView().calculateExtent(map.getSize()))
          : (layer.getSource() as VectorSource<Feature>).getFeatures();
      return features.slice(0, max).map((f) => {
        const { geometry: _g, ...rest } = f.getProperties();
        return rest;
      });
    },
    ready: () => Promise.all(collections.map((c) => c.ready())).then(() => undefined),
    failures: () => collections.filter((c) => c.error).map((c) => c.collection),
  };
}
