/**
 * A OneMap server in a node process of its own, for the benches that drive a real instance
 * (surge, operation): a free loopback port, the server started from a checkout, and its log kept
 * to show if it ends during a run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface Instance {
  base: string;
  child: ChildProcess;
  rss: number[];
  /** What the server printed (its log), to show if it ends before the bench stops it. */
  log(): string;
}

export interface InstanceOptions {
  /** The checkout whose server/main.ts runs. */
  serverDir: string;
  databaseUrl: string;
  /** The line the server prints when warm (its layers read): the run starts on a warm server. */
  ready: string;
  /** The line that says that warm-up failed, so that waiting for `ready` is pointless (default: any warm-up's failure). */
  failed?: string;
  /** Extra environment for the server (on top of the bench's own). */
  env?: Record<string, string>;
}

export async function startInstance(o: InstanceOptions): Promise<Instance> {
  const port = await freePort();
  // SURGE_NODE_FLAGS: extra flags for the servers' node, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const flags = (process.env.SURGE_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', 'server/main.ts'], {
    cwd: o.serverDir,
    // Every virtual user shares one loopback address: the anonymous rate limit would stop the
    // bench's clients, so it is off.
    env: { ...process.env, DATABASE_URL: o.databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOAD_SAMPLE: 'never', LOG_LEVEL: 'info', READ_RATE_LIMIT_PER_MIN: '0', ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`the server did not start:\n${out}`)), 180_000);
    child.stdout!.on('data', () => out.includes('OneMap is running at') && (clearTimeout(t), resolve()));
    child.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${out}`)));
  });
  const failed = o.failed ?? 'warm-up failed';
  for (let waited = 0; waited < 600_000 && !out.includes(o.ready) && !out.includes(failed) && child.exitCode === null; waited += 250) {
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base: `http://127.0.0.1:${port}`, child, rss: [], log: () => out };
}

/** Stops an instance and waits for it to end. */
export async function stopInstance(i: Instance): Promise<void> {
  if (i.child.exitCode !== null || i.child.signalCode !== null) return;
  const ended = new Promise((r) => i.child.once('exit', r));
  i.child.kill('SIGTERM');
  await ended;
}
