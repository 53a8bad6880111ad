// Whatever the admin API accepts, the site can publish: random unicode, markdown and control
// characters posted through the real API, then one real build, whose feeds must be well-formed.
// The generator is seeded (CANDOR_FUZZ_SEED to replay a failure), so a run is reproducible.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { runAstroBuild } from '../../api/jobs/astro-build.ts';
import { ensurePage } from '../../api/services/page.ts';
import { sha256Hex } from '../../db/hash.ts';
import { createTestDatabase } from '../support/database.ts';
import { xmlWellFormednessProblem } from './xml-check.ts';

const SEED = Number(process.env.CANDOR_FUZZ_SEED ?? 20261130);
const INPUTS = 150;

/** mulberry32: small, fast and good enough to pick test inputs. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Pieces an operator might paste, and pieces an attacker would: markdown syntax, HTML and XML
// specials, CDATA ends, every C0 control, non-characters, lone surrogates, invisible and
// right-to-left characters, emoji sequences, combining marks.
const PIECES = [
  ...'abcxyz ABC 019 .,;:!?'.split(''),
  'word ',
  'snake_case ',
  '\n',
  '\n\n',
  '\t',
  '\r\n',
  '# ',
  '### ',
  '> ',
  '- ',
  '1. ',
  '* ',
  '**',
  '*',
  '_',
  '__',
  '~~',
  '`',
  '```\n',
  '[link](https://example.com/a?b=1&c=2)',
  '![i](https://example.com/i.png)',
  '<b>',
  '</b>',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[x](javascript:alert(1))',
  '&',
  '&amp;',
  '&#0;',
  '&#x1b;',
  '<',
  '>',
  '"',
  "'",
  ']]>',
  '<![CDATA[',
  '<?xml?>',
  '|a|b|\n|-|-|\n',
  '\\',
  '---\n',
  '\u007f',
  '\u0085',
  '\u200b',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u202e',
  '\u3164',
  '\u2800',
  '\u00a0',
  'שלום',
  'مرحبا',
  '日本語',
  '👩‍💻',
  '🏳️‍🌈',
  'e\u0301',
  '\u0301',
];

// What XML 1.0 forbids (and lone surrogates), mixed in rarely so that most inputs are otherwise
// acceptable and the build sees many of them.
const FORBIDDEN = [
  ...Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)),
  '\ufffe',
  '\uffff',
  '\ud800',
  '\udc00',
];

function generate(next: () => number, size: number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const roll = next();
  // Now and then a long run that once overflowed marked's stack or took quadratic time.
  if (roll < 0.06)
    return pick(['>', '> ', '- > ', '*', '_a', '[', '<div>']).repeat(1 + Math.floor(next() * 2000));
  let text = '';
  for (let i = 0; i < size; i += 1) text += next() < 0.02 ? pick(FORBIDDEN) : pick(PIECES);
  return text;
}

type Admin = (method: string, path: string, body: unknown) => Promise<Response>;
type Operation = (admin: Admin, text: string) => Promise<Response>;

/** The real app over a database the build can read too (its file URL is needed). */
async function createAppWithDatabase() {
  const { db, url, dir } = await createTestDatabase();
  const token = `fuzz-${crypto.randomUUID()}`;
  const app = createApp({
    database: () => db,
    bootstrapTokenHash: await sha256Hex(token),
    onDataChanged: () => {},
  });
  const admin: Admin = async (method, path, body) =>
    app.request(path, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  return { db, url, dir, admin };
}

function operations(incidentIds: string[]): Operation[] {
  const incident = { status: 'investigating', impact: 'minor' };
  return [
    (admin, text) => admin('POST', '/admin/v1/components', { name: text.slice(0, 100), description: text }),
    (admin, text) => admin('POST', '/admin/v1/component-groups', { name: text.slice(0, 100) }),
    (admin, text) =>
      admin('POST', '/admin/v1/incidents', { ...incident, name: text.slice(0, 200), message: text }),
    (admin, text) =>
      admin('POST', '/admin/v1/incidents', { ...incident, name: 'Fuzzed body', message: text }),
    (admin, text) =>
      admin('POST', `/admin/v1/incidents/${incidentIds[0]}/updates`, { status: 'identified', message: text }),
    (admin, text) => admin('PATCH', '/admin/v1/page', { name: text.slice(0, 100) }),
  ];
}

describe('publishing fuzzed input', () => {
  it('builds the site and keeps both feeds well-formed XML after any input the API accepts', async () => {
    const { db, url, dir, admin } = await createAppWithDatabase();
    await ensurePage(db, { name: 'Fuzz', url: '', time_zone: 'UTC' }, new Date().toISOString());
    const first = await admin('POST', '/admin/v1/incidents', {
      ...{ status: 'investigating', impact: 'minor' },
      ...{ name: 'Seed incident', message: 'Start.' },
    });
    const ops = operations([(await first.json()).id]);
    const next = random(SEED);
    const statuses: Record<number, number> = {};
    for (let i = 0; i < INPUTS; i += 1) {
      const text = generate(next, 1 + Math.floor(next() * 40));
      const op = ops[Math.floor(next() * ops.length)] as Operation;
      const response = await op(admin, text);
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      // Accepted, refused as bad input, or a name already taken: never a server error.
      expect([200, 201, 400, 409], `seed ${SEED}, input ${i}: ${JSON.stringify(text)}`).toContain(
        response.status,
      );
    }
    // The generator must exercise both sides of the rules, or the build below proves little.
    expect(statuses[201] ?? 0, JSON.stringify(statuses)).toBeGreaterThan(20);
    expect(statuses[400] ?? 0, JSON.stringify(statuses)).toBeGreaterThan(20);

    const out = join(dir, 'out');
    await runAstroBuild({ databaseUrl: url, outDir: out, cacheDir: join(dir, 'cache') });
    for (const feed of ['history.rss', 'history.atom']) {
      expect(xmlWellFormednessProblem(await readFile(join(out, feed), 'utf8')), feed).toBeNull();
    }
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('</html>');
  }, 240_000);
});
