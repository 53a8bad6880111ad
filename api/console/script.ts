// The console's only script: conveniences on top of forms that work without it. Choosing
// "Resolved" proposes Operational for every component of the incident; choosing components
// suggests an impact; buttons marked data-confirm ask first; countdowns to an incident's next
// update (data-due, rendered right by the server) keep ticking, with the words of countdown.ts;
// components and groups can be dragged.
export const CONSOLE_SCRIPT = `(() => {
  const severity = { operational: 0, under_maintenance: 0, degraded_performance: 1, partial_outage: 2, major_outage: 3 };
  const impacts = ['none', 'minor', 'major', 'critical'];
  document.addEventListener('change', (event) => {
    const target = event.target;
    if (!(target instanceof HTMLSelectElement)) return;
    const form = target.form;
    if (!form) return;
    if (target.name === 'status' && target.value === 'resolved') {
      for (const select of form.querySelectorAll('select[data-incident-component]')) select.value = 'operational';
    }
    if (target.name.startsWith('component:')) {
      const hint = form.querySelector('[data-impact-hint]');
      if (!hint) return;
      let worst = 0;
      for (const select of form.querySelectorAll('select[name^="component:"]')) {
        worst = Math.max(worst, severity[select.value] ?? 0);
      }
      hint.textContent = 'Suggested from the components: ' + impacts[worst] + '.';
    }
  });
  const span = (count) => {
    const minutes = Math.max(1, count);
    if (minutes < 60) return minutes + ' min';
    const hours = Math.floor(minutes / 60);
    if (hours < 48) return minutes % 60 === 0 ? hours + ' h' : hours + ' h ' + (minutes % 60) + ' min';
    return Math.floor(hours / 24) + ' days';
  };
  const tick = () => {
    for (const due of document.querySelectorAll('[data-due]')) {
      const left = Date.parse(due.getAttribute('data-due')) - Date.now();
      const words = due.querySelector('[data-countdown]');
      if (words) {
        words.textContent =
          left > 0 ? 'due in ' + span(Math.ceil(left / 60000)) : 'overdue by ' + span(Math.floor(-left / 60000));
      }
      due.classList.toggle('bad', left <= 0);
    }
  };
  if (document.querySelector('[data-due]')) {
    tick();
    setInterval(tick, 30000);
  }
  document.addEventListener('submit', (event) => {
    const button = event.submitter;
    const question = button && button.getAttribute('data-confirm');
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // Drag to reorder components and groups: a shortcut for the ↑ ↓ buttons, which stay (keyboards,
  // no script). A drop posts the new place (0 = first) as a plain form, so the server answers as
  // for any move and the page reloads in the new order.
  const csrf = document.querySelector('input[name="csrf"]');
  let dragged = null;
  for (const item of document.querySelectorAll('[data-reorder]')) item.setAttribute('draggable', 'true');
  const peers = (item) => [...item.parentElement.children].filter((el) => el.hasAttribute('data-reorder'));
  // The item under the pointer that shares the dragged item's list (a component over another
  // group's card, or over its own group's heading, is no place to drop it).
  const dropTarget = (event) => {
    if (!dragged || !(event.target instanceof Element)) return null;
    let target = event.target.closest('[data-reorder]');
    while (target && target.parentElement !== dragged.parentElement) {
      target = target.parentElement.closest('[data-reorder]');
    }
    return target;
  };
  document.addEventListener('dragstart', (event) => {
    const item = event.target instanceof Element && event.target.hasAttribute('data-reorder') ? event.target : null;
    dragged = item;
    if (!item) return;
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', item.getAttribute('data-reorder'));
    item.classList.add('dragging');
  });
  document.addEventListener('dragover', (event) => {
    if (dropTarget(event)) event.preventDefault();
  });
  document.addEventListener('drop', (event) => {
    const target = dropTarget(event);
    if (!target || !csrf) return;
    event.preventDefault();
    if (target === dragged) return;
    const form = document.createElement('form');
    form.method = 'post';
    form.action = dragged.getAttribute('data-reorder');
    for (const [name, value] of [['csrf', csrf.value], ['position', String(peers(dragged).indexOf(target))]]) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = value;
      form.append(input);
    }
    document.body.append(form);
    form.submit();
  });
  document.addEventListener('dragend', () => {
    if (dragged) dragged.classList.remove('dragging');
    dragged = null;
  });
})();
`;
