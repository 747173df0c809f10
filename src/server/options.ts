/** The options of `createConsentServer`, and their defaults. */
import type { RateLimitOptions } from './rate-limit';
import type { AuditEntry, ConsentStore } from './store';
import type { Authorize } from './subjects';

/** The site owner's admin API and page (docs/server.md, "The admin API"). */
export interface AdminOptions {
  /** The bearer token: a random secret of at least 32 visible ASCII characters (`openssl rand -base64 32`). */
  readonly token: string;
  /** Where the API (`{path}/api/…`) and the page (`{path}/`) are; never inside `basePath`. @default '/candor-admin' */
  readonly path?: string;
  /** The folder of the page's files (index.html, admin.js, admin.css), or null for the API alone. @default the `admin` folder next to dist/server.mjs */
  readonly pageDir?: string | null;
  /** Called with each audit log entry once it is stored (to ship it to your logs; it names no subject). */
  readonly onAudit?: (entry: AuditEntry) => void;
}

/** How long records are kept after they expire. */
export interface RetentionOptions {
  /** Records whose `expiresAt` is more than this many days past are purged (0: as soon as they expire). */
  readonly days: number;
  /** How often the server runs the purge; the first run is a few seconds after the store is ready. @default 24 */
  readonly intervalHours?: number;
}

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
  /** Requests per client and window (429 with Retry-After above), and requests in progress per client, or false to turn it off. @default { requests: 300, windowSeconds: 60, concurrent: 16 } */
  readonly rateLimit?: RateLimitOptions | false;
  /** Store the client's network address next to each record and request, truncated (IPv4 /24, IPv6 /48). @default false */
  readonly storeClientAddress?: boolean;
  /** Read the client's address from `X-Forwarded-For` (its last entry) and the scheme from `X-Forwarded-Proto`: only behind your own proxy. @default false */
  readonly trustProxy?: boolean;
  /** The site's Candor config (the same object the pages use): turns on the refresh of the `candor` mirror cookie on same-site requests. @default null */
  readonly config?: unknown;
  /** The clock, epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** The site owner's admin API and page, behind a bearer token; null: none, and every admin path is the endpoint's 404. @default null */
  readonly admin?: AdminOptions | null;
  /** Purge records past their expiry plus `days`, every `intervalHours`; null: nothing is ever purged. @default null */
  readonly retention?: RetentionOptions | null;
  /** Where unexpected errors go (never to the client). @default console.error */
  readonly onError?: (error: unknown) => void;
}
