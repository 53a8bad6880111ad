// Page weight of `/` with the demo data: the HTML plus every stylesheet and script it loads from
// its own origin, uncompressed. Inline <style> and <script> are bytes of the HTML.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchServer } from './server.ts';

export interface PageWeight {
  totalBytes: number;
  htmlBytes: number;
  cssBytes: number;
  jsBytes: number;
}

export async function measurePageWeight(): Promise<PageWeight> {
  const dataDir = await mkdtemp(join(tmpdir(), 'candor-bench-demo-'));
  // startBenchServer removes the folder itself when the start fails.
  const server = await startBenchServer(dataDir, { demo: true });
  try {
    return await weighPage(`${server.url}/`);
  } finally {
    await server.stop();
  }
}

/** One page's weight as a browser loads it: its HTML plus each same-origin stylesheet and script once. */
export async function weighPage(pageUrl: string): Promise<PageWeight & { text: string }> {
  const html = await fetchBytes(pageUrl);
  const text = new TextDecoder().decode(html);
  const stylesheets = tags(text, 'link')
    .filter((attributes) => attributes.rel?.split(/\s+/).includes('stylesheet') && attributes.href)
    .map((attributes) => attributes.href as string);
  const scripts = tags(text, 'script')
    .filter((attributes) => attributes.src)
    .map((attributes) => attributes.src as string);
  const cssBytes = await sumSameOrigin(stylesheets, pageUrl);
  const jsBytes = await sumSameOrigin(scripts, pageUrl);
  const htmlBytes = html.byteLength;
  return { totalBytes: htmlBytes + cssBytes + jsBytes, htmlBytes, cssBytes, jsBytes, text };
}

// Each distinct file counts once, as the browser loads it once; other origins are not ours to weigh.
async function sumSameOrigin(references: string[], pageUrl: string): Promise<number> {
  const origin = new URL(pageUrl).origin;
  const urls = new Set(
    references.map((reference) => new URL(reference, pageUrl)).filter((url) => url.origin === origin),
  );
  let total = 0;
  for (const url of urls) total += (await fetchBytes(url.href)).byteLength;
  return total;
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** The attributes of every `<name ...>` start tag, names lower-cased, entities in values decoded. */
export function tags(html: string, name: string): Array<Record<string, string | undefined>> {
  const found: Array<Record<string, string | undefined>> = [];
  for (const tag of html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'gi'))) {
    const attributes: Record<string, string | undefined> = {};
    for (const attribute of (tag[1] ?? '').matchAll(
      /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g,
    )) {
      const key = attribute[1]?.toLowerCase();
      if (key) attributes[key] = decodeEntities(attribute[2] ?? attribute[3] ?? attribute[4] ?? '');
    }
    found.push(attributes);
  }
  return found;
}

function decodeEntities(value: string): string {
  return value.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'");
}
