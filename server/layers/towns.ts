import type { LayerDefinition } from './types.ts';

export const towns: LayerDefinition = {
  id: 'towns',
  table: 'towns',
  geometryType: 'MultiPolygon',
  title: { zh: '镇街', en: 'Towns and subdistricts' },
  description: { zh: '信宜市乡镇级行政区划（镇、街道、农场）', en: 'Township-level divisions of Xinyi (towns, subdistricts, state farm)' },
  writeRoles: ['planner'],
  codeAttribute: 'code',
  labelAttribute: 'name',
  attributes: {
    code: { type: 'string', pattern: '^\\d{9}$', required: true, filterable: true, inTiles: true, title: { zh: '区划代码', en: 'Division code' } },
    name: { type: 'string', maxLength: 50, required: true, filterable: true, inTiles: true, title: { zh: '名称', en: 'Name' } },
    name_en: { type: 'string', maxLength: 80, nullable: true, filterable: true, inTiles: true, title: { zh: '英文名', en: 'English name' } },
    population: { type: 'integer', min: 0, max: 10_000_000, nullable: true, inTiles: true, title: { zh: '人口', en: 'Population' } },
    households: { type: 'integer', min: 0, max: 5_000_000, nullable: true, title: { zh: '户数', en: 'Households' } },
  },
};
