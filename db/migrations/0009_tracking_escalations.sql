-- Tracking, escalation part (issue 7): escalation notices (督办单) on tasks, numbered per issuing region and year
-- (督办〔2026〕12号), sent to the task's lead unit and its lead leader, answered by the unit and closed by the
-- supervision office. Distributed by region_code beside tasks (src/server/citus.ts): a region's office numbers its
-- own notices, so the counter and the unique number both carry region_code.

-- The last number given in a region and year. Issuing locks this row and raises it in the same transaction as the
-- notice, so concurrent issues wait for each other and no number is given twice or skipped.
CREATE TABLE escalation_counters (
  region_code text NOT NULL,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
  last_number integer NOT NULL DEFAULT 0 CHECK (last_number >= 0),
  PRIMARY KEY (region_code, year)
);

CREATE TABLE escalations (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  plan_id uuid NOT NULL,
  task_id uuid NOT NULL,
  year integer NOT NULL,
  number integer NOT NULL CHECK (number > 0),
  -- The task's lead unit and its lead leader when issued (kept as sent, even if the task's assignment changes).
  unit_id uuid REFERENCES units (id),
  unit_name text NOT NULL,
  leader_person_id uuid REFERENCES people (id),
  leader_name text,
  source text NOT NULL CHECK (source IN ('red_warning', 'overdue', 'late_reports', 'manual')),
  reason text NOT NULL CHECK (length(reason) > 0),
  requirements text NOT NULL CHECK (length(requirements) > 0),
  reply_due date NOT NULL,
  status text NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'answered', 'returned', 'closed')),
  answer text,
  answered_by uuid REFERENCES users (id),
  answered_by_name text,
  answered_at timestamptz,
  return_reason text,
  close_note text,
  closed_by uuid REFERENCES users (id),
  closed_at timestamptz,
  issued_by uuid REFERENCES users (id),
  issued_by_name text NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (region_code, id),
  UNIQUE (region_code, year, number),
  FOREIGN KEY (region_code, task_id) REFERENCES tasks (region_code, id) ON DELETE CASCADE
);
-- One open notice per task: issuing again (double click, a retry, a bulk issue over a task already escalated) finds it.
CREATE UNIQUE INDEX escalations_one_open ON escalations (region_code, task_id) WHERE status <> 'closed';
CREATE INDEX escalations_unit_idx ON escalations (unit_id, status);
CREATE INDEX escalations_status_idx ON escalations (status, issued_at);

-- Every step of a notice (留痕): issued, answered, returned to the unit, closed.
CREATE TABLE escalation_events (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  escalation_id uuid NOT NULL,
  action text NOT NULL CHECK (action IN ('issue', 'answer', 'return', 'close')),
  from_status text,
  to_status text NOT NULL,
  note text,
  actor_user_id uuid REFERENCES users (id),
  actor_name text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, id),
  FOREIGN KEY (region_code, escalation_id) REFERENCES escalations (region_code, id) ON DELETE CASCADE
);
CREATE INDEX escalation_events_escalation_idx ON escalation_events (escalation_id, at);
