import { describe, expect, it } from 'vitest';
import { chinaDay } from '../../../web/format.ts';
import { taskTimeline } from './task-timeline.ts';

type Input = Parameters<typeof taskTimeline>[0];
const report = (id: string, period: string, unit: string) => ({ id, period, kind: 'progress', unit_name: unit, unit_short_name: unit }) as unknown as Input['reports'][number];
const event = (id: string, reportId: string, action: string, at: string) => ({ id, report_id: reportId, action, at, actor_name: '张三', reason: null }) as unknown as Input['timeline'][number];
const activity = (id: string, heldOn: string, createdAt: string) => ({ id, heldOn, createdAt, kind: 'meeting', title: '协调会', unitName: '市工信局' }) as unknown as Input['activities'][number];
const change = (id: string, requested: string, decided: string | null, status: string) =>
  ({ id, requested_at: requested, decided_at: decided, status, old_due_date: '2026-06-30', new_due_date: '2026-09-30', reason: '征地未完成', decision_note: null }) as unknown as Input['deadlineChanges'][number];

describe('a task’s whole timeline (任务全程留痕)', () => {
  const d: Input = {
    reports: [report('r5', '2026-05', '市工信局'), report('r6', '2026-06', '市工信局')],
    timeline: [
      event('e1', 'r5', 'submit', '2026-05-24T02:00:00Z'),
      event('e2', 'r5', 'accept', '2026-05-26T03:00:00Z'),
      event('e3', 'r6', 'submit', '2026-06-24T09:00:00Z'),
      event('e4', 'r6', 'return', '2026-06-25T01:00:00Z'),
      // A step of a report the caller may not see (another unit's draft) is left out.
      event('e5', 'hidden', 'create', '2026-06-26T01:00:00Z'),
    ],
    activities: [activity('a1', '2026-06-25', '2026-06-27T08:00:00Z')],
    deadlineChanges: [change('c1', '2026-06-10T02:00:00Z', '2026-06-12T02:00:00Z', 'approved'), change('c2', '2026-06-28T02:00:00Z', null, 'pending')],
  };

  it('puts every report’s steps, the activities and the deadline changes in one list, latest first', () => {
    expect(taskTimeline(d).map((e) => e.key)).toEqual(['rc2', 'aa1', 'ee4', 'ee3', 'dc1', 'rc1', 'ee2', 'ee1']);
  });

  it('files an activity under the day it was held, not the day it was written down, after that day’s steps', () => {
    const whole = taskTimeline(d);
    const meeting = whole.findIndex((e) => e.type === 'activity');
    const returned = whole.findIndex((e) => e.key === 'ee4');
    expect(whole[meeting]!.day).toBe('2026-06-25');
    expect(meeting).toBeLessThan(returned);
  });

  it('names each report step’s period and unit', () => {
    const first = taskTimeline(d).find((e) => e.key === 'ee1');
    expect(first?.type === 'report' && first.report.period).toBe('2026-05');
  });

  it('shows a deadline change twice once decided (the request and the decision), once while pending', () => {
    const steps = taskTimeline(d).filter((e) => e.type === 'deadline').map((e) => (e.type === 'deadline' ? `${e.change.id}:${e.step}` : ''));
    expect(steps).toEqual(['c2:requested', 'c1:decided', 'c1:requested']);
  });

  it('dates a step by China’s clock: 01:00 UTC on the 25th and 20:00 UTC on the 24th are both the 25th there', () => {
    expect(chinaDay('2026-06-25T01:00:00Z')).toBe('2026-06-25');
    expect(chinaDay('2026-06-24T20:00:00Z')).toBe('2026-06-25');
    expect(chinaDay('2026-06-24T15:59:59Z')).toBe('2026-06-24');
  });
});
