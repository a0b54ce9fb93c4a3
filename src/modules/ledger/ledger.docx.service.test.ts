import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mammoth from 'mammoth';
import { openTestDatabase, contextAs } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { parseDocumentText } from '../documents/documents.parse.domain.ts';
import * as plans from './ledger.plans.service.ts';
import { exportPlanDocx } from './ledger.docx.service.ts';

const SANXIANG = new URL('../../../test/fixtures/real/documents/guobanfa_xingzheng-zhifa-sanxiang-zhidu_zhidao-yijian_2018.md', import.meta.url).pathname;

let h: DatabaseHandle;
let duban: ServiceContext;

beforeAll(async () => {
  h = await openTestDatabase('demo');
  duban = await contextAs(h, 'duban');
});
afterAll(async () => h?.close());

const wordText = async (planId: string) => (await mammoth.extractRawText({ buffer: (await exportPlanDocx(duban, planId)).buffer })).value;

describe('Word export of a stored plan', () => {
  it('keeps the closing paragraphs (结束语) of an imported State Council document, after the last article', async () => {
    const text = fs.readFileSync(SANXIANG, 'utf8');
    const doc = parseDocumentText(text, { fileName: 'sanxiang.md' });
    const plan = await plans.createPlanFromDocument(duban, doc, { regionCode: '120000', sourceName: 'sanxiang.md', sourceText: text });
    const word = await wordText(plan.id);
    const closing = word.indexOf('各地区、各部门要于2019年3月底前制定本地区、本部门全面推行“三项制度”的实施方案');
    expect(closing).toBeGreaterThan(word.indexOf('（二十三）加强队伍建设'));
    expect(word).toContain('重要情况及时报告国务院。');
  });

  it('keeps the demo plan’s closing as well', async () => {
    const [demo] = (await plans.listPlans(duban)).filter((p) => p.status === 'issued' && p.title.includes('决定'));
    expect((await wordText(demo.id))).toContain('全市各级党组织和广大党员干部要以时不我待的紧迫感，推动各项任务落地见效。');
  });
});
