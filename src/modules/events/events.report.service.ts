import type { ServiceContext } from '../../server/service-context.ts';
import { writePlanDocx } from '../ledger/index.ts';
import { eventReport } from './events.outcomes.service.ts';
import { eventOr404 } from './events.service.ts';
import { eventReportDocument } from './events.report.domain.ts';
import { chinaDay } from '../../lib/calendar-date.ts';


/**
 * The event report as a Word document in 公文 layout (关于…情况的报告), signed by the organising unit and dated today:
 * its figures are {@link eventReport}'s, so the page, the Excel workbook and the document cannot disagree.
 */
export async function eventReportDocx(ctx: ServiceContext, eventId: string): Promise<{ fileName: string; bytes: Buffer }> {
  const report = await eventReport(ctx, eventId);
  const { ev } = await eventOr404(ctx, eventId);
  const unit = ev.organiser_unit_id ? await ctx.db.selectFrom('units').select('name').where('id', '=', ev.organiser_unit_id).executeTakeFirst() : undefined;
  const bytes = await writePlanDocx(eventReportDocument(report, { issuer: unit?.name ?? '活动组织单位', date: chinaDay() }));
  return { fileName: `${report.event.name}-活动报告.docx`, bytes };
}
