import crypto from 'node:crypto';
import { requireAbility } from '../../lib/abilities.ts';
import { bilingualNotFound } from '../../lib/bilingual.ts';
import { ValidationError } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { recordAudit } from '../org/index.ts';
import { trackingPolicy } from './tracking.policy.ts';
import { checkEvidence } from './tracking.evidence.domain.ts';
import { getReport, trackedTask } from './tracking.reports.service.ts';
import { findEvidenceById } from './tracking.reports.repo.ts';
import { evidenceLimitBytes } from './tracking.evidence.limit.ts';

export { configureEvidenceLimit, evidenceLimitBytes } from './tracking.evidence.limit.ts';


/**
 * Attaches an evidence file to a report the caller may still change; the content must be what its extension says
 * (pdf, image, office file) and within the limit. The bytes are kept in the database.
 */
export async function addEvidence(ctx: ServiceContext, reportId: string, file: { fileName: string; bytes: Uint8Array }) {
  const report = await getReport(ctx, reportId);
  const { ref } = await trackedTask(ctx, report.task_id);
  requireAbility(trackingPolicy.report.write, ctx.actor, { task: ref, unitId: report.unit_id, role: report.role, kind: report.kind, status: report.status }, 'attach evidence');
  const checked = checkEvidence(file.fileName, file.bytes, evidenceLimitBytes());
  if ('error' in checked) throw new ValidationError(checked.error, [{ field: 'file', message: checked.error }]);
  return inTransaction(ctx, async (trx) => {
    const row = await trx
      .insertInto('report_evidence')
      .values({
        region_code: report.region_code,
        report_id: reportId,
        task_id: report.task_id,
        file_name: file.fileName,
        content_type: checked.contentType,
        size_bytes: file.bytes.byteLength,
        sha256: crypto.createHash('sha256').update(file.bytes).digest('hex'),
        content: file.bytes,
        uploaded_by: ctx.actor.userId,
      })
      .returning(['id', 'report_id', 'file_name', 'content_type', 'size_bytes', 'sha256', 'created_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, {
      action: 'add_evidence',
      entity: 'report',
      entityId: reportId,
      regionCode: report.region_code,
      summary: `上传佐证材料 ${file.fileName}（${Math.ceil(file.bytes.byteLength / 1024)} KB）`,
      after: row,
    });
    return row;
  });
}

/** An evidence file's bytes, for those who may see its report (others are told it does not exist). */
export async function readEvidence(ctx: ServiceContext, evidenceId: string) {
  const meta = await findEvidenceById(ctx.db, evidenceId);
  const missing = () => bilingualNotFound(`佐证材料 ${evidenceId} 不存在`, `Evidence file ${evidenceId}`);
  if (!meta) throw missing();
  await getReport(ctx, meta.report_id).catch(() => {
    throw missing();
  });
  const row = await ctx.db
    .selectFrom('report_evidence')
    .select(['file_name', 'content_type', 'content'])
    .where('region_code', '=', meta.region_code)
    .where('id', '=', evidenceId)
    .executeTakeFirstOrThrow();
  return { fileName: row.file_name, contentType: row.content_type, bytes: Buffer.from(row.content) };
}

/** Removes an evidence file from a report the caller may still change. */
export async function deleteEvidence(ctx: ServiceContext, evidenceId: string) {
  const meta = await findEvidenceById(ctx.db, evidenceId);
  const missing = () => bilingualNotFound(`佐证材料 ${evidenceId} 不存在`, `Evidence file ${evidenceId}`);
  if (!meta) throw missing();
  const report = await getReport(ctx, meta.report_id).catch(() => {
    throw missing();
  });
  const { ref } = await trackedTask(ctx, report.task_id);
  requireAbility(trackingPolicy.report.write, ctx.actor, { task: ref, unitId: report.unit_id, role: report.role, kind: report.kind, status: report.status }, 'remove evidence');
  await inTransaction(ctx, async (trx) => {
    await trx.deleteFrom('report_evidence').where('region_code', '=', meta.region_code).where('id', '=', evidenceId).execute();
    await recordAudit(trx, ctx.actor, { action: 'delete_evidence', entity: 'report', entityId: report.id, regionCode: meta.region_code, summary: `删除佐证材料 ${meta.file_name}`, before: meta });
  });
}
