import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, contextAs } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ValidationError } from '../../lib/errors.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { parseDocumentText } from '../documents/documents.parse.domain.ts';
import * as plans from '../ledger/ledger.plans.service.ts';

let h: DatabaseHandle;
let duban: ServiceContext;

beforeAll(async () => {
  h = await openTestDatabase('demo');
  duban = await contextAs(h, 'duban');
});
afterAll(async () => h?.close());

const DOC = '关于推进重点工作的实施方案\n\n2025年3月10日\n\n一、总体要求\n\n（一）做好某项工作。\n';

describe('a plan’s effective date (印发日期) and reporting cycle', () => {
  it('defaults the effective date to the document’s date, and monthly reporting on the 25th', async () => {
    const doc = parseDocumentText(DOC, { fileName: 'plan.md' });
    expect(doc.date).toBe('2025-03-10');
    const plan = await plans.createPlanFromDocument(duban, doc, { regionCode: '120000' });
    expect(plan).toMatchObject({ issued_on: '2025-03-10', issued_date: '2025-03-10', report_cycle: 'monthly', report_due_day: 25 });
  });

  it('takes the effective date and cycle given, and changes them after issue by the drafting office only', async () => {
    const plan = await plans.createPlanFromDocument(duban, parseDocumentText(DOC, { fileName: 'plan.md' }), { regionCode: '120000', issuedDate: '2025-04-01', reportCycle: 'quarterly' });
    expect(plan).toMatchObject({ issued_on: '2025-03-10', issued_date: '2025-04-01', report_cycle: 'quarterly' });
    await plans.setPlanStatus(duban, plan.id, 'adopted');
    await plans.setPlanStatus(duban, plan.id, 'issued');
    const changed = await plans.setPlanSchedule(duban, plan.id, { issuedDate: '2025-04-15', reportCycle: 'per_task' });
    expect(changed).toMatchObject({ issued_date: '2025-04-15', report_cycle: 'per_task' });
    // Cleared, it falls back to the document's date.
    expect(await plans.setPlanSchedule(duban, plan.id, { issuedDate: null })).toMatchObject({ issued_date: '2025-03-10' });
    await expect(plans.setPlanSchedule(await contextAs(h, 'gxj'), plan.id, { issuedDate: '2025-05-01' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(plans.setPlanSchedule(duban, plan.id, { issuedDate: '2025-02-30' })).rejects.toBeInstanceOf(ValidationError);
    const audit = await h.db.selectFrom('audit_log').select(['action']).where('entity_id', '=', plan.id).where('action', '=', 'set_schedule').execute();
    expect(audit).toHaveLength(2);
  });
});
