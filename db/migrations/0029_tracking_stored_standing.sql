-- Tracking, speed (issue 7, "Speed and scale"), fourth pass: standings stored so they hold from day to day.
--
-- The daily recompute rewrote every task's row because the stored reason named the day and the expected percent moved
-- daily. Now a row keeps what changes rarely (class, warning, accepted percent, reports owed and on time) and the
-- reason with its day-dependent words as placeholders ({day}, {exp}, {gap:A}, {since:D}, {until:D}); the expected
-- percent is read off the line it follows (expected_line: `day:percent,…` from the start to the deadline), and both
-- are rendered for the day the row is shown for. The recompute then writes only the rows whose stored state changed.
--
-- The day a row is shown for: its own as_of when set (a single task refreshed, e.g. on an accepted report), otherwise
-- its plan's progress_as_of (the day of the plan's last whole recompute). Rows written before this migration keep their
-- words, numbers and as_of (no placeholders, expected_line null) until the next recompute rewrites them.
ALTER TABLE task_progress ADD COLUMN expected_line text;
ALTER TABLE task_progress ALTER COLUMN as_of DROP NOT NULL;
ALTER TABLE plan_dashboard_state ADD COLUMN progress_as_of date;

-- Room on each page for the rows that do change, so their update stays on the page (a HOT update: no index entries
-- written; class and warning are indexed, so only rows whose class and warning stay the same qualify).
ALTER TABLE task_progress SET (fillfactor = 70);
