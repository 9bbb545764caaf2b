/**
 * The planner's map layers, one list for every analysis: what each layer is, from which zoom it
 * shows, and how it is drawn. Per-town figures and areas show at every scale; points show in
 * groups from town scale (an OpenLayers Cluster source, coloured by the worst member) and one
 * by one when zoomed in. Running an analysis shows its layers and hides the other analyses'
 * (the legend can tick them back on, to stack them).
 */
import type Map from 'ol/Map.js';
import type Feature from 'ol/Feature.js';
import type { FeatureLike } from 'ol/Feature.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import Cluster from 'ol/source/Cluster.js';
import CircleStyle from 'ol/style/Circle.js';
import Stroke from 'ol/style/Stroke.js';
import Style, { type StyleFunction } from 'ol/style/Style.js';
import type { FeatureCollection, Geometry } from 'geojson';
import { geojson } from '../map/sources.ts';
import { shelterStyle } from '../map/styles.ts';
import {
  assignmentStyle,
  catchmentStyle,
  depotGapLook,
  gapAreaStyle,
  overloadedLook,
  pointStyle,
  sitingStyle,
  townStyle,
  unassignedLook,
  uncoveredSiteLook,
  uncoveredVillageLook,
  unsafeShelterLook,
  type PointLook,
} from './analysis-styles.ts';
import { INDICATOR, type Indicator, type IndicatorId } from './town-figures.ts';

export const GROUPS = ['coverage', 'catchments', 'siting', 'draft'] as const;
export type GroupId = (typeof GROUPS)[number];

export const ANALYSIS_LAYERS = [
  'town_coverage', 'gap_areas', 'uncovered_sites', 'uncovered_villages', 'unsafe_shelters', 'overloaded', 'depot_gaps',
  'town_placed', 'catchments', 'assignments', 'unassigned',
  'siting',
  'draft',
] as const;
export type AnalysisLayerId = (typeof ANALYSIS_LAYERS)[number];

/** Town figures give way to single points from here (town scale and closer). */
export const TOWNS_UNTIL_ZOOM = 12.5;
/** Points show in groups above this zoom… */
export const GROUPS_FROM_ZOOM = 11;
/** …and one by one above this one. */
export const POINTS_FROM_ZOOM = 14;
/** Lines from a site to its shelter above this zoom. */
export const LINES_FROM_ZOOM = 13;

export interface LayerDef {
  id: AnalysisLayerId;
  group: GroupId;
  kind: 'towns' | 'area' | 'points' | 'lines';
  look?: PointLook;
  /** Shown when its analysis runs (else listed, unticked: a secondary question). */
  on: boolean;
}

const def = (id: AnalysisLayerId, group: GroupId, kind: LayerDef['kind'], look?: PointLook, on = true): LayerDef => ({ id, group, kind, look, on });
export const LAYER_DEFS: readonly LayerDef[] = [
  def('town_coverage', 'coverage', 'towns'),
  def('gap_areas', 'coverage', 'area'),
  def('uncovered_villages', 'coverage', 'points', uncoveredVillageLook, false),
  def('uncovered_sites', 'coverage', 'points', uncoveredSiteLook),
  def('depot_gaps', 'coverage', 'points', depotGapLook, false),
  def('overloaded', 'coverage', 'points', overloadedLook),
  def('unsafe_shelters', 'coverage', 'points', unsafeShelterLook),
  def('town_placed', 'catchments', 'towns'),
  def('catchments', 'catchments', 'area'),
  def('assignments', 'catchments', 'lines'),
  def('unassigned', 'catchments', 'points', unassignedLook),
  def('siting', 'siting', 'area'),
  def('draft', 'draft', 'area'),
];

/** Draft shelters: the usual symbol on a dashed ring; switched-off ones crossed out. */
const draftRing = new Style({ image: new CircleStyle({ radius: 15, stroke: new Stroke({ color: '#0b4f8a', width: 2.5, lineDash: [4, 3] }) }) });
export function draftStyle(f: FeatureLike): Style[] {
  const p = f.getProperties();
  const out = [draftRing, shelterStyle(String(p.shelter_type), String(p.status))];
  if (p.draft_op === 'off') out.push(...(unsafeShelterLook.single('#b71c1c', {}) as Style[]).slice(1));
  return out;
}

export interface AnalysisLayers {
  /** The features of each layer (the data, before grouping). */
  sources: Record<AnalysisLayerId, VectorSource<Feature>>;
  /** The OpenLayers layers drawing a layer (points: the groups and the single points). */
  olLayers: Record<AnalysisLayerId, VectorLayer<VectorSource<Feature>>[]>;
  set(id: AnalysisLayerId, fc: FeatureCollection<Geometry | null> | null): void;
  setFeatures(id: AnalysisLayerId, features: Feature[]): void;
  /** Whether a layer has been given data by a run (an empty answer counts). */
  has(id: AnalysisLayerId): boolean;
  visible(id: AnalysisLayerId): boolean;
  setVisible(id: AnalysisLayerId, on: boolean): void;
  /** Shows a group's layers and hides the other analyses' (the draft stays). */
  showOnly(group: GroupId): void;
  /** The indicator the towns of a group are coloured by. */
  indicator(group: 'coverage' | 'catchments'): Indicator;
  setIndicator(id: IndicatorId): void;
  /** Calls `f` after any change of data, visibility or indicator. */
  onChange(f: () => void): void;
  attach(): void;
  detach(): void;
}

export function createAnalysisLayers(map: Map): AnalysisLayers {
  const sources = {} as AnalysisLayers['sources'];
  const olLayers = {} as AnalysisLayers['olLayers'];
  const given = new Set<AnalysisLayerId>();
  const listeners: Array<() => void> = [];
  const changed = () => listeners.forEach((f) => f());
  let coverageIndicator: Indicator = INDICATOR.coverage;

  LAYER_DEFS.forEach((d, i) => {
    const source = new VectorSource<Feature>();
    sources[d.id] = source;
    const z = 5 + i / 20;
    const props = { analysis: d.id };
    if (d.kind === 'points' && d.look) {
      const style = pointStyle(d.look);
      olLayers[d.id] = [
        new VectorLayer({ source: new Cluster({ source, distance: 56, minDistance: 16 }) as unknown as VectorSource<Feature>, style, zIndex: z, minZoom: GROUPS_FROM_ZOOM, maxZoom: POINTS_FROM_ZOOM, properties: props }),
        new VectorLayer({ source, style, zIndex: z, minZoom: POINTS_FROM_ZOOM, properties: props }),
      ];
    } else {
      const style: StyleFunction =
        d.kind === 'towns'
          ? townStyle(() => (d.id === 'town_placed' ? INDICATOR.placed : coverageIndicator))
          : d.id === 'gap_areas'
            ? () => gapAreaStyle()
            : d.id === 'catchments'
              ? catchmentStyle
              : d.id === 'assignments'
                ? assignmentStyle
                : d.id === 'siting'
                  ? sitingStyle
                  : draftStyle;
      olLayers[d.id] = [
        new VectorLayer({
          source,
          style,
          zIndex: d.kind === 'towns' ? 4.9 : z,
          declutter: d.kind === 'towns', // town labels never overlap
          maxZoom: d.kind === 'towns' ? TOWNS_UNTIL_ZOOM : undefined,
          minZoom: d.kind === 'lines' ? LINES_FROM_ZOOM : undefined,
          properties: props,
        }),
      ];
    }
  });

  const setVisible = (id: AnalysisLayerId, on: boolean) => {
    for (const l of olLayers[id]) l.setVisible(on);
  };
  return {
    sources,
    olLayers,
    set(id, fc) {
      // Null geometries (a catchment cell outside the city) have nothing to draw.
      this.setFeatures(id, fc ? (geojson.readFeatures({ ...fc, features: fc.features.filter((f) => f.geometry) }) as Feature[]) : []);
      if (!fc) given.delete(id);
    },
    setFeatures(id, features) {
      sources[id].clear(true);
      sources[id].addFeatures(features);
      given.add(id);
      changed();
    },
    has: (id) => given.has(id),
    visible: (id) => olLayers[id][0].getVisible(),
    setVisible(id, on) {
      setVisible(id, on);
      changed();
    },
    showOnly(group) {
      for (const d of LAYER_DEFS) if (d.group !== 'draft') setVisible(d.id, d.group === group && d.on);
      changed();
    },
    indicator: (group) => (group === 'catchments' ? INDICATOR.placed : coverageIndicator),
    setIndicator(id) {
      coverageIndicator = INDICATOR[id];
      sources.town_coverage.changed();
      changed();
    },
    onChange(f) {
      listeners.push(f);
    },
    attach() {
      const on = map.getLayers().getArray();
      for (const d of LAYER_DEFS) for (const l of olLayers[d.id]) if (!on.includes(l)) map.addLayer(l);
    },
    detach() {
      for (const d of LAYER_DEFS) for (const l of olLayers[d.id]) map.removeLayer(l);
    },
  };
}
