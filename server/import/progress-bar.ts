/** The CLI's progress bar on stderr: redrawn in place on a terminal, a line per tenth otherwise (logs, CI). */
import type { ImportProgress } from './import-report.ts';

const WIDTH = 30;

export function progressBar(stream: NodeJS.WriteStream = process.stderr): { update(p: ImportProgress): void; done(): void } {
  let lastTenth = -1;
  const line = (p: ImportProgress) => {
    const filled = Math.round((p.percent / 100) * WIDTH);
    const n = (x: number) => x.toLocaleString('en-US');
    return `[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${p.percent.toFixed(1).padStart(5)}%  rows ${n(p.rows_read)}  accepted ${n(p.accepted)}  rejected ${n(p.rejected)}`;
  };
  return {
    update(p) {
      if (stream.isTTY) stream.write(`\r${line(p)}\x1b[K`);
      else if (Math.floor(p.percent / 10) > lastTenth) {
        lastTenth = Math.floor(p.percent / 10);
        stream.write(`${line(p)}\n`);
      }
    },
    done() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
