import { GRADES, GRADE_LABELS, type LayerDefinition } from './types.ts';

export const riskSites: LayerDefinition = {
  id: 'risk_sites',
  table: 'risk_sites',
  geometryType: 'Point',
  title: { zh: '削坡建房风险点', en: 'Slope-cut housing risk sites' },
  description: {
    zh: '农村削坡建房风险点调查、分级与整治',
    en: 'Survey, risk grade and rectification of rural houses built against cut slopes',
  },
  writeRoles: ['geohazard'],
  codeAttribute: 'code',
  labelAttribute: 'code',
  attributes: {
    code: { type: 'string', maxLength: 40, required: true, filterable: true, inTiles: true, title: { zh: '编号', en: 'Site code' } },
    town_code: { type: 'string', pattern: '^\\d{9}$', required: true, filterable: true, inTiles: true, title: { zh: '所属镇街', en: 'Town code' } },
    village: { type: 'string', maxLength: 50, nullable: true, filterable: true, inTiles: true, title: { zh: '所属村', en: 'Village' } },
    households: { type: 'integer', min: 1, max: 500, required: true, filterable: true, inTiles: true, title: { zh: '户数', en: 'Households' } },
    residents: { type: 'integer', min: 1, max: 5000, required: true, filterable: true, inTiles: true, title: { zh: '受威胁人数', en: 'Residents at risk' } },
    slope_height_m: { type: 'number', min: 0, max: 200, nullable: true, title: { zh: '边坡高度(米)', en: 'Slope height (m)' } },
    slope_angle_deg: { type: 'number', min: 0, max: 90, nullable: true, title: { zh: '坡度(度)', en: 'Slope angle (°)' } },
    distance_to_slope_m: { type: 'number', min: 0, max: 500, nullable: true, title: { zh: '房屋距坡脚(米)', en: 'House–slope distance (m)' } },
    slope_material: {
      type: 'enum', values: ['soil', 'weathered_rock', 'rock', 'mixed'], nullable: true, filterable: true,
      title: { zh: '坡体物质', en: 'Slope material' },
      labels: { soil: { zh: '土质', en: 'Soil' }, weathered_rock: { zh: '风化岩', en: 'Weathered rock' }, rock: { zh: '岩质', en: 'Rock' }, mixed: { zh: '土岩混合', en: 'Mixed' } },
    },
    retaining_structure: {
      type: 'enum', values: ['none', 'simple', 'engineered'], nullable: true, filterable: true,
      title: { zh: '支护结构', en: 'Retaining structure' },
      labels: { none: { zh: '无', en: 'None' }, simple: { zh: '简易', en: 'Simple' }, engineered: { zh: '工程支护', en: 'Engineered' } },
    },
    deformation: {
      type: 'enum', values: ['none', 'minor', 'obvious', 'severe'], nullable: true, filterable: true,
      title: { zh: '变形迹象', en: 'Deformation signs' },
      labels: { none: { zh: '无', en: 'None' }, minor: { zh: '轻微', en: 'Minor' }, obvious: { zh: '明显', en: 'Obvious' }, severe: { zh: '严重', en: 'Severe' } },
    },
    drainage: {
      type: 'enum', values: ['none', 'poor', 'adequate'], nullable: true, filterable: true,
      title: { zh: '排水条件', en: 'Drainage' },
      labels: { none: { zh: '无', en: 'None' }, poor: { zh: '较差', en: 'Poor' }, adequate: { zh: '良好', en: 'Adequate' } },
    },
    grade: {
      type: 'enum', values: GRADES, nullable: true, filterable: true, inTiles: true, readOnly: true,
      title: { zh: '风险等级', en: 'Risk grade' }, labels: GRADE_LABELS,
    },
    grade_score: { type: 'number', nullable: true, readOnly: true, title: { zh: '评分', en: 'Grade score' } },
    graded_at: { type: 'datetime', nullable: true, readOnly: true, title: { zh: '分级时间', en: 'Graded at' } },
    rectification_status: {
      type: 'enum', values: ['not_started', 'in_progress', 'completed', 'relocated'], required: true, filterable: true, inTiles: true,
      title: { zh: '整治状态', en: 'Rectification status' },
      labels: {
        not_started: { zh: '未整治', en: 'Not started' }, in_progress: { zh: '整治中', en: 'In progress' },
        completed: { zh: '已整治', en: 'Completed' }, relocated: { zh: '已搬迁', en: 'Relocated' },
      },
    },
    rectification_method: {
      type: 'enum', values: ['retaining_wall', 'slope_regrading', 'drainage', 'relocation', 'monitoring'], nullable: true, filterable: true,
      title: { zh: '整治方式', en: 'Rectification method' },
      labels: {
        retaining_wall: { zh: '挡土墙', en: 'Retaining wall' }, slope_regrading: { zh: '削坡减载', en: 'Slope regrading' },
        drainage: { zh: '排水工程', en: 'Drainage works' }, relocation: { zh: '搬迁避让', en: 'Relocation' }, monitoring: { zh: '监测预警', en: 'Monitoring' },
      },
    },
    monitor_name: { type: 'string', maxLength: 50, nullable: true, private: true, title: { zh: '监测责任人', en: 'Monitor' } },
    monitor_phone: { type: 'string', pattern: '^[0-9+\\- ]{5,20}$', nullable: true, private: true, title: { zh: '监测人电话', en: 'Monitor phone' } },
  },
};
