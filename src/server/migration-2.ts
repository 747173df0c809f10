/**
 * Schema version 2: what the site owner's side needs (issue 20). Aggregates that hold no subject
 * (decisions, purposes, banner impressions), the logs of erasures, purges and admin calls, closing
 * a data-subject request, and the one change to the append-only rule:
 *
 * - an erasure may replace the personal parts of a record (its subject, its `preferences`, the
 *   client's network), never its id, hashes, dates or decision;
 * - the retention purge may delete records whose `expiresAt` is before a cutoff in the past.
 *
 * Both must say so in their own transaction (`set_config('candor.maintenance', 'erase' | 'purge',
 * true)` with the subject and its replacement, or the cutoff); the triggers check that, and that
 * the change is exactly the allowed one. A plain UPDATE or DELETE is refused as before.
 *
 * Subjects are never written to the new logs: a keyed SHA-256 (`candor_subject_digest`, with a
 * random secret made here, per database) stands for them, so a log shipped elsewhere does not name
 * anyone, and an identified subject (an email, a customer number) cannot be found by hashing guesses
 * without the database's secret.
 */
import type { Migration } from './migrations';

export const MIGRATION_2: Migration = {
  version: 2,
  name: 'aggregates, erasure, retention purge, admin audit, closing requests',
  sql: `
ALTER TABLE candor_records ADD COLUMN erased_at timestamptz;
CREATE INDEX candor_records_hash ON candor_records (hash);
CREATE INDEX candor_records_latest ON candor_records (issued_at DESC, id DESC);
ALTER TABLE candor_requests ADD COLUMN closed_at timestamptz, ADD COLUMN close_note text;

CREATE TABLE candor_keys (name text PRIMARY KEY, secret text NOT NULL);
INSERT INTO candor_keys (name, secret)
  VALUES ('subject-digest', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
CREATE FUNCTION candor_subject_digest(text) RETURNS char(64) LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(secret || ':' || $1, 'UTF8')), 'hex') FROM candor_keys WHERE name = 'subject-digest'
$$;

-- A purged record's hash that a remaining (or later) record may still name as its prevHash.
-- subject_digest is null for an erased record's hash, which any subject may name (as for an erased record itself).
CREATE TABLE candor_chain_anchors (
  seq bigserial PRIMARY KEY,
  subject_digest char(64),
  hash char(64) NOT NULL,
  anchored_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX candor_chain_anchors_hash ON candor_chain_anchors (hash);

-- Whether a record of subject $1 with prevHash $2 has its previous record: none needed, a stored one
-- of the subject, an erased one (its subject is gone, so any subject may name it), or a purge anchor.
CREATE FUNCTION candor_has_previous(text, char(64)) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT $2 IS NULL
    OR EXISTS (SELECT 1 FROM candor_records p WHERE p.hash = $2 AND (p.subject = $1 OR p.erased_at IS NOT NULL))
    OR EXISTS (SELECT 1 FROM candor_chain_anchors a
               WHERE a.hash = $2 AND (a.subject_digest IS NULL OR a.subject_digest = candor_subject_digest($1)))
$$;

CREATE TABLE candor_stats_decisions (
  day date NOT NULL,
  policy_revision numeric NOT NULL,
  locale text NOT NULL,
  method text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (day, policy_revision, locale, method)
);
CREATE TABLE candor_stats_purposes (
  day date NOT NULL,
  policy_revision numeric NOT NULL,
  purpose text NOT NULL,
  granted bigint NOT NULL,
  total bigint NOT NULL,
  PRIMARY KEY (day, policy_revision, purpose)
);
CREATE TABLE candor_stats_impressions (
  day date NOT NULL,
  policy_revision numeric NOT NULL,
  locale text NOT NULL,
  shown bigint NOT NULL,
  answered bigint NOT NULL,
  PRIMARY KEY (day, policy_revision, locale)
);

-- The records stored before this version count too, with counted.ts's rules (nothing free-form
-- reaches these rows, which outlive erasure and purge): a locale in countLocale's canonical form
-- (language[-Script][-REGION], which Candor's clients send), else und; purpose keys of a config
-- id's form, at most 64 characters. (No site config here: every such key is counted.)
INSERT INTO candor_stats_decisions (day, policy_revision, locale, method, count)
  SELECT (issued_at AT TIME ZONE 'UTC')::date, (record->>'policyRevision')::numeric,
         CASE WHEN record->>'locale' ~ '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$'
              THEN record->>'locale' ELSE 'und' END,
         record->>'method', count(*)
  FROM candor_records GROUP BY 1, 2, 3, 4;
INSERT INTO candor_stats_purposes (day, policy_revision, purpose, granted, total)
  SELECT (r.issued_at AT TIME ZONE 'UTC')::date, (r.record->>'policyRevision')::numeric, p.key,
         count(*) FILTER (WHERE p.value = 'true'::jsonb), count(*)
  FROM candor_records r, jsonb_each(r.record->'purposes') AS p(key, value)
  WHERE p.key ~ '^[A-Za-z0-9][A-Za-z0-9_-]*$' AND length(p.key) <= 64
  GROUP BY 1, 2, 3;

CREATE TABLE candor_erasures (
  seq bigserial PRIMARY KEY,
  subject_digest char(64) NOT NULL,
  records integer NOT NULL,
  request_id bigint,
  erased_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX candor_erasures_subject ON candor_erasures (subject_digest);
CREATE TABLE candor_purges (
  seq bigserial PRIMARY KEY,
  retention_days integer NOT NULL,
  cutoff timestamptz NOT NULL,
  records integer NOT NULL,
  anchors integer NOT NULL,
  source text NOT NULL CHECK (source IN ('schedule', 'admin', 'cli')),
  purged_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE candor_admin_audit (
  seq bigserial PRIMARY KEY,
  action text NOT NULL,
  method text NOT NULL,
  status integer NOT NULL,
  subject_digest char(64),
  detail jsonb NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION candor_records_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  mode text := current_setting('candor.maintenance', true);
  before_ timestamptz := nullif(current_setting('candor.purge_before', true), '')::timestamptz;
BEGIN
  IF TG_OP = 'DELETE' AND mode = 'purge' AND before_ <= now()
     AND (OLD.record->>'expiresAt')::timestamptz < before_ THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND mode = 'erase' AND OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL
     AND OLD.subject = current_setting('candor.erase_subject', true)
     AND NEW.subject = current_setting('candor.erase_token', true)
     AND NEW.client_net IS NULL
     AND (NEW.id, NEW.hash, NEW.prev_hash, NEW.issued_at, NEW.received_at)
         IS NOT DISTINCT FROM (OLD.id, OLD.hash, OLD.prev_hash, OLD.issued_at, OLD.received_at)
     AND NEW.record = OLD.record || jsonb_build_object('subject', NEW.subject, 'preferences', '{}'::jsonb) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'candor: % is append-only', TG_TABLE_NAME;
END $$;
DROP TRIGGER candor_records_append_only ON candor_records;
CREATE TRIGGER candor_records_append_only BEFORE UPDATE OR DELETE ON candor_records
  FOR EACH ROW EXECUTE FUNCTION candor_records_guard();

CREATE FUNCTION candor_integrity_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  mode text := current_setting('candor.maintenance', true);
BEGIN
  IF TG_OP = 'DELETE' AND mode = 'purge'
     AND NOT EXISTS (SELECT 1 FROM candor_records r WHERE r.id = OLD.record_id) THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND mode = 'erase'
     AND OLD.subject = current_setting('candor.erase_subject', true)
     AND NEW.subject = current_setting('candor.erase_token', true)
     AND (NEW.seq, NEW.kind, NEW.record_id, NEW.detail, NEW.detected_at)
         IS NOT DISTINCT FROM (OLD.seq, OLD.kind, OLD.record_id, OLD.detail, OLD.detected_at) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'candor: % is append-only', TG_TABLE_NAME;
END $$;
DROP TRIGGER candor_integrity_events_append_only ON candor_integrity_events;
CREATE TRIGGER candor_integrity_events_append_only BEFORE UPDATE OR DELETE ON candor_integrity_events
  FOR EACH ROW EXECUTE FUNCTION candor_integrity_events_guard();

CREATE FUNCTION candor_requests_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.closed_at IS NULL AND NEW.closed_at IS NOT NULL
     AND (NEW.seq, NEW.type, NEW.subject, NEW.message, NEW.received_at, NEW.client_net)
         IS NOT DISTINCT FROM (OLD.seq, OLD.type, OLD.subject, OLD.message, OLD.received_at, OLD.client_net) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'candor: % is append-only (a request can only be closed, once)', TG_TABLE_NAME;
END $$;
CREATE TRIGGER candor_requests_append_only BEFORE UPDATE OR DELETE ON candor_requests
  FOR EACH ROW EXECUTE FUNCTION candor_requests_guard();

-- Row triggers do not see a truncation: it is refused on every table that keeps proof or a log.
CREATE TRIGGER candor_records_no_truncate BEFORE TRUNCATE ON candor_records
  FOR EACH STATEMENT EXECUTE FUNCTION candor_append_only();
CREATE TRIGGER candor_integrity_events_no_truncate BEFORE TRUNCATE ON candor_integrity_events
  FOR EACH STATEMENT EXECUTE FUNCTION candor_append_only();
CREATE TRIGGER candor_requests_no_truncate BEFORE TRUNCATE ON candor_requests
  FOR EACH STATEMENT EXECUTE FUNCTION candor_append_only();
CREATE TRIGGER candor_keys_append_only BEFORE UPDATE OR DELETE ON candor_keys
  FOR EACH ROW EXECUTE FUNCTION candor_append_only();
CREATE TRIGGER candor_chain_anchors_append_only BEFORE UPDATE OR DELETE ON candor_chain_anchors
  FOR EACH ROW EXECUTE FUNCTION candor_append_only();
CREATE TRIGGER candor_erasures_append_only BEFORE UPDATE OR DELETE ON candor_erasures
  FOR EACH ROW EXECUTE FUNCTION candor_append_only();
CREATE TRIGGER candor_purges_append_only BEFORE UPDATE OR DELETE ON candor_purges
  FOR EACH ROW EXECUTE FUNCTION candor_append_only();
CREATE TRIGGER candor_admin_audit_append_only BEFORE UPDATE OR DELETE ON candor_admin_audit
  FOR EACH ROW EXECUTE FUNCTION candor_append_only();
CREATE TRIGGER candor_keys_no_truncate BEFORE TRUNCATE ON candor_keys
  FOR EACH STATEMENT EXECUTE FUNCTION candor_append_only();
CREATE TRIGGER candor_anchors_no_truncate BEFORE TRUNCATE ON candor_chain_anchors
  FOR EACH STATEMENT EXECUTE FUNCTION candor_append_only();
CREATE TRIGGER candor_erasures_no_truncate BEFORE TRUNCATE ON candor_erasures
  FOR EACH STATEMENT EXECUTE FUNCTION candor_append_only();
CREATE TRIGGER candor_purges_no_truncate BEFORE TRUNCATE ON candor_purges
  FOR EACH STATEMENT EXECUTE FUNCTION candor_append_only();
CREATE TRIGGER candor_admin_audit_no_truncate BEFORE TRUNCATE ON candor_admin_audit
  FOR EACH STATEMENT EXECUTE FUNCTION candor_append_only();
`,
};
