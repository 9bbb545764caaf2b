/**
 * Golden in/out fixtures, Turf style: each tests/fixtures/golden/<analysis>/in/<case>.geojson
 * is a FeatureCollection of the input layers (each feature names its layer in a `layer`
 * member) with the call's `options`; the analysis's answer, as a FeatureCollection, must equal
 * out/<case>.geojson to the letter. REGEN=1 rewrites the out files (see support/golden.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Feature } from 'geojson';
import { describe, it } from 'vitest';
import { catchments, type CatchmentOptions } from '../../../server/analysis/catchments.ts';
import { coverage, type CoverageOptions } from '../../../server/analysis/coverage.ts';
import { evacuationPlan, type EvacuationPlanInput } from '../../../server/analysis/evacuation-plan.ts';
import { indicators, type IndicatorOptions } from '../../../server/analysis/indicators.ts';
import { siting, type SitingInput } from '../../../server/analysis/siting.ts';
import type { Areal } from '../../../server/analysis/types.ts';
import { readCityLayers, type TinyCity } from '../../fixtures/tiny-city.ts';
import { expectGolden, ROOT } from './support/golden.ts';

const DIR = 'tests/fixtures/golden';

/** An in file: the layers and the options of one call. */
class GoldenInput {
  constructor(private readonly file: { options?: Record<string, unknown>; features: (Feature & { layer: string })[] }) {}

  get options(): Record<string, unknown> {
    return this.file.options ?? {};
  }

  /** The features of one layer, without their `layer` member, as a FeatureCollection. */
  layer<F>(name: string): { type: 'FeatureCollection'; features: F[] } {
    const features = this.file.features.filter((f) => f.layer === name).map(({ layer: _layer, ...f }) => f as unknown as F);
    return { type: 'FeatureCollection', features };
  }

  /** The six city layers. */
  city(): TinyCity {
    return {
      sites: this.layer('sites'), villages: this.layer('villages'), shelters: this.layer('shelters'),
      depots: this.layer('depots'), zones: this.layer('zones'), towns: this.layer('towns'),
    } as TinyCity;
  }

  first<F>(name: string): F {
    return this.layer<F>(name).features[0];
  }
}

const RUN: Record<string, (x: GoldenInput) => unknown> = {
  'catchments-nearest': (x) => catchments(x.layer('demand'), x.layer('shelters'), { ...(x.options as unknown as CatchmentOptions), boundary: x.first<Feature<Areal>>('boundary') }),
  'catchments-capacity': (x) => catchments(x.layer('demand'), x.layer('shelters'), x.options as unknown as CatchmentOptions),
  coverage: (x) => coverage({ ...x.city(), options: x.options as CoverageOptions }),
  siting: (x) => siting({ ...x.city(), ...(x.options as unknown as Pick<SitingInput, 'count' | 'shelterType'>) }),
  'evacuation-plan': (x) => evacuationPlan({ ...x.city(), warningArea: x.first<Feature<Areal>>('warning_area'), ...(x.options as unknown as Pick<EvacuationPlanInput, 'serviceRadiusM'>) }),
  indicators: (x) => indicators({ ...x.city(), options: x.options as IndicatorOptions }),
};

/**
 * An answer as one FeatureCollection: a FeatureCollection stays as it is; an object of several
 * (coverage, indicators, siting) becomes one whose features name their part in `layer`, with
 * the other members (summaries, parameters) kept beside them.
 */
function asFeatureCollection(answer: unknown): unknown {
  const a = answer as Record<string, unknown>;
  if (a.type === 'FeatureCollection') return a;
  const features: unknown[] = [];
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(a)) {
    const v = value as { type?: string; features?: Feature[] } | null;
    if (v?.type === 'FeatureCollection') for (const { type, ...f } of v.features ?? []) features.push({ type, layer: key, ...f });
    else rest[key] = value;
  }
  return { type: 'FeatureCollection', ...rest, features };
}

for (const analysis of Object.keys(RUN)) {
  describe(`golden ${analysis}`, () => {
    const inDir = path.join(ROOT, DIR, analysis, 'in');
    for (const name of fs.readdirSync(inDir).filter((f) => f.endsWith('.geojson')).sort()) {
      it(`answers ${name} exactly as recorded`, () => {
        const input = new GoldenInput(JSON.parse(fs.readFileSync(path.join(inDir, name), 'utf8')));
        expectGolden(`${DIR}/${analysis}/out/${name}`, asFeatureCollection(RUN[analysis](input)));
      });
    }
  });
}

describe('golden figures on the county sample', () => {
  it('gives the recorded coverage, indicators and siting figures (without geometries)', () => {
    const county = readCityLayers('data/sample/county', { numberIds: true });
    const props = (fc: { features: { properties: unknown }[] }) => fc.features.map((f) => f.properties);
    const cov = coverage(county);
    const ind = indicators(county);
    const sit = siting({ ...county, count: 20, shelterType: 'short_term' });
    expectGolden(`${DIR}/county-sample-figures.json`, {
      coverage: {
        summary: cov.summary,
        towns: props(cov.towns),
        // one line per feature: who, and the figures a planner reads off the map
        uncovered: cov.uncovered.features.map(({ properties: p }) => [p.demand_type, p.source_id, p.nearest_shelter_id, p.nearest_distance_m, p.shortfall_m]),
        overloaded: cov.overloaded.features.map(({ properties: p }) => [p.source_id, p.load, p.capacity, p.demand_points]),
        unsafe_shelters: cov.unsafe_shelters.features.map(({ properties: p }) => [p.source_id, ...p.zone_ids]),
        depot_gaps: cov.depot_gaps.features.map(({ properties: p }) => [p.kind, p.tier, p.source_id, p.distance_m, p.nearest_depot_id]),
        gap_areas: cov.gap_areas.features.map(({ properties: p }) => [p.cells, p.area_km2, p.uncovered_residents, p.uncovered_village_population, ...p.town_codes]),
      },
      indicators: { city: ind.city, towns: props(ind.towns) },
      siting: { picks: sit.picks.features.map(({ properties: p }) => [p.candidate_id, p.marginal_gain, ...p.covered_site_ids]), before: sit.before, after: sit.after, candidates: sit.candidates, method: sit.method },
    });
  });
});
