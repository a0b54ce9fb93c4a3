-- Plans (决定/意见/方案/工作方案/任务清单), their versions and node trees, consultation comments,
-- and the key tasks of a task-division plan with leaders, units, milestones and indicators.
-- Every table carries region_code, the key it would be distributed by under Citus; foreign keys between
-- plan tables include it, so a plan and everything under it live on one shard.

CREATE TABLE plans (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL REFERENCES regions (code),
  title text NOT NULL,
  plan_type text NOT NULL CHECK (plan_type IN ('decision', 'opinion', 'plan', 'work_plan', 'task_list')),
  issuer text,
  doc_number text,
  issued_on date,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'consultation', 'adopted', 'issued')),
  owner_unit_id uuid REFERENCES units (id),
  parent_plan_id uuid,
  parent_node_key uuid,
  current_version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (region_code, id)
);
CREATE INDEX plans_id_idx ON plans (id);
CREATE INDEX plans_parent_idx ON plans (parent_plan_id);

-- A saved state of a plan's text: the document metadata and the node tree as of that version.
CREATE TABLE plan_versions (
  region_code text NOT NULL,
  plan_id uuid NOT NULL,
  number integer NOT NULL,
  note text NOT NULL DEFAULT '',
  source_name text,
  source_text text,
  meta jsonb NOT NULL DEFAULT '{}',
  tables jsonb NOT NULL DEFAULT '[]',
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, plan_id, number),
  FOREIGN KEY (region_code, plan_id) REFERENCES plans (region_code, id) ON DELETE CASCADE
);

-- Nodes of one version. node_key identifies "the same node" across versions (kept when a version is
-- derived from another), so versions can be compared node by node and comments follow their node.
CREATE TABLE plan_nodes (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  plan_id uuid NOT NULL,
  version_number integer NOT NULL,
  node_key uuid NOT NULL DEFAULT gen_random_uuid(),
  parent_key uuid,
  position integer NOT NULL,
  depth integer NOT NULL,
  kind text NOT NULL DEFAULT 'item',
  marker text NOT NULL DEFAULT '',
  heading text NOT NULL DEFAULT '',
  body text NOT NULL DEFAULT '',
  ordinal integer,
  source_line integer,
  PRIMARY KEY (region_code, id),
  UNIQUE (region_code, plan_id, version_number, node_key),
  FOREIGN KEY (region_code, plan_id, version_number) REFERENCES plan_versions (region_code, plan_id, number) ON DELETE CASCADE
);
CREATE INDEX plan_nodes_version_idx ON plan_nodes (plan_id, version_number, position);

-- Consultation (征求意见): a unit's comment on a node, and the drafting office's decision on it.
CREATE TABLE plan_comments (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  plan_id uuid NOT NULL,
  version_number integer NOT NULL,
  node_key uuid,
  unit_id uuid NOT NULL REFERENCES units (id),
  author_user_id uuid REFERENCES users (id),
  body text NOT NULL CHECK (length(body) > 0),
  decision text NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'adopted', 'partly', 'rejected')),
  decision_reason text,
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, id),
  FOREIGN KEY (region_code, plan_id) REFERENCES plans (region_code, id) ON DELETE CASCADE,
  CHECK (decision <> 'rejected' OR length(coalesce(decision_reason, '')) > 0)
);
CREATE INDEX plan_comments_plan_idx ON plan_comments (plan_id, node_key);

-- Key tasks (重点任务) of a plan.
CREATE TABLE tasks (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  plan_id uuid NOT NULL,
  position integer NOT NULL,
  seq text NOT NULL DEFAULT '',
  group_path text[] NOT NULL DEFAULT '{}',
  title text NOT NULL CHECK (length(title) > 0),
  task_kind text NOT NULL DEFAULT 'one_off' CHECK (task_kind IN ('one_off', 'phased', 'ongoing')),
  deadline_text text NOT NULL DEFAULT '',
  due_date date,
  start_date date,
  recurrence text CHECK (recurrence IN ('monthly', 'quarterly', 'half_yearly', 'yearly')),
  ongoing boolean NOT NULL DEFAULT false,
  deadline_understood boolean NOT NULL DEFAULT true,
  note text NOT NULL DEFAULT '',
  extra jsonb NOT NULL DEFAULT '{}',
  source_row integer,
  node_keys uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (region_code, id),
  FOREIGN KEY (region_code, plan_id) REFERENCES plans (region_code, id) ON DELETE CASCADE
);
CREATE INDEX tasks_id_idx ON tasks (id);
CREATE INDEX tasks_plan_idx ON tasks (plan_id, position);
CREATE INDEX tasks_node_keys_idx ON tasks USING gin (node_keys);

-- Lead city leaders of a task; person_id is null while the written name is not yet matched to a person.
CREATE TABLE task_leaders (
  region_code text NOT NULL,
  task_id uuid NOT NULL,
  position integer NOT NULL,
  raw_name text NOT NULL,
  person_id uuid REFERENCES people (id),
  PRIMARY KEY (region_code, task_id, position),
  FOREIGN KEY (region_code, task_id) REFERENCES tasks (region_code, id) ON DELETE CASCADE
);

-- Lead unit (role 'lead', one per task) and responsible/supporting units ('co'); unit_id is null while unmatched.
CREATE TABLE task_units (
  region_code text NOT NULL,
  task_id uuid NOT NULL,
  role text NOT NULL CHECK (role IN ('lead', 'co')),
  position integer NOT NULL,
  raw_name text NOT NULL,
  unit_id uuid REFERENCES units (id),
  PRIMARY KEY (region_code, task_id, role, position),
  FOREIGN KEY (region_code, task_id) REFERENCES tasks (region_code, id) ON DELETE CASCADE
);
CREATE INDEX task_units_unit_idx ON task_units (unit_id);
CREATE UNIQUE INDEX task_units_one_lead ON task_units (region_code, task_id) WHERE role = 'lead';

CREATE TABLE task_milestones (
  region_code text NOT NULL,
  task_id uuid NOT NULL,
  position integer NOT NULL,
  title text NOT NULL CHECK (length(title) > 0),
  due_text text NOT NULL DEFAULT '',
  due_date date,
  PRIMARY KEY (region_code, task_id, position),
  FOREIGN KEY (region_code, task_id) REFERENCES tasks (region_code, id) ON DELETE CASCADE
);

CREATE TABLE task_indicators (
  region_code text NOT NULL,
  task_id uuid NOT NULL,
  position integer NOT NULL,
  name text NOT NULL CHECK (length(name) > 0),
  unit_of_measure text NOT NULL DEFAULT '',
  baseline numeric,
  target numeric,
  target_date date,
  PRIMARY KEY (region_code, task_id, position),
  FOREIGN KEY (region_code, task_id) REFERENCES tasks (region_code, id) ON DELETE CASCADE
);
