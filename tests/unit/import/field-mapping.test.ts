import { describe, expect, it } from 'vitest';
import { checkGivenMapping, FieldMapper } from '../../../server/import/field-mapping.ts';
import { shelters } from '../../../server/layers/shelters.ts';
import { riskSites } from '../../../server/layers/risk-sites.ts';
import { HttpError } from '../../../server/http/errors.ts';

function mapAll(fields: string[], given = {}, saved = {}, layer = shelters) {
  const m = new FieldMapper(layer, given, saved);
  m.prime(fields);
  return Object.fromEntries(fields.map((f) => [f, m.attributeFor(f)]));
}

describe('FieldMapper', () => {
  it('matches Chinese titles, English titles and attribute names, ignoring case, spaces and units', () => {
    expect(mapAll(['名称', 'Capacity (persons)', 'SHELTER_TYPE', '有效避难面积(㎡)', 'contact phone'])).toEqual({
      名称: 'name', 'Capacity (persons)': 'capacity', SHELTER_TYPE: 'shelter_type', '有效避难面积(㎡)': 'effective_area_m2', 'contact phone': 'contact_phone',
    });
  });

  it('matches a .dbf name cut short only when one title starts with it, after whole names are placed', () => {
    expect(mapAll(['有效避难面'])).toEqual({ 有效避难面: 'effective_area_m2' });
    // "联系" starts both 联系人 and 联系电话: no guess.
    expect(mapAll(['联系'])).toEqual({ 联系: null });
  });

  it('knows a few everyday synonyms, and leaves service columns and readonly attributes alone', () => {
    expect(mapAll(['可容纳人数', '电话', 'FID', 'updated_by'])).toEqual({ 可容纳人数: 'capacity', 电话: 'contact_phone', FID: null, updated_by: null });
    expect(mapAll(['风险等级', '户数'], {}, {}, riskSites)).toEqual({ 风险等级: null, 户数: 'households' });
  });

  it('a given mapping wins, then a saved one, and two fields never fill one attribute', () => {
    expect(mapAll(['名称', '简称'], { 简称: 'name' })).toEqual({ 名称: null, 简称: 'name' });
    expect(mapAll(['站名'], {}, { 站名: 'name' })).toEqual({ 站名: 'name' });
    const m = new FieldMapper(shelters, {}, {});
    m.prime(['名称', 'name']);
    expect(m.entries().find((e) => e.field === 'name')).toMatchObject({ attribute: null, note: 'name is already filled from "名称"' });
  });
});

describe('checkGivenMapping', () => {
  it('names each field that does not fit', () => {
    try {
      checkGivenMapping(riskSites, { 编号: 'code', 等级: 'grade', 村: 'hamlet', 缺失: 'village' }, ['编号', '等级', '村']);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HttpError);
      const fields = (e as HttpError).details.map((d) => d.field);
      expect(fields).toEqual(['mapping.等级', 'mapping.村', 'mapping.缺失']);
    }
  });
});
