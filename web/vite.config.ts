/**
 * Build of the "one map" web client: web/ → web/dist, served by the OneMap server at /.
 * Every emitted text asset also gets a .br and a .gz copy, so the server sends compressed
 * bytes without compressing on each request. `npm run dev:web` proxies the API to :3000.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));
const api = 'http://127.0.0.1:3000';

/** Writes name.br and name.gz beside each compressible file of the build. */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'onemap-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|webmanifest)$/.test(file)) continue;
        const body = fs.readFileSync(file);
        if (body.length < 512) continue;
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/api': api, '/ogc': api, '/tiles': api },
    // The client imports the domain's vocabularies (pure constants) from server/domain: the dev
    // server may read that folder and the dependencies, and no other part of the server tree.
    fs: { allow: [root, path.join(root, '../server/domain'), path.join(root, '../node_modules')] },
  },
  plugins: [precompress()],
});
