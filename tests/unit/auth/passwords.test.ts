import { describe, expect, it } from 'vitest';
import { HASHING_QUEUE, HASHING_SLOTS, hashPassword, hashingGauge, verifyPassword } from '../../../server/auth/passwords.ts';

describe('hashPassword / verifyPassword', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('a long pass phrase');
    expect(await verifyPassword('a long pass phrase', stored)).toBe(true);
    expect(await verifyPassword('another phrase', stored)).toBe(false);
  });

  it('runs at most HASHING_SLOTS hashes at once; past the waiting room a hash is refused at once with 503 + Retry-After', async () => {
    const stored = await hashPassword('a long pass phrase');
    const extra = 5;
    const results = await Promise.allSettled(Array.from({ length: HASHING_SLOTS + HASHING_QUEUE + extra }, () => verifyPassword('wrong guess', stored)));
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(extra);
    for (const r of refused) expect(r.reason).toMatchObject({ status: 503, code: 'busy', headers: { 'Retry-After': '1' } });
    expect(results.filter((r) => r.status === 'fulfilled' && r.value === false)).toHaveLength(HASHING_SLOTS + HASHING_QUEUE);
    expect(hashingGauge()).toEqual({ running: 0, waiting: 0, mostRunning: HASHING_SLOTS });
  });
});
