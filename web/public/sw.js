/* global self, caches, fetch, Request, URL */
/**
 * The public map without a signal. This worker keeps what an anonymous visitor has seen — the
 * page itself, its built code, the public layers (shelters, warnings, towns, villages), the layer
 * registry, the vector tiles viewed and the evacuation cards opened — and serves it back when the
 * network is gone. Data and pages are asked of the network first (the cache only answers when it
 * fails); the content-hashed code and versioned tiles, which never change, come from the cache
 * first. Nothing else passes through it: staff answers (marked private or no-store by the server,
 * or sent with a token), writes, the live stream and analyses always go to the network.
 * Plain JavaScript: the browser loads it as it is, from /sw.js.
 */
const CACHE = 'onemap-public-v1';

/** Pages the public opens (all answered with index.html). */
const PAGES = [/^\/$/, /^\/card\/[^/]{1,40}$/];
/** Public reads the map and the card page make. */
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

async function remember(request, response) {
  if (!keepable(response)) return;
  const cache = await caches.open(CACHE);
  await cache.put(request, response);
}

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  // Vary names Cookie and Authorization: only anonymous answers are stored, so it may be ignored.
  const hit = await cache.match(request, { ignoreVary: true });
  // Every public page is the same index.html: the map's copy serves a card's address too.
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
  // The map's page, so that a reload without a signal has something to start from.
  event.waitUntil(
    fetch('/', { credentials: 'same-origin' })
      .then((res) => remember(new Request('/'), res))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  // A new worker's cache name drops what older ones kept.
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('onemap-') && n !== CACHE).map((n) => caches.delete(n))))
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
    caches.open(CACHE).then((cache) =>
      Promise.all(
        requests.map(async (request) => {
          if (immutable(new URL(request.url)) && (await cache.match(request, { ignoreVary: true }))) return;
          const response = await fetch(request).catch(() => null);
          if (response && keepable(response)) await cache.put(request, response);
        }),
      ),
    ),
  );
});
