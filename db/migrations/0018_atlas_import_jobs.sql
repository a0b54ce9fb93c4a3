-- The enterprise import page's uploads and runs, kept in the database rather than in one server's memory: polling
-- works across a restart and from any of several servers behind one address. Local tables on Citus (coordinator).

-- An uploaded enterprise file (CSV or xlsx, at most 400 MB), kept until it expires (an hour after its last use) so
-- that it is previewed, dry-run and imported without sending it again. Its bytes are stored in parts of a few
-- megabytes (no single value near PostgreSQL's 1 GB limit; read back one part at a time).
CREATE TABLE atlas_import_uploads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The person who uploaded it (no foreign key: a command-line actor has no user); only they may use it.
  owner uuid,
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  size bigint NOT NULL CHECK (size BETWEEN 0 AND 419430400),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX atlas_import_uploads_expires_idx ON atlas_import_uploads (expires_at);

CREATE TABLE atlas_import_upload_parts (
  upload_id uuid NOT NULL REFERENCES atlas_import_uploads (id) ON DELETE CASCADE,
  part integer NOT NULL CHECK (part >= 0),
  bytes bytea NOT NULL CHECK (octet_length(bytes) <= 8388608),
  PRIMARY KEY (upload_id, part)
);

-- A dry run or an import of an upload: its progress while running (written by the server running it, which also
-- beats a heartbeat), then its result or its row-level error report. A running job whose heartbeat stopped (the
-- server ended) is marked failed by the next server that looks at it.
CREATE TABLE atlas_import_jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner uuid,
  upload_id uuid REFERENCES atlas_import_uploads (id) ON DELETE SET NULL,
  file_name text NOT NULL,
  dry_run boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  bytes bigint NOT NULL DEFAULT 0,
  total_bytes bigint NOT NULL DEFAULT 0,
  rows integer NOT NULL DEFAULT 0,
  result jsonb,
  error jsonb,
  -- The server process running it (host, process id and a random part) and when it last said it was alive.
  runner text NOT NULL,
  heartbeat_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX atlas_import_jobs_expires_idx ON atlas_import_jobs (expires_at);
