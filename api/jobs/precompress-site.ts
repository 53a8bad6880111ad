// Node only: writes `<file>.br` and `<file>.gz` beside every compressible file of a finished
// build, before it goes live, so the server (and any static host that looks for them) sends
// compressed bytes without compressing on each request.
import { copyFile, link, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  type ContentEncoding,
  compress,
  isCompressibleType,
  MIN_COMPRESSIBLE_BYTES,
} from '../content-encoding.ts';
import { contentTypeOf } from '../site/content-types.ts';
import { PRECOMPRESSED_SUFFIXES } from '../site/serve-static.ts';

const ENCODINGS: readonly ContentEncoding[] = ['br', 'gzip'];
// Files in flight at once: enough to keep zlib's thread pool busy, few enough to bound memory.
const CONCURRENCY = 8;

export interface PrecompressResult {
  compressed: number;
  /** Files unchanged since the previous build, whose compressed copies were linked, not redone. */
  reused: number;
}

/**
 * Precompresses the site in `outDir`. `previousDir` is the live build: a file whose bytes are
 * unchanged there reuses its compressed copies, so a rebuild compresses only what changed.
 */
export async function precompressSite(outDir: string, previousDir?: string): Promise<PrecompressResult> {
  const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((entry) => entry.isFile() && isCompressibleType(contentTypeOf(entry.name)))
    .map((entry) => join(entry.parentPath, entry.name));
  const result: PrecompressResult = { compressed: 0, reused: 0 };
  for (let i = 0; i < paths.length; i += CONCURRENCY) {
    await Promise.all(
      paths.slice(i, i + CONCURRENCY).map(async (path) => {
        const previous = previousDir ? join(previousDir, relative(outDir, path)) : undefined;
        const outcome = await precompressFile(path, previous);
        if (outcome) result[outcome] += 1;
      }),
    );
  }
  return result;
}

async function precompressFile(path: string, previous: string | undefined) {
  const body = await readFile(path);
  if (body.byteLength < MIN_COMPRESSIBLE_BYTES) return undefined;
  if (previous && (await reuse(body, path, previous))) return 'reused' as const;
  for (const encoding of ENCODINGS) {
    const encoded = await compress(body, encoding);
    // A variant no smaller than the file would only cost the reader the decoding.
    if (encoded.byteLength < body.byteLength)
      await writeFile(path + PRECOMPRESSED_SUFFIXES[encoding], encoded);
  }
  return 'compressed' as const;
}

async function reuse(body: Buffer, path: string, previous: string): Promise<boolean> {
  try {
    if (!body.equals(await readFile(previous))) return false;
    for (const encoding of ENCODINGS) {
      const suffix = PRECOMPRESSED_SUFFIXES[encoding];
      // A hard link shares the bytes and outlives the old build's deletion.
      await link(previous + suffix, path + suffix).catch(() => copyFile(previous + suffix, path + suffix));
    }
    return true;
  } catch {
    return false;
  }
}
