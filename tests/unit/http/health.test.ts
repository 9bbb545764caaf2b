import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withTimeout } from '../../../server/app/health.ts';

describe('withTimeout (the health check when the database hangs)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gives up after the time given, not before', async () => {
    const hung = new Promise<string>(() => {});
    let outcome = 'pending';
    void withTimeout(hung, 5000).then(() => (outcome = 'answered'), () => (outcome = 'gave up'));
    await vi.advanceTimersByTimeAsync(4999);
    expect(outcome).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toBe('gave up');
  });

  it('passes an answer through at once', async () => {
    await expect(withTimeout(Promise.resolve('3.6.2'), 5000)).resolves.toBe('3.6.2');
    await expect(withTimeout(Promise.reject(new Error('refused')), 5000)).rejects.toThrow('refused');
  });
});
