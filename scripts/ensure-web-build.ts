/**
 * Builds the web client (web/ → web/dist) when the build is missing or stale. "Stale" is
 * decided by a hash of the client's sources and the installed versions of its build tools,
 * written beside the build, so a fresh checkout, a pull or an edit all trigger a rebuild and
 * nothing else does. `npm start` runs this first; `--force` always builds.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIR = path.join(repoRoot, 'web');
export const DIST_DIR = path.join(WEB_DIR, 'dist');
const STAMP = path.join(DIST_DIR, '.source-hash');

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'missing';
  }
}

/** Hash of everything the build reads: web/ (but its output) and the build tools' versions. */
export function sourceHash(): string {
  const h = crypto.createHash('sha256');
  const files = [
    ...listFiles(path.join(WEB_DIR, 'src')),
    ...listFiles(path.join(WEB_DIR, 'public')),
    ...['index.html', 'vite.config.ts', 'tsconfig.json'].map((f) => path.join(WEB_DIR, f)).filter((f) => fs.existsSync(f)),
  ].sort();
  for (const f of files) {
    h.update(path.relative(WEB_DIR, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  }
  h.update(`ol@${packageVersion('ol')} vite@${packageVersion('vite')}`);
  return h.digest('hex');
}

export function isBuildCurrent(): boolean {
  if (!fs.existsSync(path.join(DIST_DIR, 'index.html')) || !fs.existsSync(STAMP)) return false;
  return fs.readFileSync(STAMP, 'utf8').trim() === sourceHash();
}

/** Builds when needed; returns whether it built. */
export async function ensureWebBuild(options: { force?: boolean; log?: (m: string) => void } = {}): Promise<boolean> {
  const log = options.log ?? ((m: string) => console.log(m));
  if (!options.force && isBuildCurrent()) return false;
  log(fs.existsSync(path.join(DIST_DIR, 'index.html')) ? 'web client: sources changed, rebuilding…' : 'web client: not built yet, building…');
  const hash = sourceHash();
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn' });
  fs.writeFileSync(STAMP, `${hash}\n`);
  log(`web client: built into ${path.relative(repoRoot, DIST_DIR)}/`);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureWebBuild({ force: process.argv.includes('--force') }).then(
    (built) => {
      if (!built) console.log('web client: build is up to date');
    },
    (e: unknown) => {
      console.error(`web client build failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
