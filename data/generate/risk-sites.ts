/**
 * Slope-cut housing risk sites (削坡建房风险点): houses built against cut slopes, clustered near
 * hill villages. Survey attributes only; grading is left to the grading rules (grade = null).
 */
import type { Feature, Point } from 'geojson';
import { pad } from './allocate.ts';
import type { CountyContext } from './context.ts';
import { mobilePhone, personName } from './names.ts';
import { sampleNear } from './placement.ts';
import type { Rng } from './Rng.ts';
import { roundTo } from './round.ts';
import type { RiskSiteProps } from './types.ts';
import type { Village } from './villages.ts';

type Rectification = Pick<RiskSiteProps, 'rectification_status' | 'rectification_method'>;

function rectification(rng: Rng): Rectification {
  const status = rng.weighted({ not_started: 0.86, in_progress: 0.07, completed: 0.05, relocated: 0.02 });
  if (status === 'not_started') return { rectification_status: status, rectification_method: null };
  if (status === 'relocated') return { rectification_status: status, rectification_method: 'relocation' };
  const method = rng.weighted({ retaining_wall: 0.4, slope_regrading: 0.2, drainage: 0.25, monitoring: 0.15 });
  return { rectification_status: status, rectification_method: method };
}

function surveyAttributes(h: number, rng: Rng): Omit<RiskSiteProps, 'code' | 'town_code' | 'village' | 'monitor_name' | 'monitor_phone'> {
  const households = 1 + rng.weightedIndex([0.45, 0.3, 0.13, 0.07, 0.03, 0.02]);
  let residents = 0;
  for (let i = 0; i < households; i++) residents += rng.int(1, 6);
  return {
    households,
    residents,
    // Cuts are higher in the mountains; most are a storey or two.
    slope_height_m: roundTo(rng.logNormal(4 + 8 * h, 0.5, 1, 60), 1),
    slope_angle_deg: Math.round(Math.min(90, Math.max(10, rng.normal(62, 12)))),
    distance_to_slope_m: rng.chance(0.05) ? 0 : roundTo(rng.logNormal(2.5, 0.8, 0.2, 50), 1),
    slope_material: rng.weighted({ soil: 0.4 - 0.2 * h, weathered_rock: 0.35, rock: 0.1 + 0.15 * h, mixed: 0.15 + 0.05 * h }),
    retaining_structure: rng.weighted({ none: 0.55, simple: 0.33, engineered: 0.12 }),
    deformation: rng.weighted({ none: 0.58, minor: 0.27, obvious: 0.11, severe: 0.04 }),
    drainage: rng.weighted({ none: 0.3, poor: 0.42, adequate: 0.28 }),
    grade: null,
    grade_score: null,
    graded_at: null,
    ...rectification(rng),
  };
}

export function buildRiskSites(
  ctx: CountyContext,
  villagesByTown: readonly Village[][],
  perTown: readonly number[],
  rng: Rng,
): Feature<Point, RiskSiteProps>[] {
  const features: Feature<Point, RiskSiteProps>[] = [];
  ctx.towns.forEach((town, t) => {
    const villages = villagesByTown[t];
    const weights = villages.map((v) => v.hilliness ** 2 + 0.02);
    // One monitor (usually a village cadre) watches every site of a village.
    const monitors = new Map<string, { name: string; phone: string }>();
    for (let n = 0; n < perTown[t]; n++) {
      const village = villages[rng.weightedIndex(weights)];
      const spot = sampleNear(ctx, town, village.xy, 0.7, rng);
      let monitor = monitors.get(village.code);
      if (!monitor) {
        monitor = { name: personName(rng), phone: mobilePhone(rng) };
        monitors.set(village.code, monitor);
      }
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: spot.lonLat },
        properties: {
          code: `XP${town.code}-${pad(n + 1, 4)}`,
          town_code: town.code,
          village: village.name,
          ...surveyAttributes(ctx.terrain.hilliness(spot.xy), rng),
          monitor_name: monitor.name,
          monitor_phone: monitor.phone,
        },
      });
    }
  });
  return features;
}
