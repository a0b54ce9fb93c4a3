import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { planProgressStatus } from './tracking.progress.service.ts';
import { planDashboard } from './tracking.dashboard.service.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await openTestDatabase('demo');
});
afterAll(async () => h?.close());

describe('the demo progress plan', () => {
  it('is half-way through its year with every class and every warning present', async () => {
    const plan = await h.db.selectFrom('plans').select(['id', 'issued_date']).where('title', 'like', '%年度重点任务分工方案（示例）').executeTakeFirstOrThrow();
    const duban = await contextAs(h, 'duban');
    // Judged on the day the demo was seeded: 182 days after the plan took effect.
    const seeded = new Date(Date.parse(`${plan.issued_date}T00:00:00Z`) + 182 * 86_400_000).toISOString().slice(0, 10);
    expect(seeded <= chinaDay()).toBe(true);
    const { tasks } = await planProgressStatus(duban, plan.id, seeded);
    expect(new Set(tasks.map((t) => t.class))).toEqual(new Set(['ahead', 'on_track', 'behind', 'done', 'overdue']));
    expect(new Set(tasks.map((t) => t.warning))).toEqual(new Set(['red', 'yellow', 'blue', null]));
    expect(tasks.find((t) => t.number === '3')?.reason).toMatch(/^截至.+应完成50%，实际完成20%，落后30个百分点$/);
    // The dashboard shows the same on that day.
    const d = await planDashboard(duban, plan.id, {}, { asOf: seeded });
    expect(d.totals).toMatchObject({ total: 9, classes: { ahead: 1, on_track: 3, behind: 3, done: 1, overdue: 1 }, warnings: { red: 2, yellow: 2, blue: 1, none: 4 } });
  });
});
