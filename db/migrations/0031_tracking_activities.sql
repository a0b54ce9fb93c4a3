-- Tracking, activities (issue 7, Reporting): study sessions, field research and coordination meetings (专题学习、调研、
-- 协调会) recorded against the task they serve, with the unit that held them, the date, participants and outcome. They
-- appear in the task's timeline and in the unit's record. Distributed by region_code (the plan's region) beside tasks
-- (src/server/citus.ts, the tracking manifest's `citus.distributed`).

CREATE TABLE task_activities (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  task_id uuid NOT NULL,
  -- The unit that held it (the task's lead or a supporting unit).
  unit_id uuid NOT NULL REFERENCES units (id),
  kind text NOT NULL CHECK (kind IN ('study', 'research', 'meeting')),
  title text NOT NULL CHECK (length(title) > 0),
  held_on date NOT NULL,
  participants text,
  outcome text,
  created_by uuid REFERENCES users (id),
  author_name text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, id),
  FOREIGN KEY (region_code, task_id) REFERENCES tasks (region_code, id) ON DELETE CASCADE
);
CREATE INDEX task_activities_task_idx ON task_activities (task_id, held_on);
CREATE INDEX task_activities_unit_idx ON task_activities (unit_id, held_on);
