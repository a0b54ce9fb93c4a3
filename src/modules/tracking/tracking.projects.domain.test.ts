import { describe, expect, it } from 'vitest';
import { checkStageMove, parseAmount, parseProjectKind, parseProjectStage, parseTableDate, stageDateProblems, usccCheckChar, usccProblem } from './tracking.projects.domain.ts';

describe('unified social credit code (GB 32100-2015)', () => {
  // Real codes: the standard's own example (appendix), and codes enterprises publish on their licences.
  const REAL = ['91350100M000100Y43', '91110000100017643K', '91440300708461136T', '91110108551385082Q'];
  it('accepts real codes: their check character is the one the standard computes', () => {
    for (const code of REAL) {
      expect(usccCheckChar(code.slice(0, 17)), code).toBe(code[17]);
      expect(usccProblem(code), code).toBeNull();
    }
  });
  it('refuses a code with a wrong check character, saying which it should be', () => {
    expect(usccProblem('91110000100017643J')).toMatchObject({ zh: expect.stringContaining('应为 K') });
  });
  it('refuses a wrong length and characters codes never use (I, O, S, V, Z)', () => {
    expect(usccProblem('9111000010001764')?.zh).toMatch(/18 位/);
    expect(usccProblem('9111000010001764OK')?.zh).toMatch(/不允许的字符「O」/);
  });
  it('writes a check value of 31 as 0', () => {
    // Found by search: a body whose weighted sum is a multiple of 31.
    const body = [...Array(1000).keys()].map((n) => `9112000000000${String(n).padStart(4, '0')}`).find((b) => usccCheckChar(b) === '0');
    expect(body).toBeDefined();
  });
});

describe('stages 签约 → 开工 → 投产 → 达产', () => {
  const today = '2025-06-30';
  it('moves forward one stage at a time, dated not before the current stage nor after today', () => {
    expect(checkStageMove('signed', 'started', { date: '2025-03-01', currentDate: '2025-01-10', today })).toEqual({ ok: true, direction: 'forward' });
    expect(checkStageMove('signed', 'producing', { date: '2025-03-01', today })).toMatchObject({ ok: false, zh: expect.stringContaining('逐级') });
    expect(checkStageMove('signed', 'started', { date: null, today })).toMatchObject({ ok: false, zh: expect.stringContaining('日期') });
    expect(checkStageMove('signed', 'started', { date: '2025-01-01', currentDate: '2025-01-10', today })).toMatchObject({ ok: false, zh: expect.stringContaining('早于签约') });
    expect(checkStageMove('signed', 'started', { date: '2025-07-01', today })).toMatchObject({ ok: false, zh: expect.stringContaining('晚于今天') });
  });
  it('moves back only as a correction with a reason', () => {
    expect(checkStageMove('producing', 'signed', { today })).toMatchObject({ ok: false, zh: expect.stringContaining('理由') });
    expect(checkStageMove('producing', 'signed', { reason: '误报开工', today })).toEqual({ ok: true, direction: 'back' });
    expect(checkStageMove('started', 'started', { date: '2025-03-01', today }).ok).toBe(false);
  });
  it('wants a date for each stage reached, in order, and none for stages not reached', () => {
    expect(stageDateProblems('started', { signed: '2025-01-01', started: '2025-02-01' }, today)).toEqual([]);
    expect(stageDateProblems('started', { signed: '2025-01-01' }, today).map((p) => p.field)).toEqual(['startedOn']);
    expect(stageDateProblems('signed', { signed: '2025-01-01', producing: '2025-02-01' }, today).map((p) => p.field)).toEqual(['producingOn']);
    expect(stageDateProblems('started', { signed: '2025-03-01', started: '2025-02-01' }, today).map((p) => p.field)).toEqual(['startedOn']);
    expect(stageDateProblems('signed', { signed: '2025-02-30' }, today).map((p) => p.field)).toEqual(['signedOn']);
  });
});

describe('reading a project table', () => {
  it('reads kinds, stages, amounts and dates as people write them', () => {
    expect(['投资类', '建设项目', '合作', '招商引资', 'x'].map(parseProjectKind)).toEqual(['investment', 'construction', 'cooperation', 'investment', null]);
    expect(['已签约', '已开工', '投产', '达产达效', '？'].map(parseProjectStage)).toEqual(['signed', 'started', 'producing', 'full', null]);
    expect(['1,200', '3.5亿', '800万元', '', 'abc'].map(parseAmount)).toEqual([1200, 35000, 800, null, Number.NaN]);
    expect(['2025年3月1日', '2025/3/1', '2025.03.01', '45717', '', '三月'].map(parseTableDate)).toEqual(['2025-03-01', '2025-03-01', '2025-03-01', '2025-03-01', null, '']);
  });
});
