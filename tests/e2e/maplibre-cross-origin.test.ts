/**
 * Another site draws OneMap's public vector tiles with MapLibre GL: a page on a second origin
 * builds a style from every public TileJSON (one per layer and the combined "onemap") and must
 * get a map that loads, draws each layer, counts what the database holds, and never sends or
 * needs credentials. A signed-in browser's session cookie must not open staff routes to that page.
 */
import type { Browser, Page, Request, Response } from 'playwright-core';
import type { LayerSpecification, MapGeoJSONFeature, StyleSpecification } from 'maplibre-gl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYERS } from '../../server/layers/registry.ts';
import type { LayerDefinition } from '../../server/layers/types.ts';
import { COMBINED } from '../../server/tiles/tile-sources.ts';
import { launchBrowser, openPage } from './helpers/browser.ts';
import { startMapLibrePage, type MapLibrePage } from './helpers/maplibre-page.ts';
import { startWebServer, type WebServer } from './helpers/web-server.ts';

type View = { center: [number, number]; zoom: number };
type Bounds = [number, number, number, number];

let server: WebServer;
let other: MapLibrePage;
let browser: Browser;
let page: Page;
let pageErrors: string[];
let sessionCookie: { name: string; value: string };
const consoleLines: string[] = [];
const serviceRequests: Request[] = [];
const serviceResponses: Response[] = [];

/** Every public tile source: each layer, and all of them in one. */
const SOURCES = [...LAYERS.map((l) => l.id), COMBINED];
/** The county sample (Xinyi), whole in a 1280 × 800 view at zoom 9. */
const COUNTY: View = { center: [111.18, 22.45], zoom: 9 };

const layersOf = (source: string): readonly LayerDefinition[] => (source === COMBINED ? LAYERS : LAYERS.filter((l) => l.id === source));

function drawing(layer: LayerDefinition): Pick<LayerSpecification, 'type' | 'paint'> & { type: 'circle' | 'line' | 'fill' } {
  if (layer.geometryType.endsWith('Point')) return { type: 'circle', paint: { 'circle-radius': 3, 'circle-color': '#d7301f' } };
  if (layer.geometryType.endsWith('LineString')) return { type: 'line', paint: { 'line-color': '#555', 'line-width': 1 } };
  return { type: 'fill', paint: { 'fill-color': '#3182bd', 'fill-opacity': 0.3, 'fill-outline-color': '#08519c' } };
}

/** A style as a map author writes it: a vector source per TileJSON URL, a layer per source-layer. */
function style(serviceUrl: string): StyleSpecification {
  const sources: StyleSpecification['sources'] = {};
  const layers: LayerSpecification[] = [];
  for (const s of SOURCES) {
    sources[s] = { type: 'vector', url: `${serviceUrl}/tiles/${s}.json` };
    for (const l of layersOf(s)) layers.push({ id: `${s}/${l.id}`, source: s, 'source-layer': l.id, ...drawing(l) } as LayerSpecification);
  }
  return { version: 8, sources, layers };
}

async function showView(view: View): Promise<void> {
  await page.evaluate(async (v) => {
    const map = window.thirdPartyMap!;
    map.jumpTo(v);
    await new Promise<void>((resolve) => map.once('idle', () => resolve()));
  }, view);
}

/** Distinct features drawn now by each style layer (a polygon cut by tiles counts once). */
async function renderedIds(): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const map = window.thirdPartyMap!;
    const out: Record<string, Set<unknown>> = {};
    for (const f of map.queryRenderedFeatures() as MapGeoJSONFeature[]) (out[f.layer.id] ??= new Set()).add(f.properties.cluster ? `cluster ${String(f.id)} ${JSON.stringify(f.geometry)}` : (f.id ?? f.properties.id));
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.size]));
  });
}

/** Distinct single points of a source-layer that lie in the view, from the tiles MapLibre loaded. */
async function pointsInView(source: string, sourceLayer: string): Promise<{ ids: number; bounds: Bounds }> {
  return page.evaluate(
    ([s, l]) => {
      const map = window.thirdPartyMap!;
      const b = map.getBounds();
      const ids = new Set<unknown>();
      for (const f of map.querySourceFeatures(s, { sourceLayer: l })) {
        if (f.geometry.type !== 'Point' || f.properties.cluster) continue;
        const [x, y] = f.geometry.coordinates;
        if (x >= b.getWest() && x <= b.getEast() && y >= b.getSouth() && y <= b.getNorth()) ids.add(f.id ?? f.properties.id);
      }
      return { ids: ids.size, bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] as [number, number, number, number] };
    },
    [source, sourceLayer] as const,
  );
}

async function countRows(table: string, bounds?: Bounds): Promise<number> {
  let q = server.db.knex(table).whereNull('deleted_at');
  if (bounds) q = q.whereRaw('geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)', bounds);
  const [{ n }] = await q.count<Array<{ n: string | number }>>({ n: '*' });
  return Number(n);
}

/** The shelter with the most others within about 3 km: a town seat, where a close view holds several. */
async function busiestShelter(): Promise<[number, number]> {
  const { rows } = await server.db.knex.raw<{ rows: Array<{ lon: number; lat: number }> }>(
    `SELECT ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat FROM shelters a JOIN shelters b ON ST_DWithin(a.geom, b.geom, 0.03)
     WHERE a.deleted_at IS NULL AND b.deleted_at IS NULL GROUP BY a.id, a.geom ORDER BY count(*) DESC, a.id LIMIT 1`,
  );
  return [Number(rows[0].lon), Number(rows[0].lat)];
}

beforeAll(async () => {
  [server, browser, other] = await Promise.all([startWebServer(), launchBrowser({ webgl: true }), startMapLibrePage()]);
  expect(new URL(other.url).origin).not.toBe(new URL(server.url).origin);
  // A planner signed in to OneMap in this browser: the session cookie is there to be (wrongly) sent.
  const password = await server.addUser('map.author', 'planner');
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'map.author', password }) });
  expect(login.status).toBe(200);
  const [name, value] = login.headers.getSetCookie()[0].split(';')[0].split('=');
  sessionCookie = { name, value };
  ({ page, errors: pageErrors } = await openPage(browser));
  await page.context().addCookies([{ ...sessionCookie, url: server.url }]);
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('request', (r) => void (r.url().startsWith(server.url) && serviceRequests.push(r)));
  page.on('response', (r) => void (r.url().startsWith(server.url) && serviceResponses.push(r)));
  await page.goto(`${other.url}/`);
  await page.waitForFunction(() => window.thirdPartyReady === true);
  // As text: playwright's serialisable types recurse too deep for the style specification's.
  const first = await page.evaluate(([s, v]) => window.showThirdPartyMap!(JSON.parse(s) as StyleSpecification, v), [JSON.stringify(style(server.url)), COUNTY] as const);
  expect(first.loaded).toBe(true);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await other?.close();
  await server?.close();
});

describe('MapLibre GL on another origin', () => {
  it('loads every public TileJSON and fires load and idle without an error', async () => {
    expect(await page.evaluate(() => window.thirdPartyMapErrors)).toEqual([]);
    expect(pageErrors).toEqual([]);
    const loaded = await page.evaluate((sources) => sources.filter((s) => !window.thirdPartyMap!.isSourceLoaded(s)), SOURCES);
    expect(loaded).toEqual([]);
    const tileJsons = serviceResponses.filter((r) => /\/tiles\/[^/]+\.json$/.test(new URL(r.url()).pathname));
    expect(tileJsons.map((r) => new URL(r.url()).pathname.replace(/^\/tiles\/|\.json$/g, '')).sort()).toEqual([...SOURCES].sort());
    for (const r of tileJsons) expect(r.status(), r.url()).toBe(200);
  });

  it('draws each layer with data over the county, and counts every town', async () => {
    const county = await renderedIds();
    await showView({ center: await busiestShelter(), zoom: 13 });
    const close = await renderedIds();
    for (const s of SOURCES) {
      for (const l of layersOf(s)) {
        const id = `${s}/${l.id}`;
        const rows = await countRows(l.table);
        // Roads start at zoom 11; every other layer shows over the whole county.
        const drawn = Math.max(county[id] ?? 0, close[id] ?? 0);
        if (rows === 0) expect(drawn, id).toBe(0);
        else expect(drawn, `${id} (${rows} in the database)`).toBeGreaterThan(0);
      }
      const fromTiles = await page.evaluate(([source, layer]) => window.thirdPartyMap!.querySourceFeatures(source, { sourceLayer: layer }).length, [s, layersOf(s)[0].id] as const);
      if ((await countRows(layersOf(s)[0].table)) > 0) expect(fromTiles, s).toBeGreaterThan(0);
    }
    // The whole county is in the first view: each town is drawn, by the layer's source and by the combined one.
    const towns = await countRows('towns');
    expect(towns).toBeGreaterThan(15);
    expect(county['towns/towns']).toBe(towns);
    expect(county[`${COMBINED}/towns`]).toBe(towns);
  });

  it('holds as many shelters in a close view as the database has in that box', async () => {
    await showView({ center: await busiestShelter(), zoom: 13 });
    for (const source of ['shelters', COMBINED]) {
      const inView = await pointsInView(source, 'shelters');
      const inDb = await countRows('shelters', inView.bounds);
      expect(inDb).toBeGreaterThan(1);
      expect(inView.ids, `${source} in ${inView.bounds.join(',')}`).toBe(inDb);
    }
  });

  it('sent no credentials, and every answer (TileJSON, tiles, empty tiles) let the page read it', async () => {
    expect(serviceRequests.length).toBeGreaterThan(SOURCES.length);
    for (const r of serviceRequests) {
      const headers = await r.allHeaders();
      expect(headers.cookie, r.url()).toBeUndefined();
      expect(headers.authorization, r.url()).toBeUndefined();
      expect(headers.origin, r.url()).toBe(other.url);
    }
    const statuses = new Set<number>();
    for (const r of serviceResponses) {
      statuses.add(r.status());
      expect(await r.headerValue('access-control-allow-origin'), r.url()).toBe('*');
      expect(await r.headerValue('access-control-allow-credentials'), r.url()).toBeNull();
      if (r.status() === 200 && r.url().includes('.mvt')) expect(await r.headerValue('content-type')).toBe('application/vnd.mapbox-vector-tile');
      if (r.url().includes('.json')) expect(await r.headerValue('content-type')).toMatch(/^application\/json/);
    }
    // Empty tiles (the warnings layer, the sea) answer 204, and MapLibre takes them without complaint.
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 204]));
    expect(consoleLines.filter((l) => /CORS|Access-Control|cross-origin|blocked/i.test(l))).toEqual([]);
    expect(await page.evaluate(() => window.thirdPartyMapErrors)).toEqual([]);
  });

  it('does not open a staff route to that origin, even with the signed-in session', async () => {
    // The same cookie works on OneMap's own origin, so the refusal below is the allow-list's doing.
    const own = await fetch(`${server.url}/api/auth/me`, { headers: { Cookie: `${sessionCookie.name}=${sessionCookie.value}` } });
    expect(own.status).toBe(200);
    const fromPage = await page.evaluate(async (url) => {
      try {
        const r = await fetch(`${url}/api/history?collection=shelters`, { credentials: 'include' });
        return `read ${r.status}`;
      } catch (e) {
        return `refused: ${(e as Error).name}`;
      }
    }, server.url);
    expect(fromPage).toBe('refused: TypeError');
    // What the browser saw: the answer gave that origin no CORS grant.
    const cross = await fetch(`${server.url}/api/history?collection=shelters`, { headers: { Origin: other.url, Cookie: `${sessionCookie.name}=${sessionCookie.value}` } });
    expect(cross.headers.get('access-control-allow-origin')).toBeNull();
    expect(cross.headers.get('access-control-allow-credentials')).toBeNull();
    // Nor may a credentialed request read even the public tiles from there.
    const tile = await fetch(`${server.url}/tiles/${COMBINED}.json`, { headers: { Origin: other.url, Cookie: `${sessionCookie.name}=${sessionCookie.value}` } });
    expect(tile.headers.get('access-control-allow-origin')).toBeNull();
  });
});
