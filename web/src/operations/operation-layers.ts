/**
 * An open operation on the map: the warning's area in its level's colour, and the towns it
 * moves people in, shaded by the share of their households arrived and labelled with it.
 */
import Feature from 'ol/Feature.js';
import type Map from 'ol/Map.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import Text from 'ol/style/Text.js';
import type { FeatureLike } from 'ol/Feature.js';
import type { Feature as GeoFeature } from 'geojson';
import { getJson } from '../api.ts';
import { lang, pctText, t } from '../i18n.ts';
import { geojson, type CollectionSource } from '../map/sources.ts';
import { WARNING_COLOURS } from '../map/styles.ts';
import type { OperationSummary } from './operation-api.ts';

/** Arrived shares < 25 %, 25–50, 50–75, ≥ 75 %: red to green. */
export const SHARE_COLOURS = ['rgba(215,48,39,0.3)', 'rgba(252,141,89,0.35)', 'rgba(217,239,139,0.45)', 'rgba(26,152,80,0.4)'];
export const shareClass = (share: number): number => (share >= 0.75 ? 3 : share >= 0.5 ? 2 : share >= 0.25 ? 1 : 0);

export interface OperationLayers {
  add(): void;
  remove(): void;
  /** Shows this operation's warning area (once per operation) and its towns' progress. */
  show(summary: OperationSummary): Promise<void>;
  clear(): void;
  /** The extent of what is drawn, to fit the view on. */
  extent(): number[] | null;
}

export function operationLayers(map: Map, towns: CollectionSource): OperationLayers {
  const areaSource = new VectorSource<Feature>();
  const townSource = new VectorSource<Feature>();
  let warningOf: number | null = null;

  const area = new VectorLayer({
    source: areaSource,
    zIndex: 6,
    properties: { id: 'operation_area', operation: 'operation_area' },
    style: (f: FeatureLike) => {
      const colour = WARNING_COLOURS[f.get('level') as keyof typeof WARNING_COLOURS] ?? '#555555';
      return new Style({ stroke: new Stroke({ color: colour, width: 4, lineDash: [12, 6] }) });
    },
  });
  const progress = new VectorLayer({
    source: townSource,
    zIndex: 5,
    declutter: true,
    properties: { id: 'operation_towns', operation: 'operation_towns' },
    style: (f: FeatureLike) => {
      const share = Number(f.get('share'));
      const name = lang() === 'en' && f.get('name_en') ? String(f.get('name_en')) : String(f.get('name') ?? '');
      return new Style({
        fill: new Fill({ color: SHARE_COLOURS[shareClass(share)] }),
        stroke: new Stroke({ color: '#333333', width: 1.2 }),
        text: new Text({
          text: `${name}\n${pctText(share * 100)} · ${t('householdsN', { n: `${f.get('arrived')}/${f.get('households')}` })}`,
          font: 'bold 12px system-ui, sans-serif',
          fill: new Fill({ color: '#111111' }),
          stroke: new Stroke({ color: '#ffffff', width: 3 }),
          overflow: true,
        }),
      });
    },
  });

  return {
    add() {
      map.addLayer(progress);
      map.addLayer(area);
    },
    remove() {
      map.removeLayer(progress);
      map.removeLayer(area);
    },
    async show(summary) {
      await towns.ready();
      const byCode = new globalThis.Map(towns.getFeatures().map((f) => [String(f.get('code')), f]));
      const features = summary.towns.flatMap((tw) => {
        const town = byCode.get(tw.town_code);
        if (!town) return [];
        const f = new Feature({
          geometry: town.getGeometry()?.clone(),
          code: tw.town_code,
          name: town.get('name'),
          name_en: town.get('name_en'),
          households: tw.households,
          arrived: tw.arrived_households,
          share: tw.households ? tw.arrived_households / tw.households : 0,
        });
        f.setId(tw.town_code);
        return [f];
      });
      townSource.clear(true);
      townSource.addFeatures(features);
      const wid = summary.operation.warning_id;
      if (wid !== warningOf) {
        warningOf = wid;
        areaSource.clear(true);
        if (wid !== null) {
          const w = await getJson<GeoFeature>(`/ogc/collections/warnings/items/${wid}`).catch(() => null);
          if (w && warningOf === wid) areaSource.addFeatures(geojson.readFeatures(w) as Feature[]);
        }
      }
    },
    clear() {
      warningOf = null;
      areaSource.clear();
      townSource.clear();
    },
    extent() {
      const src = areaSource.getFeatures().length ? areaSource : townSource;
      if (!src.getFeatures().length) return null;
      return src.getExtent();
    },
  };
}
