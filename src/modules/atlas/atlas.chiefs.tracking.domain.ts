/**
 * Pure rules of following a 链长制 key project (重点项目) in the ledger: which tracking stage its stage is, the stage
 * dates the tracking project starts with, and the ledger task that follows it.
 */
import { PROJECT_STAGES, type ProjectStage } from './atlas.chiefs.domain.ts';

/** The tracking module's project stages (签约 → 开工 → 投产 → 达产), as the atlas names them. */
export type TrackingStage = 'signed' | 'started' | 'producing' | 'full';
const TRACKING_ORDER: TrackingStage[] = ['signed', 'started', 'producing', 'full'];

/**
 * A key project's stage as a tracking project's: 签约, 开工 and 投产 are the same stages; 达产 (`completed`) is the tracking
 * module's `full`. 谋划 (`planning`) has none: a tracking project starts at 签约 (the results record sums projects from
 * their signing), so a key project at 谋划 is followed by its ledger task alone until it signs.
 */
export const TRACKING_STAGE: Record<ProjectStage, TrackingStage | null> = {
  planning: null,
  signed: 'signed',
  started: 'started',
  producing: 'producing',
  completed: 'full',
};

/** A tracking stage in the key-project words (签约 … 达产). */
export const keyProjectStageOf = (s: TrackingStage): ProjectStage => (s === 'full' ? 'completed' : s);

/**
 * The dates of the stages a new tracking project has reached: the list keeps one as-of date per item, not a date per
 * stage, so each stage reached is dated the item's as-of date (the tracking project's history says where they came
 * from, and later stages are dated as they are reached there).
 * @example stageDates('started', '2026-10-01') // { signedOn: '2026-10-01', startedOn: '2026-10-01' }
 */
export function stageDates(stage: TrackingStage, asOf: string): { signedOn?: string; startedOn?: string; producingOn?: string; fullOn?: string } {
  const field = { signed: 'signedOn', started: 'startedOn', producing: 'producingOn', full: 'fullOn' } as const;
  const upTo = TRACKING_ORDER.indexOf(stage);
  return Object.fromEntries(TRACKING_ORDER.slice(0, upTo + 1).map((s) => [field[s], asOf]));
}

/** What a key project is, as the task that follows it states it. */
export interface KeyProjectFacts {
  chainName: string;
  name: string;
  amount: number | null;
  stage: ProjectStage | null;
  segmentName: string | null;
  partner: string | null;
  asOf: string;
  note: string | null;
}

/**
 * The ledger task that follows a key project: titled by the chain and the project, its note stating the project as the
 * list has it, and one milestone per tracking stage still ahead of it (谋划 has all four ahead).
 */
export function keyProjectTask(p: KeyProjectFacts): { title: string; note: string; milestones: { title: string }[] } {
  const stage = p.stage ?? 'planning';
  const tracking = TRACKING_STAGE[stage];
  const ahead = tracking === null ? TRACKING_ORDER : TRACKING_ORDER.slice(TRACKING_ORDER.indexOf(tracking) + 1);
  const lines = [
    `${p.chainName}产业链链长制重点项目（${PROJECT_STAGES[stage].zh}，截至 ${p.asOf}）`,
    p.amount !== null ? `投资额：${p.amount} 万元` : null,
    p.segmentName ? `环节：${p.segmentName}` : null,
    p.partner ? `合作企业：${p.partner}` : null,
    p.note ? `备注：${p.note}` : null,
  ].filter((l): l is string => l !== null);
  return {
    title: `${p.chainName}重点项目：${p.name}`.slice(0, 500),
    note: lines.join('\n'),
    milestones: ahead.map((s) => ({ title: PROJECT_STAGES[keyProjectStageOf(s)].zh })),
  };
}
