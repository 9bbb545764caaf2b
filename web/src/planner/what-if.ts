/**
 * What-if editing of the shelter network: place, move or switch off a shelter as a draft;
 * every change re-runs the analyses on the drafted network at once; "save" writes the draft
 * through the OGC API and reports a conflict plainly when someone else got there first.
 */
import type Map from 'ol/Map.js';
import type { EventsKey } from 'ol/events.js';
import { unByKey } from 'ol/Observable.js';
import { toLonLat } from 'ol/proj.js';
import type Feature from 'ol/Feature.js';
import type { Point } from 'geojson';
import type { Registry } from '../registry.ts';
import { live, onLang, t, tr, timeText } from '../i18n.ts';
import { geojson } from '../map/sources.ts';
import type { PublicLayers } from '../map/public-layers.ts';
import type { StoredFeature } from '../features.ts';
import { fill, h } from '../ui/dom.ts';
import { announce } from '../ui/status.ts';
import type { AnalysisLayers } from './analysis-layers.ts';
import { Draft, type DraftEntry } from './draft.ts';
import { errorText } from '../ui/error-text.ts';

type Mode = 'add' | 'move-pick' | 'move-place' | 'off' | null;

export interface WhatIf {
  element: HTMLElement;
  draft: Draft;
  activate(): void;
  deactivate(): void;
}

function stored(f: Feature): StoredFeature {
  return geojson.writeFeatureObject(f) as unknown as StoredFeature;
}

export function mountWhatIf(map: Map, reg: Registry, layers: PublicLayers, analysis: AnalysisLayers, onDraftChange: () => Promise<void>): WhatIf {
  const draft = new Draft();
  let mode: Mode = null;
  let moving: StoredFeature | null = null;
  let key: EventsKey | null = null;

  const name = h('input', { id: 'draft-name', value: '' });
  const type = h('select', { id: 'draft-type' }, ...reg.values('shelters', 'shelter_type').map((v) => h('option', { value: v }, live(() => reg.valueLabel('shelters', 'shelter_type', v)))));
  const capacity = h('input', { id: 'draft-capacity', type: 'number', min: 1, max: 1000000, value: '800' });
  const addBtn = h('button', { type: 'button', id: 'draft-add', 'aria-pressed': 'false' }, tr('draftAdd'));
  const moveBtn = h('button', { type: 'button', id: 'draft-move', 'aria-pressed': 'false' }, tr('draftMove'));
  const offBtn = h('button', { type: 'button', id: 'draft-off', 'aria-pressed': 'false' }, tr('draftSwitchOff'));
  const prompt = h('p', { class: 'hint', 'aria-live': 'polite' });
  const list = h('ul', { class: 'draft-list' });
  const saveBtn = h('button', { type: 'button', class: 'primary', id: 'draft-save' }, tr('draftSave'));
  const discardBtn = h('button', { type: 'button', id: 'draft-discard' }, tr('draftDiscard'));
  const message = h('div', { id: 'draft-message', 'aria-live': 'assertive' });
  const element = h(
    'fieldset',
    { class: 'group what-if' },
    h('legend', {}, tr('whatIf')),
    h('div', { class: 'form' }, h('label', { for: 'draft-name' }, live(() => reg.fieldTitle('shelters', 'name')), name), h('div', { class: 'row' }, h('label', { for: 'draft-type' }, live(() => reg.fieldTitle('shelters', 'shelter_type')), type), h('label', { for: 'draft-capacity' }, live(() => reg.fieldTitle('shelters', 'capacity')), capacity))),
    h('div', { class: 'actions' }, addBtn, moveBtn, offBtn),
    prompt,
    list,
    h('div', { class: 'actions' }, discardBtn, saveBtn),
    message,
  );

  const setMode = (m: Mode) => {
    mode = m;
    map.set('tool', m ? 'what-if' : null);
    addBtn.setAttribute('aria-pressed', String(m === 'add'));
    moveBtn.setAttribute('aria-pressed', String(m === 'move-pick' || m === 'move-place'));
    offBtn.setAttribute('aria-pressed', String(m === 'off'));
    prompt.textContent = m === 'add' ? t('draftClickMap') : m === 'move-pick' || m === 'off' ? t('draftPickShelter') : m === 'move-place' ? t('draftClickMap') : '';
    map.getTargetElement().style.cursor = m ? 'crosshair' : '';
  };
  const toggle = (m: Mode) => () => setMode(mode === m || (m === 'move-pick' && mode === 'move-place') ? null : m);
  addBtn.addEventListener('click', toggle('add'));
  moveBtn.addEventListener('click', toggle('move-pick'));
  offBtn.addEventListener('click', toggle('off'));

  const entryName = (e: DraftEntry) => (e.op === 'add' ? String(e.properties.name) : String(e.base.properties.name));
  const render = () => {
    if (draft.size === 0) {
      fill(list, h('li', { class: 'hint' }, t('draftEmpty')));
    } else {
      fill(
        list,
        ...draft.list().map((e) => {
          const undo = h('button', { type: 'button', class: 'small' }, t('draftUndo'));
          undo.addEventListener('click', () => {
            draft.undo(e.key);
            void changed();
          });
          const text = t(e.op === 'add' ? 'draftAdded' : e.op === 'move' ? 'draftMoved' : 'draftOff', { name: entryName(e) });
          return h('li', { 'data-op': e.op }, text, ' ', undo);
        }),
      );
    }
    saveBtn.disabled = draft.size === 0;
    discardBtn.disabled = draft.size === 0;
    // the draft layer: new and moved shelters where the draft puts them, switched-off ones crossed
    const features = draft.list().map((e) => ({
      type: 'Feature' as const,
      geometry: e.op === 'add' || e.op === 'move' ? e.geometry : (e.base.geometry as Point),
      properties: { ...(e.op === 'add' ? e.properties : e.base.properties), draft_op: e.op, status: e.op === 'off' ? 'closed' : e.op === 'add' ? e.properties.status : e.base.properties.status },
    }));
    analysis.set('draft', { type: 'FeatureCollection', features });
  };

  async function changed(): Promise<void> {
    render();
    await onDraftChange();
  }

  const shelterAt = (pixel: number[]): Feature | undefined =>
    map.forEachFeatureAtPixel(pixel, (f) => f as Feature, { layerFilter: (l) => l === layers.layers.shelters, hitTolerance: 5 });

  const townAt = (coordinate: number[]): string | null => (layers.towns.getFeaturesAtCoordinate(coordinate)[0]?.get('code') as string | undefined) ?? null;

  const onClick = (evt: { pixel: number[]; coordinate: number[] }) => {
    if (!mode) return;
    const point: Point = { type: 'Point', coordinates: toLonLat(evt.coordinate).map((v) => Math.round(v * 1e6) / 1e6) };
    if (mode === 'add') {
      const n = draft.list().filter((e) => e.op === 'add').length + 1;
      const shelterName = name.value.trim() || `${t('plannedShelter')} ${n}`;
      draft.add(point, {
        code: `BN-NEW-${Date.now().toString(36).toUpperCase()}-${n}`,
        name: shelterName,
        town_code: townAt(evt.coordinate),
        shelter_type: type.value,
        level: 'village',
        capacity: Math.max(1, Math.round(Number(capacity.value) || 500)),
        status: 'open',
      });
      setMode(null);
      void changed();
    } else if (mode === 'move-pick' || mode === 'off') {
      const f = shelterAt(evt.pixel);
      if (!f) return;
      if (mode === 'off') {
        draft.switchOff(stored(f));
        setMode(null);
        void changed();
      } else {
        moving = stored(f);
        setMode('move-place');
      }
    } else if (mode === 'move-place' && moving) {
      draft.move(moving, point);
      moving = null;
      setMode(null);
      void changed();
    }
  };

  saveBtn.addEventListener('click', async () => {
    saveBtn.disabled = true;
    fill(message);
    try {
      const { saved, conflict } = await draft.save((c) => {
        const cur = c.current?.properties ?? {};
        const reload = h('button', { type: 'button', id: 'conflict-reload' }, t('reload'));
        reload.addEventListener('click', async () => {
          draft.clear();
          await layers.shelters.reload();
          fill(message);
          await changed();
        });
        fill(
          message,
          h(
            'p',
            { class: 'error', role: 'alert', id: 'conflict' },
            t('conflict', { name: String(cur.name ?? `#${c.id}`), who: String(cur.updated_by ?? '?'), when: timeText(cur.updated_at), version: String(cur.version ?? '?') }),
            ' ',
            reload,
          ),
        );
      });
      if (saved.length) {
        announce(t('draftSaved', { n: saved.length }));
        if (!conflict) fill(message, h('p', { class: 'note', id: 'draft-saved' }, t('draftSaved', { n: saved.length })));
        await layers.shelters.reload();
      }
    } catch (e) {
      fill(message, h('p', { class: 'error', role: 'alert' }, t('saveFailed', { m: errorText(e) })));
    } finally {
      await changed();
    }
  });
  discardBtn.addEventListener('click', () => {
    draft.clear();
    void changed();
  });

  onLang(render); // drawn now, and again in a new language
  return {
    element,
    draft,
    activate() {
      key = map.on('singleclick', onClick);
    },
    deactivate() {
      if (key) unByKey(key);
      key = null;
      setMode(null);
    },
  };
}
