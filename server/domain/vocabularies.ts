/**
 * The fixed vocabularies of the domain, with their Chinese and English labels: risk grades,
 * hazards, shelter types and shelter statuses. One definition for the layer descriptions, the
 * analyses and the web client; pure constants (no Node, no DOM), so both sides can import it.
 *
 * @example
 * import { GRADES, GRADE_LABELS, type Grade } from '../domain/vocabularies.ts';
 * GRADES[0];                   // 'very_high' (most severe first)
 * GRADE_LABELS.very_high.zh;   // '极高'
 */

/** A name in both languages of the service. */
export interface Label {
  zh: string;
  en: string;
}

/** Risk grades of China's geohazard risk survey, most severe first (极高 / 高 / 中 / 低). */
export const GRADES = ['very_high', 'high', 'medium', 'low'] as const;
export type Grade = (typeof GRADES)[number];
export const GRADE_LABELS: Readonly<Record<Grade, Label>> = {
  very_high: { zh: '极高', en: 'Very high' },
  high: { zh: '高', en: 'High' },
  medium: { zh: '中', en: 'Medium' },
  low: { zh: '低', en: 'Low' },
};

/** Hazards that hazard zones (and warnings) are drawn for. */
export const HAZARDS = ['landslide', 'debris_flow', 'flood', 'waterlogging', 'forest_fire', 'typhoon'] as const;
export type Hazard = (typeof HAZARDS)[number];
export const HAZARD_LABELS: Readonly<Record<Hazard, Label>> = {
  landslide: { zh: '滑坡崩塌', en: 'Landslide' },
  debris_flow: { zh: '泥石流', en: 'Debris flow' },
  flood: { zh: '洪水', en: 'Flood' },
  waterlogging: { zh: '内涝', en: 'Waterlogging' },
  forest_fire: { zh: '森林火灾', en: 'Forest fire' },
  typhoon: { zh: '台风', en: 'Typhoon' },
};

/** Shelter types of GB 51143-2015, from the shortest stay to the longest. */
export const SHELTER_TYPES = ['emergency', 'short_term', 'mid_term', 'long_term'] as const;
export type ShelterType = (typeof SHELTER_TYPES)[number];
export const SHELTER_TYPE_LABELS: Readonly<Record<ShelterType, Label>> = {
  emergency: { zh: '紧急避难场所', en: 'Emergency' },
  short_term: { zh: '短期固定避难场所', en: 'Short-term' },
  mid_term: { zh: '中期固定避难场所', en: 'Mid-term' },
  long_term: { zh: '长期固定避难场所', en: 'Long-term' },
};

/** Where a shelter stands: open and standby ones can take people (by default). */
export const SHELTER_STATUSES = ['open', 'standby', 'closed', 'planned'] as const;
export type ShelterStatus = (typeof SHELTER_STATUSES)[number];
export const SHELTER_STATUS_LABELS: Readonly<Record<ShelterStatus, Label>> = {
  open: { zh: '开放', en: 'Open' },
  standby: { zh: '待启用', en: 'Standby' },
  closed: { zh: '关闭', en: 'Closed' },
  planned: { zh: '规划', en: 'Planned' },
};

/** Road classes of the road network, from the fastest to footpaths (travel time: server/routing). */
export const ROAD_CLASSES = ['expressway', 'national', 'provincial', 'county', 'township', 'village', 'track', 'footpath'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];
export const ROAD_CLASS_LABELS: Readonly<Record<RoadClass, Label>> = {
  expressway: { zh: '高速公路', en: 'Expressway' },
  national: { zh: '国道', en: 'National road' },
  provincial: { zh: '省道', en: 'Provincial road' },
  county: { zh: '县道', en: 'County road' },
  township: { zh: '乡道', en: 'Township road' },
  village: { zh: '村道', en: 'Village road' },
  track: { zh: '机耕路', en: 'Track' },
  footpath: { zh: '步道', en: 'Footpath' },
};

/** Road surfaces. */
export const SURFACES = ['paved', 'gravel', 'earth'] as const;
export type Surface = (typeof SURFACES)[number];
export const SURFACE_LABELS: Readonly<Record<Surface, Label>> = {
  paved: { zh: '硬化路面', en: 'Paved' },
  gravel: { zh: '砂石路面', en: 'Gravel' },
  earth: { zh: '土路', en: 'Earth' },
};

/** What a warning is about (Guangdong's meteorological and geohazard warnings). */
export const WARNING_HAZARDS = ['rainstorm', 'typhoon', 'geohazard', 'flood', 'forest_fire', 'other'] as const;
export type WarningHazard = (typeof WARNING_HAZARDS)[number];
export const WARNING_HAZARD_LABELS: Readonly<Record<WarningHazard, Label>> = {
  rainstorm: { zh: '暴雨', en: 'Rainstorm' },
  typhoon: { zh: '台风', en: 'Typhoon' },
  geohazard: { zh: '地质灾害', en: 'Geohazard' },
  flood: { zh: '洪水', en: 'Flood' },
  forest_fire: { zh: '森林火险', en: 'Forest fire' },
  other: { zh: '其他', en: 'Other' },
};

/** Warning levels, from the least to the most severe (coloured like the signals). */
export const WARNING_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];
export const WARNING_LEVEL_LABELS: Readonly<Record<WarningLevel, Label>> = {
  blue: { zh: '蓝色', en: 'Blue' },
  yellow: { zh: '黄色', en: 'Yellow' },
  orange: { zh: '橙色', en: 'Orange' },
  red: { zh: '红色', en: 'Red' },
};
