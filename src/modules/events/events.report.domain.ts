import type { PlanDocx, PlanDocxNode } from '../ledger/index.ts';

/** The event report's figures, as eventReport (events.outcomes.service.ts) returns them. */
export interface ReportFigures {
  event: { name: string; starts_on: string; ends_on: string; venue: string | null };
  registrations: { total: number; checked_in: number; by_kind: Record<string, number> };
  requests: { total: number; by_status: Record<string, number> };
  meetings: { total: number; by_status: Record<string, number>; placed: number };
  outcomes: { kind: 'intention' | 'agreement' | 'signed'; count: number; amount: number }[];
  projects: number;
  /** Each chain segment touched, with the atlas's names (the key where the atlas has no name for it). */
  segments: { chain_key: string; segment_key: string | null; chain_name: string; segment_name: string | null; offers: number; needs: number; outcomes: number; amount: number }[];
}

export const KIND_ZH: Record<string, string> = { enterprise: '企业', association: '协会', investor: '投资机构', government: '政府部门' };
export const STATUS_ZH: Record<string, string> = { requested: '待答复', accepted: '已接受', declined: '已谢绝', cancelled: '已取消', planned: '待举行', held: '已举行', no_show: '缺席' };
export const OUTCOME_KIND_ZH = { intention: '意向', agreement: '协议', signed: '签约' } as const;
const SUB = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const sub = (i: number) => `（${SUB[i] ?? String(i + 1)}）`;

/** An amount in 万元 as written in the report: thousands separated, at most two decimals ("12,500.5"). */
export function writtenAmount(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** "2030-06-10" as written in a document: "2030年6月10日". */
export const writtenDate = (iso: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
};

const breakdown = (counts: Record<string, number>, names: Record<string, string>) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${names[k] ?? k}${n}`)
    .join('、');

/** How a segment is named in the report: "氢能（示例） · 电堆", or the chain alone. */
export const segmentName = (s: { chain_name: string; segment_name: string | null }) => (s.segment_name ? `${s.chain_name} · ${s.segment_name}` : s.chain_name);

/**
 * The event report as a 公文-style document (情况报告): registrations, meeting requests, meetings held, outcomes and
 * amounts, and the chain segments touched — the same figures the report page and the Excel export show.
 * @example writePlanDocx(eventReportDocument(report, { issuer: '市发展改革委', date: '2030-05-21' }))
 */
export function eventReportDocument(r: ReportFigures, opts: { issuer: string; date: string }): PlanDocx {
  const when = r.event.ends_on && r.event.ends_on !== r.event.starts_on ? `${writtenDate(r.event.starts_on)}至${writtenDate(r.event.ends_on)}` : writtenDate(r.event.starts_on);
  const kinds = breakdown(r.registrations.by_kind, KIND_ZH);
  const requests = breakdown(r.requests.by_status, STATUS_ZH);
  const held = r.meetings.by_status.held ?? 0;
  const noShow = r.meetings.by_status.no_show ?? 0;
  const totalAmount = r.outcomes.reduce((s, o) => s + o.amount, 0);
  const totalOutcomes = r.outcomes.reduce((s, o) => s + o.count, 0);
  const nodes: PlanDocxNode[] = [
    {
      marker: '一、',
      heading: '报名情况',
      text: `共有${r.registrations.total}家单位报名参会${kinds ? `（其中${kinds}家）` : ''}，现场签到${r.registrations.checked_in}家。`,
    },
    { marker: '二、', heading: '约见请求', text: `参会方共提出约见请求${r.requests.total}项${requests ? `（${requests}项）` : ''}。` },
    {
      marker: '三、',
      heading: '会谈举行情况',
      text: `共安排一对一会谈${r.meetings.total}场，其中排定时段和洽谈桌${r.meetings.placed}场，已举行${held}场，缺席${noShow}场，待举行${r.meetings.by_status.planned ?? 0}场。`,
    },
    {
      marker: '四、',
      heading: '对接成果',
      text: `共形成对接成果${totalOutcomes}项，涉及金额${writtenAmount(totalAmount)}万元，转为台账项目${r.projects}个。`,
      children: r.outcomes.map((o, i) => ({ marker: sub(i), heading: OUTCOME_KIND_ZH[o.kind], text: `${o.count}项，金额${writtenAmount(o.amount)}万元。` })),
    },
    {
      marker: '五、',
      heading: '涉及产业链环节',
      text: r.segments.length ? `供需和成果共涉及产业链环节${r.segments.length}个。` : '本次活动的供需和成果未标注产业链环节。',
      children: r.segments.map((s, i) => ({
        marker: sub(i),
        heading: segmentName(s),
        text: `供给${s.offers}项，需求${s.needs}项，成果${s.outcomes}项，金额${writtenAmount(s.amount)}万元。`,
      })),
    },
  ];
  return {
    title: `关于${r.event.name}情况的报告`,
    preamble: `${when}${r.event.venue ? `，${r.event.venue}` : ''}举办${r.event.name}。现将活动情况报告如下。`,
    nodes,
    issuer: opts.issuer,
    date: opts.date,
  };
}
