/** Sequential reads of exact byte counts from a file, through a small buffer (never the whole file). */
import fs from 'node:fs/promises';

const CHUNK = 64 * 1024;

export class FileBytes {
  private buffer = Buffer.alloc(0);
  private offset = 0;
  private filePos = 0;

  private constructor(
    private readonly handle: fs.FileHandle,
    readonly size: number,
  ) {}

  static async open(path: string): Promise<FileBytes> {
    const handle = await fs.open(path, 'r');
    return new FileBytes(handle, (await handle.stat()).size);
  }

  /** Bytes consumed so far. */
  get position(): number {
    return this.filePos - (this.buffer.length - this.offset);
  }

  /** Exactly n bytes, or fewer if the file ends first (the caller decides if that is an error). */
  async read(n: number): Promise<Buffer> {
    while (this.buffer.length - this.offset < n && this.filePos < this.size) {
      const want = Math.max(CHUNK, n - (this.buffer.length - this.offset));
      const chunk = Buffer.alloc(Math.min(want, this.size - this.filePos));
      const { bytesRead } = await this.handle.read(chunk, 0, chunk.length, this.filePos);
      if (bytesRead === 0) break;
      this.filePos += bytesRead;
      this.buffer = Buffer.concat([this.buffer.subarray(this.offset), chunk.subarray(0, bytesRead)]);
      this.offset = 0;
    }
    const out = this.buffer.subarray(this.offset, this.offset + n);
    this.offset += out.length;
    return out;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
