/**
 * The server's live streams (Server-Sent Events): GET /api/live (public: warnings and shelters'
 * places left) and GET /api/operations/{id}/events (staff: an operation's tasks). One
 * EventSource per stream URL however many parts of the page listen to it; it closes when the
 * last one stops. The browser reconnects by itself after a drop: every connection after the
 * first (and the server's own `reload`) is handed to the `reload` listeners, who fetch again
 * what they show, since events sent while away are lost.
 */
import type { Vacancy } from '../../server/live/event-batch.ts';

type Handler = (data: unknown) => void;

interface Stream {
  source: EventSource;
  handlers: Map<string, Set<Handler>>;
  hellos: number;
}

const streams = new Map<string, Stream>();

function dispatch(stream: Stream, event: string, data: unknown): void {
  for (const f of stream.handlers.get(event) ?? []) {
    try {
      f(data);
    } catch (e) {
      console.warn(`live ${event}:`, e);
    }
  }
}

function parse(e: Event): unknown {
  try {
    return JSON.parse((e as MessageEvent<string>).data);
  } catch {
    return null;
  }
}

function open(url: string): Stream {
  const source = new EventSource(url, { withCredentials: true });
  const stream: Stream = { source, handlers: new Map(), hellos: 0 };
  source.addEventListener('hello', (e) => {
    stream.hellos++;
    if (stream.hellos > 1) dispatch(stream, 'reload', {});
    dispatch(stream, 'hello', parse(e));
  });
  source.addEventListener('reload', () => dispatch(stream, 'reload', {}));
  return stream;
}

/** Calls `f` with the data of each `event` on the stream at `url`; returns the unsubscribe. */
export function subscribe(url: string, event: string, f: Handler): () => void {
  let stream = streams.get(url);
  if (!stream) {
    stream = open(url);
    streams.set(url, stream);
  }
  const s = stream;
  let set = s.handlers.get(event);
  if (!set) {
    set = new Set();
    s.handlers.set(event, set);
    if (event !== 'hello' && event !== 'reload') s.source.addEventListener(event, (e) => dispatch(s, event, parse(e)));
  }
  set.add(f);
  return () => {
    set.delete(f);
    if ([...s.handlers.values()].every((x) => x.size === 0)) {
      s.source.close();
      if (streams.get(url) === s) streams.delete(url);
    }
  };
}

/** The public stream's URL. */
export const PUBLIC_LIVE = '/api/live';

/** A shelter's occupancy as the public stream tells it (null: no longer in use). */
export type VacancyChange = Vacancy;
