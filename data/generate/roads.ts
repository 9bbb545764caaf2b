/**
 * The road network (道路) of one county: streets in every town seat, national and provincial
 * roads between the seats (MST plus a few loops), an expressway with interchanges, county and
 * township roads to every village, village roads and tracks out to its hamlets, and a track or
 * footpath to every risk site and shelter; at province scale also provincial roads on to the
 * neighbouring counties (border-links.ts). Rivers are crossed only on bridges (or a few fords),
 * elevations come from the terrain, and a handful of roads are closed where a detour exists.
 * Route numbers (G3xx, S2xx, X6xx, Y1xx) and street names are synthetic.
 */
import type { Feature, LineString, Point } from 'geojson';
import type { RoadClass, Surface } from '../../server/routing/road-classes.ts';
import { pad } from './allocate.ts';
import type { CountyContext } from './context.ts';
import { makeGround } from './elevation.ts';
import type { LonLat, XY } from './frame.ts';
import { pointInRing, ringBBox } from './geometry.ts';
import { placeName } from './names.ts';
import { RiverIndex, makeTributaries, type River } from './rivers.ts';
import { RoadNetwork, type DraftRoad, type JoinMode, type Vertex } from './road-network.ts';
import type { Rng } from './Rng.ts';
import { roundTo } from './round.ts';
import { smooth } from './terrain.ts';
import type { RiskSiteProps, RoadProps, ShelterProps } from './types.ts';
import type { Village } from './villages.ts';

export interface RoadPlan {
  /** Hamlets (自然村) per village on average, each reached by a village road or track. */
  hamletsPerVillage: number;
  /** Share of hamlets with a second way out (the loops that closures can be detoured round). */
  loopShare: number;
  tributaries: number;
  expressway: boolean;
  closures: number;
  /** Streets per direction in a seat town's grid and in other towns (odd: the hub is the middle crossing). */
  seatGrid: number;
  townGrid: number;
  /** Cell of the precomputed elevation grid, km. */
  elevationCellKm: number;
  /** Main roads on to neighbouring counties (province scale; none for a lone county). */
  borderLinks?: readonly BorderLink[];
}

/** A provincial road from a town's seat to the point where it meets its other half from the next county. */
export interface BorderLink {
  /** Index of the town whose hub the road starts from. */
  town: number;
  /** Meeting point as written (lon/lat, 6 decimals): both halves end exactly here. */
  meet: LonLat;
  /** Route number, the same on both sides of the border. */
  name: string;
}

export interface BuiltRoads {
  features: Feature<LineString, RoadProps>[];
  /** Main river and tributaries as written (lon/lat, 6 decimals). */
  rivers: LonLat[][];
}

const STREETS = ['人民路', '中山路', '建设路', '解放路', '新华路', '文明路', '朝阳路', '东风路', '城南路', '城北路', '兴业路', '振兴路', '沿江路', '府前路', '和平路', '民主路', '团结路', '光明路'];
const CLOSURE_REASONS = ['山体塌方 landslide', '水毁路基 flood damage', '道路施工 road works', '桥涵检修 culvert repair', '落石 rockfall'];

interface Piece {
  road: DraftRoad;
  pts: Vertex[];
  bridge: boolean;
  ford: boolean;
  closed: boolean;
}

/** Route numbers never repeat within a county. */
class RouteNumbers {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}
  next(prefix: string, lo: number, hi: number): string {
    for (;;) {
      const name = `${prefix}${this.rng.int(lo, hi)}`;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }
}

/** A gently winding line from a to b, a vertex about every `stepKm`. */
function windingLine(a: XY, b: XY, wiggle: number, stepKm: number, rng: Rng): XY[] {
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
  if (len < 1e-9) return [a, b];
  const nx = -(b[1] - a[1]) / len;
  const ny = (b[0] - a[0]) / len;
  const bends = Math.min(6, Math.floor(len / 1.5));
  const control: XY[] = [a];
  for (let i = 1; i <= bends; i++) {
    const f = i / (bends + 1);
    const off = rng.normal(0, wiggle * len / (bends + 1));
    control.push([a[0] + f * (b[0] - a[0]) + off * nx, a[1] + f * (b[1] - a[1]) + off * ny]);
  }
  control.push(b);
  if (control.length === 2) {
    const steps = Math.max(1, Math.ceil(len / stepKm));
    return Array.from({ length: steps + 1 }, (_, i): XY => [a[0] + ((b[0] - a[0]) * i) / steps, a[1] + ((b[1] - a[1]) * i) / steps]);
  }
  return smooth(control, stepKm);
}

export function buildRoads(
  ctx: CountyContext,
  villagesByTown: readonly Village[][],
  sites: readonly Feature<Point, RiskSiteProps>[],
  shelters: readonly Feature<Point, ShelterProps>[],
  plan: RoadPlan,
  rng: Rng,
): BuiltRoads {
  const terrain = ctx.terrain;
  const tributaries = makeTributaries(terrain, ctx.outline, plan.tributaries, rng);
  const rivers: River[] = [{ line: terrain.river, main: true }, ...tributaries.map((line) => ({ line, main: false }))];
  const riverIndex = new RiverIndex(rivers);
  const box = ringBBox(ctx.outline);
  const ground = makeGround(terrain, tributaries, [box[0] - 5, box[1] - 5, box[2] + 5, box[3] + 5], plan.elevationCellKm, rng);
  const numbers = new RouteNumbers(rng);
  const net = new RoadNetwork(0.5);

  const draft = (roadClass: RoadClass, name: string | null, surface: Surface | null, line: readonly XY[], ends: [Vertex | null, Vertex | null] = [null, null]): DraftRoad => {
    const pts = line.map((p) => net.vertex(p));
    if (ends[0]) pts[0] = ends[0];
    if (ends[1]) pts[pts.length - 1] = ends[1];
    return { roadClass, name, surface, oneway: false, speedKmh: null, pts };
  };
  const add = (road: DraftRoad, mode: JoinMode) => net.add(road, mode);

  // 1. Town streets: a small grid around each seat; its middle crossing is the town's hub.
  const hubs: Vertex[] = ctx.towns.map((town, t) => {
    const seat = ctx.seatTowns.includes(t);
    const k = seat ? plan.seatGrid : plan.townGrid;
    const h = (k - 1) / 2;
    const spacing = seat ? 0.35 : 0.3;
    const rot = rng.float(0, Math.PI / 2);
    const [cx, cy] = town.centre;
    const grid: Vertex[][] = [];
    for (let i = 0; i < k; i++) {
      grid.push([]);
      for (let j = 0; j < k; j++) {
        const jitter = i === h && j === h ? [0, 0] : [rng.normal(0, 0.02), rng.normal(0, 0.02)];
        const u = (j - h) * spacing + jitter[0];
        const v = (i - h) * spacing + jitter[1];
        grid[i].push(net.vertex([cx + u * Math.cos(rot) - v * Math.sin(rot), cy + u * Math.sin(rot) + v * Math.cos(rot)]));
      }
    }
    const names = rng.shuffle([...STREETS]);
    // A pair of one-way streets (opposite directions) in each seat town, now and then one elsewhere.
    const oneway = new Set<number>(seat ? [h - 1, h + 1] : rng.chance(0.3) ? [h + 1] : []);
    const streets: Vertex[][] = [...grid, ...grid[0].map((_, j) => grid.map((row) => row[j]))];
    streets.forEach((pts, s) => {
      const road: DraftRoad = { roadClass: 'township', name: `${town.name.replace(/(街道|镇|国营.*)$/, '')}${names[s % names.length]}`, surface: 'paved', oneway: oneway.has(s), speedKmh: seat ? 30 : null, pts: [...pts] };
      if (road.oneway && s === h + 1) road.pts.reverse();
      add(road, 'split');
    });
    return grid[h][h];
  });

  // 2. Expressway north–south past the seat, joined only at interchanges.
  if (plan.expressway && ctx.towns.length >= 3) {
    const byNorth = ctx.towns.map((t, i) => ({ i, y: t.centre[1] })).sort((a, b) => b.y - a.y);
    const stops = [byNorth[0].i, ctx.seatTowns[0], byNorth[byNorth.length - 1].i].filter((v, i, all) => all.indexOf(v) === i);
    const side = rng.chance(0.5) ? 1 : -1;
    const control = stops.map((t): XY => [ctx.towns[t].centre[0] + side * rng.float(2.5, 4), ctx.towns[t].centre[1]]);
    const line = smooth(control, 0.25);
    const express = add({ roadClass: 'expressway', name: `${numbers.next('S', 11, 99)}${placeName(rng, new Set()).zh}高速`, surface: 'paved', oneway: false, speedKmh: null, pts: line.map((p) => net.vertex(p)) }, 'overpass')!;
    for (const t of stops) {
      const hub = hubs[t];
      let at = express.pts[0];
      for (const v of express.pts) if (Math.hypot(v.x - hub.x, v.y - hub.y) < Math.hypot(at.x - hub.x, at.y - hub.y)) at = v;
      add(draft('county', `${ctx.towns[t].name}互通连接线`, 'paved', windingLine([hub.x, hub.y], [at.x, at.y], 0.05, 0.15, rng), [hub, at]), 'split');
    }
  }

  // 3. Roads between town hubs: a spanning tree (national along the longest through-routes, the
  //    rest provincial) plus county roads that close loops. Crossing the main river costs extra.
  const n = ctx.towns.length;
  const links: { a: number; b: number; w: number }[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const [pa, pb] = [ctx.towns[a].centre, ctx.towns[b].centre];
      links.push({ a, b, w: Math.hypot(pa[0] - pb[0], pa[1] - pb[1]) * (riverIndex.crosses(pa, pb) ? 1.5 : 1) });
    }
  }
  links.sort((p, q) => p.w - q.w);
  const parent = ctx.towns.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const tree: { a: number; b: number }[] = [];
  const extra: { a: number; b: number }[] = [];
  for (const l of links) {
    if (find(l.a) !== find(l.b)) {
      parent[find(l.a)] = find(l.b);
      tree.push(l);
    }
  }
  // Loops: each town's second-nearest neighbour, when that link is short and not in the tree yet.
  for (let t = 0; t < n; t++) {
    const mine = links.filter((l) => l.a === t || l.b === t);
    const second = mine[1];
    if (second && second.w < 1.6 * mine[0].w && !tree.includes(second) && !extra.includes(second)) extra.push(second);
  }
  const adjacency = ctx.towns.map(() => [] as number[]);
  tree.forEach(({ a, b }) => {
    adjacency[a].push(b);
    adjacency[b].push(a);
  });
  const treePath = (from: number, to: number): number[] => {
    const prev = new Map<number, number>([[from, -1]]);
    const queue = [from];
    while (queue.length) {
      const x = queue.shift()!;
      for (const y of adjacency[x]) {
        if (prev.has(y)) continue;
        prev.set(y, x);
        queue.push(y);
      }
    }
    const path: number[] = [];
    for (let x = to; x !== -1 && x !== undefined; x = prev.get(x)!) path.push(x);
    return path;
  };
  const extreme = (key: (c: XY) => number) => ctx.towns.reduce((best, t, i) => (key(t.centre) > key(ctx.towns[best].centre) ? i : best), 0);
  const national = new Map<string, string>();
  for (const [from, to] of [[extreme((c) => c[1]), extreme((c) => -c[1])], [extreme((c) => -c[0]), extreme((c) => c[0])]]) {
    const g = numbers.next('G', 300, 399);
    const path = treePath(from, to);
    for (let i = 0; i + 1 < path.length; i++) {
      const key = [path[i], path[i + 1]].sort((p, q) => p - q).join('-');
      if (!national.has(key)) national.set(key, g);
    }
  }
  for (const { a, b } of tree) {
    const g = national.get([a, b].sort((p, q) => p - q).join('-'));
    const road = draft(g ? 'national' : 'provincial', g ?? numbers.next('S', 200, 399), 'paved', windingLine(ctx.towns[a].centre, ctx.towns[b].centre, 0.06, 0.15, rng), [hubs[a], hubs[b]]);
    add(road, 'split');
  }
  for (const { a, b } of extra) add(draft('county', numbers.next('X', 600, 899), 'paved', windingLine(ctx.towns[a].centre, ctx.towns[b].centre, 0.08, 0.15, rng), [hubs[a], hubs[b]]), 'split');

  // 3b. Main roads across the county border: the county's networks would otherwise be islands.
  for (const link of plan.borderLinks ?? []) {
    const meet = net.vertex(ctx.frame.toXY(link.meet));
    add(draft('provincial', link.name, 'paved', windingLine(ctx.towns[link.town].centre, [meet.x, meet.y], 0.04, 0.15, rng), [hubs[link.town], meet]), 'split');
  }

  // Joins a new point to the network: the nearest vertices, those across a river counted 3× as far.
  const joinTarget = (p: XY, maxKm: number, avoid?: Set<Vertex>): Vertex | null => {
    const near = net.nearestVertices(p, 8, maxKm, (v) => !avoid?.has(v));
    let best: Vertex | null = null;
    let bestW = Infinity;
    for (const v of near) {
      const w = Math.hypot(v.x - p[0], v.y - p[1]) * (riverIndex.crosses(p, [v.x, v.y]) ? 3 : 1);
      if (w < bestW) {
        bestW = w;
        best = v;
      }
    }
    return best;
  };
  const connect = (from: XY, roadClass: RoadClass, name: string | null, surface: Surface | null, wiggle: number, stepKm: number, maxKm: number, avoid?: Set<Vertex>): DraftRoad | null => {
    const target = joinTarget(from, maxKm, avoid);
    if (!target) return null;
    return add(draft(roadClass, name, surface, windingLine(from, [target.x, target.y], wiggle, stepKm, rng), [null, target]), 'truncate');
  };

  // 4. Every village: a county road (long) or township road from the village to the network.
  const villageSurface = (): Surface => rng.weighted({ paved: 0.55, gravel: 0.35, earth: 0.1 });
  ctx.towns.forEach((town, t) => {
    const hub = hubs[t];
    const villages = [...villagesByTown[t]].sort((p, q) => Math.hypot(p.xy[0] - hub.x, p.xy[1] - hub.y) - Math.hypot(q.xy[0] - hub.x, q.xy[1] - hub.y));
    for (const village of villages) {
      const target = joinTarget(village.xy, 40);
      const long = target !== null && Math.hypot(target.x - village.xy[0], target.y - village.xy[1]) > 5;
      connect(village.xy, long ? 'county' : 'township', long ? numbers.next('X', 600, 899) : numbers.next('Y', 100, 999), rng.chance(0.85) ? 'paved' : 'gravel', 0.08, 0.12, 40);
    }
  });

  // 5. Hamlets around each village, by village road or (in the hills) track; some get a second way out.
  for (const villages of villagesByTown) {
    for (const village of villages) {
      const count = Math.max(2, Math.round(plan.hamletsPerVillage * rng.float(0.6, 1.4)));
      const spots: XY[] = [];
      for (let i = 0; i < count; i++) {
        const p: XY = [village.xy[0] + rng.normal(0, 0.7), village.xy[1] + rng.normal(0, 0.7)];
        if (pointInRing(p, ctx.outline)) spots.push(p);
      }
      spots.sort((p, q) => Math.hypot(p[0] - village.xy[0], p[1] - village.xy[1]) - Math.hypot(q[0] - village.xy[0], q[1] - village.xy[1]));
      for (const p of spots) {
        const hilly = rng.chance(0.2 + 0.5 * ground.hilliness(p));
        const first = connect(p, hilly ? 'track' : 'village', null, hilly ? rng.weighted({ gravel: 0.35, earth: 0.65 }) : villageSurface(), 0.15, 0.1, 10);
        if (first && rng.chance(plan.loopShare)) {
          const avoid = new Set(first.pts);
          const start = first.pts[0];
          const target = joinTarget([start.x, start.y], 1.5, avoid);
          if (target) add(draft('village', null, villageSurface(), windingLine([start.x, start.y], [target.x, target.y], 0.15, 0.1, rng), [start, target]), 'truncate');
        }
      }
    }
  }

  // 6. Shelters and risk sites: a village road or a track/footpath ending a few metres short of the door.
  const access = new Set<DraftRoad>();
  const approach = (p: XY, roadClass: RoadClass, surface: Surface | null) => {
    const target = joinTarget(p, 30);
    if (!target) return;
    const d = Math.hypot(target.x - p[0], target.y - p[1]);
    const gap = Math.min(rng.float(0.005, 0.025), d / 2);
    const start: XY = d > 0 ? [p[0] + ((target.x - p[0]) * gap) / d, p[1] + ((target.y - p[1]) * gap) / d] : p;
    const road = add(draft(roadClass, null, surface, windingLine(start, [target.x, target.y], 0.1, 0.08, rng), [null, target]), 'truncate');
    if (road) access.add(road);
  };
  for (const s of shelters) approach(ctx.frame.toXY(s.geometry.coordinates as LonLat), 'village', 'paved');
  for (const s of sites) {
    const p = ctx.frame.toXY(s.geometry.coordinates as LonLat);
    const foot = ground.hilliness(p) > 0.45 || rng.chance(0.4);
    approach(p, foot ? 'footpath' : 'track', foot ? rng.weighted({ earth: 0.6, paved: 0.25, gravel: 0.15 }) : rng.weighted({ gravel: 0.4, earth: 0.6 }));
  }

  // 7. Bridges and fords wherever a road crosses a river: the 50 m around the crossing becomes its own piece.
  const pieces: Piece[] = [];
  for (const road of net.roads) splitAtRivers(road, riverIndex, rng, pieces);

  // 8. Elevations from the terrain; bridge decks run straight between their ends.
  for (const piece of pieces) for (const v of piece.pts) v.z = ground.elevation([v.x, v.y]);
  for (const piece of pieces) {
    if (!piece.bridge || piece.pts.length < 3) continue;
    const first = piece.pts[0];
    const last = piece.pts[piece.pts.length - 1];
    const total = lineLength(piece.pts);
    let run = 0;
    for (let i = 1; i < piece.pts.length - 1; i++) {
      run += Math.hypot(piece.pts[i].x - piece.pts[i - 1].x, piece.pts[i].y - piece.pts[i - 1].y);
      piece.pts[i].z = first.z + ((last.z - first.z) * run) / total;
    }
  }

  // 9. A handful of closures, each on a road with a detour (the walkable network stays connected),
  //    never the last few metres to a door.
  const candidates = rng.shuffle(pieces.filter((p) => ['county', 'township', 'village'].includes(p.road.roadClass) && !access.has(p.road)));
  let closed = 0;
  for (let i = 0; i < candidates.length && closed < plan.closures && i < plan.closures * 12; i++) {
    candidates[i].closed = true;
    if (walkConnected(pieces)) closed++;
    else candidates[i].closed = false;
  }

  const features = pieces.flatMap((piece) => toFeature(ctx, piece, rng));
  features.forEach((f, i) => (f.properties.code = `DL${ctx.code}-${pad(i + 1, 6)}`));
  return {
    features,
    rivers: rivers.map((r) => r.line.map((p) => roundLonLat(ctx.frame.toLonLat(p)))),
  };
}

function lineLength(pts: readonly Vertex[]): number {
  let m = 0;
  for (let i = 1; i < pts.length; i++) m += Math.hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y);
  return m;
}

const BRIDGE_HALF_KM = 0.025;

/** Cuts a road into pieces so that every river crossing lies inside a bridge (or ford) piece. */
function splitAtRivers(road: DraftRoad, rivers: RiverIndex, rng: Rng, out: Piece[]): void {
  const pts = road.pts;
  const chain = [0];
  for (let i = 1; i < pts.length; i++) chain.push(chain[i - 1] + Math.hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y));
  const total = chain[chain.length - 1];
  const spans: { from: number; to: number; main: boolean }[] = [];
  for (let i = 0; i + 1 < pts.length; i++) {
    for (const c of rivers.crossings([pts[i].x, pts[i].y], [pts[i + 1].x, pts[i + 1].y])) {
      const at = chain[i] + c.t * (chain[i + 1] - chain[i]);
      const span = { from: Math.max(0, at - BRIDGE_HALF_KM), to: Math.min(total, at + BRIDGE_HALF_KM), main: c.main };
      const last = spans[spans.length - 1];
      if (last && span.from <= last.to) {
        last.to = span.to;
        last.main ||= span.main;
      } else spans.push(span);
    }
  }
  if (spans.length === 0) {
    out.push({ road, pts, bridge: false, ford: false, closed: false });
    return;
  }
  // Vertex at a given distance along the road (an existing one when it is that close).
  const at = (s: number): { v: Vertex; i: number } => {
    let i = 0;
    while (i < pts.length - 2 && chain[i + 1] < s) i++;
    if (Math.abs(chain[i] - s) < 1e-6) return { v: pts[i], i };
    if (Math.abs(chain[i + 1] - s) < 1e-6) return { v: pts[i + 1], i: i + 1 };
    const t = (s - chain[i]) / (chain[i + 1] - chain[i]);
    return { v: { x: pts[i].x + t * (pts[i + 1].x - pts[i].x), y: pts[i].y + t * (pts[i + 1].y - pts[i].y), z: 0 }, i: i + 0.5 };
  };
  // Slice of the road between two distances, with the cut vertices at its ends.
  const slice = (a: { v: Vertex; i: number }, b: { v: Vertex; i: number }): Vertex[] => {
    const middle = pts.filter((_, k) => k > a.i && k < b.i);
    return [a.v, ...middle, b.v];
  };
  const minor = road.roadClass === 'track' || road.roadClass === 'footpath';
  let prev = { v: pts[0], i: 0 };
  for (const span of spans) {
    const start = at(span.from);
    const end = at(span.to);
    if (start.v !== prev.v) out.push({ road, pts: slice(prev, start), bridge: false, ford: false, closed: false });
    // Fords (and low-water crossings, 漫水桥) on tracks, paths and some village roads over streams.
    const ford = span.main ? road.roadClass === 'track' && rng.chance(0.15) : (minor && rng.chance(0.5)) || (road.roadClass === 'village' && rng.chance(0.2));
    out.push({ road, pts: slice(start, end), bridge: !ford, ford, closed: false });
    prev = end;
  }
  const last = { v: pts[pts.length - 1], i: pts.length - 1 };
  if (prev.v !== last.v) out.push({ road, pts: slice(prev, last), bridge: false, ford: false, closed: false });
}

/** Union–find over the vertices of the open, walkable pieces: one component or not. */
function walkConnected(pieces: readonly Piece[]): boolean {
  const ids = new Map<Vertex, number>();
  const parent: number[] = [];
  const id = (v: Vertex) => {
    let i = ids.get(v);
    if (i === undefined) {
      i = parent.length;
      ids.set(v, i);
      parent.push(i);
    }
    return i;
  };
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (const p of pieces) {
    if (p.closed || p.road.roadClass === 'expressway') continue;
    for (let k = 1; k < p.pts.length; k++) {
      const a = find(id(p.pts[k - 1]));
      const b = find(id(p.pts[k]));
      if (a !== b) parent[a] = b;
    }
  }
  let root = -1;
  for (let i = 0; i < parent.length; i++) {
    const r = find(i);
    if (root < 0) root = r;
    else if (r !== root) return false;
  }
  return true;
}

function roundLonLat(p: LonLat): LonLat {
  return [roundTo(p[0], 6), roundTo(p[1], 6)];
}

function toFeature(ctx: CountyContext, piece: Piece, rng: Rng): Feature<LineString, RoadProps>[] {
  const coords: number[][] = [];
  for (const v of piece.pts) {
    const [lon, lat] = roundLonLat(ctx.frame.toLonLat([v.x, v.y]));
    const last = coords[coords.length - 1];
    if (!last || last[0] !== lon || last[1] !== lat) coords.push([lon, lat, Math.round(v.z)]);
  }
  if (coords.length < 2) return [];
  const r = piece.road;
  // Until the end of a day, Beijing time (the bureau's notices give a date).
  const closedUntil = piece.closed ? `2027-${pad(rng.int(1, 6), 2)}-${pad(rng.int(1, 28), 2)}T18:00:00+08:00` : null;
  return [
    {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: coords },
      properties: {
        code: '',
        name: r.name,
        road_class: r.roadClass,
        surface: r.surface,
        oneway: r.oneway,
        speed_kmh: r.speedKmh,
        bridge: piece.bridge,
        ford: piece.ford,
        closed: piece.closed,
        closure_reason: piece.closed ? rng.pick(CLOSURE_REASONS) : null,
        closed_until: closedUntil,
      },
    },
  ];
}
