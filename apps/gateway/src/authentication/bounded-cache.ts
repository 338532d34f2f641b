/**
 * Remembers `value` under `key`, first forgetting the oldest entry when the map already holds `capacity`
 * (a Map iterates in insertion order, and the callers re-insert on use, so the oldest is the least recently
 * used). Bounds the gateway's caches of verified credentials.
 */
export function rememberBounded<K, V>(map: Map<K, V>, key: K, value: V, capacity: number): void {
  if (map.size >= capacity && !map.has(key)) map.delete(map.keys().next().value as K);
  map.set(key, value);
}
