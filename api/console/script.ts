// The console's only script: conveniences on top of forms that work without it. Choosing
// "Resolved" proposes Operational for every component of the incident; choosing components
// suggests an impact; buttons marked data-confirm ask first; countdowns to an incident's next
// update (data-due, rendered right by the server) keep ticking, with the words of countdown.ts.
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
})();
`;
