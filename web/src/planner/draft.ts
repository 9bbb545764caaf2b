/**
 * A what-if draft of the shelter network: shelters added, moved or switched off, kept in the
 * browser until saved. Each change remembers the version it was made from, so saving it
 * through the OGC API (If-Match) reports a conflict instead of overwriting someone's work.
 */
import type { Feature, Point } from 'geojson';
import { ConflictError, createFeature, patchFeature, type StoredFeature } from '../features.ts';
import type { DraftRequest } from './analysis-api.ts';

type Props = Record<string, unknown>;

export type DraftEntry =
  | { op: 'add'; key: string; geometry: Point; properties: Props }
  | { op: 'move'; key: string; base: StoredFeature; geometry: Point }
  | { op: 'off'; key: string; base: StoredFeature };

/** Properties the API maintains; never sent back in a write. */
const SYSTEM = new Set(['version', 'created_at', 'updated_at', 'updated_by']);
const writable = (p: Props): Props => Object.fromEntries(Object.entries(p).filter(([k]) => !SYSTEM.has(k)));

export class Draft {
  private entries: DraftEntry[] = [];
  private seq = 0;

  list(): readonly DraftEntry[] {
    return this.entries;
  }

  get size(): number {
    return this.entries.length;
  }

  add(geometry: Point, properties: Props): DraftEntry {
    const e: DraftEntry = { op: 'add', key: `a${++this.seq}`, geometry, properties };
    this.entries.push(e);
    return e;
  }

  /** Moving a shelter twice keeps one entry, at its last place. */
  move(base: StoredFeature, geometry: Point): void {
    this.entries = this.entries.filter((e) => !(e.op === 'move' && e.base.id === base.id));
    this.entries.push({ op: 'move', key: `m${++this.seq}`, base, geometry });
  }

  switchOff(base: StoredFeature): void {
    if (this.entries.some((e) => e.op === 'off' && e.base.id === base.id)) return;
    this.entries.push({ op: 'off', key: `o${++this.seq}`, base });
  }

  undo(key: string): void {
    this.entries = this.entries.filter((e) => e.key !== key);
  }

  clear(): void {
    this.entries = [];
  }

  /** The shelter as the draft leaves it, for an existing shelter id (undefined = untouched). */
  private changed(id: number): (Feature<Point, Props> & { id: number }) | undefined {
    const mine = this.entries.filter((e): e is Exclude<DraftEntry, { op: 'add' }> => e.op !== 'add' && e.base.id === id);
    if (!mine.length) return undefined;
    const base = mine[0].base;
    let geometry = base.geometry as Point;
    const properties = writable(base.properties);
    for (const e of mine) {
      if (e.op === 'move') geometry = e.geometry;
      else properties.status = 'closed';
    }
    return { type: 'Feature', id, geometry, properties };
  }

  /** The body of POST /api/analysis/coverage|catchments: { draft: … }. */
  request(): DraftRequest {
    const ids = [...new Set(this.entries.flatMap((e) => (e.op === 'add' ? [] : [e.base.id])))];
    return {
      add: this.entries.flatMap((e) => (e.op === 'add' ? [{ type: 'Feature' as const, geometry: e.geometry, properties: e.properties }] : [])),
      change: ids.map((id) => this.changed(id) as Feature<Point, Props> & { id: number }),
      remove: [],
    };
  }

  /**
   * Saves every entry: new shelters are created, changed ones patched from the version the
   * draft saw. Stops at the first conflict, leaving the unsaved entries in the draft.
   */
  async save(onConflict: (c: ConflictError) => void): Promise<{ saved: StoredFeature[]; conflict: ConflictError | null }> {
    const saved: StoredFeature[] = [];
    const ids = new Set<number>();
    for (const e of [...this.entries]) {
      try {
        if (e.op === 'add') {
          saved.push(await createFeature('shelters', e.geometry, e.properties));
          this.undo(e.key);
        } else if (!ids.has(e.base.id)) {
          ids.add(e.base.id);
          const whole = this.changed(e.base.id);
          if (!whole) continue;
          const change: { properties?: Props; geometry?: Point } = {};
          if (this.entries.some((x) => x.op === 'move' && x.base.id === e.base.id)) change.geometry = whole.geometry;
          if (this.entries.some((x) => x.op === 'off' && x.base.id === e.base.id)) change.properties = { status: 'closed' };
          saved.push(await patchFeature('shelters', e.base, change));
          this.entries = this.entries.filter((x) => x.op === 'add' || x.base.id !== e.base.id);
        }
      } catch (err) {
        if (err instanceof ConflictError) {
          onConflict(err);
          return { saved, conflict: err };
        }
        throw err;
      }
    }
    return { saved, conflict: null };
  }
}
