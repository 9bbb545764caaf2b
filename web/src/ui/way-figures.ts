/**
 * The figures of the way to a shelter, as "where do I go?" and the card say them: the distance
 * along the roads (or the straight line when no way was found), the walking minutes, and the
 * off-road part when it is long enough that people should know they leave the roads.
 */
import { distanceText, t } from '../i18n.ts';

export interface WayFigures {
  distance_m: number;
  walking_minutes: number;
  /** Present when the answer follows the roads. */
  mode?: string;
  offroad_m?: number;
}

/** Off-road legs shorter than this are a doorstep to the nearest road, not worth a mention. */
const OFFROAD_NOTE_M = 100;

export function wayFiguresText(w: WayFigures): { distance: string; walking: string; offroad: string | null } {
  const byRoad = w.mode !== undefined && w.mode !== 'straight';
  return {
    distance: `${t(byRoad ? 'wayDistance' : 'distance')} ${distanceText(w.distance_m)}`,
    walking: t('walking', { n: w.walking_minutes }),
    offroad: byRoad && w.offroad_m !== undefined && w.offroad_m >= OFFROAD_NOTE_M ? t('offroad', { d: distanceText(w.offroad_m) }) : null,
  };
}
