/** The evacuation card as GET /api/cards/{code} answers it: read by the card page and its map. */
import type { Feature, LineString, Point } from 'geojson';
import type { Label } from '../i18n.ts';

export interface SignalLevel {
  colour: string;
  name: Label;
  meaning: Label;
  actions: { zh: string[]; en: string[] };
}

export interface Card {
  site: { id: number; geometry: Point; properties: Record<string, unknown> };
  town: { code: string; name: string | null; name_en: string | null };
  grade: { grade: string | null; score: number | null; graded_at: string | null };
  hazard_zones: Array<{ id: number; code: string; name: string | null; hazard: string; grade: string }>;
  shelter: {
    shelter: Feature<Point, Record<string, unknown>> & { id: number };
    distance_m: number;
    walking_minutes: number;
    line: Feature<LineString>;
    excluded_unsafe: number;
    /** By travel only: the way follows the roads. */
    mode?: string;
    offroad_m?: number;
  } | null;
  monitor: { name: string | null; phone: string | null } | null;
  warning_signals: {
    region: Label;
    signals: Array<{ id: string; title: Label; source: Label; levels: SignalLevel[] }>;
    danger_signs: { zh: string[]; en: string[] };
  };
  printed_by: string | null;
  generated_at: string;
}
