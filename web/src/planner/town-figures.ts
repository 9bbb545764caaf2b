/**
 * The per-town indicators a planner reads: how each is taken from a town of the coverage answer
 * (GET /api/analysis/coverage → towns) or of the plan indicators (GET /api/indicators), how it
 * is written with its unit, and which of five classes it falls in — class 0 is the best, class
 * 4 the worst, and the map, the charts and the report colour them alike (darker = worse).
 */
import { countText, lang, numberText, pctText, t, type UiKey } from '../i18n.ts';
import { GRADES } from '../../../server/domain/vocabularies.ts';

export type TownProps = Record<string, unknown>;
export const INDICATORS = ['coverage', 'uncovered', 'capacity', 'area', 'grades'] as const;
export type IndicatorId = (typeof INDICATORS)[number] | 'placed';

/** Light to dark (ColorBrewer PuRd): never the red-orange-yellow-blue of the hazard grades. */
export const CLASS_COLOURS = ['#f1eef6', '#d7b5d8', '#df65b0', '#dd1c77', '#980043'] as const;
export const NO_DATA_COLOUR = '#d9d9d9';

export interface Indicator {
  id: IndicatorId;
  title: UiKey;
  value(p: TownProps): number | null;
  text(v: number): string;
  /** 0 (best) … 4 (worst); null when the town has nothing to measure. */
  classOf(v: number): number;
  classLabels(): string[];
  /** Bars on a log scale (ratios spanning orders of magnitude). */
  log?: boolean;
  /** The line the bars are read against: the standard, or the city's figure. */
  reference?(city: TownProps): { value: number; label: string } | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Thresholds on a "higher is better" figure, best class first. */
const descending = (cuts: readonly number[]) => (v: number) => {
  const i = cuts.findIndex((c) => v >= c);
  return i === -1 ? cuts.length : i;
};
/** Thresholds on a "higher is worse" count: 0 is class 0, then ≤ cuts[0] … > cuts[2]. */
const ascending = (cuts: readonly [number, number, number]) => (v: number) => (v <= 0 ? 0 : v <= cuts[0] ? 1 : v <= cuts[1] ? 2 : v <= cuts[2] ? 3 : 4);
const countLabels = (cuts: readonly [number, number, number]) => () => [
  t('cls_count_0'),
  t('cls_count_1', { a: countText(cuts[0]) }),
  t('cls_count_2', { a: countText(cuts[0]), b: countText(cuts[1]) }),
  t('cls_count_3', { a: countText(cuts[1]), b: countText(cuts[2]) }),
  t('cls_count_4', { a: countText(cuts[2]) }),
];

const pctClass = descending([95, 80, 50, 20]);
const pctLabels = () => [0, 1, 2, 3, 4].map((i) => t(`cls_coverage_${i}` as UiKey));
const ratioClass = descending([2, 1, 0.75, 0.5]);
const ratioLabels = () => [0, 1, 2, 3, 4].map((i) => t(`cls_ratio_${i}` as UiKey));
const ratioText = (v: number) => t('times', { n: numberText(v, v < 10 ? 2 : v < 100 ? 1 : 0) });

const UNCOVERED_CUTS = [100, 500, 1000] as const;
const GRADE_CUTS = [10, 30, 60] as const;

/** Residents at risk in the town: a ratio per resident means nothing without them. */
const hasResidents = (p: TownProps) => (num(p.residents) ?? 0) > 0;

export const INDICATOR: Record<IndicatorId, Indicator> = {
  coverage: {
    id: 'coverage',
    title: 'ind_coverage',
    value: (p) => (hasResidents(p) ? num(p.covered_residents_pct) : null),
    text: pctText,
    classOf: pctClass,
    classLabels: pctLabels,
    reference: (city) => (num(city.covered_residents_pct) === null ? null : { value: num(city.covered_residents_pct)!, label: t('cityLine', { v: pctText(num(city.covered_residents_pct)!) }) }),
  },
  uncovered: {
    id: 'uncovered',
    title: 'ind_uncovered',
    value: (p) => num(p.uncovered_residents),
    text: (v) => t('persons', { n: countText(v) }),
    classOf: ascending(UNCOVERED_CUTS),
    classLabels: countLabels(UNCOVERED_CUTS),
  },
  capacity: {
    id: 'capacity',
    title: 'ind_capacity',
    value: (p) => (hasResidents(p) ? num(p.capacity_per_resident) : null),
    text: ratioText,
    classOf: ratioClass,
    classLabels: ratioLabels,
    log: true,
    reference: () => ({ value: 1, label: t('standardLine', { v: ratioText(1) }) }),
  },
  area: {
    id: 'area',
    title: 'ind_area',
    value: (p) => {
      const a = num(p.area_per_resident_m2);
      const s = num(p.area_standard_m2);
      return hasResidents(p) && a !== null && s ? a / s : null;
    },
    text: ratioText,
    classOf: ratioClass,
    classLabels: ratioLabels,
    log: true,
    reference: (city) => {
      const s = num(city.area_standard_m2);
      return { value: 1, label: t('standardLine', { v: s === null ? ratioText(1) : t('m2', { n: numberText(s) }) }) };
    },
  },
  grades: {
    id: 'grades',
    title: 'ind_grades',
    value: (p) => {
      const g = p.sites_by_grade as Record<string, number> | undefined;
      return g ? (g.very_high ?? 0) + (g.high ?? 0) : null;
    },
    text: (v) => t('sitesN', { n: countText(v) }),
    classOf: ascending(GRADE_CUTS),
    classLabels: countLabels(GRADE_CUTS),
  },
  placed: {
    id: 'placed',
    title: 'ind_placed',
    value: (p) => num(p.placed_within_pct),
    text: pctText,
    classOf: pctClass,
    classLabels: pctLabels,
  },
};

/** A town's (or village's) name in the reader's language. */
export function townName(p: TownProps): string {
  const en = p.name_en;
  return lang() === 'en' && typeof en === 'string' && en ? en : String(p.name ?? p.code ?? '');
}

/** Each grade's count of a town's risk sites, most severe first (for the stacked chart). */
export function gradeCounts(p: TownProps): Array<{ grade: (typeof GRADES)[number]; n: number }> {
  const g = (p.sites_by_grade as Record<string, number> | undefined) ?? {};
  return GRADES.map((grade) => ({ grade, n: g[grade] ?? 0 }));
}

/** The colour of a town for an indicator. */
export function classColour(ind: Indicator, p: TownProps): string {
  const v = ind.value(p);
  return v === null ? NO_DATA_COLOUR : CLASS_COLOURS[ind.classOf(v)];
}
