// The Worker's configuration, read from its bindings (vars and secrets).
import { describe, expect, it } from 'vitest';
import { readWorkerConfig } from '../../api/worker-env.ts';
import { sha256Hex } from '../../db/hash.ts';

describe('readWorkerConfig', () => {
  it('reads the database, the admin token as a hash, the page address and the deploy hook', async () => {
    const config = await readWorkerConfig({
      DATABASE_URL: 'libsql://candor-acme.turso.io',
      DATABASE_AUTH_TOKEN: 'db-token',
      CANDOR_ADMIN_TOKEN: 'a-long-enough-admin-token',
      CANDOR_PUBLIC_URL: 'https://status.acme.test/',
      CANDOR_DEPLOY_HOOK_URL: 'https://api.cloudflare.com/client/v4/pages/webhooks/deploy_hooks/abc',
      CANDOR_PUBLISH_DELAY_SECONDS: '5',
      CANDOR_ALLOW_PRIVATE_WEBHOOKS: '1',
      SOME_BINDING: { not: 'a string' },
    });
    expect(config).toEqual({
      databaseUrl: 'libsql://candor-acme.turso.io',
      databaseAuthToken: 'db-token',
      adminTokenHash: await sha256Hex('a-long-enough-admin-token'),
      publicUrl: 'https://status.acme.test',
      deployHook: {
        url: 'https://api.cloudflare.com/client/v4/pages/webhooks/deploy_hooks/abc',
        token: undefined,
      },
      publishDelayMs: 5000,
      allowPrivateWebhooks: true,
      mail: {
        resendApiKey: undefined,
        resendBaseUrl: undefined,
        resendRequestsPerSecond: 2,
        emailFrom: 'Candor <status@localhost>',
        resendWebhookSecret: undefined,
      },
      apiOrigin: undefined,
    });
  });

  it('reads the Resend settings, and refuses an API key without a sender', async () => {
    const config = await readWorkerConfig({
      DATABASE_URL: 'libsql://candor-acme.turso.io',
      RESEND_API_KEY: 're_abc',
      RESEND_BASE_URL: 'https://resend.internal/',
      RESEND_REQUESTS_PER_SECOND: '5',
      CANDOR_EMAIL_FROM: 'Acme <status@acme.test>',
      RESEND_WEBHOOK_SECRET: 'whsec_c2VjcmV0',
      CANDOR_API_ORIGIN: 'https://api.acme.test/',
    });
    expect(config.mail).toEqual({
      resendApiKey: 're_abc',
      resendBaseUrl: 'https://resend.internal',
      resendRequestsPerSecond: 5,
      emailFrom: 'Acme <status@acme.test>',
      resendWebhookSecret: 'whsec_c2VjcmV0',
    });
    expect(config.apiOrigin).toBe('https://api.acme.test');
    await expect(
      readWorkerConfig({ DATABASE_URL: 'libsql://x.turso.io', RESEND_API_KEY: 're_abc' }),
    ).rejects.toThrow(/CANDOR_EMAIL_FROM: required when RESEND_API_KEY is set/);
    await expect(
      readWorkerConfig({ DATABASE_URL: 'libsql://x.turso.io', RESEND_REQUESTS_PER_SECOND: 'fast' }),
    ).rejects.toThrow(/RESEND_REQUESTS_PER_SECOND/);
  });

  it('defaults what wrangler.toml leaves empty', async () => {
    const config = await readWorkerConfig({
      DATABASE_URL: 'https://sqld.internal.test',
      CANDOR_PUBLIC_URL: '',
    });
    expect(config.publicUrl).toBeUndefined();
    expect(config.deployHook).toBeUndefined();
    expect(config.adminTokenHash).toBeNull();
    expect(config.publishDelayMs).toBe(10_000);
    expect(config.allowPrivateWebhooks).toBe(false);
  });

  it('names every bad variable, and refuses a file database a Worker cannot open', async () => {
    const failure = readWorkerConfig({
      DATABASE_URL: 'file:data/candor.db',
      CANDOR_ADMIN_TOKEN: 'short',
      CANDOR_DEPLOY_HOOK_URL: 'ftp://hooks.test/',
      CANDOR_PUBLISH_DELAY_SECONDS: '60',
    });
    await expect(failure).rejects.toThrow(/DATABASE_URL: must be the libsql:\/\/ or https:\/\//);
    const message = await failure.catch((error: Error) => error.message);
    for (const name of ['CANDOR_ADMIN_TOKEN', 'CANDOR_DEPLOY_HOOK_URL', 'CANDOR_PUBLISH_DELAY_SECONDS']) {
      expect(message).toContain(name);
    }
    await expect(readWorkerConfig({})).rejects.toThrow(/DATABASE_URL/);
  });
});
