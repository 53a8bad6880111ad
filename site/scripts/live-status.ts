// Keeps an open tab current without a second renderer. Each tick asks the API for summary.json (a
// conditional request: 304 while nothing changed) and compares its signature with the one the
// build wrote on the page. When they differ, the data has moved past this page: the script says so
// ("a new update has been posted") and fetches the page itself until the rebuilt version is out,
// then swaps the parts marked data-live-fragment for the rebuilt page's own HTML. Nothing is ever
// rendered from the API's data, so a tab never shows less than a reload would.
import { localiseTimes } from './local-times.ts';
import { signatureFromSummary } from './summary-signature.ts';
import { enhanceUptimeBars } from './uptime-days.ts';

/** While a rebuild is awaited, the page is fetched this often (a short window after a change). */
const PENDING_POLL_MS = 1_000;
/** A rebuild not out after this long is left to the next change (a failed build keeps the last page). */
const PENDING_GIVE_UP_MS = 60_000;

const root = document.querySelector<HTMLElement>('[data-live]');
localiseTimes(document);
enhanceUptimeBars(document);
if (root) startLiveUpdates(root);

interface Pending {
  target: string;
  since: number;
}

function startLiveUpdates(root: HTMLElement): void {
  const origin = root.dataset.apiOrigin ?? '';
  const scope = root.dataset.liveScope ?? 'page';
  const seconds = Math.max(1, Number(root.dataset.refreshSeconds) || 30);
  let current = root.dataset.liveSignature ?? '';
  let pending: Pending | null = null;
  /** A signature whose rebuild never came: not waited for again until the API moves on. */
  let abandoned = '';
  let timer: ReturnType<typeof setTimeout> | undefined;

  const checkApi = async () => {
    const response = await fetch(`${origin}/api/v2/summary.json`, { cache: 'no-cache' });
    if (!response.ok) return;
    const target = signatureFromSummary(await response.json(), scope);
    showChecked(root);
    if (target === null || target === current || target === abandoned) return;
    pending = { target, since: Date.now() };
    setNotice(root, true);
    await checkPage();
  };

  const checkPage = async () => {
    if (!pending) return;
    const response = await fetch(location.pathname, { cache: 'no-cache' });
    const fresh = response.ok ? readLiveRoot(await response.text()) : null;
    const signature = fresh?.dataset.liveSignature;
    if (fresh && signature && signature !== current) {
      swapFragments(root, fresh);
      current = signature;
      root.dataset.liveSignature = signature;
    }
    if (current === pending.target) {
      pending = null;
      setNotice(root, false);
    } else if (Date.now() - pending.since > PENDING_GIVE_UP_MS) {
      abandoned = pending.target;
      pending = null;
      setNotice(root, false);
    }
  };

  const tick = async () => {
    timer = undefined;
    if (document.visibilityState !== 'hidden') {
      try {
        await (pending ? checkPage() : checkApi());
      } catch {
        // Offline or the API is down: the built page is still true as of its build time.
      }
    }
    timer = setTimeout(tick, pending ? PENDING_POLL_MS : seconds * 1000);
  };
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && timer !== undefined) {
      clearTimeout(timer);
      void tick();
    }
  });
  void tick();
}

function readLiveRoot(html: string): HTMLElement | null {
  // DOMParser never runs scripts; the HTML is this site's own page from this origin.
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  return parsed.querySelector<HTMLElement>('[data-live]');
}

/** Replaces each fragment's attributes and children in place: live regions and focus targets stay. */
function swapFragments(root: HTMLElement, fresh: HTMLElement): void {
  for (const next of fresh.querySelectorAll<HTMLElement>('[data-live-fragment]')) {
    const name = next.dataset.liveFragment ?? '';
    const old = root.querySelector<HTMLElement>(`[data-live-fragment="${CSS.escape(name)}"]`);
    if (!old || old.innerHTML === next.innerHTML) {
      if (old) copyAttributes(old, next);
      continue;
    }
    copyAttributes(old, next);
    old.replaceChildren(...Array.from(next.childNodes, (node) => document.importNode(node, true)));
    localiseTimes(old);
    enhanceUptimeBars(old);
  }
}

function copyAttributes(target: Element, source: Element): void {
  for (const { name } of Array.from(target.attributes)) {
    if (!source.hasAttribute(name)) target.removeAttribute(name);
  }
  for (const { name, value } of Array.from(source.attributes)) {
    if (target.getAttribute(name) !== value) target.setAttribute(name, value);
  }
}

function setNotice(root: HTMLElement, shown: boolean): void {
  const notice = root.querySelector<HTMLElement>('[data-live-notice]');
  if (notice) notice.hidden = !shown;
}

function showChecked(root: HTMLElement): void {
  const note = root.querySelector('[data-live-updated]');
  if (!note) return;
  const time = new Date().toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  note.textContent = `Live: updated automatically, last checked at ${time}.`;
}
