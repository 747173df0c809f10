/**
 * The privacy dashboard's history of decisions, kept as a signal: the stored records, and each new
 * decision as soon as it is made.
 */
import { useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ConsentRecord } from '../core/record';
import type { Consent } from '../instance/types';

/**
 * The visitor's decisions, newest first: read from storage, then kept up to date. A decision made
 * here shows at once, with its record; one that arrives without its record (read from the cookie
 * first: another page's, on a restore from the back/forward cache) has the history read again,
 * so that its newest entry is the decision in force.
 */
export function useHistory(consent: Consent): Signal<ConsentRecord[]> {
  const history = useSignal<ConsentRecord[]>([]);
  useEffect(() => {
    const read = (): void =>
      void consent.records().then((r) => {
        const known = new Set(r.map((x) => x.id));
        history.value = [...history.value.filter((x) => !known.has(x.id)), ...r];
      });
    read();
    return consent.on('change', (e) => {
      const record = e.record;
      if (!record) return read();
      // Before its write to storage has finished.
      history.value = [record, ...history.value.filter((x) => x.id !== record.id)];
    });
  }, []);
  return history;
}
