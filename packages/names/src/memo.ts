/**
 * A bounded memo for pure string functions. Registries repeat names heavily (given names, patronymics
 * and common surnames), so caching their keys turns most computations into a map read. The cache is
 * dropped whole when full: simpler than LRU, and the hot names are back after a few lookups.
 */
export function memoize<T>(fn: (s: string) => T, maxEntries = 50_000): (s: string) => T {
  let cache = new Map<string, T>();
  return (s: string): T => {
    const hit = cache.get(s);
    if (hit !== undefined || cache.has(s)) return hit as T;
    const value = fn(s);
    // Long inputs are rare and not worth keeping (nor is hostile input worth remembering).
    if (s.length <= 64) {
      if (cache.size >= maxEntries) cache = new Map();
      cache.set(s, value);
    }
    return value;
  };
}
