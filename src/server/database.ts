import type { OrgTables } from '../modules/org/org.tables.ts';

/** Every table Luoshi keeps, as Kysely sees them; each module declares its own part. */
export interface Database extends OrgTables {}
