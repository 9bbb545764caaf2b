/**
 * The household evacuation card (明白卡) at /card/{site code}: the site, its grade and
 * hazards, the designated shelter with its distance and a small map of the way, the monitor
 * to call (only on cards printed by signed-in staff), and the warning signals with what to do.
 * Reads well on a phone and prints on one A4 page (card.css).
 */
import './card.css';
import { ApiError, getJson } from '../api.ts';
import type { Registry } from '../registry.ts';
import { label, lang, numberText, onLang, setLang, t } from '../i18n.ts';
import type { Principal } from '../session.ts';
import { fill, h, type Child } from '../ui/dom.ts';
import { shelterDetails } from '../ui/shelter-details.ts';
import { gradeChip } from '../ui/grade-chip.ts';
import type { Card } from './card-types.ts';
import { errorText } from '../ui/error-text.ts';
import { wayFiguresText } from '../ui/way-figures.ts';

declare global {
  interface Window {
    __onemapCard?: { card: Card; mapReady: Promise<void>; way: Promise<number[][] | null> };
  }
}

const section = (cls: string, title: string, ...children: Child[]) => h('section', { class: `card-section ${cls}` }, h('h2', {}, title), ...children);

function when(iso: string): string {
  return new Date(iso).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export async function showCard(root: HTMLElement, code: string, reg: Registry, _me: Principal | null): Promise<void> {
  document.body.classList.add('card-page');
  let card: Card;
  try {
    card = await getJson<Card>(`/api/cards/${encodeURIComponent(code)}`);
  } catch (e) {
    root.removeAttribute('aria-busy');
    const m = e instanceof ApiError && e.status === 404 ? t('cardNotFound', { code }) : errorText(e);
    fill(root, h('main', { id: 'main', class: 'card' }, h('p', { class: 'error', role: 'alert' }, m), h('a', { href: '/' }, t('cardBack'))));
    return;
  }
  root.removeAttribute('aria-busy');
  const mapBox = h('div', { class: 'card-map', id: 'card-map', role: 'img' });
  const content = h('div', { class: 'card-content' });
  const toolbar = h('div', { class: 'card-toolbar no-print' });
  const main = h('main', { id: 'main', class: 'card' }, toolbar, content);
  fill(root, main);

  const render = () => {
    const p = card.site.properties;
    const townName = (lang() === 'en' && card.town.name_en) || card.town.name || card.town.code;
    const printBtn = h('button', { type: 'button', class: 'primary', id: 'print' }, t('cardPrint'));
    printBtn.addEventListener('click', () => window.print());
    const langBtn = h('button', { type: 'button', id: 'lang-switch', 'aria-label': t('languageSwitch') }, t('language'));
    langBtn.addEventListener('click', () => setLang(lang() === 'zh' ? 'en' : 'zh'));
    fill(toolbar, h('a', { href: '/', class: 'back' }, t('cardBack')), langBtn, printBtn);
    document.title = `${t('cardTitle')} · ${String(p.code)}`;

    const kv = (name: string, value: Child) => h('div', { class: 'kv' }, h('dt', {}, reg.fieldTitle('risk_sites', name)), h('dd', {}, value));
    const s = card.shelter;
    const f = s ? wayFiguresText(s) : null;
    mapBox.setAttribute('aria-label', t('cardWay'));
    fill(
      content,
      h('header', { class: 'card-head' }, h('h1', {}, t('cardTitle')), h('p', { class: 'site-code' }, `${t('cardSite')} ${String(p.code)}`)),
      section(
        'site',
        t('cardSite'),
        h(
          'dl',
          { class: 'details' },
          h('div', { class: 'kv' }, h('dt', {}, t('cardLocation')), h('dd', {}, `${townName} ${String(p.village ?? '')}`)),
          kv('households', numberText(Number(p.households))),
          kv('residents', numberText(Number(p.residents))),
          kv('grade', h('span', {}, gradeChip(reg, card.grade.grade), card.grade.score !== null ? ` ${t('cardScore', { n: card.grade.score })}` : '')),
          kv('rectification_status', reg.valueLabel('risk_sites', 'rectification_status', p.rectification_status)),
        ),
      ),
      section(
        'zones',
        t('cardHazards'),
        card.hazard_zones.length
          ? h(
              'ul',
              { class: 'zones' },
              ...card.hazard_zones.map((z) =>
                h('li', {}, gradeChip(reg, z.grade), ' ', reg.valueLabel('hazard_zones', 'hazard', z.hazard), z.name ? ` · ${z.name}` : '', h('span', { class: 'zone-code' }, ` (${z.code})`)),
              ),
            )
          : h('p', {}, t('cardNoZones')),
      ),
      section(
        'shelter',
        t('cardShelter'),
        s
          ? h(
              'div',
              {},
              h('p', { class: 'shelter-name', 'data-code': String(s.shelter.properties.code) }, h('strong', {}, String(s.shelter.properties.name))),
              h('p', { class: 'figures' }, [f?.distance, f?.walking, f?.offroad].filter(Boolean).join(' · ')),
              shelterDetails(reg, s.shelter.properties),
            )
          : h('p', { class: 'warn' }, t('noShelter')),
        h('div', { class: 'card-map-box' }, h('h3', {}, t('cardWay')), mapBox),
      ),
      section(
        'monitor',
        t('cardMonitor'),
        card.monitor
          ? h(
              'p',
              { class: 'monitor' },
              h('strong', {}, card.monitor.name ?? '—'),
              ' ',
              card.monitor.phone ? h('a', { href: `tel:${card.monitor.phone.replace(/[^0-9+]/g, '')}` }, card.monitor.phone) : '',
            )
          : h('p', { class: 'note' }, t('cardMonitorPublic')),
      ),
      section('danger', t('cardDangerSigns'), h('ul', { class: 'danger' }, ...card.warning_signals.danger_signs[lang()].map((d) => h('li', {}, d)))),
      section(
        'signals',
        `${t('cardSignals')}（${label(card.warning_signals.region)}）`,
        ...card.warning_signals.signals.map((sig) =>
          h(
            'div',
            { class: 'signal' },
            h('h3', {}, label(sig.title)),
            h(
              'table',
              { class: 'signal-table' },
              h(
                'tbody',
                {},
                ...sig.levels.map((lv) =>
                  h(
                    'tr',
                    {},
                    h('th', { scope: 'row', class: `signal-name signal-${lv.colour}` }, label(lv.name)),
                    h('td', {}, h('span', { class: 'meaning' }, label(lv.meaning)), h('ul', {}, ...lv.actions[lang()].map((a) => h('li', {}, a)))),
                  ),
                ),
              ),
            ),
            h('p', { class: 'source' }, `${t('cardSource')}：${label(sig.source)}`),
          ),
        ),
      ),
      h(
        'footer',
        { class: 'card-foot' },
        card.printed_by ? t('cardPrintedBy', { name: card.printed_by, time: when(card.generated_at) }) : t('cardGenerated', { time: when(card.generated_at) }),
      ),
    );
  };
  onLang(render);
  const { drawCardMap } = await import('./card-map.ts');
  const way = drawCardMap(mapBox, card, reg);
  window.__onemapCard = { card, mapReady: way.then(() => undefined), way };
}
