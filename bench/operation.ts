/**
 * `npm run bench:operation`: an evacuation operation at province scale. One OneMap instance on the
 * province set in PostGIS (100,000 risk sites, 5,000 shelters, ~1M road edges).
 *
 * 1. Creation: the provincial bureau's orange geohazard alert over a whole prefecture — a CAP
 *    alert naming every township of it (`<geocode>` TOWNSHIP; a prefecture is the towns whose
 *    codes share their first four digits, 12 counties in the generated set) — and the duty
 *    officer's POST /api/operations from that warning, timed, for the three prefectures with the
 *    most households to move (the first one on a server just started: its layers read and road graphs built).
 * 2. The operation running: cadres (`--cadres` users) change task statuses as households are told,
 *    move, arrive, refuse or cannot be reached, `--rate` updates a second for `--duration` s (open
 *    loop: a slow answer does not slow the next update down), with If-Match or an Idempotency-Key
 *    (some sent twice, as a phone retries), while `--staff` operation streams and `--public`
 *    public streams (/api/live) are connected from another process. Then the sums must
 *    reconcile: every task's status and version are those of its last update, households by
 *    status add up to the operation's households, every stream received every change.
 *
 *   npm run bench:operation
 *   npm run bench:operation -- --duration 30 --rate 100 --staff 100 --public 100
 *
 * Targets on the 2-core development machine: creation < 5 s; 200 updates/s with p99 < 200 ms,
 * no update lost, every change on every stream.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../server/config.ts';
import { openDatabase } from '../server/db/connect.ts';
import { createToken, revokeToken } from '../server/auth/tokens.ts';
import { ensureProvinceDatabase, PROVINCE_DATABASE_URL } from './support/province-db.ts';
import { startInstance, stopInstance } from './support/server-instance.ts';
import { wallMs, type StreamTally, type SubscriberOrders } from './support/sse-subscribers.ts';
import { percentile, rssMb } from './support/stats.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    rate: { type: 'string', default: '200' },
    cadres: { type: 'string', default: '100' },
    staff: { type: 'string', default: '250' },
    public: { type: 'string', default: '250' },
    // How many prefectures' operations to time (the first one is then driven).
    creations: { type: 'string', default: '3' },
  },
});
const DURATION = Number(args.duration);
const RATE = Number(args.rate);
const databaseUrl = process.env.BENCH_OPERATION_DATABASE_URL || PROVINCE_DATABASE_URL;
const SAMPLE_EVERY = 10;

type Status = 'to_notify' | 'notified' | 'moving' | 'arrived' | 'stayed' | 'refused' | 'unreachable';

interface Task {
  id: number;
  version: number;
  status: Status;
  shelter_id: number | null;
  households: number;
  busy: boolean;
}

/** The orange geohazard alert of the provincial bureau over these townships (CAP 1.2). */
function prefectureAlert(identifier: string, prefecture: string, towns: readonly string[], msgType = 'Alert', references = ''): string {
  const geocodes = towns.map((c) => `<geocode><valueName>TOWNSHIP</valueName><value>${c}</value></geocode>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${identifier}</identifier><sender>gdmb@gd.gov.cn</sender><sent>2026-06-01T08:00:00+08:00</sent>
  <status>Actual</status><msgType>${msgType}</msgType><scope>Public</scope>${references}
  <info>
    <language>zh-CN</language><category>Geo</category><event>地质灾害气象风险预警</event>
    <urgency>Expected</urgency><severity>Severe</severity><certainty>Likely</certainty>
    <expires>2099-06-02T08:00:00+08:00</expires><senderName>广东省自然资源厅</senderName>
    <headline>地质灾害气象风险橙色预警（${prefecture}）</headline>
    <parameter><valueName>预警级别</valueName><value>橙色</value></parameter>
    <area><areaDesc>${prefecture}</areaDesc>${geocodes}</area>
  </info>
</alert>`;
}

/** What a cadre reports next about a household, by what it reported last. */
function nextStatus(t: Task, shelters: readonly number[]): { status: Status; shelter_id?: number } {
  const r = Math.random();
  switch (t.status) {
    case 'to_notify':
      return { status: r < 0.85 ? 'notified' : 'unreachable' };
    case 'notified':
      return { status: r < 0.7 ? 'moving' : r < 0.85 ? 'stayed' : 'refused' };
    case 'moving':
      return t.shelter_id === null ? { status: 'stayed' } : { status: 'arrived' };
    case 'unreachable':
    case 'refused':
      return { status: 'notified' };
    case 'stayed':
      return { status: 'moving' };
    case 'arrived':
      // A transfer: the household is sent on to another shelter.
      return { status: 'moving', shelter_id: shelters[Math.floor(Math.random() * shelters.length)] };
  }
}

interface Sent {
  sent: number;
  acked: number;
}

async function main(): Promise<void> {
  await ensureProvinceDatabase(databaseUrl);
  const db = await openDatabase({ DATABASE_URL: databaseUrl, DATA_DIR: '', DB_POOL_MAX: 2, STATEMENT_TIMEOUT_MS: 30_000 });
  const tokens: Array<{ id: number; token: string }> = [];
  const duty = await createToken(db.knex, 'bench-operation-duty', 'duty');
  tokens.push(duty);
  for (let i = 0; i < Number(args.cadres); i++) tokens.push(await createToken(db.knex, `bench-operation-cadre-${i + 1}`, 'cadre'));
  const cadres = tokens.slice(1).map((t) => t.token);
  // The prefectures with the most households an orange geohazard warning moves.
  const prefectures = (
    await db.knex.raw<{ rows: Array<{ p: string; n: string }> }>(
      `SELECT left(town_code, 4) AS p, count(*) AS n FROM risk_sites
        WHERE deleted_at IS NULL AND grade IN ('very_high', 'high') AND rectification_status <> 'relocated'
        GROUP BY 1 ORDER BY 2 DESC LIMIT ?`,
      [Number(args.creations)],
    )
  ).rows.map((r) => r.p);
  console.error(`prefectures by households to move: ${prefectures.join(", ")}; starting the server…`);
  const inst = await startInstance({ serverDir: repoRoot, databaseUrl, ready: 'road graphs built', failed: 'road graph warm-up failed' });
  const sampler = setInterval(() => {
    try {
      inst.rss.push(rssMb(inst.child.pid!));
    } catch {
      // ended
    }
  }, 2000);
  const alerts: string[] = [];
  // A Cancel names an area too: a township of the first prefecture.
  let someTown = '';
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  try {
    // --- 1. creating operations ---------------------------------------------------------------
    const created: Array<{ prefecture: string; towns: number; km2: number; id: number; tasks: number; households: number; ms: number }> = [];
    for (const p of prefectures) {
      const towns = ((await db.knex('towns').whereNull('deleted_at').whereRaw('left(code, 4) = ?', [p]).orderBy('code').select('code')) as Array<{ code: string }>).map((t) => t.code);
      someTown ||= towns[0];
      const identifier = `BENCH-OP-${p}-${Date.now()}`;
      const w = await fetch(`${inst.base}/api/warnings`, { method: 'POST', headers: { ...auth(duty.token), 'Content-Type': 'application/cap+xml' }, body: prefectureAlert(identifier, `${p}00`, towns) });
      if (w.status !== 201) throw new Error(`the warning for ${p}: ${w.status} ${await w.text()}`);
      alerts.push(identifier);
      const warningId = ((await w.json()) as { id: number }).id;
      const area = (await db.knex('warnings').where({ id: warningId }).first(db.knex.raw('ST_Area(geom::geography) / 1e6 AS km2'))) as { km2: number };
      console.error(`creating the operation of prefecture ${p} (${towns.length} towns)…`);
      const started = performance.now();
      const res = await fetch(`${inst.base}/api/operations`, { method: 'POST', headers: { ...auth(duty.token), 'Content-Type': 'application/json' }, body: JSON.stringify({ warning_id: warningId }) });
      const ms = performance.now() - started;
      if (res.status !== 201) throw new Error(`the operation for ${p}: ${res.status} ${await res.text()}`);
      const sum = (await res.json()) as { operation: { id: number }; households: number; by_status: Record<string, { households: number }> };
      const tasks = Number(((await db.knex('operation_tasks').where({ operation_id: sum.operation.id }).count({ n: '*' })) as Array<{ n: string }>)[0].n);
      created.push({ prefecture: p, towns: towns.length, km2: Number(area.km2), id: sum.operation.id, tasks, households: sum.households, ms });
      // Said at once: a run that fails later still shows its creation times.
      console.error(`  ${tasks} tasks, ${sum.households} households in ${(ms / 1000).toFixed(2)} s (load average ${os.loadavg()[0].toFixed(1)})`);
    }
    // The first (largest) operation runs; the others are closed.
    for (const c of created.slice(1)) await fetch(`${inst.base}/api/operations/${c.id}/close`, { method: 'POST', headers: auth(duty.token) });
    const op = created[0];

    // --- 2. the operation running -----------------------------------------------------------
    const tasks: Task[] = [];
    for (let offset = 0; ; offset += 5000) {
      const page = (await (await fetch(`${inst.base}/api/operations/${op.id}/tasks?limit=5000&offset=${offset}`, { headers: auth(duty.token) })).json()) as { tasks: Array<Omit<Task, 'busy'>> };
      for (const t of page.tasks) tasks.push({ id: t.id, version: t.version, status: t.status, shelter_id: t.shelter_id, households: t.households, busy: false });
      if (page.tasks.length < 5000) break;
    }
    const shelters = [...new Set(tasks.map((t) => t.shelter_id).filter((s): s is number => s !== null))];
    const orders: SubscriberOrders = {
      base: inst.base,
      operationId: op.id,
      staffTokens: Array.from({ length: Number(args.staff) }, (_, i) => (i === 0 ? duty.token : cadres[i % cadres.length])),
      publicStreams: Number(args.public),
      sampleEvery: SAMPLE_EVERY,
    };
    console.error(`connecting ${orders.staffTokens.length} operation streams and ${orders.publicStreams} public streams…`);
    const subscribers = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/support/sse-subscribers.ts'), JSON.stringify(orders)], { stdio: ['pipe', 'pipe', 'inherit'] });
    let subOut = '';
    subscribers.stdout!.on('data', (d: Buffer) => (subOut += d.toString()));
    await new Promise<void>((resolve, reject) => {
      subscribers.stdout!.on('data', () => subOut.startsWith('ready\n') && resolve());
      subscribers.once('exit', (code) => reject(new Error(`the subscribers exited with ${code}`)));
    });
    const tallies = new Promise<StreamTally[]>((resolve, reject) => {
      // 'close', not 'exit': the child may exit before its stdout has been read to the end.
      subscribers.once('close', (code) => (code === 0 ? resolve(JSON.parse(subOut.slice(subOut.indexOf('\n') + 1)) as StreamTally[]) : reject(new Error(`the subscribers exited with ${code}`))));
    });

    console.error(`${RATE} updates a second for ${DURATION} s…`);
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    const failures: string[] = [];
    const changes = new Map<string, Sent>();
    const shelterChanges: Array<{ shelter: number; sent: number }> = [];
    let retries = 0;
    let replayed = 0;
    let applied = 0;
    let skipped = 0;
    const patch = async (t: Task, body: { status: Status; shelter_id?: number }, precondition: Record<string, string>, cadre: string): Promise<{ status: number; task?: { version: number; status: Status; shelter_id: number | null; replayed: boolean } }> => {
      const started = wallMs();
      try {
        const res = await fetch(`${inst.base}/api/operations/${op.id}/tasks/${t.id}`, { method: 'PATCH', headers: { ...auth(cadre), ...precondition, 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
        const text = await res.text();
        const acked = wallMs();
        latencies.push(acked - started);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status !== 200) {
          if (failures.length < 5) failures.push(`${res.status} ${text.slice(0, 200)}`);
          return { status: res.status };
        }
        const task = JSON.parse(text) as { version: number; status: Status; shelter_id: number | null; replayed: boolean };
        if (!task.replayed) changes.set(`${t.id}:${task.version}`, { sent: started, acked });
        return { status: 200, task };
      } catch (e) {
        latencies.push(wallMs() - started);
        statuses.failed = (statuses.failed ?? 0) + 1;
        if (failures.length < 5) failures.push(e instanceof Error ? e.message : String(e));
        return { status: 0 };
      }
    };
    const update = async (k: number): Promise<void> => {
      // An idle task (one cadre per household at a time); households that arrived move on rarely.
      let t: Task | undefined;
      for (let tries = 0; tries < 50 && !t; tries++) {
        const c = tasks[Math.floor(Math.random() * tasks.length)];
        if (!c.busy && (c.status !== 'arrived' || tries > 20)) t = c;
      }
      if (!t) return void skipped++;
      t.busy = true;
      const cadre = cadres[k % cadres.length];
      const body = nextStatus(t, shelters);
      const keyed = Math.random() < 0.4;
      const precondition: Record<string, string> = keyed ? { 'Idempotency-Key': `bench-${t.id}-${t.version}-${k}` } : { 'If-Match': `"v${t.version}"` };
      const before = { status: t.status, shelter_id: t.shelter_id };
      const sentAt = wallMs();
      let got = await patch(t, body, precondition, cadre);
      // A phone that did not hear the answer sends the same update again.
      if (keyed && got.status === 200 && Math.random() < 0.05) {
        retries++;
        const again = await patch(t, body, precondition, cadre);
        if (again.task?.replayed) replayed++;
        else if (again.status === 200) failures.push(`a retried update was applied twice (task ${t.id})`);
        if (again.status !== 200) got = again;
      }
      if (got.task && !got.task.replayed) {
        applied++;
        Object.assign(t, { version: got.task.version, status: got.task.status, shelter_id: got.task.shelter_id });
        // Arrivals and departures change shelters' places: the public streams hear of them.
        if (before.status === 'arrived' && before.shelter_id !== null) shelterChanges.push({ shelter: before.shelter_id, sent: sentAt });
        if (t.status === 'arrived' && t.shelter_id !== null) shelterChanges.push({ shelter: t.shelter_id, sent: sentAt });
      }
      t.busy = false;
    };
    const pending = new Set<Promise<void>>();
    const startedAt = performance.now();
    const until = startedAt + DURATION * 1000;
    let sent = 0;
    while (performance.now() < until) {
      const due = Math.floor(((performance.now() - startedAt) / 1000) * RATE);
      while (sent < due) {
        const p = update(sent++);
        pending.add(p);
        void p.then(() => pending.delete(p));
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    await Promise.all(pending);
    const elapsed = (performance.now() - startedAt) / 1000;
    // Events of the last updates are on their way.
    await new Promise((r) => setTimeout(r, 3000));
    subscribers.stdin!.end('stop\n');
    const streams = await tallies;

    // --- reconciling ------------------------------------------------------------------------
    // An overloaded server may still be draining the run's backlog: its reads are tried again.
    const read = async (url: string): Promise<unknown> => {
      for (let attempt = 1; ; attempt++) {
        try {
          const res = await fetch(url, { headers: auth(duty.token), signal: AbortSignal.timeout(60_000) });
          if (res.ok) return await res.json();
          if (attempt >= 5) throw new Error(`${url}: ${res.status} ${await res.text()}`);
        } catch (e) {
          if (attempt >= 5) throw e;
        }
        await new Promise((r) => setTimeout(r, 5000));
      }
    };
    const summary = (await read(`${inst.base}/api/operations/${op.id}`)) as { households: number; by_status: Record<Status, { households: number }> };
    const serverTasks = new Map<number, { version: number; status: Status }>();
    for (let offset = 0; ; offset += 5000) {
      const page = (await read(`${inst.base}/api/operations/${op.id}/tasks?limit=5000&offset=${offset}`)) as { tasks: Array<{ id: number; version: number; status: Status }> };
      for (const t of page.tasks) serverTasks.set(t.id, t);
      if (page.tasks.length < 5000) break;
    }
    const lost = tasks.filter((t) => serverTasks.get(t.id)?.version !== t.version || serverTasks.get(t.id)?.status !== t.status).length;
    const expectedByStatus: Record<string, number> = {};
    // The summary counts a task as one household (its site), as the operation does.
    for (const t of tasks) expectedByStatus[t.status] = (expectedByStatus[t.status] ?? 0) + 1;
    const byStatusSum = Object.values(summary.by_status).reduce((a, s) => a + s.households, 0);
    const statusMismatch = Object.entries(summary.by_status).filter(([s, v]) => v.households !== (expectedByStatus[s] ?? 0)).map(([s, v]) => `${s} ${v.households} ≠ ${expectedByStatus[s] ?? 0}`);
    const events = Number(((await db.knex('operation_task_events').where({ operation_id: op.id }).count({ n: '*' })) as Array<{ n: string }>)[0].n);

    // Delivery: each sampled stream against the updates (staff) or shelter changes (public).
    const staff = streams.filter((s) => s.kind === 'staff');
    const pub = streams.filter((s) => s.kind === 'public');
    const fromSent: number[] = [];
    const fromAck: number[] = [];
    let missedStaff = 0;
    for (const s of staff.filter((x) => x.arrivals)) {
      const seen = new Set<string>();
      for (const [id, version, at] of s.arrivals!) {
        const key = `${id}:${version}`;
        seen.add(key);
        const c = changes.get(key);
        if (c) {
          fromSent.push(at - c.sent);
          fromAck.push(at - c.acked);
        }
      }
      for (const key of changes.keys()) if (!seen.has(key)) missedStaff++;
    }
    const publicDelay: number[] = [];
    let missedPublic = 0;
    for (const s of pub.filter((x) => x.arrivals)) {
      const byShelter = new Map<number, number[]>();
      for (const [id, , at] of s.arrivals!) byShelter.set(id, [...(byShelter.get(id) ?? []), at]);
      for (const c of shelterChanges) {
        const at = byShelter.get(c.shelter)?.find((x) => x >= c.sent);
        if (at === undefined) missedPublic++;
        else publicDelay.push(at - c.sent);
      }
    }
    const staffEntries = staff.map((s) => s.entries);
    const broken = streams.filter((s) => s.broken).length;
    const reloads = streams.reduce((a, s) => a + s.reloads, 0);

    // --- the report -------------------------------------------------------------------------
    const f0 = (x: number) => x.toFixed(0);
    const q = (xs: number[], p: number) => f0(percentile(xs, p));
    const p99 = percentile(latencies, 0.99);
    const rate = (applied + retries) / elapsed;
    const creationOk = created.every((c) => c.ms < 5000);
    const updatesOk = p99 < 200 && rate >= RATE * 0.98 && (statuses['200'] ?? 0) === latencies.length;
    const reconcileOk = lost === 0 && byStatusSum === summary.households && statusMismatch.length === 0 && events === applied;
    const deliveryOk = broken === 0 && missedStaff === 0 && missedPublic === 0 && staffEntries.every((n) => n === applied);
    const yes = (b: boolean) => (b ? 'met' : '**NOT met**');
    console.log(`\nOneMap operation bench: one instance on the province set in PostGIS, ${new Date().toISOString()}, load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.availableParallelism()} cores`);
    console.log('');
    console.log('| measure | value | target | |');
    console.log('|---|---|---|---|');
    for (const c of created) {
      console.log(`| create an operation: prefecture ${c.prefecture} (${c.towns} towns, ${f0(c.km2)} km², ${c.tasks} tasks, ${c.households} households) | ${(c.ms / 1000).toFixed(2)} s | < 5 s | ${yes(c.ms < 5000)} |`);
    }
    console.log(`| task updates: sent, rate | ${latencies.length} (${applied} applied, ${retries} retries of which ${replayed} replayed), ${rate.toFixed(1)}/s over ${elapsed.toFixed(0)} s (${skipped} skipped: no idle task) | ${RATE}/s | ${yes(rate >= RATE * 0.98)} |`);
    console.log(`| update latency p50 / p99 / max | ${q(latencies, 0.5)} / ${f0(p99)} / ${q(latencies, 1)} ms | p99 < 200 ms | ${yes(p99 < 200)} |`);
    console.log(`| update answers | ${Object.entries(statuses).map(([s, n]) => `${s}×${n}`).join(' ')} | all 200 | ${yes((statuses['200'] ?? 0) === latencies.length)} |`);
    console.log(`| lost updates (task status or version ≠ its last update's) | ${lost} of ${tasks.length} tasks; ${events} task events recorded for ${applied} applied | 0 | ${yes(lost === 0 && events === applied)} |`);
    console.log(`| households by status = households (${summary.households}) | ${byStatusSum}; ${statusMismatch.length ? statusMismatch.join(', ') : 'each status as the updates left it'} | equal | ${yes(byStatusSum === summary.households && statusMismatch.length === 0)} |`);
    console.log(`| streams connected (operation / public) | ${staff.length} / ${pub.length}; ${broken} broken, ${reloads} reload events | none broken | ${yes(broken === 0)} |`);
    console.log(`| task changes received per operation stream, min / max | ${Math.min(...staffEntries)} / ${Math.max(...staffEntries)} of ${applied} | all | ${yes(staffEntries.every((n) => n === applied))} |`);
    console.log(`| operation stream delivery, from the update sent: p50 / p99 (${fromSent.length} in ${staff.filter((x) => x.arrivals).length} streams) | ${q(fromSent, 0.5)} / ${q(fromSent, 0.99)} ms (from its answer: ${q(fromAck, 0.5)} / ${q(fromAck, 0.99)} ms); ${missedStaff} missed | every change | ${yes(missedStaff === 0)} |`);
    console.log(`| public stream vacancies, from the arrival sent: p50 / p99 (${publicDelay.length} in ${pub.filter((x) => x.arrivals).length} streams) | ${q(publicDelay, 0.5)} / ${q(publicDelay, 0.99)} ms; ${missedPublic} missed | every change | ${yes(missedPublic === 0)} |`);
    console.log(`| server RSS max | ${f0(Math.max(...inst.rss.filter(Number.isFinite)))} MB | | |`);
    for (const f of failures) console.log(`| failure | ${f} | | |`);
    const ok = creationOk && updatesOk && reconcileOk && deliveryOk;
    console.log(`\ntargets (creation < 5 s; ${RATE} updates/s, p99 < 200 ms, none lost, every change on every stream): ${ok ? 'met' : 'NOT met'}`);
    process.exitCode = ok ? 0 : 1;
    await fetch(`${inst.base}/api/operations/${op.id}/close`, { method: 'POST', headers: auth(duty.token) });
  } finally {
    clearInterval(sampler);
    // The bench's warnings end (a CAP Cancel), its tokens are revoked.
    if (alerts.length) {
      const refs = `<references>${alerts.map((a) => `gdmb@gd.gov.cn,${a},2026-06-01T08:00:00+08:00`).join(' ')}</references>`;
      await fetch(`${inst.base}/api/warnings`, { method: 'POST', headers: { ...auth(duty.token), 'Content-Type': 'application/cap+xml' }, body: prefectureAlert(`BENCH-OP-END-${Date.now()}`, '', [someTown], 'Cancel', refs) }).catch(() => undefined);
    }
    fs.writeFileSync(path.join(os.tmpdir(), 'onemap-operation-instance.log'), inst.log());
    if (inst.child.exitCode !== null || inst.child.signalCode !== null) {
      console.log(`\nthe instance ended during the run (${inst.child.exitCode ?? inst.child.signalCode}); its last words:\n${inst.log().split('\n').slice(-30).join('\n')}`);
      process.exitCode = 1;
    }
    await stopInstance(inst);
    for (const t of tokens) await revokeToken(db.knex, t.id);
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
