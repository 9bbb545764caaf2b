/** A Server-Sent Events client for the tests of live streams. */
import http from 'node:http';

/**
 * An event-stream client that hands out the data of the next event of a name (that `matches`, if
 * given: a stream opened just after a change may still receive that change's event first).
 */
export function openStream(url: string, headers: Record<string, string> = {}) {
  const events: Array<{ event: string; data: unknown }> = [];
  const waiters: Array<() => void> = [];
  let buffer = '';
  const req = http.get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) as unknown });
        waiters.splice(0).forEach((w) => w());
      }
    });
  });
  req.on('error', () => {});
  return {
    async next<T = unknown>(name: string, ms = 5000, matches: (data: T) => boolean = () => true): Promise<T> {
      const deadline = Date.now() + ms;
      for (;;) {
        const i = events.findIndex((e) => e.event === name && matches(e.data as T));
        if (i >= 0) return events.splice(i, 1)[0].data as T;
        if (Date.now() > deadline) throw new Error(`no "${name}" event within ${ms} ms`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
    },
    close: () => req.destroy(),
  };
}
