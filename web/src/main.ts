/**
 * Entry: the evacuation card at /card/{code}, the planner's printable report at
 * /planner?view=report, the shelter check-in page at /shelter/{id}, the village cadre's page at
 * /cadre, the map everywhere else. The registry and the signed-in user are fetched while the
 * page's code loads. The public pages (the map at /, the cards) and the cadre's page register the
 * service worker that lets them open again without a signal.
 */
import './styles/base.css';
import { lang, t } from './i18n.ts';
import { errorText } from './ui/error-text.ts';
import { loadRegistry } from './registry.ts';
import { whoAmI } from './session.ts';
import { registerServiceWorker } from './offline/service-worker.ts';

document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
const root = document.getElementById('app') as HTMLElement;
const cadre = /^\/cadre\/?$/.test(location.pathname);
// The cadre's page needs no layer registry, and must open where it cannot be read.
const early = cadre ? null : loadRegistry();
const registry = () => early ?? loadRegistry();
/** Who is signed in, and whether the server answered at all (without a signal the cadre's page opens from what the phone kept). */
const session = whoAmI().then(
  (p) => ({ me: p, reached: true }),
  () => ({ me: null, reached: false }),
);
const me = session.then((s) => s.me);
const card = /^\/card\/([^/]+)\/?$/.exec(location.pathname);
const shelter = /^\/shelter(?:\/(\d+))?\/?$/.exec(location.pathname);
const offlinePage = Boolean(card) || location.pathname === '/' || cadre;
const report = /^\/planner\/?$/.test(location.pathname) && new URLSearchParams(location.search).get('view') === 'report';

async function start(): Promise<void> {
  if (card) {
    const { showCard } = await import('./card/card-page.ts');
    await showCard(root, decodeURIComponent(card[1]), await registry(), await me);
  } else if (shelter) {
    const { showShelterPage } = await import('./operations/shelter-page.ts');
    await showShelterPage(root, shelter[1] ? Number(shelter[1]) : null, await registry(), await me);
  } else if (cadre) {
    const { showCadrePage } = await import('./cadre/cadre-page.ts');
    await showCadrePage(root, await session);
  } else if (report) {
    const { showReport } = await import('./report/report-page.ts');
    await showReport(root, await registry(), await me);
  } else {
    const { startMapApp } = await import('./app/map-app.ts');
    await startMapApp(root, await registry(), await me);
  }
}

function fatal(e: unknown): void {
  root.removeAttribute('aria-busy');
  root.replaceChildren();
  const p = document.createElement('p');
  p.className = 'fatal';
  p.setAttribute('role', 'alert');
  p.textContent = t('loadFailed', { m: errorText(e) });
  root.append(p);
}

start().then(() => {
  // Once the page has drawn, so that what it loaded is there to keep.
  if (offlinePage) void (window.__onemap?.ready ?? window.__onemapCard?.mapReady ?? Promise.resolve()).catch(() => undefined).then(registerServiceWorker);
}, fatal);
