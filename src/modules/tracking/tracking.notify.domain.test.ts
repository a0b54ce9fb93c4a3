import { describe, expect, it } from 'vitest';
import { escalationIssuedText, escalationReturnedText, returnedReportText } from './tracking.notify.domain.ts';

const task = { planTitle: '方案', seq: '5', title: '聚焦卡点联合攻关', unitName: '市工业和信息化局' };

describe('what a unit is told besides reminders', () => {
  it('a returned report: which one, by whom and why, in Chinese with English beside', () => {
    const t = returnedReportText({ ...task, period: '2026-11', reason: '请补充企业名单', returnedBy: { zh: '督查室（吴督查）', en: 'the supervision office (吴督查)' } });
    expect(t.titleZh).toBe('【退回修改】《方案》任务5 2026-11期进展报告被退回');
    expect(t.bodyZh).toBe('市工业和信息化局：贵单位报送的《方案》任务5“聚焦卡点联合攻关”2026-11期进展报告已被督查室（吴督查）退回修改。退回原因：请补充企业名单。请登录落实系统“我的填报—退回修改”修改后重新报送。');
    expect(t.bodyEn).toContain('returned for revision by the supervision office (吴督查). Reason: 请补充企业名单.');
    // A reason written as a sentence does not end in two stops.
    const stopped = returnedReportText({ ...task, period: '2026-11', reason: '请补充企业名单。 ', returnedBy: { zh: '督查室', en: 'x' } });
    expect(stopped.bodyZh).toContain('退回原因：请补充企业名单。请登录');
    const closing = returnedReportText({ ...task, period: 'closing', reason: '佐证不足', returnedBy: { zh: '督查室（吴督查）', en: 'x' } });
    expect(closing.titleZh).toBe('【退回修改】《方案》任务5 办结报告被退回');
  });

  it('an escalation notice: its number, reason, requirements and reply deadline; and an answer sent back', () => {
    const e = { ...task, numberText: '督办〔2026〕3号', replyDue: '2026-12-31' };
    const issued = escalationIssuedText({ ...e, reason: '连续两期未报送', requirements: '一周内报送整改方案' });
    expect(issued.titleZh).toBe('【督办】督办〔2026〕3号：《方案》任务5，请于2026年12月31日前反馈');
    expect(issued.bodyZh).toContain('督办事由：连续两期未报送。督办要求：一周内报送整改方案。请于2026年12月31日前反馈办理情况');
    expect(issued.titleEn).toBe('Escalation notice 督办〔2026〕3号 on task 5 of "方案": answer by 2026-12-31');
    const back = escalationReturnedText({ ...e, reason: '请给出时间表' });
    expect(back.titleZh).toBe('【督办】督办〔2026〕3号的答复被退回，请重新答复');
    expect(back.bodyZh).toContain('退回原因：请给出时间表。');
  });

  it('cuts a long reason so a robot message stays readable', () => {
    const t = returnedReportText({ ...task, period: '2026-11', reason: '长'.repeat(1000), returnedBy: { zh: 'a', en: 'a' } });
    expect(t.bodyZh).toContain(`${'长'.repeat(300)}…`);
    expect(t.bodyZh).not.toContain('长'.repeat(301));
  });
});
