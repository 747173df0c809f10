/** Keeps `value` as JSON in this origin's localStorage under `key`; does nothing where localStorage is blocked or full. */
export function keepJson(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // blocked (a sandboxed frame, a hardened profile) or full
  }
}
