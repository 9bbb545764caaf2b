/**
 * Password hashing in a worker thread: scrypt run synchronously here occupies this niced thread,
 * never libuv's pool, which gzip and file reads share with the requests being served.
 */
import crypto from 'node:crypto';
import { task } from '../workers/task.ts';

export interface ScryptInput {
  password: string;
  salt: Uint8Array;
  keylen: number;
  N: number;
  r: number;
  p: number;
  maxmem: number;
}

export const scrypt = task(({ password, salt, keylen, N, r, p, maxmem }: ScryptInput): Uint8Array => {
  const key = crypto.scryptSync(password, salt, keylen, { N, r, p, maxmem });
  return new Uint8Array(key.buffer, key.byteOffset, key.byteLength);
});
