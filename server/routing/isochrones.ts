/**
 * Isochrones of one shelter: what reaches it within each number of minutes, on the roads and on
 * foot off them (the AccessMod model). Points along every edge in reach get their network time
 * to the shelter; a grid of cells then takes the best of (network time at a road point + off-road
 * walk from it), spread across the grid by a 16-neighbour cost-distance search at the off-road
 * speed (knight's moves keep the error of grid directions under 3 %). Turf's isobands draws
 * each threshold's region from that one grid, so the regions nest exactly.
 *
 * @example
 * isochrones(graph, [110.95, 22.36], [5, 10, 15], { mode: 'walk' });
 * // FeatureCollection of MultiPolygons, properties { minutes: 5 }, { minutes: 10 }, { minutes: 15 }
 */
import { featureCollection, isobands, point } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Point } from 'geojson';
import { FROM_FROM, FROM_TO, endCosts } from './edge-position.ts';
import { rulerAt } from './geodesy.ts';
import { NodeHeap } from './min-heap.ts';
import { modeCosts } from './mode-costs.ts';
import { OFFROAD_WALK_KMH } from './road-classes.ts';
import type { RoadGraph } from './road-graph.ts';
import { runSearch } from './search.ts';
import { offroadCost, shelterSeeds } from './shelter-field.ts';
import { snapPoint } from './snap.ts';
import type { LonLat, SearchOptions } from './types.ts';

export interface IsochroneOptions extends SearchOptions {
  /** Grid cell size in metres (default: fine enough for about 20,000 cells, at least 20 m). */
  cellM?: number;
}

export type IsochroneFeature = Feature<MultiPolygon, { minutes: number }>;

/** Enough for a smooth outline; turf's isobands costs grow with the cell count. */
const MAX_CELLS = 20_000;
const NEIGHBOURS: readonly [number, number][] = [
  [1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [1, -1], [-1, 1], [-1, -1],
  [1, 2], [2, 1], [-1, 2], [-2, 1], [1, -2], [2, -1], [-1, -2], [-2, -1],
];

interface RoadPoints {
  lon: number[];
  lat: number[];
  /** Seconds from the point to the shelter along the network. */
  seconds: number[];
}

/** Points every `stepM` along each edge in reach, with their network time to the shelter. */
function roadPoints(graph: RoadGraph, options: SearchOptions, shelter: LonLat, limit: number, stepM: number, offroadKmh: number): RoadPoints {
  const out: RoadPoints = { lon: [], lat: [], seconds: [] };
  const { mode, blocked } = options;
  const snap = snapPoint(graph, shelter[0], shelter[1], mode, blocked);
  if (!snap) return out;
  const costs = modeCosts(graph, mode);
  const field = runSearch(graph, mode, 'to', shelterSeeds(graph, [snap], mode, offroadKmh), blocked, limit);
  const shelterEnds = new Float64Array(6);
  endCosts(graph, costs, mode, snap, shelterEnds);
  const shelterOff = offroadCost(snap.offroadM, mode, offroadKmh);
  for (let e = 0; e < graph.edgeCount; e++) {
    if (blocked && blocked[e]) continue;
    const cu = field.cost[graph.edgeFrom[e]];
    const cv = field.cost[graph.edgeTo[e]];
    if (!(Math.min(cu, cv) <= limit) && e !== snap.edge) continue;
    const fwd = costs.forward[e];
    const bwd = costs.backward[e];
    if (!(fwd < Infinity) && !(bwd < Infinity)) continue;
    const len = graph.edgeLength[e];
    const first = graph.edgeFirstVertex[e];
    const last = graph.edgeLastVertex[e];
    // Totals of the per-segment walking times, for the part of the edge beyond a point.
    let sumF = 0;
    let sumB = 0;
    for (let v = first; v < last; v++) {
      sumF += graph.segWalkForward[v];
      sumB += graph.segWalkBackward[v];
    }
    let along = 0;
    let preF = 0;
    let preB = 0;
    for (let v = first; v < last; v++) {
      const segM = graph.segLength[v];
      const steps = Math.max(1, Math.ceil(segM / stepM));
      for (let k = v === first ? 0 : 1; k <= steps; k++) {
        const t = k / steps;
        const m = along + t * segM;
        let toFrom: number;
        let toTo: number;
        let fromStart: number;
        let backToStart: number;
        if (mode === 'walk') {
          fromStart = preF + t * graph.segWalkForward[v];
          backToStart = preB + t * graph.segWalkBackward[v];
          toFrom = backToStart;
          toTo = sumF - fromStart;
        } else {
          const f = len > 0 ? m / len : 0;
          fromStart = fwd * f;
          backToStart = bwd * f;
          toFrom = bwd * f;
          toTo = fwd * (1 - f);
        }
        // A point on a node is at that node whatever the edge allows.
        if (m === 0) toFrom = 0;
        else if (!(bwd < Infinity)) toFrom = Infinity;
        if (m >= len) toTo = 0;
        else if (!(fwd < Infinity)) toTo = Infinity;
        let best = Math.min(toFrom + cu, Math.max(0, toTo) + cv);
        if (e === snap.edge) {
          // Straight along the shelter's own edge.
          const ahead = snap.alongM >= m;
          const shelterFromStart = mode === 'walk' ? shelterEnds[FROM_FROM] : fwd * (len > 0 ? snap.alongM / len : 0);
          const shelterBack = mode === 'walk' ? sumB - shelterEnds[FROM_TO] : bwd * (len > 0 ? snap.alongM / len : 0);
          const direct = ahead ? (fwd < Infinity ? shelterFromStart - fromStart : Infinity) : bwd < Infinity ? backToStart - shelterBack : Infinity;
          best = Math.min(best, Math.max(0, direct) + shelterOff);
        }
        if (best <= limit) {
          out.lon.push(graph.vertexLon[v] + t * (graph.vertexLon[v + 1] - graph.vertexLon[v]));
          out.lat.push(graph.vertexLat[v] + t * (graph.vertexLat[v + 1] - graph.vertexLat[v]));
          out.seconds.push(mode === 'length' ? best / (offroadKmh / 3.6) : best);
        }
      }
      along += segM;
      preF += graph.segWalkForward[v];
      preB += graph.segWalkBackward[v];
    }
  }
  return out;
}

export function isochrones(graph: RoadGraph, shelter: LonLat, minutes: readonly number[], options: IsochroneOptions): FeatureCollection<MultiPolygon, { minutes: number }> {
  const thresholds = [...minutes].sort((a, b) => a - b);
  if (thresholds.length === 0 || !thresholds.every((m) => Number.isFinite(m) && m > 0)) throw new Error('minutes must be positive numbers');
  const offroadKmh = options.offroadKmh ?? OFFROAD_WALK_KMH;
  const offMps = offroadKmh / 3.6;
  const maxS = thresholds[thresholds.length - 1] * 60;
  const reachM = maxS * offMps;
  // Length mode counts metres; isochrones need time, so its metres are walked at the off-road speed.
  const limit = options.mode === 'length' ? maxS * offMps : maxS;
  const firstCell = options.cellM ?? 50;
  const pts = roadPoints(graph, options, shelter, limit, firstCell / 2, offroadKmh);
  pts.lon.push(shelter[0]);
  pts.lat.push(shelter[1]);
  pts.seconds.push(0);

  // Grid over everything reached, padded by the off-road reach.
  const ruler = rulerAt(shelter[1]);
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (let i = 0; i < pts.lon.length; i++) {
    const pad = (maxS - pts.seconds[i]) * offMps;
    w = Math.min(w, pts.lon[i] - pad / ruler.kx);
    e = Math.max(e, pts.lon[i] + pad / ruler.kx);
    s = Math.min(s, pts.lat[i] - pad / ruler.ky);
    n = Math.max(n, pts.lat[i] + pad / ruler.ky);
  }
  const widthM = (e - w) * ruler.kx + 2 * reachM * 0.05;
  const heightM = (n - s) * ruler.ky + 2 * reachM * 0.05;
  const cellM = options.cellM ?? Math.max(20, Math.sqrt((widthM * heightM) / MAX_CELLS));
  const cols = Math.max(3, Math.ceil(widthM / cellM) + 3);
  const rows = Math.max(3, Math.ceil(heightM / cellM) + 3);
  const dLon = cellM / ruler.kx;
  const dLat = cellM / ruler.ky;
  const lon0 = w - dLon;
  const lat0 = s - dLat;

  const cells = cols * rows;
  const time = new Float64Array(cells).fill(Infinity);
  const heap = new NodeHeap(cells);
  const seed = (c: number, r: number, seconds: number) => {
    if (c < 0 || r < 0 || c >= cols || r >= rows) return;
    const id = r * cols + c;
    if (seconds < time[id]) {
      time[id] = seconds;
      heap.push(id, seconds);
    }
  };
  for (let i = 0; i < pts.lon.length; i++) {
    const fx = (pts.lon[i] - lon0) / dLon;
    const fy = (pts.lat[i] - lat0) / dLat;
    const c0 = Math.floor(fx);
    const r0 = Math.floor(fy);
    for (let dc = 0; dc <= 1; dc++) {
      for (let dr = 0; dr <= 1; dr++) seed(c0 + dc, r0 + dr, pts.seconds[i] + (Math.hypot(fx - c0 - dc, fy - r0 - dr) * cellM) / offMps);
    }
  }
  const stop = maxS + (3 * cellM) / offMps;
  const stepS = NEIGHBOURS.map(([dc, dr]) => (Math.hypot(dc, dr) * cellM) / offMps);
  while (heap.size > 0) {
    const id = heap.pop();
    const t = time[id];
    if (t > stop) break;
    const c = id % cols;
    const r = (id - c) / cols;
    for (let k = 0; k < NEIGHBOURS.length; k++) {
      const nc = c + NEIGHBOURS[k][0];
      const nr = r + NEIGHBOURS[k][1];
      if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) continue;
      const nid = nr * cols + nc;
      const nt = t + stepS[k];
      if (nt < time[nid]) {
        time[nid] = nt;
        heap.push(nid, nt);
      }
    }
  }

  const beyond = thresholds[thresholds.length - 1] * 2 + 1;
  const grid: Feature<Point, { minutes: number }>[] = [];
  for (let r = 0; r < rows; r++) {
    const lat = lat0 + r * dLat;
    for (let c = 0; c < cols; c++) {
      const t = time[r * cols + c];
      grid.push(point([lon0 + c * dLon, lat], { minutes: t <= stop ? t / 60 : beyond }));
    }
  }
  const gridFc = featureCollection(grid);
  return featureCollection(
    thresholds.map((m): IsochroneFeature => {
      const band = isobands(gridFc, [-1, m], { zProperty: 'minutes' }).features[0];
      return { type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: band ? band.geometry.coordinates : [] }, properties: { minutes: m } };
    }),
  );
}
