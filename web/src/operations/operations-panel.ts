/**
 * The duty officer's workspace during a warning: the warnings in force and the operations; an
 * operation started from a warning; an open operation's figures (households and people by
 * status, by town, on the map too), the households still to move, special-needs people not yet
 * arrived and the shelters filling up; closing it and its report. The figures follow the
 * operation's live stream (tasks) and the public one (shelters' occupancy) without a reload.
 */
import type { AppContext, Workspace } from '../workspace.ts';
import { lang, live, numberText, onLang, pctText, t, timeText, tr, type UiKey } from '../i18n.ts';
import { PUBLIC_LIVE, subscribe, type VacancyChange } from '../live.ts';
import { inForce } from '../map/styles.ts';
import { fill, h } from '../ui/dom.ts';
import { errorText } from '../ui/error-text.ts';
import { announce } from '../ui/status.ts';
import { levelChip } from '../ui/warning-banner.ts';
import { SHARE_COLOURS, operationLayers } from './operation-layers.ts';
import {
  STILL_TO_MOVE,
  TASK_STATUSES,
  closeOperation,
  getSummary,
  getTaskHistory,
  listOperations,
  listTasks,
  startOperation,
  type Operation,
  type OperationSummary,
  type Task,
  type TaskStatus,
} from './operation-api.ts';

const TASK_ROWS = 100;
const statusText = (s: string) => t(`taskStatus_${s}` as UiKey);
const NEED_KINDS = ['elderly', 'disabled', 'bedridden', 'pregnant', 'infant', 'chronic_illness', 'other'];
const needText = (k: string) => (NEED_KINDS.includes(k) ? t(`need_${k}` as UiKey) : k);

export function mountOperations(ctx: AppContext): Workspace {
  const { map, reg, layers } = ctx;
  const drawn = operationLayers(map, layers.towns);
  let operations: Operation[] = [];
  let openId: number | null = null;
  let summary: OperationSummary | null = null;
  let active = false;
  let stopLive: Array<() => void> = [];

  const townName = (code: string) => {
    const f = layers.towns.getFeatures().find((x) => String(x.get('code')) === code);
    if (!f) return code;
    return lang() === 'en' && f.get('name_en') ? String(f.get('name_en')) : String(f.get('name'));
  };
  const shelterName = (id: number | null) => {
    if (id === null) return '—';
    const s = summary?.shelters.find((x) => x.shelter_id === id);
    return s?.name ?? String(layers.shelters.getFeatureById(id)?.get('name') ?? id);
  };

  // ——— the list: warnings in force and operations ———
  const warningList = h('ul', { class: 'op-warnings', id: 'op-warnings' });
  const operationList = h('ul', { class: 'op-list', id: 'operation-list' });
  const home = h(
    'div',
    { id: 'ops-home' },
    h('h3', {}, tr('activeWarnings')),
    warningList,
    h('h3', {}, tr('operationList')),
    operationList,
  );

  const renderWarnings = () => {
    const now = Date.now();
    const warnings = layers.warnings.getFeatures().filter((f) => inForce(f.getProperties(), now));
    if (!warnings.length) return fill(warningList, h('li', { class: 'hint' }, t('noWarnings')));
    fill(
      warningList,
      ...warnings.map((f) => {
        const p = f.getProperties();
        const id = Number(f.getId());
        const running = operations.find((o) => o.warning_id === id && o.status === 'active');
        const button = running
          ? h('button', { type: 'button', class: 'open-op', 'data-op': running.id }, t('openOperation', { name: running.name }))
          : h('button', { type: 'button', class: 'primary start-op', 'data-warning': id, 'aria-label': `${t('startOperation')}: ${String(p.headline)}` }, t('startOperation'));
        button.addEventListener('click', () => {
          if (running) return void openOperation(running.id);
          void start(id, button);
        });
        return h(
          'li',
          { 'data-warning': id, 'data-level': String(p.level) },
          levelChip(reg, String(p.level)),
          ' ',
          h('strong', {}, String(p.headline ?? '')),
          h('div', { class: 'note' }, reg.valueLabel('warnings', 'hazard', p.hazard), p.expires ? ` · ${t('until', { time: timeText(p.expires) })}` : ''),
          button,
        );
      }),
    );
  };

  const renderOperations = () => {
    if (!operations.length) return fill(operationList, h('li', { class: 'hint' }, t('noOperations')));
    fill(
      operationList,
      ...operations.map((o) => {
        const b = h('button', { type: 'button', class: 'link', 'data-op': o.id }, o.name);
        b.addEventListener('click', () => void openOperation(o.id));
        return h(
          'li',
          { 'data-op': o.id, 'data-status': o.status },
          b,
          ' ',
          h('span', { class: `op-status op-${o.status}` }, t(`opStatus_${o.status}` as UiKey)),
          h('div', { class: 'note' }, levelChip(reg, o.level), ' ', t('startedBy', { name: o.created_by, time: timeText(o.created_at) })),
        );
      }),
    );
  };

  const loadList = async () => {
    try {
      operations = await listOperations();
    } catch (e) {
      fill(operationList, h('li', { class: 'error', role: 'alert' }, t('loadFailed', { m: errorText(e) })));
      return;
    }
    renderOperations();
    renderWarnings();
  };

  async function start(warningId: number, button: HTMLButtonElement) {
    button.disabled = true;
    button.textContent = t('starting');
    try {
      const s = await startOperation(warningId);
      announce(t('operationStarted', { name: s.operation.name }));
      await loadList();
      await openOperation(s.operation.id);
    } catch (e) {
      announce(t('loadFailed', { m: errorText(e) }), 'error', 10000);
      renderWarnings();
    }
  }

  // ——— an open operation ———
  const back = h('button', { type: 'button', id: 'op-back' }, tr('backToList'));
  const title = h('h3', { id: 'op-title' });
  const meta = h('p', { class: 'note', id: 'op-meta' });
  const liveNote = h('p', { class: 'note live-note', id: 'op-live', 'aria-live': 'off' });
  const figures = h('div', { id: 'op-figures' });
  const townsBox = h('div', { id: 'op-towns-box' });
  const needsBox = h('div', { id: 'op-needs-box' });
  const sheltersBox = h('div', { id: 'op-shelters-box' });
  const actions = h('div', { class: 'actions start', id: 'op-actions' });
  const filterTown = h('select', { id: 'op-filter-town' });
  const filterStatus = h(
    'select',
    { id: 'op-filter-status' },
    h('option', { value: '' }, tr('stillToMoveAll')),
    ...STILL_TO_MOVE.map((s) => h('option', { value: s }, live(() => statusText(s)))),
  );
  const taskCount = h('p', { class: 'note', id: 'op-task-count', 'aria-live': 'polite' });
  const taskBox = h('div', { class: 'scroll-box', id: 'op-task-box' });
  const view = h(
    'div',
    { id: 'ops-view', hidden: true },
    back,
    title,
    meta,
    liveNote,
    figures,
    h('h4', {}, tr('byTown')),
    townsBox,
    h('h4', {}, tr('stillToMove')),
    h('div', { class: 'row' }, h('label', { for: 'op-filter-town' }, tr('town'), filterTown), h('label', { for: 'op-filter-status' }, tr('status'), filterStatus)),
    taskCount,
    taskBox,
    h('h4', {}, tr('specialNeeds')),
    needsBox,
    h('h4', {}, tr('shelterFilling')),
    sheltersBox,
    actions,
  );
  back.addEventListener('click', () => closeView());
  filterTown.addEventListener('change', () => void loadTasks());
  filterStatus.addEventListener('change', () => void loadTasks());

  const num = (n: number) => numberText(n, 0);

  const renderSummary = () => {
    if (!summary) return;
    const s = summary;
    const op = s.operation;
    title.textContent = op.name;
    title.dataset.status = op.status;
    fill(
      meta,
      levelChip(reg, op.level),
      ' ',
      h('span', { class: `op-status op-${op.status}`, id: 'op-status' }, t(`opStatus_${op.status}` as UiKey)),
      ' · ',
      t('startedBy', { name: op.created_by, time: timeText(op.created_at) }),
      op.closed_at ? ` · ${t('closedBy', { name: op.closed_by ?? '', time: timeText(op.closed_at) })}` : '',
    );
    liveNote.textContent = t('liveUpdated', { time: new Date().toLocaleTimeString(lang() === 'zh' ? 'zh-CN' : 'en-GB') });
    const arrived = s.by_status.arrived;
    const toMove = STILL_TO_MOVE.reduce((a, k) => a + s.by_status[k].households, 0);
    const figure = (id: string, k: string, v: string) => h('div', { class: 'figure', id }, h('span', { class: 'v' }, v), h('span', { class: 'k' }, k));
    fill(
      figures,
      h(
        'div',
        { class: 'figure-grid' },
        figure('op-households', t('households'), num(s.households)),
        figure('op-people', t('people'), num(s.residents)),
        figure('op-arrived', statusText('arrived'), `${num(arrived.households)} · ${pctText(s.households ? (100 * arrived.households) / s.households : 0)}`),
        figure('op-to-move', t('stillToMove'), num(toMove)),
      ),
      h(
        'table',
        { class: 'data', id: 'op-status-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('status')), h('th', { scope: 'col', class: 'num' }, t('households')), h('th', { scope: 'col', class: 'num' }, t('people')))),
        h(
          'tbody',
          {},
          ...TASK_STATUSES.map((k) =>
            h(
              'tr',
              { 'data-status': k },
              h('th', { scope: 'row' }, statusText(k)),
              h('td', { class: 'num households' }, num(s.by_status[k].households)),
              h('td', { class: 'num people' }, num(s.by_status[k].residents)),
            ),
          ),
          h('tr', { class: 'total' }, h('th', { scope: 'row' }, t('total')), h('td', { class: 'num' }, num(s.households)), h('td', { class: 'num' }, num(s.residents))),
        ),
      ),
    );
    fill(
      townsBox,
      h('ul', { class: 'legend-list share-legend' }, ...SHARE_COLOURS.map((c, i) => h('li', {}, h('span', { class: 'chip', style: `background:${c}` }), t(`share_${i}` as UiKey)))),
      h(
        'table',
        { class: 'data', id: 'op-towns' },
        h(
          'thead',
          {},
          h('tr', {}, h('th', { scope: 'col' }, t('town')), h('th', { scope: 'col', class: 'num' }, t('households')), h('th', { scope: 'col', class: 'num' }, statusText('arrived')), h('th', { scope: 'col', class: 'num' }, t('arrivedShare'))),
        ),
        h(
          'tbody',
          {},
          ...s.towns.map((tw) => {
            const row = h(
              'tr',
              { 'data-town': tw.town_code, tabindex: 0 },
              h('th', { scope: 'row' }, townName(tw.town_code)),
              h('td', { class: 'num' }, num(tw.households)),
              h('td', { class: 'num arrived' }, num(tw.arrived_households)),
              h('td', { class: 'num' }, pctText(tw.households ? (100 * tw.arrived_households) / tw.households : 0)),
            );
            const pick = () => {
              filterTown.value = tw.town_code;
              void loadTasks();
            };
            row.addEventListener('click', pick);
            row.addEventListener('keydown', (e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                pick();
              }
            });
            return row;
          }),
        ),
      ),
    );
    fill(
      needsBox,
      s.special_needs_outstanding.length
        ? h(
            'table',
            { class: 'data', id: 'op-needs' },
            h(
              'thead',
              {},
              h('tr', {}, h('th', { scope: 'col' }, t('siteCode')), h('th', { scope: 'col' }, t('town')), h('th', { scope: 'col', class: 'num' }, t('people')), h('th', { scope: 'col' }, t('status')), h('th', { scope: 'col' }, t('helpers'))),
            ),
            h(
              'tbody',
              {},
              ...s.special_needs_outstanding.map((n) =>
                h(
                  'tr',
                  { 'data-task': n.task_id },
                  h('th', { scope: 'row' }, n.site_code, h('div', { class: 'note' }, n.kinds.map(needText).join(lang() === 'zh' ? '、' : ', '))),
                  h('td', {}, `${townName(n.town_code)}${n.village ? ` · ${n.village}` : ''}`),
                  h('td', { class: 'num' }, num(n.persons)),
                  h('td', {}, statusText(n.status)),
                  h('td', {}, n.helpers.join('、') || '—'),
                ),
              ),
            ),
          )
        : h('p', { class: 'note', id: 'op-needs' }, t('noSpecialNeeds')),
    );
    const ratio = (x: OperationSummary['shelters'][number]) => (x.capacity ? (x.occupancy ?? 0) / x.capacity : 1);
    const shelters = [...s.shelters].sort((a, b) => ratio(b) - ratio(a) || a.name.localeCompare(b.name));
    fill(
      sheltersBox,
      h(
        'table',
        { class: 'data', id: 'op-shelters' },
        h(
          'thead',
          {},
          h('tr', {}, h('th', { scope: 'col' }, t('shelter')), h('th', { scope: 'col', class: 'num' }, reg.fieldTitle('shelters', 'occupancy')), h('th', { scope: 'col', class: 'num' }, reg.fieldTitle('shelters', 'vacancies')), h('th', { scope: 'col', class: 'num' }, t('assigned'))),
        ),
        h(
          'tbody',
          {},
          ...shelters.map((x) => {
            const v = x.vacancies ?? x.capacity - (x.occupancy ?? 0);
            return h(
              'tr',
              { 'data-shelter': x.shelter_id, class: v <= 0 ? 'full' : v < x.capacity * 0.1 ? 'filling' : null },
              h('th', { scope: 'row' }, h('a', { href: `/shelter/${x.shelter_id}`, target: '_blank', rel: 'noopener', title: t('checkIn') }, x.name)),
              h('td', { class: 'num occupancy' }, t('occupancyOfCapacity', { n: num(x.occupancy ?? 0), capacity: num(x.capacity) }), h('meter', { min: 0, max: x.capacity, value: x.occupancy ?? 0, 'aria-hidden': 'true' })),
              h('td', { class: 'num vacancies' }, v <= 0 ? t('shelterFull') : num(v)),
              h('td', { class: 'num' }, num(x.residents_assigned)),
            );
          }),
        ),
      ),
    );
    const csv = h('a', { class: 'button', id: 'op-report', href: `/api/operations/${op.id}/report?f=csv`, download: `operation-${op.id}.csv` }, t('reportCsv'));
    const gj = h('a', { class: 'button', href: `/api/operations/${op.id}/report?f=geojson`, download: `operation-${op.id}.geojson` }, t('reportGeojson'));
    let close: HTMLButtonElement | null = null;
    if (op.status === 'active') {
      close = h('button', { type: 'button', id: 'op-close' }, t('closeOperation'));
      close.addEventListener('click', () => void closeIt());
    }
    fill(actions, csv, gj, close);
    // The town filter lists the operation's towns.
    const wanted = [''].concat(s.towns.map((x) => x.town_code));
    if ([...filterTown.options].map((o) => o.value).join() !== wanted.join()) {
      const was = filterTown.value;
      fill(filterTown, h('option', { value: '' }, t('all')), ...s.towns.map((x) => h('option', { value: x.town_code }, townName(x.town_code))));
      filterTown.value = wanted.includes(was) ? was : '';
    }
  };

  // ——— a task's history, opened under its row ———
  let historyOf: number | null = null;

  function historyButton(opId: number, x: Task) {
    return h(
      'button',
      {
        type: 'button',
        class: 'link task-history-open',
        'aria-expanded': historyOf === x.id ? 'true' : 'false',
        'aria-label': t('taskHistoryOf', { site: x.site_code }),
        onclick: () => {
          taskBox.querySelector('tr.task-history-row')?.remove();
          taskBox.querySelector('button.task-history-open[aria-expanded="true"]')?.setAttribute('aria-expanded', 'false');
          historyOf = historyOf === x.id ? null : x.id;
          if (historyOf !== null) void showHistory(opId, x.id);
        },
      },
      t('taskHistory'),
    );
  }

  async function showHistory(opId: number, taskId: number) {
    const row = taskBox.querySelector(`tr[data-task="${taskId}"]`);
    if (!row) return;
    row.querySelector('button.task-history-open')?.setAttribute('aria-expanded', 'true');
    let holder = taskBox.querySelector<HTMLTableRowElement>(`tr.task-history-row[data-history-of="${taskId}"]`);
    if (!holder) {
      taskBox.querySelector('tr.task-history-row')?.remove();
      holder = h('tr', { class: 'task-history-row', 'data-history-of': taskId }, h('td', { colspan: 6 }, h('p', { class: 'busy' }, t('running'))));
      row.after(holder);
    }
    const cell = holder.cells[0];
    try {
      const found = await getTaskHistory(opId, taskId);
      if (opId !== openId || historyOf !== taskId || !holder.isConnected) return;
      let shelterBefore: number | null | undefined;
      const items = found.changes.map((c) => {
        // The shelter is said when the household arrives or is sent to another one.
        const where = c.shelter_id !== null && (c.to === 'arrived' || c.shelter_id !== shelterBefore) ? ` · ${c.shelter_name ?? shelterName(c.shelter_id)}` : '';
        shelterBefore = c.shelter_id;
        return h('li', { 'data-to': c.to }, `${timeText(c.at)} · ${c.by}: ${statusText(c.from)} → ${statusText(c.to)}${where}`, c.note ? ` · “${c.note}”` : '');
      });
      fill(cell, items.length ? h('ol', { class: 'task-history', 'aria-label': t('taskHistoryOf', { site: row.querySelector('th')?.textContent ?? String(taskId) }) }, ...items) : h('p', { class: 'note' }, t('noTaskChanges')));
    } catch (e) {
      fill(cell, h('p', { class: 'error', role: 'alert' }, t('loadFailed', { m: errorText(e) })));
    }
  }

  async function loadTasks() {
    const id = openId;
    if (id === null) return;
    const status: readonly TaskStatus[] = filterStatus.value ? [filterStatus.value as TaskStatus] : STILL_TO_MOVE;
    try {
      const page = await listTasks(id, { town: filterTown.value || undefined, status }, TASK_ROWS);
      if (id !== openId) return;
      taskCount.textContent = t('householdsN', { n: num(page.numberMatched) });
      fill(
        taskBox,
        h(
          'table',
          { class: 'data', id: 'op-tasks' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, t('siteCode')),
              h('th', { scope: 'col' }, reg.fieldTitle('risk_sites', 'village')),
              h('th', { scope: 'col', class: 'num' }, t('people')),
              h('th', { scope: 'col' }, t('status')),
              h('th', { scope: 'col' }, t('shelter')),
              h('th', { scope: 'col' }, t('taskHistory')),
            ),
          ),
          h(
            'tbody',
            {},
            ...page.tasks.map((x) =>
              h(
                'tr',
                { 'data-task': x.id, 'data-status': x.status },
                h('th', { scope: 'row' }, x.site_code),
                h('td', {}, x.village ?? townName(x.town_code)),
                h('td', { class: 'num' }, num(x.residents)),
                h('td', {}, statusText(x.status)),
                h('td', {}, shelterName(x.shelter_id)),
                h('td', {}, historyButton(id, x)),
              ),
            ),
          ),
        ),
        page.numberMatched > page.tasks.length ? h('p', { class: 'note' }, t('moreNotListed', { n: num(page.numberMatched - page.tasks.length) })) : null,
      );
      // The history left open follows the live changes; gone from the list (filtered, arrived), it closes.
      if (historyOf !== null) {
        if (page.tasks.some((x) => x.id === historyOf)) void showHistory(id, historyOf);
        else historyOf = null;
      }
    } catch (e) {
      fill(taskBox, h('p', { class: 'error', role: 'alert' }, t('loadFailed', { m: errorText(e) })));
    }
  }

  async function refresh() {
    const id = openId;
    if (id === null) return;
    try {
      const s = await getSummary(id);
      if (id !== openId) return;
      summary = s;
      renderSummary();
      await drawn.show(s);
    } catch (e) {
      announce(t('loadFailed', { m: errorText(e) }), 'error');
    }
  }

  // Live: bursts of changes (a cadre's batch, a head count) are read once.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const soon = (tasksToo: boolean) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      void refresh();
      if (tasksToo) void loadTasks();
    }, 200);
  };

  const follow = () => {
    for (const stop of stopLive) stop();
    stopLive = [];
    if (openId === null || !active) return;
    const url = `/api/operations/${openId}/events`;
    stopLive.push(
      subscribe(url, 'tasks', () => soon(true)),
      subscribe(url, 'operation', () => soon(true)),
      subscribe(url, 'reload', () => soon(true)),
      subscribe(PUBLIC_LIVE, 'vacancies', (data) => {
        const ids = ((data as { shelters?: VacancyChange[] } | null)?.shelters ?? []).map((x) => x.id);
        if (summary?.shelters.some((x) => ids.includes(x.shelter_id))) soon(false);
      }),
    );
  };

  async function openOperation(id: number) {
    openId = id;
    historyOf = null;
    summary = null;
    drawn.clear();
    home.hidden = true;
    view.hidden = false;
    fill(figures, h('p', { class: 'busy' }, t('running')));
    fill(townsBox);
    fill(needsBox);
    fill(sheltersBox);
    fill(actions);
    fill(taskBox);
    filterTown.value = '';
    filterStatus.value = '';
    history.replaceState(null, '', `/operations?op=${id}`);
    follow();
    await Promise.all([refresh(), loadTasks()]);
    const extent = drawn.extent();
    if (extent && openId === id) map.getView().fit(extent, { padding: [40, 40, 40, 40], duration: 300, maxZoom: 14 });
    title.focus?.();
  }

  function closeView() {
    openId = null;
    summary = null;
    follow();
    drawn.clear();
    view.hidden = true;
    home.hidden = false;
    history.replaceState(null, '', '/operations');
    void loadList();
  }

  async function closeIt() {
    if (!summary || openId === null) return;
    if (!window.confirm(t('confirmClose', { name: summary.operation.name }))) return;
    try {
      summary = await closeOperation(openId);
      announce(t('operationClosed', { name: summary.operation.name }));
      renderSummary();
      void loadTasks();
    } catch (e) {
      announce(t('loadFailed', { m: errorText(e) }), 'error', 10000);
    }
  }

  const element = h('section', { class: 'operations', 'aria-labelledby': 'operations-heading' }, h('h2', { id: 'operations-heading' }, tr('operationsHeading')), home, view);
  title.tabIndex = -1;

  layers.warnings.on('change', () => {
    if (!home.hidden) renderWarnings();
  });
  let first = true;
  onLang(() => {
    if (first) return void (first = false);
    renderWarnings();
    renderOperations();
    renderSummary();
    if (openId !== null) void loadTasks();
  });

  void loadList();
  const asked = Number(new URLSearchParams(location.search).get('op'));
  if (Number.isInteger(asked) && asked > 0) void openOperation(asked);

  return {
    element,
    activate() {
      active = true;
      drawn.add();
      follow();
      if (openId !== null) {
        history.replaceState(null, '', `/operations?op=${openId}`);
        soon(true);
      }
    },
    deactivate() {
      active = false;
      drawn.remove();
      follow();
    },
  };
}
