import type { Db } from './db.ts';
import { seedDemoOrg } from '../modules/org/org.seed.ts';
import { seedDemoLedger } from '../modules/ledger/ledger.seed.ts';
import { seedDemoReports } from '../modules/tracking/tracking.seed.ts';
import { seedDemoProgress } from '../modules/tracking/tracking.progress.seed.ts';

/** A module's demo loader: receives the org unit ids by seed key. */
export type DemoSeeder = (db: Db, ctx: { unitIds: Map<string, string>; log: (line: string) => void }) => Promise<void>;

/** Demo loaders of the modules beyond org, run in order after the org directory is loaded. */
export const demoSeeders: DemoSeeder[] = [seedDemoLedger, seedDemoReports, seedDemoProgress];

/** Loads the demo region once; returns whether anything was loaded now. */
export async function seedDemo(db: Db, log: (line: string) => void = () => {}): Promise<boolean> {
  const { seeded, unitIds } = await seedDemoOrg(db);
  if (!seeded) return false;
  for (const seeder of demoSeeders) await seeder(db, { unitIds, log });
  log('loaded the demo region (京津冀 / Beijing–Tianjin–Hebei)');
  return true;
}
