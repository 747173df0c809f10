/**
 * A store in memory for the adapter and recipe tests, where the database is beside the point (the
 * stores have their own tests). The sync protocol's side only: the site owner's side (aggregates,
 * search, erasure, purge, audit) is tested on the SQL store, and here each of its methods rejects.
 */
import type { ConsentRecord } from '../../src/core/record';
import type { ConsentStore, StoredRequest } from '../../src/server/store';

const ownerSide = async (): Promise<never> => {
  throw new Error('memoryStore: the site owner side is tested on the SQL store');
};

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
    addRequest: async (request) =>
      void requests.push({
        ...request,
        id: requests.length + 1,
        receivedAt: new Date().toISOString(),
        closedAt: null,
        closeNote: null,
        clientNet: null,
      }),
    requests: async () => requests.slice(),
    request: ownerSide,
    closeRequest: ownerSide,
    verifyChain: ownerSide,
    addImpressions: ownerSide,
    stats: ownerSide,
    search: ownerSide,
    exportSubject: ownerSide,
    erase: ownerSide,
    purge: ownerSide,
    audit: ownerSide,
    auditLog: ownerSide,
    integrityEvents: async () => [],
    chainBreaks: async () => [],
    schemaVersion: async () => 2,
    close: async () => {},
  };
}
