import { cnDate, type ReminderText } from './tracking.reminders.domain.ts';

/** Where a task stands in the words of a notification: its plan, number and title. */
interface TaskWords {
  planTitle: string;
  seq: string | null;
  title: string;
}

const taskZh = (t: TaskWords) => `《${t.planTitle}》${t.seq ? `任务${t.seq}` : '任务'}`;
const taskEn = (t: TaskWords) => `${t.seq ? `task ${t.seq}` : 'a task'} of "${t.planTitle}"`;
/** A writer's text cut to what a notification (and a robot's message) can carry. */
/** A reason as a sentence goes on after it: at most `max` characters, without its own closing stop (the text adds 。). */
const clipped = (text: string, max = 300) => {
  const bare = text.trim().replace(/[。.！!；;，,\s]+$/u, '');
  return bare.length > max ? `${bare.slice(0, max)}…` : bare;
};

/**
 * What a unit is told when one of its reports is sent back for revision (退回修改): which report, by whom, and why.
 * `period` is the report's period key, or 'closing' for the closing report (办结报告).
 * @example returnedReportText({ planTitle: '决定', seq: '5', title: '攻关', unitName: '市工业和信息化局', period: '2026-11', reason: '请补充数据', returnedBy: { zh: '督查室（吴督查）', en: 'the supervision office (吴督查)' } }).titleZh // '【退回修改】《决定》任务5 2026-11期进展报告被退回'
 */
export function returnedReportText(r: TaskWords & { unitName: string; period: string; reason: string; returnedBy: { zh: string; en: string } }): ReminderText {
  const reportZh = r.period === 'closing' ? '办结报告' : `${r.period}期进展报告`;
  const reportEn = r.period === 'closing' ? 'closing report' : `${r.period} progress report`;
  const reason = clipped(r.reason);
  return {
    titleZh: `【退回修改】${taskZh(r)} ${reportZh}被退回`,
    titleEn: `Returned: the ${reportEn} on ${taskEn(r)}`,
    bodyZh: `${r.unitName}：贵单位报送的${taskZh(r)}“${r.title}”${reportZh}已被${r.returnedBy.zh}退回修改。退回原因：${reason}。请登录落实系统“我的填报—退回修改”修改后重新报送。`,
    bodyEn: `${r.unitName}: your ${reportEn} on ${taskEn(r)} "${r.title}" was returned for revision by ${r.returnedBy.en}. Reason: ${reason}. Please sign in to Luoshi (My reporting, Returned), revise it and send it again.`,
  };
}

/**
 * What a unit is told when an escalation notice (督办单) is issued to it: its number, the task, why, what is demanded
 * and the day to answer by.
 * @example escalationIssuedText({ numberText: '督办〔2026〕3号', replyDue: '2026-12-31', … }).titleZh // '【督办】督办〔2026〕3号：《决定》任务5，请于2026年12月31日前反馈'
 */
export function escalationIssuedText(e: TaskWords & { unitName: string; numberText: string; reason: string; requirements: string; replyDue: string }): ReminderText {
  return {
    titleZh: `【督办】${e.numberText}：${taskZh(e)}，请于${cnDate(e.replyDue)}前反馈`,
    titleEn: `Escalation notice ${e.numberText} on ${taskEn(e)}: answer by ${e.replyDue}`,
    bodyZh: `${e.unitName}：现对贵单位牵头的${taskZh(e)}“${e.title}”予以督办（${e.numberText}）。督办事由：${clipped(e.reason)}。督办要求：${clipped(e.requirements)}。请于${cnDate(e.replyDue)}前反馈办理情况，请登录落实系统“我的填报—督办事项”答复。`,
    bodyEn: `${e.unitName}: escalation notice ${e.numberText} is issued on ${taskEn(e)} "${e.title}", which your unit leads. Reason: ${clipped(e.reason)}. Requirements: ${clipped(e.requirements)}. Please answer by ${e.replyDue} in Luoshi (My reporting, Escalation notices).`,
  };
}

/**
 * What a unit is told when its answer to an escalation notice is sent back for a better one (退回重报), and why.
 * @example escalationReturnedText({ numberText: '督办〔2026〕3号', reason: '请说明时间表', … }).titleZh // '【督办】督办〔2026〕3号的答复被退回，请重新答复'
 */
export function escalationReturnedText(e: TaskWords & { unitName: string; numberText: string; reason: string; replyDue: string }): ReminderText {
  return {
    titleZh: `【督办】${e.numberText}的答复被退回，请重新答复`,
    titleEn: `Escalation notice ${e.numberText}: your answer was returned; please answer again`,
    bodyZh: `${e.unitName}：贵单位对${e.numberText}（${taskZh(e)}“${e.title}”）的答复已被退回。退回原因：${clipped(e.reason)}。反馈时限${cnDate(e.replyDue)}，请登录落实系统“我的填报—督办事项”重新答复。`,
    bodyEn: `${e.unitName}: your answer to escalation notice ${e.numberText} (${taskEn(e)} "${e.title}") was returned. Reason: ${clipped(e.reason)}. The answer is due by ${e.replyDue}; please answer again in Luoshi (My reporting, Escalation notices).`,
  };
}
