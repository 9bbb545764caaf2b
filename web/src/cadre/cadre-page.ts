/**
 * The village cadre's page at /cadre, on a phone: pick a running operation (and a town), go down
 * the households to move — site, people, special needs, designated shelter, status — and mark
 * each notified, on the way, arrived (at its shelter or another), stayed, refused or unreachable,
 * with a note. Every change goes through the change queue: kept on the phone with its
 * idempotency key and sent when there is a signal, so that marks made out of coverage arrive
 * once, in order; the page says how many wait. Marks made by others (another cadre, the duty
 * officer, a shelter full) show as they happen, from the operation's live stream.
 *
 * Without a signal the page still opens (the service worker keeps its code): it shows the last
 * list this cadre loaded, kept on the phone (kept-list.ts), with the time the server gave it, and
 * a note that the page is offline and how many marks wait. Marks made then are queued as ever;
 * once the server answers again the queue is sent, in order, and the list loaded afresh.
 */
import '../styles/warnings.css';
import '../styles/cadre.css';
import { allItems, ApiError } from '../api.ts';
import { clockText, label, numberText, onLang, t, tr, type UiKey } from '../i18n.ts';
import { mayMarkHouseholds, whoAmI, type Principal } from '../session.ts';
import { fill, h } from '../ui/dom.ts';
import { errorText } from '../ui/error-text.ts';
import { mountPhonePage } from '../ui/phone-page.ts';
import { announce } from '../ui/status.ts';
import { subscribe } from '../live.ts';
import { listOperations, listTasks, TASK_STATUSES, type Operation, type Task, type TaskStatus } from '../operations/operation-api.ts';
import { createChangeQueue, type Outcome, type QueuedChange } from './change-queue.ts';
import { forgetList, keepList, keptList } from './kept-list.ts';

/** The statuses a cadre sets (to_notify is where every household starts). */
const MARKS = TASK_STATUSES.filter((s) => s !== 'to_notify');
const STILL: readonly TaskStatus[] = ['to_notify', 'notified', 'moving', 'unreachable'];
const MAX_TASKS = 5000;
/** How often an offline page asks whether the server answers again (besides the browser's `online`). */
const SIGNAL_CHECK_MS = 15_000;

interface ShelterInfo {
  id: number;
  name: string;
  code: string;
  lon: number;
  lat: number;
}

type CadreTask = Task & { lon?: number; lat?: number };

const statusText = (s: TaskStatus) => t(`taskStatus_${s}` as UiKey);

/** @param session who is signed in, and whether the server answered (`reached`) when the page opened */
export async function showCadrePage(root: HTMLElement, session: { me: Principal | null; reached: boolean }): Promise<void> {
  // Server unreachable: the cadre who kept a list on this phone. Reached and nobody signed in: nothing of anyone's stays.
  if (session.reached && !session.me) forgetList();
  let me = session.me ?? (session.reached ? null : (keptList()?.user ?? null));
  /** Showing the list kept on the phone, until the server answers again. */
  let offline = !session.reached;
  const page = mountPhonePage(
    root,
    'cadrePageTitle',
    'shelter-page cadre-page',
    me,
    (p) => {
      me = p;
      void start();
    },
    forgetList,
  );
  const main = page.main;

  const access = h('div', { id: 'cadre-access' });
  const offlineNote = h('p', { id: 'cadre-offline', class: 'warn', role: 'status', hidden: true });
  const waiting = h('p', { id: 'cadre-queue', class: 'warn', role: 'status', 'aria-live': 'polite', hidden: true, 'data-count': 0 });
  const opSelect = h('select', { id: 'cadre-op' });
  const townSelect = h('select', { id: 'cadre-town' });
  const showSelect = h('select', { id: 'cadre-show' });
  const pickers = h(
    'div',
    { class: 'cadre-pickers' },
    h('label', { for: 'cadre-op' }, tr('operationList'), opSelect),
    h('label', { for: 'cadre-town' }, tr('town'), townSelect),
    h('label', { for: 'cadre-show' }, tr('cadreShow'), showSelect),
  );
  const count = h('p', { class: 'note', id: 'cadre-count' });
  const list = h('ul', { id: 'cadre-tasks', class: 'cadre-tasks' });
  const body = h('div', { id: 'cadre-body', hidden: true }, pickers, count, list);
  fill(main, offlineNote, waiting, access, body);

  let operations: Operation[] = [];
  let tasks: CadreTask[] = [];
  let shelters = new Map<number, ShelterInfo>();
  let towns = new Map<string, { name: string; name_en?: string }>();
  /** When the server gave the list shown. */
  let listAt: Date | null = null;
  const rows = new Map<number, HTMLLIElement>();
  const params = new URLSearchParams(location.search);

  const townName = (code: string) => {
    const tw = towns.get(code);
    return tw ? label({ zh: tw.name, en: tw.name_en ?? tw.name }) : code;
  };
  const shelterName = (id: number | null | undefined) => {
    if (id === null || id === undefined) return t('cadreNoShelter');
    const s = shelters.get(id);
    return s ? `${s.name} (${s.code})` : `#${id}`;
  };

  // ——— the queue ———
  // The count shows once a send has failed (or the phone says it is offline), not while a change is on its way.
  let stalled = false;
  const showWaiting = (n: number, extra = '') => {
    waiting.hidden = n === 0 || !(stalled || !navigator.onLine);
    waiting.dataset.count = String(n);
    waiting.textContent = n ? `${t('cadreWaiting', { n })}${extra ? ` ${extra}` : ''}` : '';
    waitingCount = n;
    showOffline();
  };
  /** Says that the page is offline, how old its list is and how many marks wait. */
  function showOffline(): void {
    const n = waitingCount;
    offlineNote.hidden = !(offline || !navigator.onLine);
    offlineNote.dataset.count = String(n);
    offlineNote.dataset.listAt = listAt?.toISOString() ?? '';
    offlineNote.textContent = listAt ? t('cadreOffline', { time: clockText(listAt), n }) : t('cadreOfflineNoList', { n });
  }
  let waitingCount = 0;
  const queue = createChangeQueue(onOutcome, (n) => {
    if (n === 0) stalled = false;
    showWaiting(n);
  });

  function onOutcome(o: Outcome): void {
    const row = rows.get(o.item.taskId);
    if (o.kind === 'kept') {
      stalled = true;
      showWaiting(queue.items().length, o.why === 'sign_in' ? t('cadreSignInAgain') : '');
    }
    if (o.kind === 'sent') {
      const i = tasks.findIndex((x) => x.id === o.task.id);
      if (i >= 0) tasks[i] = { ...tasks[i], ...o.task };
      if (row && !queue.items().some((q) => q.taskId === o.item.taskId)) renderRow(row, tasks[i] ?? o.task, { state: 'sent', text: t('cadreSent', { status: statusText(o.task.status) }) });
    } else if (o.kind === 'refused') {
      const task = tasks.find((x) => x.id === o.item.taskId);
      if (row && task) renderRow(row, task, { state: 'refused', text: t('cadreRefused', { status: statusText(o.item.change.status), m: o.message }) });
      announce(t('cadreRefused', { status: statusText(o.item.change.status), m: o.message }), 'error', 10_000);
    }
  }

  // ——— the list ———
  function renderRow(li: HTMLLIElement, task: CadreTask, result?: { state: string; text: string }): void {
    const pending = queue.items().filter((q) => q.taskId === task.id);
    const shown: TaskStatus = pending.length ? pending[pending.length - 1].change.status : task.status;
    li.dataset.status = shown;
    li.dataset.state = pending.length ? 'queued' : (result?.state ?? '');
    const needs = (task.special_needs ?? []).reduce((a, n) => a + n.persons, 0);
    const designated = task.designated_shelter_id ?? task.shelter_id;
    const edit = h('button', { type: 'button', class: 'cadre-edit', 'aria-expanded': 'false' }, t('cadreUpdate'));
    const editor = h('div', { class: 'cadre-editor' });
    edit.addEventListener('click', () => {
      const open = edit.getAttribute('aria-expanded') !== 'true';
      edit.setAttribute('aria-expanded', String(open));
      fill(editor, open ? changeForm(task, () => edit.click()) : null);
    });
    fill(
      li,
      h('h3', {}, task.site_code, task.village ? h('span', { class: 'village' }, ` · ${task.village}`) : null),
      h(
        'p',
        { class: 'cadre-facts' },
        h('span', { class: 'people' }, t('persons', { n: numberText(task.residents, 0) })),
        ' · ',
        t('householdsN', { n: task.households }),
        needs ? h('span', { class: 'needs' }, ` · ${t('cadreNeeds', { n: needs })}`) : null,
      ),
      h('p', { class: 'cadre-shelter' }, t('cadreDesignated', { name: shelterName(designated) }), task.shelter_id !== designated ? ` → ${shelterName(task.shelter_id)}` : ''),
      h(
        'p',
        { class: 'cadre-status' },
        h('span', { class: `task-status s-${shown}` }, statusText(shown)),
        pending.length ? h('span', { class: 'queued' }, ` · ${t('cadreQueued')}`) : null,
        !pending.length && result ? h('span', { class: `result ${result.state}` }, ` · ${result.text}`) : null,
        task.note && !pending.length ? h('span', { class: 'task-note' }, ` · ${task.note}`) : null,
      ),
      edit,
      editor,
    );
  }

  /** The form that marks one household: a status, the shelter for an arrival, a note. */
  function changeForm(task: CadreTask, close: () => void): HTMLFormElement {
    const name = `st-${task.id}`;
    const radios = MARKS.map((s) =>
      h('label', { class: 'mark' }, h('input', { type: 'radio', name, value: s, required: true, checked: s === task.status }), statusText(s)),
    );
    const shelterSelect = h('select', { class: 'cadre-shelter-pick', id: `cadre-sh-${task.id}` }, ...shelterOptions(task));
    const shelterField = h('label', { for: `cadre-sh-${task.id}`, class: 'shelter-field', hidden: task.status !== 'arrived' }, tr('cadreArrivedAt'), shelterSelect);
    const note = h('textarea', { id: `cadre-note-${task.id}`, class: 'cadre-note', rows: 2, maxlength: 1000 });
    const save = h('button', { type: 'submit', class: 'primary cadre-save' }, t('cadreSave'));
    const form = h(
      'form',
      { class: 'form cadre-change' },
      h('fieldset', { class: 'marks' }, h('legend', {}, t('status')), ...radios),
      shelterField,
      h('label', { for: `cadre-note-${task.id}` }, tr('cadreNote'), note),
      h('div', { class: 'actions start' }, save),
    );
    form.addEventListener('change', () => {
      const v = (form.querySelector(`input[name="${name}"]:checked`) as HTMLInputElement | null)?.value;
      shelterField.hidden = v !== 'arrived';
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const status = (form.querySelector(`input[name="${name}"]:checked`) as HTMLInputElement | null)?.value as TaskStatus | undefined;
      if (!status) return;
      const shelterId = status === 'arrived' && shelterSelect.value ? Number(shelterSelect.value) : undefined;
      const change = { status, ...(shelterId !== undefined && shelterId !== task.shelter_id ? { shelter_id: shelterId } : {}), ...(note.value.trim() ? { note: note.value.trim() } : {}) };
      void queue.add(currentOperation(), task.id, change).then(
        (item: QueuedChange) => {
          const row = rows.get(item.taskId);
          if (row) renderRow(row, tasks.find((x) => x.id === item.taskId) ?? task);
        },
        (err: unknown) => announce(t('saveFailed', { m: errorText(err) }), 'error'),
      );
      close();
    });
    return form;
  }

  /** The household's shelter first, then the others nearest to it first. */
  function shelterOptions(task: CadreTask): HTMLOptionElement[] {
    const own = task.shelter_id ?? task.designated_shelter_id ?? null;
    const rest = [...shelters.values()].filter((s) => s.id !== own);
    if (task.lon !== undefined && task.lat !== undefined) {
      const k = Math.cos((task.lat * Math.PI) / 180);
      const d2 = (s: ShelterInfo) => ((s.lon - task.lon!) * k) ** 2 + (s.lat - task.lat!) ** 2;
      rest.sort((a, b) => d2(a) - d2(b));
    }
    return [
      ...(own !== null ? [h('option', { value: own, selected: true }, shelterName(own))] : [h('option', { value: '' }, '—')]),
      ...rest.map((s) => h('option', { value: s.id }, shelterName(s.id))),
    ];
  }

  const currentOperation = () => Number(opSelect.value);

  /** Follows the open operation's stream: a household changed elsewhere shows its new status. */
  let stopLive: Array<() => void> = [];
  function follow(): void {
    for (const stop of stopLive) stop();
    const url = `/api/operations/${currentOperation()}/events`;
    stopLive = [
      subscribe(url, 'tasks', (data) => {
        const notices = (data as { tasks?: Array<{ id: number; status: TaskStatus; shelter_id: number | null; version: number }> | null } | null)?.tasks;
        if (notices === null) return void loadTasks(); // too many to list
        for (const n of notices ?? []) {
          const i = tasks.findIndex((x) => x.id === n.id);
          const li = rows.get(n.id);
          if (i < 0 || !li || (tasks[i].version ?? 0) >= n.version) continue;
          tasks[i] = { ...tasks[i], status: n.status, shelter_id: n.shelter_id, version: n.version };
          renderRow(li, tasks[i]);
        }
      }),
      subscribe(url, 'reload', () => void loadTasks()),
    ];
  }

  async function loadTasks(): Promise<void> {
    const id = currentOperation();
    if (!id) return fill(list);
    const q = new URLSearchParams({ op: String(id) });
    if (townSelect.value) q.set('town', townSelect.value);
    history.replaceState(null, '', `/cadre?${q.toString()}`);
    fill(list, h('li', { class: 'busy' }, t('running')));
    try {
      const status = showSelect.value === 'all' ? [...TASK_STATUSES] : STILL;
      const page = await listTasks(id, { town: townSelect.value || undefined, status }, MAX_TASKS);
      listAt = new Date();
      renderList(page.tasks, page.numberMatched);
      if (me) {
        const operation = operations.find((o) => o.id === id);
        keepList({
          user: me,
          at: listAt.toISOString(),
          operation: { id, name: operation?.name ?? `#${id}` },
          town: townSelect.value,
          show: showSelect.value,
          numberMatched: page.numberMatched,
          tasks: page.tasks,
          shelters: [...shelters.values()],
          towns: [...towns.entries()],
        });
      }
      showOffline();
    } catch (e) {
      fill(list, h('li', { class: 'error', role: 'alert' }, t('loadFailed', { m: errorText(e) })));
    }
  }

  function renderList(shown: CadreTask[], numberMatched: number): void {
    tasks = shown;
    count.textContent = numberMatched > tasks.length ? `${t('householdsN', { n: numberMatched })} · ${t('moreNotListed', { n: numberMatched - tasks.length })}` : t('householdsN', { n: numberMatched });
    rows.clear();
    fill(
      list,
      ...tasks.map((task) => {
        const li = h('li', { 'data-task': task.id, class: 'cadre-task' });
        rows.set(task.id, li);
        renderRow(li, task);
        return li;
      }),
    );
  }

  /** No signal: the list this cadre last loaded, as the phone kept it; the filters wait for the server. */
  function showKept(): void {
    offline = true;
    watchForSignal();
    const kept = keptList(me);
    listAt = kept ? new Date(kept.at) : null;
    showOffline();
    if (!kept) {
      body.hidden = true;
      return;
    }
    body.hidden = false;
    shelters = new Map(kept.shelters.map((s) => [s.id, s]));
    towns = new Map(kept.towns);
    fill(opSelect, h('option', { value: kept.operation.id, selected: true }, kept.operation.name));
    fill(townSelect, h('option', { value: kept.town, selected: true }, kept.town ? townName(kept.town) : t('all')));
    showSelect.value = kept.show === 'all' ? 'all' : 'still';
    for (const select of [opSelect, townSelect, showSelect]) select.disabled = true;
    renderList(kept.tasks, kept.numberMatched);
  }

  /** While offline: once the server answers again, send what waits and load the list afresh. */
  let watching = false;
  function watchForSignal(): void {
    if (watching) return;
    watching = true;
    let checking = false;
    const check = async () => {
      if (!offline || checking) return;
      checking = true;
      try {
        const p = await whoAmI();
        offline = false;
        me = p;
        if (!p) forgetList();
        await queue.flush();
        await start();
      } catch {
        // Still no answer: ask again on the next `online` or tick.
      } finally {
        checking = false;
      }
    };
    window.addEventListener('online', () => void check());
    setInterval(() => void check(), SIGNAL_CHECK_MS);
  }

  /** Towns of the operation, for the filter (from all its tasks' town codes). */
  async function loadTowns(): Promise<void> {
    const id = currentOperation();
    const wanted = params.get('town') ?? townSelect.value;
    const codes = id ? [...new Set((await listTasks(id, { status: [...TASK_STATUSES] }, MAX_TASKS)).tasks.map((x) => x.town_code))].sort() : [];
    fill(townSelect, h('option', { value: '' }, t('all')), ...codes.map((c) => h('option', { value: c, selected: c === wanted }, townName(c))));
    params.delete('town');
  }

  async function start(): Promise<void> {
    if (!mayMarkHouseholds(me)) {
      body.hidden = true;
      const b = h('button', { type: 'button', class: 'primary', id: 'cadre-sign-in' }, t('signIn'));
      b.addEventListener('click', page.signIn);
      fill(access, h('p', { class: 'warn' }, t('cadreNeedsRole')), b);
      if (offline) watchForSignal();
      return showOffline();
    }
    fill(access);
    if (offline) return showKept();
    body.hidden = false;
    for (const select of [opSelect, townSelect, showSelect]) select.disabled = false;
    void queue.flush();
    try {
      const [ops, shelterItems, townItems] = await Promise.all([
        listOperations(),
        allItems<{ id: number; geometry: { coordinates: number[] }; properties: { name?: string; code?: string } }>('shelters'),
        allItems<{ properties: { code: string; name: string; name_en?: string } }>('towns', { skipGeometry: 'true', properties: 'code,name,name_en' }).catch(() => []),
      ]);
      operations = ops.filter((o) => o.status === 'active');
      shelters = new Map(shelterItems.map((f) => [f.id, { id: f.id, name: String(f.properties.name ?? f.id), code: String(f.properties.code ?? ''), lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }]));
      towns = new Map(townItems.map((f) => [String(f.properties.code), f.properties]));
    } catch (e) {
      // No answer at all (not a refusal): the signal went between the sign-in check and here.
      if (!(e instanceof ApiError)) return showKept();
      fill(access, h('p', { class: 'error', role: 'alert' }, t('loadFailed', { m: errorText(e) })));
      return;
    }
    if (!operations.length) {
      fill(access, h('p', { class: 'note', id: 'cadre-no-op' }, t('cadreNoOperation')));
      body.hidden = true;
      return;
    }
    const wanted = currentOperation() || Number(params.get('op'));
    fill(opSelect, ...operations.map((o) => h('option', { value: o.id, selected: o.id === wanted }, o.name)));
    await loadTowns();
    await loadTasks();
    follow();
  }

  const renderShow = () => {
    const v = showSelect.value || 'still';
    fill(showSelect, h('option', { value: 'still', selected: v === 'still' }, t('stillToMove')), h('option', { value: 'all', selected: v === 'all' }, t('all')));
  };
  onLang(() => {
    renderShow();
    showWaiting(queue.items().length);
    for (const [id, li] of rows) {
      const task = tasks.find((x) => x.id === id);
      if (task) renderRow(li, task);
    }
  });
  opSelect.addEventListener('change', () => {
    follow();
    void loadTowns().then(loadTasks);
  });
  townSelect.addEventListener('change', () => void loadTasks());
  showSelect.addEventListener('change', () => void loadTasks());
  window.addEventListener('offline', showOffline);
  window.addEventListener('online', showOffline);
  await start();
}
