import { describe, expect, it } from 'vitest';
import { DEFAULT_REMINDER_RULE, maskSecret, maskWebhook, owedPeriods, planReminders, reminderText, retryDelayMs, type PlannerLine } from './tracking.reminders.domain.ts';

const line = (over: Partial<PlannerLine> = {}): PlannerLine => ({
  regionCode: '120000',
  planId: 'p',
  taskId: 't',
  seq: '3',
  title: '绘制重点产业链图谱',
  unitId: 'u',
  role: 'lead',
  recurrence: null,
  closed: false,
  issuedDate: '2024-01-01',
  reportCycle: 'monthly',
  reportDueDay: 25,
  rule: DEFAULT_REMINDER_RULE,
  ...over,
});
const none = () => null;
const kinds = (today: string, status: (l: PlannerLine, p: string) => string | null = none, l = line()) =>
  planReminders([l], today, status).map((r) => `${r.kind}:${r.period}:${r.round}`);

describe('which reminders are due', () => {
  it('reminds from N days before the due date to the due date, once per period', () => {
    expect(kinds('2024-06-21')).toEqual([]);
    expect(kinds('2024-06-22')).toEqual(['due_soon:2024-06:0']);
    expect(kinds('2024-06-25')).toEqual(['due_soon:2024-06:0']);
    const a = planReminders([line()], '2024-06-22', none)[0].dedupeKey;
    expect(planReminders([line()], '2024-06-24', none)[0].dedupeKey).toBe(a);
    expect(kinds('2024-06-20', none, line({ rule: { daysBefore: 5, lateLimit: 3 } }))).toEqual(['due_soon:2024-06:0']);
  });

  it('reminds a late unit the day after the due date, then weekly, up to the limit', () => {
    expect(kinds('2024-06-26')).toEqual(['late:2024-06:0']);
    expect(kinds('2024-07-02')).toEqual(['late:2024-06:0']);
    expect(kinds('2024-07-03')).toEqual(['late:2024-06:1']);
    expect(kinds('2024-07-10')).toEqual(['late:2024-06:2']);
    // The fourth week is past the default limit of three; the new period's due date is not near yet.
    expect(kinds('2024-07-17')).toEqual([]);
    expect(kinds('2024-06-26', none, line({ rule: { daysBefore: 3, lateLimit: 0 } }))).toEqual([]);
  });

  it('leaves out reports sent, closed tasks and periods before the plan took effect', () => {
    expect(kinds('2024-06-26', () => 'submitted')).toEqual([]);
    expect(kinds('2024-06-26', () => 'accepted')).toEqual([]);
    expect(kinds('2024-06-26', () => 'returned')).toEqual(['late:2024-06:0']);
    expect(kinds('2024-06-26', () => 'draft')).toEqual(['late:2024-06:0']);
    expect(kinds('2024-06-26', none, line({ closed: true }))).toEqual([]);
    expect(kinds('2024-07-03', none, line({ issuedDate: '2024-07-01' }))).toEqual([]);
    expect(kinds('2024-06-26', none, line({ issuedDate: '2024-07-01' }))).toEqual([]);
  });

  it('follows a quarterly cycle', () => {
    expect(kinds('2024-09-23', none, line({ reportCycle: 'quarterly' }))).toEqual(['due_soon:2024-Q3:0']);
    expect(kinds('2024-08-23', none, line({ reportCycle: 'quarterly' }))).toEqual([]);
  });
});

describe('what a reminder says', () => {
  it('names the unit, the plan, the task, the period and the date in Chinese, with English beside', () => {
    const t = reminderText({ kind: 'late', days: 3, due: '2024-06-25', period: '2024-06', seq: '3', title: '绘制图谱', unitName: '市发展改革委', role: 'lead', planTitle: '决定' });
    // Every plan numbers its tasks from 1: the title (the e-mail subject, the bell's line) says which plan's task 3.
    expect(t.titleZh).toBe('【催办】《决定》任务3进展报告已逾期3天');
    expect(t.titleEn).toBe('Reminder: the progress report on task 3 of "决定" is 3 day(s) late');
    const manual = reminderText({ kind: 'manual', days: 0, due: '2024-06-25', period: '2024-06', seq: '3', title: '绘制图谱', unitName: '市发展改革委', role: 'co', planTitle: '分工方案' });
    expect(manual.titleZh).toBe('【催办】请尽快报送《分工方案》任务3 2024-06期进展报告');
    expect(t.bodyZh).toContain('市发展改革委：贵单位牵头的《决定》任务3“绘制图谱”2024-06期进展报告截止日期2024年6月25日已过3天');
    expect(t.titleEn).toContain('3 day(s) late');
  });

  it('a 催办 by hand on a late report names its period, its due date and how late it is', () => {
    const late = reminderText({ kind: 'manual', days: 10, due: '2026-11-25', period: '2026-11', seq: '5', title: '聚焦卡点联合攻关', unitName: '市工业和信息化局', role: 'co', planTitle: '方案' });
    expect(late.titleZh).toBe('【催办】《方案》任务5 2026-11期进展报告已逾期10天，请尽快报送');
    expect(late.bodyZh).toBe('市工业和信息化局：贵单位配合的《方案》任务5“聚焦卡点联合攻关”2026-11期进展报告截止日期2026年11月25日，已逾期10天，请尽快报送。请登录落实系统“我的填报”办理。');
    expect(late.bodyEn).toContain('the 2026-11 progress report on task 5 "聚焦卡点联合攻关" of "方案" was due on 2026-11-25 and is 10 day(s) late');
  });
});

describe('which periods a unit still owes', () => {
  it('the earlier first, less those sent, none on a closed task', () => {
    const keys = (today: string, status: (l: PlannerLine, p: string) => string | null, l = line()) => owedPeriods(l, today, status).map((p) => `${p.key}:${p.due}`);
    expect(keys('2024-07-05', none)).toEqual(['2024-06:2024-06-25', '2024-07:2024-07-25']);
    expect(keys('2024-07-05', (_l, p) => (p === '2024-06' ? 'submitted' : null))).toEqual(['2024-07:2024-07-25']);
    expect(keys('2024-07-05', (_l, p) => (p === '2024-06' ? 'returned' : 'accepted'))).toEqual(['2024-06:2024-06-25']);
    expect(keys('2024-07-05', none, line({ closed: true }))).toEqual([]);
  });
});

describe('delivery helpers', () => {
  it('waits longer after each failure, up to six hours', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(30)).toBe(6 * 3600_000);
  });
  it('masks secrets and webhook tokens', () => {
    expect(maskSecret('SEC0123456789abcdef')).toBe('••••cdef');
    expect(maskSecret('short')).toBe('••••');
    expect(maskWebhook('https://oapi.dingtalk.com/robot/send?access_token=abcdef123456')).toBe('https://oapi.dingtalk.com/robot/send?access_token=••••3456');
  });
});
