/** Offers JSON as a file download (a blob URL; the page's CSP allows it, nothing is sent anywhere). */
export function downloadJson(name: string, data: unknown): void {
  const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** A file name for a subject's export: its characters that are safe in a name, at most 64. */
export const exportName = (subject: string): string =>
  `candor-export-${subject.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'subject'}.json`;
