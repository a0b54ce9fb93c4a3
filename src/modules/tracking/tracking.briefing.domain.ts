import type { PlanDocx, PlanDocxNode } from '../ledger/index.ts';
import type { DashboardGroup, Tally } from './tracking.dashboard.domain.ts';
import { num, zhDate } from './tracking.progress.domain.ts';

/** What a progress briefing (进展情况通报) says; its figures are the dashboard's of the same day. */
export interface BriefingContent {
  planTitle: string;
  asOf: string;
  totals: Tally;
  reports: { due: number; onTime: number };
  byPart: DashboardGroup[];
  highlights: { number: string; title: string; text: string }[];
  problems: { number: string; title: string; problems: string; helpNeeded: string }[];
  red: { number: string; title: string; leadUnit: string; reason: string }[];
  /** 发文机关署名, e.g. 市委督查室. */
  issuer?: string;
}

/** The share of reports on time, as written (一位小数), or null when none was due. */
export function onTimeRate(reports: { due: number; onTime: number }): number | null {
  return reports.due === 0 ? null : Math.round((reports.onTime / reports.due) * 1000) / 10;
}

/** One sentence of a tally: 已完成a项，超进度b项，达进度c项，欠进度d项，逾期e项；红色预警f项，黄色预警g项，蓝色预警h项. */
export function tallySentence(t: Tally): string {
  const c = t.classes;
  const w = t.warnings;
  return `已完成${c.done}项，超进度${c.ahead}项，达进度${c.on_track}项，欠进度${c.behind}项，逾期${c.overdue}项；红色预警${w.red}项，黄色预警${w.yellow}项，蓝色预警${w.blue}项`;
}

/** The summary paragraph: tasks, by class and warning, closed, reports on time. */
export function summaryParagraph(c: Pick<BriefingContent, 'planTitle' | 'asOf' | 'totals' | 'reports'>): string {
  const rate = onTimeRate(c.reports);
  const reports =
    c.reports.due === 0 ? '本期尚无应报送的进展报告。' : `应报送进展报告${c.reports.due}份，按时报送${c.reports.onTime}份，按时报送率${num(rate!)}%。`;
  return `截至${zhDate(c.asOf)}，《${c.planTitle}》共有重点任务${c.totals.total}项，已办结${c.totals.classes.done}项。其中，${tallySentence(c.totals)}。${reports}`;
}

/**
 * Lays a briefing out as a document for the 公文 writer: 一、总体情况, 二、分领域推进情况, 三、工作亮点, 四、存在问题,
 * 五、红色预警任务 (each part says so when it has nothing to report).
 * @example writePlanDocx(briefingDocument(content))
 */
export function briefingDocument(c: BriefingContent): PlanDocx {
  const chinese = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  const sub = (i: number) => `（${chinese[i] ?? String(i + 1)}）`;
  const nodes: PlanDocxNode[] = [
    { marker: '一、', heading: '总体情况', text: summaryParagraph(c) },
    {
      marker: '二、',
      heading: '分领域推进情况',
      text: c.byPart.length ? undefined : '暂无任务。',
      children: c.byPart.map((g, i) => ({ marker: sub(i), heading: g.label.replace(/^[一二三四五六七八九十]+、/, '') || '未分部分', text: `共有重点任务${g.total}项，${tallySentence(g)}。` })),
    },
    {
      marker: '三、',
      heading: '工作亮点',
      text: c.highlights.length ? undefined : '本期未选定工作亮点。',
      children: c.highlights.map((h, i) => ({ marker: sub(i), heading: `任务${h.number}：${h.title}`, text: h.text })),
    },
    {
      marker: '四、',
      heading: '存在问题',
      text: c.problems.length ? undefined : '各单位报送的进展报告中未反映存在问题。',
      children: c.problems.map((p, i) => ({
        marker: sub(i),
        // The heading runs into its text: the title ends with 。 and the text says what it is, so neither reads as the other.
        heading: `任务${p.number}：${p.title.replace(/[。；;，,：:\s]+$/, '')}`,
        text: [p.problems ? `存在问题：${p.problems}` : '', p.helpNeeded ? `需协调事项：${p.helpNeeded}` : ''].filter(Boolean).join('\n'),
      })),
    },
    {
      marker: '五、',
      heading: '红色预警任务',
      text: c.red.length ? `红色预警任务共${c.red.length}项，请牵头单位抓紧推进。` : '本期无红色预警任务。',
      children: c.red.map((r, i) => ({ marker: sub(i), heading: `任务${r.number}：${r.title}（牵头单位：${r.leadUnit || '未明确'}）`, text: /[。；]$/.test(r.reason) ? r.reason : `${r.reason}。` })),
    },
  ];
  return {
    title: `关于《${c.planTitle}》进展情况的通报`,
    issuer: c.issuer,
    date: c.asOf,
    nodes,
  };
}
