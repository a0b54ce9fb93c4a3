import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.ts';
import { checkSchedule, parseInstance } from './events.schedule.domain.ts';
import { tinyInstance } from './events.schedule.test-helpers.ts';

async function luoshi(args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DATABASE_URL: '' } });
  return { status, stdout, stderr };
}

describe('luoshi schedule', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-schedule-'));
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('prints a feasible schedule as JSON, fast and exact', async () => {
    const instance = tinyInstance(6, 8, 14, 3, 3);
    const file = write('event.json', JSON.stringify({ ...instance, slots: 3 }));
    const fast = await luoshi(['schedule', file, '--json']);
    expect(fast.status, fast.stderr).toBe(0);
    const result = JSON.parse(fast.stdout) as { objective: number; bound: number; scheduled: { request: string; slot: string; table: number }[]; unscheduled: string[] };
    expect(Object.keys(result)).toEqual(expect.arrayContaining(['objective', 'bound', 'scheduled', 'unscheduled']));
    expect(checkSchedule(parseInstance(instance), result.scheduled)).toEqual([]);
    expect(result.scheduled.length + result.unscheduled.length).toBe(instance.requests.length);

    const exact = await luoshi(['schedule', file, '--mode', 'exact', '--time-limit', '20', '--weighted', '--json']);
    expect(exact.status, exact.stderr).toBe(0);
    expect(JSON.parse(exact.stdout)).toMatchObject({ gap: 0 });

    const text = await luoshi(['schedule', file]);
    expect(text.stdout).toContain('会谈数 / meetings');
  }, 60_000);

  it('exits non-zero on bad input, naming the item', async () => {
    const unknown = write('unknown.json', JSON.stringify({ slots: 2, tables: 1, participants: [{ id: 'a', available: [1] }], requests: [{ id: 'r17', from: 'a', to: 'p999' }] }));
    const refused = await luoshi(['schedule', unknown, '--json']);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('unknown.json: requests[0] (id "r17"): unknown participant "p999"');
    expect(refused.stdout).toBe('');

    const malformed = await luoshi(['schedule', write('broken.json', '{"slots": 3,\n "tables": }'), '--json']);
    expect(malformed.status).not.toBe(0);
    expect(malformed.stderr).toContain('broken.json: malformed JSON');

    const big = path.join(dir, 'big.json');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 100 * 1024 * 1024 + 1);
    const tooBig = await luoshi(['schedule', big, '--json']);
    expect(tooBig.status).not.toBe(0);
    expect(tooBig.stderr).toContain('more than the 100 MB limit');

    const mode = await luoshi(['schedule', unknown, '--mode', 'slow']);
    expect(mode.stderr).toContain('--mode must be fast or exact');
  });
});
