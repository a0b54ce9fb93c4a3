import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { output } from '../../cli/output.ts';
import { bilingual } from '../../lib/bilingual.ts';
import { checkSchedule, MAX_INSTANCE_BYTES, parseInstance, scheduleFast, ScheduleInputError, type ScheduleInstance } from './events.schedule.domain.ts';

/** Reads and checks an instance file: its size first (at most 100 MB), then the JSON, then every item. */
export function readInstanceFile(file: string): ScheduleInstance {
  const name = path.basename(file);
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new ScheduleInputError(`${name}：文件不存在或无法读取`, `${name}: the file does not exist or cannot be read`, 'file');
  }
  if (size > MAX_INSTANCE_BYTES)
    throw new ScheduleInputError(
      `${name}：文件 ${(size / 1024 / 1024).toFixed(1)} MB，超过 100 MB 上限`,
      `${name}: ${(size / 1024 / 1024).toFixed(1)} MB of JSON, more than the 100 MB limit`,
      'file',
    );
  const text = fs.readFileSync(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    let where = '';
    if (at) {
      const before = text.slice(0, Number(at[1]));
      const line = before.split('\n').length;
      where = ` (line ${line}, column ${Number(at[1]) - before.lastIndexOf('\n')})`;
    }
    throw new ScheduleInputError(`${name}：JSON 格式错误${where}：${message}`, `${name}: malformed JSON${where}: ${message}`, 'file');
  }
  return parseInstance(json, name);
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(bilingual(`--time-limit 必须是正数，而不是 "${value}"`, `--time-limit must be a positive number of seconds, got "${value}"`));
  return n;
}

/** Registers `luoshi schedule`. */
export function registerScheduleCommand(program: Command): void {
  program
    .command('schedule <instance>')
    .description('对接会谈排程 / schedule meetings of a matchmaking event into slots and tables (instance JSON, see docs/SCHEDULER.md)')
    .option('--mode <mode>', 'fast (greedy + repair, default) or exact (HiGHS, improving from the fast schedule)', 'fast')
    .option('--time-limit <seconds>', 'time limit of the exact mode', '30')
    .option('--weighted', 'maximise the sum of priorities (2 = must meet, 1 = would like) instead of the number of meetings')
    .option('--json', 'print { objective, bound, scheduled, unscheduled } as JSON')
    .action(async (file: string, opts: { mode: string; timeLimit: string; weighted?: boolean; json?: boolean }) => {
      if (opts.mode !== 'fast' && opts.mode !== 'exact') throw new Error(bilingual(`--mode 只能是 fast 或 exact，而不是 "${opts.mode}"`, `--mode must be fast or exact, got "${opts.mode}"`));
      const timeLimit = seconds(opts.timeLimit);
      const instance = readInstanceFile(file);
      const weighted = Boolean(opts.weighted);
      const started = performance.now();
      let result: ReturnType<typeof scheduleFast> & { gap?: number | null; notes?: string[] };
      if (opts.mode === 'exact') {
        const { scheduleExactInWorker } = await import('./events.schedule.worker.ts');
        result = await scheduleExactInWorker(instance, { weighted, timeLimit });
      } else result = scheduleFast(instance, { weighted });
      const elapsed = (performance.now() - started) / 1000;
      const problems = checkSchedule(instance, result.scheduled);
      if (problems.length > 0)
        throw new Error(bilingual(`排程不可行（${problems.length} 处）：${problems.slice(0, 5).join('; ')}`, `the schedule is infeasible (${problems.length} problems): ${problems.slice(0, 5).join('; ')}`));
      const gap = result.bound ? Math.max(0, (result.bound - result.objective) / result.bound) : 0;
      const { objective, bound, scheduled, unscheduled } = result;
      output(Boolean(opts.json), { objective, bound, gap: Math.round(gap * 1e6) / 1e6, scheduled, unscheduled, ...(result.notes?.length ? { notes: result.notes } : {}) }, () => {
        const perSlot = new Map<string, number>();
        for (const m of scheduled) perSlot.set(m.slot, (perSlot.get(m.slot) ?? 0) + 1);
        const what = weighted ? '优先级之和 / sum of priorities' : '会谈数 / meetings';
        return [
          `${what}: ${objective}，上界 / bound ${bound ?? '—'}（${bound ? ((objective / bound) * 100).toFixed(2) : '—'}%，差距 / gap ${(gap * 100).toFixed(2)}%）, ${opts.mode} ${elapsed.toFixed(2)} s`,
          `已安排 / scheduled ${scheduled.length} / ${instance.requests.length}，未安排 / unscheduled ${unscheduled.length}`,
          ...instance.slots.map((s) => `  时段 / slot ${s.id}${s.label ? ` (${s.label})` : ''}: ${perSlot.get(s.id) ?? 0} / ${instance.tables} 桌 / tables`),
          ...(result.notes ?? []).map((n) => `注意 / note: ${n}`),
        ].join('\n');
      });
    });
}
