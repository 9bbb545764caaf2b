/**
 * The events of one live topic waiting for the next flush. Consecutive task changes merge into one
 * `tasks` event and consecutive shelter vacancies into one `vacancies` event (the latest figures of
 * each shelter), and the batch is serialised once for every stream of the topic: a busy operation
 * then costs each stream one write per flush, not one per change.
 */

export interface TaskNotice {
  id: number;
  status: string;
  shelter_id: number | null;
  version: number;
}

export interface Vacancy {
  id: number;
  occupancy: number | null;
  vacancies: number | null;
}

type Queued =
  | { event: 'tasks'; operation_id: number; tasks: TaskNotice[] | null }
  | { event: 'vacancies'; shelters: Map<number, Vacancy> }
  | { event: 'other'; name: string; data: unknown };

export class EventBatch {
  private readonly queue: Queued[] = [];

  /** Task changes of an operation; null: too many to list (the client reloads the tasks). */
  tasks(operationId: number, tasks: readonly TaskNotice[] | null): void {
    const last = this.queue.at(-1);
    if (last?.event === 'tasks' && last.operation_id === operationId) {
      last.tasks = last.tasks === null || tasks === null ? null : last.tasks.concat(tasks);
    } else {
      this.queue.push({ event: 'tasks', operation_id: operationId, tasks: tasks === null ? null : [...tasks] });
    }
  }

  vacancies(shelters: readonly Vacancy[]): void {
    let last = this.queue.at(-1);
    if (last?.event !== 'vacancies') this.queue.push((last = { event: 'vacancies', shelters: new Map() }));
    for (const s of shelters) last.shelters.set(s.id, s);
  }

  other(name: string, data: unknown): void {
    this.queue.push({ event: 'other', name, data });
  }

  get empty(): boolean {
    return this.queue.length === 0;
  }

  /** The queued events as one piece of an event stream, in the order they came. */
  text(): string {
    let out = '';
    for (const q of this.queue) {
      if (q.event === 'tasks') out += frame('tasks', { operation_id: q.operation_id, tasks: q.tasks });
      else if (q.event === 'vacancies') out += frame('vacancies', { shelters: [...q.shelters.values()] });
      else out += frame(q.name, q.data);
    }
    return out;
  }
}

/** One Server-Sent Event. */
export const frame = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
