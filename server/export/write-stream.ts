/** Writes to a stream and waits when it asks to (backpressure), so a slow client slows the export instead of filling memory. */
import type { Writable } from 'node:stream';

/** The reader went away (a closed download): the export stops quietly. */
export class ReaderGone extends Error {}

export async function write(out: Writable, chunk: string | Uint8Array): Promise<void> {
  if (out.destroyed) throw new ReaderGone('the reader closed the stream');
  if (out.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
  if (out.destroyed) throw new ReaderGone('the reader closed the stream');
}
