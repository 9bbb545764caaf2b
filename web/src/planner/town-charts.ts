/**
 * Per-town bar charts of the coverage answer: one indicator per chart, towns worst first, bars
 * in the map's class colours (risk sites stacked by grade in the grade colours), read against
 * the standard or the city's figure.
 */
import type { Registry } from '../registry.ts';
import { countText, t } from '../i18n.ts';
import { barChart } from '../ui/bar-chart.ts';
import { GRADE_COLOURS } from '../map/styles.ts';
import { INDICATOR, classColour, gradeCounts, townName, type IndicatorId, type TownProps } from './town-figures.ts';
import { worstFirst } from './town-table.ts';

export function townChart(id: IndicatorId, towns: readonly TownProps[], city: TownProps, reg: Registry): SVGSVGElement {
  const ind = INDICATOR[id];
  const rows = worstFirst(towns, ind).map((p) => {
    const v = ind.value(p);
    return {
      label: townName(p),
      value: v,
      text: v === null ? '' : ind.text(v),
      colour: classColour(ind, p),
      segments:
        id === 'grades'
          ? gradeCounts(p).map(({ grade, n }) => ({ value: n, colour: GRADE_COLOURS[grade], name: reg.valueLabel('risk_sites', 'grade', grade) }))
          : undefined,
    };
  });
  if (id === 'grades') {
    // all sites of the town, every grade stacked
    for (const [i, p] of worstFirst(towns, ind).entries()) {
      const all = gradeCounts(p).reduce((s, g) => s + g.n, 0);
      rows[i].value = all;
      rows[i].text = t('sitesN', { n: countText(all) });
    }
  }
  return barChart({
    title: t('chartTitle', { name: t(ind.title) }),
    rows,
    log: ind.log,
    reference: ind.reference?.(city) ?? null,
    empty: t('noResidents'),
    keys: id === 'grades' ? gradeCounts({}).map(({ grade }) => ({ name: reg.valueLabel('risk_sites', 'grade', grade), colour: GRADE_COLOURS[grade] })) : undefined,
  });
}
