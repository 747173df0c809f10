/**
 * Data-subject requests in the SQL store: listed, read, and closed once by the site owner (the
 * database refuses any other change, and a second close: migration 2's `candor_requests_guard`).
 */
import { iso, type SqlQuery } from './sql';
import type { ConsentStore, StoredRequest } from './store';

interface RequestRow {
  id: string | number;
  type: StoredRequest['type'];
  subject: string;
  message: string | null;
  received_at: unknown;
  closed_at: unknown;
  close_note: string | null;
  client_net: string | null;
}

const COLUMNS = 'seq AS id, type, subject, message, received_at, closed_at, close_note, client_net';

/** A stored request from its row. */
export const toRequest = (r: RequestRow): StoredRequest => ({
  id: Number(r.id),
  type: r.type,
  subject: r.subject,
  message: r.message,
  receivedAt: iso(r.received_at),
  closedAt: r.closed_at === null ? null : iso(r.closed_at),
  closeNote: r.close_note,
  clientNet: r.client_net,
});

/** The requests of one subject, oldest first. */
export async function requestsOfSubject(db: SqlQuery, subject: string): Promise<StoredRequest[]> {
  const rows = await db.query<RequestRow>(`SELECT ${COLUMNS} FROM candor_requests WHERE subject = $1 ORDER BY seq`, [
    subject,
  ]);
  return rows.map(toRequest);
}

/** The store's request methods. */
export function requestsOf(db: SqlQuery): Pick<ConsentStore, 'requests' | 'request' | 'closeRequest'> {
  const one = async (id: number): Promise<StoredRequest | null> => {
    const [row] = await db.query<RequestRow>(`SELECT ${COLUMNS} FROM candor_requests WHERE seq = $1`, [id]);
    return row ? toRequest(row) : null;
  };
  return {
    async requests(query = {}) {
      const status = query.status ?? 'all';
      const rows = await db.query<RequestRow>(
        `SELECT ${COLUMNS} FROM candor_requests
         WHERE ($1::text = 'all' OR ($1::text = 'open') = (closed_at IS NULL)) AND seq > $2 ORDER BY seq LIMIT $3`,
        [status, query.after ?? 0, query.limit ?? null],
      );
      return rows.map(toRequest);
    },
    request: one,
    async closeRequest(id, note) {
      const [row] = await db.query<RequestRow>(
        `UPDATE candor_requests SET closed_at = now(), close_note = $2
         WHERE seq = $1 AND closed_at IS NULL RETURNING ${COLUMNS}`,
        [id, note],
      );
      if (row) return toRequest(row);
      return (await one(id)) ? 'closed' : 'unknown';
    },
  };
}
