/**
 * The last task list a cadre loaded, kept on the phone so that the cadre's page opens without a
 * signal: the operation, the town filter, the households as the server last listed them, the
 * shelters and towns to name them, who loaded it and when. In localStorage, beside the change
 * queue: the list is a staff answer, so it never goes into the service worker's caches, which any
 * visitor of the site could read. One list per phone (the latest), for the cadre who loaded it;
 * signing out — or the server saying nobody is signed in — removes it. Special needs keep only
 * their kind and head count: the helpers' names and phones stay on the server.
 */
import type { Principal } from '../session.ts';
import type { Operation, Task } from '../operations/operation-api.ts';

export interface KeptShelter {
  id: number;
  name: string;
  code: string;
  lon: number;
  lat: number;
}

export interface KeptList {
  user: Principal;
  /** When the server gave this list (ISO). */
  at: string;
  operation: Pick<Operation, 'id' | 'name'>;
  town: string;
  show: string;
  numberMatched: number;
  tasks: Task[];
  shelters: KeptShelter[];
  towns: Array<[string, { name: string; name_en?: string }]>;
}

const STORE = 'onemap.cadre.list';

/** Only what the page shows of a household. */
function slim(task: Task): Task {
  return {
    ...task,
    monitor_name: null,
    monitor_phone: null,
    special_needs: task.special_needs.map((n) => ({ kind: n.kind, persons: n.persons, helper_name: null, helper_phone: null, note: null })),
  };
}

/** Keeps the list; false when the phone has no room for it (the queue, kept beside it, comes first). */
export function keepList(list: KeptList): boolean {
  try {
    localStorage.setItem(STORE, JSON.stringify({ ...list, tasks: list.tasks.map(slim) }));
    return true;
  } catch {
    localStorage.removeItem(STORE);
    return false;
  }
}

/** The kept list, if it is that cadre's (any cadre's when `user` is not given). */
export function keptList(user?: Principal | null): KeptList | null {
  try {
    const v = JSON.parse(localStorage.getItem(STORE) ?? 'null') as KeptList | null;
    if (!v || typeof v !== 'object' || !Array.isArray(v.tasks) || !v.user || !v.operation) return null;
    if (user && user.name !== v.user.name) return null;
    return v;
  } catch {
    return null;
  }
}

export function forgetList(): void {
  localStorage.removeItem(STORE);
}
