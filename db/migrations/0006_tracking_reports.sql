-- Tracking, reporting part (issue 7): a plan's effective date and reporting cycle, progress reports on tasks with
-- their timeline and evidence files, closing (办结) and deadline changes. Every new table carries region_code and is
-- distributed by it beside plans (src/server/citus.ts); foreign keys between them include it.

-- 印发日期: the date the plan takes effect (defaults to the document's date), and how often units report.
ALTER TABLE plans ADD COLUMN issued_date date;
ALTER TABLE plans ADD COLUMN report_cycle text NOT NULL DEFAULT 'monthly' CHECK (report_cycle IN ('monthly', 'quarterly', 'per_task'));
ALTER TABLE plans ADD COLUMN report_due_day integer NOT NULL DEFAULT 25 CHECK (report_due_day BETWEEN 1 AND 28);
UPDATE plans SET issued_date = issued_on WHERE issued_date IS NULL;

-- 办结 and deadline changes: the task keeps its first deadline beside the approved one.
ALTER TABLE tasks ADD COLUMN closed_at timestamptz;
ALTER TABLE tasks ADD COLUMN closing_report_id uuid;
ALTER TABLE tasks ADD COLUMN original_due_date date;

-- A unit's report on a task for one period. The lead unit's report (role 'lead') is the task's report; a supporting
-- unit's report (role 'co') goes to the lead unit, which merges it. kind 'closing' is the 办结 report.
CREATE TABLE task_reports (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  plan_id uuid NOT NULL,
  task_id uuid NOT NULL,
  unit_id uuid NOT NULL REFERENCES units (id),
  role text NOT NULL CHECK (role IN ('lead', 'co')),
  kind text NOT NULL DEFAULT 'progress' CHECK (kind IN ('progress', 'closing')),
  period text NOT NULL,
  period_end date NOT NULL,
  due_date date,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'returned', 'accepted')),
  done_text text NOT NULL DEFAULT '',
  percent numeric CHECK (percent >= 0 AND percent <= 100),
  milestones_reached integer[] NOT NULL DEFAULT '{}',
  indicator_values jsonb NOT NULL DEFAULT '[]',
  problems text NOT NULL DEFAULT '',
  help_needed text NOT NULL DEFAULT '',
  next_steps text NOT NULL DEFAULT '',
  quoted_report_ids uuid[] NOT NULL DEFAULT '{}',
  source text NOT NULL DEFAULT 'app' CHECK (source IN ('app', 'import')),
  source_name text,
  source_row integer,
  return_reason text,
  submitted_at timestamptz,
  reviewed_at timestamptz,
  reviewed_by uuid REFERENCES users (id),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (region_code, id),
  UNIQUE (region_code, task_id, unit_id, kind, period),
  FOREIGN KEY (region_code, task_id) REFERENCES tasks (region_code, id) ON DELETE CASCADE
);
CREATE INDEX task_reports_unit_idx ON task_reports (unit_id, status);
CREATE INDEX task_reports_task_idx ON task_reports (task_id, period_end);
CREATE INDEX task_reports_status_idx ON task_reports (plan_id, status);

-- Every step of a report (留痕): created, saved, submitted, returned with its reason, accepted, reopened, imported.
CREATE TABLE report_events (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  report_id uuid NOT NULL,
  task_id uuid NOT NULL,
  action text NOT NULL CHECK (action IN ('create', 'save', 'submit', 'return', 'accept', 'reopen', 'import')),
  from_status text,
  to_status text NOT NULL,
  reason text,
  actor_user_id uuid REFERENCES users (id),
  actor_name text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, id),
  FOREIGN KEY (region_code, report_id) REFERENCES task_reports (region_code, id) ON DELETE CASCADE
);
CREATE INDEX report_events_report_idx ON report_events (report_id, at);
CREATE INDEX report_events_task_idx ON report_events (task_id, at);

-- 佐证材料, kept in the database so backup, restore and several servers on one PostgreSQL need nothing else.
CREATE TABLE report_evidence (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  report_id uuid NOT NULL,
  task_id uuid NOT NULL,
  file_name text NOT NULL CHECK (length(file_name) > 0),
  content_type text NOT NULL,
  size_bytes integer NOT NULL,
  sha256 text NOT NULL,
  content bytea NOT NULL,
  uploaded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, id),
  FOREIGN KEY (region_code, report_id) REFERENCES task_reports (region_code, id) ON DELETE CASCADE
);
CREATE INDEX report_evidence_report_idx ON report_evidence (report_id);

-- A lead unit asks for a later (or earlier) deadline; a supervisor approves or rejects it. Both dates and the reason stay.
CREATE TABLE deadline_changes (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  task_id uuid NOT NULL,
  unit_id uuid REFERENCES units (id),
  old_due_date date,
  new_due_date date NOT NULL,
  reason text NOT NULL CHECK (length(reason) > 0),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  decision_note text,
  requested_by uuid REFERENCES users (id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  PRIMARY KEY (region_code, id),
  FOREIGN KEY (region_code, task_id) REFERENCES tasks (region_code, id) ON DELETE CASCADE
);
CREATE INDEX deadline_changes_task_idx ON deadline_changes (task_id);
