/**
 * `npm run check:cycles`: no import cycles between files, nor between folders, in `server/` and
 * `web/src/`. A folder cycle (say `features` → `layers` → `features`) means neither folder can be
 * understood or changed without the other; files at the top of a tree count as folders of their own.
 */
import path from 'node:path';
import madge from 'madge';

/** Strongly connected components of more than one node (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) out.push(component);
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

const folderOf = (file: string): string => file.split('/')[0];

async function check(root: string): Promise<string[]> {
  const result = await madge(root, { fileExtensions: ['ts'] });
  const files = result.obj();
  const problems = result.circular().map((c) => `${root}: file cycle ${c.join(' → ')}`);
  const folders = new Map<string, Set<string>>();
  const why = new Map<string, string>();
  for (const [file, deps] of Object.entries(files)) {
    const from = folderOf(file);
    if (!folders.has(from)) folders.set(from, new Set());
    for (const dep of deps) {
      const to = folderOf(dep);
      if (to === from) continue;
      folders.get(from)!.add(to);
      if (!why.has(`${from}>${to}`)) why.set(`${from}>${to}`, `${file} → ${dep}`);
    }
  }
  for (const c of cycles(folders)) {
    const edges = c.flatMap((a) => [...(folders.get(a) ?? [])].filter((b) => c.includes(b)).map((b) => why.get(`${a}>${b}`)));
    problems.push(`${root}: folder cycle ${c.join(', ')} (${edges.join('; ')})`);
  }
  return problems;
}

const roots = ['server', 'web/src'];
const problems = (await Promise.all(roots.map((r) => check(path.join(process.cwd(), r))))).flat();
for (const p of problems) console.error(p);
if (problems.length) process.exit(1);
console.log(`no file or folder import cycles in ${roots.join(' and ')}`);
