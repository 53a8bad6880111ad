// The static status site. The build reads the database itself (see site/lib/data.ts); everything
// else it needs arrives in environment variables set by api/jobs/astro-build.ts.
import { defineConfig } from 'astro/config';

const env = process.env;

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  output: 'static',
  outDir: env.CANDOR_SITE_OUT_DIR || './dist',
  cacheDir: env.CANDOR_ASTRO_CACHE_DIR || './node_modules/.astro',
  ...(env.CANDOR_PUBLIC_URL ? { site: env.CANDOR_PUBLIC_URL } : {}),
  // Every page is `<path>/index.html`, so `/incidents/<id>/` is a plain file on any static host.
  trailingSlash: 'always',
  build: { format: 'directory' },
  compressHTML: true,
  devToolbar: { enabled: false },
  experimental: { incrementalBuild: true },
});
