/**
 * The straight line against travel time on the county sample: how many risk sites (and households)
 * the nearest-shelter catchments send elsewhere when walking along the roads, and how many sites
 * the radii count as covered that are beyond the walking minutes, and what siting 20 short-term
 * shelters covers by radius and by walking time. The figures quoted in README.md.
 *
 *   npx tsx scripts/travel-vs-straight.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { catchments } from '../server/analysis/catchments.ts';
import { coverage } from '../server/analysis/coverage.ts';
import { siting } from '../server/analysis/siting.ts';
import { loadStandards, serviceMinutes, serviceRadii } from '../server/analysis/standards.ts';
import type { ShelterCollection } from '../server/analysis/types.ts';
import { buildRoadGraph } from '../server/routing/build-graph.ts';
import type { RoadFeature } from '../server/routing/types.ts';
import { readCityLayers } from '../tests/fixtures/tiny-city.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'data/sample/county');
const layers = readCityLayers(dir, { numberIds: true });
const roads = (JSON.parse(fs.readFileSync(path.join(dir, 'roads.geojson'), 'utf8')) as { features: RoadFeature[] }).features;
const standards = loadStandards(path.join(root, 'data/shelter-standards.json'));
const usable = new Set<string>(standards.usable_statuses);
const shelters: ShelterCollection = { type: 'FeatureCollection', features: layers.shelters.features.filter((s) => usable.has(s.properties.status)) };
const travel = { graph: buildRoadGraph(roads), mode: 'walk' as const };

const byTime = catchments(layers.sites, shelters, { method: 'nearest', serviceRadiusM: serviceRadii(standards), travel, serviceMinutes: serviceMinutes(standards, 'walk') });
const cover = coverage({ ...layers, standards, options: { travel } });
const straightCover = coverage({ ...layers, standards });
const sitedByTime = siting({ ...layers, count: 20, shelterType: 'short_term', standards, travel });
const sitedByRadius = siting({ ...layers, count: 20, shelterType: 'short_term', standards });
const picked = (r: typeof sitedByTime) => new Set(r.picks.features.map((f) => f.properties.candidate_id));
const samePicks = [...picked(sitedByTime)].filter((c) => picked(sitedByRadius).has(c)).length;
const s = byTime.summary;
console.log(
  JSON.stringify(
    {
      risk_sites: s.demand_points,
      households: s.households,
      changing_shelter: s.straight_line,
      unreachable_sites: byTime.unassigned.length,
      uncovered_sites_straight: straightCover.summary.city.uncovered_sites,
      uncovered_sites_walking: cover.summary.city.uncovered_sites,
      newly_uncovered: cover.summary.straight_line,
      siting_20_short_term: {
        by_radius: { before: sitedByRadius.before, after: sitedByRadius.after },
        by_walking: { before: sitedByTime.before, after: sitedByTime.after, straight_line: sitedByTime.straight_line },
        picks_in_common: samePicks,
      },
    },
    null,
    2,
  ),
);
