/** A store in memory for the adapter and recipe tests, where the database is beside the point (the stores have their own tests). */
import type { ConsentRecord } from '../../src/core/record';
import type { ConsentStore, StoredRequest } from '../../src/server/store';

export function memoryStore(): ConsentStore {
  const records = new Map<string, ConsentRecord>();
  const requests: StoredRequest[] = [];
  const newestFirst = () =>
    [...records.values()].sort((a, b) => b.issuedAt.localeCompare(a.issuedAt) || b.id.localeCompare(a.id));
  return {
    async append(list) {
      const accepted: string[] = [];
      const duplicates: string[] = [];
      for (const { record } of list) {
        if (records.has(record.id)) {
          duplicates.push(record.id);
          continue;
        }
        records.set(record.id, record);
        accepted.push(record.id);
      }
      return { accepted, duplicates, chainBreaks: [] };
    },
    newest: async (subject) => newestFirst().find((r) => r.subject === subject) ?? null,
    get: async (id) => records.get(id) ?? null,
    records: async (query = {}) => newestFirst().filter((r) => !query.subject || r.subject === query.subject),
    addRequest: async (request) => void requests.push({ ...request, receivedAt: new Date().toISOString() }),
    requests: async () => requests.slice(),
    integrityEvents: async () => [],
    chainBreaks: async () => [],
    schemaVersion: async () => 1,
    close: async () => {},
  };
}
