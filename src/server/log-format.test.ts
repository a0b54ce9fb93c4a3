import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openTestDatabase } from '../../test/db.ts';
import type { DatabaseHandle } from './db.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { formatLogLine } from './log-format.ts';

let h: DatabaseHandle;
const apps: FastifyInstance[] = [];

/** An app logging into an array, in the given LOG_FORMAT. */
async function appLogging(format: 'pretty' | 'json'): Promise<{ app: FastifyInstance; lines: string[] }> {
  const lines: string[] = [];
  const { app } = await buildApp(loadConfig({ LOG_FORMAT: format }), h.db, {
    logStream: { write: (text) => lines.push(...text.split('\n').filter(Boolean)) },
  });
  apps.push(app);
  await app.ready();
  lines.length = 0;
  return { app, lines };
}

beforeAll(async () => {
  h = await openTestDatabase('empty');
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await h?.close();
});

describe('request logs', () => {
  it('writes one readable line per request with LOG_FORMAT=pretty', async () => {
    const { app, lines } = await appLogging('pretty');
    await app.inject('/api/health');
    await app.inject('/api/plans');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d INFO {2}GET \/api\/health 200 \d+ ms$/);
    expect(lines[1]).toMatch(/GET \/api\/plans 401 \d+ ms$/);
    expect(lines.join('\n')).not.toContain('{"level"');
  });

  it('keeps JSON with LOG_FORMAT=json', async () => {
    const { app, lines } = await appLogging('json');
    await app.inject('/api/health');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('level');
  });

  it('defaults to JSON when output is not a terminal, and names LOG_FORMAT when it is wrong', () => {
    const tty = process.stdout.isTTY;
    try {
      process.stdout.isTTY = false;
      expect(loadConfig({}).logFormat).toBe('json');
      process.stdout.isTTY = true;
      expect(loadConfig({}).logFormat).toBe('pretty');
      expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    } finally {
      process.stdout.isTTY = tty;
    }
    expect(() => loadConfig({ LOG_FORMAT: 'yaml' })).toThrow(/LOG_FORMAT: must be json or pretty/);
  });

  it('shows an error with its stack under the line', () => {
    const text = formatLogLine(JSON.stringify({ level: 50, time: 0, reqId: 'r1', msg: 'unhandled error', err: { message: 'boom', stack: 'Error: boom\n    at x' } }));
    expect(text).toBe('00:00:00 ERROR unhandled error (req r1)\nError: boom\n    at x');
  });
});
