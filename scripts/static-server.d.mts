// Types of static-server.mjs (the TypeScript tests import it).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface Mount {
  /** A URL prefix that starts and ends with `/`. */
  readonly prefix: string;
  /** The folder it serves. */
  readonly dir: string;
}

export interface StaticOptions {
  readonly mounts: readonly Mount[];
  /** Extra headers on every file answer (such as cache-control). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Decoded URL paths answered 404. */
  readonly deny?: (pathname: string) => boolean;
  /** Gzip (level 9) when the client accepts it. */
  readonly gzip?: boolean;
  /** Answer /favicon.ico with 204 when no mount has one. */
  readonly emptyFavicon?: boolean;
}

export type ParsedTarget =
  | { readonly ok: true; readonly pathname: string; readonly rawPathname: string; readonly search: string }
  | { readonly ok: false; readonly status: 400 | 414; readonly reason: string };

export const MIME_TYPES: Readonly<Record<string, string>>;
export const MAX_TARGET_LENGTH: number;
export function parseTarget(target: string | undefined): ParsedTarget;
export function sendStatus(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers?: Record<string, string>,
): void;
export function createStaticHandler(
  options: StaticOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
export function serveStatic(
  options: StaticOptions & { readonly host?: string; readonly port?: number },
): Promise<{ server: Server; origin: string; close: () => Promise<void> }>;
