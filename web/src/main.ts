/**
 * Entry: the evacuation card at /card/{code}, the map everywhere else. The registry and the
 * signed-in user are fetched while the page's code loads.
 */
import './styles/base.css';
import { lang } from './i18n.ts';
import { loadRegistry } from './registry.ts';
import { whoAmI } from './session.ts';

document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
const root = document.getElementById('app') as HTMLElement;
const registry = loadRegistry();
const me = whoAmI().catch(() => null);
const card = /^\/card\/([^/]+)\/?$/.exec(location.pathname);

async function start(): Promise<void> {
  if (card) {
    const { showCard } = await import('./card/card-page.ts');
    await showCard(root, decodeURIComponent(card[1]), await registry, await me);
  } else {
    const { startMapApp } = await import('./app/map-app.ts');
    await startMapApp(root, await registry, await me);
  }
}

start().catch((e: unknown) => {
  root.removeAttribute('aria-busy');
  root.replaceChildren();
  const p = document.createElement('p');
  p.className = 'fatal';
  p.setAttribute('role', 'alert');
  p.textContent = `${lang() === 'zh' ? '加载失败' : 'Failed to load'}: ${e instanceof Error ? e.message : String(e)}`;
  root.append(p);
});
