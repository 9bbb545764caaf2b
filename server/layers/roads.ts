import { ROAD_CLASSES, ROAD_CLASS_LABELS, SURFACES, SURFACE_LABELS } from '../domain/vocabularies.ts';
import type { LayerDefinition } from './types.ts';

/** The road network that travel times are measured on (server/routing), with closures. */
export const roads: LayerDefinition = {
  id: 'roads',
  table: 'roads',
  geometryType: 'MultiLineString',
  elevation: true,
  // Tens of thousands of short lines: drawn from the zoom of a town, not over a whole county.
  tileMinZoom: 11,
  title: { zh: '道路', en: 'Roads' },
  description: {
    zh: '道路与步道网络（等级、路面、单行、桥梁涉水、封闭），用于计算步行与车行时间',
    en: 'Roads and footpaths (class, surface, one-way, bridges and fords, closures) on which walking and driving times are measured',
  },
  writeRoles: ['planner'],
  codeAttribute: 'code',
  labelAttribute: 'name',
  attributes: {
    code: { type: 'string', maxLength: 40, required: true, filterable: true, inTiles: true, title: { zh: '编号', en: 'Code' } },
    name: { type: 'string', maxLength: 100, nullable: true, filterable: true, inTiles: true, title: { zh: '名称', en: 'Name' } },
    road_class: { type: 'enum', values: ROAD_CLASSES, required: true, filterable: true, inTiles: true, title: { zh: '道路等级', en: 'Road class' }, labels: ROAD_CLASS_LABELS },
    surface: { type: 'enum', values: SURFACES, nullable: true, filterable: true, inTiles: true, title: { zh: '路面', en: 'Surface' }, labels: SURFACE_LABELS },
    oneway: { type: 'boolean', nullable: true, filterable: true, inTiles: true, title: { zh: '单行', en: 'One-way' } },
    speed_kmh: { type: 'number', min: 1, max: 130, nullable: true, title: { zh: '限速(公里/小时)', en: 'Speed (km/h)' } },
    bridge: { type: 'boolean', nullable: true, filterable: true, inTiles: true, title: { zh: '桥梁', en: 'Bridge' } },
    ford: { type: 'boolean', nullable: true, filterable: true, inTiles: true, title: { zh: '涉水路段', en: 'Ford' } },
    closed: { type: 'boolean', nullable: true, filterable: true, inTiles: true, title: { zh: '封闭', en: 'Closed' } },
    closure_reason: { type: 'string', maxLength: 200, nullable: true, inTiles: true, title: { zh: '封闭原因', en: 'Closure reason' } },
    closed_until: { type: 'datetime', nullable: true, inTiles: true, title: { zh: '封闭至', en: 'Closed until' } },
  },
};
