import type { Detector } from '@pynomaly/detection';
import { describe, expect, it } from 'vitest';
import { ModelCache } from './model-cache';

describe('the model cache', () => {
  it('serves a model again without loading it, and evicts the least recently used', async () => {
    const cache = new ModelCache(2);
    let loads = 0;
    const load = async () => {
      loads++;
      return {} as Detector;
    };
    await cache.get('a', load);
    await cache.get('a', load);
    await cache.get('b', load);
    await cache.get('a', load);
    await cache.get('c', load);
    await cache.get('b', load);
    expect(loads).toBe(4);
    expect(cache.stats()).toEqual({ cached_models: 2, cache_hit_rate_percent: 33.3 });
  });
});
