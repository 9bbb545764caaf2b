/**
 * Per-town tallies for the figures that coverage and the indicators report per town and for
 * the whole city: one tally per town (in the order of the towns) and a last one for items
 * that fall in no town, the city's total as their sum, and the town features that carry them.
 *
 * A tally is a plain object whose fields are counts (numbers), lists (arrays, e.g. shelter
 * positions), sets (of keys) or records of counts (e.g. sites by grade); summing adds counts,
 * joins lists, unites sets and adds records key by key, in town order.
 *
 * @example
 * const tallies = new TownTallies(townTable(towns.features), () => ({ sites: 0, shelters: [] as number[] }));
 * tallies.atFeature(site).sites++;
 * tallies.city().sites;                                   // all sites, in a town or not
 * tallies.townFeatures((t) => ({ risk_sites: t.sites })); // town polygons with their figures
 */
import type { Feature, Point } from 'geojson';
import type { TownTable } from './coverage-towns.ts';
import type { Areal, TownProps } from './types.ts';

/** What a tally field may be. */
type TallyField = number | unknown[] | Set<unknown> | Record<string, number>;

/** A point feature that may name its town. */
interface Located {
  geometry: Point;
  properties: { town_code?: unknown } | null;
}

/** A town feature carrying its figures beside its own properties. */
export type TownFigureFeature<P> = Feature<Areal, TownProps & P> & { id: number };

export class TownTallies<T extends { [K in keyof T]: TallyField }> {
  /** One tally per town of `towns.features`, then the unassigned one. */
  readonly slots: T[];

  constructor(
    readonly towns: TownTable,
    private readonly empty: () => T,
  ) {
    this.slots = Array.from({ length: towns.features.length + 1 }, empty);
  }

  /** Slot of the town an item belongs to: by its code, else by its location, else the last. */
  slotOf(code: unknown, lon?: number, lat?: number): number {
    return this.towns.slotOf(code, lon, lat);
  }

  /** The tally of a point feature's town (its town_code, else where it lies). */
  atFeature(f: Located): T {
    return this.slots[this.slotOfFeature(f)];
  }

  slotOfFeature(f: Located): number {
    return this.towns.slotOf(f.properties?.town_code, f.geometry.coordinates[0], f.geometry.coordinates[1]);
  }

  /** The tally of the items in no town. */
  get unassigned(): T {
    return this.slots[this.slots.length - 1];
  }

  /** The whole city: every slot summed, the unassigned one included. */
  city(): T {
    return sumTallies(this.slots, this.empty);
  }

  /**
   * The town features (sharing their geometry with the input) with the town's own
   * properties, then the figures made from its tally.
   */
  townFeatures<P extends object>(figures: (tally: T, town: number) => P): TownFigureFeature<P>[] {
    return this.towns.features.map((tf, i) => ({
      type: 'Feature' as const,
      id: tf.id,
      geometry: tf.geometry,
      properties: { ...townProps(tf.properties), ...figures(this.slots[i], i) },
    }));
  }
}

/** Sums tallies field by field into a fresh one made by `empty` (see the module comment). */
export function sumTallies<T extends { [K in keyof T]: TallyField }>(tallies: readonly T[], empty: () => T): T {
  const sum = empty();
  for (const t of tallies) {
    for (const key of Object.keys(sum) as (keyof T)[]) {
      const into: TallyField = sum[key];
      const from: TallyField = t[key];
      if (typeof into === 'number') (sum[key] as number) = into + (from as number);
      else if (Array.isArray(into)) into.push(...(from as unknown[]));
      else if (into instanceof Set) for (const x of from as Set<unknown>) into.add(x);
      else for (const [k, v] of Object.entries(from as Record<string, number>)) into[k] += v;
    }
  }
  return sum;
}

/** A town's own properties as the per-town answers report them (absent ones as null). */
export function townProps(p: TownProps): TownProps {
  return { code: p.code, name: p.name, name_en: p.name_en ?? null, population: p.population ?? null, households: p.households ?? null };
}
