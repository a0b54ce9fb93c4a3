import type { Db } from '../../server/db.ts';
import { systemActor } from '../org/index.ts';
import { recomputeProgress } from './tracking.progress.service.ts';
import { progressIsStale } from './tracking.progress.repo.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

/**
 * The daily job: when the day has turned since the stored standings were computed, recomputes every task of every
 * issued plan as of today. Checked every `everyMs` (10 minutes) and once `firstMs` after start; several server
 * processes on one PostgreSQL each look, and the first to finish leaves nothing stale for the others. Returns the stop.
 * @example const stop = startDailyProgressJob(handle.db, log); … stop()
 */
export function startDailyProgressJob(db: Db, log: (line: string) => void, { everyMs = 600_000, firstMs = 5_000 } = {}): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const today = chinaDay();
      if (!(await progressIsStale(db, today))) return;
      const r = await recomputeProgress({ db, actor: systemActor('job', 'daily progress') }, { asOf: today });
      log(`progress: ${r.tasks} tasks of ${r.plans} plans recomputed as of ${r.asOf}`);
    } catch (error) {
      log(`progress: daily recompute failed: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), firstMs).unref();
  const timer = setInterval(() => void tick(), everyMs).unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
