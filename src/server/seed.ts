import type { Db } from './db.ts';
import { seedDemoOrg } from '../modules/org/org.seed.ts';
import { moduleDemoSeeders } from './registry.ts';

export type { DemoSeeder } from './module.ts';

/** Loads the demo region once (org's directory, then each module's demo data in registry order); returns whether anything was loaded now. */
export async function seedDemo(db: Db, log: (line: string) => void = () => {}): Promise<boolean> {
  const { seeded, unitIds } = await seedDemoOrg(db);
  if (!seeded) return false;
  for (const seeder of await moduleDemoSeeders()) await seeder(db, { unitIds, log });
  log('loaded the demo region (京津冀 / Beijing–Tianjin–Hebei)');
  return true;
}
