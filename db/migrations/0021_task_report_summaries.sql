-- Tracking, speed (issue 7, "Speed and scale"), third pass: each task's lead reports summed up once per report write,
-- so the recompute when the day turns reads one row per task instead of sorting the plan's reports (a 25,000-task
-- plan has ~250,000). Distributed by region_code beside plans and task_reports (tracking.module.ts `citus`).

-- One row per task with lead reports (and the plan the reports name), as tracking.progress.repo.ts REPORT_SUMMARY
-- computes it: `actual`, the latest accepted percent of all (latest period, then latest review); `known_on`, the
-- latest day one of those accepted percents became known (its review day in China, or its period's end) — the row
-- holds for a recompute on that day or later, an earlier day reads the reports; `dues`, the progress and closing
-- reports as due day (or `p` and period end) = the day each came. Written by every writer of task_reports
-- (refreshReportSummaries) in the same transaction.
CREATE TABLE task_report_summaries (
  region_code text NOT NULL,
  task_id uuid NOT NULL,
  plan_id uuid NOT NULL,
  actual numeric,
  known_on text,
  dues text,
  PRIMARY KEY (region_code, task_id, plan_id),
  FOREIGN KEY (region_code, task_id) REFERENCES tasks (region_code, id) ON DELETE CASCADE
);
CREATE INDEX task_report_summaries_plan_idx ON task_report_summaries (plan_id);

INSERT INTO task_report_summaries (region_code, task_id, plan_id, actual, known_on, dues)
SELECT region_code, task_id, plan_id,
  (array_agg(percent ORDER BY period_end DESC, reviewed_at DESC NULLS LAST) FILTER (WHERE status = 'accepted' AND percent IS NOT NULL))[1],
  max(coalesce(to_char((reviewed_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD'), period_end::text)) FILTER (WHERE status = 'accepted' AND percent IS NOT NULL),
  string_agg(coalesce(due_date::text, 'p' || period_end::text) || '=' ||
    coalesce(to_char((submitted_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD'), CASE WHEN source = 'import' OR status = 'accepted' THEN '*' END, ''), ',')
    FILTER (WHERE kind IN ('progress', 'closing'))
FROM task_reports
WHERE role = 'lead'
GROUP BY region_code, task_id, plan_id;

ANALYZE task_report_summaries;
