import { GRADES, GRADE_LABELS, type LayerDefinition } from './types.ts';

export const HAZARDS = ['landslide', 'debris_flow', 'flood', 'waterlogging', 'forest_fire', 'typhoon'] as const;

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
      labels: {
        landslide: { zh: '滑坡崩塌', en: 'Landslide' }, debris_flow: { zh: '泥石流', en: 'Debris flow' }, flood: { zh: '洪水', en: 'Flood' },
        waterlogging: { zh: '内涝', en: 'Waterlogging' }, forest_fire: { zh: '森林火灾', en: 'Forest fire' }, typhoon: { zh: '台风', en: 'Typhoon' },
      },
    },
    grade: { type: 'enum', values: GRADES, required: true, filterable: true, inTiles: true, title: { zh: '风险等级', en: 'Risk grade' }, labels: GRADE_LABELS },
    source: { type: 'string', maxLength: 200, nullable: true, filterable: true, title: { zh: '数据来源', en: 'Source' } },
  },
};
