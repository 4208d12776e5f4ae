// Blind index: one HMAC per identifier whatever its spelling, separated by kind, through the key provider only,
// with a short bounded in-process cache.
import { describe, expect, it } from 'vitest';
import { BlindIndex, indexMessage } from '../../shared/pii/blind-index.ts';
import type { KeyProvider } from '../../shared/pii/key-provider.ts';
import { createHmac } from 'node:crypto';

/** A provider whose MAC is a real HMAC under a fixed test key, counting its calls. */
function countingProvider() {
  const calls: string[] = [];
  const provider: KeyProvider = {
    generateDataKey: () => Promise.reject(new Error('not used')),
    unwrap: () => Promise.reject(new Error('not used')),
    mac: async (m) => {
      calls.push(m.toString());
      return createHmac('sha256', 'test-key').update(m).digest();
    },
  };
  return { provider, calls };
}

describe('blind index', () => {
  it('indexes two spellings of one identifier alike', async () => {
    const { provider } = countingProvider();
    const index = new BlindIndex(provider, { cacheMs: 0 });
    expect(await index.of('idNumber', '11010519491231002x')).toBe(await index.of('idNumber', ' 11010519491231002X'));
    expect(await index.of('phone', '138 1234 5678')).toBe(await index.of('phone', '+8613812345678'));
    expect(await index.of('phone', '13812345678')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('separates kinds: the same characters as another kind give another index', async () => {
    const { provider, calls } = countingProvider();
    const index = new BlindIndex(provider, { cacheMs: 0 });
    expect(await index.of('idNumber', '91350100M000100Y43')).not.toBe(await index.of('creditCode', '91350100M000100Y43'));
    expect(calls).toEqual(['idNumber:91350100M000100Y43', 'creditCode:91350100M000100Y43']);
    expect(indexMessage('phone', '0086 138-1234-5678')).toBe('phone:+8613812345678');
  });

  it('refuses to index a phone that is not a mainland mobile, without quoting it', () => {
    expect(() => indexMessage('phone', '12345')).toThrow(/mainland mobile/);
    expect(() => indexMessage('phone', '12345')).not.toThrow(/12345/);
  });

  it('asks the provider once per value while cached, and again after the cache time', async () => {
    let now = Date.parse('2026-06-01T00:00:00Z');
    const { provider, calls } = countingProvider();
    const index = new BlindIndex(provider, { cacheMs: 60_000, clock: { now: () => new Date(now) } });
    const first = await index.of('phone', '13812345678');
    expect(await index.of('phone', '+86 138 1234 5678')).toBe(first);
    expect(calls).toHaveLength(1);
    now += 60_000;
    expect(await index.of('phone', '13812345678')).toBe(first);
    expect(calls).toHaveLength(2);
  });

  it('holds at most maxCached values', async () => {
    const { provider, calls } = countingProvider();
    const index = new BlindIndex(provider, { cacheMs: 60_000, maxCached: 2 });
    for (const p of ['13800000001', '13800000002', '13800000003', '13800000001']) await index.of('phone', p);
    expect(calls).toHaveLength(4); // the first was evicted by the third
  });
});
