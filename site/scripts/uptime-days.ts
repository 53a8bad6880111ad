// Makes every day of an uptime bar reachable: the bar becomes a slider (one tab stop; arrow keys,
// Home and End move a day; a tap or click picks the day under it) and a line under it tells the
// day's status and links the incident of that day. Everything it says comes from the built bar:
// the trouble days' titles, the first day with data and the day → incident list.

const STEP = 5;
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

export function enhanceUptimeBars(scope: ParentNode): void {
  for (const bar of scope.querySelectorAll<SVGSVGElement>('svg.bars[data-from]')) setUpBar(bar);
}

function setUpBar(bar: SVGSVGElement): void {
  const [year = 1970, month = 1, day = 1] = (bar.dataset.from ?? '').split('-').map(Number);
  const count = Math.round((bar.viewBox.baseVal.width + STEP - 3) / STEP);
  const first = Number(bar.dataset.first ?? 0);
  const titles = new Map<number, string>();
  for (const rect of bar.querySelectorAll('rect')) {
    titles.set(Number(rect.getAttribute('x')) / STEP, rect.textContent?.trim() ?? '');
  }
  const incidents = new Map<number, string>();
  for (const pair of (bar.dataset.inc ?? '').split(' ').filter(Boolean)) {
    const [index, id] = pair.split(':');
    if (id) incidents.set(Number(index), id);
  }
  const detail = document.createElement('p');
  detail.className = 'day-detail';
  detail.hidden = true;
  bar.parentElement?.append(detail);
  const mark = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  mark.setAttribute('class', 'mark');
  mark.setAttribute('width', '3');
  mark.setAttribute('height', '28');
  const labelOf = (index: number) =>
    titles.get(index) ??
    `${dateFormat.format(Date.UTC(year, month - 1, day + index))}: ${index < first ? 'no data' : 'operational'}`;

  const show = (index: number) => {
    const i = Math.min(count - 1, Math.max(0, index));
    const label = labelOf(i);
    bar.setAttribute('aria-valuenow', String(i + 1));
    bar.setAttribute('aria-valuetext', label);
    mark.setAttribute('x', String(i * STEP));
    bar.append(mark);
    const id = incidents.get(i);
    detail.replaceChildren(`${label}.`);
    if (id) {
      const link = document.createElement('a');
      link.href = `/incidents/${encodeURIComponent(id)}/`;
      link.textContent = 'The incident that day';
      detail.append(' ', link);
    }
    detail.hidden = false;
  };

  bar.removeAttribute('aria-hidden');
  bar.setAttribute('tabindex', '0');
  bar.setAttribute('role', 'slider');
  const name = bar.closest('.component')?.querySelector('.name')?.textContent ?? 'this component';
  bar.setAttribute('aria-label', `Daily status of ${name}`);
  bar.setAttribute('aria-valuemin', '1');
  bar.setAttribute('aria-valuemax', String(count));
  bar.setAttribute('aria-valuenow', String(count));
  bar.setAttribute('aria-valuetext', labelOf(count - 1));
  const current = () => Number(bar.getAttribute('aria-valuenow')) - 1;
  bar.addEventListener('keydown', (event) => {
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1 };
    let next: number | null = null;
    if (event.key in moves) next = current() + (moves[event.key] ?? 0);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = count - 1;
    if (next === null) return;
    event.preventDefault();
    show(next);
  });
  bar.addEventListener('focus', () => show(current()));
  bar.addEventListener('click', (event) => {
    const box = bar.getBoundingClientRect();
    show(Math.floor(((event.clientX - box.left) / box.width) * count));
  });
}
