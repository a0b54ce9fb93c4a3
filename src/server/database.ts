import type { OrgTables } from '../modules/org/org.tables.ts';
import type { LedgerTables } from '../modules/ledger/ledger.tables.ts';
import type { ComplexityTables } from '../modules/complexity/complexity.tables.ts';
import type { TrackingTables } from '../modules/tracking/tracking.tables.ts';
import type { ProgressTables } from '../modules/tracking/tracking.progress.tables.ts';

/** Every table Luoshi keeps, as Kysely sees them; each module declares its own part. */
export interface Database extends OrgTables, LedgerTables, ComplexityTables, TrackingTables, ProgressTables {}
