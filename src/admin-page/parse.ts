/**
 * Parsers for the admin API's answers (docs/server.md): every answer is untrusted input, read with
 * own-property lookups only, and an answer of the wrong shape is refused with the path of the first
 * problem (the page then says it did not understand the server, and shows nothing of it).
 */

/** An answer that does not have the documented shape. */
export class ParseError extends Error {
  constructor(readonly path: string) {
    super(`unexpected answer at ${path}`);
  }
}

type Dict = Readonly<Record<string, unknown>>;

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);
/** `o[key]` only when it is o's own property. */
const own = (o: Dict, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);

export const obj = (v: unknown, path: string): Dict => {
  if (!isDict(v)) throw new ParseError(path);
  return v;
};
export const str = (o: Dict, key: string, path: string): string => {
  const v = own(o, key);
  if (typeof v !== 'string') throw new ParseError(`${path}.${key}`);
  return v;
};
export const num = (o: Dict, key: string, path: string): number => {
  const v = own(o, key);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ParseError(`${path}.${key}`);
  return v;
};
const bool = (o: Dict, key: string, path: string): boolean => {
  const v = own(o, key);
  if (typeof v !== 'boolean') throw new ParseError(`${path}.${key}`);
  return v;
};
/** A string or null; a missing member counts as null. */
const strOrNull = (o: Dict, key: string, path: string): string | null => {
  const v = own(o, key);
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new ParseError(`${path}.${key}`);
  return v;
};
const list = <T>(o: Dict, key: string, path: string, item: (v: unknown, at: string) => T): T[] => {
  const v = own(o, key);
  if (!Array.isArray(v)) throw new ParseError(`${path}.${key}`);
  return v.map((x, i) => item(x, `${path}.${key}[${i}]`));
};

/** The members of an aggregate row and their types. */
type Spec = Readonly<Record<string, 'string' | 'number'>>;
type Row<S extends Spec> = { readonly [K in keyof S]: S[K] extends 'string' ? string : number };
/** A reader of rows with exactly these members (others are ignored). */
const row =
  <S extends Spec>(spec: S) =>
  (v: unknown, at: string): Row<S> => {
    const o = obj(v, at);
    const out: Record<string, string | number> = {};
    for (const [key, kind] of Object.entries(spec)) out[key] = kind === 'string' ? str(o, key, at) : num(o, key, at);
    return out as Row<S>;
  };
const DECISION = {
  day: 'string',
  policyRevision: 'number',
  locale: 'string',
  method: 'string',
  count: 'number',
} as const;
const PURPOSE = {
  day: 'string',
  policyRevision: 'number',
  purpose: 'string',
  granted: 'number',
  total: 'number',
} as const;
const IMPRESSION = {
  day: 'string',
  policyRevision: 'number',
  locale: 'string',
  shown: 'number',
  answered: 'number',
} as const;
export type DecisionCount = Row<typeof DECISION>;
export type PurposeCount = Row<typeof PURPOSE>;
export type ImpressionCount = Row<typeof IMPRESSION>;
/** Retention as the server reports it: days after expiry and the purge job's interval; null when none is set. */
export type Retention = { readonly days: number; readonly intervalHours: number } | null;
export interface Stats {
  readonly from: string;
  readonly to: string;
  readonly decisions: readonly DecisionCount[];
  readonly purposes: readonly PurposeCount[];
  /** Purposes counted but not listed (the server lists the 30 with the most decisions); 0 when it does not say. */
  readonly otherPurposes: number;
  readonly impressions: readonly ImpressionCount[];
  readonly retention: Retention;
}

/** A server that does not say counts as one without retention: the purge is not offered (it would be refused). */
const retention = (o: Dict, path: string): Retention => {
  const v = own(o, 'retention');
  if (v === undefined || v === null) return null;
  const r = obj(v, `${path}.retention`);
  return { days: num(r, 'days', `${path}.retention`), intervalHours: num(r, 'intervalHours', `${path}.retention`) };
};

/** `GET api/stats`. */
export function parseStats(v: unknown): Stats {
  const o = obj(v, 'stats');
  return {
    from: str(o, 'from', 'stats'),
    to: str(o, 'to', 'stats'),
    decisions: list(o, 'decisions', 'stats', row(DECISION)),
    purposes: list(o, 'purposes', 'stats', row(PURPOSE)),
    otherPurposes: own(o, 'otherPurposes') === undefined ? 0 : num(o, 'otherPurposes', 'stats'),
    impressions: list(o, 'impressions', 'stats', row(IMPRESSION)),
    retention: retention(o, 'stats'),
  };
}

/** The parts of a stored record the page shows (an erased record may lack some of them). */
export interface RecordView {
  readonly id: string;
  readonly subject: string;
  readonly issuedAt: string;
  readonly method: string;
  readonly policyRevision: number | null;
  readonly locale: string | null;
  /** The purposes the record allowed, by id. */
  readonly allowed: readonly string[];
}
export interface RecordEntry {
  readonly record: RecordView;
  readonly receivedAt: string | null;
  readonly erased: boolean;
}
export interface RecordsPage {
  readonly records: readonly RecordEntry[];
  readonly next: string | null;
}

function recordView(v: unknown, at: string): RecordView {
  const r = obj(v, at);
  const purposes = own(r, 'purposes');
  const allowed = isDict(purposes) ? Object.keys(purposes).filter((k) => purposes[k] === true) : [];
  allowed.sort(); // stored records come back with their keys sorted (canonical JSON); the SDK's are not
  const revision = own(r, 'policyRevision');
  return {
    id: str(r, 'id', at),
    subject: strOrNull(r, 'subject', at) ?? '',
    issuedAt: str(r, 'issuedAt', at),
    method: str(r, 'method', at),
    policyRevision: typeof revision === 'number' && Number.isInteger(revision) ? revision : null,
    locale: strOrNull(r, 'locale', at),
    allowed,
  };
}
/** `{ record, receivedAt, erased }` (records) or `{ record, receivedAt, clientNet }` (export), or a bare record. */
function recordEntry(v: unknown, at: string): RecordEntry {
  const e = obj(v, at);
  if (!isDict(own(e, 'record'))) return { record: recordView(e, at), receivedAt: null, erased: false };
  const record = recordView(own(e, 'record'), `${at}.record`);
  return {
    record,
    receivedAt: strOrNull(e, 'receivedAt', at),
    // The export says nothing of it: an erased record's subject is `erased:<uuid>` (docs/server.md).
    erased: own(e, 'erased') === undefined ? record.subject.startsWith('erased:') : bool(e, 'erased', at),
  };
}

/** `GET api/records`. */
export function parseRecordsPage(v: unknown): RecordsPage {
  const o = obj(v, 'records');
  return { records: list(o, 'records', 'answer', recordEntry), next: strOrNull(o, 'next', 'answer') };
}

export interface Erasure {
  readonly erasedAt: string;
  readonly records: number;
}
export interface Export {
  readonly subject: string;
  readonly records: readonly RecordEntry[];
  readonly requests: number;
  readonly erasures: readonly Erasure[];
}

/** `GET api/export`: what the page says about it (the download is the answer as it came). */
export function parseExport(v: unknown): Export {
  const o = obj(v, 'export');
  return {
    subject: str(o, 'subject', 'export'),
    records: list(o, 'records', 'export', recordEntry),
    requests: list(o, 'requests', 'export', (x) => x).length,
    erasures: list(o, 'erasures', 'export', (x, at) => {
      const e = obj(x, at);
      return { erasedAt: str(e, 'erasedAt', at), records: num(e, 'records', at) };
    }),
  };
}

export interface DataRequest {
  readonly id: number;
  readonly type: string;
  readonly subject: string;
  readonly message: string | null;
  readonly receivedAt: string;
  readonly closedAt: string | null;
  readonly closeNote: string | null;
}

function dataRequest(v: unknown, at: string): DataRequest {
  const r = obj(v, at);
  const id = num(r, 'id', at);
  if (!Number.isSafeInteger(id)) throw new ParseError(`${at}.id`);
  return {
    id,
    type: str(r, 'type', at),
    subject: str(r, 'subject', at),
    message: strOrNull(r, 'message', at),
    receivedAt: str(r, 'receivedAt', at),
    closedAt: strOrNull(r, 'closedAt', at),
    closeNote: strOrNull(r, 'closeNote', at),
  };
}

/** `GET api/requests`: a page, and the id to list after for the next one (null: none; a server before paging sends none). */
export const parseRequests = (v: unknown): { requests: DataRequest[]; next: number | null } => {
  const o = obj(v, 'answer');
  const next = own(o, 'next') ?? null;
  if (next !== null && !Number.isSafeInteger(next)) throw new ParseError('answer.next');
  return { requests: list(o, 'requests', 'answer', dataRequest), next: next as number | null };
};
/** `POST api/requests/{id}/close`. */
export const parseClosed = (v: unknown): DataRequest => {
  const o = obj(v, 'answer');
  return dataRequest(own(o, 'request'), 'answer.request');
};

export interface Chain {
  readonly verified: boolean;
  readonly records: number;
  /** Each break: the record id and why (`rec-1 (altered)`). */
  readonly breaks: readonly string[];
}

/** `GET api/chain`. */
export function parseChain(v: unknown): Chain {
  const o = obj(v, 'chain');
  return {
    verified: bool(o, 'verified', 'chain'),
    records: num(o, 'records', 'chain'),
    breaks: list(o, 'breaks', 'chain', (x) => {
      if (typeof x === 'string') return x;
      const id = isDict(x) ? own(x, 'recordId') : undefined;
      const reason = isDict(x) ? own(x, 'reason') : undefined;
      if (typeof id !== 'string') return JSON.stringify(x);
      return typeof reason === 'string' ? `${id} (${reason})` : id;
    }),
  };
}

/** `POST api/erase`. */
export function parseErased(v: unknown): { readonly erased: number; readonly erasedAt: string | null } {
  const o = obj(v, 'answer');
  return { erased: num(o, 'erased', 'answer'), erasedAt: strOrNull(o, 'erasedAt', 'answer') };
}

/** `POST api/purge`. */
export function parsePurged(v: unknown): { readonly purged: number; readonly retentionDays: number } {
  const o = obj(v, 'answer');
  return { purged: num(o, 'purged', 'answer'), retentionDays: num(o, 'retentionDays', 'answer') };
}
