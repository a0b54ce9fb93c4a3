import type { TablesOf } from './module.ts';
import type { modules } from './registry.ts';

/** Every table Luoshi keeps, as Kysely sees them: the intersection of each registered module's tables. */
export type Database = TablesOf<typeof modules>;
