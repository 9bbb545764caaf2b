import type { LayerDefinition } from './types.ts';

export const depots: LayerDefinition = {
  id: 'depots',
  table: 'depots',
  geometryType: 'Point',
  title: { zh: '物资储备库(点)', en: 'Relief-supply depots' },
  description: { zh: '市—镇—村三级应急物资储备', en: 'Relief supplies stored in the city–town–village tiers' },
  writeRoles: ['planner'],
  codeAttribute: 'code',
  labelAttribute: 'name',
  attributes: {
    code: { type: 'string', maxLength: 40, required: true, filterable: true, inTiles: true, title: { zh: '编号', en: 'Code' } },
    name: { type: 'string', maxLength: 100, required: true, filterable: true, inTiles: true, title: { zh: '名称', en: 'Name' } },
    town_code: { type: 'string', pattern: '^\\d{9}$', nullable: true, filterable: true, inTiles: true, title: { zh: '所属镇街', en: 'Town code' } },
    tier: {
      type: 'enum', values: ['city', 'town', 'village'], required: true, filterable: true, inTiles: true,
      title: { zh: '储备层级', en: 'Tier' },
      labels: { city: { zh: '市级', en: 'City' }, town: { zh: '镇级', en: 'Town' }, village: { zh: '村级', en: 'Village' } },
    },
    inventory: { type: 'quantity_map', nullable: true, title: { zh: '储备物资', en: 'Inventory' } },
    contact: { type: 'string', maxLength: 100, nullable: true, inTiles: true, title: { zh: '联系方式', en: 'Contact' } },
  },
};
