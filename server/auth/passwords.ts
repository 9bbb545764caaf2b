/**
 * Password hashing with scrypt (memory-hard: 32 MiB per hash), salted, parameters stored with
 * the hash so that they can be raised later without invalidating existing passwords.
 *
 * scrypt runs in its own worker thread at a lower CPU priority than the event loop (a flood of
 * failed sign-ins must not take the cores from reads), not on libuv's pool, which zlib and file
 * reads share: at most HASHING_SLOTS hashes run at once; at most HASHING_QUEUE more wait, and past
 * that a login is told to come back (503 + Retry-After).
 */
import crypto from 'node:crypto';
import { HttpError } from '../http/errors.ts';
import { WorkerPool } from '../workers/worker-pool.ts';
import type { ScryptInput } from './hash-tasks.ts';

const HASH_TASKS = new URL('./hash-tasks.ts', import.meta.url);

const N = 32768;
const R = 8;
const P = 1;
const KEYLEN = 64;
const MAXMEM = 64 * 1024 * 1024;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** Hashes that may run at once (one thread: a flood of sign-ins takes at most one core's share). */
export const HASHING_SLOTS = 1;
/** Hashes that may wait for a slot: under two seconds' wait at about 100 ms a hash on a free core. */
export const HASHING_QUEUE = 32;

// Per process: one hashing thread, started on the first hash; idle, it does not keep a command alive.
let hashingPool: WorkerPool | undefined;
async function scrypt(password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }): Promise<Buffer> {
  hashingPool ??= new WorkerPool({ name: 'sign-in', threads: HASHING_SLOTS, maxQueue: HASHING_QUEUE, deadlineMs: 30_000, niceIncrement: 10 });
  const input: ScryptInput = { password, salt, keylen, ...options };
  const key = await hashingPool.run<Uint8Array>('scrypt', input, { file: HASH_TASKS });
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength);
}

let running = 0;
let mostRunning = 0;
const waiting: Array<() => void> = [];

/** Hashes running and waiting now, and the most ever run at once (for tests and monitoring). */
export function hashingGauge(): { running: number; waiting: number; mostRunning: number } {
  return { running, waiting: waiting.length, mostRunning };
}

async function inHashingSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running < HASHING_SLOTS) running++;
  else if (waiting.length < HASHING_QUEUE) await new Promise<void>((resolve) => waiting.push(resolve));
  else throw new HttpError(503, 'busy', 'too many sign-ins at this moment; try again in a second', [], { 'Retry-After': '1' });
  mostRunning = Math.max(mostRunning, running);
  try {
    return await work();
  } finally {
    // The slot passes straight to the next in line, or is freed.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await inHashingSlot(() => scrypt(password, salt, KEYLEN, { N, r: R, p: P, maxmem: MAXMEM }));
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const got = await inHashingSlot(() => scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: MAXMEM }));
  return crypto.timingSafeEqual(got, expected);
}

/** A hash of no password, checked when the account does not exist so that timing does not tell. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  // A refused attempt (busy) must not be remembered as the decoy.
  decoy ??= hashPassword(crypto.randomBytes(16).toString('hex')).catch((e: unknown) => {
    decoy = undefined;
    throw e;
  });
  return decoy;
}

/** Why a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, username: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  if (password.toLowerCase().includes(username.toLowerCase())) return 'must not contain the username';
  return undefined;
}
