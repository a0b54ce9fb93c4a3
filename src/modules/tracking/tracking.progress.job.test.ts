import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { startDailyProgressJob } from './tracking.progress.job.ts';
import { chinaDay } from '../../lib/calendar-date.ts';
import { shownDay } from './tracking.progress.repo.ts';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await openTestDatabase('demo');
});
afterAll(async () => h?.close());

// The day each stored standing is shown for (its own, or its plan's progress day: migration 0029).
const stored = () => h.db.selectFrom('task_progress as p').select(shownDay<string>('p').as('as_of')).execute();

async function until(check: () => Promise<boolean>, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('the job did not run');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the daily progress job', () => {
  it('computes the issued plans’ tasks after start, and again once the stored day is past', async () => {
    // The demo seed stored its own plan's standings; start from none.
    await h.db.deleteFrom('task_progress').where('region_code', '=', '120000').execute();
    expect(await stored()).toHaveLength(0);
    const lines: string[] = [];
    let stop = startDailyProgressJob(h.db, (l) => lines.push(l), { firstMs: 0, everyMs: 60_000 });
    // Each plan commits on its own (on PostgreSQL two at a time): the job has run when it says so.
    await until(async () => lines.length > 0);
    stop();
    const today = chinaDay();
    expect((await stored()).every((r) => r.as_of === today)).toBe(true);
    // The demo's issued plans: the Decision's, the 2026 task-division plan and the chain office's (empty) 招商 ledger.
    expect(lines.join('\n')).toMatch(/progress: 19 tasks of 3 plans recomputed/);

    // As if the standings were last computed long ago.
    await h.db.updateTable('plan_dashboard_state').set({ progress_as_of: '2020-01-01' }).execute();
    await h.db.updateTable('task_progress').set({ as_of: '2020-01-01' }).where('as_of', '=', today).execute();
    expect((await stored()).every((r) => r.as_of === '2020-01-01')).toBe(true);
    stop = startDailyProgressJob(h.db, (l) => lines.push(l), { firstMs: 0, everyMs: 60_000 });
    await until(async () => (await stored()).every((r) => r.as_of === today));
    stop();
  }, 60_000);
});
