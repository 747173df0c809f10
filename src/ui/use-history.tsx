/**
 * The privacy dashboard's history of decisions, kept as a signal: the stored records, and each new
 * decision as soon as it is made.
 */
import { useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ConsentRecord } from '../core/record';
import type { Consent } from '../instance/types';

/** The visitor's decisions, newest first: read from storage once, then kept up to date. */
export function useHistory(consent: Consent): Signal<ConsentRecord[]> {
  const history = useSignal<ConsentRecord[]>([]);
  useEffect(() => {
    void consent.records().then((r) => {
      const known = new Set(r.map((x) => x.id));
      history.value = [...history.value.filter((x) => !known.has(x.id)), ...r];
    });
    // A new decision shows at once, before its write to storage has finished.
    return consent.on('change', (e) => {
      const record = e.record;
      if (record) history.value = [record, ...history.value.filter((x) => x.id !== record.id)];
    });
  }, []);
  return history;
}
