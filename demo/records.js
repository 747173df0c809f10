// The proof-of-consent page: the visitor's own records, from the SDK's local history. No server
// listing: the site owner alone sees every visitor's records, on the consent dashboard (a token).
const status = document.getElementById('records-status');
const body = document.getElementById('records');
try {
  const records = await window.Candor.records();
  status.textContent = records.length === 1 ? '1 record.' : `${records.length} records.`;
  if (records[0]) document.getElementById('records-subject').textContent = records[0].subject;
  for (const r of records) {
    const tr = document.createElement('tr');
    const granted = Object.entries(r.purposes)
      .filter(([, v]) => v)
      .map(([k]) => k)
      .join(', ');
    for (const text of [new Date(r.issuedAt).toLocaleString(), r.method, granted, r.id]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    body.append(tr);
  }
} catch (e) {
  status.textContent = `Could not read your records: ${e}`;
}
