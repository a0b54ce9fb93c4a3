/**
 * Deadline phrases of task-division plans (完成时限): "2024年底前", "2025年6月底前", "2024—2026年",
 * "每季度", "长期坚持", "2024年9月底前完成，长期坚持". The phrase is kept as written; what is
 * understood becomes ISO dates, a recurrence and an ongoing flag.
 */
import { daysInMonth, isoDate } from './documents.dates.domain.ts';
import { normalizeChars, parseNumber, toAsciiDigits, trimAll } from './documents.text.domain.ts';

/** How often a recurring task reports or repeats. */
export type Recurrence = 'monthly' | 'quarterly' | 'half-yearly' | 'yearly';

/** A deadline phrase as understood. */
export interface Deadline {
  /** The phrase as written. */
  text: string;
  /** The final due date, "YYYY-MM-DD" (the latest one when the phrase names several). */
  dueDate?: string;
  startDate?: string;
  recurrence?: Recurrence;
  /**
   * When in each period a recurring task is due, as written: 每年1月31日前 → { month: 1, day: 31 }, 每年12月底前 →
   * { month: 12, day: 'end' }, 每月10日前 → { day: 10 }. Absent when the phrase names no day or month.
   */
  every?: { month?: number; day?: number | 'end' };
  /** The task has no end: 长期坚持, 持续推进, or it recurs. */
  ongoing: boolean;
  /** Every part of the phrase was recognised; false means a person should read it. */
  understood: boolean;
  /** Each dated step when the phrase names more than one ("2024年6月底前出台方案，2025年底前全面完成"). */
  milestones?: { text: string; dueDate: string }[];
}

/** Options of {@link parseDeadline}. */
export interface DeadlineOptions {
  /** The year that 年内, 年底前, 今年, "6月底前" without a year refer to (usually the plan's year). */
  referenceYear?: number;
}

const Y = '((?:19|20)\\d{2}|[〇零○一二三四五六七八九]{4})';
const M = '(\\d{1,2}|十[一二]?|[一二三四五六七八九])';
const D = '(\\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])';
const DASH = '[—–－\\-~～至到]';
const S = '\\s*';

interface Reading {
  due?: string;
  start?: string;
  recurrence?: Recurrence;
  every?: Deadline['every'];
  ongoing?: boolean;
  relativeUnresolved?: boolean;
  invalid?: boolean;
}

type Rule = { re: RegExp; read: (m: RegExpExecArray, ref: number | undefined) => Reading };

const yearOf = (raw: string): number | null => {
  const s = toAsciiDigits(raw).replace(/[〇零○]/g, '0');
  return /^\d{4}$/.test(s) ? Number(s) : parseNumber(s);
};
const endOfMonth = (y: number, m: number) => isoDate(y, m, m >= 1 && m <= 12 ? daysInMonth(y, m) : 1);
const QUARTER: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 1: 1, 2: 2, 3: 3, 4: 4 };
const dated = (due: string | null, start?: string | null): Reading =>
  due === null || start === null ? { invalid: true } : { due, ...(start ? { start } : {}) };

/** The day of a recurring deadline: a number, the month's end (底/末), or none (上旬 … say no day). */
function dayOf(day: string | undefined, part: string | undefined): { day?: number | 'end' } {
  if (day) return { day: parseNumber(day)! };
  return part === '底' || part === '末' ? { day: 'end' } : {};
}

function monthDue(y: number, m: number, part: string | undefined): string | null {
  if (part === '上旬') return isoDate(y, m, 10);
  if (part === '中旬') return isoDate(y, m, 20);
  return endOfMonth(y, m);
}

/** Rules in order of precedence: a longer form claims its text before a shorter one can. */
const RULES: Rule[] = [
  // 2024年10月—2025年3月, 2024年3月至6月底
  {
    re: new RegExp(`${Y}${S}年${S}${M}${S}月(?:${S}${D}${S}日)?${S}${DASH}${S}(?:${Y}${S}年)?${S}${M}${S}月(?:${S}${D}${S}日)?(?:底|末)?`, 'g'),
    read: (m) => {
      const y1 = yearOf(m[1])!;
      const y2 = m[4] ? yearOf(m[4])! : y1;
      const m1 = parseNumber(m[2])!;
      const m2 = parseNumber(m[5])!;
      return dated(m[6] ? isoDate(y2, m2, parseNumber(m[6])!) : endOfMonth(y2, m2), isoDate(y1, m1, m[3] ? parseNumber(m[3])! : 1));
    },
  },
  // 2024—2026年, 2024年至2026年, 2024-2026
  {
    re: new RegExp(`${Y}${S}年?${S}${DASH}${S}${Y}${S}年?(?:底|末)?`, 'g'),
    read: (m) => dated(isoDate(yearOf(m[2])!, 12, 31), isoDate(yearOf(m[1])!, 1, 1)),
  },
  // 2024年1-6月, 2024年3至6月底: a span of months within one year
  {
    re: new RegExp(`${Y}${S}年${S}${M}${S}${DASH}${S}${M}${S}月(?:底|末)?`, 'g'),
    read: (m) => dated(endOfMonth(yearOf(m[1])!, parseNumber(m[3])!), isoDate(yearOf(m[1])!, parseNumber(m[2])!, 1)),
  },
  // 2024.12.31, 2024/12/31, 2024-12-31, 2024.12: dates typed as numbers
  {
    re: new RegExp(`((?:19|20)\\d{2})${S}[./．\\-]${S}(\\d{1,2})(?:${S}[./．\\-]${S}(\\d{1,2}))?(?![\\d.．/])`, 'g'),
    read: (m) => dated(m[3] ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : endOfMonth(Number(m[1]), Number(m[2]))),
  },
  // 2024年12月31日前
  {
    re: new RegExp(`${Y}${S}年${S}${M}${S}月${S}${D}${S}[日号]`, 'g'),
    read: (m) => dated(isoDate(yearOf(m[1])!, parseNumber(m[2])!, parseNumber(m[3])!)),
  },
  // 2025年6月底前, 2024年10月, 2024年10月中旬
  {
    re: new RegExp(`${Y}${S}年${S}${M}${S}月份?(底|末|上旬|中旬|下旬)?`, 'g'),
    read: (m) => dated(monthDue(yearOf(m[1])!, parseNumber(m[2])!, m[3])),
  },
  // 2025年第三季度, 2024年四季度末, 2024年前三季度
  {
    re: new RegExp(`${Y}${S}年${S}(?:前|第)?([一二三四1-4])${S}季度`, 'g'),
    read: (m) => dated(endOfMonth(yearOf(m[1])!, QUARTER[m[2]] * 3)),
  },
  // 2025年上半年
  {
    re: new RegExp(`${Y}${S}年${S}(上|下)半年`, 'g'),
    read: (m) => dated(m[2] === '上' ? isoDate(yearOf(m[1])!, 6, 30) : isoDate(yearOf(m[1])!, 12, 31)),
  },
  // 2024年底前, 2024年年底, 到2025年, 2024年内
  {
    re: new RegExp(`${Y}${S}年(?:底|末|年底|年末|内|全年)?`, 'g'),
    read: (m) => dated(isoDate(yearOf(m[1])!, 12, 31)),
  },
  // 6月底前, 9月30日前, 三季度, 上半年, 年内, 年底前, 明年 — relative to the reference year
  {
    re: new RegExp(`(?<![年\\d])${M}${S}月${S}(?:${D}${S}[日号]|份?(底|末|上旬|中旬|下旬)?)`, 'g'),
    read: (m, ref) => (ref === undefined ? { relativeUnresolved: true } : dated(m[2] ? isoDate(ref, parseNumber(m[1])!, parseNumber(m[2])!) : monthDue(ref, parseNumber(m[1])!, m[3]))),
  },
  {
    re: /(?<![年\d每按])(?:第|前)?([一二三四1-4])季度/g,
    read: (m, ref) => (ref === undefined ? { relativeUnresolved: true } : dated(endOfMonth(ref, QUARTER[m[1]] * 3))),
  },
  {
    re: /(?<![年\d每])(上|下)半年/g,
    read: (m, ref) => (ref === undefined ? { relativeUnresolved: true } : dated(m[1] === '上' ? isoDate(ref, 6, 30) : isoDate(ref, 12, 31))),
  },
  {
    re: /(年内|年底前|年底|年末|今年|本年度|当年|全年|明年|次年|下一年)/g,
    read: (m, ref) => (ref === undefined ? { relativeUnresolved: true } : dated(isoDate(/明年|次年|下一年/.test(m[1]) ? ref + 1 : ref, 12, 31))),
  },
  // recurrence and open-ended work; 每年12月底前 names the month of a yearly task, not a date
  {
    re: new RegExp(`(?:每年|每年度)${S}${M}${S}月${S}(?:${D}${S}[日号]|份?(底|末|上旬|中旬|下旬))?`, 'g'),
    read: (m) => ({ recurrence: 'yearly', ongoing: true, every: { month: parseNumber(m[1])!, ...dayOf(m[2], m[3]) } }),
  },
  { re: new RegExp(`(?:每月|按月)${S}(?:${D}${S}[日号]|(底|末))?`, 'g'), read: (m) => ({ recurrence: 'monthly', ongoing: true, ...(m[1] || m[2] ? { every: dayOf(m[1], m[2]) } : {}) }) },
  { re: /(逐月|月度)/g, read: () => ({ recurrence: 'monthly', ongoing: true }) },
  { re: /(每季度|每季|按季度|按季|逐季)/g, read: () => ({ recurrence: 'quarterly', ongoing: true }) },
  { re: /(每半年|半年度|按半年)/g, read: () => ({ recurrence: 'half-yearly', ongoing: true }) },
  { re: /(每年度|每年|按年|逐年|年年)/g, read: () => ({ recurrence: 'yearly', ongoing: true }) },
  { re: /(长期坚持|长期|持续推进|持续开展|持续|常态化|长效|久久为功|一以贯之|经常性)/g, read: () => ({ ongoing: true }) },
];

// Words that carry no time of their own: "2024年底前完成", "长期坚持并持续推进".
const FILLER = /^(?:前|之前|以前|起|开始|以来|底|末|完成|基本完成|全面完成|出台|建成|启动|实施|推进|落实|到位|见效|开展|印发|制定|报送|举办|召开|坚持|取得成效|取得明显成效|取得积极进展|取得进展|见到实效|并|及|和|与|以后|止|截至|到|至|自|从|在|于|力争|确保|争取|基本|全面|初步|逐步|完成任务|任务|工作|实现)+$/;
const STARTS = /(起|开始|以来)/;
const ACTION = /^(?:形成|出台|印发|制定|编制|建成|提交|报送|上报|发布|举办|召开|开展|实现|取得|完成)/;

/**
 * Reads a deadline phrase. Unknown phrases come back with understood:false and the text kept.
 * @example parseDeadline('2024年9月底前完成，长期坚持') // { text, dueDate: '2024-09-30', ongoing: true, understood: true }
 * @example parseDeadline('年内', { referenceYear: 2024 }).dueDate // '2024-12-31'
 */
export function parseDeadline(text: string, opts: DeadlineOptions = {}): Deadline {
  const written = trimAll(text ?? '');
  // A cell narrow enough to wrap "2024年" / "12月底前" onto two lines means one date: join such breaks.
  const norm = toAsciiDigits(normalizeChars(written)).replace(/(\d{4}年)\s*\n\s*(?=\d{1,2}月|底|内|前)|(\d{1,2}月)\s*\n\s*(?=\d{1,2}日|底|上旬|中旬|下旬|中|前|内)/g, '$1$2');
  const segments = norm.split(/[，,；;。、\n]+/).map((s) => trimAll(s)).filter(Boolean);
  const dues: { text: string; dueDate: string }[] = [];
  const starts: string[] = [];
  let recurrence: Recurrence | undefined;
  let every: Deadline['every'];
  let ongoing = false;
  let understood = true;
  let anyMatch = false;
  // "2024年6月底前、12月底前": a phrase that names its year once means it for the dates after it.
  let phraseYear: number | undefined;

  for (const segment of segments) {
    const claimed: [number, number][] = [];
    let matched = false;
    for (const rule of RULES) {
      rule.re.lastIndex = 0;
      for (let m = rule.re.exec(segment); m; m = rule.re.exec(segment)) {
        const from = m.index;
        const to = from + m[0].length;
        if (claimed.some(([a, b]) => from < b && to > a)) continue;
        claimed.push([from, to]);
        matched = true;
        const r = rule.read(m, phraseYear ?? opts.referenceYear);
        if (r.invalid || r.relativeUnresolved) understood = false;
        if (r.due && /(?:19|20)\d{2}/.test(m[0])) phraseYear = Number(r.due.slice(0, 4));
        if (r.due) {
          // "2024年10月起" starts rather than ends the task.
          const after = segment.slice(to, to + 2);
          if (STARTS.test(after) && !r.start) {
            starts.push(startOfPeriod(m[0], r.due));
            ongoing = true;
          } else {
            dues.push({ text: m[0], dueDate: r.due });
          }
        }
        if (r.start) starts.push(r.start);
        if (r.recurrence && !recurrence) {
          recurrence = r.recurrence;
          every = r.every;
        }
        if (r.ongoing) ongoing = true;
      }
    }
    const leftover = claimed
      .sort((a, b) => a[0] - b[0])
      .reduceRight((s, [a, b]) => s.slice(0, a) + ' ' + s.slice(b), segment)
      .replace(/\s+/g, '');
    // A dated segment may name its action ("出台方案"); an undated one must be filler or name the
    // work due with no time word ("2024年底前，形成报告"); time words left over mean part of the
    // phrase was not read.
    const describesWork = !matched && ACTION.test(leftover) && !/[0-9年月日号季旬周期时前后内底末初]/.test(leftover);
    if (matched ? /[0-9年月日号季旬周]/.test(leftover) : !FILLER.test(leftover) && !describesWork) understood = false;
    anyMatch ||= matched;
  }
  if (!anyMatch) understood = false;

  const result: Deadline = { text: written, ongoing, understood };
  if (dues.length) {
    result.dueDate = dues.map((d) => d.dueDate).sort().at(-1);
    if (dues.length > 1) result.milestones = dues;
  }
  if (starts.length) result.startDate = starts.sort()[0];
  if (recurrence) result.recurrence = recurrence;
  if (every) result.every = every;
  return result;
}

/** The first day of the period a phrase names ("2024年10月" → 2024-10-01, "2024年" → 2024-01-01). */
function startOfPeriod(phrase: string, due: string): string {
  if (/[日号]/.test(phrase)) return due;
  if (/月/.test(phrase)) return `${due.slice(0, 7)}-01`;
  return `${due.slice(0, 4)}-01-01`;
}
