// Reading built pages and feeds the way a browser or feed reader would: HTML through htmlparser2
// (entities decoded, so assertions see the text a person sees), XML through xml-js, whose sax
// parser runs in strict mode and throws on anything that is not well-formed.
import { Parser } from 'htmlparser2';
import { type Element as XmlJsElement, xml2js } from 'xml-js';

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

export class HtmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly parent: HtmlElement | null;
  readonly content: Array<string | HtmlElement> = [];

  constructor(name: string, attributes: Record<string, string>, parent: HtmlElement | null) {
    this.name = name;
    this.attributes = attributes;
    this.parent = parent;
  }

  get children(): HtmlElement[] {
    return this.content.filter((node): node is HtmlElement => typeof node !== 'string');
  }

  /** Visible text, whitespace collapsed; script and style content left out. */
  get text(): string {
    return collapse(this.#rawText());
  }

  #rawText(): string {
    if (this.name === 'script' || this.name === 'style') return '';
    return this.content.map((node) => (typeof node === 'string' ? node : ` ${node.#rawText()} `)).join('');
  }

  findAll(selector: string): HtmlElement[] {
    const steps = selector.trim().split(/\s+/).map(parseCompound);
    const found: HtmlElement[] = [];
    const visit = (element: HtmlElement) => {
      for (const child of element.children) {
        if (matchesChain(child, steps)) found.push(child);
        visit(child);
      }
    };
    visit(this);
    return found;
  }

  find(selector: string): HtmlElement | undefined {
    return this.findAll(selector)[0];
  }

  textOf(selector: string): string | undefined {
    return this.find(selector)?.text;
  }
}

interface Compound {
  tag: string | null;
  classes: string[];
  attributes: Array<[string, string | null]>;
}

// Enough CSS for these tests: `tag`, `*`, `.class`, `[attr]`, `[attr=value]` and descendants.
function parseCompound(text: string): Compound {
  const compound: Compound = { tag: null, classes: [], attributes: [] };
  for (const [part] of text.matchAll(/^[a-z0-9*]+|\.[\w-]+|\[[^\]]+\]/gi)) {
    if (part.startsWith('.')) compound.classes.push(part.slice(1));
    else if (part.startsWith('[')) {
      const [name = '', value] = part.slice(1, -1).split('=');
      compound.attributes.push([name, value === undefined ? null : value.replace(/^["']|["']$/g, '')]);
    } else if (part !== '*') compound.tag = part.toLowerCase();
  }
  return compound;
}

function matches(element: HtmlElement, compound: Compound): boolean {
  if (compound.tag && element.name !== compound.tag) return false;
  const classes = (element.attributes.class ?? '').split(/\s+/);
  if (!compound.classes.every((name) => classes.includes(name))) return false;
  return compound.attributes.every(([name, value]) =>
    value === null ? name in element.attributes : element.attributes[name] === value,
  );
}

function matchesChain(element: HtmlElement, steps: Compound[]): boolean {
  const last = steps.at(-1);
  if (!last || !matches(element, last)) return false;
  let index = steps.length - 2;
  for (let ancestor = element.parent; ancestor && index >= 0; ancestor = ancestor.parent) {
    const step = steps[index];
    if (step && matches(ancestor, step)) index -= 1;
  }
  return index < 0;
}

/** The document as a tree; the returned root holds the <html> element. */
export function parseHtml(html: string): HtmlElement {
  const root = new HtmlElement('#document', {}, null);
  let current = root;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const element = new HtmlElement(name, attributes, current);
        current.content.push(element);
        current = element;
      },
      ontext(text) {
        current.content.push(text);
      },
      onclosetag() {
        current = current.parent ?? root;
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.end(html);
  return root;
}

export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  /** Text and CDATA content, as a reader gets it. */
  text: string;
  textOf: (childName: string) => string | undefined;
}

function toXmlNode(element: XmlJsElement): XmlNode {
  const children = (element.elements ?? []).filter((child) => child.type === 'element').map(toXmlNode);
  const text = (element.elements ?? [])
    .map((child) =>
      child.type === 'text' ? String(child.text) : child.type === 'cdata' ? String(child.cdata) : '',
    )
    .join('');
  const attributes = Object.fromEntries(
    Object.entries(element.attributes ?? {}).map(([key, value]) => [key, String(value)]),
  );
  return {
    name: element.name ?? '',
    attributes,
    children,
    text,
    textOf: (childName) => children.find((child) => child.name === childName)?.text,
  };
}

/** The document element; throws when the text is not well-formed XML. */
export function parseXml(xml: string): XmlNode {
  const document = xml2js(xml, { compact: false }) as XmlJsElement;
  const root = (document.elements ?? []).find((element) => element.type === 'element');
  if (!root) throw new Error('no document element');
  return toXmlNode(root);
}

export interface RssItem {
  title: string | undefined;
  link: string | undefined;
  guid: string | undefined;
  isPermaLink: string | undefined;
  description: string | undefined;
}

export function parseRssItems(xml: string): RssItem[] {
  const channel = parseXml(xml).children.find((child) => child.name === 'channel');
  return (channel?.children ?? [])
    .filter((child) => child.name === 'item')
    .map((item) => ({
      title: item.textOf('title'),
      link: item.textOf('link'),
      guid: item.textOf('guid'),
      isPermaLink: item.children.find((child) => child.name === 'guid')?.attributes.isPermaLink,
      description: item.textOf('description'),
    }));
}

export function readAtomEntries(feed: XmlNode): Array<{ id: string | undefined; title: string | undefined }> {
  return feed.children
    .filter((child) => child.name === 'entry')
    .map((entry) => ({ id: entry.textOf('id'), title: entry.textOf('title') }));
}
