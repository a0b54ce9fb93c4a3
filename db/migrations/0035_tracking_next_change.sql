-- Tracking, speed (issue 7, "Speed and scale"): the day turn recomputes only the tasks whose standing can change.
--
-- A stored standing (task_progress) holds, its inputs unchanged, until the first day its class, warning, reports owed,
-- line or reason could change: next_change (worked out with the standing: the day its class crosses the rule's
-- points along the expected line, its deadline enters the blue window or passes, the next report falls due, …). The
-- day turn of a plan whose rows were computed on an earlier day reads and rewrites only the rows with next_change on
-- or before the new day, or null: not known (rows stored before this migration, or whose inputs changed since).
ALTER TABLE task_progress ADD COLUMN next_change date;
CREATE INDEX task_progress_next_change_idx ON task_progress (region_code, plan_id, next_change);

-- What the plan-wide rules were read from (tracking.progress.service.ts planInputs: the plan's dates, reporting cycle
-- and rule), and how many tasks it had: when it differs, or is null, the plan's next day turn recomputes every task of it.
ALTER TABLE plan_dashboard_state ADD COLUMN progress_inputs text;

-- A change to what a standing is computed from leaves its row to be recomputed on the next day turn (next_change
-- null): a task's dates, kind or closing (tasks), its milestones, its reports (task_report_summaries, written on every
-- report write). A task added to a plan, removed, or moved to another, has its plans recomputed whole (progress_inputs null).
-- Statement triggers with transition tables: one UPDATE per statement, however many rows it wrote. Not on Citus
-- (triggers on distributed tables are refused there): without them the day turn recomputes every task, as before
-- (tracking.progress.repo.ts incrementalReady).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;

  EXECUTE $f$
    CREATE FUNCTION task_progress_stale_new() RETURNS trigger LANGUAGE plpgsql AS $b$
    BEGIN
      UPDATE task_progress g SET next_change = NULL
      FROM (SELECT DISTINCT region_code, task_id FROM changed_rows) c
      WHERE g.region_code = c.region_code AND g.task_id = c.task_id AND g.next_change IS NOT NULL;
      RETURN NULL;
    END $b$
  $f$;
  EXECUTE $f$
    CREATE FUNCTION task_progress_stale_tasks() RETURNS trigger LANGUAGE plpgsql AS $b$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        UPDATE plan_dashboard_state s SET progress_inputs = NULL
        FROM (SELECT DISTINCT region_code, plan_id FROM old_tasks) c
        WHERE s.region_code = c.region_code AND s.plan_id = c.plan_id AND s.progress_inputs IS NOT NULL;
        RETURN NULL;
      END IF;
      UPDATE task_progress g SET next_change = NULL
      FROM (SELECT DISTINCT region_code, id FROM new_tasks) c
      WHERE g.region_code = c.region_code AND g.task_id = c.id AND g.next_change IS NOT NULL;
      IF TG_OP = 'INSERT' THEN
        UPDATE plan_dashboard_state s SET progress_inputs = NULL
        FROM (SELECT DISTINCT region_code, plan_id FROM new_tasks) c
        WHERE s.region_code = c.region_code AND s.plan_id = c.plan_id AND s.progress_inputs IS NOT NULL;
      ELSE
        UPDATE plan_dashboard_state s SET progress_inputs = NULL
        FROM (SELECT n.region_code, n.plan_id FROM new_tasks n JOIN old_tasks o ON o.region_code = n.region_code AND o.id = n.id AND o.plan_id <> n.plan_id
              UNION SELECT o.region_code, o.plan_id FROM new_tasks n JOIN old_tasks o ON o.region_code = n.region_code AND o.id = n.id AND o.plan_id <> n.plan_id) c
        WHERE s.region_code = c.region_code AND s.plan_id = c.plan_id AND s.progress_inputs IS NOT NULL;
      END IF;
      RETURN NULL;
    END $b$
  $f$;

  EXECUTE 'CREATE TRIGGER task_progress_stale_task_ins AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_tasks FOR EACH STATEMENT EXECUTE FUNCTION task_progress_stale_tasks()';
  EXECUTE 'CREATE TRIGGER task_progress_stale_task_upd AFTER UPDATE ON tasks REFERENCING OLD TABLE AS old_tasks NEW TABLE AS new_tasks FOR EACH STATEMENT EXECUTE FUNCTION task_progress_stale_tasks()';
  EXECUTE 'CREATE TRIGGER task_progress_stale_task_del AFTER DELETE ON tasks REFERENCING OLD TABLE AS old_tasks FOR EACH STATEMENT EXECUTE FUNCTION task_progress_stale_tasks()';
  EXECUTE 'CREATE TRIGGER task_progress_stale_milestone_ins AFTER INSERT ON task_milestones REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION task_progress_stale_new()';
  EXECUTE 'CREATE TRIGGER task_progress_stale_milestone_upd AFTER UPDATE ON task_milestones REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION task_progress_stale_new()';
  EXECUTE 'CREATE TRIGGER task_progress_stale_milestone_del AFTER DELETE ON task_milestones REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION task_progress_stale_new()';
  EXECUTE 'CREATE TRIGGER task_progress_stale_summary_ins AFTER INSERT ON task_report_summaries REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION task_progress_stale_new()';
  EXECUTE 'CREATE TRIGGER task_progress_stale_summary_upd AFTER UPDATE ON task_report_summaries REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION task_progress_stale_new()';
  EXECUTE 'CREATE TRIGGER task_progress_stale_summary_del AFTER DELETE ON task_report_summaries REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION task_progress_stale_new()';
END $$;

-- Statistics for the new column, so the day turn's first plans pick the rows by the index.
ANALYZE task_progress;
