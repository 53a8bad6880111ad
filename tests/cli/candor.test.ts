import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { beforeEach, describe, expect, onTestFinished, test } from 'vitest';
import { describeDue, minutesUntilDue } from '../../cli/due.ts';
import { call } from '../api/admin/http.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

// The real `candor` command, run as a process against the real app served on 127.0.0.1. Each run
// starts a Node process: generous timeouts, since a loaded machine makes that slow.
const SLOW = 120_000;

const BIN = fileURLToPath(new URL('../../bin/candor.mjs', import.meta.url));
const run = promisify(execFile);

let t: TestApp;
let url: string;

// Each test gets its own database and server (on a free port), stopped when the test ends.
beforeEach(async () => {
  t = await createTestApp();
  const server = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
});

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function candor(
  args: string[],
  env: Record<string, string> = {},
  node = process.execPath,
): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(node, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', CANDOR_URL: url, CANDOR_TOKEN: t.token, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const json = (outcome: Outcome) => {
  expect(outcome.code, outcome.stderr).toBe(0);
  return JSON.parse(outcome.stdout);
};

describe('candor against a running server', () => {
  test(
    'opens from a template, updates, sets a component by name, lists and resolves',
    async () => {
      const api = (await call(t, 'POST', '/admin/v1/components', { name: 'Checkout API' })).body;
      await call(t, 'POST', '/admin/v1/incident-templates', {
        name: 'Payments down',
        title: 'Payments are failing',
        body: 'Card payments are failing; we are investigating.',
        status: 'investigating',
        impact: 'critical',
      });

      const opened = json(
        await candor(['open', '--template', 'payments down', '-c', 'checkout api=major_outage', '--json']),
      );
      expect(opened).toMatchObject({
        name: 'Payments are failing',
        impact: 'critical',
        component_ids: [api.id],
      });

      const human = await candor(['update', opened.id, '-m', 'We found the cause.', '-s', 'identified']);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/^Posted upd_\w+ to inc_\w+ \(identified\)\.\n$/);
      // Without --status the incident keeps its own.
      const kept = json(await candor(['update', opened.id, '-m', 'Still on it.', '--json']));
      expect(kept).toMatchObject({ status: 'identified', body: 'Still on it.' });

      const component = json(await candor(['component', 'Checkout API', 'degraded_performance', '--json']));
      expect(component).toMatchObject({ id: api.id, status: 'degraded_performance' });

      // A critical incident is due an update every 30 minutes (the page's default cadence),
      // counted from the update just posted.
      const listed = json(await candor(['list', '--json']));
      const lastUpdate = (await call(t, 'GET', `/admin/v1/incidents/${opened.id}`)).body.updated_at;
      expect(listed).toEqual([
        expect.objectContaining({
          id: opened.id,
          status: 'identified',
          next_update_at: new Date(Date.parse(lastUpdate) + 30 * 60_000).toISOString(),
          due_in_minutes: expect.any(Number),
        }),
      ]);
      expect(listed[0].due_in_minutes).toBeGreaterThanOrEqual(28);
      expect(listed[0].due_in_minutes).toBeLessThanOrEqual(30);
      expect((await candor(['list'])).stdout).toContain(`${opened.id}  critical  identified`);

      const resolved = await candor(['resolve', opened.id]);
      expect(resolved.code, resolved.stderr).toBe(0);
      expect(resolved.stdout).toContain(`Resolved ${opened.id}`);
      expect((await call(t, 'GET', `/admin/v1/incidents/${opened.id}`)).body.status).toBe('resolved');
      expect(json(await candor(['list', '--json']))).toEqual([]);
    },
    SLOW,
  );

  test(
    'shows the problem detail and exits 1 when the API refuses',
    async () => {
      const refused = await candor(['open', '-n', 'Half an incident']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('400');
      expect(refused.stderr).toContain('/impact: Required.');
      const asJson = await candor(['update', 'inc_missing', '-s', 'identified', '-m', 'x', '--json']);
      expect(asJson.code).toBe(1);
      expect(JSON.parse(asJson.stderr).error.problem).toMatchObject({ status: 404 });
    },
    SLOW,
  );

  test(
    'exits 2 on a usage error and 3 when the server cannot be reached',
    async () => {
      expect((await candor(['open', '--impact', 'huge'])).code).toBe(2);
      expect((await candor(['frobnicate'])).code).toBe(2);
      expect((await candor(['component', 'No such thing', 'operational'])).code).toBe(2);
      const noEnv = await candor(['list'], { CANDOR_URL: '', CANDOR_TOKEN: '' });
      expect(noEnv.code).toBe(2);
      expect(noEnv.stderr).toContain('CANDOR_URL and CANDOR_TOKEN');
      const closedPort = await candor(['list'], { CANDOR_URL: 'http://127.0.0.1:1' });
      expect(closedPort.code).toBe(3);
      expect(closedPort.stderr).toContain('Cannot reach http://127.0.0.1:1');
      const wrongToken = await candor(['list'], { CANDOR_TOKEN: 'not-a-token' });
      expect(wrongToken.code).toBe(1);
    },
    SLOW,
  );

  test(
    '--help on every command exits 0',
    async () => {
      const commands = ['open', 'update', 'resolve', 'component', 'list'];
      const helps = await Promise.all(
        commands.map((command) => candor([command, '--help'], { CANDOR_URL: '', CANDOR_TOKEN: '' })),
      );
      helps.forEach((help, index) => {
        const command = commands[index];
        expect(help.code, command).toBe(0);
        expect(help.stdout, command).toContain(`Usage: candor ${command}`);
        expect(help.stdout, command).toContain('--json');
      });
    },
    SLOW,
  );

  // `npx candor` may run on the system's Node 20, which cannot strip types: the launcher hands
  // over to the project's Node. Only checked where such an older Node is installed.
  const systemNode = '/usr/bin/node';
  test.runIf(process.versions.node.split('.')[0] !== '20')(
    'runs on the system Node 20 too, when there is one',
    async () => {
      const version = await run(systemNode, ['--version']).catch(() => null);
      if (!version?.stdout.startsWith('v20.')) return;
      const listed = await candor(['list', '--json'], {}, systemNode);
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout)).toEqual(expect.any(Array));
    },
    SLOW,
  );
});

describe('due times in candor list', () => {
  const now = Date.parse('2026-11-30T14:00:00.000Z');
  test('count whole minutes until due, or overdue, and nothing when no time is promised', () => {
    expect(describeDue(minutesUntilDue({ next_update_at: '2026-11-30T14:12:30.000Z' }, now))).toBe(
      'due in 12 min',
    );
    expect(describeDue(minutesUntilDue({ next_update_at: '2026-11-30T12:55:00.000Z' }, now))).toBe(
      'overdue by 1 h 5 min',
    );
    expect(describeDue(minutesUntilDue({ next_update_at: '2026-11-30T14:00:20.000Z' }, now))).toBe('due now');
    expect(describeDue(minutesUntilDue({ next_update_at: null }, now))).toBe('no update due');
    expect(minutesUntilDue({}, now)).toBeNull();
  });
});
