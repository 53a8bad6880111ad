// The Node server's configuration, read from an environment object (never process.env here).
import { isAbsolute, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNodeConfig } from '../../api/env.ts';

function configError(env: Record<string, string | undefined>): string {
  try {
    readNodeConfig(env);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('readNodeConfig', () => {
  it('runs with no variables set: local host, port 3000, a database in the data folder, the demo on', () => {
    const config = readNodeConfig({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(resolve('data'));
    expect(isAbsolute(config.dataDir)).toBe(true);
    expect(config.databaseUrl).toBe(`file:${join(resolve('data'), 'candor.db')}`);
    expect(config.demo).toBe(true);
    expect(config.adminToken).toBeUndefined();
    expect(config.publicUrl).toBeUndefined();
    expect(config.apiOrigin).toBeUndefined();
    expect(config.rebuildDebounceMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps the database in CANDOR_DATA_DIR unless DATABASE_URL says otherwise', () => {
    const relative = readNodeConfig({ CANDOR_DATA_DIR: 'var/candor' });
    expect(relative.dataDir).toBe(resolve('var/candor'));
    expect(relative.databaseUrl).toBe(`file:${join(resolve('var/candor'), 'candor.db')}`);
    const remote = readNodeConfig({
      CANDOR_DATA_DIR: '/srv/candor',
      DATABASE_URL: 'libsql://db.example.com',
    });
    expect(remote.dataDir).toBe('/srv/candor');
    expect(remote.databaseUrl).toBe('libsql://db.example.com');
  });

  it('treats empty variables as unset', () => {
    const config = readNodeConfig({ PORT: '', HOST: '', CANDOR_DEMO: '', CANDOR_ADMIN_TOKEN: '' });
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', demo: true, adminToken: undefined });
  });

  it('turns the demo off with CANDOR_DEMO=0 or false, and on with 1 or true', () => {
    expect(readNodeConfig({ CANDOR_DEMO: '0' }).demo).toBe(false);
    expect(readNodeConfig({ CANDOR_DEMO: 'false' }).demo).toBe(false);
    expect(readNodeConfig({ CANDOR_DEMO: '1' }).demo).toBe(true);
    expect(readNodeConfig({ CANDOR_DEMO: 'true' }).demo).toBe(true);
    expect(configError({ CANDOR_DEMO: 'no' })).toContain('CANDOR_DEMO');
  });

  it('allows private webhook targets only with CANDOR_ALLOW_PRIVATE_WEBHOOKS=1 or true', () => {
    expect(readNodeConfig({}).allowPrivateWebhooks).toBe(false);
    expect(readNodeConfig({ CANDOR_ALLOW_PRIVATE_WEBHOOKS: '1' }).allowPrivateWebhooks).toBe(true);
    expect(readNodeConfig({ CANDOR_ALLOW_PRIVATE_WEBHOOKS: 'true' }).allowPrivateWebhooks).toBe(true);
  });

  it('reads the mail settings and names a bad one', () => {
    expect(readNodeConfig({}).mail.resendApiKey).toBeUndefined();
    expect(readNodeConfig({}).mail.resendRequestsPerSecond).toBe(2);
    expect(readNodeConfig({ RESEND_REQUESTS_PER_SECOND: '10' }).mail.resendRequestsPerSecond).toBe(10);
    expect(() => readNodeConfig({ RESEND_REQUESTS_PER_SECOND: '0' })).toThrow(/RESEND_REQUESTS_PER_SECOND/);
    expect(readNodeConfig({ RESEND_API_KEY: 're_1', CANDOR_EMAIL_FROM: 'a@b.test' }).mail.emailFrom).toBe(
      'a@b.test',
    );
    expect(() => readNodeConfig({ RESEND_API_KEY: 'nope' })).toThrow(
      /RESEND_API_KEY: must be a Resend API key/,
    );
    expect(() => readNodeConfig({ CANDOR_EMAIL_FROM: 'a@b.test\r\nBcc: x@y.test' })).toThrow(
      /CANDOR_EMAIL_FROM/,
    );
    expect(configError({ CANDOR_ALLOW_PRIVATE_WEBHOOKS: 'yes' })).toContain('CANDOR_ALLOW_PRIVATE_WEBHOOKS');
  });

  it('reads PORT and HOST', () => {
    expect(readNodeConfig({ PORT: '8080', HOST: '0.0.0.0' })).toMatchObject({ port: 8080, host: '0.0.0.0' });
  });

  it('refuses a short admin token and a bad port in one error naming each variable', () => {
    const message = configError({ CANDOR_ADMIN_TOKEN: 'short', PORT: 'eighty' });
    expect(message).toMatch(/CANDOR_ADMIN_TOKEN: .*16 characters/);
    expect(message).toMatch(/PORT: /);
    expect(message).not.toContain('short');
    for (const port of ['70000', '-1', '80.5', ' ', '0x50']) {
      expect(configError({ PORT: port }), port).toMatch(/^ {2}PORT: /m);
    }
    expect(readNodeConfig({ CANDOR_ADMIN_TOKEN: 'a'.repeat(16) }).adminToken).toBe('a'.repeat(16));
  });

  it('strips trailing slashes from CANDOR_PUBLIC_URL and CANDOR_API_ORIGIN', () => {
    const config = readNodeConfig({
      CANDOR_PUBLIC_URL: 'https://status.example.com///',
      CANDOR_API_ORIGIN: 'https://api.example.com/',
    });
    expect(config.publicUrl).toBe('https://status.example.com');
    expect(config.apiOrigin).toBe('https://api.example.com');
    expect(readNodeConfig({ CANDOR_PUBLIC_URL: 'https://example.com/status/' }).publicUrl).toBe(
      'https://example.com/status',
    );
    expect(configError({ CANDOR_PUBLIC_URL: 'status.example.com' })).toContain('CANDOR_PUBLIC_URL');
    expect(configError({ CANDOR_PUBLIC_URL: 'ftp://status.example.com' })).toMatch(
      /CANDOR_PUBLIC_URL: must be an http/,
    );
    expect(configError({ CANDOR_API_ORIGIN: 'javascript://x' })).toContain('CANDOR_API_ORIGIN');
  });

  it('reads the site build time limit from CANDOR_BUILD_TIMEOUT_SECONDS, ten minutes by default', () => {
    expect(readNodeConfig({}).buildTimeoutMs).toBe(600_000);
    expect(readNodeConfig({ CANDOR_BUILD_TIMEOUT_SECONDS: '90' }).buildTimeoutMs).toBe(90_000);
    expect(configError({ CANDOR_BUILD_TIMEOUT_SECONDS: '0' })).toContain('CANDOR_BUILD_TIMEOUT_SECONDS');
    expect(configError({ CANDOR_BUILD_TIMEOUT_SECONDS: 'soon' })).toContain('CANDOR_BUILD_TIMEOUT_SECONDS');
  });

  it('refuses a deploy hook over plain http unless it is on this machine, since it carries a token', () => {
    expect(configError({ CANDOR_DEPLOY_HOOK_URL: 'http://hooks.example.com/deploy' })).toMatch(
      /CANDOR_DEPLOY_HOOK_URL: must be an https:\/\/ URL/,
    );
    for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://[::1]:9000/hook']) {
      expect(readNodeConfig({ CANDOR_DEPLOY_HOOK_URL: url }).deployHook?.url).toBe(url);
    }
    const https = 'https://api.netlify.com/build_hooks/abc';
    expect(readNodeConfig({ CANDOR_DEPLOY_HOOK_URL: https }).deployHook?.url).toBe(https);
  });
});
