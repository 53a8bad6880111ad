import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SiteFiles, streamFile } from '../../api/site/site-files.ts';

describe('site files', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function site(files: Record<string, string>): string {
    root = mkdtempSync(join(tmpdir(), 'candor-files-'));
    for (const [name, body] of Object.entries(files)) writeFileSync(join(root, name), body);
    return root;
  }

  it('serves a file from memory while it is unchanged, and reads it again once it changes', async () => {
    const files = new SiteFiles(site({ 'a.html': 'first' }));
    const first = await files.get('/a.html');
    expect(await files.get('/a.html')).toBe(first);
    writeFileSync(join(root, 'a.html'), 'second, longer');
    const changed = await files.get('/a.html');
    expect(new TextDecoder().decode(changed?.body ?? undefined)).toBe('second, longer');
    expect(changed?.etag).not.toBe(first?.etag);
  });

  it('keeps no more than its budget, dropping the least recently used file first', async () => {
    const files = new SiteFiles(
      site({ 'a.html': 'a'.repeat(40), 'b.html': 'b'.repeat(40), 'c.html': 'c'.repeat(40) }),
      {
        maxBytes: 100,
      },
    );
    const a = await files.get('/a.html');
    const b = await files.get('/b.html');
    expect(await files.get('/a.html')).toBe(a); // a is now the most recent
    await files.get('/c.html'); // 120 bytes: b goes
    expect(await files.get('/a.html')).toBe(a);
    expect(await files.get('/b.html')).not.toBe(b);
  });

  it('streams files above the per-file limit from disk instead of holding them in memory', async () => {
    const files = new SiteFiles(site({ 'big.rss': 'x'.repeat(64), 'small.rss': 'y' }), {
      maxFileBytes: 32,
      maxBytes: 1_000,
    });
    const big = await files.get('/big.rss');
    expect(big?.body).toBeNull();
    expect(big?.size).toBe(64);
    expect(await new Response(big ? streamFile(big) : null).text()).toBe('x'.repeat(64));
    const small = await files.get('/small.rss');
    expect(await files.get('/small.rss')).toBe(small);
  });

  it('finds nothing outside its root, for folders or for missing files', async () => {
    const files = new SiteFiles(join(site({ 'a.html': 'a' }), 'sub'));
    expect(await files.get('/../a.html')).toBeNull();
    const top = new SiteFiles(root);
    expect(await top.get('/missing.html')).toBeNull();
    expect(await top.get('/')).toBeNull();
  });
});
