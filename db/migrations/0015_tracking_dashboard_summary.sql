-- Tracking, speed (issue 7, "Speed and scale"): a plan's dashboard counts kept beside its stored standings, so a
-- dashboard of 25,000 tasks reads one row per part, leader, unit and region instead of aggregating every task per
-- request. Distributed by region_code beside plans and task_progress (tracking.module.ts `citus`).

-- One row per plan: a stamp bumped by every write of the plan's standings (saveProgress), and what the stored counts
-- were taken at. The counts are used only while the stamp, the plan's updated_at (the ledger touches it whenever
-- tasks or their assignments change) and the day all still match; otherwise they are taken again from scratch.
CREATE TABLE plan_dashboard_state (
  region_code text NOT NULL,
  plan_id uuid NOT NULL,
  stamp bigint NOT NULL DEFAULT 0,
  summary_stamp bigint,
  summary_plan_updated_at timestamptz,
  summary_as_of date,
  tasks integer NOT NULL DEFAULT 0,
  reports_due integer NOT NULL DEFAULT 0,
  reports_on_time integer NOT NULL DEFAULT 0,
  PRIMARY KEY (region_code, plan_id),
  FOREIGN KEY (region_code, plan_id) REFERENCES plans (region_code, id) ON DELETE CASCADE
);

-- The plan's tasks counted by class and by warning: overall (dim 'total', key ''), and per part, lead leader, lead
-- unit and the lead unit's region. `label` is the name as written; a matched person's or unit's (ref_id) and a
-- region's current name is joined in when read, so a rename shows at once.
CREATE TABLE plan_dashboard_counts (
  region_code text NOT NULL,
  plan_id uuid NOT NULL,
  dim text NOT NULL CHECK (dim IN ('total', 'part', 'leader', 'unit', 'region')),
  key text NOT NULL,
  ref_id uuid,
  label text NOT NULL,
  total integer NOT NULL,
  ahead integer NOT NULL,
  on_track integer NOT NULL,
  behind integer NOT NULL,
  done integer NOT NULL,
  overdue integer NOT NULL,
  red integer NOT NULL,
  yellow integer NOT NULL,
  blue integer NOT NULL,
  no_warning integer NOT NULL,
  PRIMARY KEY (region_code, plan_id, dim, key),
  FOREIGN KEY (region_code, plan_id) REFERENCES plans (region_code, id) ON DELETE CASCADE
);

-- A plan's tasks of one warning are read on their own (the dashboard's red-first list): warning before class.
DROP INDEX task_progress_plan_idx;
CREATE INDEX task_progress_plan_idx ON task_progress (plan_id, warning, class);
