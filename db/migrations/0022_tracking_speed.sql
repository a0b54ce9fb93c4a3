-- Tracking, speed (issue 7, "Speed and scale"), second pass.

-- The stored dashboard counts (0015) name lead units' regions and matched leaders: a unit moved to another region,
-- or a person deleted, changes them without touching the plan. The directory's state they were taken at is kept
-- beside them (units' and people's latest change and number), and the counts hold only while it is unchanged.
ALTER TABLE plan_dashboard_state ADD COLUMN summary_org_stamp text;
