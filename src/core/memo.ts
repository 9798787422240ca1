/**
 * A pure function of JSON-able arguments, cached by their JSON: for reference solutions that a
 * preset would otherwise recompute on every run of the same problem (a sweep, the explorer).
 * The cache keeps the `size` most recent results.
 */
export function memoize<A extends unknown[], R>(f: (...args: A) => R, size = 8): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args) => {
    const key = JSON.stringify(args);
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const value = f(...args);
    cache.set(key, value);
    if (cache.size > size) cache.delete(cache.keys().next().value as string);
    return value;
  };
}
