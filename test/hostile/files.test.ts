/**
 * The hostile-input corpus (make-corpus.ts) against the routes and the CLI: each file is refused with a 4xx that
 * names it, nothing is saved, and the server keeps answering. How fast and in how much memory is measured in
 * bench/hostile.bench.ts, not asserted here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openTestDatabase, testDataDir } from '../db.ts';
import type { DatabaseHandle } from '../../src/server/db.ts';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { DEMO_PASSWORD } from '../../src/modules/org/org.seed.ts';
import { runCli } from '../../src/cli/main.ts';
import { makeCorpus, writeCorpus, type HostileFile } from './make-corpus.ts';
import { multipart } from '../multipart.ts';

const corpus = makeCorpus();
let h: DatabaseHandle;
let app: FastifyInstance;
let auth: { cookies: Record<string, string>; headers: Record<string, string> };
let dir: string;
let files: Map<string, string>;


function upload(file: HostileFile) {
  const body = multipart(file.name, file.bytes);
  const url = file.kind === 'document' ? '/api/plans/parse' : '/api/tasks/import';
  return app.inject({ method: 'POST', url, ...auth, headers: { ...auth.headers, ...body.headers }, payload: body.payload });
}

async function counts() {
  const plans = (await app.inject({ url: '/api/plans', ...auth })).json().length;
  return { plans };
}

beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'duban', password: DEMO_PASSWORD } });
  auth = { cookies: { luoshi_session: res.cookies[0].value }, headers: { 'x-csrf-token': res.json().csrfToken } };
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-hostile-'));
  files = writeCorpus(dir);
});
afterAll(async () => {
  await app?.close();
  await h?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('hostile uploads over HTTP', () => {
  for (const file of corpus) {
    it(`refuses ${file.name} (${file.attack}) with a 4xx naming the file, saving nothing`, { timeout: 120_000 }, async () => {
      const before = await counts();
      const res = await upload(file);
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, res.body).toBeLessThan(500);
      expect(res.json().error.message).toContain(file.name);
      expect(await counts()).toEqual(before);
      expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
    });
  }

  it('keeps answering /api/health while a content-stream bomb is being read', { timeout: 120_000 }, async () => {
    const order: string[] = [];
    const bomb = upload(corpus.find((f) => f.name === 'pdf-5m-items.pdf')!).then((r) => order.push(`upload ${r.statusCode}`));
    // Once the upload has been taken in (its parsing has started), health must not wait for it.
    await new Promise((r) => setTimeout(r, 200));
    const health = app.inject({ url: '/api/health' }).then((r) => order.push(`health ${r.statusCode}`));
    await Promise.all([bomb, health]);
    expect(order).toEqual(['health 200', 'upload 400']);
  });

  it('names the page of a PDF with too many text items, a PDF inflating past 128 MB, and the part of a docx that inflates past its size', { timeout: 120_000 }, async () => {
    const pdf = await upload(corpus.find((f) => f.name === 'pdf-200k-items.pdf')!);
    expect(pdf.json().error.message).toContain('page 1 of the PDF holds more than 20,000 text items');
    const inflating = await upload(corpus.find((f) => f.name === 'pdf-inflate-bomb.pdf')!);
    expect(inflating.json().error.message).toContain("the PDF's content inflates to more than 128 MB");
    const docx = await upload(corpus.find((f) => f.name === 'docx-media-bomb.docx')!);
    expect(docx.json().error.message).toContain('"word/media/image1.png" expands beyond its declared size');
  });
});

describe('hostile files through the CLI', () => {
  for (const file of corpus) {
    it(`refuses ${file.name} with a message naming the file`, { timeout: 120_000 }, async () => {
      const filePath = files.get(file.name)!;
      const args = file.kind === 'document' ? ['parse', filePath] : ['plan', 'import', filePath, '--dry-run'];
      let stdout = '';
      let stderr = '';
      const status = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DATABASE_URL: '', LUOSHI_DATA_DIR: await testDataDir('empty') } });
      expect(status, stdout).not.toBe(0);
      expect(stderr).toContain(file.name);
    });
  }
});
