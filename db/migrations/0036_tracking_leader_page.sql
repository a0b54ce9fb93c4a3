-- Tracking, speed (issue 7, "Speed and scale"): a leader's page at province scale.
--
-- A leader's page starts from the tasks the person leads (task_leaders.person_id) and those whose lead unit is in the
-- person's portfolio. Nothing indexed task_leaders by person, so every read walked all of the region's tasks (a
-- province leader leads ~5,000 of 100,000: 8–9 s on PostgreSQL under load).
CREATE INDEX task_leaders_person_idx ON task_leaders (person_id);

-- The page's "awaiting a decision" list reads the submitted reports of those tasks: a few in a hundred of all reports.
-- A partial index keeps them apart from the accepted history (written only when a report is submitted or leaves that state).
CREATE INDEX task_reports_submitted_idx ON task_reports (task_id) WHERE status = 'submitted';
