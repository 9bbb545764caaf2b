/**
 * The public pages' service worker (/sw.js): registered by the map and the card page so that
 * they open again without a signal. On the first visit the page was loaded before the worker
 * existed: once the worker runs, the page hands it the addresses it loaded (its code, the public
 * layers, the tiles in view) to keep. The worker keeps only anonymous public reads.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).then(
    async () => {
      const ready = await navigator.serviceWorker.ready;
      ready.active?.postMessage({ type: 'keep', urls: loadedUrls() });
    },
    (e: unknown) => console.warn('service worker:', e),
  );
}

/** Same-origin addresses this page has loaded so far (the worker picks the public ones). */
function loadedUrls(): string[] {
  const urls = performance.getEntriesByType('resource').map((e) => e.name);
  return [...new Set(urls)].filter((u) => u.startsWith(location.origin));
}

/** Asks the worker to keep what the page loaded since (tiles viewed after a move, say). */
export function keepLoaded(): void {
  navigator.serviceWorker?.controller?.postMessage({ type: 'keep', urls: loadedUrls() });
}
