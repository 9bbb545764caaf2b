/**
 * What-if road closures: with the tool on, a click on a road (from the `roads` tiles, shown only
 * while the tool is on or roads are closed) closes it for the analyses — a landslide across a
 * county road — and a second click opens it again. The analyses run again at each change, by
 * travel time around the closed roads; nothing is saved.
 */
import type Map from 'ol/Map.js';
import type { EventsKey } from 'ol/events.js';
import type { FeatureLike } from 'ol/Feature.js';
import VectorTileLayer from 'ol/layer/VectorTile.js';
import { unByKey } from 'ol/Observable.js';
import { Stroke, Style } from 'ol/style.js';
import { onLang, t, tr } from '../i18n.ts';
import { tileSource } from '../map/sources.ts';
import { fill, h } from '../ui/dom.ts';

export interface RoadClosures {
  element: HTMLElement;
  /** The ids of the roads closed now, in the order they were closed. */
  ids(): number[];
  activate(): void;
  deactivate(): void;
}

const openRoad = new Style({ stroke: new Stroke({ color: 'rgba(90, 90, 90, 0.75)', width: 2.5 }) });
const closedRoad = [new Style({ stroke: new Stroke({ color: '#ffffff', width: 7 }) }), new Style({ stroke: new Stroke({ color: '#d7191c', width: 4, lineDash: [8, 6] }) })];

export function mountRoadClosures(map: Map, changed: () => Promise<void>): RoadClosures {
  const closed = new globalThis.Map<number, string>();
  const layer = new VectorTileLayer({
    source: tileSource('roads'),
    style: (f: FeatureLike) => (closed.has(Number(f.getId())) ? closedRoad : openRoad),
    properties: { id: 'roads' },
    visible: false,
    zIndex: 5,
  });
  let on = false;
  let key: EventsKey | null = null;
  const toggleBtn = h('button', { type: 'button', id: 'close-roads', 'aria-pressed': 'false' });
  const clearBtn = h('button', { type: 'button', id: 'open-all-roads' });
  const list = h('ul', { class: 'closed-roads', id: 'closed-roads' });
  const prompt = h('p', { class: 'hint', 'aria-live': 'polite' });
  const element = h('fieldset', { class: 'group road-closures' }, h('legend', {}, tr('roadClosures')), h('div', { class: 'actions' }, toggleBtn, clearBtn), prompt, list);

  const render = () => {
    toggleBtn.textContent = t(on ? 'closeRoadsDone' : 'closeRoads');
    toggleBtn.setAttribute('aria-pressed', String(on));
    clearBtn.textContent = t('openAllRoads');
    clearBtn.toggleAttribute('disabled', closed.size === 0);
    prompt.textContent = on ? t('closeRoadsPrompt') : '';
    fill(list, ...[...closed].map(([id, name]) => h('li', { 'data-road': String(id) }, name || t('roadNo', { id }))));
    layer.setVisible(on || closed.size > 0);
    layer.changed();
  };
  const setOn = (v: boolean) => {
    on = v;
    map.set('tool', v ? 'close-roads' : null);
    map.getTargetElement().style.cursor = v ? 'crosshair' : '';
    render();
  };
  toggleBtn.addEventListener('click', () => setOn(!on));
  clearBtn.addEventListener('click', () => {
    closed.clear();
    render();
    void changed();
  });

  const onClick = (e: { pixel: number[] }) => {
    if (!on) return;
    const hit = map.forEachFeatureAtPixel(e.pixel, (f) => f, { layerFilter: (l) => l === layer, hitTolerance: 6 });
    const id = Number(hit?.getId());
    if (!hit || !Number.isInteger(id)) return;
    if (closed.has(id)) closed.delete(id);
    else closed.set(id, String(hit.get('name') ?? ''));
    render();
    void changed();
  };

  onLang(render);
  return {
    element,
    ids: () => [...closed.keys()],
    activate() {
      map.addLayer(layer);
      key = map.on('singleclick', onClick);
    },
    deactivate() {
      if (key) unByKey(key);
      key = null;
      if (on) setOn(false);
      map.removeLayer(layer);
    },
  };
}
