// `candor list` prints incident names typed by anyone holding a responder token. A C1 control
// (U+009B, CSI) or a carriage return in a name must not restyle or overwrite the responder's
// terminal; --json stays the same data, with those characters escaped.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { describe, expect, onTestFinished, test } from 'vitest';
import { main } from '../../cli/main.ts';
import { createTestApp } from '../support/app.ts';

const HOSTILE = 'Payments\u009b2K\u009b1G\r\u001b]0;owned\u0007 all fine';

describe('candor output', () => {
  test('names reach the terminal without control characters', async () => {
    const t = await createTestApp();
    const created = await t.admin('POST', '/admin/v1/incidents', {
      name: HOSTILE.replace('\u001b]0;owned\u0007', ''), // C0 controls are refused by the API
      status: 'investigating',
      impact: 'minor',
      message: 'x',
    });
    expect(created.status).toBe(201);
    const server = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const env = {
      CANDOR_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      CANDOR_TOKEN: t.token,
    };

    for (const args of [['list'], ['list', '--json']]) {
      let out = '';
      const code = await main(args, {
        env,
        stdout: (text) => (out += text),
        stderr: () => {},
        now: () => Date.now(),
      });
      expect(code).toBe(0);
      expect(out).toContain('Payments');
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters that must not appear
      expect(out, args.join(' ')).not.toMatch(/[\u0080-\u009f\r\u001b]/);
      if (args.includes('--json')) {
        expect((JSON.parse(out) as Array<{ name: string }>)[0]?.name).toContain('\u009b2K');
      }
    }
  });
});
