/**
 * The city's figures of an analysis answer — which ones, in which order, with which unit — as a
 * grid of numbers (before → after when a draft changes them); shared by the planner's panel and
 * the printed report.
 */
import { countText, distanceText, numberText, pctText, t, type UiKey } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import type { CoverageAnswer, IndicatorsAnswer } from './analysis-api.ts';
import type { TownProps } from './town-figures.ts';

export type Figures = Record<string, unknown>;
export interface FigureDef {
  key: string;
  title: UiKey;
  value(f: Figures): number | null;
  text(v: number): string;
}

const n = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const fig = (key: string, title: UiKey, text: (v: number) => string, value: (f: Figures) => number | null = (f) => n(f[key])): FigureDef => ({ key, title, value, text });
export const persons = (v: number) => t('persons', { n: countText(v) });
const shelters = (v: number) => t('sheltersN', { n: countText(v) });

/** City figures of a coverage answer, most telling first. */
export const COVERAGE_FIGURES: FigureDef[] = [
  fig('covered_residents_pct', 'coveredPct', pctText),
  fig('uncovered_residents', 'uncoveredResidents', persons),
  fig('overloaded_shelters', 'overloaded', shelters),
  fig('unsafe_shelters', 'unsafeShelters', shelters),
  fig('villages_beyond_depot', 'depotGapVillages', (v) => t('villagesN', { n: countText(v) })),
  fig('gap_area_km2', 'gapAreaKm2', (v) => t('km2', { n: numberText(v, 0) })),
];

export const CATCHMENT_FIGURES: FigureDef[] = [
  fig('placed_residents', 'placedResidents', persons),
  fig('unassigned_residents', 'unassignedResidents', persons),
  fig('mean_distance_m', 'meanDistance', distanceText),
  fig('over_capacity_shelters', 'overCapacityShelters', shelters),
  fig('shelters_used', 'sheltersUsed', shelters),
];

export function figureGrid(defs: FigureDef[], now: Figures, before: Figures | null): HTMLElement {
  return h(
    'div',
    { class: 'figure-grid' },
    ...defs.map((d) => {
      const v = d.value(now);
      const b = before ? d.value(before) : null;
      const differs = before !== null && b !== v;
      const show = (x: number | null) => (x === null ? '—' : d.text(x));
      return h(
        'div',
        { class: 'figure', 'data-key': d.key },
        h('span', { class: `v${differs ? ' changed' : ''}`, 'data-value': String(v ?? '') }, differs ? `${show(b)} → ${show(v)}` : show(v)),
        h('span', { class: 'k' }, t(d.title)),
      );
    }),
  );
}

/** Town figures of the coverage answer with each town's risk sites by grade. */
export function townRows(c: Pick<CoverageAnswer, 'towns' | 'summary'>, ind: IndicatorsAnswer | null): { towns: TownProps[]; city: TownProps } {
  const byCode = new Map((ind?.towns.features ?? []).map((f) => [String(f.properties.code), f.properties]));
  const towns = c.towns.features.map((f) => ({ ...f.properties, sites_by_grade: byCode.get(String(f.properties.code))?.sites_by_grade }));
  const cell = (c.summary.parameters?.cell_size_m ?? 1000) / 1000;
  const city = { ...c.summary.city, gap_area_km2: n(c.summary.city.gap_cells) === null ? null : Number(c.summary.city.gap_cells) * cell * cell, sites_by_grade: ind?.city.sites_by_grade };
  return { towns, city };
}

