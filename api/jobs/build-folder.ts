// Node only: the file side of an incremental build. A new build folder starts as a hard-link copy
// of the live one (no bytes copied), then the pages a change touched replace their links. Every
// write goes to a temporary name renamed into place: writing through a link would change the live
// build's file too, which readers are being served.
import { linkSync, mkdirSync, readdirSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import {
  type ContentEncoding,
  compress,
  isCompressibleType,
  MIN_COMPRESSIBLE_BYTES,
} from '../content-encoding.ts';
import { contentTypeOf } from '../site/content-types.ts';
import { PRECOMPRESSED_SUFFIXES } from '../site/serve-static.ts';

const ENCODINGS: readonly ContentEncoding[] = ['br', 'gzip'];

/**
 * Fills `outDir` (which must not exist) with hard links to every file of `fromDir`. Synchronous
 * calls on purpose: tens of thousands of tiny operations, where promises would cost more than the
 * work. Returns the number of files linked.
 */
export function linkTree(fromDir: string, outDir: string): number {
  mkdirSync(outDir, { recursive: false });
  let files = 0;
  for (const entry of readdirSync(fromDir, { recursive: true, withFileTypes: true })) {
    const target = join(outDir, relative(fromDir, join(entry.parentPath, entry.name)));
    if (entry.isDirectory()) mkdirSync(target, { recursive: true });
    else if (entry.isFile()) {
      linkSync(join(entry.parentPath, entry.name), target);
      files += 1;
    }
  }
  return files;
}

/** Writes `body` at `path` (relative to `root`) with its precompressed copies, replacing any link. */
export async function replaceFile(root: string, path: string, body: Uint8Array): Promise<void> {
  const target = join(root, path);
  mkdirSync(dirname(target), { recursive: true });
  writeAtomically(target, body);
  const compressible = isCompressibleType(contentTypeOf(target)) && body.byteLength >= MIN_COMPRESSIBLE_BYTES;
  for (const encoding of ENCODINGS) {
    const variant = target + PRECOMPRESSED_SUFFIXES[encoding];
    const encoded = compressible ? await compress(body, encoding) : undefined;
    // As precompress-site.ts: a variant no smaller than the file is not worth sending.
    if (encoded && encoded.byteLength < body.byteLength) writeAtomically(variant, encoded);
    else removeFile(variant);
  }
}

/**
 * Makes the page at `path` in `root` (its file and compressed copies) links to the same files in
 * `fromRoot`: for a build folder that is not a copy of the live build (a recycled older build),
 * a page unchanged since the live build gets the live build's files.
 */
export function linkPage(fromRoot: string, root: string, path: string): void {
  const target = join(root, path);
  mkdirSync(dirname(target), { recursive: true });
  for (const suffix of ['', ...ENCODINGS.map((encoding) => PRECOMPRESSED_SUFFIXES[encoding])]) {
    const source = join(fromRoot, path) + suffix;
    const temporary = `${target}${suffix}.${process.pid}.tmp`;
    removeFile(temporary); // left by a build that died half way
    try {
      linkSync(source, temporary);
    } catch (error) {
      // The page itself must be there (else the live build is damaged: the caller builds in
      // full); a compressed copy may not be, and then neither may this one.
      if (suffix === '' || (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      removeFile(target + suffix);
      continue;
    }
    renameSync(temporary, target + suffix);
  }
}

/** Removes a page that no longer exists (a deleted incident), its compressed copies and empty folder. */
export function removePage(root: string, path: string): void {
  const target = join(root, path);
  removeFile(target);
  for (const encoding of ENCODINGS) removeFile(target + PRECOMPRESSED_SUFFIXES[encoding]);
  try {
    rmdirSync(dirname(target));
  } catch {
    // Not empty (other files live there) or the root itself: it stays.
  }
}

function writeAtomically(path: string, body: Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, body);
  renameSync(temporary, path);
}

function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
