import { describe, expect, it, vi } from 'vitest';
import { PublicCache } from '../../api/public/cache.ts';
import { type CachedBody, createCachedBody } from '../../api/public/cached-response.ts';

/** A build function that counts its calls and returns a body naming the call and data version. */
function countingBuild(version = 1) {
  const build = { calls: 0, version };
  const run = async (): Promise<CachedBody> => {
    build.calls += 1;
    return createCachedBody({ version: build.version, document: { call: build.calls } });
  };
  return Object.assign(build, { run });
}

const readBody = (entry: CachedBody) => JSON.parse(new TextDecoder().decode(entry.body));

/** A promise with its resolve function, to hold a build in flight. */
function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

const neverChecked = async () => {
  throw new Error('the data version should not be read');
};

describe('PublicCache', () => {
  it('builds once and serves the stored body to later requests without building again', async () => {
    const cache = new PublicCache();
    const build = countingBuild();
    expect(cache.peek('status.json')).toBeUndefined();
    const first = await cache.get('status.json', build.run, neverChecked);
    expect(cache.peek('status.json')).toBe(first);
    expect(await cache.get('status.json', build.run, neverChecked)).toBe(first);
    expect(build.calls).toBe(1);
  });

  it('keeps one body per key', async () => {
    const cache = new PublicCache();
    const build = countingBuild();
    await cache.get('status.json', build.run, neverChecked);
    await cache.get('components.json', build.run, neverChecked);
    expect(build.calls).toBe(2);
    expect(readBody(cache.peek('components.json') as CachedBody)).toEqual({ call: 2 });
  });

  it('shares one build between concurrent first requests', async () => {
    const cache = new PublicCache();
    const build = countingBuild();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => cache.get('summary.json', build.run, neverChecked)),
    );
    expect(build.calls).toBe(1);
    expect(new Set(results).size).toBe(1);
  });

  it('builds again on the first request after an invalidation', async () => {
    const cache = new PublicCache();
    const build = countingBuild();
    await cache.get('status.json', build.run, neverChecked);
    cache.invalidate();
    expect(cache.peek('status.json')).toBeUndefined();
    const rebuilt = await cache.get('status.json', build.run, neverChecked);
    expect(build.calls).toBe(2);
    expect(readBody(rebuilt)).toEqual({ call: 2 });
  });

  it('does not store a build that was in flight when an invalidation happened', async () => {
    const cache = new PublicCache();
    const gate = deferred<void>();
    const build = countingBuild();
    const slowBuild = async () => {
      await gate.promise;
      return build.run();
    };
    const stale = cache.get('status.json', slowBuild, neverChecked);
    cache.invalidate();
    // A request after the invalidation does not join the disowned build.
    const fresh = cache.get('status.json', build.run, neverChecked);
    expect(readBody(await fresh)).toEqual({ call: 1 });
    gate.resolve();
    // The request that started the old build still gets its answer...
    expect(readBody(await stale)).toEqual({ call: 2 });
    // ...but the body stored is the one built after the invalidation.
    expect(readBody(cache.peek('status.json') as CachedBody)).toEqual({ call: 1 });
  });

  it('stores nothing when a build fails, and the next request builds again', async () => {
    const cache = new PublicCache();
    const failing = vi.fn(async (): Promise<CachedBody> => {
      throw new Error('database unavailable');
    });
    await expect(cache.get('status.json', failing, neverChecked)).rejects.toThrow('database unavailable');
    expect(cache.peek('status.json')).toBeUndefined();
    const build = countingBuild();
    await cache.get('status.json', build.run, neverChecked);
    expect(build.calls).toBe(1);
  });
});

describe('PublicCache data version check', () => {
  function clockedCache() {
    const clock = { now: 1_000 };
    const cache = new PublicCache({ versionCheckIntervalMs: 5_000, now: () => clock.now });
    return { cache, clock };
  }

  it('stops answering peek() once a check is due, and keeps the bodies when the version is unchanged', async () => {
    const { cache, clock } = clockedCache();
    const build = countingBuild(7);
    const first = await cache.get('status.json', build.run, neverChecked);
    clock.now += 5_000;
    expect(cache.peek('status.json')).toBeUndefined();
    const readVersion = vi.fn(async () => 7);
    expect(await cache.get('status.json', build.run, readVersion)).toBe(first);
    expect(readVersion).toHaveBeenCalledTimes(1);
    expect(cache.peek('status.json')).toBe(first);
    expect(build.calls).toBe(1);
  });

  it('drops the bodies when the data changed without an invalidation reaching this cache', async () => {
    const { cache, clock } = clockedCache();
    const build = countingBuild(7);
    await cache.get('status.json', build.run, neverChecked);
    clock.now += 5_000;
    build.version = 8;
    const rebuilt = await cache.get('status.json', build.run, async () => 8);
    expect(build.calls).toBe(2);
    expect(rebuilt.version).toBe(8);
  });

  it('keeps serving from memory when the version cannot be read', async () => {
    const { cache, clock } = clockedCache();
    const build = countingBuild(7);
    const first = await cache.get('status.json', build.run, neverChecked);
    clock.now += 5_000;
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const answer = await cache.get('status.json', build.run, async () => {
      throw new Error('offline');
    });
    expect(answer).toBe(first);
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });
});
