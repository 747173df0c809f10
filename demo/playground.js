// Shows window.Candor's state and history, and wires the three buttons.
const show = async () => {
  const c = window.Candor;
  const s = c.state?.value;
  document.getElementById('state').textContent = JSON.stringify(
    { analytics: c.has('analytics'), marketing: c.has('marketing'), needsPrompt: c.needsPrompt?.value, promptReason: s?.promptReason },
    null,
    2,
  );
  const records = await c.records();
  document.getElementById('records').textContent = records.map((r) => `${r.issuedAt}  ${r.method}  ${JSON.stringify(r.purposes)}`).join('\n') || '(no decision yet)';
};
document.querySelectorAll('[data-action]').forEach((b) => b.addEventListener('click', () => window.Candor[b.dataset.action]()));
window.Candor.on('change', show);
window.Candor.ready.then(show);
