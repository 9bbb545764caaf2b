/**
 * The way on foot as the server answers it ("where do I go?" and the card ask the same), and the
 * checks that a drawn way follows the roads from the person to the shelter rather than being the
 * straight line between them.
 */
import { distance, point } from '@turf/turf';
import { expect } from 'vitest';

export interface WalkingAnswer {
  shelter: { properties: { code: string; status: string }; geometry: { coordinates: number[] } };
  distance_m: number;
  walking_minutes: number;
  excluded_unsafe: number;
  mode?: string;
  line: { geometry: { coordinates: number[][] } };
}

export async function walkingAnswer(baseUrl: string, lon: number, lat: number): Promise<WalkingAnswer> {
  const res = await fetch(`${baseUrl}/api/analysis/nearest-shelter?lon=${lon.toFixed(6)}&lat=${lat.toFixed(6)}&mode=walk`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as WalkingAnswer;
  expect(body.mode).toBe('walk');
  return body;
}

const metres = (a: number[], b: number[]) => distance(point(a), point(b), { units: 'meters' });

/** A way that follows the roads: it bends (more than two positions), starts at `from` and ends at `to`. */
export function expectWayAlongRoads(way: number[][] | null, from: number[], to: number[], fromToleranceM = 1): void {
  expect(way).not.toBeNull();
  expect(way!.length).toBeGreaterThan(2);
  expect(metres(way![0], from)).toBeLessThanOrEqual(fromToleranceM);
  expect(metres(way![way!.length - 1], to)).toBeLessThanOrEqual(1);
}
