/**
 * Opens the configured database for a long-running process or a CLI command: takes the
 * embedded database's folder lock, migrates, and releases the lock on close.
 */
import type { Config } from '../config.ts';
import { openDatabase, type Database } from './connect.ts';
import { acquireLock } from './data-dir-lock.ts';
import { migrateLatest } from './migrate.ts';

export async function openConfiguredDatabase(config: Config, purpose: string): Promise<Database> {
  const release = config.DATABASE_URL ? () => {} : acquireLock(config.DATA_DIR, purpose);
  try {
    const db = await openDatabase(config);
    await migrateLatest(db.knex);
    return {
      ...db,
      close: async () => {
        await db.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}
