import type { LayerDefinition } from './types.ts';

export const SHELTER_TYPES = ['emergency', 'short_term', 'mid_term', 'long_term'] as const;

export const shelters: LayerDefinition = {
  id: 'shelters',
  table: 'shelters',
  geometryType: 'Point',
  title: { zh: '应急避难场所', en: 'Emergency shelters' },
  description: { zh: '应急避难场所及其容量、设施与状态', en: 'Emergency shelters with capacity, facilities and status' },
  writeRoles: ['planner'],
  codeAttribute: 'code',
  labelAttribute: 'name',
  attributes: {
    code: { type: 'string', maxLength: 40, required: true, filterable: true, inTiles: true, title: { zh: '编号', en: 'Code' } },
    name: { type: 'string', maxLength: 100, required: true, filterable: true, inTiles: true, title: { zh: '名称', en: 'Name' } },
    town_code: { type: 'string', pattern: '^\\d{9}$', nullable: true, filterable: true, inTiles: true, title: { zh: '所属镇街', en: 'Town code' } },
    shelter_type: {
      type: 'enum', values: SHELTER_TYPES, required: true, filterable: true, inTiles: true,
      title: { zh: '场所类型', en: 'Shelter type' },
      labels: {
        emergency: { zh: '紧急避难场所', en: 'Emergency' }, short_term: { zh: '短期固定避难场所', en: 'Short-term' },
        mid_term: { zh: '中期固定避难场所', en: 'Mid-term' }, long_term: { zh: '长期固定避难场所', en: 'Long-term' },
      },
    },
    level: {
      type: 'enum', values: ['city', 'town', 'village'], required: true, filterable: true, inTiles: true,
      title: { zh: '级别', en: 'Level' },
      labels: { city: { zh: '市级', en: 'City' }, town: { zh: '镇级', en: 'Town' }, village: { zh: '村级', en: 'Village' } },
    },
    capacity: { type: 'integer', min: 0, max: 1_000_000, required: true, inTiles: true, title: { zh: '容纳人数', en: 'Capacity (persons)' } },
    effective_area_m2: { type: 'number', min: 0, max: 10_000_000, nullable: true, inTiles: true, title: { zh: '有效避难面积(㎡)', en: 'Effective area (m²)' } },
    facilities: { type: 'string_list', maxItems: 50, nullable: true, inTiles: true, title: { zh: '设施', en: 'Facilities' } },
    status: {
      type: 'enum', values: ['open', 'standby', 'closed', 'planned'], required: true, filterable: true, inTiles: true,
      title: { zh: '状态', en: 'Status' },
      labels: { open: { zh: '开放', en: 'Open' }, standby: { zh: '待启用', en: 'Standby' }, closed: { zh: '关闭', en: 'Closed' }, planned: { zh: '规划', en: 'Planned' } },
    },
    contact_name: { type: 'string', maxLength: 50, nullable: true, inTiles: true, title: { zh: '联系人', en: 'Contact' } },
    contact_phone: { type: 'string', pattern: '^[0-9+\\- ]{5,20}$', nullable: true, inTiles: true, title: { zh: '联系电话', en: 'Contact phone' } },
  },
};
