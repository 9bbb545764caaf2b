/**
 * Another site's map page, as a third party would host it: a tiny static server on its own
 * loopback port (so its origin differs from OneMap's) serving MapLibre GL from node_modules and
 * one page. The page records what a map author would see (MapLibre's `error` events, `load`),
 * and exposes `window.showThirdPartyMap(style, view)`, which resolves at the map's first `idle`.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';

declare global {
  interface Window {
    thirdPartyReady?: boolean;
    thirdPartyMap?: MapLibreMap;
    /** The messages of MapLibre's `error` events. */
    thirdPartyMapErrors?: string[];
    showThirdPartyMap?(style: StyleSpecification, view: { center: [number, number]; zoom: number }): Promise<{ loaded: boolean }>;
  }
}

const DIST = path.resolve(import.meta.dirname, '../../../node_modules/maplibre-gl/dist');

/** The files the page needs: the library, the worker it starts (next to it, by URL), the stylesheet. */
const FILES: Record<string, string> = {
  'maplibre-gl.mjs': 'text/javascript; charset=utf-8',
  'maplibre-gl-worker.mjs': 'text/javascript; charset=utf-8',
  'maplibre-gl.css': 'text/css; charset=utf-8',
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>A third-party map of OneMap's tiles</title>
<link rel="stylesheet" href="/maplibre-gl/maplibre-gl.css">
<style>html, body, #map { margin: 0; width: 100%; height: 100%; }</style>
</head>
<body>
<div id="map"></div>
<script type="module">
import { Map } from '/maplibre-gl/maplibre-gl.mjs';
window.thirdPartyMapErrors = [];
window.showThirdPartyMap = (style, view) => new Promise((resolve) => {
  const map = new Map({ container: 'map', style, center: view.center, zoom: view.zoom, fadeDuration: 0, attributionControl: false });
  window.thirdPartyMap = map;
  let loaded = false;
  map.on('load', () => { loaded = true; });
  map.on('error', (e) => window.thirdPartyMapErrors.push(String(e.error && e.error.message ? e.error.message : e.error)));
  map.once('idle', () => resolve({ loaded }));
});
window.thirdPartyReady = true;
</script>
</body>
</html>`;

export interface MapLibrePage {
  /** The page's origin, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

export async function startMapLibrePage(): Promise<MapLibrePage> {
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://page').pathname;
    if (pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    const name = pathname.replace(/^\/maplibre-gl\//, '');
    const type = FILES[name];
    if (!pathname.startsWith('/maplibre-gl/') || !type) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': type });
    fs.createReadStream(path.join(DIST, name)).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
