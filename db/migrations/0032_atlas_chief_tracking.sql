-- 链长制 key projects (重点项目) followed in the ledger (issue 8): one action on the 链长制 page makes a chosen key
-- project a ledger task, and a tracking project under it once it has signed (atlas.chiefs.tracking.service.ts).
-- The item keeps both ids so that the page shows the project and its stage and a second click creates nothing twice:
--   tracked_plan_id     the plan that holds the task;
--   tracked_task_id     the ledger task made for the key project;
--   tracked_project_id  the tracking project under it (null while the key project is at 谋划, which has no
--                       tracking stage: tracking projects start at 签约);
--   tracked_region      the region of the plan holding the task, which is the region key of the task and project
--                       rows (Citus routes a read of them to one shard with it).
ALTER TABLE atlas_chain_chief_items ADD COLUMN tracked_plan_id uuid;
ALTER TABLE atlas_chain_chief_items ADD COLUMN tracked_task_id uuid;
ALTER TABLE atlas_chain_chief_items ADD COLUMN tracked_project_id uuid;
ALTER TABLE atlas_chain_chief_items ADD COLUMN tracked_region text;
