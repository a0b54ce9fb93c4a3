// SIGKILL loops: kills `luoshi plan import`, `luoshi restore --replace`, `luoshi plan export` and `luoshi backup` at a
// random moment and checks after each kill that the data is all-or-nothing — no plan with part of its tasks, task and
// plan counts either those before the command or those after it, an export or backup file either absent or whole.
// Run: `npm run bench -- reliability.faults`. Environment:
//   RELIABILITY_KILLS   kills per command and database (default 20)
//   RELIABILITY_DBS     pglite,postgres (default both)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { openDatabase } from '../src/server/db.ts';
import { REPO, luoshi, machineLine, ms, scratchDatabase, writeSection, type Scratch } from './reliability.lib.ts';

const KILLS = Number(process.env.RELIABILITY_KILLS ?? 20);
const DBS = (process.env.RELIABILITY_DBS ?? 'pglite,postgres').split(',').filter(Boolean) as ('pglite' | 'postgres')[];
const TABLES = ['plans', 'tasks', 'task_units', 'plan_nodes', 'units', 'users'] as const;

type Counts = Record<(typeof TABLES)[number], number>;
interface Tally {
  command: string;
  tried: number;
  killedMidway: number;
  finishedFirst: number;
  failed: number;
  /** Kills after which the command's change was there in full (it had committed before it died). */
  committed: number;
  notes: string[];
  durationMs: number;
}

/** Row counts of the tables the checks look at, and the plans whose task count differs from what their rows say. */
async function inspect(scratch: Scratch): Promise<{ counts: Counts; plans: { title: string; tasks: number }[] }> {
  const handle = await openDatabase({ dataDir: scratch.env.LUOSHI_DATA_DIR, databaseUrl: scratch.env.DATABASE_URL ?? null });
  try {
    const counts = {} as Counts;
    for (const t of TABLES) counts[t] = Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(handle.db)).rows[0].n);
    const plans = (
      await sql<{ title: string; tasks: number }>`select p.title, (select count(*)::int from tasks t where t.plan_id = p.id) as tasks from plans p`.execute(handle.db)
    ).rows;
    return { counts, plans };
  } finally {
    await handle.close();
  }
}

/** Runs `luoshi ARGS` and SIGKILLs it after `delayMs`; says whether it was still running when killed. */
function runAndKill(args: string[], env: Record<string, string>, delayMs: number): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin/luoshi.js'), ...args], { cwd: REPO, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: 'ignore' });
    let killed = false;
    const timer = setTimeout(() => {
      killed = child.exitCode === null && child.kill('SIGKILL');
    }, delayMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ killed, code });
    });
  });
}

async function timed(args: string[], env: Record<string, string>): Promise<{ ms: number; out: string }> {
  const t = performance.now();
  const r = await luoshi(REPO, args, env);
  if (r.code !== 0) throw new Error(`luoshi ${args.join(' ')} failed (${r.code}):\n${r.out.slice(-2000)}`);
  return { ms: performance.now() - t, out: r.out };
}

const sameCounts = (a: Counts, b: Counts) => TABLES.every((t) => a[t] === b[t]);
const countsText = (c: Counts) => TABLES.map((t) => `${t}=${c[t]}`).join(' ');
const delayIn = (duration: number) => Math.round(duration * (0.3 + 0.7 * Math.random()));

/** A zip (xlsx) is whole when its end-of-central-directory record is there; a gzip when it inflates. */
function fileIsWhole(file: string): boolean {
  const bytes = fs.readFileSync(file);
  if (file.endsWith('.gz')) {
    try {
      zlib.gunzipSync(bytes);
      return true;
    } catch {
      return false;
    }
  }
  return bytes.subarray(Math.max(0, bytes.length - 22 - 65_535)).includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
}

async function run(kind: 'pglite' | 'postgres'): Promise<Tally[]> {
  const scratch = await scratchDatabase(kind);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-faults-'));
  const env = scratch.env;
  try {
    await timed(['seed', '--demo'], env);
    const plans = JSON.parse((await timed(['plan', 'list', '--json'], env)).out.replace(/^[^[]*/, '')) as { id: string; task_count: number }[];
    const source = plans.sort((a, b) => b.task_count - a.task_count)[0];
    const table = path.join(work, 'table.xlsx');
    const exportTime = (await timed(['plan', 'export', source.id, '--out', table], env)).ms;
    const tally = (command: string, durationMs: number): Tally => ({ command, tried: 0, killedMidway: 0, finishedFirst: 0, failed: 0, committed: 0, notes: [], durationMs });

    // Import: a new plan titled kill-N appears with every task of the table, or not at all.
    const importTime = (await timed(['plan', 'import', table, '--title', 'kill-measure'], env)).ms;
    const full = (await inspect(scratch)).plans.find((p) => p.title === 'kill-measure')!.tasks;
    const imp = tally('plan import (task table .xlsx)', importTime);
    for (let i = 0; i < KILLS; i++) {
      const before = await inspect(scratch);
      const r = await runAndKill(['plan', 'import', table, '--title', `kill-${i}`], env, delayIn(importTime));
      imp.tried++;
      if (r.killed) imp.killedMidway++;
      else imp.finishedFirst++;
      const after = await inspect(scratch);
      const plan = after.plans.find((p) => p.title === `kill-${i}`);
      const ok = plan ? plan.tasks === full && after.counts.tasks === before.counts.tasks + full : sameCounts(before.counts, after.counts);
      if (r.killed && plan && ok) imp.committed++;
      if (!ok) {
        imp.failed++;
        imp.notes.push(`kill-${i}: plan ${plan ? `with ${plan.tasks}/${full} tasks` : 'absent'}, ${countsText(before.counts)} -> ${countsText(after.counts)}`);
      }
    }

    // Restore --replace, alternating two backups so that every restore changes the data.
    const small = path.join(work, 'small.gz');
    const big = path.join(work, 'big.gz');
    await timed(['backup', small], env);
    await timed(['plan', 'import', table, '--title', 'restore-marker'], env);
    const backupTime = (await timed(['backup', big], env)).ms;
    const restoreTime = (await timed(['restore', small, '--replace'], env)).ms;
    const smallCounts = (await inspect(scratch)).counts;
    await timed(['restore', big, '--replace'], env);
    const bigCounts = (await inspect(scratch)).counts;
    const res = tally('restore --replace', restoreTime);
    for (let i = 0; i < KILLS; i++) {
      const file = i % 2 === 0 ? small : big;
      const before = await inspect(scratch);
      const target = i % 2 === 0 ? smallCounts : bigCounts;
      const r = await runAndKill(['restore', file, '--replace'], env, delayIn(restoreTime));
      res.tried++;
      if (r.killed) res.killedMidway++;
      else res.finishedFirst++;
      const after = await inspect(scratch);
      if (r.killed && sameCounts(after.counts, target) && !sameCounts(before.counts, target)) res.committed++;
      if (!sameCounts(after.counts, before.counts) && !sameCounts(after.counts, target)) {
        res.failed++;
        res.notes.push(`restore ${i}: ${countsText(before.counts)} -> ${countsText(after.counts)}`);
      }
    }

    // Export and backup: the output file is absent or whole.
    const exp = tally('plan export .xlsx', exportTime);
    const bak = tally('backup', backupTime);
    for (let i = 0; i < KILLS; i++) {
      for (const [t, args, out] of [
        [exp, ['plan', 'export', source.id, '--out'], path.join(work, `out-${i}.xlsx`)],
        [bak, ['backup'], path.join(work, `out-${i}.gz`)],
      ] as const) {
        const r = await runAndKill([...args, out], env, delayIn(t.durationMs));
        t.tried++;
        if (r.killed) t.killedMidway++;
        else t.finishedFirst++;
        if (r.killed && fs.existsSync(out) && fileIsWhole(out)) t.committed++;
        if (fs.existsSync(out) && !fileIsWhole(out)) {
          t.failed++;
          t.notes.push(`${path.basename(out)}: left a partial file`);
        }
      }
    }
    return [imp, res, exp, bak];
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    await scratch.drop();
  }
}

for (const kind of DBS) {
  console.log(`fault loops on ${kind}: ${KILLS} kills per command`);
  const tallies = await run(kind);
  for (const t of tallies) console.log(JSON.stringify({ kind, ...t }));
  writeSection(
    `faults-${kind}`,
    `## Fault loops (SIGKILL) on ${kind}

${machineLine()} Each command is killed with SIGKILL at a random moment between 30 % and 100 % of its unkilled run time
(which includes starting Node); afterwards the data folder or database is opened and checked: an import leaves a plan
with all of its tasks or none, a restore leaves the counts before or after it, an export or backup file is absent or whole.

| command | unkilled run | kills tried | killed mid-run | of which already done in full | finished first | partial states |
|---|---|---|---|---|---|---|
${tallies.map((t) => `| ${t.command} | ${ms(t.durationMs)} | ${t.tried} | ${t.killedMidway} | ${t.committed} | ${t.finishedFirst} | ${t.failed} |`).join('\n')}${tallies
      .flatMap((t) => t.notes.map((n) => `\n- ${t.command}: ${n}`))
      .join('')}`,
  );
}
