/**
 * Search by shelter, village or town name, in Chinese or pinyin (GET /api/search). An ARIA
 * combobox: type, move with the arrow keys, Enter to go; the map moves to the place.
 */
import type Map from 'ol/Map.js';
import { fromLonLat, transformExtent } from 'ol/proj.js';
import { getJson } from '../api.ts';
import type { Registry } from '../registry.ts';
import { onLang, t } from '../i18n.ts';
import { fill, h } from './dom.ts';
import { errorText } from './error-text.ts';
import type { PlaceHitAnswer } from '../../../server/search/contract.ts';

export type PlaceHit = PlaceHitAnswer;

export function mountSearch(parent: HTMLElement, map: Map, reg: Registry, onPick: (hit: PlaceHit) => void): void {
  const input = h('input', {
    type: 'search', id: 'search', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
    'aria-controls': 'search-results', autocomplete: 'off', enterkeyhint: 'search',
  });
  const labelEl = h('label', { for: 'search', class: 'visually-hidden' });
  const list = h('ul', { id: 'search-results', role: 'listbox', class: 'search-results', hidden: true });
  const box = h('div', { class: 'search', role: 'search' }, labelEl, input, list);
  parent.append(box);
  onLang(() => {
    input.placeholder = t('search');
    labelEl.textContent = t('searchLabel');
  });

  let hits: PlaceHit[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const highlight = (i: number) => {
    active = i;
    [...list.children].forEach((li, k) => li.setAttribute('aria-selected', String(k === i)));
    if (i >= 0) input.setAttribute('aria-activedescendant', `search-hit-${i}`);
  };

  const pick = (hit: PlaceHit) => {
    close();
    input.value = hit.name;
    const view = map.getView();
    if (hit.bbox) view.fit(transformExtent(hit.bbox, 'EPSG:4326', 'EPSG:3857'), { padding: [40, 40, 40, 40], duration: 300 });
    else view.animate({ center: fromLonLat(hit.center), zoom: Math.max(view.getZoom() ?? 10, 14), duration: 300 });
    onPick(hit);
  };

  const render = (q: string) => {
    if (hits.length === 0) {
      fill(list, h('li', { class: 'empty', role: 'option', 'aria-disabled': 'true' }, t('searchNone', { q })));
    } else {
      fill(
        list,
        ...hits.map((hit, i) => {
          const li = h(
            'li',
            { id: `search-hit-${i}`, role: 'option', 'aria-selected': 'false', 'data-layer': hit.layer, 'data-code': hit.code },
            h('span', { class: 'hit-name' }, hit.name),
            hit.name_en ? h('span', { class: 'hit-en' }, ` ${hit.name_en}`) : null,
            h('span', { class: 'hit-kind' }, ` · ${reg.title(hit.layer)}${hit.town_name && hit.layer !== 'towns' ? ` · ${hit.town_name}` : ''}`),
          );
          li.addEventListener('mousedown', (e) => e.preventDefault()); // keep focus in the input
          li.addEventListener('click', () => pick(hit));
          return li;
        }),
      );
    }
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    highlight(-1);
  };

  const run = async () => {
    const q = input.value.trim();
    if (!q) return close();
    const mine = ++seq;
    try {
      const res = await getJson<{ results: PlaceHit[] }>(`/api/search?q=${encodeURIComponent(q)}&limit=8`);
      if (mine !== seq) return;
      hits = res.results;
      render(q);
    } catch (e) {
      if (mine !== seq) return;
      hits = [];
      fill(list, h('li', { class: 'empty', role: 'option', 'aria-disabled': 'true' }, t('searchFailed', { m: errorText(e) })));
      list.hidden = false;
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), 180);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && hits.length) {
      e.preventDefault();
      highlight((active + 1) % hits.length);
    } else if (e.key === 'ArrowUp' && hits.length) {
      e.preventDefault();
      highlight(active <= 0 ? hits.length - 1 : active - 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (hits.length && !list.hidden) pick(hits[Math.max(active, 0)]);
      else void run();
    } else if (e.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
}
