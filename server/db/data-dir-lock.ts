/**
 * The embedded database may be opened by one process only: two PGlite instances on one
 * folder would corrupt it. The holder writes its pid into a lock file in DATA_DIR.
 */
import fs from 'node:fs';
import path from 'node:path';

const NAME = 'onemap.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of another live process holding the folder, if any. */
export function lockHolder(dataDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, NAME), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock or throws a message that says who holds it; returns the release function. */
export function acquireLock(dataDir: string, purpose: string): () => void {
  const holder = lockHolder(dataDir);
  if (holder !== undefined) {
    throw new Error(
      `the embedded database in ${dataDir} is in use by process ${holder} (a running OneMap server). ` +
        `Stop it before ${purpose}, or do it through the running server's API (POST /api/tokens with an admin token).`,
    );
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, NAME);
  fs.writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
}
