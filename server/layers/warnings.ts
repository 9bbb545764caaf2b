import { WARNING_HAZARDS, WARNING_HAZARD_LABELS, WARNING_LEVELS, WARNING_LEVEL_LABELS } from '../domain/vocabularies.ts';
import type { LayerDefinition } from './types.ts';

/**
 * Warnings in force over an area, from a Common Alerting Protocol alert or drawn by the duty
 * officer. The public sees only those in force (not yet expired); staff see all of them.
 */
export const warnings: LayerDefinition = {
  id: 'warnings',
  table: 'warnings',
  geometryType: 'MultiPolygon',
  title: { zh: '预警', en: 'Warnings' },
  description: { zh: '生效中的暴雨、台风、地质灾害等预警及其范围', en: 'Rainstorm, typhoon, geohazard and other warnings in force, with their areas' },
  writeRoles: ['duty'],
  codeAttribute: 'code',
  labelAttribute: 'headline',
  publicWhere: '(expires IS NULL OR expires > now())',
  // A warning's time is when it takes effect.
  timeField: 'onset',
  attributes: {
    code: { type: 'string', maxLength: 200, required: true, filterable: true, inTiles: true, title: { zh: '编号', en: 'Identifier' } },
    hazard: { type: 'enum', values: WARNING_HAZARDS, required: true, filterable: true, inTiles: true, title: { zh: '灾种', en: 'Hazard' }, labels: WARNING_HAZARD_LABELS },
    level: { type: 'enum', values: WARNING_LEVELS, required: true, filterable: true, inTiles: true, title: { zh: '预警级别', en: 'Level' }, labels: WARNING_LEVEL_LABELS },
    headline: { type: 'string', maxLength: 300, required: true, inTiles: true, title: { zh: '标题', en: 'Headline' } },
    description: { type: 'string', maxLength: 4000, nullable: true, title: { zh: '内容', en: 'Description' } },
    onset: { type: 'datetime', nullable: true, inTiles: true, title: { zh: '生效时间', en: 'Onset' } },
    expires: { type: 'datetime', nullable: true, filterable: true, inTiles: true, title: { zh: '失效时间', en: 'Expires' } },
    source: { type: 'string', maxLength: 200, nullable: true, inTiles: true, title: { zh: '发布单位', en: 'Source' } },
    severity: {
      type: 'enum', values: ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'], nullable: true, filterable: true,
      title: { zh: '严重程度(CAP)', en: 'Severity (CAP)' },
    },
    urgency: {
      type: 'enum', values: ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'], nullable: true, filterable: true,
      title: { zh: '紧迫程度(CAP)', en: 'Urgency (CAP)' },
    },
  },
};
