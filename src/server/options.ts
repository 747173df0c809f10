/** The options of `createConsentServer`, and their defaults. */
import type { RateLimitOptions } from './rate-limit';
import type { ConsentStore } from './store';
import type { Authorize } from './subjects';

/** How candor/server is set up. Every field is optional: `createConsentServer()` runs the embedded store in `.candor-data`. */
export interface ConsentServerOptions {
  /** Where records are kept (`createPGliteStore`, `createPostgresStore`, or your own). @default the embedded PGlite store in `dataDir` */
  readonly store?: ConsentStore | Promise<ConsentStore>;
  /** The embedded store's data directory, when `store` is not given. @default '.candor-data' */
  readonly dataDir?: string;
  /** The endpoint's path: records at `{basePath}`, requests at `{basePath}/requests`. @default '/api/consent' */
  readonly basePath?: string;
  /** Other origins whose pages may call the endpoint (CORS with credentials), such as `https://www.example.com`. The endpoint's own origin always may. @default [] */
  readonly origins?: readonly string[];
  /** Whether a request belongs to the signed-in user `subject` (your session check). Without it, identified subjects are refused. @default null */
  readonly authorize?: Authorize | null;
  /** Which subjects are anonymous (need no `authorize`). @default a lowercase random v4 UUID, the client's own form */
  readonly isAnonymous?: (subject: string) => boolean;
  /** The largest body accepted, in bytes (413 above): room for the SDK's largest batch (500 records). @default 524288 (512 KiB) */
  readonly maxBodyBytes?: number;
  /** Requests per client and window (429 with Retry-After above), or false to turn it off. @default { requests: 300, windowSeconds: 60 } */
  readonly rateLimit?: RateLimitOptions | false;
  /** Store the client's network address next to each record and request, truncated (IPv4 /24, IPv6 /48). @default false */
  readonly storeClientAddress?: boolean;
  /** Read the client's address from `X-Forwarded-For` (its last entry) and the scheme from `X-Forwarded-Proto`: only behind your own proxy. @default false */
  readonly trustProxy?: boolean;
  /** The site's Candor config (the same object the pages use): turns on the refresh of the `candor` mirror cookie on same-site requests. @default null */
  readonly config?: unknown;
  /** The clock, epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** Where unexpected errors go (never to the client). @default console.error */
  readonly onError?: (error: unknown) => void;
}
