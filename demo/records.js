// The proof-of-consent page: the records the bakery's receiver holds.
const status = document.getElementById('records-status');
const body = document.getElementById('records');
try {
  const res = await fetch('/api/consent/records');
  const { records } = await res.json();
  status.textContent = records.length === 1 ? '1 record.' : `${records.length} records.`;
  for (const r of records) {
    const tr = document.createElement('tr');
    const granted = Object.entries(r.purposes)
      .filter(([, v]) => v)
      .map(([k]) => k)
      .join(', ');
    for (const text of [new Date(r.issuedAt).toLocaleString(), r.method, granted, r.subject.slice(0, 8) + '…', r.id]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    body.append(tr);
  }
} catch (e) {
  status.textContent = `Could not load the records: ${e}`;
}
