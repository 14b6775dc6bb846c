import type { Detector } from '@pynomaly/detection';

/**
 * Restored models kept in this function instance, least recently used first out: a warm
 * Lambda predicting with the same model again skips reading and refitting it. Keyed by the
 * model's object key and training time, so a retrained detector is never served stale.
 */
export class ModelCache {
  private readonly entries = new Map<string, Detector>();
  private hits = 0;
  private misses = 0;

  constructor(private readonly capacity = 16) {}

  async get(key: string, load: () => Promise<Detector>): Promise<Detector> {
    const cached = this.entries.get(key);
    if (cached) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    this.misses++;
    const detector = await load();
    this.entries.set(key, detector);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return detector;
  }

  stats(): { cached_models: number; cache_hit_rate_percent: number | null } {
    const total = this.hits + this.misses;
    return {
      cached_models: this.entries.size,
      cache_hit_rate_percent: total ? Math.round((this.hits / total) * 1000) / 10 : null,
    };
  }
}

/** This instance's cache (one per Lambda instance, as the models it holds). */
export const modelCache = new ModelCache();
