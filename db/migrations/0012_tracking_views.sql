-- Tracking, views part (issue 7): the progress briefing (进展情况通报) and what the dashboard shows beside it.

-- How many reports a task owed by its standing's day and how many came on time, stored with the standing so the
-- dashboard and the briefing read the same figure (filled by the next recompute; 0 until then).
ALTER TABLE task_progress ADD COLUMN reports_due integer NOT NULL DEFAULT 0;
ALTER TABLE task_progress ADD COLUMN reports_on_time integer NOT NULL DEFAULT 0;

-- Tasks (and optionally one of their reports) a supervisor picked to highlight in the briefing of a day (工作亮点).
CREATE TABLE briefing_highlights (
  region_code text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL,
  briefing_date date NOT NULL,
  task_id uuid NOT NULL,
  report_id uuid,
  note text NOT NULL DEFAULT '',
  position integer NOT NULL DEFAULT 0,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, id),
  UNIQUE (region_code, plan_id, briefing_date, task_id),
  FOREIGN KEY (region_code, plan_id) REFERENCES plans (region_code, id) ON DELETE CASCADE,
  FOREIGN KEY (region_code, task_id) REFERENCES tasks (region_code, id) ON DELETE CASCADE,
  FOREIGN KEY (region_code, report_id) REFERENCES task_reports (region_code, id) ON DELETE CASCADE
);
CREATE INDEX briefing_highlights_day_idx ON briefing_highlights (plan_id, briefing_date);
