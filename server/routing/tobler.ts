/**
 * Tobler's hiking function (Tobler 1993, "Three presentations on geographical analysis and
 * modeling", NCGIA TR 93-1): walking speed on a slope, fastest (6 km/h) slightly downhill.
 * Speeds apply to the horizontal distance, as in Tobler's paper.
 *
 * @example
 * toblerKmh(0);     // 5.04 km/h on the flat
 * toblerKmh(0.1);   // 3.53 km/h up a 10 % slope
 * toblerKmh(-0.1);  // 5.44 km/h down it
 */

/** km/h for a slope dh/dx (rise over horizontal run, signed in the direction of travel). */
export function toblerKmh(slope: number): number {
  return 6 * Math.exp(-3.5 * Math.abs(slope + 0.05));
}

/** Fastest walking speed the function allows (at a 5 % descent): an admissible bound for A*. */
export const TOBLER_MAX_KMH = 6;

/** Seconds to walk a horizontal run of `metres` that rises by `rise` metres. */
export function toblerSeconds(metres: number, rise: number): number {
  if (metres <= 0) return 0;
  return (metres / 1000 / toblerKmh(rise / metres)) * 3600;
}
