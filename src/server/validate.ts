/**
 * What the server accepts, checked at its boundary: a batch of consent records against
 * docs/consent-record.schema.json (the same validator the reference receiver uses; every reason is
 * listed), then the pure core's record parser (`parseRecord`, the client's own, for the typed
 * value) and its date rule (`isPlausible`: nothing from the future beyond the clock skew, nothing
 * that lasts longer than a config may ask). And a data-subject request.
 */
import schema from '../../docs/consent-record.schema.json';
import { validate, type JsonSchema } from '../core/json-schema.mjs';
import { isStorableText } from './body';
import { MAX_CLOCK_SKEW_MS } from '../core/limits';
import { isPlausible, parseRecord } from '../core/parse-record';
import type { ConsentRecord } from '../core/record';
import type { DataRequestType } from '../instance/types';

/** Records in one request at most: the client's largest `batchSize`. */
export const MAX_BATCH = 500;
/** The longest message of a data-subject request. */
export const MAX_MESSAGE = 5000;
const REQUEST_TYPES: readonly DataRequestType[] = ['access', 'correction', 'deletion', 'do-not-sell'];

/** The records of a `POST {endpoint}` body, or every reason why not. */
export type BatchResult = { ok: true; records: ConsentRecord[] } | { ok: false; reasons: string[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks `{ "records": ConsentRecord[] }` at `now` (epoch milliseconds). */
export function parseRecordBatch(body: unknown, now: number): BatchResult {
  if (!isObject(body) || !Array.isArray(body['records']))
    return { ok: false, reasons: ['records: required, a list of consent records'] };
  const extra = Object.keys(body).filter((k) => k !== 'records');
  const list: unknown[] = body['records'];
  const reasons = extra.map((k) => `${k}: not allowed`);
  if (list.length > MAX_BATCH) reasons.push(`records: more than ${MAX_BATCH} in one request`);
  if (reasons.length) return { ok: false, reasons };
  const records: ConsentRecord[] = [];
  list.forEach((value, i) => {
    const at = `records[${i}]`;
    const found = validate(schema as JsonSchema, value, at);
    const record = found.length ? null : parseRecord(value);
    if (!record) return reasons.push(...(found.length ? found : [`${at}: not a consent record`]));
    const dates = { issuedAt: Date.parse(record.issuedAt), expiresAt: Date.parse(record.expiresAt) };
    if (!isPlausible(dates, now))
      return reasons.push(
        dates.issuedAt > now + MAX_CLOCK_SKEW_MS
          ? `${at}.issuedAt: more than ${MAX_CLOCK_SKEW_MS / 60_000} minutes after the server's clock`
          : `${at}.expiresAt: must be after issuedAt, within the longest lifetime a config allows`,
      );
    records.push(record);
  });
  return reasons.length ? { ok: false, reasons } : { ok: true, records };
}

/** A data-subject request as `POST {endpoint}/requests` carries it. */
export interface DataRequest {
  readonly type: DataRequestType;
  readonly subject: string;
  readonly message: string | null;
}

/** Every reason a subject id cannot be used (1 to 256 characters; body.ts's isStorableText). */
export const subjectReasons = (subject: unknown, at = 'subject'): string[] =>
  typeof subject === 'string' && subject.length >= 1 && subject.length <= 256 && isStorableText(subject)
    ? []
    : [`${at}: required, a text of 1 to 256 characters (no NUL character)`];

/** Checks a data-subject request body. */
export function parseDataRequest(body: unknown): { ok: true; request: DataRequest } | { ok: false; reasons: string[] } {
  if (!isObject(body)) return { ok: false, reasons: ['(root): must be an object'] };
  const { type, subject, message } = body;
  const reasons = Object.keys(body)
    .filter((k) => !['type', 'subject', 'message'].includes(k))
    .map((k) => `${k}: not allowed`);
  if (!REQUEST_TYPES.includes(type as DataRequestType))
    reasons.push(`type: must be one of ${REQUEST_TYPES.join(', ')}`);
  reasons.push(...subjectReasons(subject));
  if (message !== undefined && (typeof message !== 'string' || message.length > MAX_MESSAGE))
    reasons.push(`message: a text of at most ${MAX_MESSAGE} characters`);
  if (reasons.length) return { ok: false, reasons };
  return {
    ok: true,
    request: {
      type: type as DataRequestType,
      subject: subject as string,
      message: (message as string | undefined) ?? null,
    },
  };
}
