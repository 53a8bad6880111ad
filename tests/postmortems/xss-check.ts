// Finds what could run script in HTML, read by parse5: the HTML5 parsing algorithm browsers use,
// so a payload that relies on how browsers (not the sanitiser's own parser) read markup is seen
// as a browser would see it.
import { type DefaultTreeAdapterMap, parse, parseFragment } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const FORBIDDEN_TAGS = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'object',
  'embed',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'meta',
  'base',
  'link',
  'svg',
  'math',
  'template',
  'noscript',
  'audio',
  'video',
  'source',
]);

const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'data',
  'poster',
  'srcset',
  'background',
]);
const SVG = 'http://www.w3.org/2000/svg';
const MATHML = 'http://www.w3.org/1998/Math/MathML';

// What a browser makes of a URL's scheme: controls and whitespace inside it are dropped.
const scheme = (url: string) =>
  Array.from(url)
    .filter((char) => (char.codePointAt(0) ?? 0) > 0x20 && char !== '\u007f')
    .join('')
    .toLowerCase();

function problemsOf(element: Element): string[] {
  const problems: string[] = [];
  if (FORBIDDEN_TAGS.has(element.tagName)) problems.push(`<${element.tagName}>`);
  if (element.namespaceURI === SVG || element.namespaceURI === MATHML) {
    problems.push(`<${element.tagName}> in ${element.namespaceURI}`);
  }
  for (const attr of element.attrs) {
    const name = attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name;
    if (name.toLowerCase().startsWith('on')) problems.push(`${name}= on <${element.tagName}>`);
    // The email layout styles inline; a style can only load or run something through these.
    if (name === 'style' && /url\s*\(|expression\s*\(|javascript:|@import/i.test(attr.value)) {
      problems.push(`style="${attr.value}" on <${element.tagName}>`);
    }
    if (URL_ATTRIBUTES.has(name) && /^(javascript|data|vbscript):/.test(scheme(attr.value))) {
      problems.push(`${name}="${attr.value}" on <${element.tagName}>`);
    }
  }
  return problems;
}

function walk(node: Node, found: string[]): void {
  if ('tagName' in node) found.push(...problemsOf(node));
  const template = 'content' in node ? [node.content as Node] : [];
  const children = 'childNodes' in node ? (node.childNodes as Node[]) : [];
  for (const child of [...template, ...children]) walk(child, found);
}

/** Everything in an HTML fragment that could run script or load script-capable content. */
export function scriptableParts(html: string): string[] {
  const found: string[] = [];
  walk(parseFragment(html) as unknown as Node, found);
  return found;
}

/** The same, for a whole document: only the elements under `<body>` (the head is the layout's). */
export function scriptablePartsOfBody(html: string): string[] {
  const document = parse(html);
  const htmlElement = document.childNodes.find((node) => node.nodeName === 'html') as Element | undefined;
  const body = htmlElement?.childNodes.find((node) => node.nodeName === 'body');
  const found: string[] = [];
  if (body) walk(body as Node, found);
  return found;
}

/** The element with this class (first in document order) in a whole document, as HTML. */
export function elementsWithClass(html: string, className: string): Element[] {
  const matches: Element[] = [];
  const visit = (node: Node) => {
    if (
      'tagName' in node &&
      node.attrs.some((attr) => attr.name === 'class' && attr.value.split(/\s+/).includes(className))
    ) {
      matches.push(node);
    }
    for (const child of 'childNodes' in node ? (node.childNodes as Node[]) : []) visit(child);
  };
  visit(parse(html) as unknown as Node);
  return matches;
}

/** The problems within one element of a parsed document. */
export function scriptablePartsOf(element: Element): string[] {
  const found: string[] = [];
  walk(element as Node, found);
  return found;
}
