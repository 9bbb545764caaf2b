import { GRADES, GRADE_LABELS, HAZARDS, HAZARD_LABELS } from '../domain/vocabularies.ts';
import type { LayerDefinition } from './types.ts';

export const hazardZones: LayerDefinition = {
  id: 'hazard_zones',
  table: 'hazard_zones',
  geometryType: 'MultiPolygon',
  title: { zh: '风险区', en: 'Hazard zones' },
  description: { zh: '洪涝、地质灾害、内涝、森林火灾、台风风险分区', en: 'Graded zones of floods, geohazards, waterlogging, forest fire and typhoon' },
  writeRoles: ['planner'],
  codeAttribute: 'code',
  labelAttribute: 'name',
  attributes: {
    code: { type: 'string', maxLength: 40, required: true, filterable: true, inTiles: true, title: { zh: '编号', en: 'Code' } },
    name: { type: 'string', maxLength: 100, nullable: true, filterable: true, inTiles: true, title: { zh: '名称', en: 'Name' } },
    hazard: {
      type: 'enum', values: HAZARDS, required: true, filterable: true, inTiles: true,
      title: { zh: '灾种', en: 'Hazard' },
      labels: HAZARD_LABELS,
    },
    grade: { type: 'enum', values: GRADES, required: true, filterable: true, inTiles: true, title: { zh: '风险等级', en: 'Risk grade' }, labels: GRADE_LABELS },
    source: { type: 'string', maxLength: 200, nullable: true, filterable: true, title: { zh: '数据来源', en: 'Source' } },
  },
};
