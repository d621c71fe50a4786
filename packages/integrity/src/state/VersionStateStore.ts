/** What a verifier remembers per plugin: the highest version it accepted and what that version held. */
export interface AcceptedRelease {
  pluginId: string;
  version: string;
  capabilities: string[];
  bundleDigest: string;
  zipSha256: string;
  /** Unix seconds. */
  acceptedAt: number;
}

/**
 * Where accepted versions live. Synchronous or asynchronous, so a host can back it with anything;
 * `put` must be durable before it returns (a crash must not forget an accepted version, or a rollback
 * to it would pass after restart).
 */
export interface VersionStateStore {
  get(pluginId: string): AcceptedRelease | undefined | Promise<AcceptedRelease | undefined>;
  put(release: AcceptedRelease): void | Promise<void>;
}
