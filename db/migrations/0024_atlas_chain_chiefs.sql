-- The chain-chief system (链长制): for each chain a region keeps, its 链长 and 副链长, the chain office (链长办), the
-- working group, and the lists the office keeps: 链主企业, key projects (重点项目), gaps to fill (补链), technologies to
-- attack (攻关) and policies (政策). They export to the formats the offices file (图谱、清单、台账).
--
-- Citus placement: both tables are distributed by `region_code`, co-located with `plans`: a region's chain office
-- keeps its own record. A chain is named by its key, not its id: a region's adapted copy of a shared chain
-- (采用并调整) has its own id but the same key and segment keys, so the record stays when a region adapts the chain.
-- Enterprises are named by their USCC and name as chosen (they may live on another region's shard); people and units
-- by id with their name as chosen (org's tables are reference tables; the service checks them).

CREATE TABLE atlas_chain_chiefs (
  region_code text NOT NULL REFERENCES regions (code),
  chain_key text NOT NULL,
  -- 链长: a city leader, [{"personId": uuid|null, "name": text, "title": text|null}] for the chief and deputies.
  chief jsonb,
  deputies jsonb NOT NULL DEFAULT '[]',
  -- 链长办: the unit that serves as the chain office, by id when it is one of org's units, and its name.
  office_unit_id uuid,
  office_name text,
  office_contact text,
  -- 工作专班: [{"unit": text, "person": text, "role": text}].
  working_group jsonb NOT NULL DEFAULT '[]',
  note text,
  updated_by uuid REFERENCES users (id),
  updated_by_name text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, chain_key)
);

CREATE TABLE atlas_chain_chief_items (
  region_code text NOT NULL REFERENCES regions (code),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  chain_key text NOT NULL,
  -- leading 链主企业, project 重点项目, gap 补链清单, technology 攻关清单, policy 政策清单.
  list text NOT NULL CHECK (list IN ('leading', 'project', 'gap', 'technology', 'policy')),
  -- The enterprise's, project's, gap's, technology's or policy's name or title.
  name text NOT NULL CHECK (length(name) > 0),
  segment_key text,
  -- The enterprise (链主, a project's partner, a technology's lead enterprise) by its code, as chosen.
  uscc text,
  -- A leading enterprise's role (链主/龙头/配套骨干…); a technology's lead institute when it is not an enterprise.
  role text,
  amount numeric(14, 2) CHECK (amount >= 0),
  stage text,
  status text,
  chokepoint_id uuid,
  issuer text,
  doc_number text,
  issued_on date,
  link text,
  note text,
  as_of date NOT NULL,
  position integer NOT NULL DEFAULT 0,
  updated_by uuid REFERENCES users (id),
  updated_by_name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, id)
);
CREATE INDEX atlas_chain_chief_items_chain_idx ON atlas_chain_chief_items (region_code, chain_key, list, position);
