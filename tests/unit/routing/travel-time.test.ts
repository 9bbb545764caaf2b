import { booleanPointInPolygon, point } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { buildRoadGraph } from '../../../server/routing/build-graph.ts';
import { closureMask } from '../../../server/routing/closures.ts';
import { kNearestShelters } from '../../../server/routing/k-nearest.ts';
import { nearestFromSnaps, nearestShelters } from '../../../server/routing/nearest-shelters.ts';
import { routeToShelter } from '../../../server/routing/route.ts';
import { shelterField } from '../../../server/routing/shelter-field.ts';
import { snapPoint, snapPoints } from '../../../server/routing/snap.ts';
import { toblerKmh } from '../../../server/routing/tobler.ts';
import { isochrones } from '../../../server/routing/isochrones.ts';
import { FLAT_WALK_MPS, OFFROAD_MPS, at, road, xy } from './support/network.ts';

/**
 * A river runs east–west along y = 0. The south bank road (y = −100) and the north bank road
 * (y = +200) meet only at a bridge 300 m long at x = 1000.
 */
const riverTown = [
  road({ id: 1, name: '南岸路', road_class: 'county' }, at(-2000, -100), at(1000, -100), at(2000, -100)),
  road({ id: 2, name: '北岸路', road_class: 'county' }, at(-2000, 200), at(1000, 200), at(2000, 200)),
  road({ id: 3, name: '信宜大桥', road_class: 'county', bridge: true }, at(1000, -100), at(1000, 200)),
];

describe('the river crossed by one bridge', () => {
  const graph = buildRoadGraph(riverTown);

  it('makes nodes at road ends and where roads share a vertex, and an edge per stretch between them', () => {
    // Nodes: 3 on each bank road (ends + the bridge foot); the bridge adds no new node. Edges: 2 + 2 + 1.
    expect(graph.nodeCount).toBe(6);
    expect(graph.edgeCount).toBe(5);
    const lengths = [...graph.edgeLength].map((m) => Math.round(m * 1000) / 1000).sort((a, b) => a - b);
    expect(lengths).toEqual([300, 1000, 1000, 3000, 3000]);
  });

  it('sends a house 300 m across the river over the bridge', () => {
    // House at (0, −110): 10 m off-road to (0, −100); east 1000 m, bridge 300 m, west 1000 m to
    // (0, 200); 10 m off-road to the shelter at (0, 210). Road 2300 m at 1.3990950 m/s = 1643.91 s,
    // off-road 20 m at 0.69444 m/s = 28.80 s: 1672.71 s = 27.879 min over 2320 m.
    const route = routeToShelter(graph, at(0, -110), at(0, 210), { mode: 'walk' })!;
    expect(route.properties.length_m).toBeCloseTo(2320, 6);
    expect(route.properties.offroad_m).toBeCloseTo(20, 6);
    expect(route.properties.minutes!).toBeCloseTo((2300 / FLAT_WALK_MPS + 20 / OFFROAD_MPS) / 60, 6);
    expect(route.properties.minutes!).toBeCloseTo(27.879, 3);
    expect(route.properties.roads).toEqual(['南岸路', '信宜大桥', '北岸路']);
    const drawn = route.geometry.coordinates.map((p) => xy(p).map((v) => Math.round(v)));
    expect(drawn).toEqual([[0, -110], [0, -100], [1000, -100], [1000, 200], [0, 200], [0, 210]]);
  });

  it('gives the same answer from the all-shelters search', () => {
    const field = shelterField(graph, [at(0, 210), at(-2000, -400)], { mode: 'walk' });
    const best = nearestShelters(graph, field, [at(0, -110)]);
    // Shelter 1 is 2000 m west along the south road + 300 m off-road: 1429.5 + 432 s = 31.0 min, so shelter 0 wins.
    expect(best.shelter[0]).toBe(0);
    expect(best.minutes[0]).toBeCloseTo(27.879, 3);
    expect(best.distance_m[0]).toBeCloseTo(2320, 6);
    expect(best.offroad_m[0]).toBeCloseTo(20, 6);
  });

  it('answers as well from snaps made once, and leaves a point with no snap unplaced', () => {
    const field = shelterField(graph, [at(0, 210), at(-2000, -400)], { mode: 'walk' });
    const snaps = [...snapPoints(graph, [at(0, -110)], 'walk'), null];
    const best = nearestFromSnaps(graph, field, snaps);
    expect([...best.shelter]).toEqual([0, -1]);
    expect(best.minutes[0]).toBeCloseTo(27.879, 3);
    expect(best.distance_m[0]).toBeCloseTo(2320, 6);
    expect(best.minutes[1]).toBe(Infinity);
  });

  it('counts a handicap per shelter, on the roads and along the shelter\'s own edge', () => {
    // Shelter 0 (27.879 min away) handicapped 5 min loses to shelter 1 (31.0 min); the minutes include the handicap.
    const field = shelterField(graph, [at(0, 210), at(-2000, -400)], { mode: 'walk', handicap: [300, 0] });
    const best = nearestShelters(graph, field, [at(0, -110)]);
    expect(best.shelter[0]).toBe(1);
    expect(best.minutes[0]).toBeCloseTo((2000 / FLAT_WALK_MPS + 310 / OFFROAD_MPS) / 60, 3);
    // A house on shelter 0's own road, 100 m along it: 100 m walked + 20 m off-road + 1 min of handicap.
    const onEdge = nearestShelters(graph, shelterField(graph, [at(0, 210)], { mode: 'walk', handicap: [60] }), [at(100, 210)]);
    expect(onEdge.minutes[0]).toBeCloseTo((100 / FLAT_WALK_MPS + 20 / OFFROAD_MPS + 60) / 60, 6);
  });
});

describe('a one-way street', () => {
  // A → B is one-way east, 1000 m; the two-way way back climbs over (500, 1000): 2 × 1118.034 m.
  // Township roads, paved: 30 km/h = 8.3333 m/s.
  const graph = buildRoadGraph([
    road({ name: '单行街', road_class: 'township', oneway: true }, at(0, 0), at(1000, 0)),
    road({ name: '环城路', road_class: 'township' }, at(0, 0), at(500, 1000), at(1000, 0)),
  ]);
  const A = at(0, 0);
  const B = at(1000, 0);

  it('drives with the one-way direction in 2 min and against it by the detour in 4.472 min', () => {
    expect(routeToShelter(graph, A, B, { mode: 'drive' })!.properties.minutes).toBeCloseTo(1000 / (30 / 3.6) / 60, 6);
    const back = routeToShelter(graph, B, A, { mode: 'drive' })!;
    expect(back.properties.minutes).toBeCloseTo((2 * Math.hypot(500, 1000)) / (30 / 3.6) / 60, 6);
    expect(back.properties.minutes).toBeCloseTo(4.472, 3);
    expect(back.properties.roads).toEqual(['环城路']);
  });

  it('searches the reverse graph: a shelter at A is 4.472 min from B, a shelter at B 2 min from A', () => {
    expect(nearestShelters(graph, shelterField(graph, [A], { mode: 'drive' }), [B]).minutes[0]).toBeCloseTo(4.472, 3);
    expect(nearestShelters(graph, shelterField(graph, [B], { mode: 'drive' }), [A]).minutes[0]).toBeCloseTo(2, 6);
  });

  it('lets people walk both ways: 1000 m at Tobler’s 5.04 km/h = 11.91 min', () => {
    expect(routeToShelter(graph, B, A, { mode: 'walk' })!.properties.minutes).toBeCloseTo(1000 / FLAT_WALK_MPS / 60, 6);
  });
});

describe('closed roads and what-if closures', () => {
  // A (0,0) → M (1000,0) → B (2000,0) straight, or the detour over (1000, 800): 2 × 1280.625 m.
  const straight = (closedFirst: boolean) => [
    road({ id: 1, code: 'R1', name: '甲路', road_class: 'village', closed: closedFirst }, at(0, 0), at(1000, 0)),
    road({ id: 2, code: 'R2', name: '乙路', road_class: 'village' }, at(1000, 0), at(2000, 0)),
    road({ id: 3, code: 'R3', name: '山路', road_class: 'track' }, at(0, 0), at(1000, 800), at(2000, 0)),
  ];
  const detourM = 2 * Math.hypot(1000, 800);
  const lengthTo = (graph: ReturnType<typeof buildRoadGraph>, blocked?: Uint8Array) =>
    routeToShelter(graph, at(0, 0), at(2000, 0), { mode: 'length', blocked })!.properties.length_m;

  it('goes straight (2000 m) when all is open', () => {
    expect(lengthTo(buildRoadGraph(straight(false)))).toBeCloseTo(2000, 6);
  });

  it('takes the detour (2561.25 m) round a road marked closed', () => {
    expect(lengthTo(buildRoadGraph(straight(true)))).toBeCloseTo(detourM, 6);
  });

  it('closes roads by id or by code without rebuilding the graph', () => {
    const graph = buildRoadGraph(straight(false));
    expect(lengthTo(graph, closureMask(graph, { roadIds: [2] }))).toBeCloseTo(detourM, 6);
    expect(lengthTo(graph, closureMask(graph, { roadCodes: ['R1'] }))).toBeCloseTo(detourM, 6);
    // The mask is separate: the graph itself still goes straight.
    expect(lengthTo(graph)).toBeCloseTo(2000, 6);
  });

  it('closes every edge that crosses a closed area', () => {
    const graph = buildRoadGraph(straight(false));
    // A 100 m square around (1500, 0) cuts M–B; the detour passes 400 m north of it.
    const area = { type: 'Polygon' as const, coordinates: [[at(1450, -50), at(1550, -50), at(1550, 50), at(1450, 50), at(1450, -50)]] };
    const blocked = closureMask(graph, { areas: [area] });
    expect([...blocked].filter(Boolean).length).toBe(1);
    expect(lengthTo(graph, blocked)).toBeCloseTo(detourM, 6);
    // A field with the area closed sends the house round too.
    const field = shelterField(graph, [at(2000, 0)], { mode: 'length', blocked });
    expect(nearestShelters(graph, field, [at(0, 0)]).distance_m[0]).toBeCloseTo(detourM, 6);
  });
});

describe('walking up and down a slope (Tobler)', () => {
  // 1000 m at a uniform 10 % grade: up, v = 6·e^(−3.5·|0.10 + 0.05|) = 6·e^(−0.525) = 3.5493322 km/h,
  // 1014.273 s = 16.9046 min; down, v = 6·e^(−3.5·|−0.10 + 0.05|) = 5.0367421 km/h, 714.748 s = 11.9125 min.
  const graph = buildRoadGraph([road({ road_class: 'footpath' }, at(0, 0, 0), at(500, 0, 50), at(1000, 0, 100))]);
  const foot = at(0, 0);
  const top = at(1000, 0);

  it('checks the formula itself', () => {
    expect(toblerKmh(0.1)).toBeCloseTo(3.5493322, 6);
    expect(toblerKmh(-0.1)).toBeCloseTo(5.0367421, 6);
  });

  it('takes 16.905 min up and 11.912 min down', () => {
    expect(routeToShelter(graph, foot, top, { mode: 'walk' })!.properties.minutes).toBeCloseTo(16.9046, 4);
    expect(routeToShelter(graph, top, foot, { mode: 'walk' })!.properties.minutes).toBeCloseTo(11.9125, 4);
  });

  it('costs part of the slope in proportion, for a point snapped half-way up', () => {
    // From x = 250 (on the first segment) up to the top: 750 m at 10 %, 760.70 s.
    const field = shelterField(graph, [top], { mode: 'walk' });
    expect(nearestShelters(graph, field, [at(250, 0)]).minutes[0]).toBeCloseTo((0.75 * 1014.273) / 60, 3);
    // Down from x = 750 to the foot: 750 m at −10 %, 536.06 s.
    const down = shelterField(graph, [foot], { mode: 'walk' });
    expect(nearestShelters(graph, down, [at(750, 0)]).minutes[0]).toBeCloseTo((0.75 * 714.748) / 60, 3);
  });

  it('cannot be driven: footpaths are walk-only', () => {
    expect(routeToShelter(graph, foot, top, { mode: 'drive' })).toBeNull();
    expect(nearestShelters(graph, shelterField(graph, [top], { mode: 'drive' }), [foot]).shelter[0]).toBe(-1);
    expect(kNearestShelters(graph, [top], [foot], { mode: 'drive', k: 2, maxMinutes: Infinity }).count[0]).toBe(0);
  });
});

describe('snapping and the off-road leg', () => {
  const graph = buildRoadGraph([
    road({ name: '村道一', road_class: 'village' }, at(0, 0), at(1000, 0)),
    road({ road_class: 'expressway', name: 'G99' }, at(0, 20), at(1000, 20)),
  ]);

  it('snaps to the nearest point of the nearest edge the mode may use', () => {
    // (300, 40) is 20 m from the expressway and 40 m from the village road; walkers may not use the expressway.
    const walk = snapPoint(graph, ...(at(300, 40) as [number, number]), 'walk')!;
    expect(walk.offroadM).toBeCloseTo(40, 6);
    expect(xy([walk.snapLon, walk.snapLat]).map((v) => Math.round(v * 1000) / 1000)).toEqual([300, 0]);
    expect(walk.alongM).toBeCloseTo(300, 6);
    const drive = snapPoint(graph, ...(at(300, 40) as [number, number]), 'drive')!;
    expect(drive.offroadM).toBeCloseTo(20, 6);
  });

  it('walks a shelter on the same edge straight along it, with both off-road legs counted', () => {
    // House (300, 40) → (300, 0): 40 m off-road; 500 m along to (800, 0); 30 m off-road to the shelter
    // at (800, −30). 500 / 1.3990950 + 70 / 0.69444 = 357.374 + 100.8 = 458.174 s = 7.6362 min, 570 m.
    const field = shelterField(graph, [at(800, -30)], { mode: 'walk' });
    const best = nearestShelters(graph, field, [at(300, 40)]);
    expect(best.shelter[0]).toBe(0);
    expect(best.minutes[0]).toBeCloseTo((500 / FLAT_WALK_MPS + 70 / OFFROAD_MPS) / 60, 6);
    expect(best.distance_m[0]).toBeCloseTo(570, 6);
    expect(best.offroad_m[0]).toBeCloseTo(70, 6);
    const route = routeToShelter(graph, at(300, 40), at(800, -30), { mode: 'walk' })!;
    expect(route.properties.minutes).toBeCloseTo(best.minutes[0], 6);
    expect(route.geometry.coordinates.map((p) => xy(p).map((v) => Math.round(v)))).toEqual([[300, 40], [300, 0], [800, 0], [800, -30]]);
    expect(route.properties.roads).toEqual(['村道一']);
  });

  it('also finds the same-edge shelter behind the point, and honours the off-road speed', () => {
    // Shelter at (100, 0) on the road: 200 m back along it + 40 m off-road at 5 km/h = 142.95 + 28.8 s.
    const field = shelterField(graph, [at(100, 0), at(990, 0)], { mode: 'walk', offroadKmh: 5 });
    const best = nearestShelters(graph, field, [at(300, 40)]);
    expect(best.shelter[0]).toBe(0);
    expect(best.minutes[0]).toBeCloseTo((200 / FLAT_WALK_MPS + 40 / (5 / 3.6)) / 60, 6);
  });
});

describe('k nearest shelters within a time limit', () => {
  // One straight road 0…3000 m; shelters at 500, 1200, 2000 and 2900 m; the house at 1000 m.
  // Along the road: 500 m → 357.4 s, 200 m → 142.9 s, 1000 m → 714.7 s, 1900 m → 1358.0 s.
  const graph = buildRoadGraph([road({ road_class: 'village' }, at(0, 0), at(3000, 0))]);
  const shelters = [at(500, 0), at(1200, 0), at(2000, 0), at(2900, 0)];

  it('lists the nearest first and stops at the limit', () => {
    const near = kNearestShelters(graph, shelters, [at(1000, 0)], { mode: 'walk', k: 3, maxMinutes: 20 });
    expect(near.count[0]).toBe(3);
    expect([...near.shelter.slice(0, 3)]).toEqual([1, 0, 2]);
    expect(near.minutes[0]).toBeCloseTo(200 / FLAT_WALK_MPS / 60, 6);
    expect(near.distance_m[2]).toBeCloseTo(1000, 6);
    const tight = kNearestShelters(graph, shelters, [at(1000, 0)], { mode: 'walk', k: 3, maxMinutes: 10 });
    // 10 min = 600 s: only the shelters at 200 m and 500 m.
    expect(tight.count[0]).toBe(2);
    expect(tight.shelter[2]).toBe(-1);
  });
  it('gives the same k nearest when the demand covers a corner of the network as when it covers it all', () => {
    // A road 40 km long with a junction every 500 m and a shelter every 2 km: houses at the west
    // end with a 20 min limit reach a few kilometres of it (the reach of the demand is measured
    // first), houses along the whole road reach all of it (it is not); the west houses' answers
    // must not depend on the houses elsewhere.
    const long = buildRoadGraph([road({ road_class: 'village' }, ...Array.from({ length: 81 }, (_, i) => at(i * 500, 0)))]);
    const shelters = Array.from({ length: 20 }, (_, i) => at(300 + i * 2000, 10));
    const west = [at(0, 5), at(900, -5), at(1700, 0)];
    const everywhere = [...west, ...Array.from({ length: 40 }, (_, i) => at(2500 + i * 900, 5))];
    const alone = kNearestShelters(long, shelters, west, { mode: 'walk', k: 2, maxMinutes: 20 });
    const among = kNearestShelters(long, shelters, everywhere, { mode: 'walk', k: 2, maxMinutes: 20 });
    expect([...alone.count]).toEqual([...among.count.slice(0, 3)]);
    expect([...alone.shelter]).toEqual([...among.shelter.slice(0, 6)]);
    expect([...alone.minutes]).toEqual([...among.minutes.slice(0, 6)]);
    // By hand: the house at 900 m is 600 m (+15 m off-road) from the shelter at 300 m, 1400 m from the one at 2300 m.
    expect([...alone.shelter.slice(2, 4)]).toEqual([0, 1]);
    expect(alone.minutes[2]).toBeCloseTo((600 / FLAT_WALK_MPS + 15 / OFFROAD_MPS) / 60, 6);
    expect(alone.minutes[3]).toBeCloseTo((1400 / FLAT_WALK_MPS + 15 / OFFROAD_MPS) / 60, 6);
  });
});

describe('isochrones', () => {
  // A cross of flat roads through the shelter at the origin, 3 km each way.
  const graph = buildRoadGraph([
    road({ road_class: 'village' }, at(-3000, 0), at(0, 0), at(3000, 0)),
    road({ road_class: 'village' }, at(0, -3000), at(0, 0), at(0, 3000)),
  ]);
  const fc = isochrones(graph, at(0, 0), [15, 5, 10], { mode: 'walk', cellM: 20 });
  const inside = (x: number, y: number, k: number) => booleanPointInPolygon(point(at(x, y)), fc.features[k]);

  it('returns one MultiPolygon per threshold, smallest first, with its minutes', () => {
    expect(fc.features.map((f) => f.properties.minutes)).toEqual([5, 10, 15]);
    for (const f of fc.features) expect(f.geometry.coordinates.length).toBeGreaterThan(0);
  });

  it('reaches along the roads and off them at the off-road speed', () => {
    // On the road: 5 min = 419.7 m. 300 m along (3.57 min) is in the 5-min area; 600 m (7.15 min) is not, but is in 10.
    expect(inside(300, 0, 0)).toBe(true);
    expect(inside(600, 0, 0)).toBe(false);
    expect(inside(600, 0, 1)).toBe(true);
    // Off-road from the shelter: 300 m at 0.69444 m/s = 7.2 min.
    expect(inside(210, 210, 0)).toBe(false);
    // 300 m along, then 100 m off-road: 214.4 + 144 s = 5.97 min.
    expect(inside(300, 100, 0)).toBe(false);
    expect(inside(300, 100, 1)).toBe(true);
    // 1200 m along, 0.5 km beyond 15 min by road (15 min = 1259 m): outside everything at 1350 m.
    expect(inside(1200, 0, 2)).toBe(true);
    expect(inside(1350, 0, 2)).toBe(false);
  });

  it('nests: every point inside a smaller area is inside the larger ones', () => {
    for (let x = -1500; x <= 1500; x += 37) {
      for (let y = -1500; y <= 1500; y += 37) {
        if (inside(x, y, 0)) expect(inside(x, y, 1)).toBe(true);
        if (inside(x, y, 1)) expect(inside(x, y, 2)).toBe(true);
      }
    }
  });
});
