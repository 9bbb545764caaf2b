/**
 * Every route an express 5 app mounts, as "METHOD /path/{param}" in OpenAPI's spelling: the
 * router's stack is walked, each router mounted with app.use(prefix, router) adding its prefix.
 */
import type { Express } from 'express';

/** What this walk reads of router v2's Layer and Route (express 5 does not type them). */
interface StackLayer {
  rawPath?: string | RegExp | Array<string | RegExp>;
  route?: { path: string | RegExp | Array<string | RegExp>; methods: Record<string, boolean> };
  handle: { stack?: StackLayer[] };
}

/**
 * path-to-regexp v8 → OpenAPI: ":id" → "{id}". A regular expression has no OpenAPI form and is
 * given as its source (the caller lists those it knows); so would a "*rest" or "{…}" optional part.
 */
function toOpenApi(prefix: string, path: string | RegExp): string {
  if (path instanceof RegExp) return `${prefix}${String(path)}`;
  const full = prefix + path;
  if (/[*{}]/.test(full)) throw new Error(`route ${full}: a wildcard or optional part has no OpenAPI path`);
  return full.replace(/:(\w+)/g, '{$1}');
}

function walk(stack: StackLayer[], prefix: string, out: Set<string>): void {
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const p of paths) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') out.add(`${method.toUpperCase()} ${toOpenApi(prefix, p)}`);
        }
      }
    } else if (layer.handle.stack) {
      // A mounted router; "/" (app.use(router)) adds nothing to the prefix.
      const raw = Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath ?? '/'];
      for (const p of raw) {
        if (p instanceof RegExp) throw new Error(`router mounted on ${String(p)}: not walkable`);
        walk(layer.handle.stack, p === '/' ? prefix : prefix + p, out);
      }
    }
  }
}

export function mountedRoutes(app: Express): string[] {
  // express 5 keeps the root router on app.router.
  const root = (app as unknown as { router: { stack: StackLayer[] } }).router;
  const out = new Set<string>();
  walk(root.stack, '', out);
  return [...out].sort();
}
