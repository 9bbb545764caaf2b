import { SHELTER_STATUSES, SHELTER_STATUS_LABELS, SHELTER_TYPES, SHELTER_TYPE_LABELS } from '../domain/vocabularies.ts';
import type { LayerDefinition } from './types.ts';

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
      labels: SHELTER_TYPE_LABELS,
    },
    level: {
      type: 'enum', values: ['city', 'town', 'village'], required: true, filterable: true, inTiles: true,
      title: { zh: '级别', en: 'Level' },
      labels: { city: { zh: '市级', en: 'City' }, town: { zh: '镇级', en: 'Town' }, village: { zh: '村级', en: 'Village' } },
    },
    capacity: { type: 'integer', min: 0, max: 1_000_000, required: true, filterable: true, inTiles: true, title: { zh: '容纳人数', en: 'Capacity (persons)' } },
    effective_area_m2: { type: 'number', min: 0, max: 10_000_000, nullable: true, inTiles: true, title: { zh: '有效避难面积(㎡)', en: 'Effective area (m²)' } },
    facilities: { type: 'string_list', maxItems: 50, nullable: true, inTiles: true, title: { zh: '设施', en: 'Facilities' } },
    status: {
      type: 'enum', values: SHELTER_STATUSES, required: true, filterable: true, inTiles: true,
      title: { zh: '状态', en: 'Status' },
      labels: SHELTER_STATUS_LABELS,
    },
    contact_name: { type: 'string', maxLength: 50, nullable: true, inTiles: true, title: { zh: '联系人', en: 'Contact' } },
    contact_phone: { type: 'string', pattern: '^[0-9+\\- ]{5,20}$', nullable: true, inTiles: true, title: { zh: '联系电话', en: 'Contact phone' } },
    // Set by check-ins while an evacuation operation runs (server/operations), empty otherwise.
    occupancy: { type: 'integer', min: 0, nullable: true, readOnly: true, inTiles: true, title: { zh: '在场人数', en: 'People here now' } },
    vacancies: { type: 'integer', nullable: true, readOnly: true, inTiles: true, title: { zh: '剩余床位', en: 'Places left' } },
  },
};
