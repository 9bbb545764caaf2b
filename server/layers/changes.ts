/**
 * The change feed: tells every part of the service that caches a layer (tile indexes, analysis
 * snapshots, live streams) that the layer changed.
 *
 * Two sources feed it. A write made by this process calls `notify` right after its commit and
 * before its response is sent, so that no reader of this instance sees a stale cache after the
 * answer. And the database announces every committed change of a layer table (whoever made it:
 * another instance, an import, psql) with the layer's new version — PostgreSQL NOTIFY on PostGIS,
 * the same channel in process on PGlite — which `receive` passes on. A listener may thus hear of
 * its own instance's write twice: caches treat a notice as "possibly stale since", never as data.
 */
import { EventEmitter } from 'node:events';

export interface LayerChange {
  layer: string;
  /** The changed feature ids; 'all' when any feature of the layer may have changed. */
  ids: readonly number[] | 'all';
  /** The layer's version after the change, when the notice said it. */
  version?: number;
  /** A write of this process ('local') or a notice from the database ('feed'). */
  origin: 'local' | 'feed';
}

/** What a write reports: one feature (id > 0) or the whole layer (id 0, e.g. regrading every site). */
export interface WriteNotice {
  layer: string;
  id: number;
  op: 'insert' | 'update' | 'delete';
}

export class LayerChanges {
  private readonly emitter = new EventEmitter();
  private readonly versions = new Map<string, number>();

  constructor() {
    // Tile indexes, snapshots and every live stream listen: more than the default ten.
    this.emitter.setMaxListeners(0);
  }

  /** A write of this process has committed. */
  notify(notice: WriteNotice): void {
    this.emit({ layer: notice.layer, ids: notice.id > 0 ? [notice.id] : 'all', origin: 'local' });
  }

  /** A committed change announced by the database. */
  receive(change: { layer: string; version?: number; ids: readonly number[] | null }): void {
    if (change.version !== undefined && change.version > (this.versions.get(change.layer) ?? 0)) this.versions.set(change.layer, change.version);
    this.emit({ layer: change.layer, ids: change.ids ?? 'all', version: change.version, origin: 'feed' });
  }

  /** The newest version the database announced for the layer (0 before any notice). */
  latestVersion(layer: string): number {
    return this.versions.get(layer) ?? 0;
  }

  /** Records a layer's version read from the database (at start, or after a lost connection). */
  observeVersion(layer: string, version: number): void {
    if (version > (this.versions.get(layer) ?? 0)) this.versions.set(layer, version);
  }

  subscribe(listener: (change: LayerChange) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  private emit(change: LayerChange): void {
    this.emitter.emit('change', change);
  }
}
