import type { CachedBody } from './cached-response.ts';

export interface PublicCacheOptions {
  /** How often the cached bodies are confirmed against the database's data version. */
  versionCheckIntervalMs?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

// Admin writes in this process invalidate the cache directly. The periodic version check bounds how
// long a change made elsewhere stays invisible: in another Worker isolate, another process, or a
// job that writes without going through the admin routes. It costs one tiny query per interval.
const DEFAULT_VERSION_CHECK_INTERVAL_MS = 5_000;

/**
 * The public JSON held in memory as ready-to-send bodies, one per endpoint, built lazily on the
 * first request after an invalidation. Concurrent first requests share one build. Every
 * invalidation starts a new generation, and a build that began in an older generation is handed to
 * the requests that waited for it but never stored, so a write is never hidden by a build that
 * read the data before it.
 */
export class PublicCache {
  #generation = 0;
  readonly #entries = new Map<string, CachedBody>();
  readonly #pending = new Map<string, Promise<CachedBody>>();
  readonly #interval: number;
  readonly #now: () => number;
  #nextVersionCheck: number;

  constructor(options: PublicCacheOptions = {}) {
    this.#interval = options.versionCheckIntervalMs ?? DEFAULT_VERSION_CHECK_INTERVAL_MS;
    this.#now = options.now ?? Date.now;
    this.#nextVersionCheck = this.#now() + this.#interval;
  }

  /**
   * The hot path: the stored body, or undefined when it has to be built or the data version is due
   * for a check (then call get()). Does no I/O, hashing or serialising.
   */
  peek(key: string): CachedBody | undefined {
    if (this.#now() >= this.#nextVersionCheck) return undefined;
    return this.#entries.get(key);
  }

  /**
   * The stored body, after confirming the data version when that is due, else the result of
   * build() (shared with any build for this key already running in this generation). A failed
   * build is not stored: the next request tries again.
   */
  async get(key: string, build: () => Promise<CachedBody>, readVersion: () => Promise<number>) {
    if (this.#now() >= this.#nextVersionCheck) await this.#confirmVersion(readVersion);
    return this.#entries.get(key) ?? this.#load(key, build);
  }

  /** Drops every body and disowns the builds in flight. Called after every successful write. */
  invalidate(): void {
    this.#generation += 1;
    this.#entries.clear();
    this.#pending.clear();
  }

  #load(key: string, build: () => Promise<CachedBody>): Promise<CachedBody> {
    const running = this.#pending.get(key);
    if (running) return running;
    const generation = this.#generation;
    const promise: Promise<CachedBody> = build()
      .then((entry) => {
        if (generation === this.#generation) this.#entries.set(key, entry);
        return entry;
      })
      .finally(() => {
        if (this.#pending.get(key) === promise) this.#pending.delete(key);
      });
    this.#pending.set(key, promise);
    return promise;
  }

  async #confirmVersion(readVersion: () => Promise<number>): Promise<void> {
    // Claimed before awaiting, so the requests arriving meanwhile are served from memory.
    this.#nextVersionCheck = this.#now() + this.#interval;
    const generation = this.#generation;
    try {
      const version = await readVersion();
      if (generation !== this.#generation) return;
      for (const entry of this.#entries.values()) {
        if (entry.version !== version) return this.invalidate();
      }
    } catch (error) {
      // The bodies in memory are still the best answer while the database cannot be reached.
      console.error('Could not confirm the data version of the public JSON; serving it from memory.', error);
    }
  }
}
