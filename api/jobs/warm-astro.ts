// Node only, in the renderer child: keeps hold of the renderer a full `astro build` loaded (its
// compiled pages and Astro's prerender app) so later changes render single pages with it.
//
// This reaches into Astro 7's build internals (its prerenderer hook is public, `renderPath` and the
// output-path helpers are not): if an upgrade moves them, the import below fails, the renderer
// reports it and the server falls back to full builds. tests/node/site-renderer.test.ts checks
// that an incremental build's bytes equal a full build's.
import { pathToFileURL } from 'node:url';
import type { AstroIntegration } from 'astro';
import { StaticPaths } from 'astro/runtime/prerender/static-paths.js';

interface RouteData {
  type: string;
  prerender: boolean;
  distURL?: URL[];
}

/** A page of the site as Astro lists it: its path, route and getStaticPaths cacheKey. */
export interface SitePath {
  pathname: string;
  route: RouteData;
  cacheKey: string | undefined;
}

interface BuildSettings {
  config: { outDir: URL; build: { format: string } };
}

interface BuildOptions {
  settings: BuildSettings;
  logger: unknown;
}

interface PrerenderApp {
  manifest: { routes: Array<{ routeData: RouteData }> };
  routeCache: { clearAll: () => void };
  getOptions: () => BuildOptions;
  getComponentByRoute: (route: RouteData) => Promise<unknown>;
}

interface Prerenderer {
  app?: PrerenderApp;
  setup?: () => Promise<void>;
  getStaticPaths: () => Promise<SitePath[]>;
  render: (...args: unknown[]) => Promise<unknown>;
  teardown?: () => Promise<void>;
}

interface RenderedPage {
  body: Uint8Array;
  outFile: URL;
}

interface AstroInternals {
  renderPath: (input: Record<string, unknown>) => Promise<RenderedPage | null>;
  getOutFolder: (settings: BuildSettings, pathname: string, route: RouteData) => URL;
  getOutFile: (format: string, folder: URL, pathname: string, route: RouteData) => URL;
}

export interface CapturedRenderer {
  prerenderer: Prerenderer;
  app: PrerenderApp;
  options: BuildOptions;
  internals: AstroInternals;
  /** The paths the full build generated. */
  builtPaths: SitePath[];
  /** Where the build writes `path` below `outDir` (a folder URL ending in `/`). */
  outputFileOf: (path: SitePath, outDir: URL) => URL;
}

async function importAstroInternals(): Promise<AstroInternals> {
  // Not in astro's exports map: imported by file, which is the module the build itself runs.
  const dist = new URL('./', import.meta.resolve('astro'));
  const generate = await import(new URL('core/build/generate.js', dist).href);
  const common = await import(new URL('core/build/common.js', dist).href);
  return {
    renderPath: generate.renderPath,
    getOutFolder: common.getOutFolder,
    getOutFile: common.getOutFile,
  };
}

/** An integration that captures the build's renderer, and a promise of it once the build is done. */
export function captureRenderer(): { integration: AstroIntegration; ready: () => Promise<CapturedRenderer> } {
  let prerenderer: Prerenderer | undefined;
  let builtPaths: SitePath[] = [];
  const integration: AstroIntegration = {
    name: 'candor-warm-renderer',
    hooks: {
      'astro:build:start': ({ setPrerenderer }) => {
        setPrerenderer((defaultPrerenderer) => {
          const wrapped = defaultPrerenderer as unknown as Prerenderer;
          prerenderer = wrapped;
          return {
            ...defaultPrerenderer,
            name: 'candor-warm-renderer',
            setup: async () => {
              await wrapped.setup?.();
              // The build deletes its compiled pages when done; load every page module now, so
              // pages the build restored from its cache (and never loaded) can render later.
              const app = appOf(wrapped);
              for (const { routeData } of app.manifest.routes) {
                if (routeData.prerender) await app.getComponentByRoute(routeData);
              }
            },
            getStaticPaths: async () => {
              builtPaths = await wrapped.getStaticPaths();
              return builtPaths as never;
            },
          };
        });
      },
    },
  };
  const ready = async (): Promise<CapturedRenderer> => {
    if (!prerenderer) throw new Error('the build did not use the renderer hook');
    const app = appOf(prerenderer);
    const options = app.getOptions();
    const internals = await importAstroInternals();
    const outputFileOf = (path: SitePath, outDir: URL) => {
      const settings = withOutDir(options.settings, outDir);
      const encoded = encodeURI(path.pathname);
      const folder = internals.getOutFolder(settings, encoded, path.route);
      return internals.getOutFile(settings.config.build.format, folder, encoded, path.route);
    };
    return { prerenderer, app, options, internals, builtPaths, outputFileOf };
  };
  return { integration, ready };
}

/** Every page with its cacheKey, from getStaticPaths run again over the data loaded anew. */
export async function listPaths(renderer: CapturedRenderer): Promise<SitePath[]> {
  renderer.app.routeCache.clearAll();
  // Astro appends each output file to its route's distURL; over thousands of builds it would only grow.
  for (const { routeData } of renderer.app.manifest.routes) routeData.distURL = [];
  const paths = (await new StaticPaths(renderer.app as never).getAll()) as SitePath[];
  // As the build does: the first route to claim a path wins.
  const seen = new Set<string>();
  return paths.filter((path) => {
    const key = path.pathname.replace(/\/$/, '');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Renders one page as the build would, its output file placed below `outDir`; null for none. */
export async function renderPage(
  renderer: CapturedRenderer,
  path: SitePath,
  outDir: string,
): Promise<RenderedPage | null> {
  const { options, prerenderer, internals } = renderer;
  const settings = withOutDir(options.settings, pathToFileURL(`${outDir}/`));
  return internals.renderPath({
    prerenderer,
    pathname: path.pathname,
    route: path.route,
    options: { ...options, settings },
    logger: options.logger,
    collectMetadata: false,
  });
}

function appOf(prerenderer: Prerenderer): PrerenderApp {
  if (!prerenderer.app) throw new Error("Astro's prerenderer has no app after setup");
  return prerenderer.app;
}

function withOutDir(settings: BuildSettings, outDir: URL): BuildSettings {
  return { ...settings, config: { ...settings.config, outDir } };
}
