/** A record's hash as the SDK computes it (sha-256 of its canonical JSON), with Node's crypto. */
import { createHash } from 'node:crypto';
import { recordHash, type ConsentRecord } from '../core/record';

export const hashRecord = (r: ConsentRecord): string =>
  recordHash(r, (text) => createHash('sha256').update(text).digest('hex'));
