/* global self, caches, fetch, Request, URL */
/**
 * The public map, and the village cadre's page, without a signal. This worker keeps what has been
 * seen — the pages themselves, their built code, the public layers (shelters, warnings, towns,
 * villages), the layer registry, the vector tiles viewed and the evacuation cards opened — and
 * serves it back when the network is gone. Data and pages are asked of the network first (the
 * cache only answers when it fails); the content-hashed code and versioned tiles, which never
 * change, come from the cache first. Nothing else passes through it: staff answers (marked private
 * or no-store by the server, or sent with a token), writes, the live stream and analyses always go
 * to the network. The cadre's task list is a staff answer: the page keeps it itself, on the phone
 * (web/src/cadre/kept-list.ts), never here.
 * Plain JavaScript: the browser loads it as it is, from /sw.js.
 */
/** The page shell (pages and code), the public data, the tiles: each with its own cap. */
const PAGES_CACHE = 'onemap-pages-v2';
const DATA_CACHE = 'onemap-data-v2';
const TILES_CACHE = 'onemap-tiles-v2';

/**
 * Entries kept at most, oldest dropped first. Phones in the villages have little free storage,
 * and what matters offline is the area around the person, not everything once scrolled past.
 * Tiles: the map's two tiled layers ask for about a dozen tiles each per screen and zoom on a
 * phone, so 500 tiles hold some twenty screens (a town and its villages at the zooms people use),
 * a few MB at the sizes these tiles have — and never tens of MB however long the map is used.
 * Pages and code: one build is a few dozen files; the cap leaves room for the build before it
 * (an old page still open) while older builds' files drop out. Data: the dozen public layers and
 * the cards opened; queries beyond those (other filters of a layer) are the first to go.
 */
const LIMITS = { [PAGES_CACHE]: 150, [DATA_CACHE]: 60, [TILES_CACHE]: 500 };

/** Pages opened offline (all answered with index.html): the map, a card, the cadre's page. */
const PAGES = [/^\/$/, /^\/card\/[^/]{1,40}$/, /^\/cadre\/?$/];
/** Public reads the pages make. */
const PUBLIC = [
  /^\/assets\/[\w.-]+$/,
  /^\/favicon\.svg$/,
  /^\/api\/layers$/,
  /^\/api\/cards\/[^/]{1,40}$/,
  /^\/ogc\/collections\/(shelters|warnings|towns|villages|hazard_zones|risk_sites)\/items$/,
  /^\/tiles\/[\w-]+\.json$/,
  /^\/tiles\/[\w-]+\/\d+\/\d+\/\d+\.mvt$/,
];

/** Never change under their URL: content-hashed code, tiles of a named version. */
const immutable = (url) => url.pathname.startsWith('/assets/') || (url.pathname.endsWith('.mvt') && url.searchParams.has('v'));

/** Which cache keeps an answer. */
function cacheOf(request) {
  const url = new URL(request.url);
  if (url.pathname.endsWith('.mvt')) return TILES_CACHE;
  if (request.mode === 'navigate' || url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg') return PAGES_CACHE;
  return DATA_CACHE;
}

/** A page is kept under its path alone: /cadre?op=3 and /cadre?op=4 are the same index.html. */
const keyOf = (request) => (request.mode === 'navigate' ? new URL(request.url).pathname : request);

/** Whether a request is one this worker may answer, and keep. */
function handled(request) {
  if (request.method !== 'GET' || request.headers.has('Authorization')) return false;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return false;
  return (request.mode === 'navigate' ? PAGES : PUBLIC).some((r) => r.test(url.pathname));
}

/** Only whole, same-origin answers meant for anyone: a staff answer says private or no-store. */
function keepable(response) {
  if (!response.ok || response.type !== 'basic' || response.status !== 200) return false;
  return !/private|no-store/i.test(response.headers.get('Cache-Control') ?? '');
}

/** Drops a cache's oldest entries beyond its cap; one trim at a time per cache. */
const trimming = {};
function trim(name) {
  const run = (trimming[name] ?? Promise.resolve())
    .then(async () => {
      const cache = await caches.open(name);
      const keys = await cache.keys(); // in the order they were put
      const excess = keys.length - LIMITS[name];
      if (excess > 0) await Promise.all(keys.slice(0, excess).map((k) => cache.delete(k, { ignoreVary: true })));
    })
    .catch(() => undefined);
  trimming[name] = run;
  return run;
}

async function keep(cacheName, key, response) {
  const cache = await caches.open(cacheName);
  await cache.put(key, response);
  void trim(cacheName);
}

async function remember(request, response) {
  if (!keepable(response)) return;
  await keep(cacheOf(request), keyOf(request), response);
}

async function fromCache(request) {
  const cache = await caches.open(cacheOf(request));
  // Vary names Cookie and Authorization: only anonymous answers are stored, so it may be ignored.
  const hit = await cache.match(keyOf(request), { ignoreVary: true });
  // Every page is the same index.html: the map's copy serves a card's or the cadre's address too.
  if (!hit && request.mode === 'navigate') return cache.match('/', { ignoreVary: true });
  return hit;
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    await remember(request, response.clone()).catch(() => undefined);
    return response;
  } catch (e) {
    const hit = await fromCache(request);
    if (hit) return hit;
    throw e;
  }
}

async function cacheFirst(request) {
  const hit = await fromCache(request);
  if (hit) return hit;
  const response = await fetch(request);
  await remember(request, response.clone()).catch(() => undefined);
  return response;
}

self.addEventListener('install', (event) => {
  // The page, so that a reload without a signal has something to start from.
  event.waitUntil(
    fetch('/', { credentials: 'same-origin' })
      .then((res) => (keepable(res) ? keep(PAGES_CACHE, '/', res) : undefined))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  // A new worker's cache names drop what older ones kept.
  const current = Object.keys(LIMITS);
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('onemap-') && !current.includes(n)).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  if (!handled(event.request)) return;
  const url = new URL(event.request.url);
  event.respondWith(immutable(url) ? cacheFirst(event.request) : networkFirst(event.request));
});

/**
 * What the page loaded before this worker took it over (the first visit): the page sends the
 * addresses, the worker fetches and keeps the public ones (from the browser's HTTP cache mostly).
 */
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'keep' || !Array.isArray(data.urls)) return;
  const requests = data.urls
    .slice(0, 2000)
    .filter((u) => typeof u === 'string')
    .map((u) => new Request(u, { credentials: 'same-origin' }))
    .filter(handled);
  event.waitUntil(
    Promise.all(
      requests.map(async (request) => {
        const cacheName = cacheOf(request);
        if (immutable(new URL(request.url)) && (await (await caches.open(cacheName)).match(request, { ignoreVary: true }))) return;
        const response = await fetch(request).catch(() => null);
        if (response && keepable(response)) await keep(cacheName, request, response);
      }),
    ),
  );
});
