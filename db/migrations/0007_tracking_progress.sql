-- Tracking, progress part (issue 7): expected progress (序时进度), class and warning of each task, kept as stored state
-- (updated when a report is accepted and when the day turns) so the dashboard and rankings read it rather than
-- recomputing it per request. Distributed by region_code beside tasks (src/server/citus.ts).

-- A milestone may name the percent expected by its date: an intermediate point of expected progress.
ALTER TABLE task_milestones ADD COLUMN percent numeric CHECK (percent >= 0 AND percent <= 100);

-- The numbers of the rule a supervisor set for a plan; a plan without a row follows the default rule
-- (5 points, 15 days, 2 late reports in a row).
CREATE TABLE plan_progress_rules (
  region_code text NOT NULL,
  plan_id uuid NOT NULL,
  ahead_points numeric NOT NULL CHECK (ahead_points >= 0 AND ahead_points <= 100),
  behind_points numeric NOT NULL CHECK (behind_points >= 0 AND behind_points <= 100),
  blue_days integer NOT NULL CHECK (blue_days >= 0 AND blue_days <= 366),
  red_late_reports integer NOT NULL CHECK (red_late_reports >= 1 AND red_late_reports <= 24),
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, plan_id),
  FOREIGN KEY (region_code, plan_id) REFERENCES plans (region_code, id) ON DELETE CASCADE
);

-- A task's standing as of a day: expected and accepted percent, class, warning and the reason in words.
CREATE TABLE task_progress (
  region_code text NOT NULL,
  task_id uuid NOT NULL,
  plan_id uuid NOT NULL,
  as_of date NOT NULL,
  expected numeric,
  actual numeric,
  class text NOT NULL CHECK (class IN ('ahead', 'on_track', 'behind', 'done', 'overdue')),
  warning text CHECK (warning IN ('blue', 'yellow', 'red')),
  late_reports integer NOT NULL DEFAULT 0,
  reason_zh text NOT NULL,
  reason_en text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, task_id),
  FOREIGN KEY (region_code, task_id) REFERENCES tasks (region_code, id) ON DELETE CASCADE
);
CREATE INDEX task_progress_plan_idx ON task_progress (plan_id, class, warning);
