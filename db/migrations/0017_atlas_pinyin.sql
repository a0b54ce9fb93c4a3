-- Enterprise lists in pinyin order (天津 before 北京? no: bei jing < tian jin), sorted in SQL with a limit rather than
-- in JS over a million rows. The key is the name's toneless pinyin, syllables separated by spaces (so "an" sorts
-- before "ang"), Latin letters and digits lower-cased as they are; filled at import (atlas.pinyin.ts) and, for rows
-- imported before it, by `luoshi atlas pinyin` (null keys sort last until then). Compared bytewise ("C") so PGlite,
-- PostgreSQL and Citus order alike.
ALTER TABLE atlas_enterprises ADD COLUMN name_pinyin text COLLATE "C";
CREATE INDEX atlas_enterprises_pinyin_idx ON atlas_enterprises (name_pinyin, region_code, id);
