/**
 * The card's small map of the way: the house, the designated shelter and the straight line
 * between them over OneMap's own towns, villages and hazard zones (and the basemap, when one is
 * configured). Static — no dragging — so that the page scrolls on a phone and prints as seen.
 */
import 'ol/ol.css';
import Feature from 'ol/Feature.js';
import Map from 'ol/Map.js';
import View from 'ol/View.js';
import Point from 'ol/geom/Point.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import ScaleLine from 'ol/control/ScaleLine.js';
import Attribution from 'ol/control/Attribution.js';
import { buffer } from 'ol/extent.js';
import { fromLonLat, transformExtent } from 'ol/proj.js';
import type { Feature as GeoFeature } from 'geojson';
import { getJson } from '../api.ts';
import type { Registry } from '../registry.ts';
import { createBasemap } from '../map/basemap.ts';
import { geojson } from '../map/sources.ts';
import { highlightedShelterStyle, routeStyle, siteStyle, townFeatureStyle, villageFeatureStyle, zoneFeatureStyle } from '../map/styles.ts';
import type { Card } from './card-types.ts';

async function itemsIn(collection: string, bbox: number[]): Promise<Feature[]> {
  const res = await getJson<{ features: GeoFeature[] }>(`/ogc/collections/${collection}/items?limit=1000&bbox=${bbox.map((v) => v.toFixed(5)).join(',')}`);
  return geojson.readFeatures({ type: 'FeatureCollection', features: res.features }) as Feature[];
}

export async function drawCardMap(target: HTMLElement, card: Card, reg: Registry): Promise<void> {
  const site = new Feature(new Point(fromLonLat(card.site.geometry.coordinates)));
  site.setStyle(siteStyle(card.grade.grade, 8));
  const overlay = new VectorSource<Feature>({ features: [site] });
  if (card.shelter) {
    const line = geojson.readFeature(card.shelter.line) as Feature;
    line.setStyle(routeStyle);
    const shelter = geojson.readFeature(card.shelter.shelter) as Feature;
    shelter.setStyle(highlightedShelterStyle);
    overlay.addFeatures([line, shelter]);
  }
  const extent = buffer(overlay.getExtent() ?? site.getGeometry()!.getExtent(), 400); // the site is always there
  const bbox = transformExtent(buffer(extent, 1500), 'EPSG:3857', 'EPSG:4326');
  const zones = new VectorSource<Feature>();
  const towns = new VectorSource<Feature>();
  const villages = new VectorSource<Feature>();
  const basemap = createBasemap(reg.doc.basemap);
  const map = new Map({
    target,
    controls: [new Attribution({ collapsible: false }), new ScaleLine({ units: 'metric' })],
    interactions: [],
    layers: [
      ...basemap.layers,
      new VectorLayer({ source: towns, style: townFeatureStyle }),
      new VectorLayer({ source: zones, style: zoneFeatureStyle }),
      new VectorLayer({ source: villages, style: villageFeatureStyle, declutter: true }),
      new VectorLayer({ source: overlay }),
    ],
    view: new View({ projection: 'EPSG:3857' }),
  });
  map.getView().fit(extent, { padding: [24, 24, 24, 24], maxZoom: 16 });
  const [z, tw, v] = await Promise.all([itemsIn('hazard_zones', bbox), itemsIn('towns', bbox), itemsIn('villages', bbox)]).catch(() => [[], [], []] as Feature[][]);
  zones.addFeatures(z);
  towns.addFeatures(tw);
  villages.addFeatures(v);
  // Printing changes the page width: redraw the map at its printed size.
  window.addEventListener('beforeprint', () => {
    map.updateSize();
    map.renderSync();
  });
  await new Promise<void>((resolve) => {
    map.once('rendercomplete', () => resolve());
    map.render();
  });
}
