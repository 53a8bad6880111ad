// Run by api/jobs/site-renderer.ts as a long-lived child process. Its first request is a full
// `astro build`; the build's own renderer (the compiled pages and Astro's render pipeline) then stays
// loaded, and each later request renders only the pages whose inputs changed, with the very code
// the full build used, so the bytes are the same as a full build's. Everything else is hard-linked
// from the previous build (api/jobs/build-folder.ts).
import { spawn } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'astro';
import { forgetSiteData, loadSiteData } from '../../site/lib/data.ts';
import { linkPage, linkTree, removePage, replaceFile } from './build-folder.ts';
import { precompressSite } from './precompress-site.ts';
import type { RendererReply, RendererRequest } from './site-renderer-protocol.ts';
import { type CapturedRenderer, captureRenderer, listPaths, renderPage } from './warm-astro.ts';

type BuildOptions = NonNullable<Parameters<typeof build>[1]>;

interface PageRecord {
  /** getStaticPaths' cacheKey; undefined for pages rendered every time (/, the feeds). */
  cacheKey: string | undefined;
  /** Output file, relative to the build folder. */
  file: string;
}

interface BuildRecord {
  outDir: string;
  pages: Map<string, PageRecord>;
}

interface WarmState extends BuildRecord {
  renderer: CapturedRenderer;
  // `outDir` and `pages` describe the live build: an incremental build must start from it.
  /** The build this one was made from, while it may still be on disk: the next build may take it over. */
  previous?: BuildRecord;
}

const root = process.argv[2];
if (!root) throw new Error('usage: site-renderer-child.ts <project root>');
let warm: WarmState | undefined;
// The next build's folder, linked ahead of time from the live one while nothing else is going on,
// so a change waits only for its own pages. It lives beside Astro's cache, on the same disk as the
// builds (a rename moves it into place), and never in builds/, which the server tidies.
const spareDir = join(process.env.CANDOR_ASTRO_CACHE_DIR ?? root, 'next-build');
let spareOf: string | undefined;
rmSync(spareDir, { recursive: true, force: true });

let spareReady: Promise<void> = Promise.resolve();

// `cp -al` in a process of its own: the linking runs on the other core while this one reads the
// data and renders the next change's pages. Where cp cannot (not GNU cp), linked here instead.
function prepareSpare(from: string): void {
  spareOf = undefined;
  spareReady = (async () => {
    try {
      rmSync(spareDir, { recursive: true, force: true });
      await copyWithLinks(from, spareDir).catch(() => {
        rmSync(spareDir, { recursive: true, force: true });
        linkTree(from, spareDir);
      });
      spareOf = from;
    } catch {
      // The build went away meanwhile (the server tidied it): the next build links at once instead.
      rmSync(spareDir, { recursive: true, force: true });
    }
  })();
}

function copyWithLinks(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('cp', ['-al', from, to], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`cp -al exited with ${code}`))));
  });
}

// A copy of `from` at `outDir`: the spare when it is one, else linked now.
async function cloneBuild(from: string, outDir: string): Promise<void> {
  await spareReady;
  if (spareOf === from && existsSync(spareDir)) {
    spareOf = undefined;
    renameSync(spareDir, outDir);
    return;
  }
  linkTree(from, outDir);
}

async function fullBuild(outDir: string, previousDir: string | undefined): Promise<RendererReply> {
  const capture = captureRenderer();
  // `sync` is an option of Astro's builder that the public type does not list (see astro-build-child.ts).
  await build({ root, logLevel: 'warn', outDir, integrations: [capture.integration] }, {
    sync: false,
  } as BuildOptions);
  await spareReady; // a spare still being linked from the build before is of no use now
  const renderer = await capture.ready();
  const pages = await recordPages(renderer, outDir);
  // Here rather than in the server, so the spare linked from this build has the compressed copies.
  await precompressSite(outDir, previousDir);
  warm = { renderer, outDir, pages };
  return { ok: true, mode: 'full', pages: countHtml(pages), rendered: pages.size };
}

// The folder the new build starts from, and what it holds: the recycled build before the live one
// when the server offers it and this renderer made it (then only pages that differ are replaced),
// else a link copy of the live build.
async function startFolder(
  state: WarmState,
  outDir: string,
  previousDir: string,
  recycleDir: string | undefined,
): Promise<Map<string, PageRecord>> {
  const previous = state.previous;
  if (recycleDir && previous && resolve(previous.outDir) === resolve(recycleDir) && existsSync(recycleDir)) {
    renameSync(recycleDir, outDir);
    return previous.pages;
  }
  await cloneBuild(previousDir, outDir);
  return state.pages;
}

async function incrementalBuild(
  outDir: string,
  previousDir: string,
  recycleDir: string | undefined,
): Promise<RendererReply> {
  const state = warm;
  if (!state || state.outDir !== previousDir) {
    return { ok: false, needsFullBuild: true, error: 'the renderer has not built the live site' };
  }
  // Deleted from under the server (a clean-up tool, say): nothing to take pages from.
  if (!existsSync(join(previousDir, 'index.html'))) {
    return { ok: false, needsFullBuild: true, error: 'the live build is gone from the disk' };
  }
  const t0 = performance.now();
  forgetSiteData();
  await loadSiteData();
  const tData = performance.now();
  const paths = await listPaths(state.renderer);
  const t1 = performance.now();
  const pages = new Map<string, PageRecord>();
  // What the folder holds now, page by page: the live build's pages, or the recycled build's.
  const held = await startFolder(state, outDir, previousDir, recycleDir);
  const t2 = performance.now();
  let rendered = 0;
  const pageTimes: Array<[string, number]> = [];
  for (const path of paths) {
    const known = state.pages.get(path.pathname);
    const here = held.get(path.pathname);
    if (path.cacheKey !== undefined && known?.cacheKey === path.cacheKey) {
      // Unchanged since the live build; a recycled folder may hold an older version of it.
      if (here?.cacheKey !== known.cacheKey || here.file !== known.file) {
        if (here?.file && here.file !== known.file) removePage(outDir, here.file);
        if (known.file) linkPage(previousDir, outDir, known.file);
      }
      pages.set(path.pathname, known);
      continue;
    }
    const pageStarted = performance.now();
    const page = await renderPage(state.renderer, path, outDir);
    let file = here?.file ?? '';
    if (page) {
      const written = relative(outDir, fileURLToPath(page.outFile));
      if (file && file !== written) removePage(outDir, file);
      file = written;
      await replaceFile(outDir, file, page.body);
    } else if (file) {
      removePage(outDir, file); // nothing to write any more (an empty body)
      file = '';
    }
    pages.set(path.pathname, { cacheKey: path.cacheKey, file });
    pageTimes.push([path.pathname, performance.now() - pageStarted]);
    rendered += 1;
  }
  for (const [pathname, record] of held) {
    if (!pages.has(pathname) && record.file) removePage(outDir, record.file);
  }
  warm = {
    renderer: state.renderer,
    outDir,
    pages,
    previous: { outDir: previousDir, pages: state.pages },
  };
  const t3 = performance.now();
  const timing = `data ${Math.round(tData - t0)} ms, paths ${Math.round(t1 - tData)} ms, folder ${Math.round(t2 - t1)} ms, render ${Math.round(t3 - t2)} ms (slowest: ${slowest(pageTimes)})`;
  return { ok: true, mode: 'incremental', pages: countHtml(pages), rendered, timing };
}

// The pages that took longest to render and write (compressed copies included), for the build log.
function slowest(pageTimes: Array<[string, number]>): string {
  const top = [...pageTimes].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return top.map(([pathname, ms]) => `${pathname} ${Math.round(ms)} ms`).join(', ') || 'none';
}

// Where each page of the full build went, so that a later build knows which files are whose.
async function recordPages(renderer: CapturedRenderer, outDir: string): Promise<Map<string, PageRecord>> {
  const pages = new Map<string, PageRecord>();
  for (const path of renderer.builtPaths) {
    const file = relative(outDir, fileURLToPath(renderer.outputFileOf(path, pathToFileURL(`${outDir}/`))));
    pages.set(path.pathname, { cacheKey: path.cacheKey, file });
  }
  return pages;
}

function countHtml(pages: Map<string, PageRecord>): number {
  let count = 0;
  for (const { file } of pages.values()) if (file.endsWith('.html')) count += 1;
  return count;
}

async function handle(request: RendererRequest): Promise<RendererReply> {
  if (request.builtAt === undefined) delete process.env.CANDOR_SITE_BUILT_AT;
  else process.env.CANDOR_SITE_BUILT_AT = String(request.builtAt);
  try {
    if (request.type === 'full') return await fullBuild(request.outDir, request.previousDir);
    return await incrementalBuild(request.outDir, request.previousDir, request.recycleDir);
  } catch (error) {
    // A failed render may have left the renderer half way: the next build is a full one.
    warm = undefined;
    return { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

// One request at a time, in order: the parent waits for each reply before it sends the next.
let queue = Promise.resolve();
process.on('message', (request: RendererRequest) => {
  queue = queue.then(async () => {
    const reply = await handle(request);
    process.send?.(reply);
    // After the reply, so the server publishes first; the next request waits for it only when it
    // needs the folder, after reading the data and listing the pages. After an incremental build
    // the next one recycles the build before it instead, and linking would only load the machine.
    const built = warm?.previous ? undefined : warm?.outDir;
    if (reply.ok && built)
      await new Promise<void>((resolve) => setImmediate(() => resolve(prepareSpare(built))));
  });
});
// The server is gone: so is the reason to exist.
process.on('disconnect', () => process.exit(0));
