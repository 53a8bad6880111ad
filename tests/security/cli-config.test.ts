// The CLI sends CANDOR_TOKEN with every request: never in clear text across a network.
import { describe, expect, test } from 'vitest';
import { configFromEnv } from '../../cli/api-client.ts';
import { CliError, EXIT } from '../../cli/exit-codes.ts';

const config = (url: string) => configFromEnv({ CANDOR_URL: url, CANDOR_TOKEN: 'cnd_secret' });

describe('CANDOR_URL', () => {
  test('plain http to another host is a usage error that does not print the token', () => {
    for (const url of [
      'http://status.example.com',
      'HTTP://10.0.0.5:3000',
      'http://127.0.0.1.evil.example',
    ]) {
      let thrown: unknown;
      try {
        config(url);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, url).toBeInstanceOf(CliError);
      expect((thrown as CliError).exitCode).toBe(EXIT.usage);
      expect((thrown as Error).message).toContain('https://');
      expect((thrown as Error).message).not.toContain('cnd_secret');
    }
  });

  test('https anywhere and http on this machine are accepted', () => {
    for (const url of [
      'https://status.example.com/',
      'http://localhost:3000',
      'http://127.0.0.1:8787',
      'http://[::1]:3000',
    ]) {
      expect(config(url).url).toBe(url.replace(/\/+$/, ''));
    }
  });
});
