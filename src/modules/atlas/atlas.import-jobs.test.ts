import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { withCheckChar } from './atlas.uscc.domain.ts';
import type { ImportJob } from './atlas.ui.schema.ts';

let h: DatabaseHandle;
let fgw: ServiceContext;
beforeAll(async () => {
  h = await openTestDatabase('demo');
  fgw = await contextAs(h, 'fgw');
});
afterAll(async () => {
  await h?.close();
});

/** The jobs module as a freshly started server loads it (its memory empty, its runner new). */
async function freshServer() {
  vi.resetModules();
  return import('./atlas.import-jobs.ts');
}
const csv = (prefix: string, n: number) =>
  ['企业名称,统一社会信用代码,行政区划代码,经度,纬度', ...Array.from({ length: n }, (_, i) => `示例${prefix}${i}重启科技有限公司,${withCheckChar(`91120116${prefix}${String(i).padStart(8, '0')}`)},120116,117.${i},39.${i}`)].join('\n');
async function until(jobs: Awaited<ReturnType<typeof freshServer>>, id: string): Promise<ImportJob> {
  let job = await jobs.getImportJob(fgw, id);
  for (let i = 0; job.status === 'running' && i < 1200; i++) {
    await new Promise((r) => setTimeout(r, 50));
    job = await jobs.getImportJob(fgw, id);
  }
  return job;
}
const enterprises = async (prefix: string) =>
  Number((await h.db.selectFrom('atlas_enterprises').select((eb) => eb.fn.countAll<string>().as('n')).where('region_code', '=', '120116').where('name', 'like', `示例${prefix}%`).executeTakeFirstOrThrow()).n);

describe('import uploads and jobs kept in the database', () => {
  it('keeps an upload and a finished job across a restart: another server instance imports the upload and reports the job', async () => {
    const first = await freshServer();
    const preview = await first.previewUpload(fgw, 'restart.csv', new TextEncoder().encode(csv('R', 30)));
    expect(preview.mapping).toMatchObject({ lng: 3, lat: 4 });
    const dry = await until(first, (await first.startImport(fgw, { upload: preview.upload, dryRun: true })).id);
    expect(dry).toMatchObject({ status: 'done', dryRun: true, result: { rows: 30, imported: 30 } });
    expect(await enterprises('R')).toBe(0);

    // A restart: the new instance knows nothing in memory, yet finds the upload and the dry run's report.
    const second = await freshServer();
    expect(await second.getImportJob(fgw, dry.id)).toEqual(dry);
    const done = await until(second, (await second.startImport(fgw, { upload: preview.upload, dryRun: false })).id);
    expect(done).toMatchObject({ status: 'done', rows: 30, result: { imported: 30, columns: { lng: '经度', lat: '纬度' } } });
    expect(await enterprises('R')).toBe(30);
    const third = await freshServer();
    expect(await third.getImportJob(fgw, done.id)).toEqual(done);
    // An imported upload is not imported twice.
    await expect(third.startImport(fgw, { upload: preview.upload, dryRun: false })).rejects.toThrow(/expires after an hour; upload it again/);
    // Nobody else sees the job.
    await expect(third.getImportJob(await contextAs(h, 'admin'), done.id)).rejects.toThrow(/Import .* not found/);
  });

  it('marks a job failed, with a message, once its server has stopped (earlier start of this server, or a silent heartbeat)', async () => {
    const jobs = await freshServer();
    const base = { owner: fgw.actor.userId, file_name: 'lost.csv', dry_run: false, status: 'running' as const, total_bytes: 100, expires_at: new Date(Date.now() + 3_600_000) };
    const ids = ['0f0f0f0f-0000-4000-8000-000000000001', '0f0f0f0f-0000-4000-8000-000000000002', '0f0f0f0f-0000-4000-8000-000000000003'];
    await h.db.insertInto('atlas_import_jobs').values([
      { ...base, id: ids[0]!, runner: `${os.hostname()}:${process.pid}:an-earlier-start`, heartbeat_at: new Date() },
      { ...base, id: ids[1]!, runner: 'another-host:1:x', heartbeat_at: new Date(Date.now() - 120_000) },
      { ...base, id: ids[2]!, runner: 'another-host:1:y', heartbeat_at: new Date() },
    ]).execute();
    for (const id of ids.slice(0, 2)) {
      const job = await jobs.getImportJob(fgw, id);
      expect(job.status).toBe('failed');
      expect(job.error?.message).toContain('The import was interrupted when its server stopped; no enterprise was written');
    }
    // A job another live server runs stays running.
    expect((await jobs.getImportJob(fgw, ids[2]!)).status).toBe('running');
  });

  it('removes expired uploads with their bytes; an expired upload cannot be imported', async () => {
    const jobs = await freshServer();
    const preview = await jobs.previewUpload(fgw, 'old.csv', new TextEncoder().encode(csv('E', 3)));
    const parts = () => h.db.selectFrom('atlas_import_upload_parts').select('part').where('upload_id', '=', preview.upload).execute();
    expect(await parts()).toHaveLength(1);
    await h.db.updateTable('atlas_import_uploads').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', preview.upload).execute();
    await expect(jobs.startImport(fgw, { upload: preview.upload, dryRun: true })).rejects.toThrow(/expires after an hour; upload it again/);
    expect(await jobs.sweepImports(h.db)).toBeGreaterThanOrEqual(1);
    expect(await parts()).toHaveLength(0);
    expect(await h.db.selectFrom('atlas_import_uploads').select('id').where('id', '=', preview.upload).execute()).toHaveLength(0);
  });
});
