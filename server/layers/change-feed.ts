/**
 * Connects LayerChanges to the database's announcements of committed layer changes (the
 * `onemap_layer_changes` channel, written by the layer tables' triggers), so that this instance
 * hears of every write to the shared database — its own, another instance's, a script's.
 */
import type { Database } from '../db/connect.ts';
import type { Unlisten } from '../db/notifications.ts';
import { CHANGE_CHANNEL } from '../../migrations/006_change_feed.ts';
import type { LayerChanges } from './changes.ts';

interface Notice {
  layer: string;
  /** Absent from a notice the writing service sent after its commit (the trigger bumped it). */
  version?: number;
  ids: number[] | null;
}

function parseNotice(payload: string): Notice | undefined {
  try {
    const n = JSON.parse(payload) as { layer?: unknown; version?: unknown; ids?: unknown };
    if (typeof n.layer !== 'string') return undefined;
    const ids = Array.isArray(n.ids) ? (n.ids as number[]) : null;
    if (typeof n.version === 'number') return { layer: n.layer, version: n.version, ids };
    if (n.version === null) return { layer: n.layer, ids };
  } catch {
    // not ours
  }
  return undefined;
}

/** Every layer's current version, as committed. */
export async function layerVersions(db: Pick<Database, 'knex'>): Promise<Map<string, number>> {
  const rows = (await db.knex('layer_versions').select('layer', 'version')) as Array<{ layer: string; version: number }>;
  return new Map(rows.map((r) => [r.layer, r.version]));
}

/**
 * Starts listening; resolves once the feed is live. After a lost connection it reads every
 * layer's version again and announces the layers that moved meanwhile as wholly changed.
 */
export async function startChangeFeed(db: Database, changes: LayerChanges, log: (m: string) => void = () => {}): Promise<Unlisten> {
  const resync = () => catchUp(db, changes);
  const stop = await db.listen(CHANGE_CHANNEL, {
    onMessage: (payload) => {
      const n = parseNotice(payload);
      if (n) changes.receive(n);
    },
    onReconnect: () => {
      log('change feed: reconnected to the database; refreshing every layer that changed meanwhile');
      resync().catch((e: unknown) => log(`change feed: resync failed: ${e instanceof Error ? e.message : String(e)}`));
    },
    onError: (e) => log(`change feed: ${e.message}`),
  });
  // Versions as of now; anything committed from here on arrives as a notice.
  for (const [layer, version] of await layerVersions(db)) changes.observeVersion(layer, version);
  return stop;
}

/**
 * Reads every layer's version now and announces those newer than this instance has heard of (a
 * client naming a version that the feed has not delivered yet: the notice is on its way).
 */
export async function catchUp(db: Pick<Database, 'knex'>, changes: LayerChanges): Promise<void> {
  for (const [layer, version] of await layerVersions(db)) {
    if (version > changes.latestVersion(layer)) changes.receive({ layer, version, ids: null });
  }
}
