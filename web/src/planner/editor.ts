/**
 * Editing shelters, depots and hazard zones on the map (draw a new one, or pick one and drag
 * its vertices) and in a form built from the layer registry. Saves through the OGC API with
 * the version it was loaded at; a conflict is shown plainly, with the way to reload.
 */
import type Map from 'ol/Map.js';
import type Feature from 'ol/Feature.js';
import Draw from 'ol/interaction/Draw.js';
import Modify from 'ol/interaction/Modify.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import Collection from 'ol/Collection.js';
import type { EventsKey } from 'ol/events.js';
import { unByKey } from 'ol/Observable.js';
import type Geometry from 'ol/geom/Geometry.js';
import type { Geometry as GeoGeometry } from 'geojson';
import Style from 'ol/style/Style.js';
import Stroke from 'ol/style/Stroke.js';
import Fill from 'ol/style/Fill.js';
import CircleStyle from 'ol/style/Circle.js';
import type { Registry } from '../registry.ts';
import { live, t, tr, timeText } from '../i18n.ts';
import { CollectionSource, geojson } from '../map/sources.ts';
import type { PublicLayers } from '../map/public-layers.ts';
import { ApiError } from '../api.ts';
import { ConflictError, createFeature, deleteFeature, getFeature, patchFeature, type StoredFeature } from '../features.ts';
import { featureForm } from '../ui/feature-form.ts';
import { fill, h } from '../ui/dom.ts';
import { announce } from '../ui/status.ts';
import { errorText } from '../ui/error-text.ts';

export const EDITABLE = ['shelters', 'depots', 'hazard_zones'] as const;
type Editable = (typeof EDITABLE)[number];

const editStyle = new Style({
  fill: new Fill({ color: 'rgba(11,79,138,0.12)' }),
  stroke: new Stroke({ color: '#0b4f8a', width: 2 }),
  image: new CircleStyle({ radius: 6, fill: new Fill({ color: '#0b4f8a' }), stroke: new Stroke({ color: '#fff', width: 2 }) }),
});

export interface Editor {
  element: HTMLElement;
  activate(): void;
  deactivate(): void;
}

/** Stored geometry as the layer wants it: hazard zones are MultiPolygons. */
function toLayerGeometry(collection: Editable, g: Geometry): GeoGeometry {
  const out = geojson.writeGeometryObject(g) as GeoGeometry;
  if (collection === 'hazard_zones' && out.type === 'Polygon') return { type: 'MultiPolygon', coordinates: [out.coordinates] };
  if (out.type === 'Point') return { type: 'Point', coordinates: out.coordinates.map((v) => Math.round(v * 1e7) / 1e7) };
  return out;
}

export function mountEditor(map: Map, reg: Registry, layers: PublicLayers, onSaved: (collection: Editable) => Promise<void>): Editor {
  const sources = new globalThis.Map<Editable, CollectionSource>();
  const editLayer = new VectorLayer({ source: new VectorSource<Feature>(), style: editStyle, zIndex: 20 });
  let collection: Editable = 'shelters';
  let interactions: Array<Draw | Modify> = [];
  let clickKey: EventsKey | null = null;
  let picking = false;

  const layerSelect = h('select', { id: 'edit-layer' }, ...EDITABLE.map((id) => h('option', { value: id }, live(() => reg.title(id)))));
  const drawBtn = h('button', { type: 'button', id: 'edit-draw', 'aria-pressed': 'false' }, tr('draw'));
  const pickBtn = h('button', { type: 'button', id: 'edit-pick', 'aria-pressed': 'false' }, tr('modify'));
  const formBox = h('div', { class: 'edit-form' });
  const element = h(
    'fieldset',
    { class: 'group editor' },
    h('legend', {}, tr('edit')),
    h('label', { for: 'edit-layer' }, tr('editLayer')),
    layerSelect,
    h('div', { class: 'actions' }, drawBtn, pickBtn),
    formBox,
  );

  const sourceFor = (c: Editable): CollectionSource => {
    if (c === 'shelters') return layers.shelters;
    let s = sources.get(c);
    if (!s) {
      s = new CollectionSource(c);
      sources.set(c, s);
    }
    return s;
  };
  const pickLayer = new VectorLayer({ source: sourceFor('shelters'), style: editStyle, opacity: 0.35, zIndex: 4 });

  const clearTools = () => {
    for (const i of interactions) map.removeInteraction(i);
    interactions = [];
    editLayer.getSource()?.clear();
    picking = false;
    map.set('tool', null);
    drawBtn.setAttribute('aria-pressed', 'false');
    pickBtn.setAttribute('aria-pressed', 'false');
  };

  const showForm = (base: StoredFeature | null, feature: Feature) => {
    const props = base?.properties ?? (collection === 'shelters' ? { status: 'open', level: 'village' } : {});
    const form = featureForm(reg, collection, props, 'edit');
    const error = h('div', { 'aria-live': 'assertive' });
    const save = h('button', { type: 'button', class: 'primary', id: 'edit-save' }, tr('save'));
    const del = base ? h('button', { type: 'button', id: 'edit-delete' }, tr('delete')) : null;
    const cancel = h('button', { type: 'button' }, tr('cancel'));
    const done = async () => {
      clearTools();
      fill(formBox);
      await sourceFor(collection).reload();
      await onSaved(collection);
    };
    const conflict = (c: ConflictError) => {
      const cur = c.current?.properties ?? {};
      const reload = h('button', { type: 'button' }, t('reload'));
      reload.addEventListener('click', () => void done());
      fill(error, h('p', { class: 'error', role: 'alert' }, t('conflict', { name: String(cur.name ?? cur.code ?? `#${c.id}`), who: String(cur.updated_by ?? '?'), when: timeText(cur.updated_at), version: String(cur.version ?? '?') }), ' ', reload));
    };
    save.addEventListener('click', async () => {
      const values = form.read();
      const geometry = feature.getGeometry();
      if (!values || !geometry) return;
      save.disabled = true;
      try {
        const g = toLayerGeometry(collection, geometry);
        if (base) await patchFeature(collection, base, { properties: values, geometry: g });
        else await createFeature(collection, g, values);
        announce(t('saved'));
        await done();
      } catch (e) {
        if (e instanceof ConflictError) conflict(e);
        else if (e instanceof ApiError) {
          form.showErrors(e.details.map((d) => ({ field: d.field, message: t('fieldInvalid') })));
          fill(error, h('p', { class: 'error', role: 'alert' }, t('saveFailed', { m: errorText(e) })));
        } else fill(error, h('p', { class: 'error', role: 'alert' }, t('saveFailed', { m: errorText(e) })));
      } finally {
        save.disabled = false;
      }
    });
    del?.addEventListener('click', async () => {
      if (!base) return;
      try {
        await deleteFeature(collection, base);
        announce(t('saved'));
        await done();
      } catch (e) {
        if (e instanceof ConflictError) conflict(e);
        else fill(error, h('p', { class: 'error', role: 'alert' }, t('saveFailed', { m: errorText(e) })));
      }
    });
    cancel.addEventListener('click', () => {
      clearTools();
      fill(formBox);
    });
    fill(formBox, h('h3', {}, `${reg.title(collection)}${base ? ` · ${String(base.properties.code)}` : ''}`), form.element, error, h('div', { class: 'actions' }, cancel, del, save));
  };

  drawBtn.addEventListener('click', () => {
    clearTools();
    const draw = new Draw({ source: editLayer.getSource() as VectorSource<Feature>, type: collection === 'hazard_zones' ? 'Polygon' : 'Point' });
    draw.on('drawend', (e) => {
      map.removeInteraction(draw);
      const modify = new Modify({ features: new Collection([e.feature]) });
      map.addInteraction(modify);
      interactions = [modify];
      showForm(null, e.feature);
    });
    map.addInteraction(draw);
    interactions = [draw];
    map.set('tool', 'edit');
    drawBtn.setAttribute('aria-pressed', 'true');
  });

  pickBtn.addEventListener('click', () => {
    clearTools();
    picking = true;
    map.set('tool', 'edit');
    pickBtn.setAttribute('aria-pressed', 'true');
    fill(formBox, h('p', { class: 'hint' }, t('selectToEdit')));
  });

  const onClick = async (evt: { pixel: number[] }) => {
    if (!picking) return;
    const hit = map.forEachFeatureAtPixel(evt.pixel, (f) => f as Feature, { layerFilter: (l) => l === pickLayer, hitTolerance: 5 });
    const id = hit?.getId();
    if (id === undefined) return;
    picking = false;
    const base = await getFeature(collection, Number(id));
    const copy = geojson.readFeature(base) as Feature;
    editLayer.getSource()?.clear();
    editLayer.getSource()?.addFeature(copy);
    const modify = new Modify({ source: editLayer.getSource() as VectorSource<Feature> });
    map.addInteraction(modify);
    interactions = [modify];
    showForm(base, copy);
  };

  layerSelect.addEventListener('change', () => {
    clearTools();
    fill(formBox);
    collection = layerSelect.value as Editable;
    pickLayer.setSource(sourceFor(collection));
  });

  return {
    element,
    activate() {
      map.addLayer(pickLayer);
      map.addLayer(editLayer);
      clickKey = map.on('singleclick', (e) => void onClick(e));
    },
    deactivate() {
      clearTools();
      if (clickKey) unByKey(clickKey);
      map.removeLayer(pickLayer);
      map.removeLayer(editLayer);
    },
  };
}
