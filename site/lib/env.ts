// The only reader of the environment in the site build. api/jobs/astro-build.ts sets these for
// every build; a bad value fails the build with a message naming the variable, and the last good
// site stays online.

export interface SiteEnv {
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  /** Origin the live script fetches /api/v2/summary.json from; empty for the page's own origin. */
  apiOrigin: string;
  liveRefreshSeconds: number;
  /** The site's public address when known, for absolute links in the feeds. */
  publicUrl: string;
  /**
   * The instant the site shows itself as of (epoch ms), from CANDOR_SITE_BUILT_AT; the build's own
   * clock when unset. Two builds of the same data at the same instant are the same bytes.
   */
  builtAt: number | undefined;
}

const DEFAULT_REFRESH_SECONDS = 30;

export function readSiteEnv(env: Record<string, string | undefined> = process.env): SiteEnv {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: the site is built from the database');
  return {
    databaseUrl,
    databaseAuthToken: env.DATABASE_AUTH_TOKEN || undefined,
    apiOrigin: readOrigin('CANDOR_API_ORIGIN', env.CANDOR_API_ORIGIN),
    liveRefreshSeconds: readRefreshSeconds(env.CANDOR_LIVE_REFRESH_SECONDS),
    publicUrl: (env.CANDOR_PUBLIC_URL ?? '').replace(/\/+$/, ''),
    builtAt: readInstant('CANDOR_SITE_BUILT_AT', env.CANDOR_SITE_BUILT_AT),
  };
}

function readOrigin(name: string, value: string | undefined): string {
  if (!value) return '';
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  } catch {
    // falls through to the error below
  }
  throw new Error(`${name} must be an http(s) origin such as https://status.example.com, got "${value}"`);
}

function readInstant(name: string, value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Number(value);
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new Error(`${name} must be a time in epoch milliseconds, got "${value}"`);
  }
  return ms;
}

function readRefreshSeconds(value: string | undefined): number {
  if (!value) return DEFAULT_REFRESH_SECONDS;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) {
    throw new Error(
      `CANDOR_LIVE_REFRESH_SECONDS must be a whole number of seconds from 1 to 3600, got "${value}"`,
    );
  }
  return seconds;
}
