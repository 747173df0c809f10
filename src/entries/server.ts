export { createConsentServer, type ConsentServer } from '../server/handler';
export type { ConsentServerOptions, AdminOptions, RetentionOptions } from '../server/options';
export { toNodeListener, listen, type NodeListenerOptions } from '../server/node-http';
export { createPGliteStore, type PGliteStoreOptions } from '../server/pglite';
export { createPostgresStore, type PostgresStoreOptions } from '../server/postgres';
export { createSqlStore, type SqlStoreOptions } from '../server/sql-store';
export type { SqlDriver, SqlQuery } from '../server/sql';
export type {
  AdminAction,
  AppendResult,
  AuditEntry,
  AuditInput,
  ChainReport,
  ConsentStore,
  HashedRecord,
  ImpressionCount,
  IntegrityEvent,
  PurgeResult,
  PurgeSource,
  ReceiptMeta,
  RecordSearch,
  SearchHit,
  SearchPosition,
  Stats,
  StoredRequest,
  SubjectExport,
  SubjectRecordPages,
} from '../server/store';
export { SubjectTooLarge } from '../server/store';
export { migrate, checkSchema, MIGRATIONS, LATEST_VERSION, SchemaError, type Migration } from '../server/migrations';
export { isAnonymousSubject, type Authorize } from '../server/subjects';
export { parseOrigins } from '../server/cors';
export type { RateLimitOptions } from '../server/rate-limit';
export type { DataRequest } from '../server/validate';
export { runCli } from '../server/cli';
