import type { KvProvider } from '@maidkit/sandbox-runner';

/**
 * A KV provider that stores every install's keys under one namespace and ignores `close()`: a hot reload
 * starts a fresh install (new id, new host) and must find the data the previous one wrote, and closing the
 * old host must not close the store the new one uses. The playground runs one plugin, so nothing is shared
 * that should not be.
 */
export function sharedNamespaceKv(inner: KvProvider, namespace: string): KvProvider & { closeForReal(): Promise<void> } {
  return {
    get: (_id, key) => inner.get(namespace, key),
    getMany: (_id, keys) => inner.getMany(namespace, keys),
    set: (_id, key, value) => inner.set(namespace, key, value),
    setMany: (_id, entries) => inner.setMany(namespace, entries),
    delete: (_id, key) => inner.delete(namespace, key),
    list: (_id, options) => inner.list(namespace, options),
    count: (_id, prefix) => inner.count(namespace, prefix),
    wipe: (_id) => inner.wipe(namespace),
    close: async () => {},
    closeForReal: () => inner.close(),
  };
}

/** Every key and value (at most `limit` keys), for the KV panel. */
export async function kvSnapshot(kv: KvProvider, limit = 500): Promise<{ entries: Array<{ key: string; value: unknown }>; truncated: boolean }> {
  const { keys, cursor } = await kv.list('', { limit });
  const values = await kv.getMany('', keys);
  return { entries: keys.map((key) => ({ key, value: values.get(key) ?? null })), truncated: cursor !== null };
}
