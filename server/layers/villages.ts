import type { LayerDefinition } from './types.ts';

export const villages: LayerDefinition = {
  id: 'villages',
  table: 'villages',
  geometryType: 'Point',
  title: { zh: '行政村', en: 'Villages' },
  description: { zh: '行政村（社区）中心点', en: 'Administrative villages (communities), centre points' },
  writeRoles: ['planner'],
  codeAttribute: 'code',
  labelAttribute: 'name',
  attributes: {
    code: { type: 'string', pattern: '^\\d{12}$', required: true, filterable: true, inTiles: true, title: { zh: '村代码', en: 'Village code' } },
    town_code: { type: 'string', pattern: '^\\d{9}$', required: true, filterable: true, inTiles: true, title: { zh: '所属镇街', en: 'Town code' } },
    name: { type: 'string', maxLength: 50, required: true, filterable: true, inTiles: true, title: { zh: '名称', en: 'Name' } },
    name_en: { type: 'string', maxLength: 80, nullable: true, filterable: true, inTiles: true, title: { zh: '英文名', en: 'English name' } },
    population: { type: 'integer', min: 0, max: 1_000_000, nullable: true, inTiles: true, title: { zh: '人口', en: 'Population' } },
    households: { type: 'integer', min: 0, max: 500_000, nullable: true, title: { zh: '户数', en: 'Households' } },
  },
};
