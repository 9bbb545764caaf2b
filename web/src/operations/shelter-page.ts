/**
 * The shelter check-in page at /shelter/{id} (a list to pick from at /shelter), for shelter staff
 * on a phone at the door: people here, capacity and places left, arrivals and departures as a
 * number of people, or a head count (POST /api/shelters/{id}/occupancy). Each entry carries an
 * idempotency key, kept when the connection failed, so that pressing again after a drop counts
 * once. The figures follow the public live stream, so entries made at another door show too.
 */
import '../styles/warnings.css';
import { ApiError, allItems, getJson } from '../api.ts';
import { numberText, onLang, t, timeText, tr } from '../i18n.ts';
import { PUBLIC_LIVE, subscribe, type VacancyChange } from '../live.ts';
import type { Registry } from '../registry.ts';
import { mayCheckIn, type Principal } from '../session.ts';
import { fill, h } from '../ui/dom.ts';
import { errorText } from '../ui/error-text.ts';
import { announce } from '../ui/status.ts';
import { mountPhonePage } from '../ui/phone-page.ts';
import { newIdempotencyKey, recordOccupancy } from './operation-api.ts';

interface ShelterProps {
  code?: string;
  name?: string;
  capacity?: number;
  occupancy?: number | null;
  vacancies?: number | null;
  status?: string;
}

export async function showShelterPage(root: HTMLElement, shelterId: number | null, reg: Registry, signedIn: Principal | null): Promise<void> {
  let me = signedIn;
  const page = mountPhonePage(root, 'shelterPageTitle', 'shelter-page', me, (p) => {
    me = p;
    renderAccess();
  });
  const main = page.main;

  if (shelterId === null) return pickShelter(main);

  // ——— one shelter ———
  let props: ShelterProps = {};
  const name = h('h2', { id: 'shelter-name' });
  const figure = (id: string, key: () => string) => {
    const v = h('span', { class: 'v', id });
    const k = h('span', { class: 'k' });
    return { el: h('div', { class: 'figure' }, v, k), v, k, key };
  };
  const occ = figure('sh-occupancy', () => reg.fieldTitle('shelters', 'occupancy'));
  const cap = figure('sh-capacity', () => reg.fieldTitle('shelters', 'capacity'));
  const vac = figure('sh-vacancies', () => reg.fieldTitle('shelters', 'vacancies'));
  const meter = h('meter', { id: 'sh-meter', min: 0, max: 1, value: 0, 'aria-labelledby': 'sh-meter-label' });
  const meterLabel = h('span', { id: 'sh-meter-label', class: 'visually-hidden' });
  const inUse = h('p', { class: 'note', id: 'sh-in-use' });

  const render = () => {
    name.textContent = `${props.name ?? ''}${props.code ? ` (${props.code})` : ''}`;
    const capacity = Number(props.capacity ?? 0);
    const occupancy = typeof props.occupancy === 'number' ? props.occupancy : null;
    const vacancies = typeof props.vacancies === 'number' ? props.vacancies : occupancy === null ? null : capacity - occupancy;
    occ.v.textContent = occupancy === null ? '0' : numberText(occupancy, 0);
    cap.v.textContent = numberText(capacity, 0);
    vac.v.textContent = vacancies === null ? numberText(capacity, 0) : vacancies <= 0 ? t('shelterFull') : numberText(vacancies, 0);
    vac.el.classList.toggle('full', vacancies !== null && vacancies <= 0);
    for (const f of [occ, cap, vac]) f.k.textContent = f.key();
    meter.max = Math.max(1, capacity);
    meter.value = occupancy ?? 0;
    meterLabel.textContent = `${reg.fieldTitle('shelters', 'occupancy')} ${occupancy ?? 0} / ${capacity}`;
    inUse.textContent = occupancy === null ? t('notInUse') : '';
    inUse.hidden = occupancy !== null;
  };

  const load = async () => {
    try {
      const f = await getJson<{ properties: ShelterProps }>(`/ogc/collections/shelters/items/${shelterId}`, undefined, true);
      props = f.properties;
      render();
    } catch (e) {
      fill(main, h('p', { class: 'error', role: 'alert' }, t('loadFailed', { m: errorText(e) })));
    }
  };

  // entries
  const n = h('input', { id: 'sh-n', type: 'number', min: 1, max: 100000, step: 1, value: 1, inputmode: 'numeric', required: true });
  const arrive = h('button', { type: 'submit', class: 'primary', id: 'sh-arrive', value: 'arrive' }, tr('recordArrivals'));
  const depart = h('button', { type: 'submit', id: 'sh-depart', value: 'depart' }, tr('recordDepartures'));
  const moves = h('form', { class: 'form check-in', id: 'sh-moves' }, h('label', { for: 'sh-n' }, tr('peopleCount'), n), h('div', { class: 'actions start' }, arrive, depart));
  const count = h('input', { id: 'sh-count', type: 'number', min: 0, max: 1000000, step: 1, inputmode: 'numeric', required: true });
  const setCount = h('button', { type: 'submit', id: 'sh-set-count' }, tr('setHeadCount'));
  const counting = h('form', { class: 'form check-in', id: 'sh-counting' }, h('label', { for: 'sh-count' }, tr('headCount'), count), h('div', { class: 'actions start' }, setCount));
  const result = h('p', { id: 'sh-result', role: 'status', 'aria-live': 'polite' });
  const log = h('ul', { id: 'sh-log', class: 'entry-log' });
  const access = h('div', { id: 'sh-access' });
  const entry = h('div', { id: 'sh-entry' }, moves, counting, result, h('h3', {}, tr('recentEntries')), log);

  // A failed connection keeps the key of that entry: the same entry again counts once.
  let pending: { body: string; key: string } | null = null;
  const send = async (change: { delta: number } | { count: number }, what: string, buttons: HTMLButtonElement[]) => {
    const body = JSON.stringify(change);
    const key = pending?.body === body ? pending.key : newIdempotencyKey();
    pending = { body, key };
    for (const b of buttons) b.disabled = true;
    try {
      const a = await recordOccupancy(shelterId, change, key);
      pending = null;
      props = { ...props, occupancy: a.occupancy, vacancies: a.vacancies, capacity: a.capacity };
      render();
      const text = t('recorded', { what });
      result.textContent = a.reassigned.length ? `${text} · ${t('reassignedN', { n: a.reassigned.length })}` : text;
      result.className = a.reassigned.length ? 'warn' : 'note';
      log.prepend(h('li', {}, `${timeText(new Date().toISOString())} · ${what} → ${reg.fieldTitle('shelters', 'occupancy')} ${numberText(a.occupancy, 0)}`));
    } catch (e) {
      if (e instanceof ApiError) pending = null;
      result.textContent = t('saveFailed', { m: errorText(e) });
      result.className = 'error';
      announce(result.textContent, 'error');
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  };
  moves.addEventListener('submit', (e) => {
    e.preventDefault();
    const k = Math.round(Number(n.value));
    if (!Number.isFinite(k) || k < 1) return n.reportValidity();
    const leaving = (e as SubmitEvent).submitter === depart;
    void send({ delta: leaving ? -k : k }, leaving ? t('departuresN', { n: k }) : t('arrivalsN', { n: k }), [arrive, depart]);
  });
  counting.addEventListener('submit', (e) => {
    e.preventDefault();
    const k = Math.round(Number(count.value));
    if (count.value === '' || !Number.isFinite(k) || k < 0) return count.reportValidity();
    void send({ count: k }, t('headCountN', { n: k }), [setCount]);
  });

  function renderAccess() {
    entry.hidden = !mayCheckIn(me);
    if (mayCheckIn(me)) return fill(access);
    const b = h('button', { type: 'button', class: 'primary', id: 'sh-sign-in' }, t('signIn'));
    b.addEventListener('click', page.signIn);
    fill(access, h('p', { class: 'warn' }, t('checkInNeedsRole')), b);
  }

  fill(main, name, h('div', { class: 'figure-grid three' }, occ.el, vac.el, cap.el), meterLabel, meter, inUse, access, entry);
  renderAccess();
  onLang(render);
  subscribe(PUBLIC_LIVE, 'vacancies', (data) => {
    const s = ((data as { shelters?: VacancyChange[] } | null)?.shelters ?? []).find((x) => x.id === shelterId);
    if (!s) return;
    props = { ...props, occupancy: s.occupancy, vacancies: s.vacancies };
    render();
  });
  subscribe(PUBLIC_LIVE, 'reload', () => void load());
  await load();
}

/** /shelter without an id: the shelters by name, to open one's page. */
async function pickShelter(main: HTMLElement): Promise<void> {
  const select = h('select', { id: 'sh-pick' }, h('option', { value: '' }, '—'));
  const go = h('button', { type: 'button', class: 'primary', id: 'sh-go' }, tr('checkIn'));
  go.addEventListener('click', () => {
    if (select.value) location.assign(`/shelter/${select.value}`);
  });
  fill(main, h('h2', {}, tr('pickShelter')), h('div', { class: 'row' }, h('label', { for: 'sh-pick' }, tr('pickShelter'), select), go));
  try {
    const items = await allItems<{ id: number; properties: ShelterProps }>('shelters');
    items.sort((a, b) => String(a.properties.name).localeCompare(String(b.properties.name), 'zh-CN'));
    select.append(...items.map((f) => h('option', { value: f.id }, `${f.properties.name ?? f.id}${f.properties.code ? ` (${f.properties.code})` : ''}`)));
  } catch (e) {
    main.append(h('p', { class: 'error', role: 'alert' }, t('loadFailed', { m: errorText(e) })));
  }
}
