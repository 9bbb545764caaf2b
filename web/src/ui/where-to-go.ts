/**
 * "Where do I go?": from a tap on the map or the device's location, ask the server for the
 * quickest usable shelter on foot that is not inside a high hazard zone, then show the way to it
 * along the roads, the distance along that way, the walking time and the shelter's details.
 * Without a signal, the nearest shelter in a straight line from the shelters this phone last
 * received, said plainly to be an offline estimate, with the age of that data.
 */
import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import type Map from 'ol/Map.js';
import { fromLonLat, toLonLat } from 'ol/proj.js';
import { ApiError, getJson } from '../api.ts';
import type { Registry } from '../registry.ts';
import { agoText, onLang, t } from '../i18n.ts';
import { geojson } from '../map/sources.ts';
import { highlightedShelterStyle, youStyle } from '../map/styles.ts';
import { drawnPositions, routeFeature } from '../map/route-feature.ts';
import type { PublicLayers } from '../map/public-layers.ts';
import { fill, h } from './dom.ts';
import { shelterDetails } from './shelter-details.ts';
import { errorText } from './error-text.ts';
import { wayFiguresText } from './way-figures.ts';
import { cachedShelters, isNetworkFailure } from '../offline/cached-shelters.ts';
import { nearestByStraightLine } from '../offline/straight-line-nearest.ts';
import type { NearestShelterAnswer } from '../../../server/analysis-api/contract.ts';

/** The service's answer (server/analysis-api/contract.ts), or one worked out on the phone without a signal. */
export type NearestShelter = Omit<NearestShelterAnswer, 'shelter'> & {
  shelter: Omit<NearestShelterAnswer['shelter'], 'id'> & { id?: number };
  /** Worked out on the phone without a signal: when the shelters it used were received (null: unknown). */
  offline?: { at: Date | null };
};

export interface WhereToGo {
  element: HTMLElement;
  /** Runs the search from a lon/lat (as a tap on the map does). */
  from(lon: number, lat: number): Promise<NearestShelter | null>;
  /** Shows one shelter's details (a tap on a shelter, a search result). */
  showShelter(props: Record<string, unknown>): void;
  /** The last answer, for tests and the card link. */
  last(): NearestShelter | null;
  /** The way drawn on the map now, in lon/lat (null when none). */
  drawnWay(): number[][] | null;
}

export function mountWhereToGo(map: Map, reg: Registry, layers: PublicLayers): WhereToGo {
  const result = h('div', { class: 'result', 'aria-live': 'polite' });
  const locate = h('button', { type: 'button', class: 'primary', id: 'use-location' });
  const heading = h('h2', { id: 'where-heading' });
  const hint = h('p', { class: 'hint' });
  const element = h('section', { class: 'where', 'aria-labelledby': 'where-heading' }, heading, hint, locate, result);
  let last: NearestShelter | null = null;
  let drawn: Feature | null = null;
  let rerender: () => void = () => {};
  let request = 0;

  onLang(() => {
    heading.textContent = t('whereToGo');
    hint.textContent = t('whereHint');
    locate.textContent = t('useLocation');
    rerender();
  });

  const overlay = layers.overlay.getSource();

  const show = (r: NearestShelter | null) => {
    rerender = () => {
      if (!r) return fill(result, h('p', { class: 'warn' }, t('noShelter')));
      const p = r.shelter.properties;
      const f = wayFiguresText(r);
      fill(
        result,
        r.offline
          ? h('p', { class: 'warn', id: 'where-offline' }, t('offlineEstimate'), r.offline.at ? ` ${t('offlineDataAge', { ago: agoText(r.offline.at) })}` : '')
          : null,
        h('h3', { class: 'shelter-name', 'data-code': String(p.code ?? '') }, String(p.name ?? '')),
        h('p', { class: 'figures' }, h('strong', {}, f.distance), ' · ', f.walking, f.offroad ? ` (${f.offroad})` : ''),
        r.excluded_unsafe > 0 ? h('p', { class: 'note' }, t('skippedUnsafe', { n: r.excluded_unsafe })) : null,
        shelterDetails(reg, p),
      );
    };
    rerender();
  };

  async function from(lon: number, lat: number): Promise<NearestShelter | null> {
    const mine = ++request;
    overlay?.clear();
    drawn = null;
    const you = new Feature(new Point(fromLonLat([lon, lat])));
    you.setStyle(youStyle);
    overlay?.addFeature(you);
    rerender = () => fill(result, h('p', { class: 'busy' }, t('finding')));
    rerender();
    try {
      const r = await getJson<NearestShelter>(`/api/analysis/nearest-shelter?lon=${lon.toFixed(6)}&lat=${lat.toFixed(6)}&mode=walk`);
      if (mine !== request) return r;
      last = r;
      if (!r || !r.shelter) {
        show(null);
        return null;
      }
      const line = routeFeature(r.line);
      drawn = line;
      const shelter = geojson.readFeature(r.shelter) as Feature;
      shelter.setStyle(highlightedShelterStyle);
      overlay?.addFeatures([line, shelter]);
      show(r);
      // The answer may have resized the map (a phone's panel grows): fit to its new size.
      const extent = line.getGeometry()?.getExtent();
      if (extent) {
        requestAnimationFrame(() => {
          map.updateSize();
          map.getView().fit(extent, { padding: [60, 60, 60, 60], maxZoom: 16, duration: 300 });
        });
      }
      return r;
    } catch (e) {
      if (mine !== request) return null;
      if (isNetworkFailure(e)) return offline(lon, lat, mine, e);
      const m = e instanceof ApiError && e.status === 404 && e.code === 'not_found' ? t('routeMissing', { route: 'GET /api/analysis/nearest-shelter' }) : errorText(e);
      rerender = () => fill(result, h('p', { class: 'error', role: 'alert' }, t('nearestFailed', { m })));
      rerender();
      return null;
    }
  }

  /** No signal: the straight-line estimate from the shelters kept on the phone. */
  async function offline(lon: number, lat: number, mine: number, cause: unknown): Promise<NearestShelter | null> {
    let kept: Awaited<ReturnType<typeof cachedShelters>>;
    try {
      kept = await cachedShelters();
    } catch {
      if (mine === request) {
        rerender = () => fill(result, h('p', { class: 'error', role: 'alert' }, t('nearestFailed', { m: errorText(cause) }), ' ', t('offlineNoData')));
        rerender();
      }
      return null;
    }
    if (mine !== request) return null;
    const hit = nearestByStraightLine(kept.shelters, lon, lat);
    if (!hit) {
      show(null);
      return null;
    }
    const line: NearestShelter['line'] = { type: 'Feature', geometry: { type: 'LineString', coordinates: [[lon, lat], hit.shelter.geometry.coordinates] }, properties: { distance_m: hit.distance_m } };
    const r: NearestShelter = { shelter: hit.shelter as NearestShelter['shelter'], distance_m: hit.distance_m, walking_minutes: hit.walking_minutes, line, excluded_unsafe: 0, offline: { at: kept.at } };
    last = r;
    drawn = routeFeature(line);
    const shelter = geojson.readFeature(r.shelter) as Feature;
    shelter.setStyle(highlightedShelterStyle);
    overlay?.addFeatures([drawn, shelter]);
    show(r);
    return r;
  }

  locate.addEventListener('click', () => {
    if (!('geolocation' in navigator)) return fill(result, h('p', { class: 'error' }, t('locationDenied', { m: t('geoUnavailable') })));
    fill(result, h('p', { class: 'busy' }, t('locating')));
    navigator.geolocation.getCurrentPosition(
      (pos) => void from(pos.coords.longitude, pos.coords.latitude),
      (err) => fill(result, h('p', { class: 'error', role: 'alert' }, t('locationDenied', { m: t(err.code === 1 ? 'geoDenied' : err.code === 3 ? 'geoTimeout' : 'geoUnavailable') }))),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  });

  map.on('singleclick', (evt) => {
    if (map.get('tool')) return; // a staff tool owns the click
    const hit = map.forEachFeatureAtPixel(evt.pixel, (f) => f, { layerFilter: (l) => l === layers.layers.shelters, hitTolerance: 4 });
    if (hit) {
      showShelter(hit.getProperties());
      return;
    }
    const [lon, lat] = toLonLat(evt.coordinate);
    void from(lon, lat);
  });

  function showShelter(props: Record<string, unknown>) {
    rerender = () => fill(result, h('h3', { class: 'shelter-name', 'data-code': String(props.code ?? '') }, String(props.name ?? '')), shelterDetails(reg, props));
    rerender();
  }

  return { element, from, showShelter, last: () => last, drawnWay: () => drawnPositions(drawn) };
}
