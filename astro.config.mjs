// The static status site. The build reads the database itself (see site/lib/data.ts); everything
// else it needs arrives in environment variables set by api/jobs/astro-build.ts.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import { pagesHeadersFile } from './site/lib/security-headers.ts';

const env = process.env;
// The server builds into its data folder and may not write the checkout: Vite's cache (by default
// node_modules/.vite) goes beside Astro's.
const cacheDir = env.CANDOR_ASTRO_CACHE_DIR || './node_modules/.astro';

// The incremental build reuses a page when its cacheKey, its code and a hash of *some* settings are
// unchanged; settings outside that hash (cssCodeSplit, say) would let a reused page point at
// stylesheets that no longer exist. `vite.define` is in the hash, so a digest of this file there
// makes any edit here start from scratch.
const configDigest = createHash('sha256')
  .update(readFileSync(new URL(import.meta.url)))
  .digest('hex')
  .slice(0, 16);

// Counts the pages in the build process, which ends right after, rather than in the server: a
// recursive listing of 10,000 page folders grows the lister's heap by ~40 MB for good.
const buildReport = {
  name: 'candor-build-report',
  hooks: {
    'astro:build:done': ({ dir }) => {
      if (!env.CANDOR_BUILD_REPORT) return;
      const files = readdirSync(fileURLToPath(dir), { recursive: true });
      const pages = files.filter((file) => String(file).endsWith('.html')).length;
      writeFileSync(env.CANDOR_BUILD_REPORT, JSON.stringify({ pages }));
    },
  },
};

// Static hosts that read a `_headers` file (Cloudflare Pages, Netlify) send the same security
// headers as the Node server.
const pagesHeaders = {
  name: 'candor-pages-headers',
  hooks: {
    'astro:build:done': ({ dir }) => {
      writeFileSync(new URL('_headers', dir), pagesHeadersFile(env.CANDOR_API_ORIGIN || ''));
    },
  },
};

export default defineConfig({
  integrations: [buildReport, pagesHeaders],
  srcDir: './site',
  publicDir: './site/public',
  output: 'static',
  outDir: env.CANDOR_SITE_OUT_DIR || './dist',
  cacheDir: cacheDir,
  ...(env.CANDOR_PUBLIC_URL ? { site: env.CANDOR_PUBLIC_URL } : {}),
  // Every page is `<path>/index.html`, so `/incidents/<id>/` is a plain file on any static host.
  trailingSlash: 'always',
  // One small stylesheet for the whole site, cached by browsers across pages, rather than the
  // same few KB inlined into each of thousands of incident pages.
  build: { format: 'directory', inlineStylesheets: 'never' },
  compressHTML: true,
  devToolbar: { enabled: false },
  vite: {
    cacheDir: `${cacheDir}/vite`,
    // The live script is emitted as a file, never inlined, so the Content-Security-Policy can
    // forbid inline scripts without a hash that changes with every edit of the script.
    build: { cssCodeSplit: false, assetsInlineLimit: 0 },
    define: { 'import.meta.env.CANDOR_SITE_CONFIG_DIGEST': JSON.stringify(configDigest) },
  },
  experimental: { incrementalBuild: true },
});
