/**
 * Splits a GeoJSON document, as its text streams in, into the members of its top-level object.
 * Each element of "features" is handed over as soon as it is complete, so a FeatureCollection of
 * any size is never held whole; other members ("type", "crs", or a lone Feature's "geometry")
 * are handed over whole.
 */

export type SplitEvent = { kind: 'member'; key: string; text: string } | { kind: 'feature'; text: string };

/** Bound on one member or one feature's text: a single feature bigger than this is refused. */
export const MAX_ITEM_CHARS = 64 * 1024 * 1024;

type State = 'start' | 'key' | 'colon' | 'value' | 'after-value' | 'features' | 'done';

class Recorder {
  parts: string[] = [];
  length = 0;
  start = -1;

  begin(i: number): void {
    this.parts = [];
    this.length = 0;
    this.start = i;
  }

  get active(): boolean {
    return this.start >= 0;
  }

  /** Keeps the chunk's recorded part before the chunk is dropped. */
  carry(text: string): void {
    if (!this.active) return;
    this.add(text.slice(this.start));
    this.start = 0;
  }

  end(text: string, i: number): string {
    this.add(text.slice(this.start, i));
    this.start = -1;
    return this.parts.join('');
  }

  private add(s: string): void {
    this.length += s.length;
    if (this.length > MAX_ITEM_CHARS) throw new Error(`a single GeoJSON member or feature is larger than ${MAX_ITEM_CHARS / 1024 / 1024} MB of text`);
    this.parts.push(s);
  }
}

export class GeoJsonSplitter {
  private state: State = 'start';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private key = '';
  private readonly rec = new Recorder();

  get done(): boolean {
    return this.state === 'done';
  }

  push(text: string): SplitEvent[] {
    const events: SplitEvent[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) {
          this.inString = false;
          if (this.state === 'key') {
            this.key = JSON.parse(this.rec.end(text, i + 1)) as string;
            this.state = 'colon';
          }
        }
        continue;
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
      if (this.state === 'done') throw new Error('unexpected text after the end of the GeoJSON document');
      if (c === 0x22) this.inString = true;
      const open = c === 0x7b || c === 0x5b;
      const close = c === 0x7d || c === 0x5d;
      switch (this.state) {
        case 'start':
          if (c !== 0x7b) throw new Error('a GeoJSON document must be a JSON object');
          this.depth = 1;
          this.state = 'after-value';
          continue;
        case 'after-value':
          // Inside the top-level object, between members.
          if (c === 0x2c) continue;
          if (c === 0x7d) {
            this.depth = 0;
            this.state = 'done';
            continue;
          }
          if (c !== 0x22) throw new Error(`unexpected "${String.fromCharCode(c)}" where a member name was expected`);
          this.state = 'key';
          this.rec.begin(i);
          continue;
        case 'colon':
          if (c !== 0x3a) throw new Error('expected ":" after a member name');
          this.state = 'value';
          continue;
        case 'value':
          if (this.key === 'features' && c === 0x5b && !this.rec.active) {
            this.state = 'features';
            this.depth = 2;
            continue;
          }
          // A member ends at a "," or "}" of the top-level object itself.
          if (this.depth === 1 && (c === 0x2c || c === 0x7d)) {
            if (!this.rec.active) throw new Error(`member "${this.key}" has no value`);
            events.push({ kind: 'member', key: this.key, text: this.rec.end(text, i) });
            this.state = c === 0x7d ? 'done' : 'after-value';
            if (c === 0x7d) this.depth = 0;
            continue;
          }
          if (!this.rec.active) this.rec.begin(i);
          if (open) this.depth++;
          else if (close) this.depth--;
          continue;
        case 'features':
          if (this.depth === 2 && !open && c !== 0x2c && c !== 0x5d) throw new Error('each element of "features" must be an object');
          if (open) {
            if (this.depth === 2) {
              if (c !== 0x7b) throw new Error('each element of "features" must be an object');
              this.rec.begin(i);
            }
            this.depth++;
          } else if (close) {
            this.depth--;
            if (this.depth === 2) events.push({ kind: 'feature', text: this.rec.end(text, i + 1) });
            else if (this.depth === 1) this.state = 'after-value';
          }
          continue;
        default:
          continue;
      }
    }
    this.rec.carry(text);
    return events;
  }
}
