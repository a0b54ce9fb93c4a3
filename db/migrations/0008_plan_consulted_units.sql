-- The units a plan out for consultation (征求意见) is sent to: while consulted they, besides the owning unit's side and
-- the supervisors, may read the draft and comment on it. Replaced whenever the plan is sent out for consultation again.
-- Keyed by region_code like every plan table, so the rows live on the plan's shard under Citus.

CREATE TABLE plan_consulted_units (
  region_code text NOT NULL,
  plan_id uuid NOT NULL,
  unit_id uuid NOT NULL REFERENCES units (id),
  PRIMARY KEY (region_code, plan_id, unit_id),
  FOREIGN KEY (region_code, plan_id) REFERENCES plans (region_code, id) ON DELETE CASCADE
);
