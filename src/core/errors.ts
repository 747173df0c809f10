/**
 * Errors Candor reports. Programmer errors (an invalid config or action) are thrown; environment
 * failures are never thrown into the host page but delivered through the `error` event.
 */

/** Every error code Candor uses; stable, part of the public contract. */
export type ErrorCode =
  | 'config/invalid'
  | 'action/invalid'
  | 'preference/invalid'
  | 'storage/unavailable'
  | 'storage/corrupt'
  | 'sync/network'
  | 'sync/http'
  | 'integration/failed'
  | 'listener/failed';

/** One problem found in a config or an action, located by its path (`purposes[2].id`). */
export interface Issue {
  readonly path: string;
  readonly message: string;
}

/** An error with a stable `code`; `issues` lists every problem for validation errors. */
export class ConsentError extends Error {
  readonly code: ErrorCode;
  readonly issues: readonly Issue[];
  override readonly cause: unknown;

  constructor(code: ErrorCode, message: string, issues: readonly Issue[] = [], cause?: unknown) {
    super(issues.length > 0 ? `${message}\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}` : message);
    this.name = 'ConsentError';
    this.code = code;
    this.issues = issues;
    this.cause = cause;
  }
}
