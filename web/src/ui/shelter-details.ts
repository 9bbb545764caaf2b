/** A shelter's public details: type, level, status, capacity (people there and places left while in use), area, facilities, contact. */
import type { Registry } from '../registry.ts';
import { facilityText, numberText, t } from '../i18n.ts';
import { h, type Child } from './dom.ts';

export function shelterDetails(reg: Registry, p: Record<string, unknown>): HTMLElement {
  const row = (name: string, value: Child): Child =>
    value === null || value === undefined || value === '' ? null : h('div', { class: 'kv' }, h('dt', {}, reg.fieldTitle('shelters', name)), h('dd', {}, value));
  const facilities = Array.isArray(p.facilities) ? (p.facilities as string[]) : [];
  const phone = typeof p.contact_phone === 'string' ? p.contact_phone : '';
  return h(
    'dl',
    { class: 'details' },
    row('shelter_type', reg.valueLabel('shelters', 'shelter_type', p.shelter_type)),
    row('level', reg.valueLabel('shelters', 'level', p.level)),
    row('status', reg.valueLabel('shelters', 'status', p.status)),
    row('capacity', typeof p.capacity === 'number' ? t('persons', { n: numberText(p.capacity) }) : null),
    // While an operation uses the shelter.
    row('occupancy', typeof p.occupancy === 'number' ? t('persons', { n: numberText(p.occupancy) }) : null),
    row('vacancies', typeof p.vacancies === 'number' ? (p.vacancies > 0 ? t('persons', { n: numberText(p.vacancies) }) : t('shelterFull')) : null),
    row('effective_area_m2', typeof p.effective_area_m2 === 'number' ? numberText(p.effective_area_m2) : null),
    row('facilities', facilities.length ? h('ul', { class: 'chips' }, ...facilities.map((f) => h('li', {}, facilityText(f)))) : null),
    row('contact_name', (p.contact_name as string | null) ?? null),
    row('contact_phone', phone ? h('a', { href: `tel:${phone.replace(/[^0-9+]/g, '')}`, 'aria-label': t('call', { phone }) }, phone) : null),
  );
}
