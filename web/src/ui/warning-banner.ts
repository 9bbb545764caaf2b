/**
 * During a warning, over the public map: each warning in force (its level's colour, the hazard,
 * the headline and until when) and the shelters in use with their places left. Both follow the
 * map's sources, which the live stream keeps current; hidden when nothing is going on.
 */
import '../styles/warnings.css';
import type Feature from 'ol/Feature.js';
import type { Registry } from '../registry.ts';
import { numberText, onLang, t, timeText } from '../i18n.ts';
import type { PublicLayers } from '../map/public-layers.ts';
import { WARNING_COLOURS, inForce } from '../map/styles.ts';
import { fill, h } from './dom.ts';

/** A level as a chip in its colour ("橙色预警"), readable on it. */
export function levelChip(reg: Registry, level: string): HTMLElement {
  const colour = WARNING_COLOURS[level as keyof typeof WARNING_COLOURS] ?? '#888888';
  const dark = level === 'yellow' || level === 'orange';
  return h(
    'span',
    { class: `level-chip level-${level}`, style: `background:${colour};color:${dark ? '#111111' : '#ffffff'}` },
    t('levelWarning', { level: reg.valueLabel('warnings', 'level', level) }),
  );
}

export function mountWarningBanner(parent: HTMLElement, reg: Registry, layers: PublicLayers): { element: HTMLElement } {
  const list = h('ul', { class: 'warning-list', id: 'warning-list' });
  const sheltersList = h('ul', { class: 'vacancy-list' });
  const summary = h('summary', {});
  const shelters = h('details', { class: 'vacancies', id: 'live-shelters', open: window.innerWidth > 700 }, summary, sheltersList);
  const element = h('section', { class: 'warning-banner', id: 'warning-banner', 'aria-labelledby': 'warning-banner-title', hidden: true }, h('h2', { id: 'warning-banner-title', class: 'visually-hidden' }), list, shelters);
  parent.append(element);

  const name = (f: Feature) => String(f.get('name') ?? '');
  const render = () => {
    const now = Date.now();
    const warnings = layers.warnings
      .getFeatures()
      .filter((f) => inForce(f.getProperties(), now))
      .sort((a, b) => ['red', 'orange', 'yellow', 'blue'].indexOf(String(a.get('level'))) - ['red', 'orange', 'yellow', 'blue'].indexOf(String(b.get('level'))));
    const inUse = layers.shelters
      .getFeatures()
      .filter((f) => typeof f.get('vacancies') === 'number')
      .sort((a, b) => Number(b.get('vacancies')) - Number(a.get('vacancies')) || name(a).localeCompare(name(b)));
    (element.querySelector('h2') as HTMLElement).textContent = t('duringWarning');
    fill(
      list,
      ...warnings.map((f) => {
        const p = f.getProperties();
        return h(
          'li',
          { class: 'warning-item', 'data-level': String(p.level), 'data-code': String(p.code ?? ''), 'data-id': String(f.getId() ?? '') },
          levelChip(reg, String(p.level)),
          h('span', { class: 'hazard' }, reg.valueLabel('warnings', 'hazard', p.hazard)),
          h('strong', { class: 'headline' }, String(p.headline ?? '')),
          p.expires ? h('span', { class: 'until' }, t('until', { time: timeText(p.expires) })) : null,
        );
      }),
    );
    summary.textContent = t('sheltersInUse', { n: numberText(inUse.length, 0) });
    fill(
      sheltersList,
      ...inUse.map((f) => {
        const v = Number(f.get('vacancies'));
        return h(
          'li',
          { 'data-id': String(f.getId() ?? ''), 'data-vacancies': v, class: v > 0 ? 'has-room' : 'full' },
          h('span', { class: 'name' }, name(f)),
          h('span', { class: 'vacancies' }, v > 0 ? t('placesLeft', { n: numberText(v, 0), capacity: numberText(Number(f.get('capacity') ?? 0), 0) }) : t('shelterFull')),
        );
      }),
    );
    shelters.hidden = inUse.length === 0;
    element.hidden = warnings.length === 0 && inUse.length === 0;
  };
  let queued = false;
  const later = () => {
    if (queued) return;
    queued = true;
    setTimeout(() => {
      queued = false;
      render();
    }, 50);
  };
  for (const source of [layers.warnings, layers.shelters]) {
    source.on('change', later);
    source.on('changefeature', later);
    source.on('addfeature', later);
    source.on('removefeature', later);
  }
  onLang(render);
  return { element };
}
