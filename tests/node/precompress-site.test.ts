import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it, onTestFinished } from 'vitest';
import { precompressSite } from '../../api/jobs/precompress-site.ts';

const PAGE = `<!doctype html>${'<p>All systems operational</p>'.repeat(100)}`;

function build(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'candor-precompress-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), body);
  }
  return root;
}

describe('precompressSite', () => {
  it('writes brotli and gzip copies that decode to each page, feed and asset, in every folder', async () => {
    const root = build({
      'index.html': PAGE,
      'incidents/a/index.html': PAGE,
      '_astro/s.css': 'a{}'.repeat(500),
    });
    const result = await precompressSite(root);
    expect(result).toEqual({ compressed: 3, reused: 0 });
    for (const path of ['index.html', 'incidents/a/index.html', '_astro/s.css']) {
      const original = readFileSync(join(root, path));
      expect(brotliDecompressSync(readFileSync(join(root, `${path}.br`)))).toEqual(original);
      expect(gunzipSync(readFileSync(join(root, `${path}.gz`)))).toEqual(original);
    }
  });

  it('skips files under 1 KB, images, and copies that would not be smaller', async () => {
    const root = build({
      'small.html': '<p>ok</p>',
      'logo.png': Buffer.alloc(4096),
      'noise.txt': randomBytes(4096),
    });
    await precompressSite(root);
    expect(() => statSync(join(root, 'small.html.br'))).toThrow();
    expect(() => statSync(join(root, 'logo.png.br'))).toThrow();
    expect(() => statSync(join(root, 'noise.txt.br'))).toThrow();
    expect(() => statSync(join(root, 'noise.txt.gz'))).toThrow();
  });

  it('reuses the copies of files unchanged since the live build, and compresses the changed ones', async () => {
    const live = build({ 'index.html': PAGE, 'history/index.html': PAGE });
    await precompressSite(live);
    const next = build({ 'index.html': PAGE, 'history/index.html': `${PAGE}<p>new</p>` });
    expect(await precompressSite(next, live)).toEqual({ compressed: 1, reused: 1 });
    expect(statSync(join(next, 'index.html.br')).ino).toBe(statSync(join(live, 'index.html.br')).ino);
    expect(gunzipSync(readFileSync(join(next, 'history/index.html.gz'))).toString()).toBe(
      `${PAGE}<p>new</p>`,
    );
  });
});
