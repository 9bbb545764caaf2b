import { describe, expect, it } from 'vitest';
import { demandPoints, type DemandFeature } from '../../../server/analysis/demand-points.ts';

const pt = (id: number, properties: DemandFeature['properties']): DemandFeature => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [110 + id, 22.3] }, properties });

describe('demandPoints', () => {
  it('reads a risk site by its residents and a village by its population', () => {
    const d = demandPoints([pt(1, { residents: 12, households: 3 }), pt(2, { population: 300, households: 90 })]);
    expect(d.type).toEqual(['risk_site', 'village']);
    expect(Array.from(d.residents)).toEqual([12, 300]);
    expect(Array.from(d.households)).toEqual([3, 90]);
    expect(d.ids).toEqual([1, 2]);
    expect(Array.from(d.lon)).toEqual([111, 112]);
  });

  it('reads every feature as the type asked for', () => {
    const d = demandPoints([pt(1, { residents: 12, population: 500 })], 'village');
    expect(d.type).toEqual(['village']);
    expect(d.residents[0]).toBe(500);
  });

  it('counts an unknown or negative count as nobody (still a demand point)', () => {
    const d = demandPoints([pt(1, { residents: null as unknown as number }), pt(2, { residents: -4 }), pt(3, null as unknown as DemandFeature['properties'])]);
    expect(Array.from(d.residents)).toEqual([0, 0, 0]);
    expect(d.ids).toEqual([1, 2, 3]);
  });

  it('refuses a feature that is not a point', () => {
    const line = { type: 'Feature', id: 9, geometry: { type: 'LineString', coordinates: [] }, properties: {} } as unknown as DemandFeature;
    expect(() => demandPoints([line])).toThrow(/9 is not a Point/);
  });
});
