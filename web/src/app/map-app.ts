/**
 * The "one map" page: header (search, language, sign-in), the map with its legend and, during a
 * warning, the warnings in force and the shelters' places left (kept current by the public live
 * stream), and a side panel — "where do I go?" for everyone, the planning, geohazard and
 * evacuation workspaces for staff (loaded only when a signed-in user opens them).
 */
import 'ol/ol.css';
import type Map from 'ol/Map.js';
import type { Registry } from '../registry.ts';
import { lang, onLang, setLang, t, type UiKey } from '../i18n.ts';
import { createBasemap } from '../map/basemap.ts';
import { createMap } from '../map/create-map.ts';
import { drawnFeatures } from '../map/drawn-features.ts';
import { drawnLines, type DrawnLine } from '../map/drawn-lines.ts';
import { PUBLIC_LAYER_IDS, createPublicLayers, type PublicLayers } from '../map/public-layers.ts';
import { fill, h } from '../ui/dom.ts';
import { mountLegend } from '../ui/legend.ts';
import { openLoginDialog } from '../ui/login-dialog.ts';
import { mountSearch } from '../ui/search-box.ts';
import { announce, mountStatus } from '../ui/status.ts';
import { mountWhereToGo, type WhereToGo } from '../ui/where-to-go.ts';
import { mayGrade, mayPlan, mayRunOperations, signOut, type Principal } from '../session.ts';
import { mountWarningBanner } from '../ui/warning-banner.ts';
import { PUBLIC_LIVE, subscribe, type VacancyChange } from '../live.ts';
import type { AppContext, Workspace } from '../workspace.ts';
import { errorText } from '../ui/error-text.ts';

type TabId = 'where' | 'planner' | 'geohazard' | 'operations';

/** A handle on the running page for diagnostics and the end-to-end tests. */
export interface OneMapHandle {
  map: Map;
  layers: PublicLayers;
  where: WhereToGo;
  counts(): Record<string, number>;
  /** Features drawn now by each layer whose `key` property names it (default: the analysis layers; 'id': the public ones). */
  drawn(key?: string): Record<string, number>;
  /** Properties of up to `max` features of a layer, as the page holds them. */
  properties(id: string, max: number): Record<string, unknown>[];
  /** Up to `max` lines of an analysis layer, in lon/lat, with their properties. */
  lines(id: string, max: number): DrawnLine[];
  ready: Promise<void>;
  workspace(id: TabId): Promise<Workspace | null>;
}

declare global {
  interface Window {
    __onemap?: OneMapHandle;
  }
}

export async function startMapApp(root: HTMLElement, reg: Registry, me: Principal | null): Promise<void> {
  const header = h('header', { class: 'topbar' });
  const mapEl = h('div', { id: 'map', class: 'map' });
  const panel = h('aside', { class: 'panel', id: 'panel' });
  const main = h('main', { id: 'main', class: 'layout' }, mapEl, panel);
  fill(root, header, main);
  root.removeAttribute('aria-busy');
  mountStatus(document.body);

  const basemap = createBasemap(reg.doc.basemap);
  const map = createMap(mapEl, basemap.layers);
  basemap.onOffline(() => announce(t('basemapOffline')));
  const layers = await createPublicLayers(map);
  void layers.ready().then(() => {
    const failed = layers.failures();
    if (failed.length) announce(t('loadFailed', { m: failed.map((id) => reg.title(id)).join(', ') }), 'error', 10000);
  });
  onLang(() => {
    for (const id of PUBLIC_LAYER_IDS) layers.layers[id].changed(); // labels follow the language
  });

  // header
  const title = h('h1', { class: 'title' });
  const langBtn = h('button', { type: 'button', class: 'lang', id: 'lang-switch' });
  langBtn.addEventListener('click', () => setLang(lang() === 'zh' ? 'en' : 'zh'));
  const auth = h('div', { class: 'auth' });
  header.append(title);
  const where = mountWhereToGo(map, reg, layers);
  mountSearch(header, map, reg, (hit) => {
    if (hit.layer !== 'shelters') return;
    const f = layers.shelters.getFeatureById(hit.id);
    if (f) where.showShelter(f.getProperties());
    select('where');
  });
  header.append(langBtn, auth);
  mountLegend(mapEl, reg, layers);
  mountWarningBanner(mapEl, reg, layers);
  followLive(layers);

  // panel tabs
  const tabs = h('div', { class: 'tabs', role: 'tablist' });
  const body = h('div', { class: 'tab-body' });
  panel.append(tabs, body);
  const loaded = new globalThis.Map<TabId, Promise<Workspace | null>>();
  let current: TabId = 'where';
  let currentWs: Workspace | null = null;

  const loadWorkspace = (id: TabId): Promise<Workspace | null> => {
    if (id === 'where' || !me) return Promise.resolve(null);
    let p = loaded.get(id);
    if (!p) {
      const ctx: AppContext = { map, reg, layers, me };
      p = (
        id === 'planner'
          ? import('../planner/planner-panel.ts').then((m) => m.mountPlanner(ctx))
          : id === 'operations'
            ? import('../operations/operations-panel.ts').then((m) => m.mountOperations(ctx))
            : import('../geohazard/geohazard-panel.ts').then((m) => m.mountGeohazard(ctx))
      ).catch(
        (e: unknown) => {
          announce(t('loadFailed', { m: errorText(e) }), 'error');
          loaded.delete(id);
          return null;
        },
      );
      loaded.set(id, p);
    }
    return p;
  };

  async function select(id: TabId, push = true): Promise<void> {
    current = id;
    currentWs?.deactivate();
    currentWs = null;
    for (const b of tabs.querySelectorAll('button')) b.setAttribute('aria-selected', String(b.dataset.tab === id));
    if (push) history.replaceState(null, '', id === 'where' ? '/' : `/${id}`);
    // The workspaces bring their own legend; the public one folds away to free the map.
    const legend = mapEl.querySelector('details.legend') as HTMLDetailsElement | null;
    if (legend && id !== 'where') legend.open = false;
    if (id === 'where') {
      fill(body, where.element);
      return;
    }
    fill(body, h('p', { class: 'busy' }, t('running')));
    const ws = await loadWorkspace(id);
    if (current !== id) return;
    if (!ws) return fill(body, h('p', { class: 'error' }, t('needRole', { role: t(id === 'planner' ? 'role_planner' : id === 'operations' ? 'role_duty' : 'role_geohazard') })));
    currentWs = ws;
    fill(body, ws.element);
    ws.activate();
  }

  const renderTabs = () => {
    const available: Array<[TabId, UiKey]> = [['where', 'whereToGo']];
    if (mayPlan(me)) available.push(['planner', 'planner']);
    if (mayGrade(me)) available.push(['geohazard', 'geohazard']);
    if (mayRunOperations(me)) available.push(['operations', 'operations']);
    fill(
      tabs,
      ...available.map(([id, key]) => {
        const b = h('button', { type: 'button', role: 'tab', 'data-tab': id, id: `tab-${id}`, 'aria-selected': String(id === current) }, t(key));
        b.addEventListener('click', () => void select(id));
        return b;
      }),
    );
    tabs.hidden = available.length === 1;
  };

  const renderAuth = () => {
    if (me) {
      const out = h('button', { type: 'button', id: 'sign-out' }, t('signOut'));
      out.addEventListener('click', async () => {
        await signOut().catch(() => undefined);
        location.assign('/');
      });
      fill(auth, h('span', { class: 'who' }, t('signedInAs', { name: me.name, role: t(`role_${me.role}` as UiKey) })), out);
    } else {
      const inBtn = h('button', { type: 'button', id: 'sign-in' }, t('signIn'));
      inBtn.addEventListener('click', () => openLoginDialog(signedIn));
      fill(auth, inBtn);
    }
  };

  function signedIn(p: Principal) {
    me = p;
    loaded.clear();
    renderAuth();
    renderTabs();
    const asked = (['geohazard', 'planner', 'operations'] as const).find((w) => location.pathname.startsWith(`/${w}`));
    const wanted: TabId = asked ?? (mayPlan(p) ? 'planner' : mayGrade(p) ? 'geohazard' : mayRunOperations(p) ? 'operations' : 'where');
    // Staff see private attributes: read the registry again before opening a workspace.
    void reg.refresh().then(() => select(wanted), () => select(wanted));
  }

  onLang(() => {
    title.textContent = t('appTitle');
    document.title = `${t('appTitle')} · OneMap`;
    langBtn.textContent = t('language');
    langBtn.setAttribute('aria-label', t('languageSwitch'));
    renderAuth();
    renderTabs();
    if (current === 'where') fill(body, where.element);
  });

  const path = location.pathname.replace(/\/$/, '');
  const start: TabId = path === '/planner' ? 'planner' : path === '/geohazard' ? 'geohazard' : path === '/operations' ? 'operations' : 'where';
  await select(start, false);
  if (start !== 'where' && !me) openLoginDialog(signedIn);

  const ready = layers.ready().then(
    () =>
      new Promise<void>((resolve) => {
        map.once('rendercomplete', () => {
          performance.mark('onemap:rendered');
          document.body.dataset.ready = 'true';
          resolve();
        });
        map.render();
      }),
  );
  window.__onemap = {
    map,
    layers,
    where,
    ready,
    counts: () => Object.fromEntries(PUBLIC_LAYER_IDS.map((id) => [id, layers.count(id)])),
    drawn: (key = 'analysis') => drawnFeatures(map, key),
    lines: (id, max) => drawnLines(map, id, max),
    workspace: (id) => loadWorkspace(id),
    properties: (id, max) => ((PUBLIC_LAYER_IDS as readonly string[]).includes(id) ? layers.properties(id as (typeof PUBLIC_LAYER_IDS)[number], max) : []),
  };
}

/**
 * The public live stream keeps the map current without a reload: warnings that change are read
 * again (an expired one drops off), shelters' occupancy and places left are set as they come.
 */
function followLive(layers: PublicLayers): void {
  subscribe(PUBLIC_LIVE, 'warnings', () => void layers.warnings.reload(true));
  subscribe(PUBLIC_LIVE, 'vacancies', (data) => {
    for (const s of (data as { shelters?: VacancyChange[] } | null)?.shelters ?? []) {
      layers.shelters.getFeatureById(s.id)?.setProperties({ occupancy: s.occupancy, vacancies: s.vacancies });
    }
  });
  subscribe(PUBLIC_LIVE, 'reload', () => {
    void layers.warnings.reload(true);
    void layers.shelters.reload(true);
  });
}
