/**
 * Expired warnings drop off the public map by themselves: nothing is written when a warning's
 * time is up, so this watch looks every few seconds for warnings whose expiry has just passed
 * and tells this instance's caches (tiles, analysis layers, live streams) that they changed.
 */
import type { Knex } from 'knex';
import type { LayerChanges } from '../layers/changes.ts';
import { warnings } from '../layers/warnings.ts';

export function watchWarningExpiry(knex: Knex, changes: LayerChanges, everyMs = 5000, log: (m: string) => void = () => {}): () => void {
  let since = new Date();
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    const until = new Date();
    void knex('warnings')
      .whereNull('deleted_at')
      .where('expires', '>', since)
      .where('expires', '<=', until)
      .select('id')
      .then(
        (rows: Array<{ id: number }>) => {
          since = until;
          for (const { id } of rows) changes.notify({ layer: warnings.id, id, op: 'update' });
        },
        (e: unknown) => log(`warning expiry watch: ${e instanceof Error ? e.message : String(e)}`),
      )
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
