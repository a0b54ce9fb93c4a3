/**
 * Rules of escalation notices (督办单), pure: how a notice is numbered and written (督办〔2026〕12号), which rule
 * suggests one for a task, and which step may follow which.
 */

/** Where a notice is: 已下发 → 已答复 → 已办结, or back to the unit (退回重报) for a better answer. */
export type EscalationStatus = 'issued' | 'answered' | 'returned' | 'closed';
/** Why it was issued: by the rules (red warning, overdue, late reports in a row), or by a supervisor's hand. */
export type EscalationSource = 'red_warning' | 'overdue' | 'late_reports' | 'manual';
/** One step of a notice's timeline. */
export type EscalationAction = 'issue' | 'answer' | 'return' | 'close';

/** The statuses of a notice still waiting on someone (the unit or the office); a task has at most one. */
export const OPEN_STATUSES: readonly EscalationStatus[] = ['issued', 'answered', 'returned'];

/**
 * The number of a notice as written on it.
 * @example escalationNumber(2026, 12) // '督办〔2026〕12号'
 */
export function escalationNumber(year: number, number: number): string {
  if (!Number.isInteger(year) || !Number.isInteger(number) || number < 1) throw new RangeError(`not a notice number: ${year}/${number}`);
  return `督办〔${year}〕${number}号`;
}

/** The issuing year of a notice: the calendar year in China (UTC+8) at the moment it is issued. */
export function issuingYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();
}

/** A task's stored standing, as the rules that suggest a notice read it. */
export interface StandingForEscalation {
  class: 'ahead' | 'on_track' | 'behind' | 'done' | 'overdue';
  warning: 'blue' | 'yellow' | 'red' | null;
  lateReports: number;
  /** The plan's rule: this many late reports in a row make a red warning. */
  redLateReports: number;
}

/**
 * Which rule makes a task's standing call for a notice, or null when none does (only a red warning does): overdue,
 * then late reports in a row, else the red warning itself.
 */
export function ruleSource(s: StandingForEscalation): Exclude<EscalationSource, 'manual'> | null {
  if (s.warning !== 'red') return null;
  if (s.class === 'overdue') return 'overdue';
  if (s.lateReports >= s.redLateReports) return 'late_reports';
  return 'red_warning';
}

/** The steps a notice may take from where it is. */
const NEXT: Record<EscalationAction, readonly EscalationStatus[]> = {
  issue: [],
  answer: ['issued', 'returned'],
  return: ['answered'],
  close: ['issued', 'answered', 'returned'],
};
/** The status a step leads to. */
export const STATUS_AFTER: Record<EscalationAction, EscalationStatus> = { issue: 'issued', answer: 'answered', return: 'returned', close: 'closed' };

/** Whether a step may be taken from a status (the office may close a notice at any open point, e.g. once the task is done). */
export function mayStep(action: EscalationAction, from: EscalationStatus): boolean {
  return NEXT[action].includes(from);
}

/** Names of the sources, Chinese and English, as the notice and the audit log write them. */
export const SOURCE_NAMES: Record<EscalationSource, { zh: string; en: string }> = {
  red_warning: { zh: '红色预警', en: 'Red warning' },
  overdue: { zh: '逾期未完成', en: 'Overdue' },
  late_reports: { zh: '连续逾期报送', en: 'Late reports in a row' },
  manual: { zh: '人工督办', en: 'By hand' },
};
/**
 * A day written the Chinese official way.
 * @example writtenDay('2026-03-05') // '2026年3月5日'
 */
export function writtenDay(iso: string): string {
  return `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}
