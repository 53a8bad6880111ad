// Node only: reads files of the live site, keeping the most requested ones in memory. Under load,
// reading `/` from disk for every request allocated a fresh buffer each time, and the server's
// resident memory grew by ~100 MB; a few MB of cached files serve the hot pages with none.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { Readable } from 'node:stream';

export interface SiteFile {
  /** The bytes; null for a file above the per-file limit, which streamFile() sends from disk. */
  body: Uint8Array<ArrayBuffer> | null;
  size: number;
  path: string;
  /** Derived from the file's identity (inode, size, mtime): changes whenever the file does. */
  etag: string;
}

export interface SiteFilesOptions {
  /** Total size of the files kept in memory. */
  maxBytes?: number;
  /**
   * Files larger than this are streamed from disk rather than read whole: a few MB page asked
   * for by many readers at once must not take a few MB of memory per request.
   */
  maxFileBytes?: number;
}

export class SiteFiles {
  readonly #root: string;
  readonly #maxBytes: number;
  readonly #maxFileBytes: number;
  // A Map iterates in insertion order: re-inserting on use makes the first key the least recent.
  readonly #cache = new Map<string, SiteFile>();
  #cachedBytes = 0;

  constructor(rootDir: string, options: SiteFilesOptions = {}) {
    this.#root = normalize(rootDir + sep);
    this.#maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
    this.#maxFileBytes = options.maxFileBytes ?? 512 * 1024;
  }

  /**
   * The file at `pathname` below the root, or null when there is none (or the path would leave
   * the root). Every call checks the file on disk, so a swapped build is never served stale.
   */
  async get(pathname: string): Promise<SiteFile | null> {
    // normalize() folds `..`; the prefix check then refuses anything that would leave the root.
    const path = normalize(join(this.#root, pathname));
    if (!path.startsWith(this.#root)) return null;
    let etag: string;
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) return null;
      size = info.size;
      etag = `W/"${info.ino.toString(36)}-${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
    } catch {
      return null;
    }
    if (size > this.#maxFileBytes) {
      this.#forget(path);
      return { body: null, size, path, etag };
    }
    const cached = this.#cache.get(path);
    if (cached?.etag === etag) {
      this.#cache.delete(path);
      this.#cache.set(path, cached);
      return cached;
    }
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = new Uint8Array(await readFile(path));
    } catch {
      return null;
    }
    const file = { body, size: body.byteLength, path, etag };
    this.#remember(file, cached);
    return file;
  }

  #forget(path: string): void {
    const cached = this.#cache.get(path);
    if (!cached) return;
    this.#cache.delete(path);
    this.#cachedBytes -= cached.size;
  }

  #remember(file: SiteFile, replaced: SiteFile | undefined): void {
    if (replaced) this.#forget(replaced.path);
    this.#cache.set(file.path, file);
    this.#cachedBytes += file.size;
    for (const [path, oldest] of this.#cache) {
      if (this.#cachedBytes <= this.#maxBytes) break;
      this.#cache.delete(path);
      this.#cachedBytes -= oldest.size;
    }
  }
}

/** The file's bytes as a stream read from disk in small chunks (for files kept out of memory). */
export function streamFile(file: SiteFile): ReadableStream<Uint8Array> {
  return Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>;
}
