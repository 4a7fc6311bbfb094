/**
 * A per-process cache of loads (datasets, checkpoints, embedding sets): one load per key, shared by
 * concurrent callers; a load that fails is forgotten, so the next activity attempt tries again.
 */
export function processCache<T>(): (key: string, load: () => Promise<T>) => Promise<T> {
  const loads = new Map<string, Promise<T>>();
  return (key, load) => {
    let pending = loads.get(key);
    if (!pending) {
      pending = load();
      pending.catch(() => loads.delete(key));
      loads.set(key, pending);
    }
    return pending;
  };
}
