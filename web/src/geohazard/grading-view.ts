/**
 * One risk site for the geohazard team: its grade with each factor's contribution, a regrade
 * button, the grading history, and the rectification status update (saved with If-Match).
 */
import { getJson, sendJson } from '../api.ts';
import type { Registry } from '../registry.ts';
import { lang, numberText, onLang, t, timeText } from '../i18n.ts';
import { ConflictError, getFeature, patchFeature, type StoredFeature } from '../features.ts';
import { fill, h } from '../ui/dom.ts';
import { announce } from '../ui/status.ts';
import { gradeChip } from '../ui/grade-chip.ts';
import { sparkline } from '../ui/sparkline.ts';
import { GRADE_COLOURS } from '../map/styles.ts';
import type { Grade } from '../../../server/domain/vocabularies.ts';
import type { z } from 'zod';
import type { gradeFactor, GradingAnswer } from '../../../server/grading/contract.ts';
import { errorText } from '../ui/error-text.ts';

export type Factor = z.infer<typeof gradeFactor>;
export type Grading = GradingAnswer;

/** Grading factors named after the survey attribute they read. */
const FACTOR_ATTRIBUTE: Record<string, string> = { slope_height: 'slope_height_m', slope_angle: 'slope_angle_deg', distance_to_slope: 'distance_to_slope_m' };

function factorName(reg: Registry, f: Factor): string {
  if (f.factor === 'hazard_zone') return reg.title('hazard_zones');
  if (f.factor.startsWith('floor:')) return f.note;
  const attr = FACTOR_ATTRIBUTE[f.factor] ?? f.factor;
  return reg.attribute('risk_sites', attr) ? reg.fieldTitle('risk_sites', attr) : f.factor;
}

function inputText(reg: Registry, f: Factor): string {
  if (Array.isArray(f.input)) {
    return f.input.map((z: { hazard?: string; grade?: string }) => `${reg.valueLabel('hazard_zones', 'grade', z.grade)} ${reg.valueLabel('hazard_zones', 'hazard', z.hazard)}`).join('、') || '—';
  }
  if (f.input === null || f.input === undefined) return '—';
  const attr = FACTOR_ATTRIBUTE[f.factor] ?? f.factor;
  return reg.attribute('risk_sites', attr)?.type === 'enum' ? reg.valueLabel('risk_sites', attr, f.input) : String(f.input);
}

function factorTable(reg: Registry, g: Grading): HTMLElement {
  return h(
    'table',
    { class: 'data factors' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('factor')), h('th', { scope: 'col' }, t('input')), h('th', { scope: 'col', class: 'num' }, t('points')))),
    h(
      'tbody',
      {},
      ...g.factors.map((f) => h('tr', { title: f.note }, h('th', { scope: 'row' }, factorName(reg, f)), h('td', {}, inputText(reg, f)), h('td', { class: 'num' }, numberText(f.points)))),
      h('tr', { class: 'total' }, h('th', { scope: 'row' }, '∑'), h('td', {}, gradeChip(reg, g.grade)), h('td', { class: 'num' }, numberText(g.score))),
    ),
  );
}

const when = (iso: string) => new Date(iso).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });

/** The site's scores over time, oldest first, each point in its grade's colour. */
function gradeTrend(reg: Registry, history: Grading[]): HTMLElement {
  const oldestFirst = [...history].reverse();
  const text = t('gradeTrendText', { n: history.length, from: numberText(oldestFirst[0].score), to: numberText(history[0].score) });
  const points = oldestFirst.map((g) => ({
    value: g.score,
    colour: GRADE_COLOURS[g.grade as Grade] ?? '#8a8a8a',
    title: `${when(g.graded_at)} · ${reg.valueLabel('risk_sites', 'grade', g.grade)} · ${numberText(g.score)}`,
  }));
  return h('div', { class: 'trend', id: 'grade-trend' }, sparkline(points, `${t('gradeTrend')}: ${text}`), h('span', {}, text));
}

export function gradingView(reg: Registry, siteId: number, onChanged: () => void): HTMLElement {
  const box = h('div', { class: 'grading', id: 'grading', 'data-site': siteId });
  let site: StoredFeature | null = null;

  const load = async () => {
    fill(box, h('p', { class: 'busy' }, t('running')));
    const [s, hist] = await Promise.all([getFeature('risk_sites', siteId), getJson<{ gradings: Grading[] }>(`/api/risk-sites/${siteId}/gradings`)]);
    site = s;
    render(hist.gradings);
  };

  const render = (history: Grading[]) => {
    if (!site) return;
    shown = history;
    const p = site.properties;
    const note = h('input', { id: 'grade-note', maxlength: 2000 });
    const regrade = h('button', { type: 'button', class: 'primary', id: 'regrade' }, t('regrade'));
    const status = h('select', { id: 'rect-status' }, ...reg.values('risk_sites', 'rectification_status').map((v) => h('option', { value: v, selected: v === p.rectification_status }, reg.valueLabel('risk_sites', 'rectification_status', v))));
    const method = h('select', { id: 'rect-method' }, h('option', { value: '' }, '—'), ...reg.values('risk_sites', 'rectification_method').map((v) => h('option', { value: v, selected: v === p.rectification_method }, reg.valueLabel('risk_sites', 'rectification_method', v))));
    const update = h('button', { type: 'button', id: 'rect-update' }, t('update'));
    const message = h('div', { 'aria-live': 'assertive' });
    const latest = history[0];

    regrade.addEventListener('click', async () => {
      regrade.disabled = true;
      try {
        await sendJson('POST', `/api/risk-sites/${siteId}/grade`, note.value.trim() ? { note: note.value.trim() } : {});
        announce(t('saved'));
        await load();
        onChanged();
      } catch (e) {
        fill(message, h('p', { class: 'error', role: 'alert' }, t('saveFailed', { m: errorText(e) })));
        regrade.disabled = false;
      }
    });
    update.addEventListener('click', async () => {
      if (!site) return;
      update.disabled = true;
      try {
        site = await patchFeature('risk_sites', site, { properties: { rectification_status: status.value, rectification_method: method.value || null } });
        announce(t('saved'));
        await load();
        onChanged();
      } catch (e) {
        if (e instanceof ConflictError) {
          const cur = e.current?.properties ?? {};
          const reload = h('button', { type: 'button' }, t('reload'));
          reload.addEventListener('click', () => void load());
          fill(message, h('p', { class: 'error', role: 'alert' }, t('conflict', { name: String(cur.code ?? siteId), who: String(cur.updated_by ?? '?'), when: timeText(cur.updated_at), version: String(cur.version ?? '?') }), ' ', reload));
        } else fill(message, h('p', { class: 'error', role: 'alert' }, t('saveFailed', { m: errorText(e) })));
        update.disabled = false;
      }
    });

    fill(
      box,
      h('h3', {}, String(p.code), ' ', gradeChip(reg, p.grade as string | null)),
      h(
        'dl',
        { class: 'details' },
        ...['village', 'households', 'residents', 'slope_height_m', 'slope_angle_deg', 'distance_to_slope_m', 'monitor_name', 'monitor_phone'].map((k) =>
          p[k] === undefined ? null : h('div', { class: 'kv' }, h('dt', {}, reg.fieldTitle('risk_sites', k)), h('dd', {}, String(p[k] ?? '—'))),
        ),
      ),
      h('p', {}, h('a', { href: `/card/${encodeURIComponent(String(p.code))}`, target: '_blank', rel: 'noopener' }, t('openCard'))),
      latest ? factorTable(reg, latest) : h('p', { class: 'note' }, t('noHistory')),
      h('div', { class: 'row' }, h('label', { for: 'grade-note' }, t('note'), note), regrade),
      h('fieldset', { class: 'group' }, h('legend', {}, t('rectification')), h('div', { class: 'row' }, h('label', { for: 'rect-status' }, reg.fieldTitle('risk_sites', 'rectification_status'), status), h('label', { for: 'rect-method' }, reg.fieldTitle('risk_sites', 'rectification_method'), method), update)),
      message,
      h('h3', {}, t('history')),
      history.length ? gradeTrend(reg, history) : null,
      history.length
        ? h(
            'table',
            { class: 'data', id: 'grading-history' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('when')), h('th', { scope: 'col' }, reg.fieldTitle('risk_sites', 'grade')), h('th', { scope: 'col', class: 'num' }, t('points')), h('th', { scope: 'col' }, t('gradedBy')), h('th', { scope: 'col' }, t('note')))),
            h('tbody', {}, ...history.map((g) => h('tr', { 'data-grading': g.id }, h('td', {}, when(g.graded_at)), h('td', {}, gradeChip(reg, g.grade)), h('td', { class: 'num' }, numberText(g.score)), h('td', {}, g.graded_by ?? ''), h('td', {}, g.note ?? '')))),
          )
        : h('p', { class: 'note' }, t('noHistory')),
    );
  };

  // Drawn again in the new language while shown.
  let shown: Grading[] | null = null;
  let first = true;
  const off = onLang(() => {
    if (first) first = false;
    else if (!box.isConnected) off(); // another site was picked: this view is gone
    else if (shown) render(shown);
  });
  void load().catch((e: unknown) => fill(box, h('p', { class: 'error', role: 'alert' }, t('loadFailed', { m: errorText(e) }))));
  return box;
}
