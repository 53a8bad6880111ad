// The console's only script: conveniences on top of forms that work without it. Choosing
// "Resolved" proposes Operational for every component of the incident; choosing components
// suggests an impact; buttons marked data-confirm ask first.
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
  document.addEventListener('submit', (event) => {
    const button = event.submitter;
    const question = button && button.getAttribute('data-confirm');
    if (question && !window.confirm(question)) event.preventDefault();
  });
})();
`;
