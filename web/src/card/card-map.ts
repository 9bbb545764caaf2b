/**
 * The card's small map of the way: the house, the designated shelter and the way between them
 * along the roads over OneMap's own towns, villages and hazard zones (and the basemap, when one is
 * configured).
 */
import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { buffer } from 'ol/extent.js';
import { fromLonLat, transformExtent } from 'ol/proj.js';
import type { Feature as GeoFeature } from 'geojson';
import { getJson } from '../api.ts';
import type { Registry } from '../registry.ts';
import { geojson } from '../map/sources.ts';
import { rendered, staticMap } from '../map/static-map.ts';
import { drawnPositions, routeFeature } from '../map/route-feature.ts';
import { highlightedShelterStyle, siteStyle, townFeatureStyle, villageFeatureStyle, zoneFeatureStyle } from '../map/styles.ts';
import type { Card } from './card-types.ts';

async function itemsIn(collection: string, bbox: number[]): Promise<Feature[]> {
  const res = await getJson<{ features: GeoFeature[] }>(`/ogc/collections/${collection}/items?limit=1000&bbox=${bbox.map((v) => v.toFixed(5)).join(',')}`);
  return geojson.readFeatures({ type: 'FeatureCollection', features: res.features }) as Feature[];
}

/** Draws the card's map; resolves, once drawn, to the positions of the way it drew (lon/lat). */
export async function drawCardMap(target: HTMLElement, card: Card, reg: Registry): Promise<number[][] | null> {
  const site = new Feature(new Point(fromLonLat(card.site.geometry.coordinates)));
  site.setStyle(siteStyle(card.grade.grade, 8));
  const overlay = new VectorSource<Feature>({ features: [site] });
  let line: Feature | null = null;
  if (card.shelter) {
    line = routeFeature(card.shelter.line);
    const shelter = geojson.readFeature(card.shelter.shelter) as Feature;
    shelter.setStyle(highlightedShelterStyle);
    overlay.addFeatures([line, shelter]);
  }
  const extent = buffer(overlay.getExtent() ?? site.getGeometry()!.getExtent(), 400); // the site is always there
  const bbox = transformExtent(buffer(extent, 1500), 'EPSG:3857', 'EPSG:4326');
  const zones = new VectorSource<Feature>();
  const towns = new VectorSource<Feature>();
  const villages = new VectorSource<Feature>();
  const map = staticMap(
    target,
    reg,
    [
      new VectorLayer({ source: towns, style: townFeatureStyle }),
      new VectorLayer({ source: zones, style: zoneFeatureStyle }),
      new VectorLayer({ source: villages, style: villageFeatureStyle, declutter: true }),
      new VectorLayer({ source: overlay }),
    ],
    extent,
    24,
    16,
  );
  const [z, tw, v] = await Promise.all([itemsIn('hazard_zones', bbox), itemsIn('towns', bbox), itemsIn('villages', bbox)]).catch(() => [[], [], []] as Feature[][]);
  zones.addFeatures(z);
  towns.addFeatures(tw);
  villages.addFeatures(v);
  await rendered(map);
  return drawnPositions(line);
}
