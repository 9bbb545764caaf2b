import { describe, expect, it } from 'vitest';
import { coerceValue } from '../../../server/import/coerce-values.ts';
import { shelters } from '../../../server/layers/shelters.ts';
import { depots } from '../../../server/layers/depots.ts';
import { riskSites } from '../../../server/layers/risk-sites.ts';

const a = shelters.attributes;

describe('coerceValue', () => {
  it('reads enum values from their Chinese or English labels, or the value itself', () => {
    expect(coerceValue(a.shelter_type, '紧急避难场所')).toEqual({ ok: true, value: 'emergency' });
    expect(coerceValue(a.status, 'Standby')).toEqual({ ok: true, value: 'standby' });
    expect(coerceValue(a.level, 'village')).toEqual({ ok: true, value: 'village' });
    const bad = coerceValue(a.status, '营业');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toContain('open (开放)');
  });

  it('reads numbers from text with thousands separators, and refuses words', () => {
    expect(coerceValue(a.capacity, '1,200')).toEqual({ ok: true, value: 1200 });
    expect(coerceValue(a.effective_area_m2, ' 4100.5 ')).toEqual({ ok: true, value: 4100.5 });
    expect(coerceValue(a.capacity, '三百')).toEqual({ ok: false, message: '"三百" is not a number' });
  });

  it('reads empty cells as null and numeric codes as text without exponent', () => {
    expect(coerceValue(a.contact_name, '  ')).toEqual({ ok: true, value: null });
    expect(coerceValue(a.town_code, 440983105)).toEqual({ ok: true, value: '440983105' });
  });

  it('reads lists and inventories written the way sheets write them', () => {
    expect(coerceValue(a.facilities, '应急供水;厕所、照明')).toEqual({ ok: true, value: ['应急供水', '厕所', '照明'] });
    expect(coerceValue(a.facilities, '["water","toilets"]')).toEqual({ ok: true, value: ['water', 'toilets'] });
    expect(coerceValue(depots.attributes.inventory, '帐篷:50;棉被：200顶')).toEqual({ ok: true, value: { 帐篷: 50, 棉被: 200 } });
    expect(coerceValue(depots.attributes.inventory, '帐篷 许多').ok).toBe(false);
  });

  it('reads dates without a zone as Beijing time', () => {
    expect(coerceValue(riskSites.attributes.graded_at, '2024/05/01')).toEqual({ ok: true, value: '2024-05-01T00:00:00+08:00' });
    expect(coerceValue(riskSites.attributes.graded_at, '2024-05-01T08:30:00Z')).toEqual({ ok: true, value: '2024-05-01T08:30:00Z' });
  });
});
