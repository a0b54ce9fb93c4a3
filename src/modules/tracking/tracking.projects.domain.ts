/**
 * Pure rules of projects (项目化): the partner's unified social credit code (GB 32100-2015), the stage order
 * 签约 → 开工 → 投产 → 达产 with the date each stage was reached, and the words a hand-kept project table uses.
 */

/** What a project is: 投资, 建设 or 合作. */
export type ProjectKind = 'investment' | 'construction' | 'cooperation';
/** Where a project stands: 签约 → 开工 → 投产 → 达产. */
export type ProjectStage = 'signed' | 'started' | 'producing' | 'full';
/** Where a project came from: made by hand, imported, or created by the atlas or a matchmaking event. */
export type ProjectSourceKind = 'atlas' | 'event' | 'manual' | 'import';

export const PROJECT_KINDS: ProjectKind[] = ['investment', 'construction', 'cooperation'];
export const PROJECT_STAGES: ProjectStage[] = ['signed', 'started', 'producing', 'full'];
export const KIND_NAMES: Record<ProjectKind, { zh: string; en: string }> = {
  investment: { zh: '投资', en: 'Investment' },
  construction: { zh: '建设', en: 'Construction' },
  cooperation: { zh: '合作', en: 'Cooperation' },
};
export const STAGE_NAMES: Record<ProjectStage, { zh: string; en: string }> = {
  signed: { zh: '签约', en: 'Signed' },
  started: { zh: '开工', en: 'Started' },
  producing: { zh: '投产', en: 'In production' },
  full: { zh: '达产', en: 'Full production' },
};
/** The column holding the date each stage was reached. */
export const STAGE_DATE_FIELD = { signed: 'signed_on', started: 'started_on', producing: 'producing_on', full: 'full_on' } as const;
/** Stages that count as landed (落地): in production or at full production. */
export const LANDED_STAGES: ProjectStage[] = ['producing', 'full'];

/** The position of a stage in 签约 → 开工 → 投产 → 达产 (0 … 3). */
export const stageIndex = (s: ProjectStage) => PROJECT_STAGES.indexOf(s);

// GB 32100-2015: 18 characters from 0-9 and the capitals without I, O, Z, S, V; the 18th checks the first 17.
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * The check character (18th) of a unified social credit code from its first 17 characters, or null when one of them
 * is not a code character. The weights are 3^i mod 31 and the check is 31 − (Σ value×weight mod 31), 31 written 0.
 * @example usccCheckChar('91110000100017643') // 'K'
 */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i];
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_CHARS[check];
}

/** Why a unified social credit code is not valid, in words (zh, en), or null when it is. Spaces and case are forgiven by {@link normalizeUscc}. */
export function usccProblem(code: string): { zh: string; en: string } | null {
  if (code.length !== 18) return { zh: `统一社会信用代码应为 18 位，「${code}」为 ${code.length} 位`, en: `a unified social credit code has 18 characters; "${code}" has ${code.length}` };
  const bad = [...code].find((c) => !USCC_CHARS.includes(c));
  if (bad) return { zh: `统一社会信用代码「${code}」含有不允许的字符「${bad}」`, en: `the unified social credit code "${code}" holds the character "${bad}", which codes do not use` };
  const want = usccCheckChar(code.slice(0, 17));
  if (want !== code[17]) return { zh: `统一社会信用代码「${code}」的校验码不对（应为 ${want}）`, en: `the check character of the unified social credit code "${code}" is wrong (expected ${want})` };
  return null;
}

/** A code as people type it: spaces removed, upper case. */
export const normalizeUscc = (s: string) => s.replace(/[\s\u3000-]+/g, '').toUpperCase();

/** The dates each stage was reached, by stage. */
export type StageDates = Partial<Record<ProjectStage, string | null>>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) => ISO_DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/**
 * Problems with a project's stage and its dates: every stage reached has a valid date not after today, in order
 * (开工 not before 签约 …), and no date is given for a stage not reached. Each problem names its field.
 */
export function stageDateProblems(stage: ProjectStage, dates: StageDates, today: string): { field: string; zh: string; en: string }[] {
  const out: { field: string; zh: string; en: string }[] = [];
  let previous: { stage: ProjectStage; date: string } | null = null;
  for (const s of PROJECT_STAGES) {
    const date = dates[s] ?? null;
    const field = `${s}On`;
    const reached = stageIndex(s) <= stageIndex(stage);
    if (!reached) {
      if (date) out.push({ field, zh: `项目尚未${STAGE_NAMES[s].zh}，不应填写${STAGE_NAMES[s].zh}日期`, en: `the project has not reached "${STAGE_NAMES[s].en}", so it has no date for it` });
      continue;
    }
    if (!date) {
      out.push({ field, zh: `缺少${STAGE_NAMES[s].zh}日期`, en: `the date of "${STAGE_NAMES[s].en}" is missing` });
      continue;
    }
    if (!validDate(date)) {
      out.push({ field, zh: `${STAGE_NAMES[s].zh}日期「${date}」不是有效日期`, en: `"${date}" is not a valid date for "${STAGE_NAMES[s].en}"` });
      continue;
    }
    if (date > today) out.push({ field, zh: `${STAGE_NAMES[s].zh}日期 ${date} 晚于今天`, en: `the date of "${STAGE_NAMES[s].en}" (${date}) is after today` });
    else if (previous && date < previous.date) {
      out.push({ field, zh: `${STAGE_NAMES[s].zh}日期 ${date} 早于${STAGE_NAMES[previous.stage].zh}日期 ${previous.date}`, en: `"${STAGE_NAMES[s].en}" (${date}) comes before "${STAGE_NAMES[previous.stage].en}" (${previous.date})` });
    }
    previous = { stage: s, date };
  }
  return out;
}

/** How a stage move goes: forward one stage at a time, or back (a correction, which needs a reason). */
export type StageMove = { ok: true; direction: 'forward' | 'back' } | { ok: false; zh: string; en: string };

/**
 * Whether a project may move from one stage to another: forward only to the next stage, dated not before the current
 * stage's date nor after today; back to any earlier stage only with a reason (a correction).
 */
export function checkStageMove(from: ProjectStage, to: ProjectStage, opts: { date?: string | null; currentDate?: string | null; reason?: string | null; today: string }): StageMove {
  const [a, b] = [stageIndex(from), stageIndex(to)];
  if (a === b) return { ok: false, zh: `项目已处于${STAGE_NAMES[to].zh}阶段`, en: `the project is already at "${STAGE_NAMES[to].en}"` };
  if (b < a) {
    if (!opts.reason?.trim()) return { ok: false, zh: `退回到${STAGE_NAMES[to].zh}阶段是更正，须说明理由`, en: `moving back to "${STAGE_NAMES[to].en}" is a correction and needs a reason` };
    return { ok: true, direction: 'back' };
  }
  if (b !== a + 1) return { ok: false, zh: `项目须逐级推进：${STAGE_NAMES[from].zh}之后是${STAGE_NAMES[PROJECT_STAGES[a + 1]].zh}`, en: `a project moves one stage at a time: after "${STAGE_NAMES[from].en}" comes "${STAGE_NAMES[PROJECT_STAGES[a + 1]].en}"` };
  const date = opts.date ?? '';
  if (!validDate(date)) return { ok: false, zh: `请填写${STAGE_NAMES[to].zh}日期`, en: `the date of "${STAGE_NAMES[to].en}" is required` };
  if (date > opts.today) return { ok: false, zh: `${STAGE_NAMES[to].zh}日期 ${date} 晚于今天`, en: `the date ${date} is after today` };
  if (opts.currentDate && date < opts.currentDate) {
    return { ok: false, zh: `${STAGE_NAMES[to].zh}日期 ${date} 早于${STAGE_NAMES[from].zh}日期 ${opts.currentDate}`, en: `"${STAGE_NAMES[to].en}" (${date}) comes before "${STAGE_NAMES[from].en}" (${opts.currentDate})` };
  }
  return { ok: true, direction: 'forward' };
}

/** A kind as a table writes it (投资, 建设, 合作, 投资类项目, investment …), or null. */
export function parseProjectKind(text: string): ProjectKind | null {
  const s = text.replace(/\s+/g, '').toLowerCase();
  if (!s) return null;
  for (const k of PROJECT_KINDS) if (s === k || s.includes(KIND_NAMES[k].zh)) return k;
  if (/招商|引资/.test(s)) return 'investment';
  if (/工程|基建/.test(s)) return 'construction';
  if (/协作|对接|共建/.test(s)) return 'cooperation';
  return null;
}

/** A stage as a table writes it (签约, 已开工, 投产, 达产达效, started …), or null. */
export function parseProjectStage(text: string): ProjectStage | null {
  const s = text.replace(/\s+/g, '').toLowerCase();
  if (!s) return null;
  for (const k of PROJECT_STAGES) if (s === k) return k;
  if (s.includes('达产')) return 'full';
  if (s.includes('投产')) return 'producing';
  if (s.includes('开工') || s.includes('在建')) return 'started';
  if (s.includes('签约') || s.includes('签订')) return 'signed';
  return null;
}

/** An amount in 万元 as a table writes it (1,200 / 1200.5 / 1.2亿), or null when empty, NaN when unreadable. */
export function parseAmount(text: string): number | null {
  const s = text.replace(/[,，\s]/g, '').replace(/万元|万$/, '');
  if (!s) return null;
  const yi = /^(-?\d+(?:\.\d+)?)亿元?$/.exec(s);
  if (yi) return Number(yi[1]) * 10_000;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
}

/**
 * A date as a table writes it (2025-03-01, 2025/3/1, 2025年3月1日, 2025.3.1, or an Excel serial day), as YYYY-MM-DD,
 * or null when empty, '' when unreadable.
 */
export function parseTableDate(text: string): string | null {
  const s = text.trim();
  if (!s) return null;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (m) {
    const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
    return validDate(iso) ? iso : '';
  }
  if (/^\d{5}(\.\d+)?$/.test(s)) return new Date(Date.UTC(1899, 11, 30) + Math.floor(Number(s)) * 86_400_000).toISOString().slice(0, 10);
  return '';
}
